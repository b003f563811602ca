package dev.minternet.sim;

import java.util.Arrays;

/**
 * One event queue and its clock: the whole world's in a sequential run, one thread's share of the
 * regions in a partitioned run (docs/design.md section 16).
 *
 * <p>Events due within the next {@link #HORIZON_NS} sit in a timing wheel of {@code 2^WHEEL_BITS}
 * buckets of {@code 2^BUCKET_BITS} ns each (O(1) to schedule, cancel and pop: packets on links,
 * delayed ACKs), later ones in a 4-ary min-heap (timers far ahead). Popping takes the earlier of
 * the first non-empty bucket's minimum and the heap's top, so the order is exact whichever holds
 * an event. Each event remembers where it is, so cancelling or re-arming a timer is a true removal
 * rather than a tombstone left behind.
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
        return size + wheelCount;
    }

    /** Queues {@code e}, already stamped with its time and stamp. */
    void insert(Event e) {
        long t = e.time;
        if ((t >> BUCKET_BITS) - (now >> BUCKET_BITS) < WHEEL) { // signed: a warm-up runs at negative times
            wheelInsert(e, (int) ((t >> BUCKET_BITS) & (WHEEL - 1)));
            return;
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            times = Arrays.copyOf(times, size * 2);
        }
        siftUp(size++, e, t);
    }

    boolean cancel(Event e) {
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
        long t = size == 0 ? Long.MAX_VALUE : times[0];
        if (wheelCount > 0) {
            t = Math.min(t, wheelMin().time);
        }
        return t;
    }

    /**
     * The earliest event in the wheel: the head of the first non-empty bucket from now's bucket
     * on. Every wheel event lies within one horizon of now, so bucket order from there is time
     * order, and each bucket's list is kept sorted.
     */
    private Event wheelMin() {
        return heads[firstOccupied((int) ((now >> BUCKET_BITS) & (WHEEL - 1)))];
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
