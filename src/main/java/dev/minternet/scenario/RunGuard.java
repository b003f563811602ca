package dev.minternet.scenario;

import dev.minternet.link.Link;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches a running world (docs/design.md decision 10) and stops it, with a one-line
 * {@link RunLimitException}, before it exhausts the machine: when the IP datagrams sent and
 * forwarded by all nodes pass {@link Limits#packets}, or when nine tenths of the heap are still in
 * use after garbage collection. It looks every {@link #EVERY} events (a count, never a clock, so a run that
 * stops on its packet budget stops at the same event on every machine), and costs the event loop
 * one comparison per event. A run that ends in an {@link OutOfMemoryError} anyway (one huge
 * allocation) gets the same message from {@link #outOfMemory}.
 */
public final class RunGuard {
    /** Events between two looks: 65,536 (a few milliseconds of work). */
    static final long EVERY = 1 << 16;
    /** The share of the heap still in use after the last collection at which a run is stopped. */
    static final double MEMORY_FULL = 0.9;

    /** Read at the first look, not when a run starts: the management beans take a while to load. */
    private static final class Pools {
        static final List<MemoryPoolMXBean> HEAP = heapPools();
    }
    private static final long MAX_HEAP = Runtime.getRuntime().maxMemory();

    private final World world;
    private final Limits limits;
    /** Held until memory runs out, then let go so the message can still be built. */
    private byte[] reserve = new byte[1 << 20];

    private RunGuard(World world, Limits limits) {
        this.world = world;
        this.limits = limits;
    }

    /** Starts watching {@code world}'s simulator. */
    public static RunGuard install(World world, Limits limits) {
        RunGuard g = new RunGuard(world, limits);
        world.sim().watch(EVERY, g::look);
        return g;
    }

    private void look() {
        long sent = packets();
        if (sent > limits.packets()) {
            throw new RunLimitException("the run sent more than " + Limits.count(limits.packets())
                    + " IP datagrams by simulated time " + Durations.seconds(world.sim().now()) + " ("
                    + Limits.count(sent) + " sent and forwarded by all nodes; " + Limits.howToRaise("packets") + ")");
        }
        if (MAX_HEAP != Long.MAX_VALUE && liveAfterLastCollection() > MEMORY_FULL * MAX_HEAP) {
            throw outOfMemory();
        }
    }

    /** IP datagrams sent and forwarded by every node so far. */
    long packets() {
        long n = 0;
        for (Node node : world.nodes()) {
            n += node.ip().counters().outRequests + node.ip().counters().forwDatagrams;
        }
        return n;
    }

    /** The one line to print when memory runs out, with what the world holds at that moment. */
    public RunLimitException outOfMemory() {
        reserve = null;
        long queued = 0;
        for (Link l : world.links()) {
            queued += l.channelFromA().queueLength() + l.channelFromB().queueLength();
        }
        return new RunLimitException("out of memory at simulated time " + Durations.seconds(world.sim().now()) + " ("
                + Limits.count(world.sim().eventsExecuted()) + " events); the world has " + Limits.count(world.nodes().size())
                + " nodes, " + Limits.count(queued) + " packets queued: raise -Xmx or shrink the scenario");
    }

    /**
     * The heap in use right after each pool's last collection: what survived, not the garbage a
     * collector has yet to reclaim. Near the maximum the collector runs back to back and an
     * OutOfMemoryError is close.
     */
    private static long liveAfterLastCollection() {
        long used = 0;
        for (MemoryPoolMXBean p : Pools.HEAP) {
            MemoryUsage u = p.getCollectionUsage();
            used += u == null ? 0 : u.getUsed();
        }
        return used;
    }

    /** Heap pools whose use after a collection the JVM reports. */
    private static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> out = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }
}
