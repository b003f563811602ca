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
     * Beside {@link #queue}, once a queued frame came with a shared padded copy (see
     * {@link Channel#send(byte[], byte[])}): each queued frame's padded copy, or {@link #NO_PAD}.
     */
    ArrayDeque<byte[]> pads;

    TxDone(Channel c) {
        this.c = c;
    }

    @Override
    protected void fire() {
        c.txPending = false;
        c.onTxDone();
    }
}
