package dev.minternet.services.app;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code cache}: the application server's cache-aside in front of Redis. */
public final class CacheEvents {
    private CacheEvents() {
    }

    public static final Catalog CATALOG = new Catalog("cache",
            "The application server's cache-aside (services.app.ResponseCache): GET from Redis, on a miss the database "
                    + "answers and the result is SET with a TTL.");

    public static final Field<String> KEY = Field.text("key", "the cache key (built from the request's path)");
    public static final Field<Long> BYTES = Field.integer("bytes", Unit.BYTES, "the cached answer's length");
    public static final Field<Long> LOOKUP_NS = Field.integer("lookup_ns", Unit.NANOSECONDS, "the GET's round trip to Redis");
    public static final Field<String> ERROR = Field.text("error", "why the cache failed (Redis's error or the connection's), absent on a plain miss");
    public static final Field<Long> TTL_S = Field.integer("ttl_s", Unit.NONE, "the answer's time to live in seconds (SET ... EX)");

    public static final EventType HIT = CATALOG.event("hit", "Redis had the answer; the database is not asked", KEY, BYTES, LOOKUP_NS);
    public static final EventType MISS = CATALOG.event("miss", "Redis did not have the answer (or failed); the database is asked", KEY, LOOKUP_NS, ERROR.optional());
    public static final EventType FILL = CATALOG.event("fill", "the database's answer is stored in Redis", KEY, BYTES, TTL_S);
}
