package dev.minternet.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 6675 bookkeeping: SACK blocks, IsLost, SetPipe, the hole walk of NextSeg. */
class SackScoreboardTest {
    static final int MSS = 1000;
    static final int UNA = 0xfffff000; // crosses the wrap
    final SackScoreboard sb = new SackScoreboard();

    static int s(int segment) {
        return UNA + segment * MSS;
    }

    @Test
    void blocks_merge_and_stay_sorted() {
        sb.update(UNA, s(10), new int[] {s(5), s(6)});
        sb.update(UNA, s(10), new int[] {s(2), s(3), s(7), s(8)});
        sb.update(UNA, s(10), new int[] {s(3), s(5)});
        assertThat(sb.count()).isEqualTo(2);
        assertThat(sb.start(0)).isEqualTo(s(2));
        assertThat(sb.end(0)).isEqualTo(s(6));
        assertThat(sb.start(1)).isEqualTo(s(7));
        assertThat(sb.sackedBytes()).isEqualTo(5 * MSS);
        assertThat(sb.highestSacked(UNA)).isEqualTo(s(8));
    }

    @Test
    void dsack_stale_and_bogus_blocks_are_ignored() {
        assertThat(sb.update(UNA, s(10), new int[] {s(-2), s(-1)})).isFalse(); // below SND.UNA (D-SACK)
        assertThat(sb.update(UNA, s(10), new int[] {s(9), s(12)})).isFalse(); // beyond what was sent
        assertThat(sb.update(UNA, s(10), new int[] {s(4), s(4)})).isFalse(); // empty
        assertThat(sb.isEmpty()).isTrue();
        assertThat(sb.update(UNA, s(10), new int[] {s(4), s(5)})).isTrue();
        assertThat(sb.update(UNA, s(10), new int[] {s(4), s(5)})).as("nothing new").isFalse();
    }

    @Test
    void prune_drops_what_the_cumulative_ack_covers() {
        sb.update(UNA, s(10), new int[] {s(2), s(4), s(6), s(7)});
        sb.prune(s(3));
        assertThat(sb.start(0)).isEqualTo(s(3));
        sb.prune(s(5));
        assertThat(sb.count()).isEqualTo(1);
        assertThat(sb.start(0)).isEqualTo(s(6));
    }

    @Test
    void is_lost_needs_more_than_dupthresh_minus_one_segments_sacked_above() {
        sb.update(UNA, s(10), new int[] {s(1), s(3)});
        assertThat(sb.lossBoundary(UNA, MSS, 3)).as("2 SMSS above: not yet").isEqualTo(UNA);
        sb.update(UNA, s(10), new int[] {s(3), s(4)});
        assertThat(sb.lossBoundary(UNA, MSS, 3)).as("3 SMSS above segment 0").isEqualTo(s(1));
        sb.update(UNA, s(10), new int[] {s(6), s(9)});
        assertThat(sb.lossBoundary(UNA, MSS, 3)).as("holes below segment 6 have 3 SMSS above").isEqualTo(s(6));
    }

    @Test
    void is_lost_also_counts_dupthresh_discontiguous_blocks() {
        sb.update(UNA, s(20), new int[] {s(2), s(2) + 10, s(4), s(4) + 10, s(6), s(6) + 10});
        assertThat(sb.lossBoundary(UNA, MSS, 3)).isEqualTo(s(2));
    }

    @Test
    void pipe_counts_unsacked_not_lost_plus_retransmitted() {
        // Sent 0..10; SACKed 3..5 and 7..8; segments below 3 are lost; 0 was retransmitted.
        sb.update(UNA, s(10), new int[] {s(3), s(5), s(7), s(8)});
        int lost = s(3);
        assertThat(sb.pipe(UNA, s(10), lost, UNA)).as("5,6,8,9 in flight").isEqualTo(4 * MSS);
        assertThat(sb.pipe(UNA, s(10), lost, s(1))).as("plus the retransmission of 0").isEqualTo(5 * MSS);
        assertThat(sb.pipe(UNA, s(10), UNA, UNA)).as("nothing lost: every unSACKed byte").isEqualTo(7 * MSS);
    }

    @Test
    void holes_are_walked_around_sacked_blocks() {
        sb.update(UNA, s(10), new int[] {s(0), s(2), s(3), s(5)});
        assertThat(sb.holeAt(UNA)).isEqualTo(s(2));
        assertThat(sb.holeEnd(s(2), s(10))).isEqualTo(s(3));
        assertThat(sb.holeAt(s(3))).isEqualTo(s(5));
        assertThat(sb.holeEnd(s(5), s(10))).isEqualTo(s(10));
    }
}
