package dev.minternet.tools;

import dev.minternet.ip.Icmp;
import dev.minternet.ip.PmtuDisc;
import dev.minternet.node.Node;
import dev.minternet.transport.udp.UdpSocket;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv4Packet;
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

    @Override
    public String name() {
        return "traceroute";
    }

    @Override
    public String synopsis() {
        return "traceroute [-4|-6] [-I] [-n] [-A] [-f first_ttl] [-m max_ttl] [-q nqueries] [-w max[,here,near]] [-N squeries] [-p port] host [packetlen]";
    }

    @Override
    public void validate(List<String> argv) {
        try {
            if (Ping.ipv6(argv)) {
                new Traceroute6().validate(argv);
                return;
            }
            new Session(Validation.node(), parse(argv), Validation.SILENT);
        } catch (TracerouteProbes.Answer a) {
            // --help and --version: nothing to refuse
        }
    }

    private static Args parse(List<String> argv) {
        return parse(argv, "InA4");
    }

    /** The options that take a value, and the value's name in clif's "requires an argument" error. */
    private static final String WITH_VALUE = "fmqwNp";
    private static final List<String> VALUE_NAMES = List.of("first_ttl", "max_ttl", "nqueries", "MAX,HERE,NEAR", "squeries", "port");

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
            if (a.length() < 2 || a.charAt(0) != '-' || Character.isDigit(a.charAt(1)) && flags.indexOf(a.charAt(1)) < 0) {
                continue; // an operand, as Args reads "-5"
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

    /** traceroute 2.1.2's --help (clif's usage, with argv[0] as traceroute). */
    static List<String> help() {
        try (java.io.InputStream in = Traceroute.class.getResourceAsStream("traceroute-help.txt")) {
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
            Session s = new Session(node, a, term);
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

    private static final class Session extends TracerouteProbes<Integer> implements Icmp.EchoListener {
        int dst;
        final boolean icmp;
        final boolean asLookups;
        UdpSocket socket;
        int echoId;

        Session(Node node, Args a, Terminal term) {
            super(node, a, term, DEFAULT_PACKET_LEN, 28);
            this.icmp = a.has('I');
            this.asLookups = a.has('A');
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
            } else {
                socket = node.udp().open(0);
                socket.onError(this::udpError);
            }
            run(Ip4.str(dst));
        }

        @Override
        void transmit(Probe<Integer> p, byte[] data) {
            if (icmp) {
                node.ip().icmp().sendEcho(dst, echoId, p.index + 1, p.hop, data, PmtuDisc.DONT);
            } else {
                socket.setTtl(p.hop);
                socket.send(dst, basePort + p.index, data);
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
            if (icmp) {
                node.ip().icmp().closeEcho(echoId);
            }
        }
    }
}
