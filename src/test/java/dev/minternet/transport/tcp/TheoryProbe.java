package dev.minternet.transport.tcp;

import dev.minternet.ip.Hook;
import dev.minternet.node.LinkParams;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;

/** Manual probe: long-lived flow over a lossy path vs. the Mathis estimate. */
final class TheoryProbe {
    public static void main(String[] args) {
        double p = Double.parseDouble(args[0]);
        double secs = Double.parseDouble(args[1]);
        CongestionAlgorithm cc = CongestionAlgorithm.parse(args.length > 2 ? args[2] : "newreno");
        LinkParams access = LinkParams.DEFAULT.withBandwidth(1_000_000_000L).withDelayMs(1).withQueuePackets(1000);
        LinkParams mid = LinkParams.DEFAULT.withBandwidth(1_000_000_000L).withDelayMs(20).withQueuePackets(1000);
        World w = Paths.line(9, access, mid, access);
        DataDropper drop = new DataDropper(11, p);
        w.node("r1").ip().addFilter(Hook.FORWARD, drop);
        TcpConfig cfg = new TcpConfig().congestionControl(cc).sendBuffer(8 << 20).receiveBuffer(8 << 20);
        long[] got = new long[1];
        w.node("b").tcp().listen(0, 5001, 8, cfg.copy(), c -> c.setHandler(new TcpHandler() {
            @Override
            public void onReadable(TcpConnection c) {
                got[0] += c.skip(c.available());
            }
        }));
        TcpConnection s = w.node("a").tcp().connect(w.resolve("b"), 5001, cfg.copy(), new TcpHandler() {
            @Override
            public void onConnected(TcpConnection c) {
                c.sendZeros(c.sendBufferFree());
            }

            @Override
            public void onWritable(TcpConnection c) {
                c.sendZeros(c.sendBufferFree());
            }
        });
        long warm = 10 * Durations.S;
        w.sim().runUntil(warm);
        long base = got[0];
        long t0 = System.nanoTime();
        w.sim().runUntil(warm + (long) (secs * Durations.S));
        double tput = (got[0] - base) * 8 / secs / 1e6;
        double rtt = s.rtoEstimator().minRtt() / 1e9;
        double mathis = s.mss() * 8 / rtt * 1.22 / Math.sqrt(p) / 1e6;
        System.out.printf("p=%.4f tput=%.3f Mbit/s mathis=%.3f ratio=%.3f rtt=%.1f ms srtt=%.1f drops=%d/%d rto=%d fr=%d wall=%.2f s%n",
                p, tput, mathis, tput / mathis, rtt * 1e3, s.rtoEstimator().srtt() / 1e6, drop.dropped, drop.seen,
                s.timeouts(), s.fastRecoveries(), (System.nanoTime() - t0) / 1e9);
    }
}
