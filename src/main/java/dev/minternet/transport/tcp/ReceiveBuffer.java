package dev.minternet.transport.tcp;

/**
 * The receive buffer: in-order bytes waiting for the application, followed by room where
 * out-of-order segments are placed at their final position (smoltcp style), so filling a hole
 * makes them readable without another copy. The free room is the receive window.
 *
 * <p>Positions are stream offsets (byte 0 follows the peer's SYN). The ring is allocated when the
 * first byte arrives, as small as it allows, and doubles up to the capacity.
 */
final class ReceiveBuffer {
    private static final byte[] EMPTY = new byte[0];
    private static final int SMALLEST = 64;
    /**
     * A ring this small is let go once the application read it all (see {@code SendBuffer}): a
     * segment's worth, so a bulk receiver that reads every segment as it comes allocates one per
     * segment, as Linux allocates a buffer per packet.
     */
    private static final int DROP_WHEN_EMPTY = 4096;

    private int capacity;
    /** Bytes the ring may hold beyond the capacity: a scaled window rounds up by < 2^scale. */
    private int overhang;
    private byte[] ring;
    /** Stream offset of the next byte the application reads. */
    private long readPos;
    /** In-order bytes available to the application. */
    private int readable;
    private final Assembler ooo = new Assembler();

    public ReceiveBuffer(int capacity) {
        this.capacity = capacity;
        this.ring = EMPTY;
    }

    public int capacity() {
        return capacity;
    }

    /** Receive-buffer autotuning made the buffer larger (it never shrinks). */
    void grow(int newCapacity) {
        capacity = Math.max(capacity, newCapacity);
    }

    /** In-order bytes the application may read. */
    public int available() {
        return readable;
    }

    /** Stream offset of the next byte the application reads (Linux copied_seq). */
    long readOffset() {
        return readPos;
    }

    /** Stream offset just after the in-order data: the byte RCV.NXT names. */
    public long contiguousEnd() {
        return readPos + readable;
    }

    /** Room above the in-order data: what the receive window may offer. */
    public int window() {
        return capacity - readable;
    }

    /**
     * Lets the ring hold up to {@code bytes} beyond the capacity, for the rounding a window scale
     * forces on the advertised right edge.
     */
    void allowOverhang(int bytes) {
        this.overhang = bytes;
    }

    Assembler outOfOrder() {
        return ooo;
    }

    /**
     * Stores bytes that belong at stream offset {@code at} (at or above {@link #contiguousEnd()}),
     * clipped to the buffer's room. Returns how far the in-order data grew: the new bytes plus any
     * out-of-order ranges they joined.
     */
    public int insert(long at, byte[] src, int off, int len) {
        long end = contiguousEnd();
        if (at < end) {
            int skip = (int) Math.min(len, end - at);
            at += skip;
            off += skip;
            len -= skip;
        }
        long limit = readPos + capacity + overhang;
        if (at + len > limit) {
            len = (int) Math.max(0, limit - at);
        }
        if (len <= 0) {
            return 0;
        }
        ensure((int) (at + len - readPos));
        int pos = index(at);
        int first = Math.min(len, ring.length - pos);
        System.arraycopy(src, off, ring, pos, first);
        System.arraycopy(src, off + first, ring, 0, len - first);
        if (at == end) {
            long newEnd = ooo.advance(at + len);
            readable += (int) (newEnd - end);
            return (int) (newEnd - end);
        }
        ooo.add(at, at + len);
        return 0;
    }

    /** Copies up to {@code len} in-order bytes to {@code dst}; returns how many. */
    public int read(byte[] dst, int off, int len) {
        int n = Math.min(len, readable);
        int pos = index(readPos);
        int first = Math.min(n, ring.length - pos);
        System.arraycopy(ring, pos, dst, off, first);
        System.arraycopy(ring, 0, dst, off + first, n - first);
        readPos += n;
        readable -= n;
        dropIfEmpty();
        return n;
    }

    /** Discards up to {@code len} in-order bytes; returns how many. */
    public int skip(int len) {
        int n = Math.min(len, readable);
        readPos += n;
        readable -= n;
        dropIfEmpty();
        return n;
    }

    private void dropIfEmpty() {
        if (readable == 0 && ring.length <= DROP_WHEN_EMPTY && ring.length > 0 && ooo.isEmpty()) {
            ring = EMPTY;
        }
    }

    /** The length of the ring's array (for tests). */
    int ringLength() {
        return ring.length;
    }

    private int index(long streamOffset) {
        int n = ring.length;
        return n == 0 ? 0 : (int) (streamOffset % n);
    }

    private void ensure(int span) {
        if (span <= ring.length) {
            return;
        }
        int newLen = (int) Math.min(Math.max(ring.length, SMALLEST), (long) capacity + overhang);
        while (newLen < span) {
            newLen = (int) Math.min((long) newLen * 2, (long) capacity + overhang);
        }
        // Keep everything from readPos to the highest byte held, holes included.
        int held = (int) (ooo.highestEnd(contiguousEnd()) - readPos);
        byte[] bigger = new byte[newLen];
        for (int k = 0; k < held && ring.length > 0; k++) {
            bigger[(int) ((readPos + k) % newLen)] = ring[(int) ((readPos + k) % ring.length)];
        }
        ring = bigger;
    }
}
