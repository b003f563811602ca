package dev.minternet.sim;

import java.util.Arrays;

/**
 * The discrete-event kernel: one thread, one clock (DESIGN.md decision 1).
 *
 * <p>Events live in a 4-ary min-heap (shallower than a binary one: fewer cache misses per pop) ordered by (time in ns, scheduling sequence). Each event
 * remembers its heap slot, so cancelling or re-arming a timer is a true O(log n) removal rather
 * than a tombstone left behind. Nothing here reads the wall clock.
 */
public final class Simulator {
    // The heap keeps each entry's keys inline so sifting compares longs without touching events.
    private Event[] heap = new Event[1024];
    private long[] times = new long[1024];
    private long[] seqs = new long[1024];
    private int size;
    /** heapIndex of the event being fired while it still occupies the root slot. */
    static final int FIRING = -2;
    private long now;
    private long nextSeq;
    private long executed;
    private boolean stopped;
    private final RandomStreams randoms;

    public Simulator(long seed) {
        this.randoms = new RandomStreams(seed);
    }

    /** Current simulated time in nanoseconds since the start of the world. */
    public long now() {
        return now;
    }

    /** Seeded random streams of this world. */
    public RandomStreams randoms() {
        return randoms;
    }

    /** Number of events fired so far. */
    public long eventsExecuted() {
        return executed;
    }

    /** Number of events waiting in the queue. */
    public int pending() {
        return size;
    }

    /** Schedules {@code e} at absolute time {@code t}; {@code e} must not be pending. */
    public void scheduleAt(long t, Event e) {
        if (e.heapIndex >= 0) {
            throw new IllegalStateException("event already scheduled");
        }
        if (t < now) {
            throw new IllegalArgumentException("cannot schedule in the past: " + t + " < " + now);
        }
        e.time = t;
        e.seq = nextSeq++;
        if (e.heapIndex == FIRING) {
            // The event being fired re-arms itself: it still sits at the root, so one sift-down
            // replaces the usual pop + push (links, timers and clients all do this).
            siftDown(0, e, t, e.seq);
            return;
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            times = Arrays.copyOf(times, size * 2);
            seqs = Arrays.copyOf(seqs, size * 2);
        }
        siftUp(size++, e, t, e.seq);
    }

    /** Schedules {@code e} after {@code delayNs}. */
    public void schedule(long delayNs, Event e) {
        scheduleAt(now + delayNs, e);
    }

    /** Convenience for cold paths: runs {@code r} after {@code delayNs}. */
    public void schedule(long delayNs, Runnable r) {
        scheduleAt(now + delayNs, new RunnableEvent(r));
    }

    /** Convenience for cold paths: runs {@code r} at absolute time {@code t}. */
    public void scheduleAt(long t, Runnable r) {
        scheduleAt(t, new RunnableEvent(r));
    }

    /** Moves {@code e} to time {@code t}, whether or not it is pending. */
    public void reschedule(Event e, long t) {
        if (e.heapIndex >= 0) {
            remove(e);
        }
        scheduleAt(t, e);
    }

    /** Removes {@code e} from the queue if pending; returns whether it was. */
    public boolean cancel(Event e) {
        if (e.heapIndex < 0) {
            return false; // not pending, or firing right now
        }
        remove(e);
        return true;
    }

    /** Runs until the queue is empty or {@link #stop()} is called. */
    public void run() {
        runUntil(Long.MAX_VALUE);
    }

    /**
     * Runs every event with time &lt;= {@code t}, then sets the clock to {@code t} (when finite)
     * and returns. Stops early when {@link #stop()} is called.
     */
    public void runUntil(long t) {
        stopped = false;
        while (size > 0 && !stopped) {
            if (times[0] > t) {
                break;
            }
            fireRoot();
        }
        if (!stopped && t != Long.MAX_VALUE && t > now) {
            now = t;
        }
    }

    /**
     * Runs every event with time &lt;= {@code limit}, leaving the clock at the last event fired
     * (unlike {@link #runUntil}, which moves it to {@code limit}). Returns true when events
     * remain after the limit.
     */
    public boolean runWithin(long limit) {
        stopped = false;
        while (size > 0 && !stopped) {
            if (times[0] > limit) {
                return true;
            }
            fireRoot();
        }
        return size > 0;
    }

    /**
     * Fires the earliest event. It stays in the root slot while it runs (nothing scheduled
     * meanwhile can sort before it: time >= now and a later sequence), so if it re-arms itself
     * the heap needs one sift instead of two.
     */
    private void fireRoot() {
        Event e = heap[0];
        now = times[0];
        e.heapIndex = FIRING;
        executed++;
        try {
            e.fire();
        } finally {
            if (e.heapIndex == FIRING) {
                e.heapIndex = 0;
                removeAt(0);
            }
        }
    }

    /** Makes the current {@link #run()} return after the event being executed. */
    public void stop() {
        stopped = true;
    }

    /** Time of the next pending event, or {@link Long#MAX_VALUE} if none. */
    public long nextEventTime() {
        return size == 0 ? Long.MAX_VALUE : times[0];
    }

    private void remove(Event e) {
        removeAt(e.heapIndex);
    }

    private void removeAt(int i) {
        heap[i].heapIndex = -1;
        int last = --size;
        if (i != last) {
            Event moved = heap[last];
            long mt = times[last];
            long ms = seqs[last];
            heap[last] = null;
            if (i > 0 && less(mt, ms, times[(i - 1) >>> 2], seqs[(i - 1) >>> 2])) {
                siftUp(i, moved, mt, ms);
            } else {
                siftDown(i, moved, mt, ms);
            }
        } else {
            heap[last] = null;
        }
    }

    private static boolean less(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    /** Places (e, t, s) at or above slot i. */
    private void siftUp(int i, Event e, long t, long s) {
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pt = times[parent];
            if (pt < t || (pt == t && seqs[parent] < s)) {
                break;
            }
            Event p = heap[parent];
            heap[i] = p;
            times[i] = pt;
            seqs[i] = seqs[parent];
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = e;
        times[i] = t;
        seqs[i] = s;
        e.heapIndex = i;
    }

    /** Places (e, t, s) at or below slot i. Sequence numbers are read only to break time ties. */
    private void siftDown(int i, Event e, long t, long s) {
        int n = size;
        long[] ts = times;
        long[] ss = seqs;
        Event[] h = heap;
        while (true) {
            int first = 4 * i + 1;
            if (first >= n) {
                break;
            }
            int child = first;
            long ct = ts[first];
            int end = Math.min(first + 4, n);
            for (int k = first + 1; k < end; k++) {
                long kt = ts[k];
                if (kt < ct || (kt == ct && ss[k] < ss[child])) {
                    child = k;
                    ct = kt;
                }
            }
            if (t < ct || (t == ct && s < ss[child])) {
                break;
            }
            Event c = h[child];
            h[i] = c;
            ts[i] = ct;
            ss[i] = ss[child];
            c.heapIndex = i;
            i = child;
        }
        h[i] = e;
        ts[i] = t;
        ss[i] = s;
        e.heapIndex = i;
    }

    private static final class RunnableEvent extends Event {
        private final Runnable r;

        RunnableEvent(Runnable r) {
            this.r = r;
        }

        @Override
        protected void fire() {
            r.run();
        }
    }
}
