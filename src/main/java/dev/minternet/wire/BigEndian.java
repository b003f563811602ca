package dev.minternet.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Unsigned big-endian ("network byte order", RFC 1700) reads and writes of 8, 16, 32 and 64-bit
 * fields in a byte array: the one place every codec reads and writes its integers. A 32-bit value
 * comes back as an {@code int} holding its bits (compare with {@link Integer#compareUnsigned} or
 * widen with {@link Integer#toUnsignedLong}); a write keeps the low bits of its argument.
 * Out-of-range indexes throw {@link ArrayIndexOutOfBoundsException}, as any array access does.
 */
public final class BigEndian {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private BigEndian() {
    }

    public static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    public static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    public static int u32(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    public static long u64(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    public static void put8(byte[] b, int i, int v) {
        b[i] = (byte) v;
    }

    public static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    public static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    public static void put64(byte[] b, int i, long v) {
        LONGS.set(b, i, v);
    }
}
