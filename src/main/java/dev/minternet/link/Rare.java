package dev.minternet.link;

import java.util.SplittableRandom;

/** What few channels have: loss of their own, a shared medium, drops (split out of {@link Channel}). */
final class Rare {
    /** Drawn from only on a lossy link: created at its first draw (its stream depends on the name alone). */
    SplittableRandom lossRandom;
    /** Loss of this direction only (netem on one interface's egress), or NaN for the link's. */
    double egressLoss = Double.NaN;
    /** The shared medium transmitting for this channel (Wi-Fi), or null: this channel's own transmitter. */
    Medium medium;
    long droppedQueue;
    long droppedLoss;
    long droppedDown;

    SplittableRandom lossRandom(Channel c) {
        if (lossRandom == null) {
            lossRandom = c.sim.randoms().stream("link:" + c.link().name() + ":" + c.direction() + ":loss");
        }
        return lossRandom;
    }
}
