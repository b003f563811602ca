package dev.minternet.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.bgp.BgpMessage.Attrs;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.routing.bgp.BgpSpeaker.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A Loc-RIB entry's chosen paths, held as the index of a lone best path (which follows it as paths
 * come and go) or aside, answer as the object they replaced: the same best path, also after it
 * left the entry's paths, and the same multipath list.
 */
class RibEntryChosenTest {
    @Test
    void given_paths_added_removed_and_chosen_in_any_order_then_the_choice_reads_back_as_made() {
        AttrTable table = new AttrTable();
        SplittableRandom r = new SplittableRandom(17);
        Path[] pool = new Path[8];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new Path(table, new Attrs(0, new int[] {i}, 0, -1, -1, Attrs.NONE), null, null, 0);
        }
        LocRib rib = new LocRib(table);
        Prefix prefix = new Prefix(0x0A000000, 24);
        RibEntry e = rib.add(prefix);
        List<Path> paths = new ArrayList<>();
        Object chosen = null; // null, a Path, or a List<Path>
        for (int step = 0; step < 100_000; step++) {
            int op = r.nextInt(10);
            if (op < 3 && paths.size() < 6) {
                Path p = pool[r.nextInt(pool.length)];
                e.addFirst(p);
                paths.add(0, p);
            } else if (op < 5) {
                Path p = pool[r.nextInt(pool.length)];
                e.removeIf(x -> x == p);
                paths.removeIf(x -> x == p);
            } else if (op == 5) {
                e.removeFrom(null); // every pool path is of no session: the first goes
                if (!paths.isEmpty()) {
                    paths.remove(0);
                }
            } else if (op < 9) {
                int how = r.nextInt(4);
                List<Path> mp = paths.isEmpty() || how == 0 ? List.of()
                        : how == 1 && paths.size() >= 2 ? List.of(paths.get(1), paths.get(0))
                        : List.of(paths.get(r.nextInt(paths.size())));
                e.choose(mp);
                chosen = mp.isEmpty() ? null : mp.size() == 1 ? mp.get(0) : mp;
            } else if (r.nextInt(20) == 0) {
                rib.remove(prefix);
                e = rib.add(prefix);
                paths.clear();
                chosen = null;
            }
            assertThat(e.paths()).containsExactlyElementsOf(paths);
            Path best = chosen == null ? null : chosen instanceof Path p ? p : ((List<?>) chosen).get(0) instanceof Path p ? p : null;
            assertThat(e.best()).isSameAs(best);
            if (chosen instanceof List<?> l) {
                assertThat(e.multipaths()).isSameAs(l);
                for (Path p : pool) {
                    assertThat(e.multipath(p)).isEqualTo(l.contains(p));
                }
            } else {
                assertThat(e.multipaths()).containsExactlyElementsOf(best == null ? List.of() : List.of(best));
                assertThat(e.multipath(pool[0])).isFalse();
            }
        }
    }

    @Test
    void a_best_path_past_the_126th_is_held_aside_and_found_again() {
        AttrTable table = new AttrTable();
        RibEntry e = new LocRib(table).add(new Prefix(0x0A000000, 24));
        List<Path> all = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            Path p = new Path(table, new Attrs(0, new int[] {i}, 0, -1, -1, Attrs.NONE), null, null, 0);
            e.addFirst(p);
            all.add(0, p);
        }
        Path oldest = all.get(129);
        e.choose(List.of(oldest));
        assertThat(e.best()).isSameAs(oldest);
        Path newest = all.get(0);
        e.choose(List.of(newest));
        for (int i = 0; i < 5; i++) { // pushed from index 0 to 5
            e.addFirst(new Path(table, new Attrs(0, new int[] {1000 + i}, 0, -1, -1, Attrs.NONE), null, null, 0));
        }
        assertThat(e.best()).isSameAs(newest);
        e.removeIf(p -> p == newest);
        assertThat(e.best()).as("the best path after it left the entry").isSameAs(newest);
        assertThat(e.paths()).doesNotContain(newest);
    }
}
