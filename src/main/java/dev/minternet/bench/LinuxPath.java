package dev.minternet.bench;

import dev.minternet.transport.tcp.CongestionAlgorithm;
import dev.minternet.transport.tcp.TcpConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Minternet's TCP beside real Linux 6.x on one path: the {@link Dumbbell} (a 100 Mbit/s, 20 ms
 * bottleneck with a 100-packet DropTail queue, 1 Gbit/s, 1 ms access links: 44 ms RTT), sockets
 * with the stack's defaults (which are Linux's), bulk senders as iperf3's. Random loss is drawn on
 * each sender's egress only, as {@code tc qdisc ... netem loss P%} on the sender's interface
 * drops data segments and never the ACKs coming back.
 *
 * <p>The Linux figures were measured with iperf3 (medians of 3 runs) and are quoted from the
 * project's issue 11; each case here is the median of {@code runs} seeds.
 */
public final class LinuxPath {
    /**
     * One case: flows of one algorithm, a loss rate, a duration, Linux's goodput (and fairness) as
     * issue 11 gives them, and as real Linux got them on the same path emulated on the project's
     * machine ({@code bench/linuxpath/run.sh}).
     */
    public record Case(String label, int flows, CongestionAlgorithm cc, double loss, double seconds,
                       double linuxMbps, double linuxJain, double hereMbps, double hereJain) {
    }

    /** A case's outcome: the median goodput over the runs and the Jain index of that run. */
    public record Outcome(Case c, double seconds, double mbps, double jain, long retransmissions, long timeouts) {
        public double ratio() {
            return mbps / c.linuxMbps();
        }

        public double jainRatio() {
            return jain / c.linuxJain(); // NaN where the case has no fairness figure
        }

        public double hereRatio() {
            return mbps / c.hereMbps();
        }

        public double hereJainRatio() {
            return jain / c.hereJain();
        }
    }

    /**
     * The kernel whose figures {@link Case#hereMbps} are: Linux on this path emulated in user space
     * on the project's 2-core machine, the namespaces' default algorithm the one under test (no
     * pacing), 3 runs a case ({@code bench/linuxpath/run.sh 3}, 2026-12-05; docs/tcp-linux.md).
     */
    public static final String HERE_KERNEL = "6.18";

    /**
     * The cases of issue 11 item 7 with their Linux 6.x figures (Mbit/s), and real Linux's on the
     * same path emulated here.
     */
    public static final List<Case> CASES = List.of(
            new Case("1 cubic, no loss", 1, CongestionAlgorithm.CUBIC, 0, 10, 92.4, Double.NaN,
                    92.30, Double.NaN),
            new Case("1 reno, no loss", 1, CongestionAlgorithm.NEWRENO, 0, 10, 78.4, Double.NaN,
                    81.90, Double.NaN),
            new Case("1 cubic, loss 0.1%", 1, CongestionAlgorithm.CUBIC, 0.001, 60, 9.80, Double.NaN,
                    11.60, Double.NaN),
            new Case("1 reno, loss 0.1%", 1, CongestionAlgorithm.NEWRENO, 0.001, 60, 9.76, Double.NaN,
                    11.50, Double.NaN),
            new Case("1 cubic, loss 1%", 1, CongestionAlgorithm.CUBIC, 0.01, 60, 2.76, Double.NaN,
                    2.91, Double.NaN),
            new Case("1 reno, loss 1%", 1, CongestionAlgorithm.NEWRENO, 0.01, 60, 2.93, Double.NaN,
                    3.08, Double.NaN),
            new Case("10 cubic flows", 10, CongestionAlgorithm.CUBIC, 0, 10, 94.3, 0.971,
                    94.47, 0.836),
            new Case("10 reno flows", 10, CongestionAlgorithm.NEWRENO, 0, 10, 91.1, 0.958,
                    91.28, 0.939));

    private LinuxPath() {
    }

    /**
     * Runs one case {@code runs} times (seeds {@code seed}, {@code seed + 1}, ...) for
     * {@code seconds} simulated seconds each (0: the case's own duration) and keeps the median run.
     */
    public static Outcome run(Case c, int runs, long seed, double seconds) {
        double t = seconds > 0 ? seconds : c.seconds();
        List<Dumbbell.Result> results = new ArrayList<>();
        for (int k = 0; k < runs; k++) {
            TcpConfig cfg = new TcpConfig().congestionControl(c.cc());
            results.add(Dumbbell.runWithSenderLoss(c.flows(), t, cfg, seed + k, c.loss()));
        }
        Dumbbell.Result[] sorted = results.toArray(new Dumbbell.Result[0]);
        Arrays.sort(sorted, (a, b) -> Double.compare(a.goodputMbps(), b.goodputMbps()));
        Dumbbell.Result m = sorted[sorted.length / 2];
        return new Outcome(c, t, m.goodputMbps(), m.jain(), m.retransmissions(), m.timeouts());
    }
}
