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
 * sysctl for the node's TCP defaults, with Linux's key names, so a scenario can configure a
 * node's TCP the way an administrator would ({@code sysctl -w net.ipv4.tcp_congestion_control=reno}).
 * New sockets copy these defaults; sockets already open keep theirs.
 */
public final class Sysctl implements Tool {
    private record Key(Function<TcpConfig, String> get, BiConsumer<TcpConfig, String> set) {
    }

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();

    static {
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

    @Override
    public void validate(List<String> argv) {
        new Args(argv, "", "waqn");
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        Args a;
        try {
            a = new Args(argv, "", "waqn");
        } catch (IllegalArgumentException e) {
            term.println("sysctl: " + e.getMessage());
            term.exit(255);
            return;
        }
        TcpConfig cfg = node.tcp().defaults();
        boolean quiet = a.has('q');
        boolean valuesOnly = a.has('n');
        if (a.has('a') || a.operands.isEmpty()) {
            for (Map.Entry<String, Key> e : KEYS.entrySet()) {
                term.println(valuesOnly ? e.getValue().get().apply(cfg) : e.getKey() + " = " + e.getValue().get().apply(cfg));
            }
            term.exit(0);
            return;
        }
        int code = 0;
        for (String op : a.operands) {
            int eq = op.indexOf('=');
            String name = (eq < 0 ? op : op.substring(0, eq)).trim().replace('/', '.');
            Key k = KEYS.get(name);
            if (k == null) {
                term.println("sysctl: cannot stat /proc/sys/" + name.replace('.', '/') + ": No such file or directory");
                code = 255;
                continue;
            }
            if (eq >= 0) {
                String value = op.substring(eq + 1).trim();
                if (k.set() == null) {
                    term.println("sysctl: setting key \"" + name + "\": Operation not permitted");
                    code = 255;
                    continue;
                }
                try {
                    k.set().accept(cfg, value);
                } catch (IllegalArgumentException e) {
                    term.println("sysctl: setting key \"" + name + "\": Invalid argument");
                    code = 255;
                    continue;
                }
                if (quiet) {
                    continue;
                }
            }
            term.println(valuesOnly ? k.get().apply(cfg) : name + " = " + k.get().apply(cfg));
        }
        term.exit(code);
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
