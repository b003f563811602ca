package dev.minternet.node;

import dev.minternet.sim.Durations;

/**
 * The figures of a link. Defaults: 1 Gbit/s, no propagation delay, MTU 1500, a 100-packet
 * DropTail queue, no loss, routing cost 1.
 */
public record LinkParams(long bandwidthBps, long delayNs, int mtu, int queuePackets, int queueBytes, double loss, int cost) {
    public static final LinkParams DEFAULT = new LinkParams(1_000_000_000L, 0, 1500, 100, 0, 0.0, 1);

    public LinkParams withBandwidth(long bps) {
        return new LinkParams(bps, delayNs, mtu, queuePackets, queueBytes, loss, cost);
    }

    public LinkParams withDelay(long ns) {
        return new LinkParams(bandwidthBps, ns, mtu, queuePackets, queueBytes, loss, cost);
    }

    public LinkParams withDelayMs(double ms) {
        return withDelay(Math.round(ms * Durations.MS));
    }

    public LinkParams withMtu(int m) {
        return new LinkParams(bandwidthBps, delayNs, m, queuePackets, queueBytes, loss, cost);
    }

    public LinkParams withLoss(double p) {
        return new LinkParams(bandwidthBps, delayNs, mtu, queuePackets, queueBytes, p, cost);
    }

    public LinkParams withQueuePackets(int n) {
        return new LinkParams(bandwidthBps, delayNs, mtu, n, 0, loss, cost);
    }

    public LinkParams withCost(int c) {
        return new LinkParams(bandwidthBps, delayNs, mtu, queuePackets, queueBytes, loss, c);
    }
}
