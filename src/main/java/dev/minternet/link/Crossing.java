package dev.minternet.link;

import dev.minternet.sim.Simulator;

/**
 * A channel whose ends are in two regions (docs/design.md section 16): the receiver's region and
 * the stamp of each datagram on the wire (split out of {@link Channel}).
 */
final class Crossing {
    final int toRegion;
    /** Per datagram on the wire: the stamp it was sent with (see Simulator#stamp), in the ring's slots. */
    long[] sentAt;
    long[] stamps;
    /** Datagrams sent during a window of a partitioned run toward another lane: collected by that lane after it. */
    Box box;

    Crossing(int toRegion) {
        this.toRegion = toRegion;
    }

    /** Datagrams posted by the sending lane during a window, in the order sent. */
    static final class Box implements Simulator.Mailbox {
        private final Channel channel;
        byte[][] data = new byte[4][];
        long[] at = new long[4];
        long[] sched = new long[4];
        long[] stamp = new long[4];
        int count;

        Box(Channel channel) {
            this.channel = channel;
        }

        void post(byte[] d, long t, long s, long st) {
            if (count == data.length) {
                int n = count * 2;
                data = java.util.Arrays.copyOf(data, n);
                at = java.util.Arrays.copyOf(at, n);
                sched = java.util.Arrays.copyOf(sched, n);
                stamp = java.util.Arrays.copyOf(stamp, n);
            }
            data[count] = d;
            at[count] = t;
            sched[count] = s;
            stamp[count++] = st;
        }

        @Override
        public void collect() {
            for (int i = 0; i < count; i++) {
                channel.pushStamped(data[i], at[i], sched[i], stamp[i]);
                data[i] = null;
            }
            count = 0;
        }
    }
}
