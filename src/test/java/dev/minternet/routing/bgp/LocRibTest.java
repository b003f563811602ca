package dev.minternet.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.routing.bgp.RibEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The Loc-RIB's rows by prefix number answer, and iterate, as the sorted map they replaced. */
class LocRibTest {
    @Test
    void given_entries_added_and_removed_in_any_order_then_it_holds_and_orders_them_as_a_sorted_map() {
        SplittableRandom r = new SplittableRandom(11);
        LocRib rib = new LocRib(new AttrTable());
        TreeMap<Prefix, RibEntry> want = new TreeMap<>();
        for (int step = 0; step < 100_000; step++) {
            // few distinct prefixes (/24s of one /14, a few /16s, the default), so the table fills, empties and collides
            int kind = r.nextInt(16);
            Prefix p = kind == 0 ? new Prefix(0, 0) : kind < 3 ? new Prefix(r.nextInt(64) << 16, 16)
                    : new Prefix(0x0A000000 | r.nextInt(1024) << 8, 24);
            int op = r.nextInt(10);
            if (op < 3) {
                rib.remove(p);
                want.remove(p);
            } else if (op < 8) {
                if (rib.get(p) == null) {
                    want.put(p, rib.add(p));
                }
            } else if (op == 8) {
                int len = p.length();
                rib.removeIf(e -> e.prefix.length() == len && (e.prefix.network() >>> 8 & 1) == 0);
                want.values().removeIf(e -> e.prefix.length() == len && (e.prefix.network() >>> 8 & 1) == 0);
            } else {
                assertThat(rib.inOrder()).containsExactlyElementsOf(new ArrayList<>(want.values()));
            }
            assertThat(rib.get(p)).isEqualTo(want.get(p));
            assertThat(rib.size()).isEqualTo(want.size());
        }
        assertThat(rib.inOrder()).containsExactlyElementsOf(new ArrayList<>(want.values()));
        for (Prefix p : new ArrayList<>(want.keySet())) {
            rib.remove(p);
        }
        assertThat(rib.size()).isZero();
        assertThat(rib.inOrder()).isEmpty();
    }

    @Test
    void a_list_in_order_stays_as_it_was_when_entries_come_and_go_later() {
        LocRib rib = new LocRib(new AttrTable());
        RibEntry b = rib.add(new Prefix(0x0A000200, 24));
        RibEntry a = rib.add(new Prefix(0x0A000100, 24));
        List<RibEntry> before = rib.inOrder();
        rib.remove(a.prefix);
        rib.add(new Prefix(0x0A000000, 24));
        assertThat(before).extracting(RibEntry::prefix).containsExactly(a.prefix, b.prefix);
        assertThat(rib.inOrder()).extracting(RibEntry::prefix)
                .containsExactly(new Prefix(0x0A000000, 24), new Prefix(0x0A000200, 24));
    }

    @Test
    void an_entry_removed_and_added_again_starts_afresh() {
        LocRib rib = new LocRib(new AttrTable());
        Prefix p = new Prefix(0x0A000100, 24);
        RibEntry e = rib.add(p);
        e.version(7);
        e.reason("AS Path");
        e.installedSinceNs(5);
        e.addFirst(new BgpSpeaker.Path(new AttrTable(), new BgpMessage.Attrs(0, new int[] {1}, 0, -1, -1, BgpMessage.Attrs.NONE),
                null, null, 0));
        rib.remove(p);
        assertThat(rib.get(p)).isNull();
        RibEntry again = rib.add(p);
        assertThat(again.version()).isZero();
        assertThat(again.reason()).isEmpty();
        assertThat(again.installedSinceNs()).isZero();
        assertThat(again.paths()).isEmpty();
        assertThat(again.best()).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rib.add(p)).isInstanceOf(IllegalStateException.class);
    }
}
