package dev.minternet.services.gateway;

import java.util.function.Consumer;

/** Counts requests against a policy: a local token bucket ({@link TokenBucket}) or a Redis window ({@link RedisWindow}). */
interface RateLimiter {
    /**
     * Counts one request for {@code key} and says whether it may pass: at {@code simNs}, the
     * simulated time since the run began, and {@code epochNs}, the same instant as the world's
     * clock reads it (nanoseconds since 1970: a shared window is named by it).
     */
    void take(String key, long simNs, long epochNs, Consumer<Decision> done);

    /** What a limiter decided, with what the RateLimit-* fields say. */
    record Decision(boolean allowed, long limit, long remaining, long resetS, long retryAfterS, String store) {
    }
}
