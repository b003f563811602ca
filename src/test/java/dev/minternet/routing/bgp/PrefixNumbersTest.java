package dev.minternet.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.bgp.BgpMessage.Prefix;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The world's prefix numbers, which the Loc-RIBs and Adj-RIB-Outs index their arrays by: each
 * prefix one number for good, 0, 1, 2, ... in the order of arrival, and one shared copy.
 */
class PrefixNumbersTest {
    @Test
    void each_prefix_keeps_the_number_it_was_first_given_and_its_first_copy() {
        AttrTable t = new AttrTable();
        SplittableRandom r = new SplittableRandom(3);
        Map<Prefix, Integer> want = new LinkedHashMap<>();
        Map<Prefix, Prefix> first = new LinkedHashMap<>();
        for (int i = 0; i < 20_000; i++) {
            Prefix p = new Prefix(0x0A000000 | r.nextInt(600) << 8, 24 - r.nextInt(2) * 8);
            assertThat(t.number(p)).isEqualTo(want.getOrDefault(p, -1));
            if (r.nextBoolean()) {
                assertThat(t.register(p)).isEqualTo(want.computeIfAbsent(p, k -> want.size()));
                first.putIfAbsent(p, p);
            } else {
                Prefix shared = t.prefix(p);
                first.putIfAbsent(p, p);
                want.computeIfAbsent(p, k -> want.size());
                assertThat(shared).isSameAs(first.get(p));
            }
            assertThat(t.prefixes()).isEqualTo(want.size());
        }
        for (Map.Entry<Prefix, Integer> e : want.entrySet()) {
            assertThat(t.number(new Prefix(e.getKey().network(), e.getKey().length()))).isEqualTo(e.getValue());
        }
    }
}
