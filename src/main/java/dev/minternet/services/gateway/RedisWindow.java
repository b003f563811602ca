package dev.minternet.services.gateway;

import dev.minternet.services.redis.RedisClient;
import dev.minternet.services.redis.Resp;
import java.util.List;
import java.util.function.Consumer;

/**
 * A fixed-window counter in Redis, shared by every gateway that points at the same server: the
 * count for a key in the window that contains now is the key {@code ratelimit:<key>:<window>}
 * (the window's number since 1970), raised by {@code INCR} and given {@code EXPIRE <period> NX} in
 * the same pipeline, so it disappears when its window is over and no gateway needs a timer. A
 * request passes while the count is at most {@code requests}.
 *
 * <p>A fixed window allows up to twice the rate across a window boundary; the local
 * {@link TokenBucket} does not. The Redis round trip is on the request's path. When Redis cannot
 * be reached the request passes ("fail open", as most gateways' shared limiters do) and the trace
 * says why.
 */
final class RedisWindow implements RateLimiter {
    private final RedisClient redis;
    private final long requests;
    private final long periodNs;

    RedisWindow(RedisClient redis, int requests, long periodNs) {
        if (periodNs < 1_000_000_000L || periodNs % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("a Redis window is a whole number of seconds (EXPIRE counts seconds)");
        }
        this.redis = redis;
        this.requests = requests;
        this.periodNs = periodNs;
    }

    @Override
    public void take(String key, long simNs, long nowNs, Consumer<Decision> done) {
        long window = nowNs / periodNs;
        long end = (window + 1) * periodNs;
        long reset = (end - nowNs + 999_999_999L) / 1_000_000_000L;
        String k = "ratelimit:" + key + ":" + window;
        redis.command(List.of("INCR", k), r -> {
            if (r instanceof Resp.Int n) {
                long count = n.value();
                boolean ok = count <= requests;
                done.accept(new Decision(ok, requests, Math.max(0, requests - count), reset, ok ? 0 : reset, "redis"));
            } else {
                done.accept(new Decision(true, requests, requests, reset, 0, "redis unavailable, fail open: " + describe(r)));
            }
        });
        redis.command(List.of("EXPIRE", k, Long.toString(periodNs / 1_000_000_000L), "NX"), r -> {
        });
    }

    private static String describe(Resp r) {
        return r instanceof Resp.Error e ? e.text() : r.getClass().getSimpleName();
    }
}
