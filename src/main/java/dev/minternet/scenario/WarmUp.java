package dev.minternet.scenario;

import dev.minternet.node.World;
import dev.minternet.routing.RoutingEvents;
import dev.minternet.routing.bgp.BgpEvents;
import dev.minternet.routing.ospf.OspfEvents;
import dev.minternet.trace.TraceEvent;
import dev.minternet.trace.TraceSink;
import java.util.TreeMap;

/**
 * A world's warm-up ({@code warm-up:}): its routers boot that long before 0 s and run OSPF and BGP
 * alone until 0 s, when the hosts' services, DNS, DHCP and the timeline start, so that routing has
 * converged when the story begins (as on the real internet, whose routers were up long before
 * anyone typed a URL). What the routers did is measured from four types of their trace events
 * (taken alone: the trace stays off for the rest) and told at 0 s in one
 * {@link RoutingEvents#WARMED_UP} event; the warm-up's own events reach no other subscriber
 * (nobody has subscribed while the world is built) and its packets no capture.
 */
final class WarmUp implements TraceSink {
    private final long bootNs;
    private long lastFullNs = Long.MIN_VALUE;
    private long lastBestNs = Long.MIN_VALUE;
    private long updates;
    /** The last state of each OSPF adjacency (node, interface, neighbour) and BGP session (node, peer). */
    private final TreeMap<String, Boolean> full = new TreeMap<>();
    private final TreeMap<String, Boolean> established = new TreeMap<>();

    private WarmUp(long bootNs) {
        this.bootNs = bootNs;
    }

    /** Sets the clock of a new world to minus its warm-up, before anything is scheduled. */
    static void boot(World w, long warmUpNs) {
        if (warmUpNs > 0) {
            w.sim().startAt(-warmUpNs);
        }
    }

    /**
     * Runs what has started so far (the routers) up to 0 s, then schedules the measurement's event at
     * 0 s, before anything else starts.
     */
    static void run(World w, long warmUpNs) {
        if (warmUpNs <= 0) {
            return;
        }
        WarmUp m = new WarmUp(-warmUpNs);
        // the four types it counts: the rest of the trace stays off (the routers' packets, timers and
        // tables are not told to anybody), as it is for the hosts later when nobody subscribes
        w.trace().subscribe(m, OspfEvents.ADJACENCY, BgpEvents.STATE, BgpEvents.BEST_PATH, BgpEvents.SENT);
        w.sim().runBefore(0);
        w.trace().unsubscribe(m);
        w.sim().scheduleAt(0, () -> w.trace().emit("-", RoutingEvents.WARMED_UP, warmUpNs,
                m.since(m.lastFullNs), count(m.full), m.since(m.lastBestNs), count(m.established), m.updates));
    }

    private long since(long t) {
        return t == Long.MIN_VALUE ? -1 : t - bootNs;
    }

    private static long count(TreeMap<String, Boolean> m) {
        return m.values().stream().filter(b -> b).count();
    }

    @Override
    public void accept(TraceEvent e) {
        if (e.is(OspfEvents.ADJACENCY)) {
            boolean isFull = OspfEvents.FULL.equals(e.get(OspfEvents.TO));
            full.put(e.node() + " " + e.get(OspfEvents.IFACE) + " " + e.get(OspfEvents.NEIGHBOR), isFull);
            if (isFull) {
                lastFullNs = e.time();
            }
        } else if (e.is(BgpEvents.STATE)) {
            established.put(e.node() + " " + e.get(BgpEvents.PEER), BgpEvents.ESTABLISHED.equals(e.get(BgpEvents.TO)));
        } else if (e.is(BgpEvents.BEST_PATH)) {
            lastBestNs = e.time();
        } else if (e.is(BgpEvents.SENT) && BgpEvents.UPDATE.equals(e.get(BgpEvents.TYPE))) {
            updates++;
        }
    }
}
