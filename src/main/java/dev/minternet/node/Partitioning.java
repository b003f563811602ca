package dev.minternet.node;

import dev.minternet.ip.NetInterface;
import dev.minternet.link.Channel;
import dev.minternet.link.Link;
import dev.minternet.link.LinkEnd;
import dev.minternet.link.ethernet.Switch;
import dev.minternet.sim.Simulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A world split into regions by topology, so that it can run on several threads with the same
 * bytes as on one (docs/design.md section 16, docs/partitioning.md). The builder declares the
 * regions, enters a node's region before it creates what the node schedules
 * ({@link Simulator#enterRegion}), places every node and switch, then {@link #seal}s: from then on
 * each link channel between two regions stamps what it sends, in a sequential run as in a
 * partitioned one.
 *
 * <p>What a partitioned run supports: hosts, routers, switches and point-to-point or Ethernet links
 * whose state does not change during the run, global routing, UDP and the services of each node
 * on its own node; trace sinks that only write what they receive; per-interface captures. What
 * would share state across regions is refused in {@link #refusal}.
 */
public final class Partitioning {
    private final World world;
    private final int regions;
    private final double[] weights;
    private final Map<String, Integer> switchRegion = new HashMap<>();
    private boolean sealed;

    private Partitioning(World world, int regions) {
        this.world = world;
        this.regions = regions;
        this.weights = new double[regions];
        Arrays.fill(weights, 1);
    }

    /**
     * Splits {@code world} into {@code regions} regions: before anything is scheduled, or a built
     * world of one region, whose nodes and events so far stay region 0's while the builder places
     * the nodes it adds ({@link Simulator#regions}).
     */
    public static Partitioning split(World world, int regions) {
        world.sim().regions(regions);
        Partitioning p = new Partitioning(world, regions);
        world.attachment(Partitioning.class, () -> p);
        return p;
    }

    /** The world's partitioning, or null when it is one region. */
    public static Partitioning of(World world) {
        return world.attachment(Partitioning.class, () -> null);
    }

    public int regions() {
        return regions;
    }

    public void place(Node n, int region) {
        check(region);
        n.ip().placeInRegion(region);
    }

    public void place(Switch s, int region) {
        check(region);
        switchRegion.put(s.name(), region);
    }

    /** How much work region {@code r} has relative to the others (default 1): lanes get equal shares. */
    public void weigh(int region, double weight) {
        check(region);
        weights[region] = weight;
    }

    private void check(int region) {
        if (sealed) {
            throw new IllegalStateException("partitioning already sealed");
        }
        if (region < 0 || region >= regions) {
            throw new IllegalArgumentException("no region " + region);
        }
    }

    /**
     * Opens a sealed partitioning again, to place what is added to the world after it was sealed
     * (new nodes, switches and their links, before they send anything); {@link #seal} again before
     * running. What was placed stays where it is: its events carry its region.
     */
    public void reopen() {
        sealed = false;
    }

    /** Tells every link channel the regions of its ends; after every node and switch is placed. */
    public void seal() {
        String why = refusal();
        if (why != null) {
            throw new IllegalStateException(why);
        }
        for (Link l : world.links()) {
            int a = regionOf(l.endA());
            int b = regionOf(l.endB());
            l.channelFromA().setRegions(a, b);
            l.channelFromB().setRegions(b, a);
        }
        sealed = true;
    }

    /**
     * From now on the trace refuses an event that emits for a node of another region than its own
     * ({@link dev.minternet.trace.Trace#checkRegions}), when the trace is on. Scenario worlds and
     * the manyhosts benchmark turn it on.
     */
    public void checkRegions() {
        world.trace().checkRegions(this::regionOfNode);
    }

    /** The region of node {@code name}, or -1 when no node has that name (a link, "-"). */
    private int regionOfNode(String name) {
        Node n = world.node(name);
        return n == null ? -1 : n.region();
    }

    /**
     * Makes every later run of the world's clock ({@code runUntil}, {@code runBefore},
     * {@code runWithin}) a partitioned run on {@code threads} threads: a scenario's timeline is
     * played between such runs, on the calling thread.
     */
    public void runOn(int threads) {
        world.sim().partitionWith(limit -> run(threads, limit));
    }

    /** The region of a link's end: an interface's from its stack (no lookup by name: a million of them at a million hosts). */
    private int regionOf(LinkEnd e) {
        return e instanceof NetInterface i ? i.ip().region() : regionOf(e.nodeName());
    }

    private int regionOf(String name) {
        Node n = world.node(name);
        if (n != null) {
            return n.region();
        }
        Integer r = switchRegion.get(name);
        if (r == null) {
            throw new IllegalStateException("not placed in a region: " + name);
        }
        return r;
    }

    /** Why this world cannot run partitioned, in one line, or null when it can. */
    public String refusal() {
        if (!world.accessPoints().isEmpty()) {
            return "Wi-Fi access points share the air across nodes";
        }
        return null;
    }

    /**
     * Runs the world to {@code limit} on {@code threads} threads: the regions are dealt to lanes
     * in order, each lane taking an equal share of the weight; the lookahead is the shortest delay
     * of a link between two lanes.
     */
    public boolean run(int threads, long limit) {
        if (!sealed) {
            throw new IllegalStateException("partitioning not sealed");
        }
        int lanes = Math.max(1, Math.min(threads, regions));
        int[] laneOf = deal(lanes);
        long lookahead = Long.MAX_VALUE;
        List<List<Simulator.Mailbox>> inboxes = new ArrayList<>();
        for (int k = 0; k < lanes; k++) {
            inboxes.add(new ArrayList<>());
        }
        List<Channel> opened = new ArrayList<>();
        for (Link l : world.links()) {
            for (Channel c : new Channel[] {l.channelFromA(), l.channelFromB()}) {
                int from = laneOf[c.fromRegion()];
                int to = laneOf[c.toRegion()];
                if (from != to) {
                    lookahead = Math.min(lookahead, l.delayNs());
                    inboxes.get(to).add(c.openMailbox());
                    opened.add(c);
                }
            }
        }
        if (lookahead < 1) {
            throw new IllegalStateException("a link between two lanes has no delay: no lookahead");
        }
        Simulator.Mailbox[][] boxes = new Simulator.Mailbox[lanes][];
        for (int k = 0; k < lanes; k++) {
            boxes[k] = inboxes.get(k).toArray(new Simulator.Mailbox[0]);
        }
        try {
            return world.sim().runPartitioned(new Simulator.Plan(lanes, laneOf, lookahead, boxes), limit);
        } finally {
            for (Channel c : opened) {
                c.closeMailbox();
            }
        }
    }

    /** Regions to lanes in order, so that each lane's weight is as close to an equal share as the order allows. */
    public int[] deal(int lanes) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        int[] laneOf = new int[regions];
        double acc = 0;
        for (int r = 0; r < regions; r++) {
            int lane = (int) Math.min(lanes - 1, Math.floor((acc + weights[r] / 2) / total * lanes));
            laneOf[r] = lane;
            acc += weights[r];
        }
        return laneOf;
    }

    /** The lookahead a run on {@code threads} threads would have (ns), or Long.MAX_VALUE when one lane. */
    public long lookahead(int threads) {
        int[] laneOf = deal(Math.max(1, Math.min(threads, regions)));
        long lookahead = Long.MAX_VALUE;
        for (Link l : world.links()) {
            if (laneOf[l.channelFromA().fromRegion()] != laneOf[l.channelFromA().toRegion()]) {
                lookahead = Math.min(lookahead, l.delayNs());
            }
        }
        return lookahead;
    }
}
