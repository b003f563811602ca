package dev.minternet.services.httpcache;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code http-cache}: the shared HTTP cache of gateways and CDN edges (RFC 9111). */
public final class HttpCacheEvents {
    private HttpCacheEvents() {
    }

    public static final Catalog CATALOG = new Catalog("http-cache",
            "The shared HTTP cache (services.httpcache.HttpCache, RFC 9111) of a gateway's cached route or a CDN edge: "
                    + "lookups and their X-Cache result, stores, revalidations, evictions and purges.");

    public static final Field<String> CACHE = Field.text("cache", "the cache's name (the gateway route or the CDN edge)");
    public static final Field<String> KEY = Field.text("key", "the primary cache key: method, host and target, e.g. GET static.example.com/logo.svg");
    public static final Field<String> RESULT = Field.text("result", "what X-Cache says: HIT, MISS, REVALIDATED or STALE");
    public static final Field<Long> AGE_S = Field.integer("age_s", Unit.SECONDS, "the stored response's current age (RFC 9111 section 4.2.3); 0 on a MISS");
    public static final Field<Long> LIFETIME_S = Field.integer("lifetime_s", Unit.SECONDS,
            "the freshness lifetime: s-maxage, else max-age, else Expires minus Date, else the heuristic");
    public static final Field<Long> BYTES = Field.integer("bytes", Unit.BYTES, "the entry's size as the cache counts it (body, fields and key)");
    public static final Field<String> VARY = Field.text("vary", "the request fields the response varies on (its Vary), empty if none");
    public static final Field<String> WHY = Field.text("why", "the reason in words");
    public static final Field<String> VALIDATOR = Field.text("validator", "the conditional field sent: If-None-Match or If-Modified-Since with its value");
    public static final Field<Long> STATUS = Field.integer("status", Unit.NONE, "the status the origin answered");
    public static final Field<Boolean> BACKGROUND = Field.flag("background", "the revalidation runs after a stale answer (stale-while-revalidate)");
    public static final Field<Long> USED = Field.integer("used", Unit.BYTES, "bytes held after the change");

    public static final EventType LOOKUP = CATALOG.event("lookup", "a GET was answered: from storage (HIT, STALE, REVALIDATED) or the origin (MISS)",
            CACHE, KEY, RESULT, AGE_S, LIFETIME_S);
    public static final EventType STORE = CATALOG.event("store", "a response was stored (or replaced a stored one)", CACHE, KEY, BYTES, LIFETIME_S,
            VARY, USED);
    public static final EventType NOT_STORED = CATALOG.event("not-stored", "a response was not stored, and why (no-store, private, ...)", CACHE, KEY,
            WHY);
    public static final EventType REVALIDATE = CATALOG.event("revalidate", "a conditional request for a stale entry and the origin's answer",
            CACHE, KEY, VALIDATOR, STATUS, BACKGROUND);
    public static final EventType EVICT = CATALOG.event("evict", "an entry left: the least recently used (lru), a purge, or an unsafe method's invalidation",
            CACHE, KEY, BYTES, WHY, USED);
}
