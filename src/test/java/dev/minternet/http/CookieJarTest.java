package dev.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.CookieJar.Context;
import dev.minternet.http.CookieJar.Where;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 6265 and 6265bis, one rule a test: parsing, storage, matching, expiry, Secure, SameSite, order. */
class CookieJarTest {
    private static final long NOW = Instant.parse("2026-12-04T09:00:00Z").toEpochMilli();
    private static final Context SAME = Context.SAME_SITE;

    private static Where http(String host, String path) {
        return Where.of("http", host, path);
    }

    private static Where https(String host, String path) {
        return Where.of("https", host, path);
    }

    @Test
    void parsesEveryAttribute() {
        SetCookie c = SetCookie.parse("session=abc; Expires=Wed, 09 Jun 2027 10:18:14 GMT; Max-Age=60; Domain=.Example.COM;"
                + " Path=/api; Secure; HttpOnly; SameSite=Strict; Foo=bar");
        assertThat(c.name()).isEqualTo("session");
        assertThat(c.value()).isEqualTo("abc");
        assertThat(c.expiresMs()).isEqualTo(Instant.parse("2027-06-09T10:18:14Z").toEpochMilli());
        assertThat(c.maxAgeS()).isEqualTo(60);
        assertThat(c.domain()).isEqualTo("example.com");
        assertThat(c.path()).isEqualTo("/api");
        assertThat(c.secure()).isTrue();
        assertThat(c.httpOnly()).isTrue();
        assertThat(c.sameSite()).isEqualTo(Cookie.SameSite.STRICT);
        assertThat(SetCookie.parse("novalue")).isNull();
        assertThat(SetCookie.parse("=x")).isNull();
        assertThat(SetCookie.parse("a=b; SameSite=Bogus").sameSite()).isEqualTo(Cookie.SameSite.DEFAULT);
        assertThat(SetCookie.parse("a=b; Path=relative").path()).isNull();
    }

    @Test
    void cookieDatesFollowTheAlgorithmOfSection511() {
        long want = Instant.parse("1994-11-06T08:49:37Z").toEpochMilli();
        assertThat(SetCookie.cookieDate("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(want); // RFC 1123
        assertThat(SetCookie.cookieDate("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(want); // RFC 850, two-digit year
        assertThat(SetCookie.cookieDate("Sun Nov  6 08:49:37 1994")).isEqualTo(want); // asctime
        assertThat(SetCookie.cookieDate("Thu, 01 Jan 2037 00:00:00 GMT")).isEqualTo(Instant.parse("2037-01-01T00:00:00Z").toEpochMilli());
        assertThat(SetCookie.cookieDate("31 Feb 2027 00:00:00")).isNull();
        assertThat(SetCookie.cookieDate("06 Nov 1994")).isNull(); // no time
        assertThat(SetCookie.cookieDate("06 Nov 1600 08:49:37")).isNull(); // before 1601
        assertThat(SetCookie.cookieDate("06 Nov 1994 24:00:00")).isNull();
    }

    @Test
    void hostOnlyCookiesGoOnlyToTheirHost() {
        CookieJar j = new CookieJar();
        assertThat(j.store("a=1", http("www.example.com", "/"), SAME, NOW).ok()).isTrue();
        assertThat(j.all(NOW).get(0).hostOnly()).isTrue();
        assertThat(j.header(http("www.example.com", "/"), SAME, NOW)).isEqualTo("a=1");
        assertThat(j.header(http("sub.www.example.com", "/"), SAME, NOW)).isNull();
        assertThat(j.header(http("example.com", "/"), SAME, NOW)).isNull();
    }

    @Test
    void domainCookiesGoToTheDomainAndItsSubdomains() {
        CookieJar j = new CookieJar();
        assertThat(j.store("a=1; Domain=example.com", http("www.example.com", "/"), SAME, NOW).ok()).isTrue();
        assertThat(j.all(NOW).get(0).hostOnly()).isFalse();
        assertThat(j.header(http("example.com", "/"), SAME, NOW)).isEqualTo("a=1");
        assertThat(j.header(http("api.example.com", "/"), SAME, NOW)).isEqualTo("a=1");
        assertThat(j.header(http("notexample.com", "/"), SAME, NOW)).isNull();
        // a domain the host does not domain-match, a top-level domain, an IP address
        assertThat(j.store("b=1; Domain=other.com", http("www.example.com", "/"), SAME, NOW).refused()).contains("does not domain-match");
        assertThat(j.store("b=1; Domain=com", http("www.example.com", "/"), SAME, NOW).refused()).contains("top-level");
        assertThat(j.store("b=1; Domain=0.0.1", http("10.0.0.1", "/"), SAME, NOW).ok()).isFalse();
        assertThat(CookieJar.domainMatches("10.0.0.1", "0.0.1")).isFalse();
    }

    @Test
    void pathsMatchWholeSegmentsAndDefaultToTheRequestsDirectory() {
        assertThat(CookieJar.pathMatches("/api", "/api")).isTrue();
        assertThat(CookieJar.pathMatches("/api/users", "/api")).isTrue();
        assertThat(CookieJar.pathMatches("/api/users", "/api/")).isTrue();
        assertThat(CookieJar.pathMatches("/apix", "/api")).isFalse();
        assertThat(CookieJar.pathMatches("/", "/api")).isFalse();
        assertThat(CookieJar.pathMatches("/api?x=1", "/api")).isTrue();
        assertThat(CookieJar.defaultPath("/a/b/c")).isEqualTo("/a/b");
        assertThat(CookieJar.defaultPath("/login")).isEqualTo("/");
        assertThat(CookieJar.defaultPath("/a/b?x=/y")).isEqualTo("/a");
        CookieJar j = new CookieJar();
        j.store("a=1", http("h.example", "/docs/page"), SAME, NOW);
        assertThat(j.all(NOW).get(0).path()).isEqualTo("/docs");
        assertThat(j.all(NOW).get(0).curlPath()).isEqualTo("/docs/");
        assertThat(j.header(http("h.example", "/docs/other"), SAME, NOW)).isEqualTo("a=1");
        assertThat(j.header(http("h.example", "/"), SAME, NOW)).isNull();
    }

    @Test
    void theHeaderPutsLongerPathsFirstThenEarlierCreation() {
        CookieJar j = new CookieJar();
        j.store("first=1; Path=/", http("h.example", "/"), SAME, NOW);
        j.store("deep=2; Path=/a/b", http("h.example", "/"), SAME, NOW);
        j.store("mid=3; Path=/a", http("h.example", "/"), SAME, NOW);
        j.store("second=4; Path=/", http("h.example", "/"), SAME, NOW);
        assertThat(j.header(http("h.example", "/a/b/c"), SAME, NOW)).isEqualTo("deep=2; mid=3; first=1; second=4");
        // a replacement keeps its place (the old creation), with the new value
        j.store("first=9; Path=/", http("h.example", "/"), SAME, NOW);
        assertThat(j.header(http("h.example", "/"), SAME, NOW)).isEqualTo("first=9; second=4");
    }

    @Test
    void expiryIsInSimulatedTimeAndMaxAgeWinsOverExpires() {
        CookieJar j = new CookieJar();
        j.store("short=1; Max-Age=60; Expires=Thu, 01 Jan 2037 00:00:00 GMT", http("h.example", "/"), SAME, NOW);
        j.store("long=2; Expires=Thu, 01 Jan 2037 00:00:00 GMT", http("h.example", "/"), SAME, NOW);
        j.store("session=3", http("h.example", "/"), SAME, NOW);
        assertThat(j.all(NOW).get(0).expiresMs()).isEqualTo(NOW + 60_000);
        assertThat(j.all(NOW).get(2).persistent()).isFalse();
        assertThat(j.header(http("h.example", "/"), SAME, NOW + 59_999)).isEqualTo("short=1; long=2; session=3");
        assertThat(j.header(http("h.example", "/"), SAME, NOW + 60_000)).isEqualTo("long=2; session=3");
        // Max-Age=0 and a past Expires delete the stored cookie
        assertThat(j.store("long=x; Max-Age=0", http("h.example", "/"), SAME, NOW).refused()).contains("deleted");
        assertThat(j.store("session=x; Expires=Sun, 06 Nov 1994 08:49:37 GMT", http("h.example", "/"), SAME, NOW).ok()).isFalse();
        assertThat(j.header(http("h.example", "/"), SAME, NOW)).isNull();
        j.store("s=1", http("h.example", "/"), SAME, NOW);
        j.store("p=1; Max-Age=3600", http("h.example", "/"), SAME, NOW);
        j.dropSessionCookies();
        assertThat(j.header(http("h.example", "/"), SAME, NOW)).isEqualTo("p=1");
    }

    @Test
    void secureCookiesComeAndGoOnlyOverHttps() {
        CookieJar j = new CookieJar();
        assertThat(j.store("s=1; Secure", http("h.example", "/"), SAME, NOW).refused()).contains("insecure origin");
        assertThat(j.store("s=1; Secure; HttpOnly", https("h.example", "/"), SAME, NOW).ok()).isTrue();
        assertThat(j.all(NOW).get(0).httpOnly()).isTrue();
        assertThat(j.header(http("h.example", "/"), SAME, NOW)).isNull();
        assertThat(j.header(https("h.example", "/"), SAME, NOW)).isEqualTo("s=1");
        // an insecure origin cannot overwrite (shadow) it
        assertThat(j.store("s=2", http("h.example", "/"), SAME, NOW).refused()).contains("shadow");
        assertThat(j.header(https("h.example", "/"), SAME, NOW)).isEqualTo("s=1");
        // prefixes
        assertThat(j.store("__Secure-a=1", https("h.example", "/"), SAME, NOW).ok()).isFalse();
        assertThat(j.store("__Host-a=1; Secure; Path=/; Domain=h.example", https("www.h.example", "/"), SAME, NOW).ok()).isFalse();
        assertThat(j.store("__Host-a=1; Secure; Path=/", https("h.example", "/"), SAME, NOW).ok()).isTrue();
    }

    @Test
    void sameSiteDecidesCrossSiteRequests() {
        CookieJar j = new CookieJar();
        Where shop = https("shop.example", "/");
        j.store("strict=1; Secure; SameSite=Strict", shop, SAME, NOW);
        j.store("lax=2; Secure; SameSite=Lax", shop, SAME, NOW);
        j.store("none=3; Secure; SameSite=None", shop, SAME, NOW);
        j.store("dflt=4; Secure", shop, SAME, NOW);
        assertThat(j.header(shop, SAME, NOW)).isEqualTo("strict=1; lax=2; none=3; dflt=4");
        // a link followed from another site: a top-level GET navigation
        assertThat(j.header(shop, new Context(true, true, "GET"), NOW)).isEqualTo("lax=2; none=3; dflt=4");
        // a cross-site POST form, and a cross-site sub-resource (an image, a fetch)
        assertThat(j.header(shop, new Context(true, true, "POST"), NOW)).isEqualTo("none=3");
        assertThat(j.header(shop, new Context(true, false, "GET"), NOW)).isEqualTo("none=3");
        // None needs Secure; a cross-site sub-resource cannot set a Lax cookie
        assertThat(j.store("n=1; SameSite=None", http("shop.example", "/"), SAME, NOW).refused()).contains("without Secure");
        assertThat(j.store("x=1; Secure; SameSite=Lax", shop, new Context(true, false, "GET"), NOW).refused()).contains("cross-site");
        assertThat(CookieJar.sameSite("https", "www.shop.example", "https", "img.shop.example")).isTrue();
        assertThat(CookieJar.sameSite("http", "shop.example", "https", "shop.example")).isFalse();
        assertThat(CookieJar.sameSite("https", "a.example", "https", "b.example")).isFalse();
    }
}
