package dev.minternet.sim;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeded random streams, one per component name. A stream's seed depends only on (world seed,
 * component name), so adding a host to a world leaves every other host's randomness unchanged.
 */
public final class RandomStreams {
    private final long seed;

    public RandomStreams(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** A fresh generator for the component called {@code name} (e.g. "link:isp-a--transit/a"). */
    public SplittableRandom stream(String name) {
        return new SplittableRandom(mix(seed ^ mix(fnv1a64(name))));
    }

    /**
     * The stream of the name {@code a + b + c + d + e} (the same generator), without building the
     * name: a world of 10,000 hosts makes 3-5 streams a host, and the strings and their UTF-8 bytes
     * were most of its build's garbage. Pass "" for unused parts.
     */
    public SplittableRandom stream(String a, String b, String c, String d, String e) {
        return new SplittableRandom(seed(a, b, c, d, e));
    }

    /**
     * The seed of that stream: {@code new SplittableRandom(seed(...))} is it, and a {@link SplitMix}
     * state started from it draws the same values without the object.
     */
    public long seed(String a, String b, String c, String d, String e) {
        if (!ascii(a) || !ascii(b) || !ascii(c) || !ascii(d) || !ascii(e)) {
            // UTF-8 of a surrogate pair split between parts differs
            return mix(seed ^ mix(fnv1a64(a + b + c + d + e)));
        }
        long h = ascii(ascii(ascii(ascii(ascii(FNV_OFFSET, a), b), c), d), e);
        return mix(seed ^ mix(h));
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;

    static long fnv1a64(String s) {
        if (ascii(s)) {
            return ascii(FNV_OFFSET, s); // its UTF-8 bytes are its chars
        }
        long h = FNV_OFFSET;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static boolean ascii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** FNV-1a from {@code h} over the chars of {@code s}, all ASCII (each its own UTF-8 byte). */
    private static long ascii(long h, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64 finaliser: spreads nearby inputs over the whole 64-bit space. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
