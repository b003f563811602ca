package dev.minternet.services.httpcache;

import dev.minternet.http.Headers;
import dev.minternet.http.HttpDates;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.sim.Durations;
import dev.minternet.trace.Trace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A shared HTTP cache (RFC 9111) as a reverse proxy holds one (nginx's proxy_cache, Varnish, a
 * CDN edge): it answers GETs from storage while they are fresh, asks the origin otherwise, and
 * says which in {@code X-Cache}.
 *
 * <ul>
 * <li>Keys (section 4.1): the method, the Host and the target; within a key, one entry per
 *     combination of the values of the request fields the response's {@code Vary} names
 *     (normalized: lines joined with ", ", spaces around commas dropped). {@code Vary: *} is not
 *     stored.
 * <li>Storing (section 3): a final response to a GET whose status is cacheable by default
 *     (200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501) or that has explicit freshness;
 *     not with {@code no-store} (request or response), not {@code private} (a shared cache, section
 *     5.2.2.7), not to a request with {@code Authorization} unless the response says {@code
 *     public}, {@code s-maxage} or {@code must-revalidate} (section 3.5). An unsafe method (POST,
 *     PUT, DELETE, PATCH) answered with a non-error status invalidates the target's entries (section 4.4).
 * <li>Freshness (section 4.2.1): {@code s-maxage}, else {@code max-age}, else {@code Expires}
 *     minus {@code Date}; else, for a response cacheable by default with {@code Last-Modified},
 *     the heuristic of section 4.2.2: 10% of (Date - Last-Modified), at most one day (the RFC's
 *     "typical setting"; nginx has no heuristic, Squid's refresh_pattern uses 20%). An invalid
 *     value makes the response stale.
 * <li>Age (section 4.2.3) in simulated time: {@code apparent_age = max(0, response_time - date)},
 *     {@code corrected_age = age_value + (response_time - request_time)}, {@code current_age =
 *     max(apparent_age, corrected_age) + (now - response_time)}, sent in whole seconds.
 * <li>A stale entry (or one with {@code no-cache}, or a request with {@code no-cache} or a
 *     {@code max-age} the age exceeds) is revalidated with {@code If-None-Match} (its ETag) and
 *     {@code If-Modified-Since} (its Last-Modified); a 304 updates the stored fields (section
 *     4.3.4, all but Content-Length) and the entry is served (REVALIDATED); any other answer
 *     replaces it (MISS). {@code must-revalidate} and {@code no-cache} forbid serving stale.
 * <li>{@code stale-while-revalidate=N} (RFC 5861 section 3): within N seconds after it went stale
 *     an entry is served at once (STALE) while one background revalidation refreshes it.
 * <li>Size: entries count their body, fields and key; the least recently used leave first when
 *     the total would exceed the capacity; a response larger than the capacity is not stored.
 * </ul>
 *
 * <p>Upstream requests go without the client's {@code Accept-Encoding} and conditionals: the cache
 * stores identity bodies and the server in front of it compresses and answers the client's own
 * conditionals (as Varnish normalizes Accept-Encoding). Concurrent misses for one key each go to
 * the origin (nginx's default, {@code proxy_cache_lock off}).
 */
public final class HttpCache {
    /** What the cache did for a request: the X-Cache value. */
    public enum Result {
        HIT, MISS, REVALIDATED, STALE
    }

    /** Where misses and revalidations go (the gateway's pool, a CDN's origin or shield). */
    @FunctionalInterface
    public interface Origin {
        void fetch(Request req, Consumer<Response> done);
    }

    /** One day, the cap of the heuristic freshness lifetime. */
    static final long HEURISTIC_CAP_S = 86_400;

    private static final Set<Integer> CACHEABLE_BY_DEFAULT = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501);
    private static final List<String> CONDITIONALS = List.of("If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since",
            "If-Range", "Accept-Encoding");

    private static final class Entry {
        final String primary;
        final String key;
        List<String> vary;
        Response response;
        long requestTimeNs;
        long responseTimeNs;
        long bytes;
        boolean revalidating;

        Entry(String primary, String key) {
            this.primary = primary;
            this.key = key;
        }
    }

    private final String name;
    private final String node;
    private final Trace trace;
    private final LongSupplier clock;
    private final long capacity;
    /** Every entry, least recently used first. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    /** Per primary key: the fields its latest response varies on, and its entries' keys. */
    private final Map<String, List<String>> varyOf = new LinkedHashMap<>();
    private final Map<String, Set<String>> keysOf = new LinkedHashMap<>();
    private long used;
    private long hits;
    private long misses;
    private long revalidated;
    private long stale;
    private long evictions;

    /**
     * @param name     the cache's name in the trace (a route or an edge)
     * @param node     the node it runs on (for the trace)
     * @param clock    nanoseconds since the Unix epoch, in simulated time
     * @param capacity bytes
     */
    public HttpCache(String name, String node, Trace trace, LongSupplier clock, long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("a cache needs a positive size");
        }
        this.name = name;
        this.node = node;
        this.trace = trace;
        this.clock = clock;
        this.capacity = capacity;
    }

    public long capacity() {
        return capacity;
    }

    /** Bytes held. */
    public long used() {
        return used;
    }

    /** Entries held. */
    public int size() {
        return entries.size();
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    public long revalidated() {
        return revalidated;
    }

    public long staleServed() {
        return stale;
    }

    public long evictions() {
        return evictions;
    }

    /** The primary key of a request: method, Host (lower case) and target. */
    public static String primaryKey(String method, Request req) {
        String host = req.host() == null ? "" : req.host().toLowerCase(Locale.ROOT);
        return primaryKey(method, host, req.target());
    }

    /** The primary key of {@code method} on {@code host} (lower case) and {@code target}, as {@link HttpCacheEvents#KEY} shows it. */
    public static String primaryKey(String method, String host, String target) {
        return method + " " + host + target;
    }

    // ---- answering

    /** Answers {@code req} from storage or {@code origin}, with {@code X-Cache} (and {@code Age} when from storage). */
    public void handle(Request req, Origin origin, Consumer<Response> reply) {
        String method = req.method();
        if (!method.equals("GET")) {
            origin.fetch(upstream(req, null), resp -> {
                boolean unsafe = !(method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE"));
                if (unsafe && resp.status() >= 200 && resp.status() < 400) {
                    invalidate(primaryKey("GET", req), "invalidated by " + method);
                }
                reply.accept(resp.withHeader("X-Cache", Result.MISS.name()));
            });
            return;
        }
        String primary = primaryKey("GET", req);
        CacheControl rcc = CacheControl.of(req.headers());
        Entry e = lookup(primary, req);
        if (e != null) {
            long now = clock.getAsLong();
            long age = currentAgeS(e, now);
            long life = life(e.response);
            CacheControl scc = CacheControl.of(e.response.headers());
            long reqMaxAge = rcc.seconds("max-age");
            boolean fresh = age < life && !scc.has("no-cache") && !rcc.has("no-cache") && (reqMaxAge < 0 || age <= reqMaxAge);
            if (fresh) {
                hits++;
                answer(req, e, Result.HIT, age, life, reply);
                return;
            }
            long swr = scc.seconds("stale-while-revalidate");
            boolean mayServeStale = !scc.has("must-revalidate") && !scc.has("proxy-revalidate") && !scc.has("no-cache")
                    && !rcc.has("no-cache") && reqMaxAge < 0;
            if (mayServeStale && swr > 0 && age < life + swr) {
                stale++;
                answer(req, e, Result.STALE, age, life, reply);
                if (!e.revalidating) {
                    revalidate(req, e, origin, true, null);
                }
                return;
            }
            if (validators(e.response) != null) {
                revalidate(req, e, origin, false, reply);
                return;
            }
        }
        long requestTime = clock.getAsLong();
        origin.fetch(upstream(req, null), resp -> {
            misses++;
            store(primary, req, resp, requestTime, clock.getAsLong());
            emitLookup(primary, Result.MISS, 0, 0);
            reply.accept(resp.withHeader("X-Cache", Result.MISS.name()));
        });
    }

    private void answer(Request req, Entry e, Result r, long age, long life, Consumer<Response> reply) {
        entries.get(e.key); // the access that makes it most recently used
        emitLookup(e.primary, r, age, life);
        reply.accept(e.response.withHeader("Age", Long.toString(age)).withHeader("X-Cache", r.name()));
    }

    private void emitLookup(String primary, Result r, long age, long life) {
        if (trace != null && trace.enabled()) {
            trace.emit(node, HttpCacheEvents.LOOKUP, name, primary, r.name(), age, life);
        }
    }

    /** The request as it goes upstream: without the client's conditionals and Accept-Encoding, with the cache's validators. */
    private static Request upstream(Request req, Headers validators) {
        Headers h = req.headers();
        for (String c : CONDITIONALS) {
            h = h.without(c);
        }
        if (validators != null) {
            for (Headers.Field f : validators.fields()) {
                h = h.with(f.name(), f.value());
            }
        }
        return req.withHeaders(h);
    }

    /** If-None-Match from the ETag, If-Modified-Since from Last-Modified; null when the response has neither. */
    private static Headers validators(Response r) {
        Headers v = Headers.EMPTY;
        String etag = r.headers().get("ETag");
        if (etag != null) {
            v = v.with("If-None-Match", etag);
        }
        String lm = r.headers().get("Last-Modified");
        if (lm != null) {
            v = v.with("If-Modified-Since", lm);
        }
        return v.size() == 0 ? null : v;
    }

    private void revalidate(Request req, Entry e, Origin origin, boolean background, Consumer<Response> reply) {
        e.revalidating = true;
        Headers v = validators(e.response);
        if (v == null) {
            v = Headers.EMPTY;
        }
        String validator = v.size() == 0 ? "" : v.fields().get(0).name() + ": " + v.fields().get(0).value();
        long requestTime = clock.getAsLong();
        origin.fetch(upstream(req, v), resp -> {
            e.revalidating = false;
            long responseTime = clock.getAsLong();
            if (trace != null && trace.enabled()) {
                trace.emit(node, HttpCacheEvents.REVALIDATE, name, e.primary, validator, (long) resp.status(), background);
            }
            boolean live = entries.get(e.key) == e;
            if (resp.status() == 304 && live) {
                update(e, resp, requestTime, responseTime);
                if (reply != null) {
                    revalidated++;
                    long age = currentAgeS(e, responseTime);
                    answer(req, e, Result.REVALIDATED, age, life(e.response), reply);
                }
                return;
            }
            if (resp.status() == 304) {
                // the entry left meanwhile (a purge or the LRU): there is nothing to update; ask again without validators
                if (reply != null) {
                    handle(req, origin, reply);
                }
                return;
            }
            store(e.primary, req, resp, requestTime, responseTime);
            if (reply != null) {
                misses++;
                emitLookup(e.primary, Result.MISS, 0, 0);
                reply.accept(resp.withHeader("X-Cache", Result.MISS.name()));
            }
        });
    }

    /** RFC 9111 section 4.3.4: the 304's fields replace the stored ones (not Content-Length); the times restart. */
    private void update(Entry e, Response notModified, long requestTime, long responseTime) {
        Headers h = e.response.headers();
        for (Headers.Field f : notModified.headers().withoutHopByHop().fields()) {
            if (!f.name().equalsIgnoreCase("Content-Length") && !f.name().equalsIgnoreCase("X-Cache")) {
                h = h.set(f.name(), f.value());
            }
        }
        long before = e.bytes;
        e.response = new Response(e.response.status(), h, e.response.body());
        e.requestTimeNs = requestTime;
        e.responseTimeNs = responseTime;
        e.bytes = sizeOf(e.key, e.response);
        used += e.bytes - before;
        evictFor(0, e.key);
    }

    // ---- storage

    private Entry lookup(String primary, Request req) {
        List<String> vary = varyOf.get(primary);
        if (vary == null) {
            return null;
        }
        return entries.get(secondaryKey(primary, vary, req.headers()));
    }

    private static List<String> varyNames(Headers h) {
        List<String> names = new ArrayList<>();
        for (String line : h.all("Vary")) {
            for (String n : line.split(",")) {
                String t = n.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty() && !names.contains(t)) {
                    names.add(t);
                }
            }
        }
        return names;
    }

    /** The key of one variant: the primary key and the normalized values of the fields named by Vary (RFC 9111 section 4.1). */
    static String secondaryKey(String primary, List<String> vary, Headers req) {
        StringBuilder sb = new StringBuilder(primary);
        for (String n : vary) {
            List<String> values = req.all(n);
            sb.append('\n').append(n).append(values.isEmpty() ? "" : ": " + String.join(",", values).replaceAll("\\s*,\\s*", ",").trim());
        }
        return sb.toString();
    }

    /** Why {@code resp} to {@code req} may not be stored, or null when it may (RFC 9111 section 3). */
    static String unstorable(Request req, Response resp) {
        CacheControl rcc = CacheControl.of(req.headers());
        CacheControl cc = CacheControl.of(resp.headers());
        int st = resp.status();
        if (st < 200 || st == 206 || st == 304) {
            return "status " + st + " is not stored";
        }
        if (rcc.has("no-store")) {
            return "the request says no-store";
        }
        if (cc.has("no-store")) {
            return "no-store";
        }
        if (cc.has("private")) {
            return "private (a shared cache does not store it)";
        }
        if (req.headers().contains("Authorization") && !cc.has("public") && !cc.has("s-maxage") && !cc.has("must-revalidate")) {
            return "the request has Authorization and the response is not public, s-maxage or must-revalidate";
        }
        if (varyNames(resp.headers()).contains("*")) {
            return "Vary: *";
        }
        boolean explicit = resp.headers().contains("Expires") || cc.has("max-age") || cc.has("s-maxage") || cc.has("public");
        if (!explicit && !CACHEABLE_BY_DEFAULT.contains(st)) {
            return "status " + st + " without explicit freshness";
        }
        return null;
    }

    private void store(String primary, Request req, Response resp, long requestTime, long responseTime) {
        String why = unstorable(req, resp);
        if (why != null) {
            if (trace != null && trace.enabled()) {
                trace.emit(node, HttpCacheEvents.NOT_STORED, name, primary, why);
            }
            return;
        }
        List<String> vary = varyNames(resp.headers());
        List<String> before = varyOf.get(primary);
        if (before != null && !before.equals(vary)) {
            invalidate(primary, "the Vary changed");
        }
        String key = secondaryKey(primary, vary, req.headers());
        Response kept = new Response(resp.status(), resp.headers().withoutHopByHop().without("Content-Length").without("X-Cache"),
                resp.body());
        long bytes = sizeOf(key, kept);
        if (bytes > capacity) {
            if (trace != null && trace.enabled()) {
                trace.emit(node, HttpCacheEvents.NOT_STORED, name, primary, "larger (" + bytes + " bytes) than the cache (" + capacity + ")");
            }
            return;
        }
        Entry old = entries.remove(key);
        if (old != null) {
            used -= old.bytes;
        }
        Entry e = new Entry(primary, key);
        e.vary = vary;
        e.response = kept;
        e.requestTimeNs = requestTime;
        e.responseTimeNs = responseTime;
        e.bytes = bytes;
        evictFor(bytes, null);
        entries.put(key, e);
        used += bytes;
        varyOf.put(primary, vary);
        keysOf.computeIfAbsent(primary, k -> new LinkedHashSet<>()).add(key);
        if (trace != null && trace.enabled()) {
            trace.emit(node, HttpCacheEvents.STORE, name, primary, bytes, life(kept), String.join(", ", vary), used);
        }
    }

    /** Removes least recently used entries (but not {@code keep}) until {@code more} bytes fit. */
    private void evictFor(long more, String keep) {
        Iterator<Entry> it = entries.values().iterator();
        List<Entry> out = new ArrayList<>();
        long u = used;
        while (u + more > capacity && it.hasNext()) {
            Entry v = it.next();
            if (v.key.equals(keep)) {
                continue;
            }
            out.add(v);
            u -= v.bytes;
        }
        for (Entry v : out) {
            evictions++;
            remove(v, "lru");
        }
    }

    private void remove(Entry v, String why) {
        entries.remove(v.key);
        used -= v.bytes;
        Set<String> keys = keysOf.get(v.primary);
        if (keys != null) {
            keys.remove(v.key);
            if (keys.isEmpty()) {
                keysOf.remove(v.primary);
                varyOf.remove(v.primary);
            }
        }
        if (trace != null && trace.enabled()) {
            trace.emit(node, HttpCacheEvents.EVICT, name, v.primary, v.bytes, why, used);
        }
    }

    /** Removes every variant of {@code primary}; returns how many entries left. */
    public int invalidate(String primary, String why) {
        Set<String> keys = keysOf.get(primary);
        if (keys == null) {
            return 0;
        }
        List<Entry> out = new ArrayList<>();
        for (String k : keys) {
            Entry e = entries.get(k);
            if (e != null) {
                out.add(e);
            }
        }
        for (Entry e : out) {
            remove(e, why);
        }
        return out.size();
    }

    /** Purges the GET entries of {@code host} and {@code target} (a CDN's purge by URL); returns how many left. */
    public int purge(String host, String target) {
        return invalidate("GET " + host.toLowerCase(Locale.ROOT) + target, "purge");
    }

    static long sizeOf(String key, Response r) {
        long n = key.length() + r.body().length + 16;
        for (Headers.Field f : r.headers().fields()) {
            n += f.name().length() + f.value().length() + 4;
        }
        return n;
    }

    // ---- freshness and age

    /** The edge TTL in seconds, -1 for none ({@link #ttl}). */
    private long ttlS = -1;

    /**
     * Sets an edge TTL: a stored response is fresh for {@code seconds} whatever its own freshness
     * fields say (as Fastly's default TTL in VCL, {@code beresp.ttl}, or Cloudflare's Edge Cache TTL);
     * the response still goes to clients with its own Cache-Control, and what may not be stored
     * (no-store, private) still is not. -1 (the default): RFC 9111's lifetime.
     */
    public HttpCache ttl(long seconds) {
        this.ttlS = seconds;
        return this;
    }

    /** The freshness lifetime this cache uses: the edge TTL when set, else {@link #lifetimeS}. */
    private long life(Response r) {
        return ttlS >= 0 ? ttlS : lifetimeS(r);
    }

    /** RFC 9111 section 4.2.1 (with the heuristic of 4.2.2), in seconds. */
    static long lifetimeS(Response r) {
        CacheControl cc = CacheControl.of(r.headers());
        for (String d : new String[] {"s-maxage", "max-age"}) {
            long s = cc.seconds(d);
            if (s == CacheControl.INVALID) {
                return 0;
            }
            if (s >= 0) {
                return s;
            }
        }
        Instant date = HttpDates.parse(r.headers().get("Date"));
        String expires = r.headers().get("Expires");
        if (expires != null) {
            Instant exp = HttpDates.parse(expires);
            if (exp == null || date == null) {
                return 0; // an invalid Expires (e.g. "0") means already expired (section 5.3)
            }
            return Math.max(0, exp.getEpochSecond() - date.getEpochSecond());
        }
        Instant lm = HttpDates.parse(r.headers().get("Last-Modified"));
        if (lm != null && date != null && CACHEABLE_BY_DEFAULT.contains(r.status())) {
            return Math.min(HEURISTIC_CAP_S, Math.max(0, (date.getEpochSecond() - lm.getEpochSecond()) / 10));
        }
        return 0;
    }

    /** RFC 9111 section 4.2.3, in whole seconds (times in ns since the epoch). */
    static long currentAgeS(Response r, long requestTimeNs, long responseTimeNs, long nowNs) {
        Instant date = HttpDates.parse(r.headers().get("Date"));
        long dateNs = date == null ? responseTimeNs : date.getEpochSecond() * Durations.S;
        long ageValue = 0;
        String a = r.headers().get("Age");
        if (a != null && !a.isBlank() && a.trim().chars().allMatch(c -> c >= '0' && c <= '9') && a.trim().length() < 10) {
            ageValue = Long.parseLong(a.trim()) * Durations.S;
        }
        long apparent = Math.max(0, responseTimeNs - dateNs);
        long corrected = ageValue + (responseTimeNs - requestTimeNs);
        long initial = Math.max(apparent, corrected);
        long resident = nowNs - responseTimeNs;
        return (initial + resident) / Durations.S;
    }

    private static long currentAgeS(Entry e, long nowNs) {
        return currentAgeS(e.response, e.requestTimeNs, e.responseTimeNs, nowNs);
    }
}
