package dev.minternet.tools;

import dev.minternet.ip.Icmp;
import dev.minternet.ip.PmtuDisc;
import dev.minternet.node.Node;
import dev.minternet.ip.IpStack;
import dev.minternet.transport.tcp.TcpStack;
import dev.minternet.transport.udp.UdpSocket;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.TcpRepr;
import dev.minternet.wire.UdpPacket;
import java.util.List;

/**
 * traceroute, as the Linux traceroute (2.x) prints it. By default UDP probes to ports 33434 and
 * up, three per hop, TTL rising from 1; routers answer with ICMP time exceeded, the destination
 * with port unreachable. -I uses ICMP echo instead. Up to 16 probes are in flight at once (-N),
 * each waits as traceroute 2.1's waits (-w MAX,HERE,NEAR: 5 s, or 3 times the round trip of an
 * answer from its hop, or 10 times that of a later probe); a silent probe prints "*". -A prints
 * each hop's AS after its address, " [AS100]" or " [*]", from the simulated world rather than a
 * whois registry ({@link AsPathLookup}).
 */
public final class Traceroute implements Tool {
    static final int BASE_PORT = 33434;
    /** Default packet length: IP header + UDP header + 32 bytes of data. */
    static final int DEFAULT_PACKET_LEN = 60;
    /** A TCP probe: IP header + TCP header with 20 bytes of options (MSS, SACK permitted, timestamp, window scale). */
    static final int TCP_PACKET_LEN = 60;

    @Override
    public String name() {
        return "traceroute";
    }

    @Override
    public String synopsis() {
        return "traceroute [-4|-6] [-I|-T|-U] [-F] [-n] [-A] [-f first_ttl] [-m max_ttl] [-q nqueries] [-w max[,here,near]] [-N squeries] [-p port] [-z sendwait] host [packetlen]";
    }

    @Override
    public void validate(List<String> argv) {
        try {
            if (Ping.ipv6(argv)) {
                new Traceroute6().validate(argv);
                return;
            }
            new Session(Validation.node(), parse(argv), Validation.SILENT, method(argv));
        } catch (TracerouteProbes.Answer a) {
            // --help and --version: nothing to refuse
        }
    }

    private static Args parse(List<String> argv) {
        return parse(argv, "InA4TUF");
    }

    /** The options that take a value, and the value's name in clif's "requires an argument" error. */
    private static final String WITH_VALUE = "fmqwNpz";
    private static final List<String> VALUE_NAMES = List.of("first_ttl", "max_ttl", "nqueries", "MAX,HERE,NEAR", "squeries", "port",
            "sendwait");

    /** What traceroute 2.1.2 prints for {@code -V} and {@code --version} (on standard error, status 0). */
    static final List<String> VERSION = List.of("Modern traceroute for Linux, version 2.1.2",
            "Copyright (c) 2016  Dmitry Butskoy,   License: GPL v2 or any later");

    /**
     * A traceroute command line with the flags {@code flags}, refused unless it names the host (and
     * at most a packet length). As clif reads it, in order: {@code --help} prints the usage and
     * {@code -V}/{@code --version} the version (status 0, as does a line with no arguments at all);
     * an unknown option, a missing value or a third operand is refused in clif's words.
     */
    static Args parse(List<String> argv, String flags) {
        if (argv.isEmpty()) {
            throw new TracerouteProbes.Answer(help(), 0);
        }
        scan:
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("--")) {
                switch (a) {
                    case "--help" -> throw new TracerouteProbes.Answer(help(), 0);
                    case "--version" -> throw new TracerouteProbes.Answer(VERSION, 0);
                    default -> throw new IllegalArgumentException("Bad option `" + a + "' (argc " + (i + 1) + ")");
                }
            }
            if (a.length() < 2 || a.charAt(0) != '-') {
                continue; // an operand ("-5" is an option to clif, refused below as traceroute 2.1.2 refuses it)
            }
            for (int k = 1; k < a.length(); k++) {
                char c = a.charAt(k);
                int v = WITH_VALUE.indexOf(c);
                if (v >= 0) {
                    if (k + 1 == a.length() && i + 1 == argv.size()) {
                        throw new IllegalArgumentException("Option `-" + c + "' (argc " + (i + 1) + ") requires an argument: `-" + c
                                + " " + VALUE_NAMES.get(v) + "'");
                    }
                    i += k + 1 == a.length() ? 1 : 0;
                    continue scan;
                }
                if (c == 'V') {
                    throw new TracerouteProbes.Answer(VERSION, 0);
                }
                if (flags.indexOf(c) < 0) {
                    throw new IllegalArgumentException("Bad option `-" + c + "' (argc " + (i + 1) + ")"); // clif's words
                }
            }
        }
        Args a = new Args(argv, WITH_VALUE, flags);
        if (a.operands.isEmpty()) {
            throw new IllegalArgumentException("Specify \"host\" missing argument.");
        }
        if (a.operands.size() > 2) {
            throw new IllegalArgumentException("Extra arg `" + a.operands.get(2) + "' (position 3, argc " + a.operandAt.get(2) + ")");
        }
        return a;
    }

    /**
     * The probing method: the last of -I (ICMP echo), -T (TCP SYN) and -U (UDP to one port) on the
     * line, as each sets traceroute's module in turn; 0 for the default (UDP to rising ports).
     */
    static char method(List<String> argv) {
        char m = 0;
        scan:
        for (String a : argv) {
            if (a.equals("--")) {
                break;
            }
            if (a.length() < 2 || a.charAt(0) != '-' || a.charAt(1) == '-') {
                continue;
            }
            for (int k = 1; k < a.length(); k++) {
                char c = a.charAt(k);
                if (WITH_VALUE.indexOf(c) >= 0) {
                    continue scan; // the rest is its value
                }
                if (c == 'I' || c == 'T' || c == 'U') {
                    m = c;
                }
            }
        }
        return m;
    }

    /** traceroute 2.1.2's --help (clif's usage, with argv[0] as traceroute). */
    static List<String> help() {
        return textLines("traceroute-help.txt");
    }

    /** The lines of a text resource of this package (a tool's usage as the real one prints it), its last newline left off. */
    static List<String> textLines(String resource) {
        try (java.io.InputStream in = Traceroute.class.getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return List.of(text.substring(0, text.length() - 1).split("\n", -1));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        if (Ping.ipv6(argv)) {
            // -6, or an IPv6 literal: traceroute over IPv6 (Traceroute6)
            new Traceroute6().start(node, argv, term);
            return;
        }
        TracerouteProbes.orExError(term, () -> {
            Args a = parse(argv);
            Session s = new Session(node, a, term, method(argv));
            // traceroute 2.1's getaddr: getaddrinfo with AF_UNSPEC, its first IPv4 address (DEF_AF),
            // else its first address of any family
            boolean only4 = a.has('4'); // -4n too
            Names.getaddrinfo(node, s.target, 0, found -> {
                Names.Addr v4 = Names.first(found, 4);
                if (v4 == null && !found.isEmpty() && !only4) {
                    Traceroute6.begin(node, argv, term, found.get(0).v6());
                    return;
                }
                s.dst = v4 == null ? 0 : v4.v4();
                s.begin();
            });
        });
    }

    /**
     * A port in the ephemeral range that no TCP socket of {@code node} holds and no probe of the
     * run took ({@code taken}), from a random start as bind(2) picks one: the tcp module's source
     * ports, over IPv4 and IPv6.
     */
    static int freeSourcePort(Node node, java.util.Set<Integer> taken, java.util.SplittableRandom random) {
        java.util.Set<Integer> used = new java.util.HashSet<>(taken);
        for (var s : node.tcp().sockets()) {
            used.add(s instanceof dev.minternet.transport.tcp.TcpConnection c ? c.localPort()
                    : ((dev.minternet.transport.tcp.TcpListener) s).port());
        }
        int span = TcpStack.EPHEMERAL_HIGH - TcpStack.EPHEMERAL_LOW + 1;
        int start = random.nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = TcpStack.EPHEMERAL_LOW + (start + i) % span;
            if (!used.contains(port)) {
                return port;
            }
        }
        return TcpStack.EPHEMERAL_LOW + start;
    }

    private static final class Session extends TracerouteProbes<Integer> implements Icmp.EchoListener {
        int dst;
        final boolean icmp;
        /** 'T' (TCP SYN to one port), 'U' (UDP to one port, a socket a probe), or 0. */
        final char method;
        /** The one destination port of -T (80) and -U (53), -p otherwise. */
        final int port;
        final boolean df;
        final boolean asLookups;
        UdpSocket socket;
        int echoId;
        /** -T: the probes by their source port, the TCP handler's tap, the stream for ports and sequence numbers. */
        java.util.Map<Integer, Integer> bySourcePort;
        TcpTap tap;
        java.util.SplittableRandom random;
        /** -U: each probe's socket. */
        UdpSocket[] sockets;

        Session(Node node, Args a, Terminal term, char method) {
            super(node, a, term, DEFAULT_PACKET_LEN, method == 'T' ? TCP_PACKET_LEN : 28);
            this.method = method;
            this.icmp = method == 'I';
            this.port = a.value('p') != null ? basePort : method == 'T' ? 80 : 53;
            this.df = a.has('F');
            this.asLookups = a.has('A');
            if (method == 'T') {
                packetLen = TCP_PACKET_LEN; // traceroute's tcp module sends its headers alone
            }
        }

        void begin() {
            if (dst == 0) {
                // -4 with an IPv6 literal: getaddrinfo's EAI_ADDRFAMILY
                term.println(target + ": " + (Ip6.isAddress(target) ? "Address family for hostname not supported"
                        : "Name or service not known"));
                term.println("Cannot handle \"host\" cmdline arg `" + target + "' on position 1 (argc " + argc + ")");
                term.exit(2);
                return;
            }
            if (node.ip().sourceAddressFor(dst) == 0) {
                term.println("connect: Network is unreachable");
                term.exit(1);
                return;
            }
            if (icmp) {
                echoId = node.ip().icmp().openEcho(this, node.random("traceroute-id"));
            } else if (method == 'T') {
                bySourcePort = new java.util.HashMap<>();
                random = node.random("traceroute-tcp");
                node.tcp(); // made at first use, and registered then: before the tap wraps it
                tap = new TcpTap(node.ip().handler(Ipv4Packet.PROTO_TCP));
                node.ip().register(Ipv4Packet.PROTO_TCP, tap);
            } else if (method == 'U') {
                sockets = new UdpSocket[(maxHops - firstHop + 1) * nq];
            } else {
                socket = node.udp().open(0);
                socket.setDontFragment(df);
                socket.onError(this::udpError);
            }
            run(Ip4.str(dst));
        }

        @Override
        void transmit(Probe<Integer> p, byte[] data) {
            int r = send(p, data);
            if (r == IpStack.ERR_MSG_SIZE) {
                // -F and larger than the path MTU: the local error (IP_RECVERR, no offender) ends the trace, " *  0.000 ms !F-1500"
                complete(p, 0, node.sim().now() - p.sentAt, " !F-" + node.ip().pathMtu(dst), true);
            }
        }

        /** Sends probe {@code p} by the method; the IP layer's status. */
        private int send(Probe<Integer> p, byte[] data) {
            if (icmp) {
                return node.ip().icmp().sendEcho(dst, echoId, p.index + 1, p.hop, data, df ? PmtuDisc.DO : PmtuDisc.DONT);
            } else if (method == 'T') {
                return sendSyn(p);
            } else if (method == 'U') {
                // traceroute's udp module: a socket a probe (its own source port), one destination port
                UdpSocket s = node.udp().open(0);
                int idx = p.index;
                s.setTtl(p.hop);
                s.setDontFragment(df);
                s.onError((from, type, code, mtu, quoted) -> {
                    if (Ipv4Packet.dst(quoted, 0) == dst) {
                        classify(idx, from, type, code, mtu);
                    }
                });
                s.onRead((src, sport, buf, off, len) -> {
                    if (src == dst && probe(idx) != null) {
                        complete(probe(idx), dst, node.sim().now() - probe(idx).sentAt, "", true); // an answer: reached
                    }
                });
                sockets[idx] = s;
                return s.send(dst, port, data);
            }
            socket.setTtl(p.hop);
            return socket.send(dst, basePort + p.index, data);
        }

        /**
         * A TCP SYN as traceroute 2.1's tcp module sends it on a raw socket: from a free source
         * port of its own (the probe's key), a random sequence number, a window of four times the
         * MSS (16 bits), and the options a Linux SYN carries (MSS of the path MTU less 40, SACK
         * permitted, a timestamp, window scale 2); no DF unless -F.
         */
        private int sendSyn(Probe<Integer> p) {
            int src = node.ip().sourceAddressFor(dst);
            int sport = freeSourcePort();
            bySourcePort.put(sport, p.index);
            int mss = node.ip().pathMtu(dst) - Ipv4Packet.MIN_HEADER - TcpPacket.MIN_HEADER;
            TcpOptions o = new TcpOptions(mss, 2, true, new int[0], true, random.nextInt(), 0);
            byte[] d = IpStack.allocate(TCP_PACKET_LEN - Ipv4Packet.MIN_HEADER);
            TcpRepr.control(sport, port, random.nextInt(), 0, TcpPacket.SYN, (4 * mss) & 0xffff, o).emit(d, IpStack.HEADER_ROOM,
                    src, dst);
            return node.ip().output(d, src, dst, Ipv4Packet.PROTO_TCP, p.hop, df);
        }

        private int freeSourcePort() {
            return Traceroute.freeSourcePort(node, bySourcePort.keySet(), random);
        }

        /**
         * What a raw TCP socket would see, handed on to the node's TCP: a SYN-ACK or RST from the
         * target's port to a probe's source port ends the trace there (the node's TCP answers a
         * SYN-ACK with a reset, as no socket is listening or connecting there); an ICMP error
         * quoting a probe is classified as for UDP probes.
         */
        private final class TcpTap implements dev.minternet.ip.ProtocolHandler {
            final dev.minternet.ip.ProtocolHandler inner;
            boolean active = true;

            TcpTap(dev.minternet.ip.ProtocolHandler inner) {
                this.inner = inner;
            }

            @Override
            public void receive(dev.minternet.ip.IpHeaderView ip) {
                if (active && ip.src() == dst && ip.payloadLength() >= 8) {
                    byte[] b = ip.buffer();
                    int off = ip.payloadOffset();
                    Integer idx = TcpPacket.srcPort(b, off) == port ? bySourcePort.get(TcpPacket.dstPort(b, off)) : null;
                    if (idx != null) {
                        Probe<Integer> p = probe(idx);
                        complete(p, dst, node.sim().now() - p.sentAt, "", true);
                    }
                }
                if (inner != null) {
                    inner.receive(ip);
                }
            }

            @Override
            public boolean readsInPlace() {
                return inner != null && inner.readsInPlace();
            }

            @Override
            public void icmpError(dev.minternet.ip.IpHeaderView error, int type, int code, int nextHopMtu,
                                  dev.minternet.ip.IpHeaderView quoted) {
                if (active && quoted.dst() == dst) {
                    byte[] b = quoted.buffer();
                    int off = quoted.payloadOffset();
                    Integer idx = TcpPacket.dstPort(b, off) == port ? bySourcePort.get(TcpPacket.srcPort(b, off)) : null;
                    if (idx != null) {
                        classify(idx, error.src(), type, code, nextHopMtu);
                    }
                }
                if (inner != null) {
                    inner.icmpError(error, type, code, nextHopMtu, quoted);
                }
            }
        }

        void udpError(int from, int type, int code, int mtu, byte[] quoted) {
            int qhl = Ipv4Packet.headerLength(quoted, 0);
            if (Ipv4Packet.dst(quoted, 0) != dst) {
                return;
            }
            int idx = UdpPacket.dstPort(quoted, qhl) - basePort;
            classify(idx, from, type, code, mtu);
        }

        @Override
        public void echoReply(int from, int sequence, byte[] datagram) {
            if (from == dst) {
                Probe<Integer> p = probe(sequence - 1);
                if (p != null) {
                    complete(p, from, node.sim().now() - p.sentAt, "", true);
                }
            }
        }

        @Override
        public void error(int from, int type, int code, int sequence, int mtu, byte[] datagram) {
            classify(sequence - 1, from, type, code, mtu);
        }

        void classify(int idx, int from, int type, int code, int mtu) {
            Probe<Integer> p = probe(idx);
            if (p == null) {
                return;
            }
            long rtt = node.sim().now() - p.sentAt;
            if (type == IcmpPacket.TIME_EXCEEDED) {
                complete(p, from, rtt, "", false);
                return;
            }
            String ann = switch (code) {
                case IcmpPacket.CODE_PORT_UNREACHABLE -> from == dst ? "" : " !P";
                case IcmpPacket.CODE_NET_UNREACHABLE -> " !N";
                case IcmpPacket.CODE_HOST_UNREACHABLE -> " !H";
                case IcmpPacket.CODE_PROTOCOL_UNREACHABLE -> " !P";
                case IcmpPacket.CODE_FRAGMENTATION_NEEDED -> " !F-" + mtu;
                case IcmpPacket.CODE_ADMIN_PROHIBITED -> " !X";
                default -> " !<" + code + ">";
            };
            complete(p, from, rtt, ann, true);
        }

        @Override
        String text(Integer addr) {
            return Ip4.str(addr);
        }

        /** The address as traceroute prints it: numeric or "name (address)", then " [AS...]" with -A. */
        @Override
        String hostLabel(Integer addr) {
            if (addr == 0) {
                return "*"; // a local error: no offender's address
            }
            String label;
            if (numeric) {
                label = Ip4.str(addr);
            } else {
                String name = node.world().reverse(addr);
                label = (name == null ? Ip4.str(addr) : name) + " (" + Ip4.str(addr) + ")";
            }
            return asLookups ? label + " [" + AsPathLookup.lookup(node.world(), addr) + "]" : label;
        }

        @Override
        void close() {
            if (socket != null) {
                socket.close();
            }
            if (sockets != null) {
                for (UdpSocket u : sockets) {
                    if (u != null) {
                        u.close();
                    }
                }
            }
            if (tap != null) {
                tap.active = false;
                if (node.ip().handler(Ipv4Packet.PROTO_TCP) == tap) {
                    node.ip().register(Ipv4Packet.PROTO_TCP, tap.inner); // else another tap wraps it: it passes through
                }
            }
            if (icmp) {
                node.ip().icmp().closeEcho(echoId);
            }
        }
    }
}
