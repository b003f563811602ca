package dev.minternet.services.gateway;

import java.util.function.Consumer;

/** Counts requests against a policy: a local token bucket ({@link TokenBucket}) or a Redis window ({@link RedisWindow}). */
interface RateLimiter {
    /** Counts one request for {@code key} at simulated time {@code nowNs} (since the epoch of the world clock) and says whether it may pass. */
    void take(String key, long nowNs, Consumer<Decision> done);

    /** What a limiter decided, with what the RateLimit-* fields say. */
    record Decision(boolean allowed, long limit, long remaining, long resetS, long retryAfterS, String store) {
    }
}
