package dev.minternet.sim;

import java.util.Arrays;

/**
 * The discrete-event kernel: one thread, one clock (DESIGN.md decision 1).
 *
 * <p>Events live in a binary min-heap ordered by (time in ns, scheduling sequence). Each event
 * remembers its heap slot, so cancelling or re-arming a timer is a true O(log n) removal rather
 * than a tombstone left behind. Nothing here reads the wall clock.
 */
public final class Simulator {
    private Event[] heap = new Event[1024];
    private int size;
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
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        heap[i] = e;
        e.heapIndex = i;
        siftUp(i);
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
            return false;
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
            Event e = heap[0];
            if (e.time > t) {
                break;
            }
            removeAt(0);
            now = e.time;
            executed++;
            e.fire();
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
            Event e = heap[0];
            if (e.time > limit) {
                return true;
            }
            removeAt(0);
            now = e.time;
            executed++;
            e.fire();
        }
        return size > 0;
    }

    /** Makes the current {@link #run()} return after the event being executed. */
    public void stop() {
        stopped = true;
    }

    /** Time of the next pending event, or {@link Long#MAX_VALUE} if none. */
    public long nextEventTime() {
        return size == 0 ? Long.MAX_VALUE : heap[0].time;
    }

    private void remove(Event e) {
        removeAt(e.heapIndex);
    }

    private void removeAt(int i) {
        Event removed = heap[i];
        removed.heapIndex = -1;
        int last = --size;
        if (i != last) {
            Event moved = heap[last];
            heap[i] = moved;
            moved.heapIndex = i;
            heap[last] = null;
            if (!siftDown(i)) {
                siftUp(i);
            }
        } else {
            heap[last] = null;
        }
    }

    private static boolean less(Event a, Event b) {
        return a.time < b.time || (a.time == b.time && a.seq < b.seq);
    }

    private void siftUp(int i) {
        Event e = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Event p = heap[parent];
            if (!less(e, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = e;
        e.heapIndex = i;
    }

    /** Returns true if the element moved. */
    private boolean siftDown(int start) {
        int i = start;
        Event e = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Event c = heap[child];
            int right = child + 1;
            if (right < size && less(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!less(c, e)) {
                break;
            }
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = e;
        e.heapIndex = i;
        return i != start;
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
