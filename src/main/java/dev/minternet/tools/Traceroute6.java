package dev.minternet.tools;

import dev.minternet.ip6.Ip6Stack;
import dev.minternet.node.Node;
import dev.minternet.transport.udp.Udp6Socket;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Packet;
import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.TcpRepr;
import dev.minternet.wire.UdpPacket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

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
 * asked), or the address alone with -n. As over IPv4, -I sends ICMPv6 echo requests (the
 * destination answers with an echo reply), -U UDP to port 53 from a socket a probe, and -T TCP
 * SYNs to port 80 (a SYN-ACK or RST from the destination ends the trace); every method's packets
 * are 80 bytes, as traceroute 2.1.2 sends them on Linux (checked with tcpdump on ::1).
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
        new Session(Validation.node(), parse(argv), Validation.SILENT, Traceroute.method(argv));
    }

    static Args parse(List<String> argv) {
        return Traceroute.parse(argv, "n6ITU");
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        TracerouteProbes.orExError(term, () -> {
            Session s = new Session(node, parse(argv), term, Traceroute.method(argv));
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
            Session s = new Session(node, parse(argv), term, Traceroute.method(argv));
            s.dst = dst;
            s.begin();
        });
    }

    private static final class Session extends TracerouteProbes<Ip6> implements Ip6Stack.EchoListener {
        Ip6 dst;
        Udp6Socket socket;
        /** 'I' (ICMPv6 echo), 'T' (TCP SYN to one port), 'U' (UDP to one port, a socket a probe), or 0. */
        final char method;
        /** The one destination port of -T (80) and -U (53), -p otherwise. */
        final int port;
        int echoId;
        /** -U: each probe's socket. */
        Udp6Socket[] sockets;
        /** -T: the probes by their source port, the tap on the node's TCP over IPv6, the stream for ports and sequence numbers. */
        Map<Integer, Integer> bySourcePort;
        Tap tap;
        SplittableRandom random;

        Session(Node node, Args a, Terminal term, char method) {
            super(node, a, term, DEFAULT_PACKET_LEN, method == 'T' ? DEFAULT_PACKET_LEN : HEADERS);
            this.method = method;
            this.port = a.value('p') != null ? basePort : method == 'T' ? 80 : 53;
            if (method == 'T') {
                packetLen = DEFAULT_PACKET_LEN; // the tcp module sends its headers alone: 40 + 20 + 20 of options
            }
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
            if (method == 'I') {
                echoId = node.ip6().openEcho(this, node.random("traceroute6-id"));
            } else if (method == 'U') {
                sockets = new Udp6Socket[(maxHops - firstHop + 1) * nq];
            } else if (method == 'T') {
                bySourcePort = new HashMap<>();
                random = node.random("traceroute6-tcp");
                node.tcp(); // made at first use, with its IPv6 layer: before the tap wraps it
                tap = new Tap(node.tcp().ipv6Layer());
                node.ip6().register(Ipv6Packet.NEXT_TCP, tap);
            } else {
                socket = node.udp().open6(0);
                socket.onError(this::udpError);
            }
            run(dst.toString());
        }

        @Override
        void transmit(Probe<Ip6> p, byte[] data) {
            if (method == 'I') {
                node.ip6().sendEcho(dst, echoId, p.index + 1, p.hop, data);
            } else if (method == 'U') {
                Udp6Socket u = node.udp().open6(0);
                int idx = p.index;
                u.setHopLimit(p.hop);
                u.onError((from, type, code, word, d, quoted) -> {
                    if (d.length >= quoted + HEADERS && Ipv6Packet.dst(d, quoted).equals(dst)) {
                        classify(idx, from, type, code, word);
                    }
                });
                u.onReceive((src, sport, payload, datagram) -> {
                    if (src.equals(dst) && probe(idx) != null) {
                        complete(probe(idx), dst, node.sim().now() - probe(idx).sentAt, "", true); // an answer: reached
                    }
                });
                sockets[idx] = u;
                u.send(dst, port, data);
            } else if (method == 'T') {
                sendSyn(p);
            } else {
                socket.setHopLimit(p.hop);
                socket.send(dst, basePort + p.index, data);
            }
        }

        /**
         * A TCP SYN as traceroute 2.1's tcp module sends it over IPv6: from a free source port of
         * its own (the probe's key), a random sequence number, a window of four times the MSS (16
         * bits) and a Linux SYN's options (MSS of the path MTU less 60, SACK permitted, a
         * timestamp, window scale 2).
         */
        private void sendSyn(Probe<Ip6> p) {
            Ip6 src = node.ip6().sourceFor(dst);
            int sport = Traceroute.freeSourcePort(node, bySourcePort.keySet(), random);
            bySourcePort.put(sport, p.index);
            int mss = node.ip6().pathMtu(dst) - Ipv6Packet.HEADER - TcpPacket.MIN_HEADER;
            TcpOptions o = new TcpOptions(mss, 2, true, new int[0], true, random.nextInt(), 0);
            TcpRepr syn = TcpRepr.control(sport, port, random.nextInt(), 0, TcpPacket.SYN, (4 * mss) & 0xffff, o);
            byte[] b = new byte[syn.length()];
            syn.emit6(b, 0, src, dst);
            node.ip6().send(Ipv6Packet.NEXT_TCP, b, src, dst, p.hop);
        }


        /**
         * What a raw TCP socket over IPv6 would see, handed on to the node's TCP: a SYN-ACK or RST
         * from the destination's port answers a probe; an ICMPv6 error quoting a probe's SYN
         * classifies it.
         */
        private final class Tap implements Ip6Stack.UpperLayer {
            final Ip6Stack.UpperLayer inner;
            boolean active = true;

            Tap(Ip6Stack.UpperLayer inner) {
                this.inner = inner;
            }

            @Override
            public void receive(byte[] d, int off, int len, Ip6 src, Ip6 to) {
                if (active && src.equals(dst) && len >= 8) {
                    Integer idx = TcpPacket.srcPort(d, off) == port ? bySourcePort.get(TcpPacket.dstPort(d, off)) : null;
                    if (idx != null && probe(idx) != null) {
                        Probe<Ip6> p = probe(idx);
                        complete(p, dst, node.sim().now() - p.sentAt, "", true);
                    }
                }
                if (inner != null) {
                    inner.receive(d, off, len, src, to);
                }
            }

            @Override
            public void icmpError(Ip6 from, int type, int code, long word, byte[] d, int quoted) {
                if (active && d.length >= quoted + Ipv6Packet.HEADER + 8 && Ipv6Packet.dst(d, quoted).equals(dst)) {
                    int t = quoted + Ipv6Packet.HEADER;
                    Integer idx = TcpPacket.dstPort(d, t) == port ? bySourcePort.get(TcpPacket.srcPort(d, t)) : null;
                    if (idx != null) {
                        classify(idx, from, type, code, word);
                    }
                }
                if (inner != null) {
                    inner.icmpError(from, type, code, word, d, quoted);
                }
            }
        }

        @Override
        public void echoReply(Ip6 from, int seq, int hopLimit, int length, byte[] datagram) {
            if (from.equals(dst)) {
                Probe<Ip6> p = probe(seq - 1);
                if (p != null) {
                    complete(p, from, node.sim().now() - p.sentAt, "", true);
                }
            }
        }

        @Override
        public void error(Ip6 from, int type, int code, int seq, long word) {
            classify(seq - 1, from, type, code, word);
        }

        void udpError(Ip6 from, int type, int code, long word, byte[] d, int quoted) {
            if (d.length < quoted + HEADERS || !Ipv6Packet.dst(d, quoted).equals(dst)) {
                return;
            }
            classify(UdpPacket.dstPort(d, quoted + Ipv6Packet.HEADER) - basePort, from, type, code, word);
        }

        /** Probe {@code idx} answered by an ICMPv6 error: time exceeded goes on, the rest end the trace with traceroute's marks. */
        void classify(int idx, Ip6 from, int type, int code, long word) {
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
                    case Icmpv6Packet.CODE_PORT_UNREACHABLE -> from.equals(dst) ? "" : " !P";
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
            if (sockets != null) {
                for (Udp6Socket u : sockets) {
                    if (u != null) {
                        u.close();
                    }
                }
            }
            if (tap != null) {
                tap.active = false;
                node.ip6().register(Ipv6Packet.NEXT_TCP, tap.inner);
            }
            if (method == 'I') {
                node.ip6().closeEcho(echoId);
            }
        }
    }
}
