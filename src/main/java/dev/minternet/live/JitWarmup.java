package dev.minternet.live;

import dev.minternet.browser.Browser;
import dev.minternet.node.World;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.shell.Session;
import dev.minternet.sim.Durations;
import dev.minternet.tls.KeyAlgorithm;
import java.util.concurrent.CompletableFuture;

/**
 * Warms the JIT for live mode: a thread of its own visits https://www.example.com/ again and again
 * in a throwaway default world, unpaced, so that by the time real clients and the live world's
 * own visits run, the code they share (TCP, TLS handshakes and records, the HTTP codecs, the
 * browser) is compiled. A cold JVM spends 30-50 ms of CPU on a visit the first ten times and
 * 10-20 ms after a few hundred (docs/live.md "Pacing"); in the live world that CPU is lag.
 *
 * <p>The warm-up world is built from the default scenario with its own simulator, seeds and
 * randomness; it shares nothing with the live world but the code and the caches of pure results
 * that every world shares (parsed certificates, compressed bodies), so the live world's events
 * and outputs are the same with or without it. It runs at minimum priority and stops after a
 * number of visits, a wall-clock budget or {@link #stop}, whichever comes first; then the world
 * is dropped and collected at once ({@link System#gc}).
 */
final class JitWarmup {
    private final Thread thread;
    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    private final int visits;
    private volatile boolean stopping;

    /** A warm-up of at most {@code visits} visits and {@code budgetNs} of wall time, with certificates of {@code keys}. */
    JitWarmup(KeyAlgorithm keys, int visits, long budgetNs) {
        this.visits = visits;
        this.thread = new Thread(() -> run(keys, visits, budgetNs), "minternet-jit-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /** Starts the thread; a warm-up of no visits builds nothing and is done at once. */
    JitWarmup start() {
        if (visits == 0) {
            done.complete(0);
        } else {
            thread.start();
        }
        return this;
    }

    /** Completes with the number of visits made when the warm-up ends. */
    CompletableFuture<Integer> done() {
        return done;
    }

    void stop() {
        stopping = true;
    }

    private void run(KeyAlgorithm keys, int visits, long budgetNs) {
        int made = 0;
        try {
            long end = System.nanoTime() + budgetNs;
            Scenario s = DefaultWorld.load();
            World w = WorldBuilder.build(s, keys);
            Browser browser = new Browser(w.node(Session.defaultNode(s)));
            while (made < visits && !stopping && System.nanoTime() < end) {
                boolean[] loaded = {false};
                browser.visit("https://www.example.com/", () -> loaded[0] = true);
                long limit = w.sim().now() + 120 * Durations.S;
                while (!loaded[0] && !stopping && w.sim().now() < limit) {
                    w.sim().runUntil(w.sim().now() + 100 * Durations.MS);
                }
                if (!loaded[0]) {
                    break;
                }
                made++;
            }
        } catch (RuntimeException | ScenarioException e) {
            // a failed warm-up costs only speed: the live world never depended on it
        } finally {
            // the throwaway world and the garbage of its visits go now, in one collection at a known
            // moment, rather than filling the young generation so that the next collection (and a
            // later full one, for what the young collections promoted) stops the live world at a
            // random moment
            System.gc();
            done.complete(made);
        }
    }
}
