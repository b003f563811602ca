package dev.minternet.services.app;

import dev.minternet.services.redis.RedisClient;
import dev.minternet.services.redis.Resp;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cache-aside in Redis, as an application caches an expensive answer: look the key up with
 * {@code GET}; on a hit, answer from the cache; on a miss, compute the answer (the database
 * query), answer, and store it with {@code SET key value EX ttl} so the next request within the
 * TTL is a hit. A cache that fails (unreachable, an error reply) counts as a miss: the
 * application still answers, from the database.
 *
 * <p>Trace events (layer "cache", on the application's node): {@code hit} (key, bytes, lookup_ns:
 * the round trip to Redis), {@code miss} (key, lookup_ns, and error when the cache failed),
 * {@code fill} (key, bytes, ttl_s). The database time a hit saves is the miss's query time, which
 * the db-client events of that request show.
 */
public final class ResponseCache {
    private final Simulator sim;
    private final Trace trace;
    private final String node;
    private final RedisClient redis;
    private final long ttlSeconds;
    private long hits;
    private long misses;

    /**
     * @param trace may be null
     * @param ttlSeconds how long a stored answer stays (SET ... EX ttl), at least 1
     */
    public ResponseCache(Simulator sim, Trace trace, String node, RedisClient redis, long ttlSeconds) {
        if (ttlSeconds < 1) {
            throw new IllegalArgumentException("cache TTL must be at least 1 s: " + ttlSeconds);
        }
        this.sim = sim;
        this.trace = trace;
        this.node = node;
        this.redis = redis;
        this.ttlSeconds = ttlSeconds;
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    /**
     * Looks {@code key} up: {@code hit} gets the cached bytes; otherwise {@code miss} runs and
     * whatever it hands to its callback is stored (when {@code store} says so) and passed on.
     */
    public void get(String key, Consumer<byte[]> hit, Consumer<Consumer<byte[]>> miss) {
        long start = sim.now();
        redis.command(List.of("GET", key), r -> {
            long lookup = sim.now() - start;
            if (r instanceof Resp.Bulk b) {
                hits++;
                if (tracing()) {
                    trace.emit(node, CacheEvents.HIT, key, (long) b.bytes().length, lookup);
                }
                hit.accept(b.bytes());
                return;
            }
            misses++;
            if (tracing()) {
                if (r instanceof Resp.Error e) {
                    trace.emit(node, CacheEvents.MISS, key, lookup, e.text());
                } else {
                    trace.emit(node, CacheEvents.MISS, key, lookup, null);
                }
            }
            miss.accept(value -> {
                if (value != null) {
                    store(key, value);
                }
            });
        });
    }

    private void store(String key, byte[] value) {
        if (tracing()) {
            trace.emit(node, CacheEvents.FILL, key, (long) value.length, ttlSeconds);
        }
        redis.command(List.of("SET", key, new String(value, StandardCharsets.UTF_8), "EX",
                Long.toString(ttlSeconds)), r -> { });
    }

    private boolean tracing() {
        return trace != null && trace.enabled();
    }
}
