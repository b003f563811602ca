package dev.minternet.services.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.services.app.WorkerPool.JobRecord;
import dev.minternet.services.app.WorkerPool.Sample;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker pool as a queueing model: exact completion times, waits, queue length, rejection. */
class WorkerPoolTest {
    static final long MS = 1_000_000L;

    final Simulator sim = new Simulator(7);
    final Trace trace = new Trace(sim);
    final List<TraceEvent> events = new ArrayList<>();

    @Test
    void test_four_workers_ten_simultaneous_jobs_of_10ms() {
        WorkerPool pool = new WorkerPool(sim, null, "app1", "workers", 4, -1);
        List<Long> done = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            assertThat(pool.submit(10 * MS, () -> done.add(sim.now()))).isTrue();
        }
        assertThat(pool.busyWorkers()).isEqualTo(4);
        assertThat(pool.queueLength()).isEqualTo(6);
        sim.run();
        assertThat(done).containsExactly(10 * MS, 10 * MS, 10 * MS, 10 * MS, 20 * MS, 20 * MS, 20 * MS, 20 * MS, 30 * MS, 30 * MS);
        assertThat(pool.completed()).isEqualTo(10);
        // waits: 4 x 0, 4 x 10, 2 x 20 ms
        assertThat(pool.totalQueueWaitNs()).isEqualTo(80 * MS);
        assertThat(pool.maxQueueWaitNs()).isEqualTo(20 * MS);
        assertThat(pool.meanQueueWaitNs()).isEqualTo(8.0 * MS);
        assertThat(pool.totalServiceNs()).isEqualTo(100 * MS);
        assertThat(pool.maxQueueLength()).isEqualTo(6);
        assertThat(pool.queueLengthSeries()).containsExactly(new Sample(0, 6), new Sample(10 * MS, 2), new Sample(20 * MS, 0));
        // 6 for 10 ms, 2 for 10 ms, 0 for 10 ms: average 8/3 over 30 ms
        assertThat(pool.averageQueueLength()).isCloseTo(80.0 / 30, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void test_job_records_carry_wait_and_service() {
        WorkerPool pool = new WorkerPool(sim, null, "app1", "workers", 1, -1);
        List<JobRecord> records = new ArrayList<>();
        pool.setListener(records::add);
        pool.submit(3 * MS, () -> { });
        sim.runUntil(MS);
        pool.submit(2 * MS, () -> { });
        sim.run();
        assertThat(records).containsExactly(new JobRecord(0, 0, 0, 3 * MS), new JobRecord(1, MS, 3 * MS, 5 * MS));
        assertThat(records.get(1).waitNs()).isEqualTo(2 * MS);
        assertThat(records.get(1).latencyNs()).isEqualTo(4 * MS);
    }

    @Test
    void test_async_work_holds_the_worker() {
        WorkerPool pool = new WorkerPool(sim, null, "app1", "workers", 1, -1);
        List<Long> done = new ArrayList<>();
        // each job: 1 ms CPU, then waits 4 ms for a "database" answer, then 1 ms CPU
        for (int i = 0; i < 3; i++) {
            pool.submit(w -> w.compute(MS, () -> sim.schedule(4 * MS, () -> w.compute(MS, () -> {
                w.finish();
                done.add(sim.now());
            }))));
        }
        sim.run();
        assertThat(done).containsExactly(6 * MS, 12 * MS, 18 * MS);
    }

    @Test
    void test_bounded_queue_rejects_when_full() {
        WorkerPool pool = new WorkerPool(sim, trace, "app1", "workers", 2, 3);
        trace.subscribe(events::add);
        int accepted = 0;
        for (int i = 0; i < 8; i++) {
            if (pool.submit(5 * MS, () -> { })) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(5);
        assertThat(pool.rejected()).isEqualTo(3);
        sim.run();
        assertThat(pool.completed()).isEqualTo(5);
        assertThat(events.stream().filter(e -> e.is(AppEvents.REJECT)).count()).isEqualTo(3);
        assertThat(events.stream().filter(e -> e.is(AppEvents.ENQUEUE)).map(e -> e.num(AppEvents.QUEUE)))
                .containsExactly(1L, 2L, 3L);
        assertThat(events.stream().filter(e -> e.is(AppEvents.START)).map(e -> e.num(AppEvents.WAIT_NS)))
                .containsExactly(0L, 0L, 5 * MS, 5 * MS, 10 * MS);
        assertThat(events.stream().filter(e -> e.is(AppEvents.FINISH)).map(e -> e.num(AppEvents.SERVICE_NS)).distinct())
                .containsExactly(5 * MS);
    }

    @Test
    void test_zero_capacity_queue_admits_only_free_workers() {
        WorkerPool pool = new WorkerPool(sim, null, "app1", "workers", 1, 0);
        assertThat(pool.submit(MS, () -> { })).isTrue();
        assertThat(pool.submit(MS, () -> { })).isFalse();
        sim.run();
        assertThat(pool.submit(MS, () -> { })).isTrue();
    }

    @Test
    void test_misuse_is_reported() {
        assertThatThrownBy(() -> new WorkerPool(sim, null, "n", "p", 0, -1)).isInstanceOf(IllegalArgumentException.class);
        WorkerPool pool = new WorkerPool(sim, null, "n", "p", 1, -1);
        WorkerPool.Worker[] held = new WorkerPool.Worker[1];
        pool.submit(w -> {
            held[0] = w;
            w.finish();
        });
        assertThatThrownBy(held[0]::finish).isInstanceOf(IllegalStateException.class);
    }
}
