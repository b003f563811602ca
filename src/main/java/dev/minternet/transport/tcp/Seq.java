package dev.minternet.transport.tcp;

/**
 * Sequence number arithmetic modulo 2^32 (RFC 9293 3.4: "all arithmetic dealing with sequence
 * numbers must be performed modulo 2**32"). {@code a < b} means {@code b} is ahead of {@code a}
 * by less than 2^31.
 */
final class Seq {
    private Seq() {
    }

    public static boolean lt(int a, int b) {
        return a - b < 0;
    }

    public static boolean le(int a, int b) {
        return a - b <= 0;
    }

    public static boolean gt(int a, int b) {
        return a - b > 0;
    }

    public static boolean ge(int a, int b) {
        return a - b >= 0;
    }

    public static int max(int a, int b) {
        return gt(a, b) ? a : b;
    }

    public static int min(int a, int b) {
        return lt(a, b) ? a : b;
    }

    /** {@code lo <= x < hi} in sequence space. */
    public static boolean inRange(int x, int lo, int hi) {
        return le(lo, x) && lt(x, hi);
    }

    public static String str(int s) {
        return Integer.toUnsignedString(s);
    }
}
