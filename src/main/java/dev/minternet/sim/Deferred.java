package dev.minternet.sim;

import java.util.Arrays;

/**
 * Outputs (trace lines) that a lane produced during one window of a partitioned run, each with the
 * stamp of the event that produced it, in the lane's order. At the window's end the lanes' lists
 * are merged by (time, stamp), which is the order the sequential run produced them in.
 */
final class Deferred {
    long[] times = new long[64];
    long[] scheds = new long[64];
    long[] seqs = new long[64];
    Runnable[] outputs = new Runnable[64];
    int size;

    void add(long time, long sched, long seq, Runnable r) {
        if (size == outputs.length) {
            int n = size * 2;
            times = Arrays.copyOf(times, n);
            scheds = Arrays.copyOf(scheds, n);
            seqs = Arrays.copyOf(seqs, n);
            outputs = Arrays.copyOf(outputs, n);
        }
        times[size] = time;
        scheds[size] = sched;
        seqs[size] = seq;
        outputs[size++] = r;
    }

    /** Whether entry i comes before entry j of {@code o}. */
    boolean before(int i, Deferred o, int j) {
        if (times[i] != o.times[j]) {
            return times[i] < o.times[j];
        }
        if (scheds[i] != o.scheds[j]) {
            return scheds[i] < o.scheds[j];
        }
        return seqs[i] < o.seqs[j];
    }

    /** Runs every lane's outputs in (time, stamp) order and empties the lists. */
    static void flush(Lane[] lanes) {
        int n = lanes.length;
        int[] at = new int[n];
        while (true) {
            int best = -1;
            for (int k = 0; k < n; k++) {
                Deferred d = lanes[k].deferred;
                if (at[k] < d.size && (best < 0 || d.before(at[k], lanes[best].deferred, at[best]))) {
                    best = k;
                }
            }
            if (best < 0) {
                break;
            }
            Deferred d = lanes[best].deferred;
            Runnable r = d.outputs[at[best]];
            d.outputs[at[best]++] = null;
            r.run();
        }
        for (Lane l : lanes) {
            l.deferred.size = 0;
        }
    }
}
