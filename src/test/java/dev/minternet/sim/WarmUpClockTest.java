package dev.minternet.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A world's warm-up runs before 0 s: event times are signed, and timers armed then fire in order. */
class WarmUpClockTest {
    @Test
    void timers_armed_before_zero_fire_in_time_order_across_zero() {
        Simulator s = new Simulator(1);
        s.startAt(-60_000_000_000L);
        List<Long> fired = new ArrayList<>();
        new Timer(s, () -> fired.add(s.now())).setAfter(10_000_000_000L); // -50 s: the heap
        new Timer(s, () -> fired.add(s.now())).setAfter(1_000);           // just after boot: the wheel
        new Timer(s, () -> fired.add(s.now())).setAfter(65_000_000_000L); // +5 s, after 0
        s.scheduleAt(-5_000, () -> fired.add(s.now()));                   // the wheel's last bucket before 0
        s.runBefore(0);
        assertThat(fired).containsExactly(-59_999_999_000L, -50_000_000_000L, -5_000L);
        assertThat(s.now()).isZero();
        s.runUntil(10_000_000_000L);
        assertThat(fired).hasSize(4).endsWith(5_000_000_000L);
    }

    @Test
    void the_clock_is_set_only_before_anything_happened() {
        Simulator s = new Simulator(1);
        s.schedule(1, () -> { });
        assertThatThrownBy(() -> s.startAt(-1)).isInstanceOf(IllegalStateException.class);
    }
}
