package dev.minternet.sim;

import java.util.Arrays;

/**
 * The discrete-event kernel: one thread, one clock (DESIGN.md decision 1).
 *
 * <p>Events are ordered by (time in ns, scheduling sequence). They live in two places: events due
 * within the next {@link #HORIZON_NS} sit in a timing wheel of {@code 2^WHEEL_BITS} buckets of
 * {@code 2^BUCKET_BITS} ns each (O(1) to schedule, cancel and pop: packets on links, delayed ACKs),
 * later ones in a 4-ary min-heap (timers far ahead). Popping takes the earlier of the first
 * non-empty bucket's minimum and the heap's top, so the order is exact whichever holds an event.
 * Each event remembers where it is, so cancelling or re-arming a timer is a true removal rather
 * than a tombstone left behind. Nothing here reads the wall clock.
 */
public final class Simulator {
    /** Wheel bucket width: 32 ns (a 1500-byte frame takes 120 ns to serialize at 100 Gbit/s). */
    static final int BUCKET_BITS = 5;
    /** 262,144 buckets: a horizon of 8.4 ms, where link events fall; longer timers go to the heap. */
    static final int WHEEL_BITS = 18;
    static final int WHEEL = 1 << WHEEL_BITS;
    static final long HORIZON_NS = (long) WHEEL << BUCKET_BITS;
    private final Event[] heads = new Event[WHEEL];
    private final Event[] tails = new Event[WHEEL];
    private final long[] occupied = new long[WHEEL / 64];
    private int wheelCount;

    // The heap keeps each entry's keys inline so sifting compares longs without touching events.
    private Event[] heap = new Event[1024];
    private long[] times = new long[1024];
    private long[] seqs = new long[1024];
    private int size;
    private long now;
    private long nextSeq;
    private long executed;
    private boolean stopped;
    private final RandomStreams randoms;
    /** The next watcher's turn, counted in executed events (never, until {@link #watch} is called). */
    private long nextWatch = Long.MAX_VALUE;
    private long[] watchEvery = new long[0];
    private long[] watchNext = new long[0];
    private Runnable[] watchers = new Runnable[0];

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
        return size + wheelCount;
    }

    /** Schedules {@code e} at absolute time {@code t}; {@code e} must not be pending. */
    public void scheduleAt(long t, Event e) {
        if (e.heapIndex >= 0 || e.bucket >= 0) {
            throw new IllegalStateException("event already scheduled");
        }
        if (t < now) {
            throw new IllegalArgumentException("cannot schedule in the past: " + t + " < " + now);
        }
        e.time = t;
        e.seq = nextSeq++;
        if ((t >>> BUCKET_BITS) - (now >>> BUCKET_BITS) < WHEEL) {
            wheelInsert(e, (int) ((t >>> BUCKET_BITS) & (WHEEL - 1)));
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
        scheduleAt(after(delayNs), e);
    }

    /**
     * The time {@code delayNs} from now, saturating: a delay past the end of time (a tool asked
     * to wait 1e300 seconds) means "never", not a time in the past.
     */
    public long after(long delayNs) {
        return delayNs > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + delayNs;
    }

    /** Convenience for cold paths: runs {@code r} after {@code delayNs}. */
    public void schedule(long delayNs, Runnable r) {
        scheduleAt(after(delayNs), new RunnableEvent(r));
    }

    /** Convenience for cold paths: runs {@code r} at absolute time {@code t}. */
    public void scheduleAt(long t, Runnable r) {
        scheduleAt(t, new RunnableEvent(r));
    }

    /** Moves {@code e} to time {@code t}, whether or not it is pending. */
    public void reschedule(Event e, long t) {
        cancel(e);
        scheduleAt(t, e);
    }

    /** Removes {@code e} from the queue if pending; returns whether it was. */
    public boolean cancel(Event e) {
        if (e.bucket >= 0) {
            wheelRemove(e);
            return true;
        }
        if (e.heapIndex < 0) {
            return false;
        }
        remove(e);
        return true;
    }

    /**
     * Calls {@code w} after every {@code everyEvents} executed events, between two events. A
     * watcher guards the run (memory, budgets): it may throw to stop it. Its turns are counted in
     * events, never in wall time, so where a run stops does not depend on the machine; the loop
     * pays one comparison per event. Several watchers may watch (a run guard, a Ctrl-C flag),
     * each at its own pace, in the order they were added.
     */
    public void watch(long everyEvents, Runnable w) {
        if (everyEvents < 1) {
            throw new IllegalArgumentException("everyEvents must be positive");
        }
        int n = watchers.length;
        watchers = Arrays.copyOf(watchers, n + 1);
        watchEvery = Arrays.copyOf(watchEvery, n + 1);
        watchNext = Arrays.copyOf(watchNext, n + 1);
        watchers[n] = w;
        watchEvery[n] = everyEvents;
        watchNext[n] = executed + everyEvents;
        nextWatch = Math.min(nextWatch, watchNext[n]);
    }

    private void watchTurn() {
        long soonest = Long.MAX_VALUE;
        for (int i = 0; i < watchers.length; i++) {
            if (executed >= watchNext[i]) {
                watchNext[i] += watchEvery[i];
                watchers[i].run();
            }
            soonest = Math.min(soonest, watchNext[i]);
        }
        nextWatch = soonest;
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
        if (drain(t) && t != Long.MAX_VALUE && t > now) {
            now = t;
        }
    }

    /**
     * Runs every event with time &lt; {@code t}, then sets the clock to {@code t}: nothing due at
     * {@code t} has happened yet, so what the caller does next (a command typed at {@code t})
     * comes first in that instant, as a timeline entry does. Returns false when {@link #stop()}
     * ended it early.
     */
    public boolean runBefore(long t) {
        if (!drain(t - 1)) {
            return false;
        }
        if (t > now) {
            now = t;
        }
        return true;
    }

    /**
     * Runs every event with time &lt;= {@code limit}, leaving the clock at the last event fired
     * (unlike {@link #runUntil}, which moves it to {@code limit}). Returns true when events
     * remain after the limit.
     */
    public boolean runWithin(long limit) {
        drain(limit);
        return pending() > 0;
    }

    /** Fires every event with time &lt;= {@code limit} in order; returns false when {@link #stop()} ended it early. */
    private boolean drain(long limit) {
        stopped = false;
        while (!stopped) {
            Event e = next(limit);
            if (e == null) {
                break;
            }
            now = e.time;
            executed++;
            e.fire();
            if (executed >= nextWatch) {
                watchTurn();
            }
        }
        return !stopped;
    }

    /** Removes and returns the earliest event if its time is at most {@code limit}, else null. */
    private Event next(long limit) {
        Event w = wheelCount > 0 ? wheelMin() : null;
        if (size > 0) {
            long ht = times[0];
            if (w == null || ht < w.time || (ht == w.time && seqs[0] < w.seq)) {
                if (ht > limit) {
                    return null;
                }
                Event e = heap[0];
                removeAt(0);
                return e;
            }
        }
        if (w == null || w.time > limit) {
            return null;
        }
        wheelRemove(w);
        return w;
    }

    /**
     * The earliest event in the wheel: the head of the first non-empty bucket from now's bucket
     * on. Every wheel event lies within one horizon of now, so bucket order from there is time
     * order, and each bucket's list is kept sorted.
     */
    private Event wheelMin() {
        return heads[firstOccupied((int) ((now >>> BUCKET_BITS) & (WHEEL - 1)))];
    }

    /** The first occupied bucket at or after {@code from}, wrapping around; the wheel is not empty. */
    private int firstOccupied(int from) {
        int w = from >>> 6;
        long bits = occupied[w] & (-1L << (from & 63));
        int words = occupied.length;
        for (int k = 0; k <= words; k++) {
            if (bits != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(bits);
            }
            w = (w + 1) & (words - 1);
            bits = occupied[w];
        }
        throw new IllegalStateException("wheel count says non-empty, bitmap says empty");
    }

    /**
     * Inserts into bucket {@code b}'s sorted list. The new event has the highest sequence number
     * yet, so it goes after every event of the same time; it walks back from the tail, which is
     * O(1) for the usual case of events arriving in time order within a 32 ns bucket.
     */
    private void wheelInsert(Event e, int b) {
        Event after = tails[b];
        long t = e.time;
        while (after != null && after.time > t) {
            after = after.prev;
        }
        Event before = after == null ? heads[b] : after.next;
        e.prev = after;
        e.next = before;
        if (after == null) {
            if (heads[b] == null) {
                occupied[b >>> 6] |= 1L << (b & 63);
            }
            heads[b] = e;
        } else {
            after.next = e;
        }
        if (before == null) {
            tails[b] = e;
        } else {
            before.prev = e;
        }
        e.bucket = b;
        wheelCount++;
    }

    private void wheelRemove(Event e) {
        int b = e.bucket;
        Event p = e.prev;
        Event n = e.next;
        if (p != null) {
            p.next = n;
        } else {
            heads[b] = n;
            if (n == null) {
                occupied[b >>> 6] &= ~(1L << (b & 63));
            }
        }
        if (n != null) {
            n.prev = p;
        } else {
            tails[b] = p;
        }
        e.next = null;
        e.prev = null;
        e.bucket = -1;
        wheelCount--;
    }

    /** Makes the current {@link #run()} return after the event being executed. */
    public void stop() {
        stopped = true;
    }

    /** Time of the next pending event, or {@link Long#MAX_VALUE} if none. */
    public long nextEventTime() {
        long t = size == 0 ? Long.MAX_VALUE : times[0];
        if (wheelCount > 0) {
            t = Math.min(t, wheelMin().time);
        }
        return t;
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
