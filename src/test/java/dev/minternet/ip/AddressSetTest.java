package dev.minternet.ip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AddressSetTest {

    /**
     * Adds and removes against a reference set, addresses drawn from a few small blocks so that
     * probe runs collide and removals shift keys back, 0.0.0.0 among them; every address of the
     * blocks is asked after each step.
     */
    @Test
    void adds_and_removes_agree_with_a_reference_set() {
        SplittableRandom r = new SplittableRandom(11);
        for (int round = 0; round < 20; round++) {
            AddressSet set = new AddressSet();
            Set<Integer> model = new HashSet<>();
            int[] blocks = {0, 0x0a000000, 0x0a000100, 0xc0a80000, 0xffffff00};
            for (int step = 0; step < 3_000; step++) {
                int a = blocks[r.nextInt(blocks.length)] + r.nextInt(r.nextBoolean() ? 4 : 200);
                if (r.nextInt(3) > 0) {
                    assertThat(set.add(a)).isEqualTo(model.add(a));
                } else {
                    assertThat(set.remove(a)).isEqualTo(model.remove(a));
                }
                assertThat(set.size()).isEqualTo(model.size());
                if (step % 50 == 0) {
                    for (int b : blocks) {
                        for (int k = 0; k < 200; k++) {
                            assertThat(set.contains(b + k)).as("%08x", b + k).isEqualTo(model.contains(b + k));
                        }
                    }
                }
            }
        }
    }

    @Test
    void one_address_is_held_without_a_table_and_zero_is_an_address() {
        AddressSet set = new AddressSet();
        assertThat(set.contains(0)).isFalse();
        assertThat(set.add(0x0a000001)).isTrue();
        assertThat(set.contains(0x0a000001)).isTrue();
        assertThat(set.contains(0)).isFalse();
        assertThat(set.add(0)).isTrue();
        assertThat(set.contains(0)).isTrue();
        assertThat(set.contains(0x0a000001)).isTrue();
        assertThat(set.remove(0x0a000001)).isTrue();
        assertThat(set.contains(0x0a000001)).isFalse();
        assertThat(set.contains(0)).isTrue();
        assertThat(set.remove(0)).isTrue();
        assertThat(set.size()).isZero();
    }
}
