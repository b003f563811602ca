package dev.minternet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.NetInterface;
import dev.minternet.link.ethernet.Switch;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.Partitioning;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Event;
import dev.minternet.trace.JsonLinesSink;
import dev.minternet.trace.PcapWriter;
import dev.minternet.transport.udp.UdpSocket;
import dev.minternet.wire.Ip4.Cidr;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md section 16: a partitioned run gives the same bytes as the sequential one. Each
 * world runs on 1, 2 and 3 threads with its trace and a capture of every interface and switch
 * port; the trace, every capture and the printed results must be byte-identical.
 */
class PartitionedRunTest {

    /** What a run left behind: the trace, one capture per interface, and the results a bench prints. */
    record Output(String results, byte[] trace, Map<String, byte[]> pcaps, long events) {
    }

    /** Runs a fresh world from {@code make} on {@code threads} threads and collects its bytes. */
    static Output capture(IntFunction<Built> make, int threads) {
        Built b = make.apply(threads);
        World w = b.world();
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        JsonLinesSink sink = new JsonLinesSink(trace);
        w.trace().subscribe(sink);
        Map<String, ByteArrayOutputStream> bytes = new LinkedHashMap<>();
        List<PcapWriter> writers = new ArrayList<>();
        for (Node n : w.nodes()) {
            for (NetInterface i : n.ip().interfaces()) {
                ByteArrayOutputStream os = new ByteArrayOutputStream();
                PcapWriter pw = new PcapWriter(os, w.epoch(), i.linkType());
                i.addTap((d, out) -> pw.write(w.sim().now(), d, d.length));
                bytes.put(n.name() + "-" + i.name(), os);
                writers.add(pw);
            }
        }
        for (Switch s : w.switches()) {
            for (Switch.Port p : s.ports()) {
                ByteArrayOutputStream os = new ByteArrayOutputStream();
                PcapWriter pw = new PcapWriter(os, w.epoch(), PcapWriter.LINKTYPE_ETHERNET);
                p.addTap((d, out) -> pw.write(w.sim().now(), d, d.length));
                bytes.put(s.name() + "-" + p.name(), os);
                writers.add(pw);
            }
        }
        b.run().accept(threads);
        w.trace().close();
        Map<String, byte[]> pcaps = new LinkedHashMap<>();
        for (PcapWriter pw : writers) {
            pw.close();
        }
        bytes.forEach((k, v) -> pcaps.put(k, v.toByteArray()));
        return new Output(b.results().get(), trace.toByteArray(), pcaps, w.sim().eventsExecuted());
    }

    /** A built world, how to run it on N threads, and what its bench would print. */
    record Built(World world, java.util.function.IntConsumer run, java.util.function.Supplier<String> results) {
    }

    static Built manyHosts(int hosts, int requests, long seed, boolean lans) {
        ManyHosts m = ManyHosts.build(hosts, requests, seed, lans);
        return new Built(m.world(), m::execute, () -> "sent " + m.sent() + " replies " + m.replies()
                + " events " + m.world().sim().eventsExecuted() + " now " + m.world().sim().now());
    }

    static Output assertSameBytes(IntFunction<Built> make) {
        return assertSameBytes(make, "");
    }

    /** The same; every capture whose name starts with {@code busy} must hold packets (the others may be empty). */
    static Output assertSameBytes(IntFunction<Built> make, String busy) {
        Output one = capture(make, 1);
        assertThat(one.trace().length).isGreaterThan(1000);
        one.pcaps().forEach((k, p) -> {
            if (k.startsWith(busy)) {
                assertThat(p.length).as("capture %s", k).isGreaterThan(24);
            }
        });
        for (int threads : new int[] {2, 3}) {
            Output many = capture(make, threads);
            assertThat(many.results()).isEqualTo(one.results());
            assertThat(many.pcaps().keySet()).containsExactlyElementsOf(one.pcaps().keySet());
            for (String k : one.pcaps().keySet()) {
                assertThat(many.pcaps().get(k)).as("capture %s on %d threads", k, threads).isEqualTo(one.pcaps().get(k));
            }
            assertThat(new String(many.trace())).as("trace on %d threads", threads).isEqualTo(new String(one.trace()));
        }
        return one;
    }

    @Test
    void manyHostsOnPointToPointLinksGiveTheSameBytesOnTwoAndThreeThreads() {
        assertSameBytes(t -> manyHosts(200, 3, 1, false));
        assertSameBytes(t -> manyHosts(97, 4, 5, false));
    }

    @Test
    void manyHostsBehindSwitchesGiveTheSameBytes() {
        assertSameBytes(t -> manyHosts(120, 2, 3, true));
    }

    /**
     * The flash crowd: the default world (DNS, TCP, TLS 1.3, h2, the load balancer, the app and its
     * database, the CDN, WebSockets) in region 0 and groups of laptops in regions of their own, each
     * laptop's browser, resolver stub, TCP and TLS client running on its group's thread. Every
     * traced event is checked to emit for a node of its own region.
     */
    @Test
    void aFlashCrowdGivesTheSameBytesOnTwoAndThreeThreads() {
        Output one = assertSameBytes(t -> flashCrowd(40, 2 * Durations.S, 7), "crowd-");
        assertThat(one.results()).startsWith("loaded 40 failed 0 ");
    }

    static Built flashCrowd(int clients, long windowNs, long seed) {
        FlashCrowd.Built b = FlashCrowd.build(clients, windowNs, seed);
        FlashCrowd.Result[] r = new FlashCrowd.Result[1];
        return new Built(b.world(), threads -> r[0] = b.execute(threads), () -> "loaded " + r[0].loaded() + " failed "
                + r[0].failed() + " p50 " + r[0].p50Ms() + " p90 " + r[0].p90Ms() + " p99 " + r[0].p99Ms() + " max "
                + r[0].maxMs() + " queue " + r[0].appMaxQueue() + " wait " + r[0].appMaxWaitMs() + " jobs " + r[0].appJobs()
                + " drops " + r[0].drops() + " events " + r[0].events() + " simulated " + r[0].simulatedSeconds());
    }

    /**
     * The hard case for the order of equal times: every host sends at the same nanoseconds, over
     * identical links, so that datagrams from different regions reach the core and each edge router
     * at the very same instant and queue behind each other (and overflow short queues). Their order
     * there decides the bytes of every capture downstream.
     */
    @Test
    void simultaneousArrivalsFromSeveralRegionsKeepTheirSequentialOrder() {
        assertSameBytes(t -> lockstep(6, 5));
    }

    /**
     * {@code Simulator.runSteps} on several threads stops where the loop of {@code runUntil} calls
     * stops on one: at the first step after which the test says done (here, once enough replies
     * came back: the lanes stop together at that step), or at the first step at or past the limit;
     * with steps in which nothing happens, and a limit that is not a whole number of steps.
     */
    @Test
    void runningInStepsStopsAtTheSameStepOnEveryThreadCount() {
        for (long[] c : new long[][] {{200_000, 40, 3_000_000_000L}, {200_000, 0, 100_000_000}, {3_000_000, 1, 9_500_000_000L}, {700_000, 10_000, 5_000_000_000L}}) {
            long step = c[0];
            long enough = c[1];
            long limit = c[2];
            String expected = null;
            for (int threads = 1; threads <= 3; threads++) {
                Built b = lockstep(6, 5);
                World w = b.world();
                if (threads > 1) {
                    Partitioning.of(w).runOn(threads);
                }
                long reached = w.sim().runSteps(step, limit, () -> replies(b) >= enough);
                String got = "reached " + reached + " now " + w.sim().now() + " " + b.results().get();
                if (expected == null) {
                    // on one thread: exactly the loop of runUntil calls
                    Built seq = lockstep(6, 5);
                    long t = seq.world().sim().now();
                    while (replies(seq) < enough && t < limit) {
                        t += step;
                        seq.world().sim().runUntil(t);
                    }
                    assertThat(got).isEqualTo("reached " + t + " now " + seq.world().sim().now() + " " + seq.results().get());
                    expected = got;
                } else {
                    assertThat(got).as("%d threads", threads).isEqualTo(expected);
                }
            }
        }
    }

    /** The replies a lockstep world's hosts have had so far (from its results line). */
    private static long replies(Built b) {
        String r = b.results().get();
        long sum = 0;
        for (String n : r.substring(r.indexOf('[') + 1, r.indexOf(']')).split(", ")) {
            sum += Long.parseLong(n);
        }
        return sum;
    }

    /** {@code edges} edge routers with {@code per} hosts each under one core; hosts send in lockstep. */
    static Built lockstep(int edges, int per) {
        World w = new World(9, Instant.parse("2026-01-01T00:00:00Z"));
        Partitioning p = Partitioning.split(w, edges + 1);
        LinkParams access = LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelay(Durations.MS).withQueuePackets(4);
        LinkParams uplink = LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelay(2 * Durations.MS).withQueuePackets(3);
        Node core = w.addRouter("core");
        int net = 10 << 24;
        List<Node> hosts = new ArrayList<>();
        List<Integer> addrs = new ArrayList<>();
        for (int e = 0; e < edges; e++) {
            Node r = w.addRouter("e" + e);
            p.place(r, e + 1);
            w.connect("e" + e + "--core", r, "eth0", new Cidr(net + 1, 30), core, "eth" + e, new Cidr(net + 2, 30), uplink);
            net += 4;
            for (int h = 0; h < per; h++) {
                Node n = w.addHost("h" + e + "." + h);
                p.place(n, e + 1);
                w.connect("h" + e + "." + h + "--e" + e, n, "eth0", new Cidr(net + 2, 30), r, "eth" + (h + 1),
                        new Cidr(net + 1, 30), access);
                hosts.add(n);
                addrs.add(net + 2);
                net += 4;
            }
        }
        p.seal();
        GlobalRouting.install(w);
        long[] replies = new long[hosts.size()];
        for (int i = 0; i < hosts.size(); i++) {
            Node n = hosts.get(i);
            int self = i;
            w.sim().enterRegion(n.region());
            UdpSocket echo = n.udp().open(7);
            echo.onReceive((src, sport, payload, d) -> echo.send(src, sport, payload));
            UdpSocket s = n.udp().open(0);
            s.onReceive((src, sport, payload, d) -> replies[self]++);
            int total = hosts.size();
            w.sim().scheduleAt(Durations.S, new Event() {
                int round;

                @Override
                protected void fire() {
                    // every host at the same instant, to a host in another region; sizes differ by round
                    int peer = (self + per * (1 + round % (edges - 1)) + round) % total;
                    s.send(addrs.get(peer), 7, new byte[100 + 200 * (round % 3)]);
                    if (++round < 8) {
                        w.sim().schedule(round % 2 == 0 ? 50 * Durations.US : 0, this);
                    }
                }
            });
        }
        w.sim().enterRegion(0);
        return new Built(w, threads -> {
            if (threads > 1) {
                p.run(threads, Long.MAX_VALUE);
            } else {
                w.sim().run();
            }
        }, () -> "replies " + java.util.Arrays.toString(replies) + " events " + w.sim().eventsExecuted()
                + " now " + w.sim().now());
    }
}
