package dev.minternet.link;

import dev.minternet.sim.Event;
import java.util.ArrayDeque;

/**
 * A channel's queue, and its "transmission done" event: the end of the datagram being serialized
 * while others wait (made when a datagram first waits, see {@link Channel}'s {@code txDone}).
 */
final class TxDone extends Event {
    /** What {@link #pads} holds for a queued frame that came without a padded copy. */
    static final byte[] NO_PAD = new byte[0];

    private final Channel c;
    final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    int queuedBytes;
    /**
     * While the queue drains lazily ({@link Channel}'s {@code lazy}; the channel keeps them then,
     * and only then): the sum of its datagrams' serializations, and of their lengths on the wire
     * (padded).
     */
    long queuedSer;
    long queuedWire;
    /**
     * Beside {@link #queue}, once a queued frame came with a shared padded copy (see
     * {@link Channel#send(byte[], byte[])}): each queued frame's padded copy, or {@link #NO_PAD}.
     */
    ArrayDeque<byte[]> pads;

    TxDone(Channel c) {
        this.c = c;
    }

    /** Queues {@code d} last. */
    void add(byte[] d) {
        queue.addLast(d);
        queuedBytes += d.length;
    }

    /** Takes the first queued datagram (null: none). */
    byte[] poll() {
        byte[] d = queue.pollFirst();
        if (d != null) {
            queuedBytes -= d.length;
        }
        return d;
    }

    /** Empties the queue (the padded copies are the caller's). */
    void clear() {
        queue.clear();
        queuedBytes = 0;
        queuedSer = 0;
        queuedWire = 0;
    }

    @Override
    protected void fire() {
        c.txPending = false;
        c.onTxDone();
    }
}
