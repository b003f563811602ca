package dev.minternet.tools;

import dev.minternet.ip.Icmp;
import dev.minternet.ip.PmtuDisc;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.transport.udp.UdpSocket;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.UdpPacket;
import java.util.List;
import java.util.Locale;

/**
 * traceroute, as the Linux traceroute (2.x) prints it. By default UDP probes to ports 33434 and
 * up, three per hop, TTL rising from 1; routers answer with ICMP time exceeded, the destination
 * with port unreachable. -I uses ICMP echo instead. Up to 16 probes are in flight at once (-N),
 * each waits at most 5 s (-w); a silent probe prints "*". -A prints each hop's AS after its address,
 * " [AS100]" or " [*]", from the simulated world rather than a whois registry ({@link AsPathLookup}).
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
        return "traceroute [-6] [-I] [-n] [-A] [-f first_ttl] [-m max_ttl] [-q nqueries] [-w wait] [-N squeries] [-p port] host [packetlen]";
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
        Args a = new Args(argv, "fmqwNp", "InA");
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
        try {
            Session s = new Session(node, parse(argv), term);
            Names.resolve(node, s.target, addr -> {
                s.dst = addr;
                s.begin();
            });
        } catch (IllegalArgumentException e) {
            term.println("traceroute: " + e.getMessage());
            term.exit(2);
        }
    }

    private static final class Probe {
        int ttl;
        int index;
        long sentAt;
        boolean done;
        int from;
        long rttNs = -1;
        String annotation = "";
        boolean final_;
        Timer timeout;
    }

    private static final class Session implements Icmp.EchoListener {
        final Node node;
        final Terminal term;
        final String target;
        int dst;
        final boolean icmp;
        final boolean numeric;
        final boolean asLookups;
        final int firstTtl;
        final int maxTtl;
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
        UdpSocket socket;
        int echoId;
        boolean finished;

        Session(Node node, Args a, Terminal term) {
            this.node = node;
            this.term = term;
            this.target = a.operands.get(0);
            this.icmp = a.has('I');
            this.numeric = a.has('n');
            this.asLookups = a.has('A');
            this.firstTtl = a.integer('f', 1, 1, 255, "first hop");
            this.maxTtl = a.integer('m', 30, 1, 255, "max hops");
            this.nq = a.integer('q', 3, 1, 10, "nqueries");
            this.wait = a.seconds('w', 5 * Durations.S);
            this.simProbes = a.integer('N', 16, 1, 256, "squeries");
            this.basePort = a.integer('p', BASE_PORT, 1, 65535, "port");
            int len = DEFAULT_PACKET_LEN;
            if (a.operands.size() == 2) {
                try {
                    len = Integer.parseInt(a.operands.get(1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Cannot handle \"packetlen\" cmdline arg `" + a.operands.get(1) + "'");
                }
            }
            this.packetLen = Math.max(len, 28);
            if (firstTtl > maxTtl) {
                throw new IllegalArgumentException("first hop out of range");
            }
        }

        void begin() {
            if (dst == 0) {
                term.println(target + ": Name or service not known");
                term.println("Cannot handle \"host\" cmdline arg `" + target + "' on position 1 (argc 1)");
                term.exit(2);
                return;
            }
            if (node.ip().sourceAddressFor(dst) == 0) {
                term.println("connect: Network is unreachable");
                term.exit(1);
                return;
            }
            int hops = maxTtl - firstTtl + 1;
            probes = new Probe[hops * nq];
            for (int i = 0; i < probes.length; i++) {
                Probe p = new Probe();
                p.ttl = firstTtl + i / nq;
                p.index = i;
                probes[i] = p;
            }
            if (icmp) {
                echoId = node.ip().icmp().openEcho(this, node.random("traceroute-id"));
            } else {
                socket = node.udp().open(0);
                socket.onError(this::udpError);
            }
            term.println("traceroute to " + target + " (" + Ip4.str(dst) + "), " + maxTtl + " hops max, " + packetLen
                    + " byte packets");
            term.onInterrupt(this::finish);
            pump();
        }

        /** Keeps up to simProbes probes outstanding, never past the hop where the target answered. */
        void pump() {
            while (!finished && inFlight < simProbes && nextToSend < probes.length
                    && probes[nextToSend].ttl <= lastHop) {
                send(probes[nextToSend++]);
            }
        }

        void send(Probe p) {
            p.sentAt = node.sim().now();
            inFlight++;
            p.timeout = new Timer(node.sim(), () -> complete(p, 0, -1, "", false));
            p.timeout.setAfter(wait);
            int dataLen = packetLen - 28;
            byte[] data = new byte[Math.max(0, dataLen)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (0x40 + i);
            }
            if (icmp) {
                node.ip().icmp().sendEcho(dst, echoId, p.index + 1, p.ttl, data, PmtuDisc.DONT);
            } else {
                socket.setTtl(p.ttl);
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
                int idx = sequence - 1;
                if (idx >= 0 && idx < probes.length) {
                    complete(probes[idx], from, node.sim().now() - probes[idx].sentAt, "", true);
                }
            }
        }

        @Override
        public void error(int from, int type, int code, int sequence, int mtu, byte[] datagram) {
            classify(sequence - 1, from, type, code, mtu);
        }

        void classify(int idx, int from, int type, int code, int mtu) {
            if (idx < 0 || idx >= probes.length) {
                return;
            }
            Probe p = probes[idx];
            long rtt = node.sim().now() - p.sentAt;
            if (type == IcmpPacket.TIME_EXCEEDED) {
                complete(p, from, rtt, "", false);
                return;
            }
            String ann;
            boolean fin = true;
            switch (code) {
                case IcmpPacket.CODE_PORT_UNREACHABLE -> ann = from == dst ? "" : " !P";
                case IcmpPacket.CODE_NET_UNREACHABLE -> ann = " !N";
                case IcmpPacket.CODE_HOST_UNREACHABLE -> ann = " !H";
                case IcmpPacket.CODE_PROTOCOL_UNREACHABLE -> ann = " !P";
                case IcmpPacket.CODE_FRAGMENTATION_NEEDED -> ann = " !F-" + mtu;
                case IcmpPacket.CODE_ADMIN_PROHIBITED -> ann = " !X";
                default -> ann = " !<" + code + ">";
            }
            complete(p, from, rtt, ann, fin);
        }

        void complete(Probe p, int from, long rtt, String annotation, boolean isFinal) {
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
                lastHop = Math.min(lastHop, p.ttl);
            }
            if (node.trace().enabled()) {
                node.trace().emit(node.name(), ToolEvents.TRACEROUTE_PROBE, p.ttl, p.index % nq, from == 0 ? "*" : Ip4.str(from), rtt);
            }
            printReady();
            pump();
        }

        /** Prints finished hops in order; ends after the hop where the destination answered. */
        void printReady() {
            while (!finished && nextToPrint * nq < probes.length) {
                int base = nextToPrint * nq;
                for (int q = 0; q < nq; q++) {
                    if (!probes[base + q].done) {
                        return;
                    }
                }
                int ttl = probes[base].ttl;
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%2d ", ttl));
                int lastFrom = 0;
                boolean reached = false;
                for (int q = 0; q < nq; q++) {
                    Probe p = probes[base + q];
                    if (p.rttNs < 0) {
                        sb.append(" *");
                        continue;
                    }
                    if (p.from != lastFrom) {
                        sb.append(' ').append(hostLabel(p.from));
                        lastFrom = p.from;
                    }
                    sb.append(String.format(Locale.ROOT, "  %.3f ms", p.rttNs / 1e6)).append(p.annotation);
                    reached |= p.final_;
                }
                term.println(sb.toString());
                nextToPrint++;
                if (reached || ttl >= lastHop || nextToPrint * nq >= probes.length) {
                    finish();
                    return;
                }
            }
        }

        /** The address as traceroute prints it: numeric or "name (address)", then " [AS...]" with -A. */
        String hostLabel(int addr) {
            String label;
            if (numeric) {
                label = Ip4.str(addr);
            } else {
                String name = node.world().reverse(addr);
                label = (name == null ? Ip4.str(addr) : name) + " (" + Ip4.str(addr) + ")";
            }
            return asLookups ? label + " [" + AsPathLookup.lookup(node.world(), addr) + "]" : label;
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
            if (icmp) {
                node.ip().icmp().closeEcho(echoId);
            }
            term.exit(0);
        }
    }
}
