package dev.minternet.services.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An issuer's JWT signing keys, derived from the world seed as the world's PKI derives its
 * certificates' keys (docs/design.md decision 6): nothing is drawn, so the same seed gives the
 * same keys, the same JWKS and byte-identical tokens.
 *
 * <ul>
 *   <li>EdDSA (RFC 8037): an Ed25519 key whose 32-byte seed is SHAKE256("minternet/jwt-eddsa",
 *       world seed, issuer); Ed25519 signatures are a function of key and message.</li>
 *   <li>ES256 (RFC 7518 section 3.4): a P-256 key whose scalar is SHAKE256("minternet/jwt-es256",
 *       world seed, issuer) reduced into [1, n-1]; signing uses deterministic ECDSA (RFC 6979, the
 *       nonce from HMAC-SHA-256 of key and digest), which any ES256 verifier accepts.</li>
 * </ul>
 *
 * <p>Signing is done here with BouncyCastle's lightweight API; verifying ES256 uses nimbus's own
 * JCA verifier (so an independent implementation checks our signatures), EdDSA a BouncyCastle
 * verifier behind nimbus's {@link JWSVerifier} interface (nimbus's Ed25519 classes need Google
 * Tink, which is not on the class path).
 */
public final class JwtKeys {
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters P256_DOMAIN = new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());

    private final String issuer;
    private final OctetKeyPair ed;
    private final ECKey ec;
    private final byte[] edSeed;
    private final BigInteger ecD;

    /** The keys of {@code issuer} (e.g. the auth node's URL) in the world seeded with {@code worldSeed}. */
    public JwtKeys(long worldSeed, String issuer) {
        this.issuer = issuer;
        this.edSeed = derive("jwt-eddsa", worldSeed, issuer, 32);
        byte[] pub = new Ed25519PrivateKeyParameters(edSeed, 0).generatePublicKey().getEncoded();
        this.ed = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(pub)).d(Base64URL.encode(edSeed))
                .keyID(kid("eddsa", pub)).algorithm(JWSAlgorithm.EdDSA).keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).build();
        BigInteger n = P256.getN();
        this.ecD = new BigInteger(1, derive("jwt-es256", worldSeed, issuer, 48)).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        ECPoint q = P256.getG().multiply(ecD).normalize();
        byte[] x = fixed(q.getAffineXCoord().toBigInteger());
        byte[] y = fixed(q.getAffineYCoord().toBigInteger());
        this.ec = new ECKey.Builder(Curve.P_256, Base64URL.encode(x), Base64URL.encode(y)).d(Base64URL.encode(fixed(ecD)))
                .keyID(kid("es256", concat(x, y))).algorithm(JWSAlgorithm.ES256).keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).build();
    }

    public String issuer() {
        return issuer;
    }

    /** The public keys as a JWK Set (RFC 7517 section 5): what {@code /.well-known/jwks.json} serves. */
    public JWKSet publicSet() {
        return new JWKSet(List.of(ec.toPublicJWK(), ed.toPublicJWK()));
    }

    /** The key id of the key for {@code alg}. */
    public String kid(JWSAlgorithm alg) {
        return (alg.equals(JWSAlgorithm.ES256) ? ec : ed).getKeyID();
    }

    /** A signer for {@code alg} (ES256 or EdDSA). */
    public JWSSigner signer(JWSAlgorithm alg) {
        if (alg.equals(JWSAlgorithm.ES256)) {
            return new Signer(alg) {
                @Override
                public Base64URL sign(JWSHeader header, byte[] input) {
                    SHA256Digest sha = new SHA256Digest();
                    sha.update(input, 0, input.length);
                    byte[] h = new byte[32];
                    sha.doFinal(h, 0);
                    ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
                    s.init(true, new ECPrivateKeyParameters(ecD, P256_DOMAIN));
                    BigInteger[] rs = s.generateSignature(h);
                    return Base64URL.encode(concat(fixed(rs[0]), fixed(rs[1])));
                }
            };
        }
        if (alg.equals(JWSAlgorithm.EdDSA)) {
            return new Signer(alg) {
                @Override
                public Base64URL sign(JWSHeader header, byte[] input) {
                    Ed25519Signer s = new Ed25519Signer();
                    s.init(true, new Ed25519PrivateKeyParameters(edSeed, 0));
                    s.update(input, 0, input.length);
                    return Base64URL.encode(s.generateSignature());
                }
            };
        }
        throw new IllegalArgumentException("alg must be ES256 or EdDSA, not " + alg);
    }

    /**
     * The verifiers for the keys of {@code set} (a fetched JWKS): ES256 for EC P-256 keys, EdDSA for
     * Ed25519 keys; other keys are skipped.
     */
    public static List<Keyed> verifiers(JWKSet set) {
        List<Keyed> out = new ArrayList<>();
        for (JWK k : set.getKeys()) {
            try {
                if (k instanceof ECKey e && Curve.P_256.equals(e.getCurve())) {
                    out.add(new Keyed(k.getKeyID(), JWSAlgorithm.ES256, new ECDSAVerifier(e.toPublicJWK())));
                } else if (k instanceof OctetKeyPair o && Curve.Ed25519.equals(o.getCurve())) {
                    out.add(new Keyed(k.getKeyID(), JWSAlgorithm.EdDSA, edVerifier(o.getDecodedX())));
                }
            } catch (JOSEException e) {
                // a key nimbus cannot load verifies nothing
            }
        }
        return out;
    }

    /** A verifier and the key id and algorithm it checks. */
    public record Keyed(String kid, JWSAlgorithm alg, JWSVerifier verifier) {
    }

    private static JWSVerifier edVerifier(byte[] x) {
        return new JWSVerifier() {
            @Override
            public boolean verify(JWSHeader header, byte[] input, Base64URL signature) {
                byte[] sig = signature.decode();
                if (sig.length != 64 || x.length != 32) {
                    return false;
                }
                Ed25519Signer v = new Ed25519Signer();
                v.init(false, new Ed25519PublicKeyParameters(x, 0));
                v.update(input, 0, input.length);
                return v.verifySignature(sig);
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                return Set.of(JWSAlgorithm.EdDSA);
            }

            @Override
            public JCAContext getJCAContext() {
                return new JCAContext();
            }
        };
    }

    private abstract static class Signer implements JWSSigner {
        private final JWSAlgorithm alg;

        Signer(JWSAlgorithm alg) {
            this.alg = alg;
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(alg);
        }

        @Override
        public JCAContext getJCAContext() {
            return new JCAContext();
        }
    }

    /** SHAKE256("minternet/" + purpose, seed as 8 bytes, name)[0..len]. */
    static byte[] derive(String purpose, long seed, String name, int len) {
        SHAKEDigest d = new SHAKEDigest(256);
        byte[] p = ("minternet/" + purpose).getBytes(StandardCharsets.UTF_8);
        d.update(p, 0, p.length);
        byte[] s = ByteBuffer.allocate(8).putLong(seed).array();
        d.update(s, 0, 8);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        d.update(n, 0, n.length);
        byte[] out = new byte[len];
        d.doFinal(out, 0, len);
        return out;
    }

    /** A short key id: the first 8 bytes of SHA-256 over the algorithm and public key, base64url. */
    private static String kid(String alg, byte[] pub) {
        SHA256Digest sha = new SHA256Digest();
        byte[] a = alg.getBytes(StandardCharsets.UTF_8);
        sha.update(a, 0, a.length);
        sha.update(pub, 0, pub.length);
        byte[] h = new byte[32];
        sha.doFinal(h, 0);
        return Base64URL.encode(java.util.Arrays.copyOf(h, 8)).toString();
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
