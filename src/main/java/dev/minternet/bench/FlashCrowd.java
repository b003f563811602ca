package dev.minternet.bench;

import dev.minternet.browser.Browser;
import dev.minternet.link.Link;
import dev.minternet.node.World;
import dev.minternet.services.web.Services;
import static dev.minternet.bench.Crowd.pct;

import java.util.SplittableRandom;

/**
 * A flash crowd on the default world: N more subscribers of ISP A, each a laptop on its own
 * access line (50 Mbit/s, 10 ms, addresses from the 100.64.0.0/10 shared space) behind one of
 * ceil(sqrt(N)) broadband aggregation routers on ISP A's core, and each with ISP A's resolver as
 * its name server. Every laptop loads https://www.example.com/ once, at a random instant of the
 * first {@code windowNs} (after the load balancer's first health checks), with a browser of its
 * own (cold DNS and HTTP caches): DNS, TCP, TLS 1.3, h2, the page and its five sub-resources,
 * the application and its database behind the load balancer. Measured: page load times, the
 * application server's queue, drops on every link, and what the run cost in wall time.
 */
public final class FlashCrowd {
    private FlashCrowd() {
    }

    /** The crowd starts after the default world's first health checks have marked the backends up. */
    static final long START_NS = Crowd.START_NS;

    /**
     * What a run measured: page load times (simulated) over the pages that loaded; the app's
     * longest queue and wait; link drops (queue overflow) over the whole world.
     */
    public record Result(int clients, double windowSeconds, int loaded, int failed, double p50Ms, double p90Ms,
            double p99Ms, double maxMs, int appMaxQueue, double appMaxWaitMs, long appJobs, long drops,
            double setupSeconds, double runSeconds, long events, double simulatedSeconds) {
    }

    /**
     * A run on {@code threads} threads: the world is always split into regions (the default
     * world with the aggregation routers; groups of laptops), on one thread as on several, so that
     * every thread count gives the same results (docs/partitioning.md).
     */
    public static Result run(int clients, long windowNs, long seed, int threads) {
        return build(clients, windowNs, seed).execute(threads);
    }

    /** Builds the crowd's world with every visit scheduled; {@link Built#execute} runs it. */
    public static Built build(int clients, long windowNs, long seed) {
        return new Built(clients, windowNs, seed);
    }

    /** A built flash crowd: its world, and the run that measures it. */
    public static final class Built {
        private final Crowd c;
        private final long windowNs;

        private Built(int clients, long windowNs, long seed) {
            this.c = new Crowd(clients, seed, yaml -> yaml, Crowd.Weights.WITH_CDN);
            this.windowNs = windowNs;
            World w = c.world;
            SplittableRandom rnd = w.sim().randoms().stream("bench:flashcrowd");
            for (int i = 0; i < clients; i++) {
                Browser b = c.browsers.get(i);
                int slot = i;
                w.sim().enterRegion(c.regionOfClient(i)); // the visit is an event of the laptop's region
                w.sim().scheduleAt(START_NS + rnd.nextLong(Math.max(1, windowNs)),
                        () -> b.visit("https://www.example.com/", () -> c.results.finish(slot, b.lastLoadNs())));
            }
            w.sim().enterRegion(0);
        }

        public World world() {
            return c.world;
        }

        /** Runs until every laptop has loaded or failed (or 300 s after the window) on {@code threads} threads. */
        public Result execute(int threads) {
            World w = c.world;
            Crowd.Ran ran = c.run(threads, windowNs);
            long[] l = ran.loads();
            long drops = 0;
            for (Link k : w.links()) {
                drops += k.channelFromA().counters().droppedQueue() + k.channelFromB().counters().droppedQueue();
            }
            Services.App app = w.node("app").service(Services.App.class);
            return new Result(c.browsers.size(), windowNs / 1e9, l.length, ran.failed(), pct(l, 0.50), pct(l, 0.90),
                    pct(l, 0.99), l.length == 0 ? 0 : l[l.length - 1] / 1e6, app.workers().maxQueueLength(),
                    app.workers().maxQueueWaitNs() / 1e6, app.workers().completed(), drops, ran.setupSeconds(), ran.runSeconds(),
                    w.sim().eventsExecuted(), ran.simulatedNs() / 1e9);
        }
    }
}
