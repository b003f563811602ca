package dev.minternet.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
     *
     * <p>Two bands, for two different claims:
     * <ul>
     * <li>Agreement with the model: within two standard deviations of the ratio over dropper seeds.
     * Dropper seeds 1 to 12 give a mean of 1.007 and a standard deviation of 0.033 at p = 0.001,
     * and 0.900 and 0.034 at p = 0.01 (with Linux's tcp_reno_ssthresh, which halves cwnd as the
     * model does; halving FlightSize less SACKed data gave 0.982 and 0.034, 0.821 and 0.034): which
     * segments the dropper hits moves a single run by that much. The mean falls below 1 at p = 0.01
     * because the model leaves out retransmission timeouts; the model of Padhye et al. (1998),
     * which counts them (RTO 200 ms here), predicts 0.99 of Mathis at p = 0.001 and 0.91 at
     * p = 0.01.</li>
     * <li>The figure itself: the run is deterministic (fixed seeds, simulated clock), so the ratio
     * reproduces to every digit, and the band of +-0.002 only absorbs the rounding of the figure
     * written here. A change to TCP that moves it changes behaviour: check it against the first
     * band, then pin the new figure.</li>
     * </ul>
     */
    @ParameterizedTest(name = "p = {0}")
    // Pinned figures: at p = 0.01, 0.864 before RACK-TLP (RFC 8985, Linux's default loss
    // detection), 0.871 with it: lost retransmissions are found by RACK instead of the RTO.
    // With Linux's TSO autosizing and deferral (new data leaves in bursts of about 1 ms of the
    // pacing rate), 0.978 -> 0.957 and 0.871 -> 0.853, both inside the seed bands. With Linux's
    // PRR rules (RecoverFS = prior_cwnd, the extra segment below ssthresh only on an ACK that
    // advanced SND.UNA without new losses), 0.853 -> 0.857 at p = 0.01 (0.958 at p = 0.001,
    // within the pin), inside the band 0.845 +- 0.072. With Linux's tcp_reno_ssthresh (ssthresh =
    // cwnd / 2 where it was (FlightSize - SACKed) / 2: 1.5 segments lower at each loss RACK marks
    // with 3 segments SACKed after it, in windows of about 12 segments at p = 0.01),
    // 0.957 -> 0.982 and 0.857 -> 0.937; the seed bands were measured again with the rule
    // (seeds 1-12, above).
    @CsvSource({"0.001, 200, 0.982, 1.007, 0.033", "0.01, 100, 0.937, 0.900, 0.034"})
    void newreno_throughput_follows_mathis(double p, int seconds, double pinned, double seedMean, double seedSd) {
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
        assertThat(measured / mathis).as("within 2 standard deviations of the seed scatter")
                .isBetween(seedMean - 2 * seedSd, seedMean + 2 * seedSd);
        assertThat(measured / mathis).as("the deterministic figure").isCloseTo(pinned, within(0.002));
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

    /**
     * Jain's index over 10 NewReno flows through the benchmark dumbbell, over 20 s. Over the first
     * 10 s the index depends on how the flows' first loss episodes (slow start overshooting the
     * shared queue) happen to fall: with RACK-TLP (Linux's default, RFC 8985) one flow leaves that
     * episode with a larger window and keeps it for a while, 0.898 at 10 s, 0.960 at 20 s, 0.973 at
     * 30 s (with RFC 6675's DupThresh alone: 0.961, 0.986, 0.983).
     */
    @Test
    void ten_newreno_flows_share_the_bottleneck_fairly() {
        Dumbbell.Result r = Dumbbell.run(10, 20, CongestionAlgorithm.NEWRENO, 1);
        System.out.printf("dumbbell 10 flows: %.2f Mbit/s, Jain %.3f%n", r.goodputMbps(), r.jain());
        assertThat(r.jain()).isGreaterThanOrEqualTo(0.9);
        assertThat(r.goodputMbps()).as("near the reference simulator's 93.96 Mbit/s").isGreaterThan(85);
        for (long b : r.perFlowBytes()) {
            assertThat(b).as("every flow moves data").isPositive();
        }
    }
}
