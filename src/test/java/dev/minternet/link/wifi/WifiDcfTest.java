package dev.minternet.link.wifi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.minternet.node.World;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.sim.Durations;
import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.udp.UdpSocket;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The 802.11 DCF of a Wi-Fi access point against the 802.11a formulas: a lone saturating
 * station's throughput, airtime shared fairly among several, and latency rising on a busy channel.
 */
class WifiDcfTest {
    static final int PAYLOAD = 1472;

    /** {@code n} stations s1..sN at {@code rate} and a sink wired to the access point's uplink. */
    static String wlan(int n, String rate, String extra) {
        StringBuilder y = new StringBuilder("name: wlan\nseed: 21\nnodes:\n  - {name: sink, kind: host}\n");
        for (int i = 1; i <= n; i++) {
            y.append("  - {name: s").append(i).append(", kind: host}\n");
        }
        y.append("lans:\n  - wifi: ap\n    rate: ").append(rate).append("\n    uplink: sink 10.0.0.1/24\n    stations:\n");
        for (int i = 1; i <= n; i++) {
            y.append("      - s").append(i).append(" 10.0.0.").append(10 + i).append("/24\n");
        }
        return y + extra;
    }

    static World build(String yaml) throws Exception {
        return WorldBuilder.build(ScenarioLoader.parse("test.yaml", yaml));
    }

    /** Makes station {@code s} send a UDP datagram of {@link #PAYLOAD} bytes to the sink every 100 us: more than the air carries. */
    static void saturate(World w, String s, int port) {
        saturate(w, s, port, 100 * Durations.US);
    }

    /** Makes station {@code s} send a UDP datagram of {@link #PAYLOAD} bytes to the sink every {@code everyNs}. */
    static void saturate(World w, String s, int port, long everyNs) {
        UdpSocket sock = w.node(s).udp().open(0);
        int sink = w.resolve("sink");
        byte[] payload = new byte[PAYLOAD];
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            sock.send(sink, port, payload);
            w.sim().schedule(everyNs, tick[0]);
        };
        w.sim().schedule(0, tick[0]);
    }

    // ---- 802.11a (IEEE 802.11-2016 clause 17), written out here independently of the model ----

    /** PPDU airtime in us: 20 us preamble + SIGNAL, then 4 us symbols of SERVICE (16) + MPDU + tail (6) bits. */
    static double ppduUs(int mpduBytes, int mbps) {
        int bitsPerSymbol = mbps * 4;
        int bits = 16 + 8 * mpduBytes + 6;
        int symbols = (bits + bitsPerSymbol - 1) / bitsPerSymbol;
        return 20 + 4.0 * symbols;
    }

    /** The ACK rate: the highest mandatory rate (6, 12, 24) not above the data rate. */
    static int ackMbps(int mbps) {
        return mbps >= 24 ? 24 : mbps >= 12 ? 12 : 6;
    }

    /** DIFS + mean backoff (CWmin/2 slots) + data + SIFS + ACK, us, for one UDP datagram of {@link #PAYLOAD} bytes. */
    static double exchangeUs(int mbps) {
        int mpdu = 24 + 8 + 20 + 8 + PAYLOAD + 4; // 802.11 header, LLC/SNAP, IPv4, UDP, payload, FCS
        double difs = 16 + 2 * 9;
        double backoff = 15 / 2.0 * 9;
        return difs + backoff + ppduUs(mpdu, mbps) + 16 + ppduUs(14, ackMbps(mbps));
    }

    @ParameterizedTest(name = "{0} Mbit/s")
    @CsvSource({"54", "24", "6"})
    void a_lone_saturating_station_gets_the_dcf_airtime_figure(int mbps) throws Exception {
        World w = build(wlan(1, mbps + "Mbps", ""));
        long[] got = new long[1];
        w.node("sink").udp().open(9).onReceive((src, sport, payload, dg) -> got[0] += payload.length);
        saturate(w, "s1", 9);
        w.sim().runUntil(Durations.S);
        long base = got[0];
        long collisions = w.accessPoint("ap").medium().collisions(); // the start's gratuitous ARPs may collide
        w.sim().runUntil(4 * Durations.S);
        double measured = (got[0] - base) * 8.0 / 3;
        double expected = PAYLOAD * 8 / (exchangeUs(mbps) * 1e-6);
        System.out.printf("802.11a %d Mbit/s: measured %.3f Mbit/s, DCF formula %.3f Mbit/s (%.1f us per frame)%n",
                mbps, measured / 1e6, expected / 1e6, exchangeUs(mbps));
        assertThat(measured / expected).isCloseTo(1.0, within(0.05));
        if (mbps == 54) {
            assertThat(exchangeUs(54)).isEqualTo(393.5); // 34 + 67.5 + 248 + 16 + 28
        }
        // alone on the air (the sink's UDP sends nothing back): no collision while saturated
        assertThat(w.accessPoint("ap").medium().collisions()).isEqualTo(collisions);
    }

    @ParameterizedTest(name = "{0} stations")
    @CsvSource({"4", "8"})
    void saturating_stations_share_the_air_within_jains_index_095(int n) throws Exception {
        World w = build(wlan(n, "54Mbps", ""));
        long[] got = new long[n];
        for (int i = 0; i < n; i++) {
            int k = i;
            w.node("sink").udp().open(9000 + i).onReceive((src, sport, payload, dg) -> got[k] += payload.length);
            saturate(w, "s" + (i + 1), 9000 + i, Durations.MS); // 11.8 Mbit/s each: more than a share of the air
        }
        w.sim().runUntil(Durations.S);
        long[] base = got.clone();
        w.sim().runUntil(6 * Durations.S);
        double sum = 0;
        double squares = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double x = got[i] - base[i];
            sum += x;
            squares += x * x;
            total += x * 8 / 5;
        }
        double jain = sum * sum / (n * squares);
        long collisions = w.accessPoint("ap").medium().collisions();
        System.out.printf("%d stations at 54 Mbit/s: Jain %.4f, total %.2f Mbit/s, %d collisions%n", n, jain,
                total / 1e6, collisions);
        assertThat(jain).isGreaterThanOrEqualTo(0.95);
        // contention costs: backoffs collide, and the aggregate falls below a lone station's figure
        assertThat(collisions).isPositive();
        assertThat(total).isLessThan(PAYLOAD * 8 / (exchangeUs(54) * 1e-6));
        assertThat(total).isGreaterThan(0.7 * PAYLOAD * 8 / (exchangeUs(54) * 1e-6));
    }

    @Test
    void ping_rtt_and_jitter_rise_when_another_station_loads_the_channel() {
        String timeline = "duration: 12s\ntimeline:\n"
                + "  - {at: 0s, on: sink, run: \"nc -l -d 5001\"}\n"
                + "  - {at: 1s, on: s1, run: \"ping -c 20 -i 0.05 10.0.0.1\"}\n"
                + "  - {at: 3s, on: s2, run: \"nc -b 30MB 10.0.0.1 5001\"}\n"
                + "  - {at: 4s, on: s1, run: \"ping -c 20 -i 0.05 10.0.0.1\"}\n";
        Runs.Result r = Runs.run(wlan(2, "54Mbps", timeline));
        List<TraceEvent> replies = r.events(e -> e.is(ToolEvents.PING_REPLY) && e.node().equals("s1"));
        double[] idle = rtts(replies, 0, 3 * Durations.S);
        double[] busy = rtts(replies, 4 * Durations.S, 6 * Durations.S);
        System.out.printf("ping RTT idle: mean %.3f ms, sd %.3f ms; loaded: mean %.3f ms, sd %.3f ms%n",
                mean(idle), sd(idle), mean(busy), sd(busy));
        assertThat(idle).hasSize(20);
        assertThat(busy.length).isGreaterThanOrEqualTo(15);
        // idle: one exchange each way (98-byte frames at 54 Mbit/s: 40 us each) and a backoff: well under 1 ms
        assertThat(mean(idle)).isLessThan(0.5);
        assertThat(mean(busy)).isGreaterThan(3 * mean(idle));
        assertThat(sd(busy)).isGreaterThan(3 * sd(idle));
        assertThat(r.events(WifiEvents.COLLISION)).isNotEmpty();
    }

    static double[] rtts(List<TraceEvent> replies, long from, long to) {
        return replies.stream().filter(e -> e.time() >= from && e.time() < to)
                .mapToDouble(e -> e.get(ToolEvents.RTT_NS) / 1e6).toArray();
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double sd(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / x.length);
    }

    @Test
    void a_station_to_station_ping_crosses_the_air_twice_each_way() {
        Runs.Result r = Runs.run(wlan(2, "54Mbps", "timeline:\n  - {at: 1s, on: s1, run: \"ping -c 2 10.0.0.12\"}\n"));
        List<TraceEvent> replies = r.events(e -> e.is(ToolEvents.PING_REPLY) && e.node().equals("s1"));
        assertThat(replies).hasSize(2);
        // the second ping (ARP done): request s1 -> ap -> s2, reply s2 -> ap -> s1: four 98-byte
        // frames of 40 us, each followed by SIFS and a 28 us ACK, and at most DIFS + CWmin slots before each
        long rtt = replies.get(1).get(ToolEvents.RTT_NS);
        double frame = ppduUs(98 + 22, 54) + 16 + ppduUs(14, 24);
        assertThat(frame).isEqualTo(84.0);
        assertThat(rtt / 1e3).isBetween(4 * frame, 4 * frame + 4 * (34 + 15 * 9));
    }

    @Test
    void a_station_that_leaves_loses_its_queued_frames_and_the_others_keep_the_air() throws Exception {
        World w = build(wlan(2, "54Mbps", ""));
        long[] got = new long[2];
        w.node("s1").udp().open(9).onReceive((src, sport, payload, dg) -> got[0]++);
        w.node("s2").udp().open(9).onReceive((src, sport, payload, dg) -> got[1]++);
        UdpSocket sock = w.node("sink").udp().open(0);
        byte[] payload = new byte[PAYLOAD];
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            sock.send(w.resolve("s2"), 9, payload); // more than the air carries: the access point's queue fills
            if (w.sim().now() % Durations.MS == 0) {
                sock.send(w.resolve("s1"), 9, payload);
            }
            w.sim().schedule(100 * Durations.US, tick[0]);
        };
        w.sim().schedule(0, tick[0]);
        dev.minternet.link.Link sta2 = w.link("ap:sta2");
        w.sim().runUntil(2 * Durations.S);
        long s1Before = got[0];
        sta2.setUp(false);
        assertThat(sta2.channelFromB().counters().droppedDown()).isGreaterThan(50); // s2's queued frames, gone
        long s2Down = got[1];
        w.sim().runUntil(4 * Durations.S);
        assertThat(got[1]).isEqualTo(s2Down);
        // s1 got every datagram sent to it meanwhile (one a millisecond), no longer queued behind s2's
        assertThat(got[0] - s1Before).isBetween(1995L, 2001L);
        sta2.setUp(true);
        w.sim().runUntil(5 * Durations.S);
        assertThat(got[1] - s2Down).isGreaterThan(1000);
    }

    @Test
    void collisions_double_the_window_up_to_cwmax_and_the_seventh_failure_drops_the_frame() throws Exception {
        int n = 16;
        World w = build(wlan(n, "54Mbps", ""));
        java.util.List<TraceEvent> events = new java.util.ArrayList<>();
        w.trace().subscribe(events::add);
        for (int i = 0; i < n; i++) {
            w.node("sink").udp().open(9000 + i);
            saturate(w, "s" + (i + 1), 9000 + i, Durations.MS);
        }
        w.sim().runUntil(3 * Durations.S);
        List<TraceEvent> retries = events.stream().filter(e -> e.is(WifiEvents.RETRY_EVENT)).toList();
        List<TraceEvent> drops = events.stream().filter(e -> e.is(WifiEvents.DROP)).toList();
        List<TraceEvent> backoffs = events.stream().filter(e -> e.is(WifiEvents.BACKOFF)).toList();
        System.out.printf("%d stations: %d collisions, %d retries, %d drops%n", n,
                events.stream().filter(e -> e.is(WifiEvents.COLLISION)).count(), retries.size(), drops.size());
        // retry k (1..6) waits in a window of 2^(k+4) - 1 slots: 31, 63, ..., 1023
        assertThat(retries).isNotEmpty().allSatisfy(e -> assertThat(e.get(WifiEvents.CW))
                .isEqualTo(Math.min((1L << (e.get(WifiEvents.RETRY) + 4)) - 1, 1023)));
        assertThat(retries).anySatisfy(e -> assertThat(e.get(WifiEvents.RETRY)).isEqualTo(6L));
        assertThat(backoffs).allSatisfy(e -> assertThat(e.get(WifiEvents.SLOTS)).isBetween(0L, e.get(WifiEvents.CW)));
        assertThat(backoffs).anySatisfy(e -> assertThat(e.get(WifiEvents.CW)).isEqualTo(1023L));
        // the drop comes after the 7th attempt: the retry before it on that transmitter was its 6th
        assertThat(drops).isNotEmpty().allSatisfy(d -> {
            assertThat(d.get(WifiEvents.REASON)).isEqualTo("retry-limit");
            TraceEvent last = retries.stream().filter(r -> r.node().equals(d.node()) && r.time() < d.time())
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(last.get(WifiEvents.RETRY)).isEqualTo(6L);
        });
        long lost = 0;
        for (int i = 1; i <= n; i++) {
            lost += w.link("ap:sta" + i).channelFromA().counters().droppedLoss();
        }
        assertThat(lost).isEqualTo(drops.size());
    }

    @Test
    void a_station_whose_link_fails_in_the_timeline_is_unreachable_until_it_is_restored() {
        Runs.Result r = Runs.run(wlan(2, "54Mbps", "timeline:\n"
                + "  - {at: 1s, fail-link: ap:sta2}\n"
                + "  - {at: 2s, on: s1, run: \"ping -c 2 -W 1 10.0.0.12\"}\n"
                + "  - {at: 5s, restore-link: ap:sta2}\n"
                + "  - {at: 6s, on: s1, run: \"ping -c 2 10.0.0.12\"}\n"));
        assertThat(r.terminal("s1")).containsSubsequence("2 packets transmitted, 0 received, 100% packet loss, time 1000ms",
                "2 packets transmitted, 2 received, 0% packet loss, time 1000ms");
    }
}
