package dev.minternet.services.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.minternet.http.Cookie;
import dev.minternet.http.CookieJar;
import dev.minternet.http.Headers;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.http.SetCookie;
import dev.minternet.testing.Runs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The authorization server's login: a session cookie carrying a signed JWT, refused passwords, the logout deleting it. */
class AuthLoginTest {
    static final String SCENARIO = AuthServerTest.SCENARIO
            + "        users:\n          - {name: alice, password: wonderland, scopes: [users:read], audience: https://api.example.com}\n";

    /** The scenario's start (the jar's clock is the simulated one: epoch milliseconds). */
    static final long NOW = java.time.Instant.parse("2026-12-04T09:00:00Z").toEpochMilli();

    AuthServer auth;

    @BeforeEach
    void start() {
        auth = Gateways.of(Runs.run(SCENARIO).world()).auth("auth");
    }

    static Request login(String form) {
        return Request.of("POST", "/login", Headers.of("Content-Type", "application/x-www-form-urlencoded"),
                form.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLoginSetsASecureHttpOnlyLaxSessionCookieWithASignedJwt() throws Exception {
        Response r = auth.answer(login("username=alice&password=wonderland"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("Cache-Control")).isEqualTo("no-store");
        SetCookie sc = SetCookie.parse(r.headers().get("Set-Cookie"));
        assertThat(sc.name()).isEqualTo("session");
        assertThat(sc.path()).isEqualTo("/");
        assertThat(sc.secure()).isTrue();
        assertThat(sc.httpOnly()).isTrue();
        assertThat(sc.sameSite()).isEqualTo(Cookie.SameSite.LAX);
        assertThat(sc.expiresMs()).isNull();
        assertThat(sc.maxAgeS()).isNull();
        SignedJWT jwt = SignedJWT.parse(sc.value());
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("users:read");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("https://api.example.com");
        // the gateway's validator accepts it with the issuer's public keys
        JwtValidator v = new JwtValidator(JwtKeys.verifiers(auth.keys().publicSet()), "https://api.example.com", null);
        long now = jwt.getJWTClaimsSet().getIssueTime().getTime();
        assertThat(v.check(sc.value(), now, java.util.List.of("users:read")).ok()).isTrue();
        assertThat(v.check(sc.value(), now, java.util.List.of("users:admin")).status()).isEqualTo(403);
        // GET with the query works too (what a visit can do)
        assertThat(auth.answer(Request.get("/login?username=alice&password=wonderland")).status()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordOrUserIs401_andTheLogoutDeletesTheCookie() {
        Response bad = auth.answer(login("username=alice&password=nope"));
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.bodyText()).contains("\"error\":\"invalid_grant\"", "wrong password");
        assertThat(bad.headers().all("Set-Cookie")).isEmpty();
        assertThat(auth.answer(login("username=bob&password=wonderland")).bodyText()).contains("unknown user");
        CookieJar jar = new CookieJar();
        CookieJar.Where gw = CookieJar.Where.of("https", "gw", "/login");
        jar.storeAll(auth.answer(login("username=alice&password=wonderland")).headers(), gw, CookieJar.Context.SAME_SITE, NOW);
        assertThat(jar.header(CookieJar.Where.of("https", "gw", "/api/users"), CookieJar.Context.SAME_SITE, NOW)).startsWith("session=eyJ");
        // plain http never gets it back (Secure)
        assertThat(jar.header(CookieJar.Where.of("http", "gw", "/api/users"), CookieJar.Context.SAME_SITE, NOW)).isNull();
        Response out = auth.answer(Request.of("POST", "/logout", Headers.EMPTY, new byte[0]));
        assertThat(out.status()).isEqualTo(204);
        jar.storeAll(out.headers(), gw, CookieJar.Context.SAME_SITE, NOW);
        assertThat(jar.all(NOW)).isEmpty();
    }
}
