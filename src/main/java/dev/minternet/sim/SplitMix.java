package dev.minternet.sim;

import java.util.SplittableRandom;

/**
 * {@link SplittableRandom}'s generator (SplitMix64) on a state its owner keeps in a {@code long}
 * field, for streams a large world holds per host: a {@code SplittableRandom} object is 32 bytes
 * (48 on JDK 25, with the proxy object each one makes), a field 8. The owner starts from the seed
 * {@link RandomStreams#seed} gives (what {@code new SplittableRandom(seed)} would start from) and
 * draws as {@link #afterBounded} says; the values are those a {@code SplittableRandom} of
 * that seed returns, call for call ({@code SplitMixTest} draws both side by side).
 */
public final class SplitMix {
    /** The increment of the state of every {@code new SplittableRandom(seed)} (its GOLDEN_GAMMA). */
    public static final long GAMMA = 0x9e3779b97f4a7c15L;

    private SplitMix() {
    }

    /** {@code nextLong()} of a generator whose state, once advanced, is {@code s}. */
    public static long mix64(long s) {
        s = (s ^ (s >>> 30)) * 0xbf58476d1ce4e5b9L;
        s = (s ^ (s >>> 27)) * 0x94d049bb133111ebL;
        return s ^ (s >>> 31);
    }

    /** {@code nextInt()} of a generator whose state, once advanced, is {@code s}. */
    public static int mix32(long s) {
        s = (s ^ (s >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((s ^ (s >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    /** {@code nextDouble()} of a generator whose state, once advanced, is {@code s}. */
    public static double unit(long s) {
        return (mix64(s) >>> 11) * 0x1.0p-53;
    }

    /**
     * The state after {@code nextInt(bound)} (bound > 0) of the state {@code s}: advanced once, and
     * once more for each draw {@code SplittableRandom} rejects and draws again. The value drawn is
     * {@link #bounded} of the state returned.
     */
    public static long afterBounded(long s, int bound) {
        do {
            s += GAMMA;
        } while (tryBounded(s, bound) < 0);
        return s;
    }

    /** The value {@code nextInt(bound)} drew, from the state {@link #afterBounded} left. */
    public static int bounded(long s, int bound) {
        return tryBounded(s, bound);
    }

    /** One draw of {@code nextInt(bound)} on the advanced state {@code s}: the value, or -1 when it is rejected. */
    private static int tryBounded(long s, int bound) {
        int r = mix32(s);
        int m = bound - 1;
        if ((bound & m) == 0) {
            return r & m;
        }
        int u = r >>> 1;
        r = u % bound;
        return u + m - r < 0 ? -1 : r;
    }
}
