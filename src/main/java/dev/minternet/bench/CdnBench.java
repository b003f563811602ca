package dev.minternet.bench;

import dev.minternet.browser.Browser;
import dev.minternet.node.World;
import dev.minternet.services.cdn.CdnEdge;
import dev.minternet.services.cdn.CdnEdges;
import dev.minternet.sim.Futures;
import static dev.minternet.bench.Crowd.pct;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A flash crowd on the default world's CDN: N new subscribers of ISP A (as {@link FlashCrowd}: each
 * on its own access line behind ceil(sqrt(N)) aggregation routers, ISP A's resolver, a browser of
 * its own with cold caches) each load https://www.example.com/ (the HTML and /api from the origin,
 * the four static assets from static.example.com) and then one object of a catalogue of K, drawn
 * with Zipf(s) popularity: https://static.example.com/img/hero.png?v=k (the query string makes k
 * its own cache key, as at a CDN that keys on the whole URL). Run twice: with the CDN (the default
 * world) and without it (static.example.com an A record of the load balancer, which then serves
 * it). Measured: each client's load time (page, then object), p50 and p99; the requests for static
 * objects that reached the origin (the shield's misses and revalidations with the CDN; all of them
 * without), hence the origin offload. The two runs share nothing (each builds its own world), so
 * {@link #both} may run them at once; each may also run on several threads.
 */
public final class CdnBench {
    private CdnBench() {
    }

    /** One run: with or without the CDN. */
    public record Run(boolean cdn, int loaded, int failed, double p50Ms, double p99Ms, long staticRequests, long originStatic,
            double setupSeconds, double runSeconds, double cpuSeconds, long events, double simulatedSeconds) {
        /** The share of static requests the CDN answered without the origin. */
        public double offload() {
            return staticRequests == 0 ? 0 : 1 - (double) originStatic / staticRequests;
        }
    }

    /** The page's static assets (all on static.example.com). */
    static final int PAGE_ASSETS = 4;

    /**
     * Both runs, with the CDN first. Each world is split into regions as {@link FlashCrowd}'s (the
     * default world; groups of laptops), so it gives the same figures on any number of threads.
     * With {@code threads} 1, one after the other on one thread; with {@code inTurn}, one after
     * the other, each on {@code threads} threads (one world held at a time); otherwise both at once,
     * each on half the threads (two independent worlds, each with its own simulator and seeded
     * streams, so each gives the figures it gives alone).
     */
    public static List<Run> both(int clients, int objects, double zipf, long windowNs, long seed, int threads, boolean inTurn) {
        if (threads < 2 || inTurn) {
            return List.of(run(true, clients, objects, zipf, windowNs, seed, threads),
                    run(false, clients, objects, zipf, windowNs, seed, threads));
        }
        int each = threads / 2;
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-cdn");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Run> with = pool.submit(() -> run(true, clients, objects, zipf, windowNs, seed, each));
            Future<Run> without = pool.submit(() -> run(false, clients, objects, zipf, windowNs, seed, each));
            return List.of(with.get(), without.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw Futures.unchecked(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One run on {@code threads} threads. Each laptop's visits are events of its own region, and
     * each writes its result to its own slot (-1 when it failed); the count of finished laptops is
     * shared.
     */
    public static Run run(boolean cdn, int clients, int objects, double zipf, long windowNs, long seed, int threads) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        Crowd c = new Crowd(clients, seed, yaml -> cdn ? yaml : withoutCdn(yaml),
                cdn ? Crowd.Weights.WITH_CDN : Crowd.Weights.WITHOUT_CDN);
        World w = c.world;
        double[] cdf = zipfCdf(objects, zipf);
        SplittableRandom rnd = w.sim().randoms().stream("bench:cdn");
        for (int i = 0; i < clients; i++) {
            Browser b = c.browsers.get(i);
            int slot = i;
            long at = FlashCrowd.START_NS + rnd.nextLong(Math.max(1, windowNs));
            int k = pick(cdf, rnd.nextDouble()) + 1;
            w.sim().enterRegion(c.regionOfClient(i)); // the visits are events of the laptop's region
            w.sim().scheduleAt(at, () -> b.visit("https://www.example.com/", () -> {
                if (b.lastLoadNs() < 0) {
                    c.results.finish(slot, -1);
                    return;
                }
                b.visit("https://static.example.com/img/hero.png?v=" + k,
                        () -> c.results.finish(slot, b.lastLoadNs() >= 0 ? w.sim().now() - at : -1));
            }));
        }
        w.sim().enterRegion(0);
        Crowd.Ran ran = c.run(threads, windowNs);
        long[] s = ran.loads();
        int loaded = s.length;
        long requests = (long) loaded * (PAGE_ASSETS + 1);
        long origin = requests;
        if (cdn) {
            requests = 0;
            for (Map.Entry<String, CdnEdge> e : CdnEdges.of(w).all().entrySet()) {
                if (!e.getKey().equals("cdn-shield")) {
                    var cache = e.getValue().cache();
                    requests += cache.hits() + cache.misses() + cache.revalidated() + cache.staleServed();
                }
            }
            var shield = CdnEdges.of(w).get("cdn-shield").cache();
            origin = shield.misses() + shield.revalidated();
        }
        // the calling thread's (building, and running on one thread) and the lanes' of a run on several
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0 + w.sim().laneCpuNanos()) / 1e9;
        return new Run(cdn, loaded, ran.failed(), pct(s, 0.50), pct(s, 0.99), requests, origin, ran.setupSeconds(),
                ran.runSeconds(), cpu, w.sim().eventsExecuted(), ran.simulatedNs() / 1e9);
    }

    /** No CDN: static.example.com is the load balancer, which terminates TLS for it too. */
    private static String withoutCdn(String yaml) {
        yaml = replace(yaml, "static 300 IN CNAME static.cdn.example.net.", "static 300 IN A 93.184.216.34");
        yaml = replace(yaml, "- {names: [www.example.com, example.com]}", "- {names: [www.example.com, example.com, static.example.com]}");
        return replace(yaml, "names: [www.example.com, example.com]\n", "names: [www.example.com, example.com, static.example.com]\n");
    }

    private static String replace(String s, String a, String b) {
        if (!s.contains(a)) {
            throw new IllegalStateException("the default world no longer has: " + a);
        }
        return s.replace(a, b);
    }

    /** The cumulative Zipf(s) distribution over ranks 1..n. */
    static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1 / Math.pow(k + 1, s);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        return cdf;
    }

    /** The first rank (0-based) whose cumulative probability reaches {@code u}. */
    static int pick(double[] cdf, double u) {
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
