package dev.minternet.bench;

import dev.minternet.browser.Browser;
import dev.minternet.dns.StubResolver;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.services.cdn.CdnEdge;
import dev.minternet.services.cdn.CdnEdges;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

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
 * without), hence the origin offload.
 */
public final class CdnBench {
    private CdnBench() {
    }

    /** One run: with or without the CDN. */
    public record Run(boolean cdn, int loaded, int failed, double p50Ms, double p99Ms, long staticRequests, long originStatic,
            double setupSeconds, double runSeconds, long events, double simulatedSeconds) {
        /** The share of static requests the CDN answered without the origin. */
        public double offload() {
            return staticRequests == 0 ? 0 : 1 - (double) originStatic / staticRequests;
        }
    }

    /** The page's static assets (all on static.example.com). */
    static final int PAGE_ASSETS = 4;

    public static Run run(boolean cdn, int clients, int objects, double zipf, long windowNs, long seed) {
        long t0 = System.nanoTime();
        String yaml = DefaultWorld.text().replaceAll("(?s)\ntimeline:.*", "\n")
                .replaceFirst("(?m)^seed: \\d+", "seed: " + seed)
                .replace("allow: [81.2.0.0/16, 192.168.0.0/16]", "allow: [81.2.0.0/16, 192.168.0.0/16, 100.64.0.0/10]");
        if (!cdn) {
            // no CDN: static.example.com is the load balancer, which terminates TLS for it too
            yaml = replace(yaml, "static 300 IN CNAME static.cdn.example.net.", "static 300 IN A 93.184.216.34");
            yaml = replace(yaml, "- {names: [www.example.com, example.com]}", "- {names: [www.example.com, example.com, static.example.com]}");
            yaml = replace(yaml, "names: [www.example.com, example.com]\n", "names: [www.example.com, example.com, static.example.com]\n");
        }
        World w;
        try {
            w = WorldBuilder.build(ScenarioLoader.parse(DefaultWorld.NAME, yaml));
        } catch (ScenarioException e) {
            throw new IllegalStateException("the default world does not load: " + e.getMessage(), e);
        }
        LinkParams line = LinkParams.DEFAULT.withBandwidth(50_000_000L).withDelay(10 * Durations.MS);
        LinkParams aggregation = LinkParams.DEFAULT.withBandwidth(10_000_000_000L).withDelay(Durations.MS).withQueuePackets(1000);
        List<Node> laptops = EdgeStar.clients(w, w.node("isp-a-core"), "crowd", clients, line, aggregation, "bng",
                Ip4.parse("100.127.0.0"), Ip4.parse("100.64.0.0"));
        GlobalRouting.install(w);
        int resolver = w.node("isp-a-resolver").ip().primaryAddress();
        for (Node l : laptops) {
            l.attach(StubResolver.class, new StubResolver(l, List.of(resolver), StubResolver.DEFAULT_TIMEOUT_NS,
                    StubResolver.DEFAULT_ATTEMPTS, Map.of()));
        }
        double[] cdf = zipfCdf(objects, zipf);
        long[] loads = new long[clients];
        int[] loaded = new int[1];
        int[] failed = new int[1];
        SplittableRandom rnd = w.sim().randoms().stream("bench:cdn");
        for (Node l : laptops) {
            Browser b = new Browser(l);
            long at = FlashCrowd.START_NS + rnd.nextLong(Math.max(1, windowNs));
            int k = pick(cdf, rnd.nextDouble()) + 1;
            w.sim().scheduleAt(at, () -> b.visit("https://www.example.com/", () -> {
                long page = b.lastLoadNs();
                if (page < 0) {
                    failed[0]++;
                    return;
                }
                b.visit("https://static.example.com/img/hero.png?v=" + k, () -> {
                    if (b.lastLoadNs() >= 0) {
                        loads[loaded[0]++] = w.sim().now() - at;
                    } else {
                        failed[0]++;
                    }
                });
            }));
        }
        long t1 = System.nanoTime();
        long t = w.sim().now();
        long limit = FlashCrowd.START_NS + windowNs + 300 * Durations.S;
        while (loaded[0] + failed[0] < clients && t < limit) {
            t += Durations.S;
            w.sim().runUntil(t);
        }
        long t2 = System.nanoTime();
        long[] s = Arrays.copyOf(loads, loaded[0]);
        Arrays.sort(s);
        long requests = (long) loaded[0] * (PAGE_ASSETS + 1);
        long origin = requests;
        if (cdn) {
            requests = 0;
            for (Map.Entry<String, CdnEdge> e : CdnEdges.of(w).all().entrySet()) {
                if (!e.getKey().equals("cdn-shield")) {
                    var c = e.getValue().cache();
                    requests += c.hits() + c.misses() + c.revalidated() + c.staleServed();
                }
            }
            var shield = CdnEdges.of(w).get("cdn-shield").cache();
            origin = shield.misses() + shield.revalidated();
        }
        return new Run(cdn, loaded[0], failed[0], pct(s, 0.50), pct(s, 0.99), requests, origin, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                w.sim().eventsExecuted(), t / 1e9);
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

    private static double pct(long[] l, double q) {
        if (l.length == 0) {
            return 0;
        }
        return l[(int) Math.min(l.length - 1, Math.ceil(l.length * q) - 1)] / 1e6;
    }
}
