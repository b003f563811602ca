package dev.minternet.live;

import dev.minternet.node.World;
import dev.minternet.scenario.ScenarioRunner;
import dev.minternet.sim.Durations;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A world whose simulated clock is paced to the wall clock, for {@code minternet live}. One
 * thread, the simulation thread, runs the world: it lets simulated time catch up with
 * {@code speed} times the wall time that has passed since the last anchor, then runs the work
 * real clients posted ({@link #submit}), each at the simulated instant it arrived (a batch of
 * events stops after the event that is running when work arrives, so work that arrives while the
 * simulation is behind the wall clock still comes before the events due after it), then naps
 * until the next event is due on the wall clock or new work arrives. The simulator itself never reads the wall clock
 * (docs/design.md decision 1); the pacing sits here, above it, with work from real sockets coming in
 * through one thread-safe inbox (docs/design.md decision 15).
 *
 * <p>Live mode is not deterministic: when a real client's bytes enter the world depends on when
 * they arrive on the wall clock. Everything else (trace, pcaps, key log) works as in a run.
 */
public final class Live {
    /** The longest nap of the loop, so pause, speed and stop take effect at once. */
    private static final long NAP_NS = 10_000_000L;
    /**
     * The last part of a nap before an event is due is spent spinning rather than parked: a parked
     * thread wakes 50-100 us after its deadline (the kernel's timer slack, then the scheduler).
     */
    private static final long SPIN_NS = 150_000L;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private final World world;
    private final ScenarioRunner runner;
    private final BlockingQueue<Posted> inbox = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failure;
    // Pacing state, written on the simulation thread (and read by status() elsewhere).
    private volatile double speed;
    private volatile boolean paused;
    private volatile long simNow;
    private long simAnchor;
    private long wallAnchor;
    private int stepsWanted;
    private LagProbe probe;
    /** While the loop advances to a posted work's instant: arriving work waits for that (simulation thread). */
    private boolean entering;
    /** The simulation thread's scheduling policy, as {@link Realtime#policy} names it (set when the loop starts). */
    private volatile String policy = "unknown";

    /** Work posted from another thread and the wall instant ({@link System#nanoTime}) it arrived. */
    private record Posted(Runnable work, long wallNs) {
    }

    /** A live world on {@code runner}'s world, {@code speed} simulated seconds per wall second (more than 0). */
    public Live(ScenarioRunner runner, World world, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be more than 0");
        }
        this.world = world;
        this.runner = runner;
        this.speed = speed;
        this.thread = new Thread(this::loop, "minternet-live");
        this.thread.setDaemon(true);
        // Ignored by the JVM on Linux unless -XX:ThreadPriorityPolicy=1 (then nice -5, given the
        // permission): the launcher asks for it in live mode, docs/live.md "Pacing".
        this.thread.setPriority(Thread.MAX_PRIORITY);
    }

    public World world() {
        return world;
    }

    /** Starts the simulation thread. */
    public Live start() {
        thread.start();
        return this;
    }

    /** Runs {@code r} on the simulation thread at the current simulated instant (paused or not). */
    public void submit(Runnable r) {
        if (stopping) {
            throw new IllegalStateException("live mode is stopping");
        }
        inbox.add(new Posted(r, System.nanoTime()));
    }

    /** Computes {@code f} on the simulation thread and returns its result (within 10 s). */
    public <T> T call(Supplier<T> f) {
        return call(f, 10_000);
    }

    /**
     * Computes {@code f} on the simulation thread and returns its result, or throws
     * {@link IllegalStateException} when it has not come within {@code ms} (f may still run later).
     */
    public <T> T call(Supplier<T> f, long ms) {
        CompletableFuture<T> result = new CompletableFuture<>();
        submit(() -> {
            try {
                result.complete(f.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(ms, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the simulation did not answer: " + e, e);
        }
    }

    /** Stops the clock where it is; posted work still runs, at that instant. */
    public void pause() {
        submit(() -> {
            paused = true;
        });
    }

    /** Starts the clock again from where it stands. */
    public void resume() {
        submit(() -> {
            if (paused) {
                paused = false;
                anchor();
            }
        });
    }

    /** While paused: runs the events of the next instant that has any, then stops again. */
    public void step() {
        submit(() -> {
            paused = true;
            stepsWanted++;
        });
    }

    /** Sets the pace: {@code x} simulated seconds per wall second. */
    public void speed(double x) {
        if (!(x > 0) || x > 1e6) {
            throw new IllegalArgumentException("speed must be more than 0 and at most 1000000");
        }
        submit(() -> {
            speed = x;
            anchor();
        });
    }

    /** The clock as a JSON object: simulated ns, pace, paused, the date in the world. */
    public String status() {
        long t = simNow;
        return String.format(Locale.ROOT, "{\"simNs\":%d,\"sim\":\"%s\",\"speed\":%s,\"paused\":%b,\"date\":\"%s\"}", t,
                Durations.seconds(t), Double.toString(speed), paused, world.epoch().plusNanos(t));
    }

    /** The simulation thread's scheduling policy: "normal", "fifo 1" (docs/live.md "Pacing") or "unknown". */
    public String schedulingPolicy() {
        return policy;
    }

    public long simNow() {
        return simNow;
    }

    public boolean paused() {
        return paused;
    }

    public double speed() {
        return speed;
    }

    /** What stopped the simulation thread with an error, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Ends the loop; waits for the simulation thread (at most 5 s), then closes the run's files. */
    public void stop() {
        stopping = true;
        inbox.add(new Posted(() -> { }, System.nanoTime()));
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void anchor() {
        simAnchor = world.sim().now();
        wallAnchor = System.nanoTime();
    }

    private void loop() {
        policy = Realtime.wanted() ? Realtime.raise(1) : Realtime.current();
        anchor();
        // between two events: work posted meanwhile ends the batch, to enter at its own instant
        world.sim().watch(1, () -> {
            if (!entering && !inbox.isEmpty()) {
                world.sim().stop();
            }
        });
        try {
            while (!stopping) {
                catchUp();
                if (paused && stepsWanted > 0) {
                    stepsWanted--;
                    long next = world.sim().nextEventTime();
                    if (next != Long.MAX_VALUE) {
                        entering = true; // the whole instant, whatever is posted meanwhile
                        try {
                            runner.advance(next + 1);
                        } finally {
                            entering = false;
                        }
                    }
                }
                simNow = world.sim().now();
                drain();
                simNow = world.sim().now();
                Posted p = nap(napNs());
                if (p != null) {
                    enter(p);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            stopping = true;
            runner.finish();
        }
    }

    /** Hears each batch of events the loop runs (for {@code minternet bench live-pacing}). */
    @FunctionalInterface
    public interface LagProbe {
        /**
         * A batch whose first event was due at wall instant {@code dueNs} ran from {@code startNs} to
         * {@code endNs} ({@link System#nanoTime}): {@code endNs - dueNs} bounds the lag of every event
         * in it, {@code startNs - dueNs} is how late the loop woke, {@code endNs - startNs} the work,
         * of which the simulation thread spent {@code cpuNs} on a core.
         */
        void batch(long dueNs, long startNs, long endNs, long cpuNs);

        /** A batch is about to run (before its first event), on the simulation thread. */
        default void begins() {
        }

        /**
         * Work posted from another thread (a client's bytes, a visit's start) ran from {@code startNs}
         * to {@code endNs} ({@link System#nanoTime}), {@code cpuNs} of it on a core: events due
         * meanwhile wait for it as they wait for a long event.
         */
        default void posted(long startNs, long endNs, long cpuNs) {
        }
    }

    /** Sets the probe that hears every batch. Set before {@link #start}; called on the simulation thread. */
    public void lagProbe(LagProbe probe) {
        this.probe = probe;
    }

    /**
     * The wall instant ({@link System#nanoTime}) at which simulated instant {@code simNs} is due
     * under the current anchor and speed. Call on the simulation thread.
     */
    public long wallDue(long simNs) {
        return wallAnchor + (long) ((simNs - simAnchor) / speed);
    }

    /** The simulated instant due at wall instant {@code wallNs} under the current anchor and speed. */
    private long simAt(long wallNs) {
        return simAnchor + (long) ((wallNs - wallAnchor) * speed);
    }

    /**
     * Runs the world up to where the wall clock says simulated time stands now (or less, when work
     * is posted meanwhile: the loop enters it, then comes back).
     */
    private void catchUp() {
        if (!paused) {
            long start = System.nanoTime();
            runTo(simAt(start), start);
        }
    }

    /** Runs the events due before simulated instant {@code target} (a batch), the clock then at {@code target}. */
    private void runTo(long target, long start) {
        if (target > world.sim().now()) {
            long cpu = probe != null ? CPU.getCurrentThreadCpuTime() : 0;
            long first = world.sim().nextEventTime();
            if (probe != null) {
                probe.begins();
            }
            runner.advance(target);
            runner.clearInterrupt();
            if (probe != null && first < target) {
                probe.batch(wallDue(first), start, System.nanoTime(),
                        CPU.getCurrentThreadCpuTime() - cpu);
            }
        }
    }

    /**
     * Runs posted work at the simulated instant it arrived: the events due before that instant
     * first (those the loop had not reached yet), so it is never later in simulated time than
     * the wall clock made it, whatever the simulation thread was doing when it came.
     */
    private void enter(Posted p) {
        if (!paused) {
            long start = System.nanoTime();
            entering = true;
            try {
                runTo(Math.min(simAt(p.wallNs()), simAt(start)), start);
            } finally {
                entering = false;
            }
        }
        if (probe == null) {
            runTask(p.work());
            return;
        }
        long start = System.nanoTime();
        long cpu = CPU.getCurrentThreadCpuTime();
        runTask(p.work());
        probe.posted(start, System.nanoTime(), CPU.getCurrentThreadCpuTime() - cpu);
    }

    private void drain() {
        Posted p;
        while ((p = inbox.poll()) != null) {
            enter(p);
        }
    }

    /** Work from a real client: a bug in it is reported, and the world goes on. */
    private void runTask(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            System.err.println("minternet live: " + e);
        }
    }

    /**
     * Waits up to {@code ns} for posted work: parked, then, when an event is due at the end
     * (less than the longest nap), spinning for the last {@link #SPIN_NS}.
     */
    private Posted nap(long ns) throws InterruptedException {
        if (ns >= NAP_NS) {
            return inbox.poll(ns, TimeUnit.NANOSECONDS);
        }
        long deadline = System.nanoTime() + ns;
        Posted p = ns > SPIN_NS ? inbox.poll(ns - SPIN_NS, TimeUnit.NANOSECONDS) : inbox.poll();
        while (p == null && !stopping && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            p = inbox.poll();
        }
        return p;
    }

    /** How long the loop may wait for posted work before the next event is due. */
    private long napNs() {
        if (paused) {
            return stepsWanted > 0 ? 0 : NAP_NS;
        }
        long next = world.sim().nextEventTime();
        if (next == Long.MAX_VALUE) {
            return NAP_NS;
        }
        return Math.max(0, Math.min(NAP_NS, wallDue(next) - System.nanoTime()));
    }
}
