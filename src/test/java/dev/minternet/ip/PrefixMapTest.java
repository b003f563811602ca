package dev.minternet.ip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrefixMapTest {
    /** A brute-force longest match over the live prefixes, to check the map against. */
    private static int naive(List<int[]> live, int addr) {
        int best = -1;
        int bestLen = -1;
        for (int[] p : live) {
            if ((addr & Ip4.mask(p[1])) == p[0] && p[1] > bestLen) {
                best = p[2];
                bestLen = p[1];
            }
        }
        return best;
    }

    /** forEach hands every live prefix once with its value, in fields (none, one, two) and in tables alike. */
    @Test
    void forEachVisitsEveryLivePrefixOnce() {
        SplittableRandom r = new SplittableRandom(11);
        PrefixMap m = new PrefixMap();
        java.util.Map<Long, Integer> live = new java.util.HashMap<>();
        for (int step = 0; step < 3000; step++) {
            int len = new int[] {0, 8, 16, 24, 32, r.nextInt(33)}[r.nextInt(6)];
            int net = (10 << 24 | r.nextInt(1 << 10)) & Ip4.mask(len);
            long key = (Integer.toUnsignedLong(net) << 6) | len;
            if (r.nextInt(3) == 0 && !live.isEmpty()) {
                m.remove(net, len);
                live.remove(key);
            } else {
                m.put(net, len, step);
                live.put(key, step);
            }
            java.util.Map<Long, Integer> seen = new java.util.HashMap<>();
            m.forEach((n, l, v) -> assertThat(seen.put((Integer.toUnsignedLong(n) << 6) | l, v)).isNull());
            assertThat(seen).isEqualTo(live);
        }
    }

    @Test
    void longestMatchAgreesWithBruteForceWhilePrefixesComeAndGo() {
        SplittableRandom r = new SplittableRandom(7);
        PrefixMap m = new PrefixMap();
        List<int[]> live = new ArrayList<>();
        for (int step = 0; step < 4000; step++) {
            int len = new int[] {0, 8, 16, 24, 30, 32, r.nextInt(33)}[r.nextInt(7)];
            int net = (10 << 24 | r.nextInt(1 << 12)) & Ip4.mask(len);
            if (r.nextInt(3) == 0 && !live.isEmpty()) {
                int[] p = live.remove(r.nextInt(live.size()));
                assertThat(m.remove(p[0], p[1])).isEqualTo(p[2]);
                assertThat(m.get(p[0], p[1])).isEqualTo(-1);
            } else if (m.get(net, len) < 0) {
                assertThat(m.put(net, len, step)).isEqualTo(-1);
                live.add(new int[] {net, len, step});
            }
            assertThat(m.size()).isEqualTo(live.size());
            int addr = 10 << 24 | r.nextInt(1 << 12);
            assertThat(m.lookup(addr)).isEqualTo(naive(live, addr));
        }
    }

    /**
     * Prefixes in blocks on both sides of 128.0.0.0 (where a signed comparison of addresses would
     * go wrong) and at both ends of the address space; addresses looked up inside the blocks, just
     * outside them and anywhere, so that a table's bounds of keys decide many of the lookups.
     */
    @Test
    void lookupsInsideAndOutsideATablesBoundsAgreeWithBruteForce() {
        SplittableRandom r = new SplittableRandom(23);
        int[] blocks = {0x00000000, 0x0a000000, 0x7fffff00, 0x80000000, 0xc0a80000, 0xffffff00};
        PrefixMap m = new PrefixMap();
        List<int[]> live = new ArrayList<>();
        for (int step = 0; step < 6000; step++) {
            int len = new int[] {24, 30, 32, 30, 32}[r.nextInt(5)];
            int net = (blocks[r.nextInt(blocks.length)] + r.nextInt(256)) & Ip4.mask(len);
            if (r.nextInt(3) == 0 && !live.isEmpty()) {
                int[] p = live.remove(r.nextInt(live.size()));
                assertThat(m.remove(p[0], p[1])).isEqualTo(p[2]);
            } else if (m.get(net, len) < 0) {
                m.put(net, len, step);
                live.add(new int[] {net, len, step});
            }
            int addr = switch (r.nextInt(3)) {
                case 0 -> blocks[r.nextInt(blocks.length)] + r.nextInt(256);
                case 1 -> blocks[r.nextInt(blocks.length)] + (r.nextBoolean() ? 256 + r.nextInt(4) : -1 - r.nextInt(4));
                default -> r.nextInt();
            };
            assertThat(m.lookup(addr)).as("%08x", addr).isEqualTo(naive(live, addr));
            assertThat(m.get(addr, 32)).isEqualTo(live.stream().filter(p -> p[1] == 32 && p[0] == addr)
                    .mapToInt(p -> p[2]).findFirst().orElse(-1));
        }
    }

    @Test
    void smallMapsInFieldsAndTheirMoveIntoTablesAgreeWithBruteForce() {
        // a host's map holds one or two prefixes in fields; a third, or a second of the same length, moves them into tables
        SplittableRandom r = new SplittableRandom(11);
        for (int map = 0; map < 3000; map++) {
            PrefixMap m = new PrefixMap();
            List<int[]> live = new ArrayList<>();
            for (int step = 0; step < 8; step++) {
                int len = new int[] {0, 24, 25, 30, 32, r.nextInt(33)}[r.nextInt(6)];
                int net = (10 << 24 | r.nextInt(1 << 4) << 6) & Ip4.mask(len);
                int[] same = live.stream().filter(p -> p[0] == net && p[1] == len).findFirst().orElse(null);
                int op = r.nextInt(4);
                if (op == 0 && !live.isEmpty()) {
                    int[] p = live.remove(r.nextInt(live.size()));
                    assertThat(m.remove(p[0], p[1])).isEqualTo(p[2]);
                } else if (op == 1 && same != null) {
                    assertThat(m.put(net, len, step + 100)).isEqualTo(same[2]);
                    same[2] = step + 100;
                } else if (op == 2) {
                    assertThat(m.remove(net, len)).isEqualTo(same == null ? -1 : same[2]);
                    live.remove(same);
                } else if (same == null) {
                    assertThat(m.put(net, len, step)).isEqualTo(-1);
                    live.add(new int[] {net, len, step});
                }
                long lengths = 0;
                for (int[] p : live) {
                    lengths |= 1L << p[1];
                    assertThat(m.get(p[0], p[1])).isEqualTo(p[2]);
                }
                assertThat(m.lengths()).isEqualTo(lengths);
                assertThat(m.size()).isEqualTo(live.size());
                for (int k = 0; k < 4; k++) {
                    int addr = 10 << 24 | r.nextInt(1 << 10);
                    assertThat(m.lookup(addr)).isEqualTo(naive(live, addr));
                    assertThat(m.get(addr, len)).isEqualTo(live.stream().filter(p -> p[1] == len && p[0] == (addr & Ip4.mask(len)))
                            .mapToInt(p -> p[2]).findFirst().orElse(-1));
                }
            }
        }
    }

    @Test
    void removingTheLastPrefixOfALengthForgetsTheLength() {
        PrefixMap m = new PrefixMap();
        m.put(Ip4.parse("10.0.0.0"), 8, 1);
        m.put(Ip4.parse("10.1.0.0"), 16, 2);
        m.put(Ip4.parse("10.1.2.0"), 24, 3);
        assertThat(m.lookup(Ip4.parse("10.1.2.3"))).isEqualTo(3);
        assertThat(m.remove(Ip4.parse("10.1.0.0"), 16)).isEqualTo(2);
        assertThat(m.lengths()).isEqualTo(1L << 8 | 1L << 24);
        assertThat(m.lookup(Ip4.parse("10.1.3.3"))).isEqualTo(1);
        assertThat(m.lookup(Ip4.parse("10.1.2.3"))).isEqualTo(3);
        assertThat(m.lookup(Ip4.parse("11.0.0.1"))).isEqualTo(-1);
    }

    @Test
    void aMapOfOneOrTwoPrefixesAnswersAsATableDoes() {
        PrefixMap m = new PrefixMap();
        int net = 10 << 24 | 4;
        assertThat(m.lookup(net)).isEqualTo(-1);
        assertThat(m.put(net | 1, 30, 7)).isEqualTo(-1); // masked to 10.0.0.4/30
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.lengths()).isEqualTo(1L << 30);
        assertThat(m.get(net, 30)).isEqualTo(7);
        assertThat(m.get(net, 29)).isEqualTo(-1);
        assertThat(m.lookup(net | 3)).isEqualTo(7);
        assertThat(m.lookup(net + 4)).isEqualTo(-1);
        assertThat(m.put(net, 30, 8)).isEqualTo(7);
        assertThat(m.remove(net, 29)).isEqualTo(-1);
        assertThat(m.put(0, 0, 1)).isEqualTo(-1); // a second prefix of another length: still in fields
        assertThat(m.size()).isEqualTo(2);
        assertThat(m.lookup(net | 2)).isEqualTo(8);
        assertThat(m.lookup(net + 4)).isEqualTo(1);
        assertThat(m.remove(net, 30)).isEqualTo(8);
        assertThat(m.remove(0, 0)).isEqualTo(1);
        assertThat(m.size()).isZero();
        assertThat(m.lengths()).isZero();
        assertThat(m.lookup(net)).isEqualTo(-1);
        assertThat(m.put(net, 32, 5)).isEqualTo(-1); // empty again: one prefix in fields
        assertThat(m.lookup(net)).isEqualTo(5);
        assertThat(m.remove(net, 32)).isEqualTo(5);
        assertThat(m.size()).isZero();
        assertThat(m.get(net, 32)).isEqualTo(-1);
    }
}
