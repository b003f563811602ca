package dev.minternet.tools;

import dev.minternet.ip.IpHeaderView;
import dev.minternet.ip.IpStack;
import dev.minternet.ip.ProtocolHandler;
import dev.minternet.node.Node;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.TcpRepr;
import dev.minternet.wire.UdpPacket;
import dev.minternet.wire.UdpRepr;
import java.util.SplittableRandom;

/**
 * mtr 0.95's UDP ({@code -u}) and TCP ({@code -T}) probes over IPv4, as mtr-packet builds them
 * (packet/construct_unix.c), with the probe's sequence number (33000 up) where mtr puts it:
 * <ul>
 *   <li>UDP: {@code psize} bytes in all (28 of headers, zeros after), no DF; without {@code -P}
 *       the sequence is the destination port and the source port comes from mtr's pid
 *       (udp_source_port_from_pid), with {@code -P} the port is the destination and the sequence
 *       the source port. A router answers time exceeded, the destination port unreachable;
 *       the ICMP error quotes the ports, so the sequence.</li>
 *   <li>TCP: mtr opens a stream socket bound to the sequence as its source port and connects to
 *       {@code -P} (80); the kernel's SYN goes out with DF and a Linux SYN's options (MSS of the path
 *       MTU less 40, SACK permitted, a timestamp, window scale 7). The destination answers a
 *       SYN-ACK (a port listening) or a RST (none): either is the last hop. Here the SYN is sent
 *       by the probe itself, not by a socket, so the node's TCP answers a SYN-ACK with a RST where
 *       the real kernel completes the handshake and mtr then closes it (ACK, FIN).</li>
 * </ul>
 * The answers reach mtr's run through {@link Answers}; the probes tap the node's TCP and UDP
 * handlers (passing everything on) while the run lasts.
 */
final class MtrProbes {
    /** What a probe's answer tells the run: the sequence, who answered, whether it was the destination, an ICMP error. */
    interface Answers {
        void reached(int sequence);

        void icmp(int sequence, int from, int type, int code);
    }

    /** mtr's HTTP_PORT, the default of {@code -T}. */
    static final int TCP_DEFAULT_PORT = 80;
    /** packet/protocols.h: a UDP source port from a pid below this is moved up (udp_source_port_from_pid). */
    static final int MIN_UNPRIVILEGED_PORT = 1024;
    static final int UDP_PORT_RANGE = 16384;

    private final Node node;
    private final int dst;
    private final boolean tcp;
    /** {@code -P}: the destination port (0: none given, UDP's sequence is the destination port). */
    private final int port;
    private final int pidPort;
    private final Answers answers;
    private final SplittableRandom random;
    private final Tap tap;

    MtrProbes(Node node, int dst, boolean tcp, int port, int pid, Answers answers) {
        this.node = node;
        this.dst = dst;
        this.tcp = tcp;
        this.port = tcp && port == 0 ? TCP_DEFAULT_PORT : port;
        int p = pid & 0xffff;
        this.pidPort = p < MIN_UNPRIVILEGED_PORT ? p + UDP_PORT_RANGE - MIN_UNPRIVILEGED_PORT : p;
        this.answers = answers;
        this.random = node.random("mtr-tcp");
        int proto = tcp ? Ipv4Packet.PROTO_TCP : Ipv4Packet.PROTO_UDP;
        if (tcp) {
            node.tcp(); // made at first use, and registered then: before the tap wraps it
        } else {
            node.udp();
        }
        this.tap = new Tap(node.ip().handler(proto), proto);
        node.ip().register(proto, tap);
    }

    /** Sends probe {@code sequence} with TTL {@code ttl}, {@code psize} bytes for UDP; the IP layer's status. */
    int send(int sequence, int ttl, int psize) {
        int src = node.ip().sourceAddressFor(dst);
        if (tcp) {
            int mss = node.ip().pathMtu(dst) - Ipv4Packet.MIN_HEADER - TcpPacket.MIN_HEADER;
            TcpOptions o = new TcpOptions(mss, 7, true, null, true, random.nextInt(), 0);
            TcpRepr syn = TcpRepr.control(sequence, port, random.nextInt(), 0, TcpPacket.SYN, 0xffff / mss * mss, o);
            byte[] d = IpStack.allocate(syn.length());
            syn.emit(d, IpStack.HEADER_ROOM, src, dst);
            return node.ip().output(d, src, dst, Ipv4Packet.PROTO_TCP, ttl, true);
        }
        UdpRepr u = port == 0 ? new UdpRepr(pidPort, sequence, new byte[Math.max(0, psize - 28)])
                : new UdpRepr(sequence, port, new byte[Math.max(0, psize - 28)]);
        byte[] d = IpStack.allocate(u.length());
        u.emit(d, IpStack.HEADER_ROOM, src, dst);
        return node.ip().output(d, src, dst, Ipv4Packet.PROTO_UDP, ttl, false);
    }

    /** The sequence a probe's ports carry (-1: not one of this run's). */
    private int sequence(int srcPort, int dstPort) {
        if (tcp) {
            return dstPort == port ? srcPort : -1;
        }
        if (port == 0) {
            return srcPort == pidPort ? dstPort : -1;
        }
        return dstPort == port ? srcPort : -1;
    }

    void close() {
        tap.active = false;
        if (node.ip().handler(tap.proto) == tap) {
            node.ip().register(tap.proto, tap.inner); // else another tap wraps it: it passes through
        }
    }

    /**
     * What mtr-packet's raw sockets see, handed on to the node's own handler: from the destination,
     * a TCP segment from the port to a probe's source port (SYN-ACK or RST); for either protocol, an
     * ICMP error quoting a probe to the destination.
     */
    private final class Tap implements ProtocolHandler {
        final ProtocolHandler inner;
        final int proto;
        boolean active = true;

        Tap(ProtocolHandler inner, int proto) {
            this.inner = inner;
            this.proto = proto;
        }

        @Override
        public void receive(IpHeaderView ip) {
            if (active && tcp && ip.src() == dst && ip.payloadLength() >= 8) {
                byte[] b = ip.buffer();
                int off = ip.payloadOffset();
                int seq = sequence(TcpPacket.dstPort(b, off), TcpPacket.srcPort(b, off));
                if (seq >= 0) {
                    answers.reached(seq);
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
        public void icmpError(IpHeaderView error, int type, int code, int nextHopMtu, IpHeaderView quoted) {
            if (active && quoted.dst() == dst && quoted.payloadLength() >= 4) {
                byte[] b = quoted.buffer();
                int off = quoted.payloadOffset();
                int seq = tcp ? sequence(TcpPacket.srcPort(b, off), TcpPacket.dstPort(b, off))
                        : sequence(UdpPacket.srcPort(b, off), UdpPacket.dstPort(b, off));
                if (seq >= 0) {
                    answers.icmp(seq, error.src(), type, code);
                }
            }
            if (inner != null) {
                inner.icmpError(error, type, code, nextHopMtu, quoted);
            }
        }
    }
}
