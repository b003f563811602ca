package dev.minternet.services.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import org.junit.jupiter.api.Test;

/**
 * Given a token bucket of {@code requests} per period and a burst, when a client asks far faster
 * than the rate for a long time, then exactly burst + rate x time requests pass: no more, no fewer,
 * whatever the rounding of the rate into nanoseconds.
 */
class TokenBucketTest {
    /** Requests every {@code stepNs} from 0 to {@code runNs}, both included; how many passed. */
    static long flood(TokenBucket b, long stepNs, long runNs) {
        long passed = 0;
        for (long t = 0; t <= runNs; t += stepNs) {
            if (b.take("k", 1_000 * Durations.S + t).allowed()) {
                passed++;
            }
        }
        return passed;
    }

    @Test
    void a_flood_for_an_hour_gets_exactly_the_burst_plus_the_rate() {
        long hour = 3600 * Durations.S;
        assertThat(flood(new TokenBucket(10, Durations.S, 20), Durations.MS, hour)).isEqualTo(20 + 10 * 3600);
        // 3 per second: one token every 333,333,333.33 ns, which no whole nanosecond interval is
        assertThat(flood(new TokenBucket(3, Durations.S, 2), 5 * Durations.MS, hour)).isEqualTo(2 + 3 * 3600);
        // 7 per minute, bursts of 5, asked every 100 ms for an hour
        assertThat(flood(new TokenBucket(7, 60 * Durations.S, 5), 100 * Durations.MS, hour)).isEqualTo(5 + 7 * 60);
    }

    @Test
    void requests_at_exactly_the_rate_all_pass_and_one_more_in_between_does_not() {
        TokenBucket b = new TokenBucket(4, Durations.S, 1);
        long t0 = 50 * Durations.S;
        for (int i = 0; i < 4000; i++) {
            assertThat(b.take("k", t0 + i * 250 * Durations.MS).allowed()).as("request " + i).isTrue();
            if (i % 100 == 0) {
                assertThat(b.take("k", t0 + i * 250 * Durations.MS + 1).allowed()).isFalse();
            }
        }
    }

    @Test
    void the_headers_count_down_and_retry_after_is_when_a_token_is_back() {
        TokenBucket b = new TokenBucket(1, Durations.S, 3);
        long t = 10 * Durations.S;
        RateLimiter.Decision d1 = b.take("k", t);
        RateLimiter.Decision d2 = b.take("k", t);
        RateLimiter.Decision d3 = b.take("k", t);
        RateLimiter.Decision d4 = b.take("k", t);
        assertThat(d1.remaining()).isEqualTo(2);
        assertThat(d2.remaining()).isEqualTo(1);
        assertThat(d3.remaining()).isEqualTo(0);
        assertThat(d3.resetS()).as("three tokens to refill").isEqualTo(3);
        assertThat(d4.allowed()).isFalse();
        assertThat(d4.retryAfterS()).isEqualTo(1);
        assertThat(b.take("k", t + Durations.S - 1).allowed()).isFalse();
        assertThat(b.take("k", t + Durations.S).allowed()).isTrue();
        assertThat(b.take("other", t).remaining()).as("keys have their own buckets").isEqualTo(2);
    }
}
