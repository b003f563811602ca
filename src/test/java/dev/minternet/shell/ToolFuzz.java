package dev.minternet.shell;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Limits;
import dev.minternet.scenario.RunGuard;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.scenario.WorldGuide;
import dev.minternet.tools.Tool;
import dev.minternet.tools.registry.ToolRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A seeded fuzzer of the tools' command lines: for each tool in {@link ToolRegistry#all()} it
 * builds lines from the tool's options (its synopsis, as Tab completion reads it) and its
 * subcommands, with odd values (missing arguments, empty strings, negative and huge numbers,
 * non-numbers, bad and odd addresses and URLs, repeated options, options after operands,
 * {@code --}, unicode and control characters), types them at a {@link Session} and reports what a
 * real tool never does: a Java exception out of the session, an exception's text or "internal
 * error" in the output, a session that no longer answers, a line that takes long in wall time.
 * Same seed, same lines. {@code main} runs it at length: {@code java ... ToolFuzz SEED LINES [scenario...]}.
 */
final class ToolFuzz {
    /** What the real tools never print: a Java exception's text, a stack frame, an internal error. */
    static final Pattern LEAK = Pattern.compile(
            "Exception|Throwable|\\bat (dev|java|io|org|sun|jdk)\\.|java\\.(lang|util|io|net|nio)|internal error|"
                    + "\\bnull\\b(?! \\(zero)(?!-\\\\x00)|NaN|Infinity|dev\\.minternet|\\$[A-Z][a-z]+@|StackOverflow|\\.java:\\d");

    /** Whether {@code out} leaks one of {@link #LEAK}'s words that {@code line} did not type itself. */
    static String leak(String line, String out) {
        java.util.regex.Matcher m = LEAK.matcher(out);
        while (m.find()) {
            if (!line.contains(m.group()) && !(m.group().equals("null") && out.contains("/dev/null"))) {
                return m.group();
            }
        }
        return null;
    }

    /** A problem the fuzzer found: the world, the line, what went wrong and what the line printed. */
    record Finding(String world, String line, String kind, String detail) {
        @Override
        public String toString() {
            return "[" + world + "] " + kind + ": " + line + "\n    " + detail.replace("\n", "\n    ");
        }
    }

    private static final boolean ECHO = Boolean.getBoolean("toolfuzz.echo");

    /** How long a line may run in simulated time: long enough for every probe and timeout, short of an hour. */
    static final long LIMIT_NS = Long.getLong("toolfuzz.limit", 60) * 1_000_000_000L;

    private final String worldName;
    private final Scenario scenario;
    private final Path outDir;
    private final long slowMs;
    private final List<Finding> findings = new ArrayList<>();
    private ExecutorService worker = newWorker();
    private StringWriter text;
    private Session session;
    private List<String> nodes;
    private List<String> names;
    /** Wall time per tool, for the report. */
    final Map<String, Long> wallMs = new java.util.TreeMap<>();

    ToolFuzz(String worldName, Scenario scenario, Path outDir, long slowMs) {
        this.worldName = worldName;
        this.scenario = scenario;
        this.outDir = outDir;
        this.slowMs = slowMs;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "toolfuzz");
            t.setDaemon(true);
            return t;
        });
    }

    static ToolFuzz of(String example, Path outDir, long slowMs) throws Exception {
        Scenario s = example == null ? DefaultWorld.load() : ScenarioLoader.load(Path.of(example));
        return new ToolFuzz(example == null ? "default" : Path.of(example).getFileName().toString(), s, outDir, slowMs);
    }

    List<Finding> findings() {
        return findings;
    }

    private void open() {
        World w;
        try {
            w = WorldBuilder.build(scenario);
        } catch (dev.minternet.scenario.ScenarioException e) {
            throw new IllegalStateException(e);
        }
        RunGuard.install(w, Limits.DEFAULT);
        text = new StringWriter();
        session = new Session(scenario, w, new PrintWriter(text, true), outDir, Session.defaultNode(scenario), 0);
        session.readsFrom(() -> null); // a command that reads its input gets its end at once
        session.commandLimit(LIMIT_NS);
        nodes = new ArrayList<>();
        for (Node n : w.nodes()) {
            nodes.add(n.name());
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (String u : WorldGuide.urls(scenario)) {
            hosts.add(java.net.URI.create(u).getHost());
        }
        names = new ArrayList<>(hosts);
    }

    /** Types {@code lines} lines per tool built from {@code seed}; returns the findings so far. */
    List<Finding> run(long seed, int lines) {
        open();
        List<Tool> tools = ToolRegistry.all();
        for (int ti = 0; ti < tools.size(); ti++) {
            Tool t = tools.get(ti);
            Random rnd = new Random(seed * 1_000_003L + ti);
            long t0 = System.nanoTime();
            for (int i = 0; i < lines; i++) {
                type(line(t, rnd));
            }
            wallMs.merge(t.name(), (System.nanoTime() - t0) / 1_000_000L, Long::sum);
        }
        type("echo still here");
        return findings;
    }

    /** Types one line and checks what happened; a session that broke is replaced by a fresh one. */
    void type(String line) {
        int from = text.getBuffer().length();
        long t0 = System.nanoTime();
        Future<Boolean> f = worker.submit(() -> session.execute(line));
        Boolean more = null;
        Throwable thrown = null;
        try {
            more = f.get(Math.max(slowMs * 6, 30_000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            session.interrupt();
            try {
                more = f.get(10, TimeUnit.SECONDS);
            } catch (Exception e2) {
                findings.add(new Finding(worldName, line, "HANG", "no answer after Ctrl-C"));
                f.cancel(true);
                worker.shutdownNow();
                worker = newWorker(); // the stuck thread is left behind (a daemon)
                reopen();
                return;
            }
            findings.add(new Finding(worldName, line, "HANG", "answered only after Ctrl-C"));
        } catch (java.util.concurrent.ExecutionException e) {
            thrown = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000L;
        String out = text.getBuffer().substring(from);
        text.getBuffer().setLength(0); // a long run keeps no output but the line's
        if (ECHO) {
            System.out.println("$ " + line + "   [" + ms + " ms, exit " + session.lastExit() + "]\n" + clip(out));
        }
        if (thrown != null) {
            StringWriter st = new StringWriter();
            thrown.printStackTrace(new PrintWriter(st));
            String trace = st.toString().lines().limit(8).reduce((a, b) -> a + "\n" + b).orElse("");
            findings.add(new Finding(worldName, line, "THROWS", trace));
            reopen();
            return;
        }
        String leaked = leak(line, out);
        if (leaked != null) {
            findings.add(new Finding(worldName, line, "LEAK '" + leaked + "'", clip(out)));
        }
        if (ms > slowMs) {
            findings.add(new Finding(worldName, line, "SLOW " + ms + " ms", clip(out)));
        }
        if (Boolean.FALSE.equals(more)) {
            findings.add(new Finding(worldName, line, "LEFT", "the session ended"));
            reopen();
        }
    }

    private void reopen() {
        try {
            session.close();
        } catch (RuntimeException ignored) {
            // a broken session may not close cleanly; a fresh one replaces it
        }
        open();
    }

    private static String clip(String out) {
        String s = out.length() > 1500 ? out.substring(0, 1500) + "..." : out;
        return s.strip();
    }

    // ---------------------------------------------------------------------------------- lines

    /** Values any option may get. */
    private static final List<String> VALUES = List.of("", "-1", "0", "1", "2", "3", "-0", "99999999999", "2147483648",
            "2147483647", "-2147483649", "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "18446744073709551616", "abc", "1e3", "0x10", "010", "1.5", "0.001", "0.0000001", ".", "NaN", "inf", "-inf",
            "1,2,3", "1:2", "65535", "65536", "70000", "300", "256", "255", "10s", "1m", " 1", "1 ", "٣", "１");

    /** Addresses, names and URLs, good and bad. */
    private static final List<String> ADDRESSES = List.of("300.1.1.1", "1.2.3", "1.2.3.4.5", "0.0.0.0", "255.255.255.255",
            "127.0.0.1", "224.0.0.1", "::ffff:1.2.3.4", "::1", "::", "[2001:db8::1]", "2001:db8::1", "2001:db8::1/129",
            "fe80::1%eth0", "fe80::1%nosuch", "[::1]:80", "1.2.3.4:0", "1.2.3.4:99999", "10.0.0.0/33", "10.0.0.0/-1",
            "nosuchhost", "nosuch.example.", ".", "..", "a..b", "-host", "localhost", "LOCALHOST", "xn--", "é.example",
            "a".repeat(64) + ".com", "a".repeat(300), "1.2.3.4%eth0", "[1.2.3.4]", "[", "]", "[::1", "::1]");

    private static final List<String> URLS = List.of("", "http://", "https://", "http://:80/", "http://server:0/",
            "http://server:99999/", "http://server:-1/", "http://server:abc/", "http://user:pw@server/", "http://@server/",
            "http://user@/", "http://[::1]:80/", "http://[2001:db8::1]/", "http://[fe80::1%25eth0]/", "http://[::1/",
            "http://300.1.1.1/", "https://www.example.com/", "https://www.example.com:443/x?a=b#c", "ftp://x/",
            "gopher://x/", "file:///etc/hosts", "//x", "x", "http://x/%zz", "http://x/\u00e9", "ws://x/", "wss://x/",
            "ws://", "http://a b/", "http://[]/", "http://0/", "http://0x7f.1/", "HTTP://WWW.EXAMPLE.COM/", "http://x:/",
            "http://localhost/", "http://127.0.0.1:65535/", "{a,b}", "http://x/[1-3]", "http://x/{a,b}");

    private static final List<String> WEIRD = List.of("--", "-", "---", "-\u00e9", "\u00e9", "\u65e5\u672c", "\u0001",
            "\u0007", "\t", "a\nb", "\u007f", "\u200b", "\ud83d\ude00", "\\", "'", "\"", "$", "$?", "*", "?", "~", "%s%n%x",
            "%", "=", "==", "@", "@@", "+", "++", "+x", "+=", "-=", "-" + "x".repeat(50), "--=", "--x=", "-9", "-99999999999");

    /** Words a tool takes besides its options: subcommands, types, chains, file names. */
    private static final Map<String, List<String>> EXTRA = Map.ofEntries(
            Map.entry("ip", List.of("addr", "a", "link", "l", "route", "r", "neigh", "n", "rule", "show", "list", "get", "add",
                    "del", "delete", "replace", "change", "flush", "dev", "via", "metric", "all", "help", "-s", "-br", "-o", "-4",
                    "-6", "-d", "-j", "-c", "tunnel", "monitor", "table", "from", "to", "src", "proto", "scope", "mtu", "up",
                    "down", "set", "default", "eth0", "lo", "nosuch", "-details", "-statistics", "-family", "inet6", "maddr",
                    "xfrm", "netns", "exec", "prohibit", "blackhole", "unreachable", "lookup", "priority")),
            Map.entry("bridge", List.of("fdb", "vlan", "link", "show", "br", "sw1", "dev", "add", "del", "-d", "-s", "-j", "help",
                    "mdb", "monitor")),
            Map.entry("openssl", List.of("s_client", "x509", "version", "-connect", "-in", "req", "genrsa", "help", "-help",
                    "s_server", "dgst", "-servername", "-showcerts", "-alpn", "-brief", "-tls1_2", "-tls1_3", "-noout",
                    "-text", "-subject", "-issuer", "-dates", "-serial", "-fingerprint", "-port", "-host", "/etc/hosts",
                    "/nonexistent", "-CAfile", "-verify", "-a", "-v")),
            Map.entry("getent", List.of("hosts", "ahosts", "ahostsv4", "ahostsv6", "passwd", "services", "protocols",
                    "networks", "group", "-s", "-i", "--service", "--no-idn", "-h", "--help", "-V", "--usage")),
            Map.entry("vtysh", List.of("-c", "show ip route", "show ip route 300.1.1.1/99", "show ip route 1.2.3.4/33",
                    "show ip route ospf", "show bgp summary", "show ip bgp 1.2.3.4/40", "show ip bgp x",
                    "show bgp neighbors 300.1.1.1", "show ip ospf neighbor", "show ipv6 ospf6 route", "show", "conf t", "",
                    "show ip", "show bgp ipv6 unicast", "show ip ospf database", "show running-config", "-d", "-h",
                    "show ip route 0.0.0.0/0", "show ip bgp 10.0.0.0/-1", "show ip route ::/0")),
            Map.entry("sysctl", List.of("net.ipv4.ip_forward", "net.ipv4.ip_forward=1", "net.ipv4.ip_forward=", "-w", "-a",
                    "=", "net..x", "kernel.hostname", "net.ipv4.tcp_congestion_control", "net/ipv4/ip_forward", "-n", "-e",
                    "-p", "-q", "net.ipv4.ip_forward=99999999999", "net.ipv6.conf.all.forwarding=-1", ".", "net.")),
            Map.entry("iptables", List.of("-L", "-S", "INPUT", "FORWARD", "OUTPUT", "PREROUTING", "-t", "nat", "bogus", "-A",
                    "-D", "-F", "-Z", "-n", "-v", "-x", "--line-numbers", "-j", "ACCEPT", "-p", "tcp", "--dport", "-N", "-X")),
            Map.entry("ss", List.of("state", "exclude", "established", "listening", "all", "connected", "bogus", "dport",
                    "sport", "=", ":80", ":", ":99999", "eq", "gt", "lt", "ge", "(", ")", "dst", "src", "and", "or", "not",
                    "-t", "-u", "-l", "-n", "-a", "-p", "-i", "-e", "-m", "-o", "-H", "-s", "-4", "-6", "-x", "-w", "-A",
                    "-f", "inet", "tcp", "udp", "-K", "-E", "-0", "-N", "-D", "-F", "--events", "time-wait", "syn-sent")),
            Map.entry("redis-cli", List.of("GET", "SET", "PING", "INFO", "KEYS", "*", "DEL", "INCR", "EXPIRE", "SUBSCRIBE",
                    "MONITOR", "--raw", "--csv", "-x", "--scan", "--pattern", "--stat", "--latency", "-c", "--tls",
                    "--pipe", "--bigkeys", "--intrinsic-latency", "--eval", "QUIT", "SHUTDOWN", "DEBUG", "SLEEP")),
            Map.entry("grpcurl", List.of("list", "describe", "host:port", "-plaintext", "-insecure", "-d", "@", "{}", "{",
                    "-max-time", "-v", "-authority", "-H", "-format", "-proto", "-import-path", "pkg.Svc/Method",
                    "grpc.health.v1.Health/Check", "Svc", "/")),
            Map.entry("mtr", List.of("--report", "-r", "--json", "-j", "--version", "-v", "-w", "--report-wide", "-T", "-u",
                    "-P", "-c", "-n", "-b", "-x", "-C", "--csv", "-l", "-z", "-y", "-o", "LSDR", "-a", "-B", "-Q", "-4",
                    "-6", "--report-cycles", "--max-ttl", "--first-ttl", "--interval", "--psize", "-e", "-g", "-t", "--curses")),
            Map.entry("nc", List.of("1-65535", "0", "65536", "80-79", "80-", "-80", "http", "ssh", "-u", "-z", "-v", "-l", "-k",
                    "-p", "-s", "-X", "-x", "-U", "-q", "-i", "-T", "-I", "-O", "-M", "-P", "-r", "-S", "-t", "-D", "-e",
                    "-c", "-n", "-w", "-4", "-6", "-N", "-d", "80", "443", "7000")),
            Map.entry("tcpdump", List.of("host", "port", "tcp", "udp", "icmp", "and", "or", "not", "(", ")", "net",
                    "10.0.0.0/33", "ether", "vlan", "proto", "greater", "less", "dst", "src", "portrange", "1-2", "ip6",
                    "arp", "icmp6", "&&", "||", "!", "tcp[13]", "tcp[tcpflags]", "ip[0]&0xf", "len", ">", "<", "=", "-l",
                    "-U", "-K", "-F", "-Q", "in", "-W", "-C", "-G", "-z", "-Z", "-y", "-L", "--list-interfaces", "-#",
                    "--number", "-tt", "-ttt", "-tttt", "-ttttt", "-N", "-B", "-E", "-j", "-p", "-P")),
            Map.entry("dig", List.of("+short", "+tcp", "+trace", "+subnet=300.1.1.1/99", "+subnet=", "+subnet=0/0",
                    "+time=0", "+time=-1", "+tries=0", "+tries=99999999999", "+retry=-1", "+bufsize=99999", "+bufsize=-1",
                    "+ndots=300", "+edns=256", "+noedns", "+dnssec", "+nsid", "+all", "+noall", "+answer", "+stats",
                    "+multi", "+x", "+", "+short=", "-p", "-q", "-t", "-c", "-x", "-y", "-k", "-b", "-f", "-m", "-u", "-r",
                    "ANY", "AXFR", "IXFR=", "IXFR=x", "TYPE65535", "TYPE99999", "CLASS0", "CH", "HS", "NONE", "A", "AAAA",
                    "MX", "TXT", "NS", "SOA", "PTR", "CNAME", "SRV", "@", "@::1", "@[::1]", "@300.1.1.1", "@nosuchhost",
                    "@127.0.0.1", "-4", "-6", "+cookie=zz", "+opcode=99", "+rcode", "+header-only", "+qr", "+norec",
                    "+timeout=99999999999", "+domain=", "+search", "+ttlunits", "+yaml", "+split=-1", "+padding=99999")),
            Map.entry("nslookup", List.of("-type=", "-type=A", "-type=bogus", "-q=MX", "-timeout=", "-timeout=0",
                    "-timeout=-1", "-timeout=99999999999", "-retry=0", "-retry=-5", "-debug", "-d2", "-port=0",
                    "-port=99999", "-vc", "-", "-class=CH", "-query=ANY", "-norecurse", "-all", "-sil", "-silent")),
            Map.entry("host", List.of("-t", "-W", "-R", "-v", "-r", "-T", "-a", "-A", "-c", "-C", "-d", "-l", "-N", "-s",
                    "-4", "-6", "-m", "-U", "-w", "-i", "-p", "ANY", "AXFR", "bogus")),
            Map.entry("websocat", List.of("-t", "-b", "-n", "-k", "-H", "--ping-interval", "--ping-timeout", "--deflate",
                    "-E", "-1", "-u", "--protocol", "-s", "--text", "--binary", "ws://localhost/", "ws://[::1]:0/",
                    "wss://www.example.com/", "ws://x:99999/", "ws-l:0.0.0.0:8080", "tcp:127.0.0.1:1")),
            Map.entry("ifconfig", List.of("eth0", "lo", "up", "down", "mtu", "netmask", "broadcast", "add", "del", "inet6",
                    "-a", "-s", "-v", "eth0:1", "nosuch", "hw", "ether", "promisc", "arp", "-arp")),
            Map.entry("ipcalc", List.of("10.0.0.1/33", "10.0.0.1/32", "10.0.0.1/0", "255.255.255.0", "255.0.255.0",
                    "/0", "/32", "/33", "10.0.0.1/255.255.255.0", "2001:db8::/64", "-n", "-c", "-b", "-r", "-s", "-h",
                    "--help", "-v", "10.0.0.0/8", "10.0.0.0", "24", "16")),
            Map.entry("hostname", List.of("-s", "-f", "-d", "-a", "-i", "-I", "-y", "-F", "-b", "-V", "-h", "--help",
                    "newname", "--fqdn", "--long", "-A", "-e")),
            Map.entry("cat", List.of("/etc/hosts", "/etc/resolv.conf", "/etc/services", "/etc/passwd", "/proc/net/dev",
                    "/proc/net/route", "/proc/net/tcp", "/proc/net/arp", "/nonexistent", "/", "/etc", "../../etc/passwd",
                    "-n", "-A", "-v", "-", "/etc/hostname", "/etc/nsswitch.conf", "/proc/sys/net/ipv4/ip_forward")),
            Map.entry("route", List.of("-n", "-N", "-v", "-e", "-ee", "-F", "-C", "-4", "-6", "add", "del", "default", "gw",
                    "-net", "-host", "netmask", "dev", "eth0", "-A", "inet6", "metric", "flush")),
            Map.entry("arp", List.of("-a", "-n", "-i", "-H", "ether", "-d", "-s", "-e", "-v", "eth0", "lo", "-D", "-f", "-N",
                    "inet", "ax25", "-A")),
            Map.entry("netstat", List.of("-t", "-u", "-l", "-a", "-n", "-p", "-e", "-o", "-r", "-i", "-s", "-g", "-M", "-c",
                    "-W", "-x", "-w", "-4", "-6", "-A", "inet", "--tcp", "--udp", "--listening", "--all", "--numeric",
                    "--route", "--interfaces", "--statistics", "-Z", "--inet", "--inet6", "-ie", "-tulpn", "-rn", "-st")),
            Map.entry("conntrack", List.of("-L", "-S", "-E", "-D", "-F", "-C", "-G", "-I", "-U", "-p", "tcp", "-s", "-d",
                    "-o", "extended", "xml", "-n", "-g", "-f", "ipv4", "ipv6", "--dport", "--sport", "-j", "-z",
                    "expect", "conntrack")),
            Map.entry("rtpstats", List.of("-p", "-h", "-v", "--port")),
            Map.entry("mosquitto_pub", List.of("-t", "#", "+", "a/+/b", "a/#/b", "", "-m", "-n", "-l", "-f", "-s", "-q", "3",
                    "-r", "-i", "-I", "-c", "-k", "-d", "-V", "5", "311", "31", "mqttv5", "-h", "-p", "-u", "-P", "-L",
                    "mqtt://x:99999/a", "--will-topic", "--will-payload", "--will-qos", "--will-retain", "-D", "--repeat",
                    "--help", "-x", "-A", "--quiet", "-M", "--nodelay", "--unix", "--proxy")),
            Map.entry("mosquitto_sub", List.of("-t", "#", "+", "a/+/b", "a/#/b", "", "-T", "-q", "3", "-v", "-F", "%t %p",
                    "%", "%j", "%I", "%Z", "%X", "@", "-R", "-E", "-C", "-W", "-i", "-c", "-k", "-d", "--quiet", "-V", "5",
                    "-h", "-p", "-N", "-U", "-x", "--remove-retained", "--retained-only", "-L", "mqtt://x/a", "--pretty",
                    "--will-topic", "--will-payload", "--help", "-A")));

    private static final Map<String, List<String>> SHARED = Map.of("ip6tables", List.of("iptables"), "tail",
            List.of("cat"), "head", List.of("cat"), "ping6", List.of(), "tracepath", List.of(), "traceroute", List.of(),
            "ping", List.of());

    /** A command line for {@code t}: its name, then words picked by {@code rnd}. */
    String line(Tool t, Random rnd) {
        List<String> options = Completion.options(t);
        List<String> extra = new ArrayList<>(EXTRA.getOrDefault(t.name(), List.of()));
        for (String other : SHARED.getOrDefault(t.name(), List.of())) {
            extra.addAll(EXTRA.getOrDefault(other, List.of()));
        }
        List<String> words = new ArrayList<>();
        words.add(t.name());
        int n = rnd.nextInt(7);
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(100);
            if (k < 40 && !options.isEmpty()) {
                String o = pick(rnd, options);
                if (rnd.nextInt(8) == 0 && o.startsWith("--")) {
                    words.add(o + "=" + value(rnd)); // --opt=value
                } else if (rnd.nextInt(8) == 0 && o.matches("-[A-Za-z]")) {
                    words.add(o + value(rnd)); // -c5: the value in the same word
                } else {
                    words.add(o);
                    if (rnd.nextInt(10) < 6) {
                        words.add(value(rnd));
                    }
                }
            } else if (k < 60 && !extra.isEmpty()) {
                words.add(pick(rnd, extra));
            } else if (k < 70) {
                words.add(value(rnd));
            } else if (k < 88) {
                words.add(target(rnd));
            } else if (k < 94) {
                words.add(pick(rnd, WEIRD));
            } else if (!options.isEmpty()) {
                words.add("-" + (char) ('a' + rnd.nextInt(26)) + (rnd.nextBoolean() ? "" : String.valueOf((char) ('A' + rnd.nextInt(26)))));
            }
        }
        if (rnd.nextInt(3) == 0) {
            words.add(target(rnd)); // an operand, perhaps after the options, perhaps again
        }
        if (rnd.nextInt(6) == 0 && words.size() > 1) {
            words.add(words.get(1 + rnd.nextInt(words.size() - 1))); // a word repeated, e.g. an option twice
        }
        if (rnd.nextInt(12) == 0 && words.size() > 1) {
            words.add(1 + rnd.nextInt(words.size() - 1), "--");
        }
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(quote(w));
        }
        return b.toString();
    }

    private String value(Random rnd) {
        int k = rnd.nextInt(10);
        return k < 6 ? pick(rnd, VALUES) : k < 8 ? target(rnd) : pick(rnd, WEIRD);
    }

    private String target(Random rnd) {
        int k = rnd.nextInt(10);
        if (k < 3) {
            return pick(rnd, nodes);
        } else if (k < 5 && !names.isEmpty()) {
            return pick(rnd, names);
        } else if (k < 8) {
            return pick(rnd, ADDRESSES);
        }
        return pick(rnd, URLS);
    }

    private static String pick(Random rnd, List<String> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    /** {@code w} as one shell word: bare when it holds nothing the shell reads, else in single quotes. */
    static String quote(String w) {
        if (!w.isEmpty() && w.matches("[A-Za-z0-9@%+=:,./_\\-\\[\\]]+")) {
            return w;
        }
        return "'" + w.replace("'", "'\\''") + "'";
    }

    void close() {
        worker.shutdownNow();
    }

    /** {@code java ... ToolFuzz SEED LINES_PER_TOOL [SLOW_MS [scenario.yaml|default]...]}. */
    public static void main(String[] args) throws Exception {
        long seed = Long.parseLong(args[0]);
        int lines = Integer.parseInt(args[1]);
        long slow = args.length > 2 ? Long.parseLong(args[2]) : 5000;
        List<String> worlds = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            worlds.add(args[i]);
        }
        if (worlds.isEmpty()) {
            worlds.add("default");
        }
        Path out = Files.createTempDirectory("toolfuzz");
        for (String w : worlds) {
            ToolFuzz f = of(w.equals("default") ? null : w, out, slow);
            long t0 = System.nanoTime();
            List<Finding> found = f.run(seed, lines);
            for (Finding x : found) {
                System.out.println(x);
            }
            System.out.println("== " + w + ": " + found.size() + " findings in " + (System.nanoTime() - t0) / 1_000_000L
                    + " ms; per tool " + f.wallMs);
            f.close();
        }
        System.exit(0);
    }
}
