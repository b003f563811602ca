package dev.minternet.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The paced clock: it moves with the wall clock, stands still when paused, steps one instant, resumes. */
class LiveClockTest {
    static void within(long ms, BooleanSupplier ok) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!ok.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("condition within %d ms", ms).isLessThan(end);
            Thread.sleep(10);
        }
    }

    @Test
    void pause_stops_simulated_time_step_runs_the_next_instant_and_resume_goes_on() throws Exception {
        try (LiveFixture f = new LiveFixture(1)) {
            Live live = f.server.live();
            within(10_000, () -> live.simNow() > 50_000_000L);
            live.pause();
            within(5_000, live::paused);
            long stopped = live.call(() -> live.world().sim().now());
            Thread.sleep(300);
            assertThat(live.call(() -> live.world().sim().now())).isEqualTo(stopped);
            assertThat(live.status()).contains("\"paused\":true");

            // the world has work pending (health checks): a step runs exactly its next instant
            long next = live.call(() -> live.world().sim().nextEventTime());
            live.step();
            within(5_000, () -> live.call(() -> live.world().sim().now()) == next + 1);
            Thread.sleep(200);
            assertThat(live.call(() -> live.world().sim().now())).isEqualTo(next + 1);

            live.resume();
            within(10_000, () -> live.simNow() > next + 100_000_000L);
            assertThat(live.paused()).isFalse();
        }
    }

    @Test
    void speed_changes_the_pace_and_refuses_nonsense() throws Exception {
        try (LiveFixture f = new LiveFixture(1)) {
            Live live = f.server.live();
            live.speed(50);
            within(5_000, () -> live.speed() == 50);
            // at 50x, ten simulated seconds pass in a fraction of a minute of wall time
            within(60_000, () -> live.simNow() > 10_000_000_000L);
            assertThat(live.status()).contains("\"speed\":50.0");
            assertThatThrownBy(() -> live.speed(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> live.speed(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void the_simulation_thread_takes_the_fifo_policy_when_the_launcher_asks() throws Exception {
        String before = System.getProperty("minternet.live.fifo");
        System.setProperty("minternet.live.fifo", "1");
        try (LiveFixture f = new LiveFixture(1)) {
            Live live = f.server.live();
            within(10_000, () -> live.simNow() > 0);
            // root with CAP_SYS_NICE gets it; elsewhere the thread keeps the ordinary policy
            assertThat(live.schedulingPolicy()).isEqualTo(RealtimeTest.fifoAllowed() ? "fifo 1" : "normal");
        } finally {
            if (before == null) {
                System.clearProperty("minternet.live.fifo");
            } else {
                System.setProperty("minternet.live.fifo", before);
            }
        }
    }
}
