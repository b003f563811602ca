package dev.minternet.browser;

import dev.minternet.ip.NetInterface;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Drives a browser through a list of visits on a built world: the first at {@code startNs}, each next {@code gapNs} after the last ended. */
public final class VisitRun {
    private VisitRun() {
    }

    /** Which node holds each interface address, for the narrator to name servers the trace knows by address. */
    public static Map<String, String> addressBook(World w) {
        Map<String, String> nodeOf = new HashMap<>();
        for (Node n : w.nodes()) {
            for (NetInterface i : n.ip().interfaces()) {
                nodeOf.put(Ip4.str(i.address()), n.name());
            }
            for (var i6 : n.ip6().interfaces()) {
                for (var a : i6.addresses()) {
                    if (!a.linkLocal()) { // global addresses only: link-local ones repeat on every link
                        nodeOf.put(a.address().toString(), n.name());
                    }
                }
            }
        }
        return nodeOf;
    }

    /** Plays the visits; returns true when all of them ended (loaded or failed) within the time limit. */
    public static boolean play(World w, Node node, List<String> plan, long startNs, long gapNs) {
        return play(w, node, plan, startNs, gapNs, start -> w.sim().scheduleAt(startNs, start));
    }

    /**
     * Plays the visits once {@code ready} runs the start it is given (e.g. when the node has its
     * address after a cold boot); gives up {@code startNs} plus two minutes a visit after 0 s.
     */
    public static boolean play(World w, Node node, List<String> plan, long startNs, long gapNs,
                               java.util.function.Consumer<Runnable> ready) {
        Browser browser = new Browser(node);
        int[] next = {0};
        boolean[] allDone = {plan.isEmpty()};
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            if (next[0] >= plan.size()) {
                allDone[0] = true;
                return;
            }
            String url = plan.get(next[0]++);
            browser.visit(url, () -> w.sim().scheduleAt(w.sim().now() + gapNs, step[0]));
        };
        ready.accept(step[0]);
        long limit = startNs + plan.size() * (gapNs + 120 * Durations.S);
        long t = w.sim().now();
        while (!allDone[0] && t < limit) {
            t += 100 * Durations.MS;
            w.sim().runUntil(t);
        }
        return allDone[0];
    }
}
