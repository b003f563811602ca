package dev.minternet.sim;

/**
 * Something that happens at one simulated instant. Subclasses are small and reusable: a
 * component keeps its own events (a link its "transmission done", a socket its RTO timer)
 * and re-arms them instead of allocating a closure per occurrence.
 *
 * <p>The {@link Simulator} orders events by (time, sequence); the sequence is assigned when the
 * event is scheduled, so two events at the same nanosecond fire in the order they were scheduled.
 */
public abstract class Event {
    long time;
    long seq;
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
}
