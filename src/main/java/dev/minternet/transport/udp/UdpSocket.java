package dev.minternet.transport.udp;

import dev.minternet.ip.IpStack;
import dev.minternet.ip.Route;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.UdpPacket;
import java.util.Arrays;

/** An event-driven UDP socket bound to a local port. */
public final class UdpSocket {
    /**
     * Receives datagrams. {@code datagram} holds the whole IP datagram (for TTL and such): it is the
     * datagram itself when it came over a raw IP link, and the Ethernet frame it arrived in when it
     * came over Ethernet (the datagram then starts at byte {@code EthernetFrame.HEADER}, 14, and
     * the frame may end with padding), since the IP layer no longer copies it out of the frame.
     */
    @FunctionalInterface
    public interface Receiver {
        void receive(int src, int srcPort, byte[] payload, byte[] datagram);
    }

    /**
     * Reads each datagram's payload where it lies: {@code len} bytes of {@code buf} from {@code off}
     * ({@code buf} is the datagram, or the frame it came in), during the call only, as an
     * application reads into its own buffer. No copy of the payload is made for it (a copy per
     * datagram was a quarter of what a large many-hosts run allocated).
     */
    @FunctionalInterface
    public interface PayloadReader extends Receiver {
        void read(int src, int srcPort, byte[] buf, int off, int len);

        @Override
        default void receive(int src, int srcPort, byte[] payload, byte[] datagram) {
            read(src, srcPort, payload, 0, payload.length);
        }
    }

    /** Receives ICMP errors about datagrams this socket sent (Linux IP_RECVERR). */
    @FunctionalInterface
    public interface ErrorReceiver {
        void error(int from, int type, int code, int nextHopMtu, byte[] quoted);
    }

    /**
     * {@link ErrorReceiver} that also reads the TTL the ICMP error arrived with (IP_RECVTTL beside
     * IP_RECVERR: the IP_TTL control message tracepath reads with each error).
     */
    @FunctionalInterface
    public interface TtlErrorReceiver {
        void error(int from, int type, int code, int nextHopMtu, byte[] quoted, int ttl);
    }

    private final UdpStack stack;
    private final int port;
    private Receiver receiver;
    private TtlErrorReceiver errorReceiver;
    private int ttl = IpStack.DEFAULT_TTL;
    private boolean dontFragment;
    private boolean closed;
    long received;
    long sent;

    UdpSocket(UdpStack stack, int port) {
        this.stack = stack;
        this.port = port;
    }

    public int localPort() {
        return port;
    }

    public UdpSocket onReceive(Receiver r) {
        this.receiver = r;
        return this;
    }

    /** {@link #onReceive} for a reader of payloads in place. */
    public UdpSocket onRead(PayloadReader r) {
        return onReceive(r);
    }

    public UdpSocket onError(ErrorReceiver r) {
        this.errorReceiver = (from, type, code, mtu, quoted, ttl) -> r.error(from, type, code, mtu, quoted);
        return this;
    }

    /** {@link #onError} for a receiver that reads the error's TTL too. */
    public UdpSocket onErrorWithTtl(TtlErrorReceiver r) {
        this.errorReceiver = r;
        return this;
    }

    public void setTtl(int ttl) {
        this.ttl = ttl;
    }

    public int ttl() {
        return ttl;
    }

    /** IP_PMTUDISC_DO: set DF, and fail with EMSGSIZE locally instead of fragmenting. */
    public void setDontFragment(boolean df) {
        this.dontFragment = df;
    }

    public long datagramsReceived() {
        return received;
    }

    public long datagramsSent() {
        return sent;
    }

    /** Sends {@code payload} to {@code dst:dstPort}; returns an {@link IpStack} status. */
    public int send(int dst, int dstPort, byte[] payload) {
        return send(dst, dstPort, payload, 0, payload.length);
    }

    /** {@link #send(int, int, byte[])} of {@code len} bytes of {@code buf} from {@code off}. */
    public int send(int dst, int dstPort, byte[] buf, int off, int len) {
        if (closed) {
            throw new IllegalStateException("socket closed");
        }
        IpStack ip = stack.ip();
        // source address selection and routing from one lookup (Linux's udp_sendmsg)
        boolean local = ip.isLocalAddress(dst);
        Route route = local ? null : ip.route(dst);
        int src = local ? dst : route == null ? 0 : route.iface().address();
        if (src == 0) {
            ip.counters().errors().outNoRoutes++;
            return IpStack.ERR_NO_ROUTE;
        }
        int length = UdpPacket.HEADER + len;
        if (length > 65535 - IpStack.HEADER_ROOM) {
            return IpStack.ERR_MSG_SIZE;
        }
        byte[] d = IpStack.allocate(length);
        System.arraycopy(buf, off, d, IpStack.HEADER_ROOM + UdpPacket.HEADER, len);
        UdpPacket.emit(d, IpStack.HEADER_ROOM, src, dst, port, dstPort, len);
        sent++;
        stack.outDatagrams++;
        stack.traceSend(port, dst, dstPort, len);
        return ip.output(d, src, dst, Ipv4Packet.PROTO_UDP, ttl, dontFragment, route);
    }

    /**
     * Delivers the payload, {@code len} bytes of {@code datagram} from {@code off}: where it lies
     * to a {@link PayloadReader}, as a copy of its own to any other receiver.
     */
    void deliver(int src, int srcPort, byte[] datagram, int off, int len) {
        received++;
        Receiver r = receiver;
        if (r instanceof PayloadReader p) {
            p.read(src, srcPort, datagram, off, len);
        } else if (r != null) {
            r.receive(src, srcPort, Arrays.copyOfRange(datagram, off, off + len), datagram);
        }
    }

    void deliverError(int from, int type, int code, int mtu, byte[] quoted, int ttl) {
        if (errorReceiver != null) {
            errorReceiver.error(from, type, code, mtu, quoted, ttl);
        }
    }

    public void close() {
        if (!closed) {
            closed = true;
            stack.unbind(this);
        }
    }

    public boolean isClosed() {
        return closed;
    }
}
