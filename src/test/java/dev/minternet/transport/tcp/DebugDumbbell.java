package dev.minternet.transport.tcp;

import dev.minternet.trace.JsonLinesSink;

/** Manual debugging aid: the dumbbell with one flow's TCP events printed. */
final class DebugDumbbell {
    public static void main(String[] args) {
        int flows = Integer.parseInt(args[0]);
        double t = Double.parseDouble(args[1]);
        String node = args[2];
        String kinds = args.length > 3 ? args[3] : "";
        var cfg = dev.minternet.bench.Dumbbell.benchConfig(CongestionAlgorithm.NEWRENO);
        // Build through the public entry point but with a subscriber: replicate run() here.
        dev.minternet.bench.Dumbbell.Result r = dev.minternet.bench.Dumbbell.runTraced(flows, t, cfg, 1, e -> {
            if (e.node().equals(node) && (kinds.isEmpty() || kinds.contains(e.kind()))) {
                System.out.println(JsonLinesSink.toJson(e));
            }
        });
        System.out.println("goodput " + r.goodputMbps() + " fwd " + r.bottleneckForwarded() + " drop " + r.bottleneckDropped());
    }
}
