package dev.minternet.services.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * Checks a bearer token as a resource server must (RFC 7519 section 7.2, RFC 8725): a JWS whose
 * {@code alg} is ES256 or EdDSA and matches the key its {@code kid} names (never {@code none},
 * never an algorithm the key was not made for), a valid signature, then the claims against the
 * simulated clock: {@code exp} must be after now (section 4.1.4), {@code nbf} not after now
 * (4.1.5), {@code aud} must contain the gateway's audience (4.1.3), {@code iss} the issuer when one
 * is configured. Those failures are 401 {@code invalid_token}; a valid token without a scope the
 * route needs is 403 {@code insufficient_scope} (RFC 6750 section 3.1). No clock skew is allowed:
 * in simulated time the issuer's and the gateway's clocks agree.
 */
public final class JwtValidator {
    private final List<JwtKeys.Keyed> keys;
    private final String audience;
    private final String issuer;

    /** @param issuer the required {@code iss}, or null to accept any issuer whose key verifies */
    public JwtValidator(List<JwtKeys.Keyed> keys, String audience, String issuer) {
        this.keys = List.copyOf(keys);
        this.audience = audience;
        this.issuer = issuer;
    }

    /** What the check found: status 0 (valid), 401 or 403, the RFC 6750 error and why; subject and scopes when valid. */
    public record Verdict(int status, String error, String why, String subject, List<String> scopes) {
        public boolean ok() {
            return status == 0;
        }

        static Verdict invalid(String why) {
            return new Verdict(401, "invalid_token", why, null, List.of());
        }
    }

    /** Checks {@code token} at {@code nowMs} (milliseconds since 1970, simulated) for the scopes {@code required}. */
    public Verdict check(String token, long nowMs, List<String> required) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            return Verdict.invalid("not a JWT: " + e.getMessage());
        }
        if (jwt instanceof PlainJWT) {
            return Verdict.invalid("alg none: an unsigned token proves nothing");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            return Verdict.invalid("an encrypted JWT (JWE) is not accepted here");
        }
        JWSHeader h = signed.getHeader();
        JWSAlgorithm alg = h.getAlgorithm();
        if (!alg.equals(JWSAlgorithm.ES256) && !alg.equals(JWSAlgorithm.EdDSA)) {
            return Verdict.invalid("alg " + alg + " is not accepted (ES256, EdDSA)");
        }
        boolean kidKnown = false;
        boolean verified = false;
        for (JwtKeys.Keyed k : keys) {
            if (h.getKeyID() != null && !h.getKeyID().equals(k.kid())) {
                continue;
            }
            kidKnown = true;
            if (!k.alg().equals(alg)) {
                continue; // a key is used only with the algorithm it was made for (RFC 8725 section 3.1)
            }
            try {
                if (signed.verify(k.verifier())) {
                    verified = true;
                    break;
                }
            } catch (JOSEException e) {
                // a verifier that cannot check counts as a failed check
            }
        }
        if (!kidKnown) {
            return Verdict.invalid("no key with kid " + h.getKeyID() + " in the issuer's JWKS");
        }
        if (!verified) {
            return Verdict.invalid("bad signature (" + alg + ", kid " + h.getKeyID() + ")");
        }
        JWTClaimsSet c;
        try {
            c = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            return Verdict.invalid("bad claims: " + e.getMessage());
        }
        Date exp = c.getExpirationTime();
        if (exp == null) {
            return Verdict.invalid("no exp claim");
        }
        if (nowMs >= exp.getTime()) {
            return Verdict.invalid("expired " + (nowMs - exp.getTime()) / 1000 + " s ago (exp " + exp.getTime() / 1000 + ")");
        }
        Date nbf = c.getNotBeforeTime();
        if (nbf != null && nowMs < nbf.getTime()) {
            return Verdict.invalid("not valid for another " + (nbf.getTime() - nowMs + 999) / 1000 + " s (nbf " + nbf.getTime() / 1000 + ")");
        }
        if (issuer != null && !issuer.equals(c.getIssuer())) {
            return Verdict.invalid("issuer " + c.getIssuer() + " is not " + issuer);
        }
        List<String> aud = c.getAudience();
        if (aud == null || !aud.contains(audience)) {
            return Verdict.invalid("audience " + aud + " does not include " + audience);
        }
        List<String> granted = scopes(c);
        List<String> missing = new ArrayList<>();
        for (String s : required) {
            if (!granted.contains(s)) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            return new Verdict(403, "insufficient_scope", "token grants [" + String.join(" ", granted) + "], route needs "
                    + String.join(" ", missing), c.getSubject(), granted);
        }
        return new Verdict(0, null, null, c.getSubject(), granted);
    }

    /** The {@code scope} claim, space-separated as in OAuth (RFC 8693 section 4.2). */
    static List<String> scopes(JWTClaimsSet c) {
        Object s = c.getClaim("scope");
        if (!(s instanceof String str) || str.isBlank()) {
            return List.of();
        }
        return Arrays.asList(str.trim().split(" +"));
    }
}
