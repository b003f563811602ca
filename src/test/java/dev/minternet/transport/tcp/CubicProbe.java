package dev.minternet.transport.tcp;

import dev.minternet.node.LinkParams;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;

/** Manual probe: one flow on a clean 100 Mbit/s path. */
final class CubicProbe {
    public static void main(String[] args) {
        double delayMs = Double.parseDouble(args[0]);
        int queue = Integer.parseInt(args[1]);
        double secs = Double.parseDouble(args[2]);
        CongestionAlgorithm cc = CongestionAlgorithm.parse(args.length > 3 ? args[3] : "cubic");
        LinkParams access = LinkParams.DEFAULT.withBandwidth(1_000_000_000L).withDelayMs(1).withQueuePackets(1000);
        LinkParams mid = LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelayMs(delayMs).withQueuePackets(queue);
        World w = Paths.line(9, access, mid, access);
        String kinds = System.getProperty("kinds", "");
        if (!kinds.isEmpty()) {
            long until = Long.getLong("until", 5) * Durations.S;
            w.trace().subscribe(e -> {
                if (e.time() < until && e.node().equals("a") && kinds.contains(e.kind())) {
                    System.out.println(dev.minternet.trace.JsonLinesSink.toJson(e));
                }
            });
        }
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
        long t0 = System.nanoTime();
        for (int k = 1; k <= (int) secs; k++) {
            long before = got[0];
            w.sim().runUntil(k * Durations.S);
            if (args.length > 4) {
                System.out.printf("t=%d %.1f Mbit/s cwnd=%d ssthresh=%d%n", k, (got[0] - before) * 8 / 1e6,
                        s.congestionControl().cwnd() / s.mss(), s.congestionControl().ssthresh() / s.mss());
            }
        }
        double tput = got[0] * 8 / secs / 1e6;
        System.out.printf("%s delay=%.0f ms queue=%d: %.2f Mbit/s (%.1f%%) rto=%d fr=%d rtx=%d wall=%.2f s%n", cc.lower(), delayMs,
                queue, tput, tput, s.timeouts(), s.fastRecoveries(), s.retransmittedSegments(), (System.nanoTime() - t0) / 1e9);
    }
}
