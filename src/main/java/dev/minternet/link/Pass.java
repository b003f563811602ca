package dev.minternet.link;

import dev.minternet.sim.Simulator;

/**
 * A frame crossing a switch without an arrival event at the switch (docs/ethernet.md, "Crossing a
 * switch without an event"). When a frame goes onto an empty wire toward a switch port that could
 * forward it at once (its source and destination learnt, the out port's wire empty and its
 * transmitter free when the frame arrives, nothing traced or captured), the switch's work is done
 * ahead: the frame is put on the out port's wire as if forwarded at its arrival, with its arrival
 * at the far end scheduled, and nothing is scheduled at the switch. Until that arrival at the
 * switch would have fired, the frame stays on the incoming wire and nothing the switch does is
 * visible: the incoming wire's received counts, the switch's received frames and its MAC table's
 * update of the source, and the out port's sent counts wait for {@link #settle}. Anything that
 * would change what the switch does with it or who sees it before then (another frame onto
 * either wire, the out port's queue, the switch learning a moved address or removing an entry, a
 * capture of the switch's ports, the trace going on, a link going down) first recalls it
 * ({@link #recall}): its arrival event at the switch is scheduled with the stamp it was sent with,
 * and both wires are as they would have been.
 */
public final class Pass {
    /** The switch side: what it does when the frame has crossed, or is recalled. */
    public interface Owner {
        /** The frame arrived at the switch (the switch's counts and its MAC table's source entry). */
        void crossed(Pass p);

        /** The frame goes back to an arrival event at the switch (no longer pending there). */
        void recalled(Pass p);
    }

    /** The end of a link that may let a frame cross it without an event (a switch port). */
    public interface End extends LinkEnd {
        /**
         * Whether frame {@code f}, arriving from {@code in} at {@code at}, crosses at once (the
         * pass made and registered on both channels); the arrival's stamp ({@code sched},
         * {@code stamp}) was taken as scheduling its event would have.
         */
        boolean pass(Channel in, byte[] f, long at, long sched, long stamp);
    }

    final Channel in;
    final Channel out;
    final Owner owner;
    /** When the frame arrives at the switch, and the stamp its arrival event would have had. */
    final long at;
    final long sched;
    final long stamp;
    /** Its length on the out port before padding (as the out port counts it). */
    final int outLength;
    /** The out port's transmitter before the frame: restored if it is recalled. */
    private final long outBusy;
    private final long outTxSched;
    private final long outTxStamp;
    /** For the owner: the MAC table entry of the frame's source. */
    public final Object source;

    private Pass(Channel in, Channel out, Owner owner, long at, long sched, long stamp, int outLength, Object source) {
        this.in = in;
        this.out = out;
        this.owner = owner;
        this.at = at;
        this.sched = sched;
        this.stamp = stamp;
        this.outLength = outLength;
        this.outBusy = out.busyUntil;
        this.outTxSched = out.txSched;
        this.outTxStamp = out.txStamp;
        this.source = source;
    }

    /** When the frame arrives at the switch. */
    public long at() {
        return at;
    }

    /**
     * Whether {@code out} can take frame {@code f} forwarded at {@code at}
     * without an event at the switch: one region, an empty wire and queue, the transmitter free
     * before then, nothing captured, lost or shared, and a transmission of some time.
     */
    public static boolean idle(Channel out, long at, byte[] f) {
        if (out.ghost || out.pass != null) {
            out.settle(); // ghosts that have arrived leave the wire, a frame that has crossed is counted
        }
        return out.up && out.pass == null && !out.txPending && !out.lazy && !out.ghost && out.busyUntil < at && out.quietSender && plain(out)
                && out.serialization(f) > 0;
    }

    /** One region, no loss, no shared medium. */
    private static boolean plain(Channel c) {
        Rare r = c.rare;
        double p = r == null || Double.isNaN(r.egressLoss) ? c.params.loss() : r.egressLoss;
        return c.cross == null && p == 0 && (r == null || r.medium == null);
    }

    /**
     * Makes the pass: {@code f} on {@code in}'s wire without an event, {@code outFrame} on
     * {@code out}'s wire as if sent at {@code at}, its arrival at the far end scheduled (with the
     * stamp of its time of sending, first among those: its real place depends on the events at the
     * switch that no longer run). The caller checked {@link #idle}.
     */
    public static Pass make(Channel in, byte[] f, long at, long sched, long stamp, Channel out, byte[] outFrame,
                            Owner owner, Object source) {
        Pass p = new Pass(in, out, owner, at, sched, stamp, outFrame.length, source);
        long ser = out.serialization(outFrame);
        out.busyUntil = at + ser;
        out.txSched = at;
        out.txStamp = (long) out.fromRegion << Simulator.COUNT_BITS;
        byte[] d = outFrame.length < out.minFrame ? java.util.Arrays.copyOf(outFrame, out.minFrame) : outFrame;
        long arrival = at + ser + out.params.delayNs();
        if (out.arrCount == 0) {
            out.lone = d;
            out.arrCount = 1;
            out.sim.scheduleStamped(arrival, at, out.txStamp, out.fromRegion, out);
        } else {
            joinWire(out, d, arrival); // scheduled when the one ahead of it arrives (Channel#fire)
        }
        out.pass = p;
        in.lone = f;
        in.arrCount = 1;
        in.pass = p;
        return p;
    }

    /**
     * Brings the pass up to now: if the frame's arrival at the switch would have fired, it has
     * crossed (counted; the pass ends). Otherwise nothing is visible yet, and nothing changes
     * unless {@code change}: something is about to change one of its channels or the switch, so
     * the frame goes back to its arrival event ({@link #recall}).
     */
    public void settle(boolean change) {
        if (in.sim.hasFired(at, sched, stamp)) {
            byte[] d = in.takeFirst();
            in.receivedPackets++;
            in.receivedBytes += d.length;
            out.sentPackets++;
            out.sentBytes += outLength;
            in.pass = null;
            out.pass = null;
            owner.crossed(this);
        } else if (change) {
            recall();
        }
    }

    /** The frame goes back to its arrival event at the switch; the out port's wire and transmitter are as before it. */
    public void recall() {
        Simulator sim = in.sim;
        takeLast(out);
        out.busyUntil = outBusy;
        out.txSched = outTxSched;
        out.txStamp = outTxStamp;
        out.pass = null;
        in.pass = null;
        sim.cancel(in); // a datagram's behind it: its event is scheduled when this one arrives
        sim.scheduleAsStamped(at, sched, stamp, in);
        owner.recalled(this);
    }

    /** Puts {@code d} on {@code c}'s wire behind what is there, arriving at {@code at}. */
    private static void joinWire(Channel c, byte[] d, long at) {
        int tail = c.ringSlot();
        c.ring.at[tail] = at;
        c.ring.data[tail] = d;
        c.arrCount++;
    }

    /** Takes the last datagram off {@code c}'s wire: its arrival event goes with it when it was the only one. */
    private static void takeLast(Channel c) {
        if (c.arrCount == 1) {
            c.sim.cancel(c);
            c.takeFirst();
            return;
        }
        c.arrCount--;
        c.ring.data[(c.ring.head + c.arrCount) & (c.ring.at.length - 1)] = null;
    }
}
