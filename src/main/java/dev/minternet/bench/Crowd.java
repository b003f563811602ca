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
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The crowd of {@link FlashCrowd} and {@link CdnBench}: the default world (its timeline dropped,
 * the firewall letting in ISP A's shared address space) with N more subscribers of ISP A, each a
 * laptop with a browser of its own on its own access line (50 Mbit/s, 10 ms, 100.64.0.0/10)
 * behind ceil(sqrt(N)) aggregation routers on ISP A's core, and ISP A's resolver as name server.
 */
final class Crowd {
    /** The crowd starts after the default world's first health checks have marked the backends up. */
    static final long START_NS = Durations.S;

    final World world;
    final List<Browser> browsers;
    /** Wall nanoseconds at which the world started to be built. */
    final long builtFromNs = System.nanoTime();
    int loaded;
    int failed;

    /** Builds the world; {@code edit} may change the default world's text before it loads. */
    Crowd(int clients, long seed, UnaryOperator<String> edit) {
        String yaml = edit.apply(DefaultWorld.text().replaceAll("(?s)\ntimeline:.*", "\n")
                .replaceFirst("(?m)^seed: \\d+", "seed: " + seed)
                .replace("allow: [81.2.0.0/16, 192.168.0.0/16]", "allow: [81.2.0.0/16, 192.168.0.0/16, 100.64.0.0/10]"));
        try {
            world = WorldBuilder.build(ScenarioLoader.parse(DefaultWorld.NAME, yaml));
        } catch (ScenarioException e) {
            throw new IllegalStateException("the default world does not load: " + e.getMessage(), e);
        }
        LinkParams line = LinkParams.DEFAULT.withBandwidth(50_000_000L).withDelay(10 * Durations.MS);
        LinkParams aggregation = LinkParams.DEFAULT.withBandwidth(10_000_000_000L).withDelay(Durations.MS)
                .withQueuePackets(1000);
        List<Node> laptops = EdgeStar.clients(world, world.node("isp-a-core"), "crowd", clients, line, aggregation, "bng",
                Ip4.parse("100.127.0.0"), Ip4.parse("100.64.0.0"));
        GlobalRouting.install(world);
        int resolver = world.node("isp-a-resolver").ip().primaryAddress();
        Browser[] b = new Browser[laptops.size()];
        for (int i = 0; i < b.length; i++) {
            Node l = laptops.get(i);
            l.attach(StubResolver.class, new StubResolver(l, List.of(resolver), StubResolver.DEFAULT_TIMEOUT_NS,
                    StubResolver.DEFAULT_ATTEMPTS, Map.of()));
            b[i] = new Browser(l);
        }
        browsers = List.of(b);
    }

    /**
     * Runs second by second until every client has loaded or failed, or until 300 s after the
     * window; returns the simulated time reached.
     */
    long runUntilDone(long windowNs) {
        long t = world.sim().now();
        long limit = START_NS + windowNs + 300 * Durations.S;
        while (loaded + failed < browsers.size() && t < limit) {
            t += Durations.S;
            world.sim().runUntil(t);
        }
        return t;
    }

    /** The {@code q} quantile of sorted {@code l} in milliseconds (nearest rank), 0 when empty. */
    static double pct(long[] l, double q) {
        if (l.length == 0) {
            return 0;
        }
        return l[(int) Math.min(l.length - 1, Math.ceil(l.length * q) - 1)] / 1e6;
    }
}
