package dev.minternet.transport.tcp;

import dev.minternet.ip.Hook;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip.PacketFilter;
import dev.minternet.sim.Simulator;
import dev.minternet.wire.Ipv4Packet;
import java.util.SplittableRandom;

/**
 * A test filter for a router's POSTROUTING hook that reorders TCP datagrams: with probability
 * {@code p} it holds a datagram back for {@code delayNs} and then offers it to the same link, so
 * the datagrams sent meanwhile overtake it.
 */
final class Reorderer implements PacketFilter {
    private final Simulator sim;
    private final SplittableRandom random;
    private final double p;
    private final long delayNs;
    long held;

    Reorderer(Simulator sim, long seed, double p, long delayNs) {
        this.sim = sim;
        this.random = new SplittableRandom(seed);
        this.p = p;
        this.delayNs = delayNs;
    }

    @Override
    public int filter(Hook hook, byte[] d, NetInterface in, NetInterface out) {
        if (out == null || Ipv4Packet.protocol(d, 0) != Ipv4Packet.PROTO_TCP || random.nextDouble() >= p) {
            return ACCEPT;
        }
        held++;
        sim.schedule(delayNs, () -> out.out().send(d));
        return DROP; // taken over: sent later
    }
}
