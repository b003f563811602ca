package dev.minternet.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.bgp.BgpMessage.Attrs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The world's interned AS paths and attribute sets: one instance per value, none kept once unused. */
class InternerTest {
    @Test
    void equal_values_get_the_first_instance_and_different_values_their_own() {
        Interner<int[]> t = new Interner<>(Arrays::hashCode, Arrays::equals);
        SplittableRandom r = new SplittableRandom(12);
        Map<List<Integer>, int[]> model = new HashMap<>();
        List<int[]> keep = new ArrayList<>(); // held, so none is collected during the test
        for (int i = 0; i < 20_000; i++) {
            int[] v = new int[r.nextInt(4)];
            for (int k = 0; k < v.length; k++) {
                v[k] = r.nextInt(8); // few distinct values: most are repeats, with colliding hashes among them
            }
            int[] got = t.intern(v);
            keep.add(got);
            int[] first = model.computeIfAbsent(Arrays.stream(v).boxed().toList(), k -> v);
            assertThat(got).isSameAs(first).isEqualTo(v);
        }
        assertThat(t.size()).isEqualTo(model.size());
    }

    @Test
    void a_value_no_one_holds_drops_out() throws InterruptedException {
        Interner<int[]> t = new Interner<>(Arrays::hashCode, Arrays::equals);
        int[] kept = t.intern(new int[] {1, 2, 3});
        for (int i = 0; i < 1000; i++) {
            t.intern(new int[] {1000 + i, i});
        }
        for (int tries = 0; tries < 50 && t.size() > 1; tries++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(t.size()).isEqualTo(1);
        assertThat(t.intern(new int[] {1, 2, 3})).isSameAs(kept);
        assertThat(t.intern(new int[] {1000, 0})).as("interned anew").containsExactly(1000, 0);
        assertThat(t.size()).isEqualTo(2);
    }

    @Test
    void the_recent_slots_give_the_instances_the_table_holds() {
        Interner<int[]> plain = new Interner<>(Arrays::hashCode, Arrays::equals);
        Interner<int[]> quick = new Interner<>(Arrays::hashCode, Arrays::equals, 8); // few slots: many collide
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        java.util.Map<java.util.List<Integer>, int[]> first = new java.util.HashMap<>();
        java.util.List<int[]> held = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            int[] v = {r.nextInt(40), r.nextInt(3)};
            int[] got = quick.intern(v.clone());
            held.add(got);
            plain.intern(v.clone());
            int[] want = first.computeIfAbsent(java.util.List.of(v[0], v[1]), k -> got);
            assertThat(got).isSameAs(want).isEqualTo(v);
        }
        assertThat(quick.size()).isEqualTo(plain.size()).isEqualTo(first.size());
    }

    @Test
    void a_path_holds_shared_parts_and_gives_back_its_whole_attributes() {
        AttrTable table = new AttrTable();
        Attrs a = new Attrs(BgpMessage.ORIGIN_IGP, new int[] {65002, 65003}, 0x0A000001, -1, 100, new int[] {7});
        Attrs b = new Attrs(BgpMessage.ORIGIN_IGP, new int[] {65002, 65003}, 0x0A000001, -1, 100, new int[] {7});
        BgpSpeaker.Path p = new BgpSpeaker.Path(table, a, null, null, 0);
        BgpSpeaker.Path q = new BgpSpeaker.Path(table, b, null, BgpConfig.Relationship.PEER, 0);
        assertThat(q.asPath).isSameAs(p.asPath);
        assertThat(q.base).isSameAs(p.base);
        assertThat(p.attrs()).isEqualTo(a);
        assertThat(p.pathString()).isEqualTo("65002 65003");
        assertThat(p.rel()).isNull();
        assertThat(q.rel()).isEqualTo(BgpConfig.Relationship.PEER);
        assertThat(q.valid()).as("not resolved yet").isFalse();
        assertThat(q.iface()).isNull();
        assertThat(table.sizes()).containsExactly(1, 1);
    }
}
