package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A smoke run of {@code minternet bench live-pacing} (2 s instead of 60): it runs the default
 * world live with its visits and prints its figures. The figures themselves are wall-clock
 * measurements, so no bound on them is asserted (docs/design.md's measured principle: speed lives
 * in benchmarks, not in tests).
 */
class BenchLivePacingTest {
    @Test
    void a_short_run_prints_the_lag_figures() {
        CliTest.Outcome o = CliTest.exec("bench", "live-pacing", "--seconds", "2", "--jit-warmup", "2");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).matches("(?s)live pacing: default world at 1x for 2 s after 1 warm-up visits, 2 visits \\(\\d completed\\), [1-9]\\d* events in [1-9]\\d* batches\n"
                + "jit warm-up: 2 visits in a throwaway world, \\d+\\.\\d s\n"
                + "event lag: p50 -?\\d+\\.\\d{3} ms, p99 -?\\d+\\.\\d{3} ms, max -?\\d+\\.\\d{3} ms\n"
                + "batch lag: p50 \\d+\\.\\d{3} ms, p99 \\d+\\.\\d{3} ms, max \\d+\\.\\d{3} ms\n"
                + "  woke late: p50 -?\\d+\\.\\d{3} ms, p99 -?\\d+\\.\\d{3} ms, max -?\\d+\\.\\d{3} ms\n"
                + "  work: p50 \\d+\\.\\d{3} ms, p99 \\d+\\.\\d{3} ms, max \\d+\\.\\d{3} ms\n"
                + "  work on a core: p50 \\d+\\.\\d{3} ms, p99 \\d+\\.\\d{3} ms, max \\d+\\.\\d{3} ms\n"
                + "event cpu: p50 \\d+\\.\\d{3} ms, p99 \\d+\\.\\d{3} ms, max \\d+\\.\\d{3} ms\n"
                + "  over 1 ms: \\d+ events, \\d+\\.\\d ms in all \\(\\d+\\.\\d{2} events and \\d+\\.\\d{2} ms a visit\\)\n"
                + "posted work: \\d+ runs \\(a visit's start, a client's bytes\\)\n"
                + "  wall: p50 \\d+\\.\\d{3} ms, p99 \\d+\\.\\d{3} ms, max \\d+\\.\\d{3} ms\n"
                + "  on a core: p50 \\d+\\.\\d{3} ms, p99 \\d+\\.\\d{3} ms, max \\d+\\.\\d{3} ms\n"
                + "simulation thread: [1-9]\\d*\\.\\d ms on a core in all, \\d+\\.\\d{2} ms a visit; scheduling policy (normal|fifo 1)\n"
                + "gc: \\d+ collections, \\d+ ms in all; load average -?\\d+\\.\\d{2} on \\d+ cores\n");
    }
}
