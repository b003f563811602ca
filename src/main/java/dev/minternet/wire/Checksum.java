package dev.minternet.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words,
 * plus the incremental update routers use when they change a header field (RFC 1624).
 */
public final class Checksum {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Checksum() {
    }

    /** Adds the bytes [off, off+len) as big-endian 16-bit words to a running 32-bit sum. */
    public static long sum(byte[] b, int off, int len, long acc) {
        int i = off;
        int end = off + len;
        // four words per read; the same sum as word by word (the 64-bit accumulator cannot overflow)
        while (i + 7 < end) {
            long w = (long) LONG_BE.get(b, i);
            acc += (w >>> 48) + ((w >>> 32) & 0xffff) + ((w >>> 16) & 0xffff) + (w & 0xffff);
            i += 8;
        }
        while (i + 1 < end) {
            acc += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
            i += 2;
        }
        if (i < end) {
            acc += (b[i] & 0xff) << 8; // odd byte padded with zero (RFC 1071 4.1)
        }
        return acc;
    }

    /** Folds a running sum into 16 bits and complements it. */
    public static int finish(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) (~acc & 0xffff);
    }

    /** Checksum of a byte range. */
    public static int compute(byte[] b, int off, int len) {
        return finish(sum(b, off, len, 0));
    }

    /** The IPv4 pseudo-header sum used by UDP and TCP (RFC 768, RFC 9293 3.1). */
    public static long pseudoHeader(int src, int dst, int protocol, int length) {
        return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
    }

    /**
     * RFC 1624 equation 3: HC' = ~(~HC + ~m + m'), the new checksum after a 16-bit word changed
     * from {@code oldWord} to {@code newWord}.
     */
    public static int update(int checksum, int oldWord, int newWord) {
        long sum = (~checksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
