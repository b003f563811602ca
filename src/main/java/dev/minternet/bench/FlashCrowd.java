package dev.minternet.bench;

import dev.minternet.browser.Browser;
import dev.minternet.dns.StubResolver;
import dev.minternet.link.Link;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.services.web.Services;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
    static final long START_NS = Durations.S;

    /**
     * What a run measured: page load times (simulated) over the pages that loaded; the app's
     * longest queue and wait; link drops (queue overflow) over the whole world.
     */
    public record Result(int clients, double windowSeconds, int loaded, int failed, double p50Ms, double p90Ms,
            double p99Ms, double maxMs, int appMaxQueue, double appMaxWaitMs, long appJobs, long drops,
            double setupSeconds, double runSeconds, long events, double simulatedSeconds) {
    }

    public static Result run(int clients, long windowNs, long seed) {
        long t0 = System.nanoTime();
        // the crowd's addresses are ISP A's customers': its resolver serves them too
        String yaml = DefaultWorld.text().replaceAll("(?s)\ntimeline:.*", "\n")
                .replaceFirst("(?m)^seed: \\d+", "seed: " + seed)
                .replace("allow: [81.2.0.0/16, 192.168.0.0/16]", "allow: [81.2.0.0/16, 192.168.0.0/16, 100.64.0.0/10]");
        World w;
        try {
            w = WorldBuilder.build(ScenarioLoader.parse(DefaultWorld.NAME, yaml));
        } catch (ScenarioException e) {
            throw new IllegalStateException("the default world does not load: " + e.getMessage(), e);
        }
        LinkParams line = LinkParams.DEFAULT.withBandwidth(50_000_000L).withDelay(10 * Durations.MS);
        LinkParams aggregation = LinkParams.DEFAULT.withBandwidth(10_000_000_000L).withDelay(Durations.MS)
                .withQueuePackets(1000);
        List<Node> laptops = EdgeStar.clients(w, w.node("isp-a-core"), "crowd", clients, line, aggregation, "bng",
                Ip4.parse("100.127.0.0"), Ip4.parse("100.64.0.0"));
        GlobalRouting.install(w);
        int resolver = w.node("isp-a-resolver").ip().primaryAddress();
        for (Node l : laptops) {
            l.attach(StubResolver.class, new StubResolver(l, List.of(resolver), StubResolver.DEFAULT_TIMEOUT_NS,
                    StubResolver.DEFAULT_ATTEMPTS, Map.of()));
        }

        long[] loads = new long[clients];
        int[] loaded = new int[1];
        int[] failed = new int[1];
        SplittableRandom rnd = w.sim().randoms().stream("bench:flashcrowd");
        for (Node l : laptops) {
            Browser b = new Browser(l);
            w.sim().scheduleAt(START_NS + rnd.nextLong(Math.max(1, windowNs)), () -> b.visit("https://www.example.com/", () -> {
                if (b.lastLoadNs() >= 0) {
                    loads[loaded[0]++] = b.lastLoadNs();
                } else {
                    failed[0]++;
                }
            }));
        }
        long t1 = System.nanoTime();
        long t = w.sim().now();
        long limit = START_NS + windowNs + 300 * Durations.S;
        while (loaded[0] + failed[0] < clients && t < limit) {
            t += Durations.S;
            w.sim().runUntil(t);
        }
        long t2 = System.nanoTime();

        long[] l = Arrays.copyOf(loads, loaded[0]);
        Arrays.sort(l);
        long drops = 0;
        for (Link k : w.links()) {
            drops += k.channelFromA().counters().droppedQueue() + k.channelFromB().counters().droppedQueue();
        }
        Services.App app = w.node("app").service(Services.App.class);
        return new Result(clients, windowNs / 1e9, loaded[0], failed[0], pct(l, 0.50), pct(l, 0.90), pct(l, 0.99),
                l.length == 0 ? 0 : l[l.length - 1] / 1e6, app.workers().maxQueueLength(), app.workers().maxQueueWaitNs() / 1e6,
                app.workers().completed(), drops, (t1 - t0) / 1e9, (t2 - t1) / 1e9, w.sim().eventsExecuted(), t / 1e9);
    }

    /** The {@code q} quantile of sorted {@code l} in milliseconds (nearest rank), 0 when empty. */
    private static double pct(long[] l, double q) {
        if (l.length == 0) {
            return 0;
        }
        return l[(int) Math.min(l.length - 1, Math.ceil(l.length * q) - 1)] / 1e6;
    }
}
