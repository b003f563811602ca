package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.transport.udp.Udp6Socket;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Packet;
import dev.minternet.wire.UdpPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        return "traceroute6 [-n] [-f first_hop] [-m max_hops] [-q nqueries] [-w wait] [-N squeries] [-p port] host [packetlen]";
    }

    @Override
    public void validate(List<String> argv) {
        new Session(Validation.node(), parse(argv), Validation.SILENT);
    }

    static Args parse(List<String> argv) {
        List<String> rest = new ArrayList<>(argv);
        rest.removeIf(x -> x.equals("-6"));
        Args a = new Args(rest, "fmqwNp", "n");
        if (a.operands.isEmpty() || a.operands.size() > 2) {
            throw new IllegalArgumentException("Specify \"host\" missing argument.");
        }
        return a;
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        try {
            Session s = new Session(node, parse(argv), term);
            s.dst = Ping6.resolve(node, s.target);
            s.begin();
        } catch (IllegalArgumentException e) {
            term.println("traceroute: " + e.getMessage());
            term.exit(2);
        }
    }

    private static final class Probe {
        int hop;
        int index;
        long sentAt;
        boolean done;
        Ip6 from;
        long rttNs = -1;
        String annotation = "";
        boolean final_;
        Timer timeout;
    }

    private static final class Session {
        final Node node;
        final Terminal term;
        final String target;
        Ip6 dst;
        final boolean numeric;
        final int firstHop;
        final int maxHops;
        final int nq;
        final long wait;
        final int simProbes;
        final int basePort;
        final int packetLen;
        Probe[] probes;
        int nextToSend;
        int inFlight;
        int nextToPrint;
        int lastHop = Integer.MAX_VALUE;
        Udp6Socket socket;
        boolean finished;

        Session(Node node, Args a, Terminal term) {
            this.node = node;
            this.term = term;
            this.target = a.operands.get(0);
            this.numeric = a.has('n');
            this.firstHop = a.integer('f', 1, 1, 255, "first hop");
            this.maxHops = a.integer('m', 30, 1, 255, "max hops");
            this.nq = a.integer('q', 3, 1, 10, "nqueries");
            this.wait = a.seconds('w', 5 * Durations.S);
            this.simProbes = a.integer('N', 16, 1, 256, "squeries");
            this.basePort = a.integer('p', Traceroute.BASE_PORT, 1, 65535, "port");
            int len = DEFAULT_PACKET_LEN;
            if (a.operands.size() == 2) {
                try {
                    len = Integer.parseInt(a.operands.get(1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Cannot handle \"packetlen\" cmdline arg `" + a.operands.get(1) + "'");
                }
            }
            this.packetLen = Math.max(len, HEADERS);
            if (firstHop > maxHops) {
                throw new IllegalArgumentException("first hop out of range");
            }
        }

        void begin() {
            if (dst == null) {
                term.println(target + ": Name or service not known");
                term.println("Cannot handle \"host\" cmdline arg `" + target + "' on position 1 (argc 1)");
                term.exit(2);
                return;
            }
            if (node.ip6().sourceFor(dst) == null) {
                term.println("connect: Network is unreachable");
                term.exit(1);
                return;
            }
            int hops = maxHops - firstHop + 1;
            probes = new Probe[hops * nq];
            for (int i = 0; i < probes.length; i++) {
                Probe p = new Probe();
                p.hop = firstHop + i / nq;
                p.index = i;
                probes[i] = p;
            }
            socket = node.udp().open6(0);
            socket.onError(this::udpError);
            term.println("traceroute to " + target + " (" + dst + "), " + maxHops + " hops max, " + packetLen
                    + " byte packets");
            term.onInterrupt(this::finish);
            pump();
        }

        void pump() {
            while (!finished && inFlight < simProbes && nextToSend < probes.length
                    && probes[nextToSend].hop <= lastHop) {
                send(probes[nextToSend++]);
            }
        }

        void send(Probe p) {
            p.sentAt = node.sim().now();
            inFlight++;
            p.timeout = new Timer(node.sim(), () -> complete(p, null, -1, "", false));
            p.timeout.setAfter(wait);
            byte[] data = new byte[packetLen - HEADERS];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (0x40 + i);
            }
            socket.setHopLimit(p.hop);
            socket.send(dst, basePort + p.index, data);
        }

        void udpError(Ip6 from, int type, int code, long word, byte[] d, int quoted) {
            if (d.length < quoted + HEADERS || !Ipv6Packet.dst(d, quoted).equals(dst)) {
                return;
            }
            int idx = UdpPacket.dstPort(d, quoted + Ipv6Packet.HEADER) - basePort;
            if (idx < 0 || idx >= probes.length) {
                return;
            }
            Probe p = probes[idx];
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

        void complete(Probe p, Ip6 from, long rtt, String annotation, boolean isFinal) {
            if (p.done || finished) {
                return;
            }
            p.done = true;
            p.timeout.cancel();
            inFlight--;
            p.from = from;
            p.rttNs = rtt;
            p.annotation = annotation;
            p.final_ = isFinal;
            if (isFinal) {
                lastHop = Math.min(lastHop, p.hop);
            }
            if (node.trace().enabled()) {
                node.trace().emit(node.name(), ToolEvents.TRACEROUTE_PROBE, p.hop, p.index % nq,
                        from == null ? "*" : from.toString(), rtt);
            }
            printReady();
            pump();
        }

        void printReady() {
            while (!finished && nextToPrint * nq < probes.length) {
                int base = nextToPrint * nq;
                for (int q = 0; q < nq; q++) {
                    if (!probes[base + q].done) {
                        return;
                    }
                }
                int hop = probes[base].hop;
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%2d ", hop));
                Ip6 lastFrom = null;
                boolean reached = false;
                for (int q = 0; q < nq; q++) {
                    Probe p = probes[base + q];
                    if (p.rttNs < 0) {
                        sb.append(" *");
                        continue;
                    }
                    if (!p.from.equals(lastFrom)) {
                        sb.append(' ').append(hostLabel(p.from));
                        lastFrom = p.from;
                    }
                    sb.append(String.format(Locale.ROOT, "  %.3f ms", p.rttNs / 1e6)).append(p.annotation);
                    reached |= p.final_;
                }
                term.println(sb.toString());
                nextToPrint++;
                if (reached || hop >= lastHop || nextToPrint * nq >= probes.length) {
                    finish();
                    return;
                }
            }
        }

        String hostLabel(Ip6 addr) {
            if (numeric) {
                return addr.toString();
            }
            String name = Ping6.owner(node, addr);
            return (name == null ? addr.toString() : name) + " (" + addr + ")";
        }

        void finish() {
            if (finished) {
                return;
            }
            finished = true;
            for (Probe p : probes) {
                if (p.timeout != null) {
                    p.timeout.cancel();
                }
            }
            if (socket != null) {
                socket.close();
            }
            term.exit(0);
        }
    }
}
