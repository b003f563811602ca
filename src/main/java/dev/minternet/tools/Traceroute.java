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
        if (Ping.ipv6(argv)) {
            new Traceroute6().validate(argv);
            return;
        }
        new Session(Validation.node(), parse(argv), Validation.SILENT);
    }

    private static Args parse(List<String> argv) {
        return parse(argv, "InA4");
    }

    /** A traceroute command line with the flags {@code flags}, refused unless it names the host (and at most a packet length). */
    static Args parse(List<String> argv, String flags) {
        Args a;
        try {
            a = new Args(argv, "fmqwNp", flags);
        } catch (Args.BadOption e) {
            throw new IllegalArgumentException("Bad option `-" + e.option + "' (argc " + e.position + ")"); // clif's words
        }
        if (a.operands.isEmpty() || a.operands.size() > 2) {
            throw new IllegalArgumentException("Specify \"host\" missing argument.");
        }
        return a;
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
