package dev.minternet.dns;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012) with a 128-bit key and a 64-bit result: the keyed
 * hash RFC 9018 4.4 names for interoperable DNS server cookies, and the one BIND 9.18 uses for
 * its client and server cookies. The key and the message are read little-endian, as the
 * reference implementation does; {@link #hash} returns the result as the 8 bytes it writes.
 */
final class SipHash {
    private SipHash() {
    }

    /** The 8-byte SipHash-2-4 of {@code message} under the 16-byte {@code key}. */
    static byte[] hash(byte[] key, byte[] message) {
        long k0 = le(key, 0);
        long k1 = le(key, 8);
        long[] v = {0x736f6d6570736575L ^ k0, 0x646f72616e646f6dL ^ k1, 0x6c7967656e657261L ^ k0,
            0x7465646279746573L ^ k1};
        int len = message.length;
        int end = len - (len % 8);
        for (int i = 0; i < end; i += 8) {
            compress(v, le(message, i));
        }
        long last = ((long) len) << 56;
        for (int i = 0; i < len % 8; i++) {
            last |= (message[end + i] & 0xffL) << (8 * i);
        }
        compress(v, last);
        v[2] ^= 0xff;
        for (int i = 0; i < 4; i++) {
            round(v);
        }
        long h = v[0] ^ v[1] ^ v[2] ^ v[3];
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (h >>> (8 * i));
        }
        return out;
    }

    /** Two SipRounds on one 64-bit message word (the "2" of SipHash-2-4). */
    private static void compress(long[] v, long m) {
        v[3] ^= m;
        round(v);
        round(v);
        v[0] ^= m;
    }

    private static void round(long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13) ^ v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16) ^ v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21) ^ v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17) ^ v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }

    private static long le(byte[] b, int off) {
        long r = 0;
        for (int i = 7; i >= 0; i--) {
            r = (r << 8) | (b[off + i] & 0xff);
        }
        return r;
    }
}
