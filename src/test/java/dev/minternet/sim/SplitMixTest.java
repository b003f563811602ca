package dev.minternet.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMixTest {
    /** Bounds of every kind: powers of two, small, the ephemeral port span, and large ones that reject often. */
    private static final int[] BOUNDS = {1, 2, 3, 7, 64, 1000, 28232, 99_999, 1 << 20, 999_999,
        (1 << 30) + 1, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};

    @Test
    void a_state_in_a_long_draws_what_a_splittable_random_of_its_seed_draws() {
        SplittableRandom seeds = new SplittableRandom(42);
        int rejections = 0;
        for (int i = 0; i < 2000; i++) {
            long seed = seeds.nextLong();
            SplittableRandom real = new SplittableRandom(seed);
            long s = seed;
            for (int j = 0; j < 60; j++) {
                int bound = BOUNDS[(i + j) % BOUNDS.length];
                switch (j % 4) {
                    case 0 -> {
                        long after = SplitMix.afterBounded(s, bound);
                        if (after != s + SplitMix.GAMMA) {
                            rejections++;
                        }
                        s = after;
                        assertEquals(real.nextInt(bound), SplitMix.bounded(s, bound), "nextInt(" + bound + ") of seed " + seed);
                    }
                    case 1 -> {
                        s += SplitMix.GAMMA;
                        assertEquals(real.nextDouble(), SplitMix.unit(s));
                    }
                    case 2 -> {
                        s += SplitMix.GAMMA;
                        assertEquals(real.nextLong(), SplitMix.mix64(s));
                    }
                    default -> {
                        s += SplitMix.GAMMA;
                        assertEquals(real.nextInt(), SplitMix.mix32(s));
                    }
                }
            }
        }
        assertTrue(rejections > 100, "the large bounds made SplittableRandom draw again: " + rejections);
    }

    @Test
    void a_seed_is_the_one_its_stream_starts_from() {
        RandomStreams streams = new RandomStreams(7);
        for (String name : new String[] {"h1", "core-router", "caf\u00e9", "\ud83d\ude00x"}) {
            long s = streams.seed("node:", name, ":", "udp-ports", "");
            SplittableRandom real = streams.stream("node:" + name + ":udp-ports");
            assertEquals(real.nextLong(), SplitMix.mix64(s + SplitMix.GAMMA), name);
            assertEquals(streams.stream("node:", name, ":", "udp-ports", "").nextLong(),
                    SplitMix.mix64(s + SplitMix.GAMMA), name);
        }
    }
}
