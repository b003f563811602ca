package dev.minternet.transport.tcp;

import java.util.Arrays;

/**
 * The send buffer: bytes the application queued, from the oldest unacknowledged byte (SND.UNA)
 * to the last byte written. Positions are stream offsets (byte 0 is the first byte after the
 * SYN), held as longs so transfers beyond 4 GiB need no wrap-around care here.
 *
 * <p>A ring allocated at the first write, as small as that write allows, that doubles up to its
 * capacity, so that a hundred thousand idle sockets hold no buffers (as Linux allocates socket
 * buffers per packet, not per socket). Bulk senders queue zeros with {@link #writeZeros}, which fills
 * without a source array; the bytes are real either way, so lengths and checksums stay exact.
 */
final class SendBuffer {
    private static final byte[] EMPTY = new byte[0];
    private static final int SMALLEST = 64;
    /**
     * A ring this small is let go once everything in it is acknowledged: a hundred thousand idle
     * WebSockets, each of which sent a request or a welcome, then hold no buffer, nor do keep-alive
     * connections that carried a page (1-2 KiB rings: bench cdn's clients and servers). Larger
     * rings (a bulk sender's) are kept, so a flow does not reallocate its ring at every
     * acknowledgement.
     */
    private static final int DROP_WHEN_EMPTY = 4096;

    /** Let the ring go whenever it empties, whatever its size ({@link TcpConfig#releaseIdleSendBuffer}). */
    private final boolean releaseAll;
    private int capacity;
    private byte[] ring;
    /**
     * Whether {@link #write} has put bytes into this ring: a ring only {@link #writeZeros} has
     * filled holds nothing but zeros (a new array's), so a bulk sender's zeros need no filling.
     */
    private boolean written;
    private long head;
    private long tail;

    public SendBuffer(int capacity) {
        this(capacity, false);
    }

    SendBuffer(int capacity, boolean releaseAll) {
        this.capacity = capacity;
        this.ring = EMPTY;
        this.releaseAll = releaseAll;
    }

    public int capacity() {
        return capacity;
    }

    /** Send-buffer autotuning made the buffer larger (it never shrinks). */
    void grow(int newCapacity) {
        capacity = Math.max(capacity, newCapacity);
    }

    /** Stream offset of the oldest byte held (the data at SND.UNA). */
    public long head() {
        return head;
    }

    /** Stream offset just after the newest byte written. */
    public long tail() {
        return tail;
    }

    /** Bytes held: unacknowledged plus not yet sent. */
    public int size() {
        return (int) (tail - head);
    }

    public int free() {
        return capacity - size();
    }

    /** Queues up to {@code len} bytes; returns how many fit. */
    public int write(byte[] src, int off, int len) {
        int n = reserve(len);
        put(tail, src, off, n);
        written |= n > 0;
        tail += n;
        return n;
    }

    /** Queues up to {@code len} zero bytes; returns how many fit. */
    public int writeZeros(int len) {
        int n = reserve(len);
        if (written) {
            int pos = index(tail);
            int first = Math.min(n, ring.length - pos);
            Arrays.fill(ring, pos, pos + first, (byte) 0);
            Arrays.fill(ring, 0, n - first, (byte) 0);
        }
        tail += n;
        return n;
    }

    /** Drops acknowledged bytes before stream offset {@code upTo}. */
    public void release(long upTo) {
        if (upTo < head || upTo > tail) {
            throw new IllegalArgumentException("release to " + upTo + " outside [" + head + ", " + tail + "]");
        }
        head = upTo;
        if (head == tail && (ring.length <= DROP_WHEN_EMPTY || releaseAll)) {
            ring = EMPTY;
            written = false;
        }
    }

    /**
     * Copies {@code len} bytes starting at stream offset {@code from} into a new array
     * {@code dst} (all zeros where nothing was written yet): a ring that holds nothing but a bulk
     * sender's zeros has nothing to copy, so only the bounds are checked. Returns false when the
     * bytes are zeros left in place (the caller may then leave them out of a checksum).
     */
    public boolean copyToNew(long from, byte[] dst, int dstOff, int len) {
        if (written) {
            copyTo(from, dst, dstOff, len);
            return true;
        }
        if (from < head || from + len > tail || dstOff + len > dst.length) {
            throw new IllegalArgumentException("copy [" + from + ", " + (from + len) + ") outside [" + head + ", " + tail + ")");
        }
        return false;
    }

    /** Copies {@code len} bytes starting at stream offset {@code from} into {@code dst}. */
    public void copyTo(long from, byte[] dst, int dstOff, int len) {
        if (from < head || from + len > tail) {
            throw new IllegalArgumentException("copy [" + from + ", " + (from + len) + ") outside [" + head + ", " + tail + ")");
        }
        int pos = index(from);
        int first = Math.min(len, ring.length - pos);
        System.arraycopy(ring, pos, dst, dstOff, first);
        System.arraycopy(ring, 0, dst, dstOff + first, len - first);
    }

    /** The length of the ring's array (for tests). */
    int ringLength() {
        return ring.length;
    }

    private int index(long streamOffset) {
        int n = ring.length;
        return n == 0 ? 0 : (int) (streamOffset % n);
    }

    private void put(long at, byte[] src, int off, int len) {
        int pos = index(at);
        int first = Math.min(len, ring.length - pos);
        System.arraycopy(src, off, ring, pos, first);
        System.arraycopy(src, off + first, ring, 0, len - first);
    }

    private int reserve(int len) {
        int n = Math.max(0, Math.min(len, free()));
        int need = size() + n;
        if (need > ring.length) {
            int newLen = Math.min(Math.max(ring.length, SMALLEST), capacity);
            while (newLen < need) {
                newLen = (int) Math.min((long) newLen * 2, capacity);
            }
            int size = size();
            byte[] held = new byte[size];
            copyTo(head, held, 0, size);
            ring = new byte[newLen];
            put(head, held, 0, size);
        }
        return n;
    }
}
