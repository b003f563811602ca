package dev.minternet.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.routing.bgp.RibEntry;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A Loc-RIB entry (its row) keeps its version and its deciding step's name in one int: each set alone, read back as set. */
class RibEntryStampTest {
    private static final List<String> STEPS = List.of("", "First path received", "Weight", "Local Pref", "Local Route",
            "AS Path", "Origin", "MED", "Peer Type", "IGP Metric", "Router ID", "Cluster length", "Peer IP");

    @Test
    void given_versions_and_reasons_set_in_any_order_then_each_reads_back_as_last_set() {
        RibEntry e = new LocRib(new AttrTable()).add(new Prefix(0x0A000000, 24));
        assertThat(e.version()).isZero();
        assertThat(e.reason()).isEmpty();
        SplittableRandom r = new SplittableRandom(9);
        long version = 0;
        String reason = "";
        for (int i = 0; i < 10_000; i++) {
            if (r.nextBoolean()) {
                version = r.nextInt(4) == 0 ? (1L << 28) - 1 - r.nextInt(3) : r.nextLong(1L << 28);
                e.version(version);
            } else {
                reason = new String(STEPS.get(r.nextInt(STEPS.size()))); // equal, not the same instance
                e.reason(reason);
            }
            assertThat(e.version()).isEqualTo(version);
            assertThat(e.reason()).isEqualTo(reason);
        }
    }

    @Test
    void a_version_past_2_to_the_28th_stays_at_the_largest_kept() {
        RibEntry e = new LocRib(new AttrTable()).add(new Prefix(0x0A000000, 24));
        e.reason("Peer IP");
        e.version(1L << 40);
        assertThat(e.version()).isEqualTo((1L << 28) - 1);
        assertThat(e.reason()).isEqualTo("Peer IP");
    }
}
