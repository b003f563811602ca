package dev.minternet.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The last values made for a few keys: an equal key gets the value made for it, another key takes the slot. */
class RecentTest {
    @Test
    void an_equal_key_gets_the_value_made_last_and_a_colliding_key_takes_the_slot() {
        Recent<String, Integer> r = new Recent<>(1);
        List<String> made = new ArrayList<>();
        java.util.function.Function<String, Integer> length = k -> {
            made.add(k);
            return k.length();
        };
        assertThat(r.get("abc", length)).isEqualTo(3);
        assertThat(r.get(new String("abc"), length)).isEqualTo(3);
        assertThat(r.get("de", length)).isEqualTo(2);
        assertThat(r.get("abc", length)).isEqualTo(3);
        assertThat(made).containsExactly("abc", "de", "abc");
    }

    @Test
    void a_null_value_is_kept_too_and_the_size_is_a_power_of_two() {
        Recent<String, Object> r = new Recent<>(4);
        int[] calls = {0};
        r.get("x", k -> {
            calls[0]++;
            return null;
        });
        assertThat(r.get("x", k -> {
            calls[0]++;
            return "made";
        })).isNull();
        assertThat(calls[0]).isEqualTo(1);
        assertThatThrownBy(() -> new Recent<String, String>(3)).hasMessageContaining("power of two");
    }
}
