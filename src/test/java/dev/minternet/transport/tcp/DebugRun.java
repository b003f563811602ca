package dev.minternet.transport.tcp;

import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.trace.JsonLinesSink;

/** Manual debugging aid: prints TCP trace events of a lossy transfer. */
final class DebugRun {
    public static void main(String[] args) {
        World w = TcpTransferTest.lossyPath(3);
        long until = (long) (Double.parseDouble(args.length > 0 ? args[0] : "3") * Durations.S);
        String filter = args.length > 1 ? args[1] : "";
        w.trace().subscribe(e -> {
            if (e.time() < until && (e.layer().equals("tcp") || e.layer().equals("link") && e.kind().equals("drop"))
                    && (filter.isEmpty() || filter.contains(e.kind()))) {
                System.out.println(JsonLinesSink.toJson(e));
            }
        });
        Apps.Sink sink = new Apps.Sink(w.sim(), true);
        w.node("b").tcp().listen(5001, c -> c.setHandler(sink));
        Apps.BulkSender sender = new Apps.BulkSender(TcpTransferTest.TEN_MB, false, 7);
        w.node("a").tcp().connect(w.resolve("b"), 5001, sender);
        w.sim().runUntil(until);
        System.out.println("received " + sink.received);
    }
}
