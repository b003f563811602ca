package dev.minternet.transport.udp;

import dev.minternet.ip.IpHeaderView;
import dev.minternet.ip.IpStack;
import dev.minternet.ip.ProtocolHandler;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.MalformedPacketException;
import dev.minternet.wire.UdpPacket;
import dev.minternet.wire.UdpRepr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * UDP (RFC 768) on one node: demultiplexes by destination port, answers datagrams to unbound
 * ports with ICMP port unreachable (RFC 1122 4.1.3.1), and passes ICMP errors to the socket that
 * sent the quoted datagram.
 */
public final class UdpStack implements ProtocolHandler {
    /** Linux's net.ipv4.ip_local_port_range default. */
    public static final int EPHEMERAL_LOW = 32768;
    public static final int EPHEMERAL_HIGH = 60999;

    private final IpStack ip;
    private final SplittableRandom portRandom;
    private final Map<Integer, UdpSocket> sockets = new HashMap<>();
    private long inDatagrams;
    private long noPorts;
    private long inErrors;

    public UdpStack(IpStack ip, SplittableRandom portRandom) {
        this.ip = ip;
        this.portRandom = portRandom;
        ip.register(Ipv4Packet.PROTO_UDP, this);
    }

    IpStack ip() {
        return ip;
    }

    /** Binds a socket to {@code port}, or to a random free ephemeral port when 0. */
    public UdpSocket open(int port) {
        if (port == 0) {
            int span = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
            int start = portRandom.nextInt(span);
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
        List<Integer> l = new ArrayList<>(sockets.keySet());
        l.sort(null);
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

    @Override
    public void receive(IpHeaderView v) {
        byte[] d = v.buffer();
        int src = v.src();
        UdpRepr r;
        try {
            r = UdpRepr.parse(d, v.payloadOffset(), v.payloadLength(), src, v.dst());
        } catch (MalformedPacketException e) {
            inErrors++;
            ip.counters().malformedTransport++;
            if (ip.trace().enabled()) {
                ip.trace().emit(ip.nodeName(), UdpEvents.DROP_MALFORMED, "malformed", e.reason(), Ip4.str(src));
            }
            return;
        }
        int dport = r.dstPort();
        int sport = r.srcPort();
        UdpSocket s = sockets.get(dport);
        if (s == null) {
            noPorts++;
            if (ip.trace().enabled()) {
                ip.trace().emit(ip.nodeName(), UdpEvents.DROP, "port-unreachable", Ip4.str(src), sport, dport);
            }
            if (v.dst() != 0xffffffff) {
                ip.icmp().sendError(d, IcmpPacket.DEST_UNREACHABLE, IcmpPacket.CODE_PORT_UNREACHABLE, 0);
            }
            return;
        }
        inDatagrams++;
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), UdpEvents.RECEIVE, Ip4.str(src), sport, dport, r.payload().length);
        }
        s.deliver(src, sport, r.payload(), d);
    }

    @Override
    public void icmpError(IpHeaderView error, int type, int code, int nextHopMtu, IpHeaderView quoted) {
        if (quoted.payloadLength() < 4) {
            return;
        }
        UdpSocket s = sockets.get(UdpPacket.srcPort(quoted.buffer(), quoted.payloadOffset()));
        if (s != null) {
            s.deliverError(error.src(), type, code, nextHopMtu, quoted.buffer());
        }
    }

    void traceSend(int sport, int dst, int dport, int len) {
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), UdpEvents.SEND, Ip4.str(dst), sport, dport, len);
        }
    }
}
