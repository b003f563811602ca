package dev.minternet.link;

import dev.minternet.trace.Trace;

/**
 * The channels of one region of a world that may hold a ghost (a broadcast on the wire that its
 * host will ignore, delivered without an event: see {@link Channel#mirrorArpFilter}). A host
 * ignores such a broadcast silently only while nobody traces: when the trace goes on, every ghost
 * still on the wire becomes a frame with its arrival event again, in the place that event would
 * have had. Channels whose ghost has arrived are dropped from the list when it fills. One list per
 * region, touched only by the thread that runs the region (a partitioned run, docs/design.md
 * section 16); the trace goes on between runs.
 */
final class GhostList {
    private Channel[] channels = new Channel[64];
    private int count;

    /** The lists of one world (one per trace), hooked to the trace. */
    private static final class World implements Runnable {
        private GhostList[] regions = new GhostList[0];

        synchronized GhostList region(int r) {
            if (r >= regions.length) {
                regions = java.util.Arrays.copyOf(regions, r + 1);
            }
            if (regions[r] == null) {
                regions[r] = new GhostList();
            }
            return regions[r];
        }

        /** The trace went on: every ghost still on the wire goes back to its arrival event. */
        @Override
        public synchronized void run() {
            for (GhostList g : regions) {
                if (g != null) {
                    g.materializeAll();
                }
            }
        }
    }

    /** The list of region {@code region} of the world of {@code trace}, made (and the world's hooked to the trace) at first need. */
    static GhostList of(Trace trace, int region) {
        return trace.shared(World.class, () -> {
            World w = new World();
            trace.whenEnabled(w);
            return w;
        }).region(region);
    }

    void add(Channel c) {
        if (count == channels.length) {
            int k = 0;
            for (int i = 0; i < count; i++) {
                Channel x = channels[i];
                if (x.ghostOnWire()) {
                    channels[k++] = x;
                } else {
                    x.listed = false;
                }
            }
            java.util.Arrays.fill(channels, k, count, null);
            count = k;
            if (count > channels.length / 2) {
                channels = java.util.Arrays.copyOf(channels, channels.length * 2);
            }
        }
        channels[count++] = c;
        c.listed = true;
    }

    private void materializeAll() {
        for (int i = 0; i < count; i++) {
            channels[i].materializeGhost();
            channels[i].listed = false;
            channels[i] = null;
        }
        count = 0;
    }
}
