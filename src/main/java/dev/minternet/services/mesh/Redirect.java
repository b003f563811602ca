package dev.minternet.services.mesh;

import dev.minternet.ip.Hook;
import dev.minternet.ip.IpStack;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip.PacketFilter;
import dev.minternet.wire.Checksum;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.TcpPacket;

/**
 * The sidecar's inbound interception, the effect of Istio's {@code iptables -t nat -A PREROUTING -p tcp
 * --dport PORT -j REDIRECT --to-ports 15006}: a TCP segment that arrives from a link for {@code port} of this
 * node goes to the sidecar's port instead; what the sidecar's port sends leaves with {@code port} as its source
 * again, so the peer sees only {@code port} on the wire. The service itself keeps listening on {@code port}: the
 * sidecar reaches it from the node itself, which no link carries and this filter does not touch.
 *
 * <p>Modelled, not real: Linux's REDIRECT is a NAT of the conntrack table; this filter rewrites the port
 * without state, which gives the same bytes because only the sidecar's listener uses its port. Each rewrite
 * patches the TCP checksum incrementally (RFC 1624). Non-first fragments carry no port and pass untouched.
 */
final class Redirect implements PacketFilter {
    private final IpStack ip;
    private final int port;
    private final int toPort;

    private Redirect(IpStack ip, int port, int toPort) {
        this.ip = ip;
        this.port = port;
        this.toPort = toPort;
    }

    /** Installs the redirect of {@code port} to {@code toPort} on {@code ip}. */
    static void install(IpStack ip, int port, int toPort) {
        Redirect r = new Redirect(ip, port, toPort);
        ip.addFilter(Hook.PREROUTING, r);
        ip.addFilter(Hook.OUTPUT, r);
    }

    @Override
    public int filter(Hook hook, byte[] d, NetInterface in, NetInterface out) {
        if (Ipv4Packet.protocol(d, 0) != 6 || Ipv4Packet.fragmentOffset(d, 0) != 0) {
            return ACCEPT;
        }
        int t = Ipv4Packet.payloadOffset(d, 0);
        if (hook == Hook.PREROUTING && in != null && TcpPacket.dstPort(d, t) == port && ip.isLocalAddress(Ipv4Packet.dst(d, 0))) {
            rewrite(d, t + 2, toPort);
        } else if (hook == Hook.OUTPUT && TcpPacket.srcPort(d, t) == toPort) {
            rewrite(d, t, port);
        }
        return ACCEPT;
    }

    private static void rewrite(byte[] d, int at, int newPort) {
        int t = Ipv4Packet.payloadOffset(d, 0);
        int old = ((d[at] & 0xff) << 8) | (d[at + 1] & 0xff);
        d[at] = (byte) (newPort >>> 8);
        d[at + 1] = (byte) newPort;
        int sum = TcpPacket.checksum(d, t);
        int fixed = Checksum.update(sum, old, newPort);
        d[t + 16] = (byte) (fixed >>> 8);
        d[t + 17] = (byte) fixed;
    }
}
