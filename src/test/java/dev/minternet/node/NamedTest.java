package dev.minternet.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The name table of a world's nodes and links: every name found, every other one not, in the order added. */
class NamedTest {
    record Thing(String name) {
    }

    @Test
    void finds_each_name_across_growth_and_equal_hashes_and_nothing_else() {
        Named<Thing> t = new Named<>(Thing::name);
        for (int i = 0; i < 20_000; i++) {
            t.add(new Thing("h" + i + "--e" + i / 100));
        }
        // "Aa" and "BB" have the same String hash, so the same slot to start from and the same 8 bits kept
        // in the slot: only the names tell them apart
        t.add(new Thing("Aa"));
        t.add(new Thing("BB"));
        assertThat(t.size()).isEqualTo(20_002);
        for (int i = 0; i < 20_000; i++) {
            String n = "h" + i + "--e" + i / 100;
            assertThat(t.get(n)).as(n).isNotNull().extracting(Thing::name).isEqualTo(n);
            assertThat(t.contains("h" + i + "--e" + (i / 100 + 1))).isFalse();
        }
        assertThat(t.get("Aa").name()).isEqualTo("Aa");
        assertThat(t.get("BB").name()).isEqualTo("BB");
        assertThat(t.get("C#")).isNull(); // the same hash again, no such name
        assertThat(t.values().get(0).name()).isEqualTo("h0--e0");
        assertThat(t.values().get(20_001).name()).isEqualTo("BB");
    }

    @Test
    void room_made_ahead_keeps_what_is_there_and_takes_more_than_it_was_told() {
        Named<Thing> t = new Named<>(Thing::name);
        for (int i = 0; i < 100; i++) {
            t.add(new Thing("n" + i));
        }
        t.reserve(5_000);
        t.reserve(10); // smaller than what it holds: nothing lost
        for (int i = 100; i < 6_000; i++) { // past the room made: it grows as before
            t.add(new Thing("n" + i));
        }
        assertThat(t.size()).isEqualTo(6_000);
        for (int i = 0; i < 6_000; i++) {
            assertThat(t.get("n" + i)).as("n" + i).isNotNull().extracting(Thing::name).isEqualTo("n" + i);
            assertThat(t.values().get(i).name()).isEqualTo("n" + i);
        }
        assertThat(t.get("n6000")).isNull();
    }
}
