package dev.minternet.sim;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The discrete-event kernel: one clock per thread, one order (docs/design.md decisions 1 and 16).
 *
 * <p>Events are ordered by (time in ns, stamp); see {@link Event}. A world may be split into
 * regions by topology ({@link #regions}): each region stamps what it schedules with its own
 * count, and a packet crossing from one region to another carries its sender's stamp
 * ({@link #stamp}, {@link #scheduleStamped}), so that the order of the events of a region depends
 * on that region's history alone. That is what lets {@link #runPartitioned} run groups of regions
 * on separate threads and still fire every event in the order of the sequential run. A world of
 * one region (every world unless told otherwise) orders events exactly by when they were
 * scheduled. Nothing here reads the wall clock.
 */
public final class Simulator {
    /** Bits of an event's stamp that count a region's schedulings; the region number sits above them. */
    public static final int COUNT_BITS = 40;
    /** The queue of a sequential run, or null while {@link #runPartitioned} runs. */
    private Lane solo = new Lane();
    /** Per region: how many events it has scheduled (the low bits of their stamps). */
    private long[] regionSeq = new long[1];
    /** The region of what is scheduled from outside any event (a world's setup). */
    private int externalRegion;
    private final RandomStreams randoms;
    /** The next watcher's turn, counted in executed events (never, until {@link #watch} is called). */
    private long nextWatch = Long.MAX_VALUE;
    private long[] watchEvery = new long[0];
    private long[] watchNext = new long[0];
    private Runnable[] watchers = new Runnable[0];
    /** Runs the world partitioned up to a time and says whether it ran to it (not stopped), or null: sequential. */
    private java.util.function.LongPredicate partitioner;
    /** The steps of a {@link #runSteps} running partitioned, or null. */
    private Steps steps;
    /** CPU time the threads of partitioned runs have used, in nanoseconds (a benchmark's figure; nothing simulated reads it). */
    private final AtomicLong laneCpuNanos = new AtomicLong();

    /** Where a partitioned {@link #runSteps} stands: its next step and, once it stopped at one, that step. */
    private static final class Steps {
        final long step;
        final java.util.function.BooleanSupplier done;
        long next;
        long reached = Long.MIN_VALUE;

        Steps(long step, java.util.function.BooleanSupplier done, long next) {
            this.step = step;
            this.done = done;
            this.next = next;
        }
    }

    public Simulator(long seed) {
        this.randoms = new RandomStreams(seed);
    }

    /** The lane of the calling thread: the only one, or the worker's own in a partitioned run. */
    private Lane lane() {
        Lane l = solo;
        if (l != null) {
            return l;
        }
        if (Thread.currentThread() instanceof Worker w) {
            return w.lane;
        }
        throw new IllegalStateException("the simulation is running partitioned: only its threads may touch it");
    }

    /** Current simulated time in nanoseconds since the start of the world (the calling thread's, in a partitioned run). */
    public long now() {
        return lane().now;
    }

    /**
     * Sets the clock of a world where nothing has happened yet to {@code t}: a negative {@code t}
     * is a warm-up before the story's 0 s (the routers of a world boot early, so that routing has
     * converged when the world's own timeline starts). Event times are signed throughout.
     */
    public void startAt(long t) {
        Lane l = sequential();
        if (l.executed > 0 || l.pending() > 0) {
            throw new IllegalStateException("the clock can only be set before anything happened");
        }
        l.now = t;
        startNs = t;
    }

    /** When the world's clock started ({@link #startAt}). */
    private long startNs;

    /** When the world's clock started: 0, or minus its warm-up ({@link #startAt}); when its nodes booted. */
    public long startTime() {
        return startNs;
    }

    /** Seeded random streams of this world. */
    public RandomStreams randoms() {
        return randoms;
    }

    /** Number of events fired so far. */
    public long eventsExecuted() {
        return lane().executed;
    }

    /**
     * The CPU time, in nanoseconds, used so far by the threads of this simulator's partitioned runs
     * (each run's threads, counted when they end); 0 when every run was on the calling thread. For
     * benchmarks: nothing simulated depends on it.
     */
    public long laneCpuNanos() {
        return laneCpuNanos.get();
    }

    /** Number of events waiting in the queue. */
    public int pending() {
        return lane().pending();
    }

    /**
     * Declares that the world is split into {@code count} regions, numbered from 0 (docs/design.md
     * section 16). A world of one region may be split after it has scheduled events (a built world
     * to which more nodes are added): what it scheduled stays region 0's, with its stamps, and the
     * new regions count from zero. A world already split may be split again only before anything
     * is scheduled.
     */
    public void regions(int count) {
        if (count < 1 || count > (1 << (63 - COUNT_BITS))) {
            throw new IllegalArgumentException("region count out of range: " + count);
        }
        if (regionSeq.length > 1) {
            for (long s : regionSeq) {
                if (s != 0) {
                    throw new IllegalStateException("the world's regions have already scheduled events");
                }
            }
        }
        long zero = regionSeq[0];
        regionSeq = new long[count];
        regionSeq[0] = zero;
    }

    /** Number of regions (1 unless {@link #regions} said otherwise). */
    public int regionCount() {
        return regionSeq.length;
    }

    /**
     * Makes what is scheduled from outside any event (the setup of a world) belong to region
     * {@code r} until told otherwise: a builder enters a node's region before it starts the node.
     */
    public void enterRegion(int r) {
        if (r < 0 || r >= regionSeq.length) {
            throw new IllegalArgumentException("no region " + r);
        }
        Lane l = lane();
        externalRegion = r;
        l.region = r;
    }

    /**
     * Outside events, in a world of several regions, makes what is scheduled next belong to region
     * {@code r} (as {@link #enterRegion}); inside an event, or in a world of one region, does
     * nothing: what an event schedules belongs to its own region. Setup code that touches one node
     * (a timeline command, a link's end coming up) calls it with that node's region.
     */
    public void enterRegionOutside(int r) {
        Lane l = solo;
        if (regionSeq.length > 1 && l != null && !l.firing) {
            enterRegion(r);
        }
    }

    /** True while an event fires on the calling thread. */
    public boolean firing() {
        return lane().firing;
    }

    /**
     * From now on the runs ({@link #runUntil}, {@link #runBefore}, {@link #runWithin}) go through
     * {@code runner}, which runs the world partitioned up to the given time and returns false when
     * {@link #stop()} ended it early (see {@code node.Partitioning}); null: sequential again.
     */
    public void partitionWith(java.util.function.LongPredicate runner) {
        this.partitioner = runner;
    }

    /** The region of the event running now (or the entered region, outside events). */
    public int region() {
        return lane().region;
    }

    /**
     * Takes the next stamp of the current region, as scheduling an event would: a packet leaving
     * for another region takes one when it is sent, and its arrival is scheduled with it
     * ({@link #scheduleStamped}), wherever and whenever that happens.
     */
    public long stamp() {
        Lane l = lane();
        int r = l.firing ? l.region : 0; // outside events: the one order of the setup and the timeline
        return ((long) r << COUNT_BITS) | regionSeq[r]++;
    }

    /** Schedules {@code e} at absolute time {@code t}; {@code e} must not be pending. */
    public void scheduleAt(long t, Event e) {
        Lane l = lane();
        if (e.heapIndex >= 0 || e.bucket >= 0) {
            throw new IllegalStateException("event already scheduled");
        }
        if (t < l.now) {
            throw new IllegalArgumentException("cannot schedule in the past: " + t + " < " + l.now);
        }
        int r = l.region;
        // Outside events (a world's setup, a timeline entry, between partitioned runs) every region
        // stamps from one count, region 0's: what is scheduled there keeps the order it was
        // scheduled in, as in a world of one region, and comes before what events schedule later.
        int s = l.firing ? r : 0;
        e.time = t;
        e.sched = l.now;
        e.region = r;
        e.seq = ((long) s << COUNT_BITS) | regionSeq[s]++;
        l.insert(e);
    }

    /**
     * Schedules {@code e}, an event of region {@code region}, at {@code t} with a stamp taken
     * elsewhere: {@code sched} the time the stamp was taken at, {@code seq} from {@link #stamp}.
     */
    public void scheduleStamped(long t, long sched, long seq, int region, Event e) {
        Lane l = lane();
        if (e.heapIndex >= 0 || e.bucket >= 0) {
            throw new IllegalStateException("event already scheduled");
        }
        if (t < l.now) {
            throw new IllegalArgumentException("cannot schedule in the past: " + t + " < " + l.now);
        }
        e.time = t;
        e.sched = sched;
        e.region = region;
        e.seq = seq;
        l.insert(e);
    }

    /**
     * Schedules {@code e} at {@code t} with a stamp taken earlier by {@link #stamp} (at time
     * {@code sched}), in the region that took it: {@code e} takes the place it would have had if
     * it had been scheduled then. A component that elides an event nobody waits for (a link's
     * transmission done) keeps its stamp, and schedules it this way once something must wait.
     */
    public void scheduleAsStamped(long t, long sched, long stamp, Event e) {
        scheduleStamped(t, sched, stamp, (int) (stamp >>> COUNT_BITS), e);
    }

    /**
     * Whether an event of time {@code t} and stamp ({@code sched}, {@code stamp}), had it been
     * scheduled when the stamp was taken (from {@link #stamp}, before now, at a time before
     * {@code t}), would have fired by now on the calling thread: inside an event, whether it comes
     * before the running one; outside events, whether the runs so far reached it. This lets a
     * component elide an event and still act as if it had fired in its place.
     */
    public boolean hasFired(long t, long sched, long stamp) {
        Lane l = lane();
        if (t != l.now) {
            return t < l.now;
        }
        if (t <= l.clearThrough) {
            return true;
        }
        if (l.firingTime != t) {
            return false;
        }
        return sched < l.firingSched || (sched == l.firingSched && stamp < l.firingSeq);
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
        long now = lane().now;
        return now > 0 && delayNs > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + delayNs; // now < 0 in a warm-up
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
        Lane l = lane();
        l.cancel(e);
        scheduleAt(t, e);
    }

    /** Removes {@code e} from the queue if pending; returns whether it was. */
    public boolean cancel(Event e) {
        return lane().cancel(e);
    }

    /**
     * Produces an output (a trace line) now in a sequential run; in a partitioned run, at the end
     * of the window, merged with the other threads' outputs in the order the sequential run
     * produces them. {@code output} must only write what it captured, never read the world.
     */
    public void ordered(Runnable output) {
        Lane l = solo;
        if (l != null) {
            output.run();
            return;
        }
        Lane own = lane();
        if (!own.firing) {
            throw new IllegalStateException("output outside an event in a partitioned run");
        }
        own.deferred.add(own.now, own.firingSched, own.firingSeq, output);
    }

    /** True while {@link #runPartitioned} runs. */
    public boolean partitioned() {
        return solo == null;
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
        Lane l = lane();
        int n = watchers.length;
        watchers = Arrays.copyOf(watchers, n + 1);
        watchEvery = Arrays.copyOf(watchEvery, n + 1);
        watchNext = Arrays.copyOf(watchNext, n + 1);
        watchers[n] = w;
        watchEvery[n] = everyEvents;
        watchNext[n] = l.executed + everyEvents;
        nextWatch = Math.min(nextWatch, watchNext[n]);
    }

    private void watchTurn(long executed) {
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
        Lane l = sequential();
        if (advance(l, t) && t != Long.MAX_VALUE && t > l.now) {
            l.now = t;
            l.clearThrough = t;
        }
    }

    /**
     * Runs the clock in steps of {@code step} from now and asks {@code done} after each (and
     * before the first): stops at the first step after which it says true, or at the first step
     * at or past {@code limit}; returns the time reached. Exactly the loop of {@link #runUntil}
     * calls {@code while (!done && t < limit) runUntil(t += step)}. A partitioned run does it as
     * one run: the lanes' windows end at each step, {@code done} is asked between windows (on one
     * thread, after every lane has fired everything up to that step), and the lanes stop together
     * at the step it accepts; so the same events fire as on one thread, without gathering every
     * pending event back into one queue at each step. {@code done} must only read what the
     * events wrote before the step (it runs while no lane fires).
     */
    public long runSteps(long step, long limit, java.util.function.BooleanSupplier done) {
        if (step < 1) {
            throw new IllegalArgumentException("step must be positive");
        }
        Lane l = sequential();
        long t = l.now;
        if (partitioner == null || l.firing || done.getAsBoolean() || t >= limit) {
            while (!done.getAsBoolean() && t < limit) {
                t += step;
                runUntil(t);
            }
            return t;
        }
        long last = t + (Math.floorDiv(limit - t - 1, step) + 1) * step; // the first step at or past limit
        Steps s = new Steps(step, done, t + step);
        steps = s;
        boolean ran;
        try {
            ran = partitioner.test(last);
        } finally {
            steps = null;
        }
        Lane m = sequential();
        if (ran && s.reached != Long.MIN_VALUE && s.reached > m.now) {
            m.now = s.reached;
            m.clearThrough = s.reached;
        }
        return s.reached == Long.MIN_VALUE ? m.now : s.reached;
    }

    /**
     * Runs every event with time &lt; {@code t}, then sets the clock to {@code t}: nothing due at
     * {@code t} has happened yet, so what the caller does next (a command typed at {@code t})
     * comes first in that instant, as a timeline entry does. Returns false when {@link #stop()}
     * ended it early.
     */
    public boolean runBefore(long t) {
        Lane l = sequential();
        if (!advance(l, t - 1)) {
            return false;
        }
        if (t > l.now) {
            l.now = t;
            l.clearThrough = t - 1;
        }
        return true;
    }

    /**
     * Runs every event with time &lt;= {@code limit}, leaving the clock at the last event fired
     * (unlike {@link #runUntil}, which moves it to {@code limit}). Returns true when events
     * remain after the limit.
     */
    public boolean runWithin(long limit) {
        Lane l = sequential();
        advance(l, limit);
        return l.pending() > 0;
    }

    private Lane sequential() {
        Lane l = solo;
        if (l == null) {
            throw new IllegalStateException("already running partitioned");
        }
        return l;
    }

    /** {@link #drain}, or a partitioned run to {@code limit} when one is set up and no event is firing. */
    private boolean advance(Lane l, long limit) {
        java.util.function.LongPredicate p = partitioner;
        if (p == null || l.firing) {
            return drain(l, limit);
        }
        if (!p.test(limit)) {
            return false;
        }
        l.clearThrough = Math.max(l.clearThrough, Math.min(limit, l.now));
        return true;
    }

    /** Fires every event of {@code l} with time &lt;= {@code limit} in order; returns false when {@link #stop()} ended it early. */
    private boolean drain(Lane l, long limit) {
        l.stopped = false;
        boolean solo = l == this.solo;
        l.firing = true;
        try {
            while (!l.stopped) {
                Event e = l.next(limit);
                if (e == null) {
                    break;
                }
                l.now = e.time;
                l.firingTime = e.time;
                l.region = e.region;
                l.firingSched = e.sched;
                l.firingSeq = e.seq;
                l.executed++;
                e.fire();
                if (solo && l.executed >= nextWatch) {
                    watchTurn(l.executed);
                }
            }
        } finally {
            l.firing = false;
            l.region = externalRegion;
        }
        if (l.stopped) {
            return false;
        }
        // nothing is left up to the limit: everything due by the clock has fired
        l.clearThrough = Math.max(l.clearThrough, Math.min(limit, l.now));
        return true;
    }

    /** Makes the current {@link #run()} return after the event being executed (a partitioned run: at the window's end). */
    public void stop() {
        lane().stopped = true;
    }

    /** Time of the next pending event, or {@link Long#MAX_VALUE} if none. */
    public long nextEventTime() {
        return lane().nextEventTime();
    }

    /**
     * How a partitioned run splits the work: the thread (lane) of each region, the lookahead (no
     * packet sent from one lane to another arrives sooner than this after it was sent), and per
     * lane the mailboxes it collects packets from at each window's start.
     */
    public record Plan(int lanes, int[] laneOfRegion, long lookaheadNs, Mailbox[][] inboxes) {
    }

    /** Where packets sent to a lane during a window wait until the next window begins. */
    public interface Mailbox {
        /** Called on the receiving lane's thread between windows: schedules what arrived. */
        void collect();
    }

    /**
     * Runs every event (up to {@code limit}) on {@code plan.lanes()} threads in conservative
     * windows (docs/design.md section 16): each window starts at the earliest pending event
     * anywhere and is shorter than the lookahead, so nothing a lane sends in a window can arrive
     * in it; between windows the lanes collect their mailboxes and the window's trace outputs are
     * merged in (time, stamp) order. Each lane fires its regions' events in the same order as the
     * sequential run, so the world ends in the same state. Watchers take their turns between
     * windows, counted in the events of all lanes (so a watcher that stops the run stops it at a
     * window's end). Returns false when {@link #stop()} ended the run early.
     */
    public boolean runPartitioned(Plan plan, long limit) {
        Lane main = sequential();
        if (plan.laneOfRegion().length != regionSeq.length || plan.lookaheadNs() < 1) {
            throw new IllegalArgumentException("plan does not fit the world's regions");
        }
        int n = plan.lanes();
        Lane[] lanes = new Lane[n];
        for (int k = 0; k < n; k++) {
            lanes[k] = new Lane();
            lanes[k].now = main.now;
            lanes[k].region = externalRegion;
            lanes[k].clearThrough = main.clearThrough;
            lanes[k].firingTime = main.firingTime;
            lanes[k].firingSched = main.firingSched;
            lanes[k].firingSeq = main.firingSeq;
        }
        for (Event e; (e = main.next(Long.MAX_VALUE)) != null; ) {
            lanes[plan.laneOfRegion()[e.region]].insert(e);
        }
        long[] nextTimes = new long[n];
        long[] window = new long[1];
        long[] lastEnd = {Long.MIN_VALUE};
        Steps s = steps;
        boolean[] done = new boolean[1];
        long executedBefore = main.executed;
        CyclicBarrier collected = new CyclicBarrier(n, () -> {
            Deferred.flush(lanes);
            if (watchers.length > 0) {
                long executed = executedBefore;
                for (Lane l : lanes) {
                    executed += l.executed;
                }
                if (executed >= nextWatch) {
                    watchTurn(executed);
                }
            }
            long t = Long.MAX_VALUE;
            boolean stop = false;
            for (int k = 0; k < n; k++) {
                t = Math.min(t, nextTimes[k]);
                stop |= lanes[k].stopped;
            }
            if (s != null && !stop) {
                // the world at a step is final once a window has ended there (nothing sent in it
                // arrives by then) or nothing is due until after it
                while (lastEnd[0] >= s.next || t > s.next) {
                    if (s.done.getAsBoolean() || s.next >= limit) {
                        s.reached = s.next;
                        stop = true;
                        break;
                    }
                    s.next += s.step;
                }
            }
            done[0] = stop || t == Long.MAX_VALUE || t > limit;
            window[0] = t > limit - plan.lookaheadNs() + 1 ? limit : t + plan.lookaheadNs() - 1;
            if (s != null) {
                window[0] = Math.min(window[0], s.next);
            }
            lastEnd[0] = window[0];
        });
        CyclicBarrier drained = new CyclicBarrier(n);
        Throwable[] failure = new Throwable[1];
        Worker[] workers = new Worker[n];
        for (int k = 0; k < n; k++) {
            int id = k;
            workers[k] = new Worker("minternet-lane-" + k, lanes[k], laneCpuNanos, () -> {
                try {
                    while (true) {
                        for (Mailbox m : plan.inboxes()[id]) {
                            m.collect();
                        }
                        nextTimes[id] = lanes[id].nextEventTime();
                        collected.await();
                        if (done[0]) {
                            return;
                        }
                        if (drain(lanes[id], window[0])) {
                            // windows end before anything sent from another lane arrives: all up to it has fired
                            lanes[id].clearThrough = window[0];
                        }
                        drained.await();
                    }
                } catch (BrokenBarrierException | InterruptedException e) {
                    // another lane failed; its failure is reported
                } catch (Throwable t) {
                    synchronized (failure) {
                        if (failure[0] == null) {
                            failure[0] = t;
                        }
                    }
                    collected.reset();
                    drained.reset();
                }
            });
        }
        solo = null;
        for (Worker w : workers) {
            w.start();
        }
        boolean interrupted = false;
        for (Worker w : workers) {
            while (true) {
                try {
                    w.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        solo = main;
        boolean stopped = false;
        Lane behind = lanes[0];
        for (Lane l : lanes) {
            main.now = Math.max(main.now, l.now);
            main.executed += l.executed;
            stopped |= l.stopped;
            if (l.clearThrough < behind.clearThrough) {
                behind = l;
            }
        }
        // what has fired by now, as hasFired reads it: exact when every lane finished its last
        // window (they all reached the same end); a lane that stopped early is the one taken
        main.clearThrough = Math.min(behind.clearThrough, main.now);
        main.firingTime = behind.firingTime;
        main.firingSched = behind.firingSched;
        main.firingSeq = behind.firingSeq;
        // back into one queue in their order (a queue takes events of one time fastest in order)
        Event[] firsts = new Event[n];
        for (int k = 0; k < n; k++) {
            firsts[k] = lanes[k].next(Long.MAX_VALUE);
        }
        while (true) {
            int min = -1;
            for (int k = 0; k < n; k++) {
                if (firsts[k] != null && (min < 0 || firsts[k].before(firsts[min]))) {
                    min = k;
                }
            }
            if (min < 0) {
                break;
            }
            main.insert(firsts[min]);
            firsts[min] = lanes[min].next(Long.MAX_VALUE);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] instanceof RuntimeException r) {
            throw r;
        }
        if (failure[0] instanceof Error err) {
            throw err;
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        return !stopped;
    }

    /** A thread of a partitioned run: the lane it owns is its clock and queue. */
    private static final class Worker extends Thread {
        final Lane lane;
        private final AtomicLong cpu;

        Worker(String name, Lane lane, AtomicLong cpu, Runnable body) {
            super(body, name);
            this.lane = lane;
            this.cpu = cpu;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                super.run();
            } finally {
                long used = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                cpu.addAndGet(Math.max(0, used));
            }
        }
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
