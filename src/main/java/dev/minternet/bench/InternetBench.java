package dev.minternet.bench;

import dev.minternet.ip.Icmp;
import dev.minternet.ip.PmtuDisc;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.bgp.BgpConfig;
import dev.minternet.routing.bgp.BgpSession;
import dev.minternet.routing.bgp.BgpSpeaker;
import dev.minternet.scenario.Limits;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.sim.RandomStreams;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code minternet bench internet}: a generated internet of N ASes ({@code generate: internet},
 * docs/scenarios.md) started cold, run until BGP has converged (no UPDATE anywhere for one eBGP
 * MRAI, 30 s), then one ping between each of P random host pairs. Wall-clock figures for the
 * report; the simulated ones (convergence time, UPDATE count, pairs reached) are deterministic.
 */
public final class InternetBench {
    /** Simulated time the run may take before it gives up waiting for convergence. */
    static final long LIMIT_NS = 4 * 3600 * 1_000_000_000L;
    static final long STEP_NS = 1_000_000_000L;
    static final long PING_WAIT_NS = 10_000_000_000L;

    /**
     * @param convergedNs simulated time of the last UPDATE (-1: not converged within the limit)
     * @param sessions BGP sessions configured (each end counted) and {@code established} of them at convergence
     */
    public record Result(int ases, int routers, int hosts, int sessions, int established, double buildSeconds,
                         double convergeSeconds, double convergeCpuSeconds, long convergedNs, long updates, long events, long peakHeapBytes,
                         long peakRssBytes, int pairs, int reached) {
        public double eventsPerSecond() {
            return convergeSeconds > 0 ? events / convergeSeconds : 0;
        }
    }

    private InternetBench() {
    }

    /** The scenario the benchmark runs: only a generate section (and a duration, which BGP needs). */
    public static String yaml(int ases, long seed) {
        return "name: internet-bench\nseed: " + seed + "\nduration: 4h\ngenerate:\n  internet: {ases: " + ases + "}\n";
    }

    public static Result run(int ases, long seed, int pairs) throws ScenarioException {
        long t0 = System.nanoTime();
        Limits limits = Limits.DEFAULT.with(new Limits.Setting("nodes", 1L << 30))
                .with(new Limits.Setting("links", 1L << 30));
        Scenario s = ScenarioLoader.parse("<bench internet>", yaml(ases, seed), limits);
        World w = WorldBuilder.build(s);
        List<BgpSpeaker> speakers = new ArrayList<>();
        List<Node> hosts = new ArrayList<>();
        for (Node n : w.nodes()) {
            BgpSpeaker sp = n.service(BgpSpeaker.class);
            if (sp != null) {
                speakers.add(sp);
            }
            if (n.kind() == Node.Kind.HOST) {
                hosts.add(n);
            }
        }
        int sessions = 0;
        for (BgpSpeaker sp : speakers) {
            sessions += sp.sessions().size();
        }
        long t1 = System.nanoTime();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c1 = mx.getCurrentThreadCpuTime();
        long events0 = w.sim().eventsExecuted();
        long converged = -1;
        long updates = 0;
        for (long t = STEP_NS; t <= LIMIT_NS; t += STEP_NS) {
            w.sim().runUntil(t);
            long last = -1;
            updates = 0;
            for (BgpSpeaker sp : speakers) {
                last = Math.max(last, sp.lastUpdateNs());
                updates += sp.updatesSent();
            }
            if (last >= 0 && t - last >= BgpConfig.EBGP_MRAI_NS) {
                converged = last;
                break;
            }
        }
        long t2 = System.nanoTime();
        long c2 = mx.getCurrentThreadCpuTime();
        long events = w.sim().eventsExecuted() - events0;
        int established = 0;
        for (BgpSpeaker sp : speakers) {
            for (BgpSession x : sp.sessions()) {
                established += x.state() == BgpSession.State.ESTABLISHED ? 1 : 0;
            }
        }
        int reached = pairs(w, hosts, pairs, seed);
        return new Result(ases, speakers.size(), hosts.size(), sessions, established, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                (c2 - c1) / 1e9,
                converged, updates, events, ResourceUsage.peakHeapBytes(), ResourceUsage.peakRssBytes(),
                hosts.size() < 2 ? 0 : pairs, reached);
    }

    /** One echo request from each of {@code pairs} random (source, destination) host pairs at once; replies counted. */
    private static int pairs(World w, List<Node> hosts, int pairs, long seed) {
        if (hosts.size() < 2) {
            return 0;
        }
        SplittableRandom r = new RandomStreams(seed).stream("bench-internet-pairs");
        int[] reached = new int[1];
        for (int i = 0; i < pairs; i++) {
            Node a = hosts.get(r.nextInt(hosts.size()));
            Node b = a;
            while (b == a) {
                b = hosts.get(r.nextInt(hosts.size()));
            }
            int dst = 0;
            for (var f : b.ip().interfaces()) {
                if (f.address() >>> 24 != 127) {
                    dst = f.address();
                }
            }
            Icmp icmp = a.ip().icmp();
            int[] id = new int[1];
            id[0] = icmp.openEcho(new Icmp.EchoListener() {
                @Override
                public void echoReply(int from, int sequence, byte[] datagram) {
                    reached[0]++;
                    icmp.closeEcho(id[0]);
                }

                @Override
                public void error(int from, int type, int code, int sequence, int nextHopMtu, byte[] datagram) {
                    icmp.closeEcho(id[0]);
                }
            }, a.random("bench-ping"));
            icmp.sendEcho(dst, id[0], 1, 64, new byte[56], PmtuDisc.DONT);
        }
        w.sim().runUntil(w.sim().now() + PING_WAIT_NS);
        return reached[0];
    }
}
