package dev.minternet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * bench cdn's counting on a crowd small enough to check by hand: three laptops whose visits start
 * seconds apart (window 10 s) and all ask for object 1 of a one-object catalogue.
 */
class CdnBenchTest {
    @Test
    void with_the_cdn_the_origin_sees_each_static_object_once_and_without_it_every_request() {
        CdnBench.Run with = CdnBench.run(true, 3, 1, 0.8, 10_000_000_000L, 1, 1);
        assertThat(with.loaded()).isEqualTo(3);
        assertThat(with.failed()).isZero();
        // 3 clients x (4 page assets + 1 object) = 15 static requests at edge-ixp; the first client's 5 MISSes reach the
        // origin through the shield, the others are HITs: offload 1 - 5/15
        assertThat(with.staticRequests()).isEqualTo(15);
        assertThat(with.originStatic()).isEqualTo(5);
        assertThat(with.offload()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        CdnBench.Run without = CdnBench.run(false, 3, 1, 0.8, 10_000_000_000L, 1, 1);
        assertThat(without.loaded()).isEqualTo(3);
        assertThat(without.originStatic()).isEqualTo(15);
        assertThat(without.offload()).isZero();
        // without the CDN the static requests go on the page's HTTP/2 connection to the load balancer (same address, its
        // certificate names static.example.com: Chromium coalesces), with it each client opens a TCP and TLS connection to
        // edge-ixp after a CNAME chase: here that costs more than the edge's shorter round trip saves (371.1 ms against
        // 395.7 ms; before the browser coalesced, the CDN's median was the shorter)
        assertThat(without.p50Ms()).isLessThan(with.p50Ms());
    }

    @Test
    void on_two_threads_at_once_each_world_gives_the_figures_it_gives_alone() {
        List<CdnBench.Run> alone = CdnBench.both(4, 3, 0.8, 2_000_000_000L, 7, 1, false);
        assertSameFigures(CdnBench.both(4, 3, 0.8, 2_000_000_000L, 7, 2, false), alone);
    }

    /**
     * {@code --in-turn}: one world after the other, each split over the threads (the default world on
     * one, groups of laptops on the others): the same figures as on one thread, with laptops on
     * three and four threads (a laptop's load time is a reading of its own lane's clock).
     */
    @Test
    void in_turn_on_several_threads_each_world_gives_the_figures_of_one_thread() {
        List<CdnBench.Run> alone = CdnBench.both(12, 5, 0.8, 2_000_000_000L, 3, 1, false);
        assertSameFigures(CdnBench.both(12, 5, 0.8, 2_000_000_000L, 3, 3, true), alone);
        assertSameFigures(CdnBench.both(12, 5, 0.8, 2_000_000_000L, 3, 4, false), alone);
    }

    private static void assertSameFigures(List<CdnBench.Run> runs, List<CdnBench.Run> alone) {
        assertThat(runs).hasSize(2);
        for (int i = 0; i < 2; i++) {
            CdnBench.Run a = alone.get(i);
            CdnBench.Run t = runs.get(i);
            assertThat(t.cdn()).isEqualTo(i == 0);
            assertThat(t.loaded()).isEqualTo(a.loaded()).isPositive();
            assertThat(t.failed()).isZero();
            assertThat(List.of(t.cdn(), t.loaded(), t.failed(), t.p50Ms(), t.p99Ms(), t.staticRequests(), t.originStatic(),
                    t.events(), t.simulatedSeconds()))
                    .isEqualTo(List.of(a.cdn(), a.loaded(), a.failed(), a.p50Ms(), a.p99Ms(), a.staticRequests(),
                            a.originStatic(), a.events(), a.simulatedSeconds()));
        }
    }

    @Test
    void the_zipf_sampler_inverts_the_cdf() {
        double[] cdf = CdnBench.zipfCdf(3, 1);
        // weights 1, 1/2, 1/3 over 11/6: 6/11, 9/11, 1
        assertThat(cdf[0]).isCloseTo(6.0 / 11, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(cdf[1]).isCloseTo(9.0 / 11, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(CdnBench.pick(cdf, 0.5)).isZero();
        assertThat(CdnBench.pick(cdf, 0.6)).isEqualTo(1);
        assertThat(CdnBench.pick(cdf, 0.9)).isEqualTo(2);
    }
}
