package dev.minternet.services.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Given an issuer's keys and a gateway that knows them from the JWKS, when a token comes, then only a
 * token with a good signature, in its validity window, for this audience and with the route's scope
 * passes; every other one is refused with the status and RFC 6750 error a resource server must give.
 */
class JwtValidatorTest {
    static final long SEED = 15;
    static final String ISS = "http://auth";
    static final String AUD = "https://api.example.com";
    static final long NOW = 1_796_374_800_000L; // 2026-12-04T09:00:00Z, as the simulated clock would say
    static final JwtKeys KEYS = new JwtKeys(SEED, ISS);
    static final JwtValidator GATEWAY = gateway();

    /** The gateway's view: the JWKS as served (JSON), parsed again. */
    static JwtValidator gateway() {
        try {
            return new JwtValidator(JwtKeys.verifiers(com.nimbusds.jose.jwk.JWKSet.parse(KEYS.publicSet().toString())), AUD, ISS);
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISS).subject("reporting").audience(AUD).issueTime(new Date(NOW - 10_000))
                .notBeforeTime(new Date(NOW - 10_000)).expirationTime(new Date(NOW + 290_000)).claim("scope", "users:read orders:read");
    }

    static String token(JWSAlgorithm alg, JWTClaimsSet c) {
        return AuthServer.sign(KEYS, alg, c);
    }

    JwtValidator.Verdict check(String token, String... scopes) {
        return GATEWAY.check(token, NOW, List.of(scopes));
    }

    @Test
    void a_valid_token_of_either_algorithm_passes_with_its_subject_and_scopes() {
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.ES256, JWSAlgorithm.EdDSA)) {
            JwtValidator.Verdict v = check(token(alg, claims().build()), "users:read");
            assertThat(v.ok()).as(alg.getName() + ": " + v.why()).isTrue();
            assertThat(v.subject()).isEqualTo("reporting");
            assertThat(v.scopes()).containsExactly("users:read", "orders:read");
        }
    }

    @Test
    void a_bad_signature_is_401_invalid_token() {
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.ES256, JWSAlgorithm.EdDSA)) {
            String t = token(alg, claims().build());
            // change the payload after signing: the scope says admin now
            String[] p = t.split("\\.");
            String forged = p[0] + "." + Base64URL.encode(claims().claim("scope", "users:admin").build().toString()) + "." + p[2];
            assertThat(check(forged, "users:admin")).extracting(JwtValidator.Verdict::status, JwtValidator.Verdict::error)
                    .containsExactly(401, "invalid_token");
            assertThat(check(forged, "users:admin").why()).startsWith("bad signature");
        }
        // the same claims signed by another world's issuer (another seed): the kid is not in this JWKS
        String other = AuthServer.sign(new JwtKeys(SEED + 1, ISS), JWSAlgorithm.ES256, claims().build());
        assertThat(check(other).status()).isEqualTo(401);
        assertThat(check(other).why()).startsWith("no key with kid");
    }

    @Test
    void expired_is_refused_from_the_second_of_exp_on_and_not_before() {
        JWTClaimsSet c = claims().expirationTime(new Date(NOW)).build();
        JwtValidator.Verdict v = check(token(JWSAlgorithm.ES256, c));
        assertThat(v.status()).isEqualTo(401);
        assertThat(v.error()).isEqualTo("invalid_token");
        assertThat(v.why()).startsWith("expired 0 s ago");
        assertThat(GATEWAY.check(token(JWSAlgorithm.ES256, c), NOW - 1, List.of()).ok()).as("a millisecond before exp").isTrue();
    }

    @Test
    void not_yet_valid_is_refused_until_nbf() {
        JWTClaimsSet c = claims().notBeforeTime(new Date(NOW + 5_000)).build();
        assertThat(check(token(JWSAlgorithm.EdDSA, c))).extracting(JwtValidator.Verdict::status, JwtValidator.Verdict::why)
                .containsExactly(401, "not valid for another 5 s (nbf " + (NOW + 5_000) / 1000 + ")");
        assertThat(GATEWAY.check(token(JWSAlgorithm.EdDSA, c), NOW + 5_000, List.of()).ok()).isTrue();
    }

    @Test
    void a_token_for_another_audience_or_issuer_is_refused() {
        assertThat(check(token(JWSAlgorithm.ES256, claims().audience("https://billing.example.com").build())))
                .extracting(JwtValidator.Verdict::status, JwtValidator.Verdict::error).containsExactly(401, "invalid_token");
        assertThat(check(token(JWSAlgorithm.ES256, claims().audience(List.of("https://billing.example.com", AUD)).build())).ok())
                .as("aud may be a list that contains ours").isTrue();
        assertThat(check(token(JWSAlgorithm.ES256, claims().issuer("http://evil").build())).why()).startsWith("issuer http://evil");
    }

    @Test
    void a_valid_token_without_the_routes_scope_is_403_insufficient_scope() {
        JwtValidator.Verdict v = check(token(JWSAlgorithm.ES256, claims().build()), "users:read", "users:admin");
        assertThat(v.status()).isEqualTo(403);
        assertThat(v.error()).isEqualTo("insufficient_scope");
        assertThat(v.why()).isEqualTo("token grants [users:read orders:read], route needs users:admin");
    }

    @Test
    void alg_none_and_a_symmetric_alg_made_from_the_public_key_are_refused() throws Exception {
        String none = new PlainJWT(claims().build()).serialize();
        assertThat(none).endsWith(".");
        assertThat(check(none)).extracting(JwtValidator.Verdict::status, JwtValidator.Verdict::why)
                .containsExactly(401, "alg none: an unsigned token proves nothing");
        // the classic confusion attack: HS256 keyed with the public JWKS, and the kid of the real key
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEYS.kid(JWSAlgorithm.ES256)).build(), claims().build());
        hs.sign(new MACSigner(KEYS.publicSet().toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(check(hs.serialize())).extracting(JwtValidator.Verdict::status, JwtValidator.Verdict::why)
                .containsExactly(401, "alg HS256 is not accepted (ES256, EdDSA)");
        // an EdDSA header on the ES256 key's kid: the key is used only with its own algorithm
        String es = token(JWSAlgorithm.ES256, claims().build());
        String[] p = es.split("\\.");
        String header = Base64URL.encode("{\"kid\":\"" + KEYS.kid(JWSAlgorithm.ES256) + "\",\"alg\":\"EdDSA\"}").toString();
        assertThat(check(header + "." + p[1] + "." + p[2]).status()).isEqualTo(401);
        assertThat(check("not.a.jwt").status()).isEqualTo(401);
        assertThat(check("garbage").status()).isEqualTo(401);
    }

    @Test
    void keys_and_tokens_follow_from_the_seed_and_es256_signatures_verify_with_the_jdk() throws Exception {
        assertThat(new JwtKeys(SEED, ISS).publicSet().toString()).isEqualTo(KEYS.publicSet().toString());
        assertThat(new JwtKeys(SEED + 1, ISS).publicSet().toString()).isNotEqualTo(KEYS.publicSet().toString());
        assertThat(new JwtKeys(SEED, "http://other").publicSet().toString()).isNotEqualTo(KEYS.publicSet().toString());
        String a = token(JWSAlgorithm.ES256, claims().build());
        assertThat(token(JWSAlgorithm.ES256, claims().build())).as("RFC 6979: the same message, the same signature").isEqualTo(a);
        // the JDK's own ECDSA (SunEC) accepts the signature, converted from JOSE's R||S to DER
        String[] p = a.split("\\.");
        ECPublicKey pub = ((com.nimbusds.jose.jwk.ECKey) KEYS.publicSet().getKeys().get(0)).toECPublicKey();
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initVerify(pub);
        s.update((p[0] + "." + p[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(s.verify(Base64URL.from(p[2]).decode())).isTrue();
        // and the public JWKS holds no private parts
        assertThat(KEYS.publicSet().toString()).doesNotContain("\"d\"");
    }
}
