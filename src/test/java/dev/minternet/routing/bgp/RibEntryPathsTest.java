package dev.minternet.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.bgp.BgpMessage.Attrs;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.routing.bgp.BgpSpeaker.Path;
import dev.minternet.routing.bgp.RibEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A Loc-RIB entry's paths, one held itself in its row and more in an array, answer as the list they replaced. */
class RibEntryPathsTest {
    @Test
    void given_paths_added_and_removed_in_any_order_then_the_entry_lists_them_as_a_list_would() {
        AttrTable table = new AttrTable();
        SplittableRandom r = new SplittableRandom(5);
        Path[] pool = new Path[6];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new Path(table, new Attrs(0, new int[] {i}, 0, -1, -1, Attrs.NONE), null, null, 0);
        }
        RibEntry e = new LocRib(table).add(new Prefix(0x0A000000, 24));
        List<Path> want = new ArrayList<>();
        for (int step = 0; step < 50_000; step++) {
            int op = r.nextInt(7);
            if (op < 3 && want.size() < 6) {
                Path p = pool[r.nextInt(pool.length)];
                e.addFirst(p);
                want.add(0, p);
            } else if (op < 5) {
                Path p = pool[r.nextInt(pool.length)];
                int n = (int) want.stream().filter(x -> x == p).count(); // a path may be there twice
                assertThat(e.removeIf(x -> x == p)).isEqualTo(n);
                want.removeIf(x -> x == p);
            } else if (op == 5) {
                int seq = r.nextInt(pool.length);
                int n = (int) want.stream().filter(x -> x.asPath[0] >= seq).count();
                assertThat(e.removeIf(x -> x.asPath[0] >= seq)).isEqualTo(n);
                want.removeIf(x -> x.asPath[0] >= seq);
            } else if (!want.isEmpty()) {
                Path p = want.get(want.size() - 1); // the oldest, and any newer copies of it
                int n = (int) want.stream().filter(x -> x == p).count();
                assertThat(e.removeIf(x -> x == p)).isEqualTo(n);
                want.removeIf(x -> x == p);
            }
            assertThat(e.size()).isEqualTo(want.size());
            assertThat(e.isEmpty()).isEqualTo(want.isEmpty());
            assertThat(e.paths()).containsExactlyElementsOf(want);
            for (int i = 0; i < want.size(); i++) {
                assertThat(e.path(i)).isSameAs(want.get(i));
            }
        }
    }

    @Test
    void the_path_of_a_session_is_removed_from_one_or_from_many() {
        AttrTable table = new AttrTable();
        Attrs a = new Attrs(0, new int[] {65001}, 0, -1, -1, Attrs.NONE);
        RibEntry e = new LocRib(table).add(new Prefix(0x0A000000, 24));
        Path local = new Path(table, a, null, null, 0);
        assertThat(e.removeFrom(null)).as("no path yet").isFalse();
        e.addFirst(local);
        assertThat(e.removeFrom(null)).as("the one path, of no session: local").isTrue();
        assertThat(e.paths()).isEmpty();
        Path p1 = new Path(table, a, null, null, 0);
        Path p2 = new Path(table, a, null, null, 0);
        e.addFirst(p1);
        e.addFirst(p2);
        assertThat(e.removeFrom(null)).isTrue();
        assertThat(e.paths()).containsExactly(p1);
        assertThat(e.removeFrom(null)).isTrue();
        assertThat(e.paths()).isEmpty();
    }
}
