package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.transport.udp.Udp6Socket;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Packet;
import dev.minternet.wire.UdpPacket;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code traceroute -6} (and {@code traceroute} with an IPv6 literal; not registered as a command of
 * its own, so that "tracer" still completes to traceroute), as the Linux traceroute (2.1) prints it for
 * IPv6: UDP probes to ports 33434 and up, three per hop, the hop limit rising from 1; routers
 * answer with ICMPv6 time exceeded, the destination with port unreachable (RFC 4443 3.1, 3.3).
 * Packets are 80 bytes by default (40-byte IPv6 header, 8-byte UDP header, 32 bytes of data).
 * Up to 16 probes are in flight (-N), each waits at most 5 s (-w); a silent probe prints "*".
 * Unreachable codes print as traceroute does: !N (no route), !X (administratively prohibited),
 * !S (beyond scope), !H (address unreachable). A hop is shown as "name (address)" where the name
 * is the node holding the address (the world's /etc/hosts; reverse DNS under ip6.arpa is not
 * asked), or the address alone with -n. -I (ICMPv6 echo probes) is not modelled for IPv6.
 */
public final class Traceroute6 implements Tool {
    /** Default packet length: IPv6 header + UDP header + 32 bytes of data. */
    static final int DEFAULT_PACKET_LEN = 80;
    static final int HEADERS = Ipv6Packet.HEADER + UdpPacket.HEADER;

    @Override
    public String name() {
        return "traceroute6";
    }

    @Override
    public String synopsis() {
        return "traceroute6 [-n] [-f first_hop] [-m max_hops] [-q nqueries] [-w max[,here,near]] [-N squeries] [-p port] host [packetlen]";
    }

    @Override
    public void validate(List<String> argv) {
        new Session(Validation.node(), parse(argv), Validation.SILENT);
    }

    static Args parse(List<String> argv) {
        return Traceroute.parse(argv, "n6");
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        TracerouteProbes.orExError(term, () -> {
            Session s = new Session(node, parse(argv), term);
            Names.getaddrinfo(node, s.target, 6, found -> {
                Names.Addr first = Names.first(found, 6);
                s.dst = first == null ? null : first.v6();
                s.begin();
            });
        });
    }

    /** traceroute over IPv6 to {@code dst}, the address getaddrinfo gave for a name without an IPv4 one. */
    static void begin(Node node, List<String> argv, Terminal term, Ip6 dst) {
        TracerouteProbes.orExError(term, () -> {
            Session s = new Session(node, parse(argv), term);
            s.dst = dst;
            s.begin();
        });
    }

    private static final class Session extends TracerouteProbes<Ip6> {
        Ip6 dst;
        Udp6Socket socket;

        Session(Node node, Args a, Terminal term) {
            super(node, a, term, DEFAULT_PACKET_LEN, HEADERS);
        }

        void begin() {
            if (dst == null) {
                term.println(target + ": Name or service not known");
                term.println("Cannot handle \"host\" cmdline arg `" + target + "' on position 1 (argc " + argc + ")");
                term.exit(2);
                return;
            }
            if (node.ip6().sourceFor(dst) == null) {
                term.println("connect: Network is unreachable");
                term.exit(1);
                return;
            }
            socket = node.udp().open6(0);
            socket.onError(this::udpError);
            run(dst.toString());
        }

        @Override
        void transmit(Probe<Ip6> p, byte[] data) {
            socket.setHopLimit(p.hop);
            socket.send(dst, basePort + p.index, data);
        }

        void udpError(Ip6 from, int type, int code, long word, byte[] d, int quoted) {
            if (d.length < quoted + HEADERS || !Ipv6Packet.dst(d, quoted).equals(dst)) {
                return;
            }
            int idx = UdpPacket.dstPort(d, quoted + Ipv6Packet.HEADER) - basePort;
            Probe<Ip6> p = probe(idx);
            if (p == null) {
                return;
            }
            long rtt = node.sim().now() - p.sentAt;
            if (type == Icmpv6Packet.TIME_EXCEEDED) {
                complete(p, from, rtt, "", false);
                return;
            }
            String ann;
            if (type == Icmpv6Packet.PACKET_TOO_BIG) {
                ann = " !F-" + word;
            } else if (type != Icmpv6Packet.DEST_UNREACHABLE) {
                ann = " !<" + code + ">";
            } else {
                ann = switch (code) {
                    case Icmpv6Packet.CODE_PORT_UNREACHABLE -> "";
                    case Icmpv6Packet.CODE_NO_ROUTE -> " !N";
                    case Icmpv6Packet.CODE_ADMIN_PROHIBITED -> " !X";
                    case 2 -> " !S";
                    case Icmpv6Packet.CODE_ADDRESS_UNREACHABLE -> " !H";
                    default -> " !<" + code + ">";
                };
            }
            complete(p, from, rtt, ann, true);
        }

        @Override
        String text(Ip6 addr) {
            return addr.toString();
        }

        @Override
        String hostLabel(Ip6 addr) {
            if (numeric) {
                return addr.toString();
            }
            String name = Ping6.owner(node, addr);
            return (name == null ? addr.toString() : name) + " (" + addr + ")";
        }

        @Override
        void close() {
            if (socket != null) {
                socket.close();
            }
        }
    }
}
