package dev.minternet.sim;

/**
 * Something that happens at one simulated instant. Subclasses are small and reusable: a
 * component keeps its own events (a link its "transmission done", a socket its RTO timer)
 * and re-arms them instead of allocating a closure per occurrence.
 *
 * <p>The {@link Simulator} orders events by (time, stamp). The stamp is taken when the event is
 * scheduled: the time it was scheduled at, then the scheduling region and that region's own count
 * of schedulings. In a world of one region this is the order in which events were scheduled, so
 * two events at the same nanosecond fire in that order; in a world of several regions the stamp
 * depends on each region's own history only, which lets a partitioned run reproduce it
 * (docs/design.md section 16).
 */
public abstract class Event {
    long time;
    /** When the event was scheduled (ns): the first tie-breaker. */
    long sched;
    /** The scheduling region (high bits) and its count of schedulings: the second tie-breaker. */
    long seq;
    /** The region this event belongs to: it runs there, and what it schedules is stamped with it. */
    int region;
    /** Position in the simulator's far-future heap, or -1. */
    int heapIndex = -1;
    /** Bucket of the simulator's near-future wheel, or -1. */
    int bucket = -1;
    /** Neighbours in the wheel bucket's list. */
    Event next;
    Event prev;

    /** Runs the event. Called by the simulator at {@link #time()}. */
    protected abstract void fire();

    /** The simulated time (ns) this event is (or was last) scheduled for. */
    public final long time() {
        return time;
    }

    /** True while the event sits in the queue. */
    public final boolean isPending() {
        return heapIndex >= 0 || bucket >= 0;
    }

    /** Whether this event comes after {@code o} at the same time: the stamp order. */
    final boolean stampAfter(Event o) {
        return sched > o.sched || (sched == o.sched && seq > o.seq);
    }

    /** Whether this event comes before {@code o}: time, then stamp. */
    final boolean before(Event o) {
        return time < o.time || (time == o.time && (sched < o.sched || (sched == o.sched && seq < o.seq)));
    }
}
