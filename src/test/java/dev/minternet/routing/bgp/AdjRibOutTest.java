package dev.minternet.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.bgp.BgpMessage.Attrs;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The Adj-RIB-Out (a sparse table, then an array, by prefix number) answers as the sorted map it replaced, through growth and deletions. */
class AdjRibOutTest {
    private static final AttrTable TABLE = new AttrTable();

    private static BgpSpeaker.Path path(int i) {
        return new BgpSpeaker.Path(TABLE, new Attrs(0, new int[] {i}, 0, -1, -1, Attrs.NONE), null, null, 0);
    }

    @Test
    void given_announcements_and_withdrawals_in_any_order_then_it_holds_what_a_sorted_map_holds() {
        SplittableRandom r = new SplittableRandom(7);
        AdjRibOut out = new AdjRibOut(TABLE);
        TreeMap<Prefix, BgpSpeaker.Path> want = new TreeMap<>();
        for (int step = 0; step < 200_000; step++) {
            // few distinct prefixes (/24s of one /14 and a few /16s), so the table fills, empties and collides
            Prefix p = r.nextInt(8) == 0 ? new Prefix(r.nextInt(64) << 16, 16) : new Prefix(0x0A000000 | r.nextInt(1024) << 8, 24);
            if (r.nextInt(3) == 0) {
                out.remove(p);
                want.remove(p);
            } else {
                BgpSpeaker.Path x = path(step);
                out.put(p, x);
                want.put(p, x);
            }
            if (step % 1000 == 0) {
                for (int k = 0; k < 1024; k++) {
                    Prefix q = new Prefix(0x0A000000 | k << 8, 24);
                    assertThat(out.get(q)).isSameAs(want.get(q));
                    assertThat(out.containsKey(q)).isEqualTo(want.containsKey(q));
                }
                for (int k = 0; k < 64; k++) {
                    Prefix q = new Prefix(k << 16, 16);
                    assertThat(out.get(q)).isSameAs(want.get(q));
                }
            }
            assertThat(out.size()).isEqualTo(want.size());
        }
        out.clear();
        assertThat(out.size()).isZero();
        assertThat(out.get(new Prefix(0x0A000000, 24))).isNull();
    }

    /**
     * In a world of many prefixes, a session that announces few of them keeps them in its sparse
     * table, whose deletions shift the probes behind them back (no tombstones); past a quarter of
     * the world it moves to the array by number. Either way it answers as a sorted map.
     */
    @Test
    void given_a_few_prefixes_of_a_large_world_then_growing_past_a_quarter_of_it_it_answers_as_a_sorted_map() {
        AttrTable world = new AttrTable();
        for (int k = 0; k < 4096; k++) {
            world.register(new Prefix(0x0B000000 | k << 8, 24));
        }
        SplittableRandom r = new SplittableRandom(11);
        AdjRibOut out = new AdjRibOut(world);
        TreeMap<Prefix, BgpSpeaker.Path> want = new TreeMap<>();
        for (int step = 0; step < 60_000; step++) {
            int span = step < 40_000 ? 300 : 4096; // few first (sparse, full of collisions), then most of the world
            Prefix p = new Prefix(0x0B000000 | r.nextInt(span) << 8, 24);
            if (r.nextInt(step < 40_000 ? 2 : 4) == 0) {
                out.remove(p);
                want.remove(p);
            } else {
                BgpSpeaker.Path x = path(step);
                out.put(p, x);
                want.put(p, x);
            }
            assertThat(out.size()).isEqualTo(want.size());
            if (step % 500 == 0) {
                for (int k = 0; k < 4096; k++) {
                    Prefix q = new Prefix(0x0B000000 | k << 8, 24);
                    assertThat(out.get(q)).isSameAs(want.get(q));
                }
            }
        }
        assertThat(want.size()).isGreaterThan(1024); // it went past a quarter of the world
    }
}
