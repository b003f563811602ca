package dev.minternet.services.httpcache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.Headers;
import dev.minternet.http.HttpDates;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.sim.Durations;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** One test per RFC 9111 rule the shared cache follows, against a scripted origin and a clock the test moves. */
class HttpCacheTest {
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * Durations.S;

    /** The test's clock (ns since the epoch) and an origin that answers from {@link #script}. */
    private long now = T0;
    private final List<Request> asked = new ArrayList<>();
    private final List<Runnable> held = new ArrayList<>();
    private boolean hold;
    private Function<Request, Response> script = r -> ok("body", "max-age=60");

    private final HttpCache.Origin origin = (req, done) -> {
        asked.add(req);
        Response resp = script.apply(req);
        if (hold) {
            held.add(() -> done.accept(resp));
        } else {
            done.accept(resp);
        }
    };

    private HttpCache cache(long bytes) {
        return new HttpCache("test", "edge", null, () -> now, bytes);
    }

    private String date() {
        return HttpDates.format(Instant.ofEpochSecond(now / Durations.S));
    }

    private Response ok(String body, String cacheControl) {
        Headers h = Headers.of("Date", date(), "Content-Type", "text/plain");
        if (cacheControl != null) {
            h = h.with("Cache-Control", cacheControl);
        }
        return new Response(200, h, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Request get(String target, String... headers) {
        Headers h = Headers.of("Host", "static.example.com");
        for (int i = 0; i < headers.length; i += 2) {
            h = h.with(headers[i], headers[i + 1]);
        }
        return Request.of("GET", target, h, null);
    }

    private static Response send(HttpCache c, HttpCache.Origin o, Request r) {
        Response[] out = new Response[1];
        c.handle(r, o, x -> out[0] = x);
        return out[0];
    }

    private Response send(HttpCache c, Request r) {
        return send(c, origin, r);
    }

    private void advance(long seconds) {
        now += seconds * Durations.S;
    }

    @Test
    void a_response_is_fresh_for_its_max_age_and_s_maxage_wins_over_max_age_and_expires() {
        HttpCache c = cache(1 << 20);
        assertThat(send(c, get("/a")).headers().get("X-Cache")).isEqualTo("MISS");
        advance(59);
        assertThat(send(c, get("/a")).headers().get("X-Cache")).isEqualTo("HIT");
        advance(2);
        assertThat(send(c, get("/a")).headers().get("X-Cache")).as("61 s > max-age=60, no validator: fetched again").isEqualTo("MISS");
        assertThat(asked).hasSize(2);

        script = r -> ok("b", "max-age=100, s-maxage=10");
        send(c, get("/b"));
        advance(11);
        assertThat(send(c, get("/b")).headers().get("X-Cache")).as("a shared cache uses s-maxage=10").isEqualTo("MISS");

        script = r -> ok("e", null).withHeader("Expires", HttpDates.format(Instant.ofEpochSecond(now / Durations.S + 30)));
        send(c, get("/e"));
        advance(29);
        assertThat(send(c, get("/e")).headers().get("X-Cache")).isEqualTo("HIT");
        advance(2);
        assertThat(send(c, get("/e")).headers().get("X-Cache")).as("Expires - Date = 30 s").isEqualTo("MISS");
    }

    @Test
    void heuristic_freshness_is_a_tenth_of_the_time_since_last_modified() {
        HttpCache c = cache(1 << 20);
        script = r -> ok("h", null).withHeader("Last-Modified", HttpDates.format(Instant.ofEpochSecond(now / Durations.S - 1000)));
        send(c, get("/h"));
        advance(99);
        assertThat(send(c, get("/h")).headers().get("X-Cache")).isEqualTo("HIT");
        assertThat(HttpCache.lifetimeS(ok("x", null).withHeader("Last-Modified", "Thu, 01 Jan 2015 00:00:00 GMT")))
                .as("capped at a day").isEqualTo(86_400);
    }

    @Test
    void age_is_computed_as_rfc_9111_section_4_2_3_says() {
        HttpCache c = cache(1 << 20);
        // the origin's answer was generated 3 s before it arrives, says Age: 5, and takes 2 s to come
        hold = true;
        script = r -> new Response(200, Headers.of("Date", HttpDates.format(Instant.ofEpochSecond(now / Durations.S - 1)), "Age", "5",
                "Cache-Control", "max-age=600"), new byte[] {1});
        Response[] first = new Response[1];
        c.handle(get("/age"), origin, x -> first[0] = x);
        advance(2);
        held.remove(0).run();
        assertThat(first[0].headers().get("X-Cache")).isEqualTo("MISS");
        hold = false;
        advance(10);
        // apparent_age = 3, corrected_age_value = 5 + 2 = 7, resident 10: 17
        assertThat(send(c, get("/age")).headers().get("Age")).isEqualTo("17");
        assertThat(HttpCache.currentAgeS(ok("x", null), T0, T0, T0 + 1500 * Durations.MS)).as("whole seconds").isEqualTo(1);
    }

    @Test
    void variants_named_by_vary_are_kept_apart() {
        HttpCache c = cache(1 << 20);
        script = r -> ok("hello in " + r.headers().get("Accept-Language"), "max-age=60").withHeader("Vary", "Accept-Language");
        assertThat(send(c, get("/v", "Accept-Language", "en")).bodyText()).isEqualTo("hello in en");
        assertThat(send(c, get("/v", "Accept-Language", "fr")).headers().get("X-Cache")).isEqualTo("MISS");
        Response en = send(c, get("/v", "Accept-Language", "en"));
        Response fr = send(c, get("/v", "Accept-Language", "fr"));
        assertThat(en.headers().get("X-Cache")).isEqualTo("HIT");
        assertThat(en.bodyText()).isEqualTo("hello in en");
        assertThat(fr.headers().get("X-Cache")).isEqualTo("HIT");
        assertThat(fr.bodyText()).isEqualTo("hello in fr");
        assertThat(send(c, get("/v")).headers().get("X-Cache")).as("no Accept-Language is a third variant").isEqualTo("MISS");
        assertThat(c.size()).isEqualTo(3);
    }

    @Test
    void no_store_is_never_stored() {
        HttpCache c = cache(1 << 20);
        script = r -> ok("secret", "no-store, max-age=60");
        send(c, get("/n"));
        assertThat(send(c, get("/n")).headers().get("X-Cache")).isEqualTo("MISS");
        script = r -> ok("x", "max-age=60");
        send(c, get("/rn", "Cache-Control", "no-store"));
        assertThat(send(c, get("/rn")).headers().get("X-Cache")).as("the request's no-store too").isEqualTo("MISS");
        assertThat(asked).hasSize(4);
        assertThat(c.size()).isEqualTo(1);
    }

    @Test
    void private_responses_are_not_stored_by_a_shared_cache_nor_are_authorized_ones_without_public() {
        HttpCache c = cache(1 << 20);
        script = r -> ok("mine", "private, max-age=60");
        send(c, get("/p"));
        assertThat(send(c, get("/p")).headers().get("X-Cache")).isEqualTo("MISS");
        script = r -> ok("token's", "max-age=60");
        send(c, get("/auth", "Authorization", "Bearer x"));
        assertThat(send(c, get("/auth", "Authorization", "Bearer x")).headers().get("X-Cache")).isEqualTo("MISS");
        script = r -> ok("public", "public, max-age=60");
        send(c, get("/pub", "Authorization", "Bearer x"));
        assertThat(send(c, get("/pub", "Authorization", "Bearer x")).headers().get("X-Cache")).isEqualTo("HIT");
    }

    @Test
    void a_stale_entry_is_revalidated_and_a_304_updates_its_fields() {
        HttpCache c = cache(1 << 20);
        script = r -> ok("v1 body", "max-age=10").withHeader("ETag", "\"v1\"").withHeader("X-Version", "1");
        send(c, get("/r"));
        advance(15);
        script = r -> new Response(304, Headers.of("Date", date(), "ETag", "\"v1\"", "Cache-Control", "max-age=30", "X-Version", "2"), null);
        Response r = send(c, get("/r", "If-None-Match", "\"other\""));
        assertThat(asked.get(1).headers().get("If-None-Match")).as("the cache's validator, not the client's").isEqualTo("\"v1\"");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("X-Cache")).isEqualTo("REVALIDATED");
        assertThat(r.bodyText()).isEqualTo("v1 body");
        assertThat(r.headers().get("X-Version")).isEqualTo("2");
        assertThat(r.headers().get("Age")).isEqualTo("0");
        advance(25);
        assertThat(send(c, get("/r")).headers().get("X-Cache")).as("fresh for the 304's max-age=30").isEqualTo("HIT");
        advance(10);
        script = r2 -> ok("v2 body", "max-age=10").withHeader("ETag", "\"v2\"");
        Response changed = send(c, get("/r"));
        assertThat(changed.headers().get("X-Cache")).isEqualTo("MISS");
        assertThat(send(c, get("/r")).bodyText()).isEqualTo("v2 body");
    }

    @Test
    void no_cache_and_must_revalidate_forbid_serving_without_the_origin() {
        HttpCache c = cache(1 << 20);
        script = r -> ok("nc", "no-cache").withHeader("ETag", "\"a\"");
        send(c, get("/nc"));
        script = r -> new Response(304, Headers.of("Date", date(), "ETag", "\"a\""), null);
        assertThat(send(c, get("/nc")).headers().get("X-Cache")).isEqualTo("REVALIDATED");
        script = r -> ok("mr", "max-age=1, must-revalidate, stale-while-revalidate=60").withHeader("ETag", "\"m\"");
        send(c, get("/mr"));
        advance(5);
        script = r -> new Response(304, Headers.of("Date", date(), "ETag", "\"m\""), null);
        assertThat(send(c, get("/mr")).headers().get("X-Cache")).as("must-revalidate beats stale-while-revalidate").isEqualTo("REVALIDATED");
        script = r -> ok("fresh", "max-age=60").withHeader("ETag", "\"f\"");
        send(c, get("/f"));
        script = r -> new Response(304, Headers.of("Date", date(), "ETag", "\"f\""), null);
        assertThat(send(c, get("/f", "Cache-Control", "no-cache")).headers().get("X-Cache")).as("the request's no-cache").isEqualTo("REVALIDATED");
    }

    @Test
    void stale_while_revalidate_serves_stale_at_once_and_refreshes_in_the_background() {
        HttpCache c = cache(1 << 20);
        script = r -> ok("old", "max-age=10, stale-while-revalidate=30").withHeader("ETag", "\"o\"");
        send(c, get("/s"));
        advance(15);
        hold = true;
        script = r -> ok("new", "max-age=10, stale-while-revalidate=30").withHeader("ETag", "\"n\"");
        Response stale = send(c, get("/s"));
        assertThat(stale).as("answered before the origin").isNotNull();
        assertThat(stale.headers().get("X-Cache")).isEqualTo("STALE");
        assertThat(stale.bodyText()).isEqualTo("old");
        assertThat(stale.headers().get("Age")).isEqualTo("15");
        assertThat(send(c, get("/s")).headers().get("X-Cache")).as("one background revalidation at a time").isEqualTo("STALE");
        assertThat(held).hasSize(1);
        assertThat(asked.get(1).headers().get("If-None-Match")).isEqualTo("\"o\"");
        held.remove(0).run();
        hold = false;
        Response after = send(c, get("/s"));
        assertThat(after.headers().get("X-Cache")).isEqualTo("HIT");
        assertThat(after.bodyText()).isEqualTo("new");
        advance(50);
        script = r -> ok("newest", "max-age=10");
        assertThat(send(c, get("/s")).headers().get("X-Cache")).as("beyond max-age + stale-while-revalidate").isEqualTo("MISS");
    }

    @Test
    void the_least_recently_used_entry_leaves_when_the_size_is_reached() {
        script = r -> ok("x".repeat(1000), "max-age=600");
        long one = HttpCache.sizeOf("", new Response(200, ok("x".repeat(1000), "max-age=600").headers(), new byte[1000])) + 60;
        HttpCache c = cache(2 * one + 10);
        send(c, get("/a"));
        send(c, get("/b"));
        send(c, get("/a")); // a is now the most recently used
        send(c, get("/c"));
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.evictions()).isEqualTo(1);
        assertThat(send(c, get("/a")).headers().get("X-Cache")).isEqualTo("HIT");
        assertThat(send(c, get("/c")).headers().get("X-Cache")).isEqualTo("HIT");
        assertThat(send(c, get("/b")).headers().get("X-Cache")).isEqualTo("MISS");
        assertThat(c.used()).isLessThanOrEqualTo(c.capacity());
        script = r -> ok("y".repeat(5000), "max-age=600");
        send(c, get("/big"));
        assertThat(send(c, get("/big")).headers().get("X-Cache")).as("larger than the cache: not stored").isEqualTo("MISS");
    }

    @Test
    void an_unsafe_method_and_a_purge_invalidate_the_target() {
        HttpCache c = cache(1 << 20);
        send(c, get("/u"));
        Request post = Request.of("POST", "/u", Headers.of("Host", "static.example.com"), new byte[] {1});
        script = r -> ok("posted", null);
        assertThat(send(c, post).headers().get("X-Cache")).isEqualTo("MISS");
        script = r -> ok("body", "max-age=60");
        assertThat(send(c, get("/u")).headers().get("X-Cache")).isEqualTo("MISS");
        assertThat(c.purge("STATIC.example.com", "/u")).isEqualTo(1);
        assertThat(send(c, get("/u")).headers().get("X-Cache")).isEqualTo("MISS");
    }

    @Test
    void upstream_requests_carry_no_client_conditionals_nor_accept_encoding() {
        HttpCache c = cache(1 << 20);
        send(c, get("/x", "Accept-Encoding", "gzip", "If-Modified-Since", "Thu, 01 Jan 2015 00:00:00 GMT", "Accept", "*/*"));
        assertThat(asked.get(0).headers().contains("Accept-Encoding")).isFalse();
        assertThat(asked.get(0).headers().contains("If-Modified-Since")).isFalse();
        assertThat(asked.get(0).headers().get("Accept")).isEqualTo("*/*");
    }

    @Test
    void cache_control_parses_quoted_values_and_invalid_numbers() {
        CacheControl cc = CacheControl.parse("Public, max-age=\"60\", no-cache=\"Set-Cookie, X-A\", s-maxage=abc");
        assertThat(cc.has("public")).isTrue();
        assertThat(cc.seconds("max-age")).isEqualTo(60);
        assertThat(cc.has("no-cache")).isTrue();
        assertThat(cc.seconds("s-maxage")).isEqualTo(CacheControl.INVALID);
        assertThat(cc.seconds("min-fresh")).isEqualTo(CacheControl.ABSENT);
        assertThat(HttpCache.lifetimeS(ok("x", "s-maxage=abc, max-age=60"))).as("invalid: stale").isZero();
        assertThat(CacheControl.of(Headers.of("Pragma", "no-cache")).has("no-cache")).isTrue();
    }
}
