package dev.minternet.sim;

import java.util.Arrays;

/**
 * One event queue and its clock: the whole world's in a sequential run, one thread's share of the
 * regions in a partitioned run (docs/design.md section 16).
 *
 * <p>Events due within the next {@link #HORIZON_NS} sit in a timing wheel of {@code 2^WHEEL_BITS}
 * buckets of {@code 2^BUCKET_BITS} ns each (O(1) to schedule, cancel and pop: packets on links,
 * delayed ACKs); later ones, up to {@link #COARSE} horizons ahead, in a second wheel whose buckets
 * are one horizon wide and unsorted (timers a second or a minute ahead: a client's next request,
 * retransmission and neighbour timers), moved into the first wheel when the clock reaches their
 * horizon; later still, in a 4-ary min-heap. Popping takes the earliest of the first wheel's
 * first non-empty bucket and the heap's top, once no bucket of the second wheel can hold an
 * earlier event, so the order is exact wherever an event sits. Each event remembers where it is,
 * so cancelling or re-arming a timer is a true removal rather than a tombstone left behind.
 *
 * <p>The second wheel replaced the heap for those timers: at 300,000 hosts the heap held one
 * client event a host, and each pop sifted through ten levels, writing the index of an event
 * fetched from memory at each (a sixth of the run's CPU samples).
 */
final class Lane {
    /**
     * Wheel bucket width: 1,024 ns (a 1500-byte frame takes 1.2 us to serialize at 10 Gbit/s; events
     * within a bucket are kept sorted, so the width only sets how many share one). Measured against
     * 32 ns buckets and a 8.4 ms horizon (2 MiB of bucket arrays): `bench manyhosts --hosts 10000`
     * run 1.09 -> 0.98 s, `bench dumbbell` simulation thread 0.83 -> 0.77 s (C2, idle, medians of 3):
     * the bucket arrays fit the caches, and the dumbbell's 20 ms link arrivals leave the heap.
     */
    static final int BUCKET_BITS = 10;
    /** 32,768 buckets: a horizon of 33.5 ms, where link events fall; longer timers go to the heap. */
    static final int WHEEL_BITS = 15;
    static final int WHEEL = 1 << WHEEL_BITS;
    static final long HORIZON_NS = (long) WHEEL << BUCKET_BITS;
    private final Event[] heads = new Event[WHEEL];
    private final Event[] tails = new Event[WHEEL];
    private final long[] occupied = new long[WHEEL / 64];
    int wheelCount;
    /**
     * Where the first wheel starts: every event in it lies within {@link #WHEEL} buckets from this
     * time's, at or after it. It follows the clock, or leads it to a second-wheel bucket's start
     * when that bucket moves in before anything earlier is due.
     */
    private long base;

    /** Second-wheel buckets: one horizon ({@code 2^COARSE_SHIFT} ns) each. */
    static final int COARSE_SHIFT = BUCKET_BITS + WHEEL_BITS;
    /** 8,192 of them: 275 s ahead. */
    static final int COARSE = 1 << 13;
    /** Allocated at the first event this far ahead. */
    private Event[] coarseHeads;
    /** The first scheduled of each bucket (its list's end): a bucket moves from there, in the order it was scheduled. */
    private Event[] coarseTails;
    private long[] coarseOccupied;
    int coarseCount;

    // The heap keeps each entry's time inline so sifting compares longs without touching events.
    private Event[] heap = new Event[1024];
    private long[] times = new long[1024];
    int size;
    long now;
    long executed;
    boolean stopped;
    /** The region of the event running now, or of what is scheduled from outside any event. */
    int region;
    /** Whether an event is running, and its time and stamp (taken when it fired: it may re-arm itself while it runs). */
    boolean firing;
    long firingSched;
    long firingSeq;
    /** The time of the event running now, or of the last one fired ({@link Long#MIN_VALUE}: none yet). */
    long firingTime = Long.MIN_VALUE;
    /**
     * Every event due at or before this time and scheduled before it came has fired: the end of
     * the last drain that ran to its limit, never past the clock ({@link Simulator#hasFired}).
     */
    long clearThrough = Long.MIN_VALUE;
    /** Outputs deferred to the end of the window in a partitioned run, in this lane's order. */
    final Deferred deferred = new Deferred();

    int pending() {
        return size + wheelCount + coarseCount;
    }

    /** Queues {@code e}, already stamped with its time and stamp. */
    void insert(Event e) {
        long t = e.time;
        if (wheelCount == 0 && coarseCount == 0) {
            base = now; // nothing to keep in order: the wheels start at the clock
        }
        long ahead = (t >> BUCKET_BITS) - (base >> BUCKET_BITS); // signed: a warm-up runs at negative times
        if (ahead >= 0 && ahead < WHEEL) {
            wheelInsert(e, (int) ((t >> BUCKET_BITS) & (WHEEL - 1)));
            return;
        }
        long period = t >> COARSE_SHIFT;
        if (ahead >= 0 && period - (base >> COARSE_SHIFT) < COARSE) {
            coarseInsert(e, (int) (period & (COARSE - 1)));
            return;
        }
        heapInsert(e, t);
    }

    private void heapInsert(Event e, long t) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            times = Arrays.copyOf(times, size * 2);
        }
        siftUp(size++, e, t);
    }

    boolean cancel(Event e) {
        if (e.bucket >= WHEEL) {
            coarseRemove(e);
            return true;
        }
        if (e.bucket >= 0) {
            wheelRemove(e);
            return true;
        }
        if (e.heapIndex < 0) {
            return false;
        }
        removeAt(e.heapIndex);
        return true;
    }

    /** Removes and returns the earliest event if its time is at most {@code limit}, else null. */
    Event next(long limit) {
        if (now > base) {
            base = now; // every pending event is at or after the clock
        }
        if (coarseCount > 0 && !settle(limit)) {
            return null;
        }
        Event w = wheelCount > 0 ? wheelMin() : null;
        if (size > 0) {
            Event h = heap[0];
            if (w == null || h.before(w)) {
                if (h.time > limit) {
                    return null;
                }
                removeAt(0);
                return h;
            }
        }
        if (w == null || w.time > limit) {
            return null;
        }
        wheelRemove(w);
        return w;
    }

    /** Time of the next pending event, or {@link Long#MAX_VALUE} if none. */
    long nextEventTime() {
        if (coarseCount > 0) {
            settle(Long.MAX_VALUE);
        }
        long t = size == 0 ? Long.MAX_VALUE : times[0];
        if (wheelCount > 0) {
            t = Math.min(t, wheelMin().time);
        }
        return t;
    }

    /**
     * Moves the second wheel's first non-empty bucket into the first wheel while nothing in the
     * first wheel or the heap comes before that bucket's start: then its events may be the
     * earliest. Returns false when that start is past {@code limit} (nothing pending is due by
     * it). The bucket's events lie within one horizon of its start, which the first wheel moves
     * to (no event of the first wheel is earlier).
     */
    private boolean settle(long limit) {
        while (coarseCount > 0) {
            long period = firstCoarsePeriod();
            long start = period << COARSE_SHIFT;
            if (wheelCount > 0 && wheelMin().time < start || size > 0 && times[0] < start) {
                return true;
            }
            if (start > limit) {
                return false;
            }
            if (start > base) {
                base = start;
            }
            int b = (int) (period & (COARSE - 1));
            // the list holds the last scheduled first: move them from its end, in the order they
            // were scheduled, in which events of one time come in stamp order, each going after
            // the sorted bucket's tail (from the head, each walked back past all of its time: a
            // flash crowd's 30,000 timers of one instant took 0.8 s to move, quadratic)
            Event e = coarseTails[b];
            coarseHeads[b] = null;
            coarseTails[b] = null;
            coarseOccupied[b >>> 6] &= ~(1L << (b & 63));
            while (e != null) {
                Event p = e.prev;
                coarseCount--;
                e.next = null;
                e.prev = null;
                wheelInsert(e, (int) ((e.time >> BUCKET_BITS) & (WHEEL - 1)));
                e = p;
            }
        }
        return true;
    }

    /** The period ({@code time >> COARSE_SHIFT}) of the second wheel's first non-empty bucket; it is not empty. */
    private long firstCoarsePeriod() {
        long from = base >> COARSE_SHIFT;
        int f = (int) (from & (COARSE - 1));
        int w = f >>> 6;
        long bits = coarseOccupied[w] & (-1L << (f & 63));
        int words = coarseOccupied.length;
        for (int k = 0; k <= words; k++) {
            if (bits != 0) {
                int b = (w << 6) + Long.numberOfTrailingZeros(bits);
                return from + ((b - f) & (COARSE - 1));
            }
            w = (w + 1) & (words - 1);
            bits = coarseOccupied[w];
        }
        throw new IllegalStateException("second wheel's count says non-empty, bitmap says empty");
    }

    private void coarseInsert(Event e, int b) {
        if (coarseHeads == null) {
            coarseHeads = new Event[COARSE];
            coarseTails = new Event[COARSE];
            coarseOccupied = new long[COARSE / 64];
        }
        Event h = coarseHeads[b];
        if (h == null) {
            coarseOccupied[b >>> 6] |= 1L << (b & 63);
            coarseTails[b] = e;
        } else {
            h.prev = e;
        }
        e.next = h;
        e.prev = null;
        coarseHeads[b] = e;
        e.bucket = WHEEL + b;
        coarseCount++;
    }

    private void coarseRemove(Event e) {
        unlink(e, e.bucket - WHEEL, coarseHeads, coarseTails, coarseOccupied);
        coarseCount--;
    }

    /**
     * The earliest event in the wheel: the head of the first non-empty bucket from the wheel's
     * start on. Every wheel event lies within one horizon of it, so bucket order from there is
     * time order, and each bucket's list is kept sorted.
     */
    private Event wheelMin() {
        return heads[firstOccupied((int) ((base >> BUCKET_BITS) & (WHEEL - 1)))];
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
     * Inserts into bucket {@code b}'s sorted list, walking back from the tail: a new event usually
     * has the latest stamp yet, so it goes after every event of the same time, which is O(1) for
     * the usual case of events arriving in time order within a bucket. (A packet arriving
     * from another region carries its sender's stamp and may go further back.)
     */
    private void wheelInsert(Event e, int b) {
        Event after = tails[b];
        long t = e.time;
        while (after != null && (after.time > t || (after.time == t && after.stampAfter(e)))) {
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
        unlink(e, e.bucket, heads, tails, occupied);
        wheelCount--;
    }

    /** Takes {@code e} out of bucket {@code b}'s list of a wheel. */
    private static void unlink(Event e, int b, Event[] heads, Event[] tails, long[] occupied) {
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
    }

    private void removeAt(int i) {
        heap[i].heapIndex = -1;
        int last = --size;
        if (i != last) {
            Event moved = heap[last];
            long mt = times[last];
            heap[last] = null;
            if (i > 0 && less(mt, moved, (i - 1) >>> 2)) {
                siftUp(i, moved, mt);
            } else {
                siftDown(i, moved, mt);
            }
        } else {
            heap[last] = null;
        }
    }

    /** Whether (t, e) comes before the heap entry at slot j. Stamps are read only to break time ties. */
    private boolean less(long t, Event e, int j) {
        long jt = times[j];
        return t < jt || (t == jt && heap[j].stampAfter(e));
    }

    /** Places (e, t) at or above slot i. */
    private void siftUp(int i, Event e, long t) {
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            if (!less(t, e, parent)) {
                break;
            }
            Event p = heap[parent];
            heap[i] = p;
            times[i] = times[parent];
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = e;
        times[i] = t;
        e.heapIndex = i;
    }

    /** Places (e, t) at or below slot i. */
    private void siftDown(int i, Event e, long t) {
        int n = size;
        long[] ts = times;
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
                if (kt < ct || (kt == ct && h[child].stampAfter(h[k]))) {
                    child = k;
                    ct = kt;
                }
            }
            if (t < ct || (t == ct && h[child].stampAfter(e))) {
                break;
            }
            Event c = h[child];
            h[i] = c;
            ts[i] = ct;
            c.heapIndex = i;
            i = child;
        }
        h[i] = e;
        ts[i] = t;
        e.heapIndex = i;
    }
}
