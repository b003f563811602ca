package dev.minternet.transport.tcp;

import dev.minternet.ip.Hook;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip.PacketFilter;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.TcpPacket;
import java.util.SplittableRandom;

/**
 * A test filter that drops TCP segments carrying data with probability {@code p}, independently
 * (Bernoulli loss as in the Mathis et al. model), leaving pure ACKs alone.
 */
final class DataDropper implements PacketFilter {
    private final SplittableRandom random;
    private final double p;
    long seen;
    long dropped;

    DataDropper(long seed, double p) {
        this.random = new SplittableRandom(seed);
        this.p = p;
    }

    @Override
    public int filter(Hook hook, byte[] d, NetInterface in, NetInterface out) {
        if (Ipv4Packet.protocol(d, 0) != Ipv4Packet.PROTO_TCP) {
            return ACCEPT;
        }
        int off = Ipv4Packet.headerLength(d, 0);
        int len = Ipv4Packet.payloadLength(d, 0) - TcpPacket.headerLength(d, off);
        if (len <= 0) {
            return ACCEPT;
        }
        seen++;
        if (random.nextDouble() < p) {
            dropped++;
            return DROP;
        }
        return ACCEPT;
    }
}
