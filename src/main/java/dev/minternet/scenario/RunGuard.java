package dev.minternet.scenario;

import dev.minternet.link.Link;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches a running world (DESIGN.md decision 10) and stops it, with a one-line
 * {@link RunLimitException}, before it exhausts the machine: when the IP datagrams sent and
 * forwarded by all nodes pass {@link Limits#packets}, or when the heap stays nearly full after
 * garbage collection. It looks every {@link #EVERY} events (a count, never a clock, so a run that
 * stops on its packet budget stops at the same event on every machine), and costs the event loop
 * one comparison per event. A run that ends in an {@link OutOfMemoryError} anyway (one huge
 * allocation) gets the same message from {@link #outOfMemory}.
 */
public final class RunGuard {
    /** Events between two looks: 65,536 (a few milliseconds of work). */
    static final long EVERY = 1 << 16;
    /** The share of a heap pool still in use after a collection at which a run is stopped. */
    static final double MEMORY_FULL = 0.92;

    private static final List<MemoryPoolMXBean> POOLS = heapPools();

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
        for (MemoryPoolMXBean p : POOLS) {
            if (p.isCollectionUsageThresholdExceeded()) {
                throw outOfMemory();
            }
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

    /** Heap pools whose use after a collection the JVM can report, armed at {@link #MEMORY_FULL}. */
    private static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> out = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = p.getUsage() == null ? -1 : p.getUsage().getMax();
            if (p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported() && max > 0) {
                p.setCollectionUsageThreshold((long) (max * MEMORY_FULL));
                out.add(p);
            }
        }
        return List.copyOf(out);
    }
}
