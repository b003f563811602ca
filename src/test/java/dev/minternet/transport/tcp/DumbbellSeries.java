package dev.minternet.transport.tcp;

import dev.minternet.bench.Dumbbell;

/** Manual probe: bottleneck utilisation per half second. */
final class DumbbellSeries {
    public static void main(String[] args) {
        int flows = Integer.parseInt(args[0]);
        double t = Double.parseDouble(args[1]);
        long[] bytes = new long[(int) (t * 2) + 1];
        long[] drops = new long[bytes.length];
        int[] rtx = new int[bytes.length];
        Dumbbell.Result r = Dumbbell.runTraced(flows, t, Dumbbell.benchConfig(CongestionAlgorithm.NEWRENO), 1, e -> {
            int slot = (int) (e.time() / 500_000_000L);
            if (e.layer().equals("link") && e.kind().equals("drop") && e.node().equals("A")) {
                drops[slot]++;
            } else if (e.layer().equals("ip") && e.kind().equals("receive") && e.node().startsWith("r") && e.num("len") > 100) {
                bytes[slot] += e.num("len") - 52;
            } else if (e.layer().equals("tcp") && e.kind().equals("retransmit")) {
                rtx[slot]++;
            }
        });
        for (int i = 0; i < bytes.length - 1; i++) {
            System.out.printf("%.1f s: %.1f Mbit/s drops %d rtx %d%n", i / 2.0, bytes[i] * 16 / 1e6, drops[i], rtx[i]);
        }
        System.out.println("goodput " + r.goodputMbps());
    }
}
