package dev.minternet.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * ECDSA P-256 key pairs derived from (world seed, name), and a certificate signer whose nonces
 * follow RFC 6979 (deterministic ECDSA), so that minting a world twice gives the same bytes.
 *
 * <p>The private scalar is {@code d = 1 + (SHAKE256("minternet/ecdsa-p256", worldSeed, name)[0..40]
 * mod (n - 1))}: 320 bits reduced modulo the group order, a bias below 2^-64. The public point
 * is computed with BouncyCastle's curve arithmetic and both halves are handed to the JDK as
 * standard specs, as {@link Ed25519Keys} does for Ed25519.
 */
final class EcdsaKeys {
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECParameterSpec JDK_P256 = jdkSpec();

    private EcdsaKeys() {
    }

    static KeyPair derive(long worldSeed, String name) {
        BigInteger n = P256.getN();
        BigInteger d = new BigInteger(1, DerivedBytes.derive("ecdsa-p256", worldSeed, name, 40))
                .mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        org.bouncycastle.math.ec.ECPoint q = P256.getG().multiply(d).normalize();
        ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        try {
            KeyFactory kf = KeyFactory.getInstance("EC");
            return new KeyPair(kf.generatePublic(new ECPublicKeySpec(w, JDK_P256)),
                    kf.generatePrivate(new ECPrivateKeySpec(d, JDK_P256)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot load a P-256 key", e);
        }
    }

    /** A signer for ecdsa-with-SHA256 certificates with RFC 6979 nonces (the JDK's draws randomness). */
    static ContentSigner signer(PrivateKey key) {
        AsymmetricKeyParameter priv;
        try {
            priv = PrivateKeyFactory.createKey(key.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read a P-256 private key", e);
        }
        SHA256Digest digest = new SHA256Digest();
        DSADigestSigner dsa = new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest())), digest);
        dsa.init(true, priv);
        AlgorithmIdentifier id = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                dsa.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                dsa.update(b, off, len);
            }
        };
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return id;
            }

            @Override
            public OutputStream getOutputStream() {
                return out;
            }

            @Override
            public byte[] getSignature() {
                return dsa.generateSignature();
            }
        };
    }

    private static ECParameterSpec jdkSpec() {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK does not know secp256r1", e);
        }
    }
}
