package dev.minternet.link;

import dev.minternet.sim.Simulator;

/**
 * A channel's ghosts ({@link Channel}'s {@code ghost}): broadcasts its receiving NIC will ignore,
 * on the wire and queued behind them, which arrive without events. Made at the channel's first
 * ghost (only a channel into an Ethernet NIC has one): when the first of them arrives, with the
 * stamp its event would have had, the ghost list of the channel's region, and the settling of
 * those that have arrived when someone looks.
 */
final class Ghosts {
    private final Channel c;
    long at;
    long sched;
    long stamp;
    GhostList list;

    Ghosts(Channel c) {
        this.c = c;
    }

    /** The datagrams on the channel's wire become ghosts, the first arriving at {@code at} with the given stamp; listed for the trace. */
    void become(long at, long sched, long stamp) {
        c.ghost = true;
        this.at = at;
        this.sched = sched;
        this.stamp = stamp;
        if (!c.listed) {
            if (list == null) {
                list = GhostList.of(c.trace, c.fromRegion);
            }
            list.add(c);
        }
    }

    /**
     * The ghosts whose events would have fired by now have arrived: counted and off the wire (the
     * starts of a queue draining lazily behind them first join them, each before the arrival of
     * the one ahead of it); with none left on the wire, the channel has no ghost.
     */
    void settle() {
        if ((c.lazy || c.arrCount > 1) && settleAll()) {
            return;
        }
        if (c.lazy) {
            c.catchUp();
        }
        while (c.sim.hasFired(at, sched, stamp)) {
            byte[] d = c.takeFirst();
            c.receivedPackets++;
            c.receivedBytes += d.length;
            if (c.arrCount == 0) {
                c.ghost = false;
                return;
            }
            // the next one's event would have been scheduled when this one arrived, first among those stamped then
            sched = at;
            at = c.ring.at[c.ring.head];
            stamp = (long) c.fromRegion << Simulator.COUNT_BITS;
        }
    }

    /**
     * When the last ghost (the last of the queue draining behind them, if any) would have arrived
     * by now, all have: counted in one pass, the queue's starts with them (each where
     * {@link Channel#catchUp} would have put it), and the channel is left empty and idle. Otherwise
     * false, with nothing changed. (A LAN's storm of announcements leaves every switch port with
     * a hundred queued behind one on the wire, all arrived by the time anything looks again.)
     */
    private boolean settleAll() {
        Ring r = c.ring;
        long first = (long) c.fromRegion << Simulator.COUNT_BITS;
        long at;
        long sched;
        long stamp;
        if (c.arrCount == 1) {
            at = this.at;
            sched = this.sched;
            stamp = this.stamp;
        } else {
            int len = r.at.length;
            at = r.at[(r.head + c.arrCount - 1) & (len - 1)];
            sched = r.at[(r.head + c.arrCount - 2) & (len - 1)];
            stamp = first;
        }
        if (!c.sim.hasFired(at, sched, stamp)) {
            return false; // the wire's last has not arrived: nor has what queues behind it
        }
        TxDone t = c.txDone;
        long busy = c.busyUntil;
        long start = c.txSched;
        if (c.lazy) {
            // the queue's last starts when the others have been serialized, and arrives a delay after
            // its own serialization; the one before it arrived a delay after its start (or is the wire's last)
            long delay = c.params.delayNs();
            busy += t.queuedSer;
            start = busy - c.serialization(t.queue.peekLast());
            sched = t.queue.size() > 1 ? start + delay : at;
            at = busy + delay;
            stamp = first;
            if (!c.sim.hasFired(at, sched, stamp)) {
                return false;
            }
        }
        if (c.lone != null) {
            c.receivedBytes += c.lone.length;
            c.lone = null;
        } else {
            for (int i = 0, len = r.at.length; i < c.arrCount; i++) {
                int k = (r.head + i) & (len - 1);
                c.receivedBytes += r.data[k].length;
                r.data[k] = null;
            }
            r.head = 0;
        }
        c.receivedPackets += c.arrCount;
        c.arrCount = 0;
        c.ghost = false;
        if (c.lazy) {
            int n = t.queue.size();
            c.sentPackets += n;
            c.sentBytes += t.queuedBytes;
            c.receivedPackets += n;
            c.receivedBytes += t.queuedWire; // padded on the wire
            t.clear();
            if (t.pads != null) {
                t.pads.clear();
            }
            c.busyUntil = busy;
            c.txSched = start;
            c.txStamp = first;
            c.lazy = false;
        }
        return true;
    }
}
