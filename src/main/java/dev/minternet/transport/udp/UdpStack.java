package dev.minternet.transport.udp;

import dev.minternet.ip.IpHeaderView;
import dev.minternet.ip.IpStack;
import dev.minternet.ip.ProtocolHandler;
import dev.minternet.ip6.Ip6Stack;
import dev.minternet.sim.SplitMix;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Packet;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.UdpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * UDP (RFC 768) on one node: demultiplexes by destination port, answers datagrams to unbound
 * ports with ICMP port unreachable (RFC 1122 4.1.3.1), and passes ICMP errors to the socket that
 * sent the quoted datagram. Over IPv6 ({@link #attachIp6}) the same, with ICMPv6 (port
 * unreachable, RFC 4443 3.1 code 4) and the IPv6 pseudo-header (RFC 8200 8.1), for
 * {@link Udp6Socket}s: their ports are a space of their own, as IPV6_V6ONLY sockets' are.
 */
public final class UdpStack implements ProtocolHandler {
    /** Linux's net.ipv4.ip_local_port_range default. */
    public static final int EPHEMERAL_LOW = 32768;
    public static final int EPHEMERAL_HIGH = 60999;

    private final IpStack ip;
    /** The stream of ephemeral ports ("udp-ports"): a {@link SplitMix} state. */
    private long portSeed;
    private final PortMap<UdpSocket> sockets = new PortMap<>();
    /** Created with the first IPv6 socket (most nodes never open one). */
    private Map<Integer, Udp6Socket> sockets6;
    private Ip6Stack ip6;
    /** Creates the node's IPv6 layer when UDP first needs it (which then attaches itself); or null. */
    private Supplier<Ip6Stack> lazyIp6;
    private long inDatagrams;
    private long noPorts;
    private long inErrors;
    /** Datagrams sent over IPv4 (Udp OutDatagrams), closed sockets' included. */
    long outDatagrams;

    /** {@code portSeed}: the seed of the stream of ephemeral ports ({@link dev.minternet.sim.RandomStreams#seed}). */
    public UdpStack(IpStack ip, long portSeed) {
        this.ip = ip;
        this.portSeed = portSeed;
        ip.register(Ipv4Packet.PROTO_UDP, this);
    }

    IpStack ip() {
        return ip;
    }

    Ip6Stack ip6() {
        if (ip6 == null && lazyIp6 != null) {
            lazyIp6.get();
        }
        return ip6;
    }

    /**
     * Carries UDP over the IPv6 layer that {@code ip6} creates on first use (and that then calls
     * {@link #attachIp6}): a node need not build its IPv6 layer before anything asks for it.
     */
    public void attachIp6Lazily(Supplier<Ip6Stack> ip6) {
        this.lazyIp6 = ip6;
    }

    private Map<Integer, Udp6Socket> sockets6() {
        if (sockets6 == null) {
            sockets6 = new TreeMap<>();
        }
        return sockets6;
    }

    /** Carries UDP over {@code ip6} too (next header 17). */
    public void attachIp6(Ip6Stack ip6) {
        this.ip6 = ip6;
        ip6.register(Ipv6Packet.NEXT_UDP, new Ip6Stack.UpperLayer() {
            @Override
            public void receive(byte[] d, int off, int len, Ip6 src, Ip6 dst) {
                receive6(d, off, len, src, dst);
            }

            @Override
            public void icmpError(Ip6 from, int type, int code, long word, byte[] d, int quoted) {
                icmpError6(from, type, code, word, d, quoted);
            }
        });
    }

    /** Binds an IPv6 socket to {@code port} ({@code [::]:port}), or to a random free ephemeral port when 0. */
    public Udp6Socket open6(int port) {
        if (port == 0) {
            int span = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
            int start = nextPort(span);
            for (int i = 0; i < span; i++) {
                int p = EPHEMERAL_LOW + (start + i) % span;
                if (!sockets6().containsKey(p)) {
                    port = p;
                    break;
                }
            }
            if (port == 0) {
                throw new IllegalStateException("no free ephemeral UDP port");
            }
        } else if (sockets6().containsKey(port)) {
            throw new IllegalStateException("UDP port " + port + " already in use");
        }
        Udp6Socket s = new Udp6Socket(this, port);
        sockets6().put(port, s);
        return s;
    }

    void unbind6(Udp6Socket s) {
        sockets6().remove(s.localPort(), s);
    }

    /** Ports bound by IPv6 sockets, ascending (for ss and netstat). */
    public List<Integer> boundPorts6() {
        return new ArrayList<>(sockets6().keySet());
    }

    private void receive6(byte[] d, int off, int len, Ip6 src, Ip6 dst) {
        String bad = UdpPacket.check6(d, off, len, src, dst);
        if (bad != null) {
            inErrors++;
            if (ip.trace().enabled()) {
                ip.trace().emit(ip.nodeName(), UdpEvents.DROP_MALFORMED, "malformed", bad, src.toString());
            }
            return;
        }
        int sport = UdpPacket.srcPort(d, off);
        int dport = UdpPacket.dstPort(d, off);
        Udp6Socket s = sockets6().get(dport);
        if (s == null) {
            noPorts++;
            if (ip.trace().enabled()) {
                ip.trace().emit(ip.nodeName(), UdpEvents.DROP, "port-unreachable", src.toString(), sport, dport);
            }
            if (!dst.isMulticast()) {
                ip6.sendError(d, Icmpv6Packet.DEST_UNREACHABLE, Icmpv6Packet.CODE_PORT_UNREACHABLE, 0);
            }
            return;
        }
        inDatagrams++;
        byte[] payload = Arrays.copyOfRange(d, off + UdpPacket.HEADER, off + UdpPacket.length(d, off));
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), UdpEvents.RECEIVE, src.toString(), sport, dport, payload.length);
        }
        s.deliver(src, sport, payload, d);
    }

    private void icmpError6(Ip6 from, int type, int code, long word, byte[] d, int quoted) {
        if (d.length < quoted + Ipv6Packet.HEADER + 4) {
            return;
        }
        Udp6Socket s = sockets6().get(UdpPacket.srcPort(d, quoted + Ipv6Packet.HEADER));
        if (s != null) {
            s.deliverError(from, type, code, word, d, quoted);
        }
    }

    /** Where the search for a free ephemeral port starts: {@code SplittableRandom.nextInt(span)} of the stream. */
    private int nextPort(int span) {
        portSeed = SplitMix.afterBounded(portSeed, span);
        return SplitMix.bounded(portSeed, span);
    }

    /** Binds a socket to {@code port}, or to a random free ephemeral port when 0. */
    public UdpSocket open(int port) {
        if (port == 0) {
            int span = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
            int start = nextPort(span);
            for (int i = 0; i < span; i++) {
                int p = EPHEMERAL_LOW + (start + i) % span;
                if (!sockets.containsKey(p)) {
                    port = p;
                    break;
                }
            }
            if (port == 0) {
                throw new IllegalStateException("no free ephemeral UDP port");
            }
        } else if (sockets.containsKey(port)) {
            throw new IllegalStateException("UDP port " + port + " already in use");
        }
        UdpSocket s = new UdpSocket(this, port);
        sockets.put(port, s);
        return s;
    }

    void unbind(UdpSocket s) {
        sockets.remove(s.localPort(), s);
    }

    /** Bound ports in ascending order (for netstat). */
    public List<Integer> boundPorts() {
        List<Integer> l = new ArrayList<>();
        for (int p : sockets.ports()) {
            l.add(p);
        }
        return l;
    }

    public long inDatagrams() {
        return inDatagrams;
    }

    public long noPorts() {
        return noPorts;
    }

    public long inErrors() {
        return inErrors;
    }

    public long outDatagrams() {
        return outDatagrams;
    }

    /** UDP reads a datagram where it arrived (inside its Ethernet frame): see {@link UdpSocket.Receiver}. */
    @Override
    public boolean readsInPlace() {
        return true;
    }

    @Override
    public void receive(IpHeaderView v) {
        byte[] d = v.buffer();
        int src = v.src();
        int off = v.payloadOffset();
        String bad = UdpPacket.check(d, off, v.payloadLength(), src, v.dst());
        if (bad != null) {
            inErrors++;
            ip.counters().errors().malformedTransport++;
            if (ip.trace().enabled()) {
                ip.trace().emit(ip.nodeName(), UdpEvents.DROP_MALFORMED, "malformed", bad, Ip4.str(src));
            }
            return;
        }
        int dport = UdpPacket.dstPort(d, off);
        int sport = UdpPacket.srcPort(d, off);
        UdpSocket s = sockets.get(dport);
        if (s == null) {
            noPorts++;
            if (ip.trace().enabled()) {
                ip.trace().emit(ip.nodeName(), UdpEvents.DROP, "port-unreachable", Ip4.str(src), sport, dport);
            }
            if (v.dst() != 0xffffffff) {
                // the error quotes the datagram: on its own when it arrived inside a frame
                byte[] datagram = v.offset() == 0 && v.length() == d.length ? d
                        : Arrays.copyOfRange(d, v.offset(), v.offset() + v.length());
                ip.icmp().sendError(datagram, IcmpPacket.DEST_UNREACHABLE, IcmpPacket.CODE_PORT_UNREACHABLE, 0);
            }
            return;
        }
        inDatagrams++;
        int from = off + UdpPacket.HEADER;
        int len = UdpPacket.length(d, off) - UdpPacket.HEADER;
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), UdpEvents.RECEIVE, Ip4.str(src), sport, dport, len);
        }
        s.deliver(src, sport, d, from, len);
    }

    @Override
    public void icmpError(IpHeaderView error, int type, int code, int nextHopMtu, IpHeaderView quoted) {
        if (quoted.payloadLength() < 4) {
            return;
        }
        UdpSocket s = sockets.get(UdpPacket.srcPort(quoted.buffer(), quoted.payloadOffset()));
        if (s != null) {
            s.deliverError(error.src(), type, code, nextHopMtu, quoted.buffer(), error.ttl());
        }
    }

    void traceSend(int sport, int dst, int dport, int len) {
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), UdpEvents.SEND, Ip4.str(dst), sport, dport, len);
        }
    }

    void traceSend(int sport, String dst, int dport, int len) {
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), UdpEvents.SEND, dst, sport, dport, len);
        }
    }
}
