package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.transport.tcp.CongestionAlgorithm;
import dev.minternet.transport.tcp.TcpConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * sysctl (procps-ng 4.0.2) for the node's TCP defaults and its forwarding switch, with Linux's key
 * names, so a scenario can configure a node the way an administrator would ({@code sysctl -w
 * net.ipv4.tcp_congestion_control=reno}, {@code sysctl -w net.ipv4.ip_forward=1}). New sockets
 * copy the TCP defaults; sockets already open keep theirs. As the real one: {@code -n} values
 * only, {@code -N} names only, {@code -e} quiet about unknown keys, {@code -q} quiet about what it
 * set, {@code -a} everything; the exit status counts the keys that failed; {@code sysctl} alone
 * prints its usage and exits 1, flags without a key say {@code no variables specified}.
 */
public final class Sysctl implements Tool {
    private record Key(Function<TcpConfig, String> get, BiConsumer<TcpConfig, String> set) {
    }

    /** The forwarding switch, the one key that belongs to the IP layer rather than TCP. */
    static final String IP_FORWARD = "net.ipv4.ip_forward";

    /** procps-ng 4.0.2's usage text, as {@code sysctl} alone or {@code sysctl -h} prints it. */
    static final List<String> USAGE = List.of(
            "",
            "Usage:",
            " sysctl [options] [variable[=value] ...]",
            "",
            "Options:",
            "  -a, --all            display all variables",
            "  -A                   alias of -a",
            "  -X                   alias of -a",
            "      --deprecated     include deprecated parameters to listing",
            "      --dry-run        Print the key and values but do not write",
            "  -b, --binary         print value without new line",
            "  -e, --ignore         ignore unknown variables errors",
            "  -N, --names          print variable names without values",
            "  -n, --values         print only values of the given variable(s)",
            "  -p, --load[=<file>]  read values from file",
            "  -f                   alias of -p",
            "      --system         read values from all system directories",
            "  -r, --pattern <expression>",
            "                       select setting that match expression",
            "  -q, --quiet          do not echo variable set",
            "  -w, --write          enable writing a value to variable",
            "  -o                   does nothing",
            "  -x                   does nothing",
            "  -d                   alias of -h",
            "",
            " -h, --help     display this help and exit",
            " -V, --version  output version information and exit",
            "",
            "For more details see sysctl(8).");

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put(IP_FORWARD, new Key(null, null));
        KEYS.put("net.ipv4.tcp_available_congestion_control", new Key(c -> "reno cubic", null));
        KEYS.put("net.ipv4.tcp_congestion_control", new Key(
                c -> c.congestionControl() == CongestionAlgorithm.NEWRENO ? "reno" : "cubic",
                (c, v) -> c.congestionControl(CongestionAlgorithm.parse(v))));
        KEYS.put("net.ipv4.tcp_sack", new Key(c -> bit(c.sack()), (c, v) -> c.sack(flag(v))));
        KEYS.put("net.ipv4.tcp_timestamps", new Key(c -> bit(c.timestamps()), (c, v) -> c.timestamps(flag(v))));
        KEYS.put("net.ipv4.tcp_window_scaling", new Key(c -> bit(c.windowScaling()), (c, v) -> c.windowScaling(flag(v))));
        KEYS.put("net.ipv4.tcp_rmem", new Key(c -> "4096\t" + c.rmemDefault() + "\t" + c.rmemMax(),
                (c, v) -> c.rmem(field(v, 1), field(v, 2))));
        KEYS.put("net.ipv4.tcp_wmem", new Key(c -> "4096\t" + c.sendBuffer() + "\t" + c.wmemMax(),
                (c, v) -> c.wmem(field(v, 1), field(v, 2))));
        KEYS.put("net.ipv4.tcp_moderate_rcvbuf", new Key(c -> bit(c.moderateRcvbuf()),
                (c, v) -> c.moderateRcvbuf(flag(v))));
        KEYS.put("net.ipv4.tcp_recovery", new Key(c -> Integer.toString(c.recovery()),
                (c, v) -> c.recovery(number(v, 0, Integer.MAX_VALUE))));
        KEYS.put("net.ipv4.tcp_early_retrans", new Key(c -> Integer.toString(c.earlyRetrans()),
                (c, v) -> c.earlyRetrans(number(v, 0, 4))));
        KEYS.put("net.ipv4.tcp_syn_retries", new Key(c -> Integer.toString(c.synRetries()),
                (c, v) -> c.synRetries(number(v, 1, 127))));
        KEYS.put("net.ipv4.tcp_synack_retries", new Key(c -> Integer.toString(c.synAckRetries()),
                (c, v) -> c.synAckRetries(number(v, 1, 127))));
        KEYS.put("net.ipv4.tcp_syncookies", new Key(c -> Integer.toString(c.syncookies()),
                (c, v) -> c.syncookies(number(v, 0, 2))));
        KEYS.put("net.ipv4.tcp_max_syn_backlog", new Key(c -> Integer.toString(c.maxSynBacklog()),
                (c, v) -> c.maxSynBacklog(number(v, 1, Integer.MAX_VALUE))));
        KEYS.put("net.core.somaxconn", new Key(c -> Integer.toString(c.somaxconn()),
                (c, v) -> c.somaxconn(number(v, 1, Integer.MAX_VALUE))));
        KEYS.put("net.ipv4.tcp_retries2", new Key(c -> Integer.toString(c.maxRetries()),
                (c, v) -> c.maxRetries(number(v, 1, 255))));
    }

    @Override
    public String name() {
        return "sysctl";
    }

    @Override
    public String synopsis() {
        return "sysctl [-w] [-a] name[=value] ...";
    }

    /** The flags procps-ng's sysctl takes without a value; -o and -x do nothing. */
    private static final String FLAGS = "waqnNeAXoxhdV";

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        Args a;
        try {
            a = new Args(argv, "", FLAGS);
        } catch (IllegalArgumentException e) {
            term.println("sysctl: " + e.getMessage()); // then the usage, and status 0, as procps-ng 4.0.2 does
            USAGE.forEach(term::println);
            term.exit(0);
            return;
        }
        if (a.has('h') || a.has('d')) {
            USAGE.forEach(term::println);
            term.exit(0);
            return;
        }
        if (a.has('V')) {
            term.println("sysctl from procps-ng 4.0.2");
            term.exit(0);
            return;
        }
        boolean all = a.has('a') || a.has('A') || a.has('X');
        if (argv.isEmpty()) {
            USAGE.forEach(term::println);
            term.exit(1);
            return;
        }
        if (!all && a.operands.isEmpty()) {
            term.println("sysctl: no variables specified");
            term.println("Try `sysctl --help' for more information.");
            term.exit(1);
            return;
        }
        TcpConfig cfg = node.tcp().defaults();
        if (all) {
            for (String name : KEYS.keySet()) {
                show(term, a, name, get(node, cfg, name));
            }
            term.exit(0);
            return;
        }
        int failed = 0;
        for (String op : a.operands) {
            if (a.has('w') && op.indexOf('=') < 0) {
                term.println("sysctl: command line(0): invalid syntax, continuing...");
                failed++;
                continue;
            }
            int eq = op.indexOf('=');
            String name = (eq < 0 ? op : op.substring(0, eq)).trim().replace('/', '.');
            Key k = KEYS.get(name);
            if (k == null) {
                if (!a.has('e')) {
                    term.println("sysctl: cannot stat /proc/sys/" + name.replace('.', '/') + ": No such file or directory");
                    failed++;
                }
                continue;
            }
            if (eq >= 0) {
                String error = set(node, cfg, name, op.substring(eq + 1).trim());
                if (error != null) {
                    term.println("sysctl: setting key \"" + name + "\": " + error);
                    failed++;
                    continue;
                }
                if (a.has('q')) {
                    continue;
                }
            }
            show(term, a, name, get(node, cfg, name));
        }
        term.exit(Math.min(failed, 255));
    }

    /** -N: the name alone (it wins over -n); -n: the value alone; else "name = value". */
    private static void show(Terminal term, Args a, String name, String value) {
        term.println(a.has('N') ? name : a.has('n') ? value : name + " = " + value);
    }

    private static String get(Node node, TcpConfig cfg, String name) {
        return name.equals(IP_FORWARD) ? bit(node.ip().isForwarding()) : KEYS.get(name).get().apply(cfg);
    }

    /** Sets a key; null when done, else the kernel's errno text. */
    private static String set(Node node, TcpConfig cfg, String name, String value) {
        try {
            if (name.equals(IP_FORWARD)) {
                node.ip().setForwarding(Integer.parseInt(value) != 0); // Linux takes any integer; non-zero forwards
                return null;
            }
            if (name.equals("net.ipv4.tcp_congestion_control") && !value.equals("reno") && !value.equals("cubic")) {
                return "No such file or directory"; // the kernel's ENOENT: no module for that algorithm
            }
            Key k = KEYS.get(name);
            if (k.set() == null) {
                return "Invalid argument";
            }
            k.set().accept(cfg, value);
            return null;
        } catch (IllegalArgumentException e) {
            return "Invalid argument";
        }
    }

    private static String bit(boolean b) {
        return b ? "1" : "0";
    }

    private static boolean flag(String v) {
        return switch (v) {
            case "0" -> false;
            case "1" -> true;
            default -> throw new IllegalArgumentException(v);
        };
    }

    private static int number(String v, int min, int max) {
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
            throw new IllegalArgumentException(v);
        }
        return n;
    }

    /** tcp_rmem / tcp_wmem: "min default max"; field 1 is what new sockets get, field 2 the most. */
    private static int field(String v, int k) {
        String[] f = v.trim().split("\\s+");
        if (f.length != 3) {
            throw new IllegalArgumentException(v);
        }
        return number(f[k], 1, 1 << 30);
    }
}
