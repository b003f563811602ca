package dev.minternet.transport.udp;

import dev.minternet.ip6.Ip6Stack;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Packet;
import dev.minternet.wire.UdpPacket;

/**
 * An event-driven UDP socket over IPv6 bound to a local port on every IPv6 address of the node
 * ({@code [::]:port}), as an AF_INET6 socket with IPV6_V6ONLY: its port space is separate from
 * the IPv4 sockets' ({@link UdpSocket}). The checksum is always sent (RFC 8200 8.1).
 */
public final class Udp6Socket {
    /** Receives datagrams. {@code datagram} is the whole IPv6 datagram (for the hop limit and such). */
    @FunctionalInterface
    public interface Receiver {
        void receive(Ip6 src, int srcPort, byte[] payload, byte[] datagram);
    }

    /**
     * Receives ICMPv6 errors about datagrams this socket sent (Linux IPV6_RECVERR); the quoted
     * IPv6 datagram starts at {@code quoted} of {@code error}.
     */
    @FunctionalInterface
    public interface ErrorReceiver {
        void error(Ip6 from, int type, int code, long word, byte[] error, int quoted);
    }

    private final UdpStack stack;
    private final int port;
    private Receiver receiver;
    private ErrorReceiver errorReceiver;
    private int hopLimit = Ipv6Packet.DEFAULT_HOP_LIMIT;
    private boolean dontFragment;
    private boolean closed;
    long received;
    long sent;

    Udp6Socket(UdpStack stack, int port) {
        this.stack = stack;
        this.port = port;
    }

    public int localPort() {
        return port;
    }

    public Udp6Socket onReceive(Receiver r) {
        this.receiver = r;
        return this;
    }

    public Udp6Socket onError(ErrorReceiver r) {
        this.errorReceiver = r;
        return this;
    }

    /** IPV6_UNICAST_HOPS. */
    public void setHopLimit(int h) {
        this.hopLimit = h;
    }

    public int hopLimit() {
        return hopLimit;
    }

    /**
     * IPV6_PMTUDISC_DO: a datagram larger than the path MTU is never fragmented at the source;
     * the send fails with {@link Ip6Stack#ERR_MSG_SIZE} (EMSGSIZE) instead.
     */
    public void setDontFragment(boolean df) {
        this.dontFragment = df;
    }

    public long datagramsReceived() {
        return received;
    }

    public long datagramsSent() {
        return sent;
    }

    /**
     * Sends {@code payload} to {@code [dst]:dstPort} from the source address selection picks;
     * returns an {@link Ip6Stack} status ({@link Ip6Stack#ERR_NO_ROUTE} when none).
     */
    public int send(Ip6 dst, int dstPort, byte[] payload) {
        return send(null, dst, dstPort, payload);
    }

    /**
     * As {@link #send(Ip6, int, byte[])} from source address {@code src} (IPV6_PKTINFO: a server
     * answers from the address it was asked at, as BIND does); null lets selection pick.
     */
    public int send(Ip6 src, Ip6 dst, int dstPort, byte[] payload) {
        if (closed) {
            throw new IllegalStateException("socket closed");
        }
        Ip6Stack ip6 = stack.ip6();
        if (src == null && ip6 != null) {
            src = ip6.sourceFor(dst);
        } else if (src != null && (ip6 == null || !ip6.isLocal(src))) {
            src = null;
        }
        if (src == null) {
            return Ip6Stack.ERR_NO_ROUTE;
        }
        if (UdpPacket.HEADER + payload.length > 65535) {
            return Ip6Stack.ERR_MSG_SIZE;
        }
        byte[] u = UdpPacket.build6(src, dst, port, dstPort, payload);
        sent++;
        stack.traceSend(port, dst.toString(), dstPort, payload.length);
        return ip6.send(Ipv6Packet.NEXT_UDP, u, src, dst, hopLimit, !dontFragment); // WANT fragments past the path MTU, DO refuses
    }

    void deliver(Ip6 src, int srcPort, byte[] payload, byte[] datagram) {
        received++;
        if (receiver != null) {
            receiver.receive(src, srcPort, payload, datagram);
        }
    }

    void deliverError(Ip6 from, int type, int code, long word, byte[] error, int quoted) {
        if (errorReceiver != null) {
            errorReceiver.error(from, type, code, word, error, quoted);
        }
    }

    public void close() {
        if (!closed) {
            closed = true;
            stack.unbind6(this);
        }
    }

    public boolean isClosed() {
        return closed;
    }
}
