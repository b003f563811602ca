package dev.minternet.tools;

import dev.minternet.ip.Icmp;
import dev.minternet.ip.PmtuDisc;
import dev.minternet.ip6.Ip6Stack;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code mtr --report}, as mtr 0.95 prints it: each cycle (one a second) sends an ICMP echo
 * request of 64 bytes for every TTL from 1 up to the destination's distance (30 until it is
 * known); routers answer with time exceeded, the destination with an echo reply. After the last
 * cycle and a second for late answers, the report gives per hop the loss, probes sent, and the
 * last, mean, best and worst round trip and their standard deviation, in milliseconds. Only the
 * report mode is modelled (the curses display is not), and each hop shows the first address
 * that answered for it. The destination is getaddrinfo's first address (AF_UNSPEC, or {@code -4}
 * / {@code -6}): over IPv6, ICMPv6 echo requests of 64 bytes with hop limits, answered by time
 * exceeded and the echo reply. Over IPv4, {@code -u} sends UDP probes and {@code -T} TCP SYNs
 * ({@code -P} port, 80 for TCP) as mtr-packet builds them ({@link MtrProbes}); the report is the
 * same. Sequence numbers start at 33000 as mtr's do (the echo's sequence, UDP's port, TCP's
 * source port).
 */
public final class Mtr implements Tool {
    static final int MAX_TTL = 30;
    static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Override
    public String name() {
        return "mtr";
    }

    @Override
    public String synopsis() {
        return "mtr --report|--report-wide|--json [-4|-6] [-u|-T [-P port]] [-c count] [-n] [-f first-ttl] [-m max-ttl] [-s psize] [-i seconds] host | mtr --version";
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        boolean report = false;
        int layout = 0; // 0: --report, 1: --report-wide, 2: --json
        boolean numeric = false;
        int family = 0;
        int count = 10;
        int first = 1;
        int max = MAX_TTL;
        int psize = 64;
        long interval = Durations.S;
        char protocol = 'I';
        int port = 0;
        String host = null;
        argv = expand(argv);
        if (argv == null) {
            return;
        }
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            switch (a) {
                case "-h", "--help" -> {
                    usage().forEach(term::println);
                    term.exit(0);
                    return;
                }
                case "-r", "--report" -> report = true;
                case "-w", "--report-wide" -> {
                    report = true;
                    layout = Math.max(layout, 1);
                }
                case "-j", "--json" -> {
                    report = true;
                    layout = 2;
                }
                case "-v", "--version" -> {
                    term.println("mtr 0.95");
                    term.exit(0);
                    return;
                }
                case "-n", "--no-dns" -> numeric = true;
                case "-u", "--udp", "-T", "--tcp" -> {
                    if (protocol != 'I') {
                        term.println("mtr: -u , -T and -S are mutually exclusive"); // mtr.c's words
                        term.exit(1);
                        return;
                    }
                    protocol = a.equals("-u") || a.equals("--udp") ? 'U' : 'T';
                }
                case "-P", "--port" -> {
                    if (i + 1 >= argv.size()) {
                        term.println(a.startsWith("--") ? "mtr: option '" + a + "' requires an argument"
                                : "mtr: option requires an argument -- 'P'");
                        usage().forEach(term::println);
                        term.exit(1);
                        return;
                    }
                    String v = argv.get(++i);
                    try {
                        port = Integer.parseInt(v.strip());
                    } catch (NumberFormatException e) {
                        term.println("mtr: invalid argument: '" + v + "'"); // strtoint_or_err
                        term.exit(1);
                        return;
                    }
                    if (port < 1 || port > 65535) {
                        term.println("mtr: Illegal port number: " + port);
                        term.exit(1);
                        return;
                    }
                }
                case "-4" -> family = 4;
                case "-6" -> family = 6;
                case "-f", "--first-ttl", "-m", "--max-ttl", "-s", "--psize", "-i", "--interval" -> {
                    // mtr.c: strtonum_or_err / strtofloat_or_err, then its limits (first and max kept 1..255, first <= max)
                    if (i + 1 >= argv.size()) {
                        term.println(a.startsWith("--") ? "mtr: option '" + a + "' requires an argument"
                                : "mtr: option requires an argument -- '" + a.charAt(1) + "'");
                        usage().forEach(term::println); // it starts with an empty line
                        term.exit(1);
                        return;
                    }
                    String v = argv.get(++i);
                    char o = a.startsWith("--") ? (a.equals("--psize") ? 's' : a.charAt(2)) : a.charAt(1);
                    try {
                        if (o == 'i') {
                            // strtod's words too: inf and nan pass the checks below as they do in mtr
                            double w = v.strip().matches("(?i)[+-]?(inf|infinity|nan)") ? Double.NaN : Double.parseDouble(v);
                            if (w <= 0) {
                                term.println("mtr: wait time must be positive");
                                term.exit(1);
                                return;
                            }
                            if (w < 1.0) {
                                term.println("mtr: non-root users cannot request an interval < 1.0 seconds");
                                term.exit(1);
                                return;
                            }
                            // past INT_MAX hundred-thousandths of a second (21474.8 s), inf or nan, mtr's
                            // select() gets a timeout it refuses: "Select failed" after the Start line
                            interval = Double.isNaN(w) || w > SELECT_MAX_S ? -1 : Math.round(w * Durations.S);
                        } else {
                            int n = Integer.parseInt(v);
                            if (o == 's') {
                                if (n < 0) {
                                    throw new NumberFormatException(v); // mtr 0.95: "invalid argument: '-5'"
                                }
                                psize = n;
                            } else if (o == 'f') {
                                first = Math.max(1, Math.min(n, max));
                            } else {
                                max = Math.max(1, Math.min(n, 255));
                                first = Math.min(first, max);
                            }
                        }
                    } catch (NumberFormatException e) {
                        term.println("mtr: invalid argument: '" + v + "'");
                        term.exit(1);
                        return;
                    }
                }
                case "-c", "--report-cycles" -> {
                    if (i + 1 >= argv.size()) {
                        term.println(a.startsWith("--") ? "mtr: option '" + a + "' requires an argument"
                                : "mtr: option requires an argument -- 'c'");
                        usage().forEach(term::println); // it starts with an empty line
                        term.exit(1);
                        return;
                    }
                    try {
                        count = Integer.parseInt(argv.get(++i));
                    } catch (NumberFormatException e) {
                        count = 0;
                    }
                    if (count < 1) {
                        term.println("mtr: invalid argument: '" + argv.get(i) + "'");
                        term.exit(1);
                        return;
                    }
                }
                default -> {
                    if (a.startsWith("--") || a.length() == 2 && a.charAt(0) == '-') {
                        refuse(term, a);
                        return;
                    }
                    if (host != null) {
                        term.println("mtr: unrecognized option '" + a + "'");
                        term.exit(1);
                        return;
                    }
                    host = a;
                }
            }
        }
        if (host == null || !report) {
            term.println(host == null ? "mtr: No destination host given" : "mtr: only --report is simulated (no curses display)");
            term.exit(1);
            return;
        }
        if (protocol != 'I') {
            // mtr.c's split_target_port: "host:port" or "[v6]:port" names the port for -u and -T
            int colon = host.startsWith("[") ? host.indexOf("]:") + 1 : host.indexOf(':');
            if (colon > 0 && host.indexOf(':', colon + 1) < 0 && colon + 1 < host.length()) {
                String p = host.substring(colon + 1);
                host = host.startsWith("[") ? host.substring(1, colon - 1) : host.substring(0, colon);
                try {
                    port = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    term.println("mtr: invalid argument: '" + p + "'");
                    term.exit(1);
                    return;
                }
                if (port < 1 || port > 65535) {
                    term.println("mtr: Illegal port number: " + port);
                    term.exit(1);
                    return;
                }
            }
        }
        Run r = new Run(node, term, host, count, numeric, max);
        r.layout = layout;
        r.first = first;
        r.psize = psize;
        r.interval = interval;
        r.protocol = protocol;
        r.port = port;
        int f = family;
        Names.getaddrinfo(node, host, f, found -> r.begin(Names.first(found, f)));
    }

    /** The longest interval mtr's select() takes: INT_MAX hundred-thousandths of a second (measured: 21474 passes, 21475 fails). */
    static final double SELECT_MAX_S = Integer.MAX_VALUE / 100_000.0;
    /** The largest probe mtr-packet sends (its PACKET_BUFFER_SIZE; measured: 9000 passes, 9001 is "invalid argument"). */
    static final int MAX_PSIZE = 9000;

    /** mtr 0.95's short options that take a value (getopt's "F:I:a:f:m:U:P:L:s:B:i:G:Q:Z:M:c:o:y:"). */
    private static final String WITH_VALUE = "FIafmUPLsBiGQZMcoy";
    /** mtr 0.95's other short options. */
    private static final String FLAGS = "46uTSerwjxCpltnbzhv";
    /** The options mtr has that are not simulated here (their long names, for the refusal). */
    private static final java.util.Map<Character, String> NOT_SIMULATED = java.util.Map.ofEntries(
            java.util.Map.entry('F', "--filename"), java.util.Map.entry('S', "--sctp"), java.util.Map.entry('I', "--interface"), java.util.Map.entry('a', "--address"),
            java.util.Map.entry('U', "--max-unknown"), java.util.Map.entry('L', "--localport"),
            java.util.Map.entry('B', "--bitpattern"), java.util.Map.entry('G', "--gracetime"), java.util.Map.entry('Q', "--tos"),
            java.util.Map.entry('e', "--mpls"), java.util.Map.entry('Z', "--timeout"), java.util.Map.entry('M', "--mark"),
            java.util.Map.entry('x', "--xml"), java.util.Map.entry('C', "--csv"), java.util.Map.entry('l', "--raw"),
            java.util.Map.entry('p', "--split"), java.util.Map.entry('t', "--curses"), java.util.Map.entry('b', "--show-ips"),
            java.util.Map.entry('o', "--order"), java.util.Map.entry('y', "--ipinfo"), java.util.Map.entry('z', "--aslookup"));

    /**
     * The command line with getopt's clusters taken apart ({@code -rn} is {@code -r -n}, {@code -c3}
     * and {@code -rc 3} give -c its value); null when something was refused (printed).
     */
    private static List<String> expand(List<String> argv) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--")) {
                out.addAll(argv.subList(i, argv.size()));
                break;
            }
            if (a.length() <= 2 || a.charAt(0) != '-' || a.charAt(1) == '-') {
                out.add(a);
                continue;
            }
            for (int k = 1; k < a.length(); k++) {
                char c = a.charAt(k);
                out.add("-" + c);
                if (WITH_VALUE.indexOf(c) >= 0) {
                    if (k + 1 < a.length()) {
                        out.add(a.substring(k + 1)); // the rest of the cluster is its value
                    }
                    break;
                }
            }
        }
        return out;
    }

    /** An option this mtr does not take: getopt's words and the usage (status 1), or a real option not simulated. */
    private static void refuse(Terminal term, String a) {
        String known = a.startsWith("--") ? null : NOT_SIMULATED.get(a.charAt(1));
        if (known == null && a.startsWith("--")) {
            known = NOT_SIMULATED.containsValue(a) ? a : null;
        }
        if (known != null) {
            term.println("mtr: " + a + " is not simulated (ICMP, UDP and TCP probes, reported with --report, --report-wide or --json)");
            term.exit(1);
            return;
        }
        term.println(a.startsWith("--") ? "mtr: unrecognized option '" + a + "'" : "mtr: invalid option -- '" + a.charAt(1) + "'");
        usage().forEach(term::println); // it starts with an empty line
        term.exit(1);
    }

    /** mtr 0.95's --help. */
    static List<String> usage() {
        return Traceroute.textLines("mtr-help.txt");
    }

    /** One hop's tally. */
    static final class Hop {
        /** The first address that answered: an Integer (IPv4) or an Ip6; null before. */
        Object address;
        int sent;
        final List<Long> rtts = new ArrayList<>();
        long last = -1;
        /** Whether its last answer was an ICMP error (unreachable, prohibited): mtr's {@code err}, the report's last hop. */
        boolean err;
    }

    /** mtr's ui/net.c: the first sequence number (MinSequence); it wraps back to it at 65536. */
    static final int MIN_SEQUENCE = 33000;

    private static final class Run implements Icmp.EchoListener, Ip6Stack.EchoListener, MtrProbes.Answers {
        final Node node;
        final Terminal term;
        final String target;
        final int cycles;
        final boolean numeric;
        final Hop[] hops;
        /** {@code -f}, {@code -m}: the first and the largest TTL probed. */
        int first = 1;
        final int max;
        /** {@code -s}: the probe's size, IP header included (64). */
        int psize = 64;
        /** {@code -i}: the time between two rounds of probes (1 s). */
        long interval = Durations.S;
        final Map<Integer, long[]> outstanding = new HashMap<>(); // sequence -> {ttl, sentAt}
        /** The destination: an Integer (IPv4) or an Ip6. */
        Object dst;
        int destTtl = Integer.MAX_VALUE;
        int id;
        int seq;
        String started;
        Timer timer;
        /** 0: --report, 1: --report-wide, 2: --json. */
        int layout;
        /** 'I' (ICMP echo), 'U' ({@code -u}), 'T' ({@code -T}), and {@code -P}'s port (0: none). */
        char protocol = 'I';
        int port;
        /** The UDP or TCP probes, over IPv4. */
        MtrProbes probes;

        Run(Node node, Terminal term, String target, int cycles, boolean numeric, int max) {
            this.max = max;
            this.hops = new Hop[max + 1];
            this.node = node;
            this.term = term;
            this.target = target;
            this.cycles = cycles;
            this.numeric = numeric;
            for (int t = 1; t <= max; t++) {
                hops[t] = new Hop();
            }
        }

        void begin(Names.Addr addr) {
            if (addr == null) {
                term.println("mtr: Failed to resolve host: " + target + ": Name or service not known");
                term.exit(1);
                return;
            }
            dst = addr.isV6() ? addr.v6() : (Object) addr.v4();
            if (protocol != 'I' && addr.isV6()) {
                term.println("mtr: -" + (protocol == 'U' ? "u" : "T") + " over IPv6 is not simulated (ICMPv6 echo probes are; -4 asks for IPv4)");
                term.exit(1);
                return;
            }
            started = START.format(node.world().date());
            id = addr.isV6() ? node.ip6().openEcho(this, node.random("mtr-id")) : node.ip().icmp().openEcho(this, node.random("mtr-id"));
            if (protocol != 'I') {
                probes = new MtrProbes(node, addr.v4(), protocol == 'T', port, id, this); // the echo id stands for mtr's pid
            }
            timer = new Timer(node.sim(), () -> { });
            if (psize > MAX_PSIZE) {
                // the report's head, then mtr-packet's refusal of the first probe (mtr 0.95)
                if (layout == 2) {
                    MtrJson.json(node.name(), target, cycles, psize, hops, new String[max + 1], 1, 0).lines().forEach(term::println);
                } else {
                    term.println("Start: " + started);
                    term.println(hostHeader(layout == 0 ? 33 : node.name().length()));
                }
                term.println("mtr: mtr-packet reported invalid argument");
                term.exit(1);
                return;
            }
            if (interval < 0) {
                if (layout != 2) {
                    term.println("Start: " + started);
                }
                term.println("mtr: Select failed: Invalid argument");
                term.exit(1);
                return;
            }
            cycle(0);
        }

        void cycle(int k) {
            if (k == cycles) {
                timer = new Timer(node.sim(), this::report);
                timer.setAfter(Durations.S);
                return;
            }
            int top = Math.min(destTtl, max);
            for (int t = first; t <= top; t++) {
                seq = seq < MIN_SEQUENCE || seq + 1 > 0xffff ? MIN_SEQUENCE : seq + 1;
                outstanding.put(seq, new long[] {t, node.sim().now()});
                hops[t].sent++;
                if (probes != null) {
                    probes.send(seq, t, psize);
                } else if (dst instanceof Ip6 d6) {
                    node.ip6().sendEcho(d6, id, seq, t, new byte[Math.max(0, psize - 48)]); // psize with the IPv6 and ICMPv6 headers
                } else {
                    node.ip().icmp().sendEcho((Integer) dst, id, seq, t, new byte[Math.max(0, psize - 28)], PmtuDisc.DONT);
                }
            }
            timer = new Timer(node.sim(), () -> cycle(k + 1));
            timer.setAfter(interval);
        }

        void answered(int sequence, Object from, boolean err) {
            long[] p = outstanding.remove(sequence);
            if (p == null) {
                return;
            }
            Hop h = hops[(int) p[0]];
            h.err = err;
            if (h.address == null) {
                h.address = from;
            }
            h.last = node.sim().now() - p[1];
            h.rtts.add(h.last);
        }

        @Override
        public void echoReply(int from, int sequence, byte[] datagram) {
            replied(from, sequence);
        }

        @Override
        public void echoReply(Ip6 from, int sequence, int hopLimit, int length, byte[] datagram) {
            replied(from, sequence);
        }

        private void replied(Object from, int sequence) {
            long[] p = outstanding.get(sequence);
            if (p != null && from.equals(dst)) {
                destTtl = Math.min(destTtl, (int) p[0]);
            }
            answered(sequence, from, false);
        }

        @Override
        public void reached(int sequence) {
            replied(dst, sequence); // a SYN-ACK or a RST: the destination's TCP answered
        }

        @Override
        public void icmp(int sequence, int from, int type, int code) {
            if (type == IcmpPacket.DEST_UNREACHABLE && code == IcmpPacket.CODE_PORT_UNREACHABLE) {
                replied(from, sequence); // mtr-packet reports a port unreachable as a reply: the destination answered
            } else {
                error(from, type, code, sequence, 0, null);
            }
        }

        @Override
        public void error(Ip6 from, int type, int code, int sequence, long word) {
            if (type == Icmpv6Packet.TIME_EXCEEDED || type == Icmpv6Packet.DEST_UNREACHABLE) {
                // as over IPv4: an unreachable is the last hop's error, unless it is a port unreachable
                answered(sequence, from, type == Icmpv6Packet.DEST_UNREACHABLE && code != 4);
            }
        }

        @Override
        public void error(int from, int type, int code, int sequence, int mtu, byte[] datagram) {
            if (type == IcmpPacket.TIME_EXCEEDED || type == IcmpPacket.DEST_UNREACHABLE) {
                // mtr-packet reports an unreachable as an error ("no-route", "host-unreachable", ...)
                // except a port unreachable, which means the destination answered
                answered(sequence, from, type == IcmpPacket.DEST_UNREACHABLE && code != IcmpPacket.CODE_PORT_UNREACHABLE);
            }
        }

        void report() {
            if (dst instanceof Ip6) {
                node.ip6().closeEcho(id);
            } else {
                node.ip().icmp().closeEcho(id);
            }
            if (probes != null) {
                probes.close();
            }
            int last = lastRow();
            String[] names = new String[last + 1];
            int width = layout == 0 ? 33 : node.name().length(); // report.c's len_hosts: the longest name when wide
            for (int t = first; t <= last; t++) {
                Hop h = hops[t];
                names[t] = h.address == null ? "???" : numeric ? text(h.address) : nameOf(h.address);
                width = layout == 0 ? width : Math.max(width, names[t].length());
            }
            if (layout == 2) {
                MtrJson.json(node.name(), target, cycles, psize, hops, names, first, last).lines().forEach(term::println);
                term.exit(0);
                return;
            }
            term.println("Start: " + started);
            // report.c prints the name padded to the width, then the fields from column `width`
            // (cutting a longer name there), or when wide from the name's end
            term.println(hostHeader(width));
            for (int t = first; t <= last; t++) {
                String head = String.format(Locale.ROOT, "%3d.|-- %-" + width + "s", t, names[t]);
                term.println((layout == 0 ? head.substring(0, 33) : head) + fields(hops[t]));
            }
            term.exit(0);
        }

        /** The report's column header, the node's name in a field {@code width} wide. */
        String hostHeader(int width) {
            String host = "HOST: " + String.format(Locale.ROOT, "%-" + width + "s", node.name());
            return (layout == 0 ? host.substring(0, 33) : host) + " Loss%   Snt   Last   Avg  Best  Wrst StDev";
        }

        /**
         * The last row, as mtr 0.95's net_max finds it: the destination's hop, or the first hop
         * that answered with an ICMP error ("If a hop has returned an ICMP error ... we'll consider
         * that the final hop"); otherwise one row past the last hop that answered (a "???"), at
         * most the maximum TTL; no row when no hop answered.
         */
        int lastRow() {
            int row = 0;
            for (int t = 1; t <= max; t++) {
                Hop h = hops[t];
                if (h.address != null && h.address.equals(dst) || h.err) {
                    return t;
                }
                if (h.address != null) {
                    row = t + 1;
                }
            }
            return Math.min(row, max);
        }

        String nameOf(Object addr) {
            String n = addr instanceof Ip6 a6 ? Ping6.owner(node, a6) : node.world().reverse((Integer) addr);
            return n == null ? text(addr) : n;
        }

        static String text(Object addr) {
            return addr instanceof Ip6 a6 ? a6.toString() : Ip4.str((Integer) addr);
        }
    }

    /** One row: "  1.|-- 10.0.0.1   0.0%    10    1.2   1.3   1.1   1.6   0.2" (mtr's report.c widths). */
    static String row(int ttl, String name, Hop h) {
        return String.format(Locale.ROOT, "%3d.|-- %-33s", ttl, name).substring(0, 33) + fields(h);
    }

    /** A row's fields after the name: Loss%, Snt, Last, Avg, Best, Wrst, StDev, from mtr's integer figures ({@link MtrJson#figures}). */
    static String fields(Hop h) {
        MtrJson.Figures f = MtrJson.figures(h);
        return String.format(Locale.ROOT, "%5s%%%6d%7s%6s%6s%6s%6s", c1(f.loss() / 1000.0), f.sent(), c1(f.last() / 1000.0),
                c1(f.avg() / 1000.0), c1(f.best() / 1000.0), c1(f.worst() / 1000.0), c1(f.stdev() / 1000.0));
    }

    /** printf's "%.1f" as glibc rounds it: the double's exact binary value, ties to even (Java's %f rounds half up). */
    static String c1(double v) {
        return new BigDecimal(v).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }
}
