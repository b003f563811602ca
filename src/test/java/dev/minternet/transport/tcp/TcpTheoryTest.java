package dev.minternet.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.bench.Dumbbell;
import dev.minternet.ip.Hook;
import dev.minternet.node.LinkParams;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Throughput and fairness against what theory and the reference simulator say. */
class TcpTheoryTest {
    static final LinkParams ACCESS = LinkParams.DEFAULT.withBandwidth(1_000_000_000L).withDelayMs(1).withQueuePackets(1000);

    /** A long-lived bulk flow from a to b; returns the connection and a counter of bytes read. */
    static TcpConnection bulk(World w, TcpConfig cfg, long[] received) {
        w.node("b").tcp().listen(0, 5001, 8, cfg.copy(), c -> c.setHandler(new TcpHandler() {
            @Override
            public void onReadable(TcpConnection c) {
                received[0] += c.skip(c.available());
            }
        }));
        return w.node("a").tcp().connect(w.resolve("b"), 5001, cfg.copy(), new TcpHandler() {
            @Override
            public void onConnected(TcpConnection c) {
                c.sendZeros(c.sendBufferFree());
            }

            @Override
            public void onWritable(TcpConnection c) {
                c.sendZeros(c.sendBufferFree());
            }
        });
    }

    /**
     * Mathis, Semke, Mahdavi, Ott (1997): a long-lived Reno-style flow losing each segment with
     * probability p gets MSS / RTT * C / sqrt(p), C = sqrt(3/2) = 1.22. The path has no other
     * bottleneck (1 Gbit/s, 44 ms RTT); data segments are dropped at random on the way; buffers are
     * large enough that the receive window never limits.
     */
    @ParameterizedTest(name = "p = {0}")
    @CsvSource({"0.001, 200", "0.01, 100"})
    void newreno_throughput_follows_mathis(double p, int seconds) {
        World w = Paths.line(9, ACCESS, ACCESS.withDelayMs(20), ACCESS);
        DataDropper dropper = new DataDropper(11, p);
        w.node("r1").ip().addFilter(Hook.FORWARD, dropper);
        TcpConfig cfg = new TcpConfig().congestionControl(CongestionAlgorithm.NEWRENO).sendBuffer(8 << 20).receiveBuffer(8 << 20);
        long[] got = new long[1];
        TcpConnection c = bulk(w, cfg, got);
        long warm = 10 * Durations.S;
        w.sim().runUntil(warm);
        long base = got[0];
        w.sim().runUntil(warm + seconds * Durations.S);
        double measured = (got[0] - base) * 8.0 / seconds;
        double rtt = c.rtoEstimator().minRtt() / 1e9;
        double mathis = c.mss() * 8 / rtt * Math.sqrt(1.5) / Math.sqrt(p);
        System.out.printf("Mathis p=%.3f: measured %.2f Mbit/s, model %.2f Mbit/s, ratio %.3f (%d drops of %d)%n",
                p, measured / 1e6, mathis / 1e6, measured / mathis, dropper.dropped, dropper.seen);
        assertThat(rtt).isBetween(0.044, 0.045);
        assertThat(measured / mathis).isBetween(0.75, 1.25);
    }

    /**
     * A single CUBIC flow on a clean 100 Mbit/s path (44 ms RTT, a one-BDP DropTail queue of 380
     * packets, buffers that never limit) fills at least 90% of the link over 30 s, slow start's
     * overshoot included.
     */
    @Test
    void cubic_fills_a_clean_100_mbit_path() {
        World w = Paths.line(9, ACCESS, LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelayMs(20).withQueuePackets(380), ACCESS);
        TcpConfig cfg = new TcpConfig().congestionControl(CongestionAlgorithm.CUBIC).sendBuffer(8 << 20).receiveBuffer(8 << 20);
        long[] got = new long[1];
        TcpConnection c = bulk(w, cfg, got);
        int seconds = 30;
        w.sim().runUntil(seconds * Durations.S);
        double mbps = got[0] * 8.0 / seconds / 1e6;
        System.out.printf("CUBIC on 100 Mbit/s: %.2f Mbit/s goodput (%d recoveries, %d timeouts)%n", mbps,
                c.fastRecoveries(), c.timeouts());
        assertThat(c.congestionControl()).isInstanceOf(Cubic.class);
        assertThat(mbps).isGreaterThanOrEqualTo(90.0);
    }

    /** Jain's index over 10 NewReno flows through the benchmark dumbbell. */
    @Test
    void ten_newreno_flows_share_the_bottleneck_fairly() {
        Dumbbell.Result r = Dumbbell.run(10, 10, CongestionAlgorithm.NEWRENO, 1);
        System.out.printf("dumbbell 10 flows: %.2f Mbit/s, Jain %.3f%n", r.goodputMbps(), r.jain());
        assertThat(r.jain()).isGreaterThanOrEqualTo(0.9);
        assertThat(r.goodputMbps()).as("near the reference simulator's 93.96 Mbit/s").isGreaterThan(85);
        for (long b : r.perFlowBytes()) {
            assertThat(b).as("every flow moves data").isPositive();
        }
    }
}
