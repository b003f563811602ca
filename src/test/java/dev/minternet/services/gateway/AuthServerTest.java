package dev.minternet.services.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import dev.minternet.http.Headers;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.testing.Runs;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authorization server's grants, asked directly: client credentials with Basic or body
 * authentication, and the authorization code with PKCE (RFC 7636), where only the verifier whose
 * S256 hash is the challenge gets a token, and a code works once.
 */
class AuthServerTest {
    static final String SCENARIO = """
            name: auth
            seed: 15
            start: 2026-12-04T09:00:00Z
            nodes:
              - name: auth
                kind: host
                services:
                  - type: auth
                    alg: EdDSA
                    token-lifetime: 120s
                    clients:
                      - {id: reporting, secret: s3cret, scopes: [users:read], audience: https://api.example.com}
                      - {id: spa, scopes: [users:read, users:write], audience: https://api.example.com, user: ada}
            """;
    // RFC 7636 appendix B
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    static final String REDIRECT = "https://app.example.com/callback";

    AuthServer auth;

    @BeforeEach
    void start() {
        auth = Gateways.of(Runs.run(SCENARIO).world()).auth("auth");
    }

    static Request post(String form, String... headers) {
        return Request.of("POST", "/token", Headers.of(headers).with("Content-Type", "application/x-www-form-urlencoded"),
                form.getBytes(StandardCharsets.UTF_8));
    }

    String code(String challenge, String method) {
        Response r = auth.answer(Request.get("/authorize?response_type=code&client_id=spa&redirect_uri=" + Forms.encode(REDIRECT)
                + "&scope=users%3Aread&state=xyz&code_challenge=" + challenge + "&code_challenge_method=" + method));
        assertThat(r.status()).isEqualTo(302);
        String loc = r.headers().get("Location");
        assertThat(loc).startsWith(REDIRECT + "?code=").endsWith("&state=xyz");
        return Forms.parse(Forms.query(loc)).get("code");
    }

    static Map<String, String> json(Response r) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([a-z_]+)\":(\"([^\"]*)\"|(\\d+))").matcher(r.bodyText());
        while (m.find()) {
            out.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4));
        }
        return out;
    }

    @Test
    void the_rfc_7636_example_verifier_hashes_to_its_challenge() {
        assertThat(AuthServer.s256(VERIFIER)).isEqualTo(CHALLENGE);
        assertThat(AuthServer.pkceMatches("S256", CHALLENGE, VERIFIER)).isTrue();
        assertThat(AuthServer.pkceMatches("S256", CHALLENGE, VERIFIER.replace('d', 'e'))).isFalse();
        assertThat(AuthServer.pkceMatches("plain", VERIFIER, VERIFIER)).isTrue();
    }

    @Test
    void the_code_with_the_right_verifier_gives_a_token_for_the_user_once() throws Exception {
        String code = code(CHALLENGE, "S256");
        Response r = auth.answer(post("grant_type=authorization_code&client_id=spa&code=" + code + "&redirect_uri="
                + Forms.encode(REDIRECT) + "&code_verifier=" + VERIFIER));
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        assertThat(r.headers().get("Cache-Control")).isEqualTo("no-store");
        Map<String, String> body = json(r);
        assertThat(body).containsEntry("token_type", "Bearer").containsEntry("expires_in", "120").containsEntry("scope", "users:read");
        JwtValidator v = new JwtValidator(JwtKeys.verifiers(JWKSet.parse(auth.answer(Request.get("/.well-known/jwks.json")).bodyText())),
                "https://api.example.com", "http://auth");
        long now = 1_796_374_800_000L;
        JwtValidator.Verdict ok = v.check(body.get("access_token"), now, List.of("users:read"));
        assertThat(ok.ok()).as(ok.why()).isTrue();
        assertThat(ok.subject()).isEqualTo("ada");
        assertThat(v.check(body.get("access_token"), now + 120_000, List.of()).why()).startsWith("expired");
        // the code is spent
        Response again = auth.answer(post("grant_type=authorization_code&client_id=spa&code=" + code + "&redirect_uri="
                + Forms.encode(REDIRECT) + "&code_verifier=" + VERIFIER));
        assertThat(again.status()).isEqualTo(400);
        assertThat(json(again)).containsEntry("error", "invalid_grant");
    }

    @Test
    void a_verifier_that_does_not_hash_to_the_challenge_fails_with_invalid_grant() {
        String code = code(CHALLENGE, "S256");
        String wrong = "x".repeat(43);
        Response r = auth.answer(post("grant_type=authorization_code&client_id=spa&code=" + code + "&redirect_uri="
                + Forms.encode(REDIRECT) + "&code_verifier=" + wrong));
        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r)).containsEntry("error", "invalid_grant")
                .containsEntry("error_description", "PKCE verification failed: S256(code_verifier) does not equal code_challenge");
        // the plain method: the verifier must be the challenge itself; a missing verifier is refused too
        String plain = code(VERIFIER, "plain");
        assertThat(auth.answer(post("grant_type=authorization_code&client_id=spa&code=" + plain + "&redirect_uri="
                + Forms.encode(REDIRECT))).status()).isEqualTo(400);
        // an authorization request without a challenge is sent back to the client with invalid_request
        Response noPkce = auth.answer(Request.get("/authorize?response_type=code&client_id=spa&redirect_uri=" + Forms.encode(REDIRECT)));
        assertThat(noPkce.headers().get("Location")).contains("error=invalid_request");
    }

    @Test
    void client_credentials_by_basic_or_body_and_their_errors() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("reporting:s3cret".getBytes(StandardCharsets.UTF_8));
        Response ok = auth.answer(post("grant_type=client_credentials", "Authorization", basic));
        assertThat(ok.status()).as(ok.bodyText()).isEqualTo(200);
        assertThat(auth.answer(post("grant_type=client_credentials&client_id=reporting&client_secret=s3cret")).status()).isEqualTo(200);
        Response bad = auth.answer(post("grant_type=client_credentials&client_id=reporting&client_secret=nope"));
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.headers().get("WWW-Authenticate")).startsWith("Basic");
        assertThat(json(bad)).containsEntry("error", "invalid_client");
        assertThat(json(auth.answer(post("grant_type=client_credentials&client_id=reporting&client_secret=s3cret&scope=users:write"))))
                .containsEntry("error", "invalid_scope");
        assertThat(json(auth.answer(post("grant_type=password&client_id=reporting&client_secret=s3cret"))))
                .containsEntry("error", "unsupported_grant_type");
        assertThat(json(auth.answer(post("grant_type=client_credentials&client_id=spa")))).as("a public client has no secret")
                .containsEntry("error", "invalid_client");
    }

    @Test
    void tokens_are_the_same_in_every_run() {
        Response a = auth.answer(post("grant_type=client_credentials&client_id=reporting&client_secret=s3cret"));
        AuthServer other = Gateways.of(Runs.run(SCENARIO).world()).auth("auth");
        Response b = other.answer(post("grant_type=client_credentials&client_id=reporting&client_secret=s3cret"));
        assertThat(b.bodyText()).isEqualTo(a.bodyText());
    }
}
