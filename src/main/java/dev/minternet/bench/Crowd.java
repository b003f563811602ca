package dev.minternet.bench;

import dev.minternet.browser.Browser;
import dev.minternet.dns.StubResolver;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.Partitioning;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Simulator;
import dev.minternet.wire.Ip4;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
    /** Each laptop's result, written by its own events. */
    final Results results;
    /** The world's regions: the default world's servers' side, the laptops of each aggregation router, ISP A's side. */
    private final Partitioning regions;
    /** How many aggregation routers the clients hang off. */
    private final int edges;
    /** ISP A's side of the default world: the last region. */
    final int ispSide;

    /**
     * What each side of the default world weighs against all the laptops together (1): the lane
     * split of a run on several threads follows them (the figures do not depend on them).
     */
    record Weights(double servers, double isp) {
        /**
         * The default world with its CDN. The CPU each part took, 30,000 laptops on two threads
         * (6 December 2026; ISP A's side from two deals, with the servers' side and with the
         * laptops): the servers' side 32.7 s, ISP A's side (with the CDN edge that terminates the
         * laptops' static TLS connections) 22.4 s, the laptops 34.4 s.
         */
        static final Weights WITH_CDN = new Weights(0.95, 0.65);
        /** The world without it, whose load balancer does every handshake: 38.0 s, 7 s, 25 s. */
        static final Weights WITHOUT_CDN = new Weights(1.5, 0.28);
    }

    /**
     * Builds the world ({@code edit} may change the default world's text before it loads), split
     * into regions so that it can run on several threads ({@link #run}): region 0 is the default
     * world's servers' side ({@link #sides}), region e + 1 the laptops of aggregation router e,
     * behind their 10 ms access lines, and the last region ISP A's side with the aggregation
     * routers (docs/partitioning.md). Regions go to lanes in this order, by {@code weights}: two
     * threads take the servers' side with some of the laptops, and the other laptops with ISP A's
     * side. It is split on one thread too, so that every thread count gives the same results.
     */
    Crowd(int clients, long seed, UnaryOperator<String> edit, Weights weights) {
        String yaml = edit.apply(DefaultWorld.text().replaceAll("(?s)\ntimeline:.*", "\n")
                .replaceFirst("(?m)^seed: \\d+", "seed: " + seed)
                .replace("allow: [81.2.0.0/16, 192.168.0.0/16]", "allow: [81.2.0.0/16, 192.168.0.0/16, 100.64.0.0/10]"));
        edges = EdgeStar.edges(clients);
        ispSide = edges + 1;
        try {
            Scenario s = ScenarioLoader.parse(DefaultWorld.NAME, yaml);
            world = WorldBuilder.build(s, sides(s, ispSide), edges + 2);
        } catch (ScenarioException e) {
            throw new IllegalStateException("the default world does not load: " + e.getMessage(), e);
        }
        LinkParams line = LinkParams.DEFAULT.withBandwidth(50_000_000L).withDelay(10 * Durations.MS);
        LinkParams aggregation = LinkParams.DEFAULT.withBandwidth(10_000_000_000L).withDelay(Durations.MS)
                .withQueuePackets(1000);
        Simulator sim = world.sim();
        regions = Partitioning.of(world);
        regions.reopen();
        // the aggregation routers hang off ISP A's core (its side); what connecting a laptop
        // schedules is its region's (regionOfClient)
        sim.enterRegion(ispSide);
        List<Node> laptops = EdgeStar.clients(world, world.node("isp-a-core"), "crowd", clients, line, aggregation, "bng",
                Ip4.parse("100.127.0.0"), Ip4.parse("100.64.0.0"), e -> sim.enterRegion(e + 1));
        sim.enterRegion(0);
        for (int e = 0; e < edges; e++) {
            regions.place(world.node("bng-" + e), ispSide);
        }
        for (int i = 0; i < laptops.size(); i++) {
            regions.place(laptops.get(i), regionOfClient(i));
        }
        regions.weigh(SERVER_SIDE, edges * weights.servers());
        regions.weigh(ispSide, edges * weights.isp());
        regions.seal();
        regions.checkRegions();
        GlobalRouting.install(world);
        int resolver = world.node("isp-a-resolver").ip().primaryAddress();
        Browser[] b = new Browser[laptops.size()];
        for (int i = 0; i < b.length; i++) {
            Node l = laptops.get(i);
            sim.enterRegion(l.region());
            l.attach(StubResolver.class, new StubResolver(l, List.of(resolver), StubResolver.DEFAULT_TIMEOUT_NS,
                    StubResolver.DEFAULT_ATTEMPTS, Map.of()));
            b[i] = new Browser(l);
        }
        sim.enterRegion(0);
        browsers = List.of(b);
        results = new Results(clients);
    }

    /** The region of client {@code i}: its aggregation router's number + 1. */
    int regionOfClient(int i) {
        return i % edges + 1;
    }

    /**
     * The default world's two sides ({@link #SERVER_SIDE}, {@code ispSide}) for each node of
     * {@code s} in file order: the load balancer's side is what it reaches over links shorter than
     * {@link #CUT_NS} (the data centre, the cloud provider's and transit-2's routers and what hangs
     * off them: the CDN's shield, steering server and far edge, example.com's name servers); the
     * rest is ISP A's side (its routers and resolver, the exchange and the edge there, transit-1,
     * the root and TLD servers, the home). The links between them are the peering link (6 ms) and
     * the long haul (25 ms): the lookahead between the two sides.
     */
    static int[] sides(Scenario s, int ispSide) {
        List<Scenario.NodeSpec> nodes = s.nodes();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).name(), i);
        }
        Integer lb = index.get("lb");
        if (lb == null) {
            throw new IllegalStateException("the default world no longer has a node lb");
        }
        boolean[] server = new boolean[nodes.size()];
        server[lb] = true;
        for (boolean grew = true; grew; ) { // until no short link joins the two sides
            grew = false;
            for (Scenario.LinkSpec l : s.links()) {
                int a = index.get(l.a().node());
                int b = index.get(l.b().node());
                if (l.delayNs() < CUT_NS && server[a] != server[b]) {
                    server[a] = server[b] = true;
                    grew = true;
                }
            }
        }
        int[] r = new int[nodes.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = server[i] ? SERVER_SIDE : ispSide;
        }
        return r;
    }

    /** The default world's side of its servers: region 0 (the laptops' follow, then ISP A's side). */
    static final int SERVER_SIDE = 0;
    /** Links at least this long are cut between the two sides. */
    static final long CUT_NS = 5 * Durations.MS;

    /** What a run measured: the load times of the laptops that loaded (sorted), the failures, and the time it took. */
    record Ran(long[] loads, int failed, long simulatedNs, double setupSeconds, double runSeconds) {
    }

    /**
     * Runs on {@code threads} threads, second by second, until every client has loaded or failed,
     * or until 300 s after the window; the count of finished clients is read between steps (on
     * several threads, while no lane fires).
     */
    Ran run(int threads, long windowNs) {
        if (threads > 1) {
            regions.runOn(threads);
        }
        long t1 = System.nanoTime();
        long t = world.sim().runSteps(Durations.S, START_NS + windowNs + 300 * Durations.S,
                () -> results.finished() >= browsers.size());
        long t2 = System.nanoTime();
        return new Ran(results.sortedLoads(), results.failed(), t, (t1 - builtFromNs) / 1e9, (t2 - t1) / 1e9);
    }

    /**
     * Each laptop's result in a slot of its own (laptops run on several threads): its load time,
     * or a failure; the count of finished laptops is shared.
     */
    static final class Results {
        /** Load times; -1 for a failure, Long.MIN_VALUE until the laptop finishes. */
        private final long[] loads;
        private final AtomicInteger finished = new AtomicInteger();

        Results(int clients) {
            loads = new long[clients];
            Arrays.fill(loads, Long.MIN_VALUE);
        }

        /** Laptop {@code slot} has finished: loaded in {@code ns}, or failed when {@code ns} is negative. */
        void finish(int slot, long ns) {
            loads[slot] = ns < 0 ? -1 : ns;
            finished.incrementAndGet();
        }

        int finished() {
            return finished.get();
        }

        /** The load times of the laptops that loaded, sorted. */
        long[] sortedLoads() {
            long[] l = Arrays.stream(loads).filter(x -> x >= 0).toArray();
            Arrays.sort(l);
            return l;
        }

        int failed() {
            return (int) Arrays.stream(loads).filter(x -> x == -1).count();
        }
    }

    /** The {@code q} quantile of sorted {@code l} in milliseconds (nearest rank), 0 when empty. */
    static double pct(long[] l, double q) {
        if (l.length == 0) {
            return 0;
        }
        return l[(int) Math.min(l.length - 1, Math.ceil(l.length * q) - 1)] / 1e6;
    }
}
