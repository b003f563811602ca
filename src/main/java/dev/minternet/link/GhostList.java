package dev.minternet.link;

import dev.minternet.trace.Trace;

/**
 * The channels of one world that may hold a ghost (a broadcast on the wire that its host will
 * ignore, delivered without an event: see {@link Channel#mirrorArpFilter}). A host ignores such a
 * broadcast silently only while nobody traces: when the trace goes on, every ghost still on the
 * wire becomes a frame with its arrival event again, in the place that event would have had.
 * Channels whose ghost has arrived are dropped from the list when it fills.
 */
final class GhostList implements Runnable {
    private Channel[] channels = new Channel[64];
    private int count;

    /** The world's list (one per trace), made and hooked to the trace at first need. */
    static GhostList of(Trace trace) {
        return trace.shared(GhostList.class, () -> {
            GhostList g = new GhostList();
            trace.whenEnabled(g);
            return g;
        });
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

    /** The trace went on: every ghost still on the wire goes back to its arrival event. */
    @Override
    public void run() {
        for (int i = 0; i < count; i++) {
            channels[i].materializeGhost();
            channels[i].listed = false;
            channels[i] = null;
        }
        count = 0;
    }
}
