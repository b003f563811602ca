package dev.minternet.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words,
 * plus the incremental update routers use when they change a header field (RFC 1624).
 */
public final class Checksum {
    private static final VarHandle LONG_NATIVE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final boolean SWAP = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private Checksum() {
    }

    /**
     * Adds the bytes [off, off+len) as big-endian 16-bit words to a running sum. Eight bytes are
     * read at a time in the machine's own byte order: the one's complement sum does not depend on
     * byte order (RFC 1071 2(B)), so the words summed byte-swapped give the byte-swapped sum, and
     * a native read costs no byte reversal (which the C1 compiler does not make an instruction).
     * The result is the same as word by word: the folded part is zero only when every byte is, and
     * otherwise congruent to the big-endian sum modulo 0xffff and in [1, 0xffff], so it is equal.
     */
    public static long sum(byte[] b, int off, int len, long acc) {
        int i = off;
        int end = off + len;
        long s = 0;
        // two 32-bit halves per read: a 64-bit accumulator cannot overflow below 2^32 reads
        while (i + 8 <= end) {
            long v = (long) LONG_NATIVE.get(b, i);
            s += (v >>> 32) + (v & 0xffffffffL);
            i += 8;
        }
        if (SWAP && s != 0) {
            s = fold(s);
            s = ((s & 0xff) << 8) | (s >>> 8);
        }
        acc += s;
        while (i + 1 < end) {
            acc += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
            i += 2;
        }
        if (i < end) {
            acc += (b[i] & 0xff) << 8; // odd byte padded with zero (RFC 1071 4.1)
        }
        return acc;
    }

    /** A sum folded to 16 bits with end-around carries (0 only for 0). */
    private static long fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return acc;
    }

    /** Folds a running sum into 16 bits and complements it. */
    public static int finish(long acc) {
        return (int) (~fold(acc) & 0xffff);
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
