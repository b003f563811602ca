package dev.minternet.services.gateway;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A token bucket per key, in the generic cell rate algorithm's form (GCRA, ITU-T I.371): the
 * bucket holds {@code burst} tokens and gains {@code requests} every {@code periodNs}; a request
 * takes one or is refused. Instead of a token count it keeps the theoretical arrival time (TAT) of
 * the next request, so a key costs one number and no timer runs.
 *
 * <p>All arithmetic is exact integers: times are kept multiplied by {@code requests}, so one token
 * is worth exactly {@code periodNs} scaled units and no rounding accumulates over a long run
 * ({@code requests} is at most 10,000 so that ten days of simulated nanoseconds since the run began fit
 * in a long).
 */
final class TokenBucket implements RateLimiter {
    static final int MAX_REQUESTS = 10_000;

    private final long requests;
    private final long periodNs;
    private final long burst;
    private final Map<String, Long> tat = new HashMap<>();

    TokenBucket(int requests, long periodNs, int burst) {
        if (requests < 1 || requests > MAX_REQUESTS || periodNs <= 0 || burst < 1) {
            throw new IllegalArgumentException("a token bucket needs 1-" + MAX_REQUESTS + " requests, a period > 0 and a burst >= 1");
        }
        this.requests = requests;
        this.periodNs = periodNs;
        this.burst = burst;
    }

    @Override
    public void take(String key, long simNs, long epochNs, Consumer<Decision> done) {
        done.accept(take(key, simNs));
    }

    Decision take(String key, long nowNs) {
        long now = Math.multiplyExact(nowNs, requests);
        long t = Math.max(tat.getOrDefault(key, now), now);
        long tolerance = (burst - 1) * periodNs;
        if (t - now > tolerance) {
            long wait = t - now - tolerance;
            long retry = ceilSeconds(wait);
            return new Decision(false, burst, 0, ceilSeconds(t - now), Math.max(1, retry), "local");
        }
        long next = t + periodNs;
        tat.put(key, next);
        long remaining = (burst * periodNs - (next - now)) / periodNs;
        return new Decision(true, burst, remaining, ceilSeconds(next - now), 0, "local");
    }

    /** Scaled nanoseconds to whole seconds, rounded up. */
    private long ceilSeconds(long scaled) {
        long ns = (scaled + requests - 1) / requests;
        return (ns + 999_999_999L) / 1_000_000_000L;
    }
}
