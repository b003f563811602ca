package dev.minternet.tls;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.operator.ContentSigner;

/**
 * Ed25519 key pairs from a 32-byte seed (RFC 8032 section 5.1.5: the private key is the seed).
 *
 * <p>Ed25519 is the only signature scheme whose signatures are a pure function of key and message
 * (docs/design.md decision 6: ECDSA and RSA in the JDK draw unseeded randomness). The public key is
 * computed with BouncyCastle's lightweight API; both halves are then handed to the JDK's SunEC
 * provider as standard encodings, so the SSLEngine signs with JDK keys and no JCE provider needs
 * registering.
 *
 * <p>Certificates are signed and their signatures checked with BouncyCastle's RFC 8032 code too
 * ({@link #signer}, {@link #verifies}), the code that computed the public key, rather than with
 * SunEC's: the same bytes (an Ed25519 signature is a pure function of key and message), without
 * running SunEC's field arithmetic and SHA-512 cold in every short command (about 7% of
 * {@code visit}'s samples).
 */
final class Ed25519Keys {
    /** PKCS#8 PrivateKeyInfo header for Ed25519 (RFC 8410 section 7), followed by the 32-byte seed. */
    private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");
    /** SubjectPublicKeyInfo header for Ed25519 (RFC 8410 section 4), followed by the 32-byte key. */
    private static final byte[] SPKI_PREFIX = hex("302a300506032b6570032100");

    private Ed25519Keys() {
    }

    /** The key pair for (world seed, name): seed = SHAKE256("minternet/ed25519", worldSeed, name)[0..32]. */
    static KeyPair derive(long worldSeed, String name) {
        return fromSeed(DerivedBytes.derive("ed25519", worldSeed, name, 32));
    }

    static KeyPair fromSeed(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, not " + seed.length);
        }
        byte[] pub = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            return new KeyPair(
                    kf.generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, pub))),
                    kf.generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot load an Ed25519 key", e);
        }
    }

    /**
     * A certificate signer for an Ed25519 key of {@link #fromSeed} (the algorithm identifier
     * 1.3.101.112 with no parameters, as BouncyCastle's {@code JcaContentSignerBuilder("Ed25519")}
     * writes it), or null for a key whose seed cannot be read.
     */
    static ContentSigner signer(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey k) || k.getBytes().isEmpty() || k.getBytes().get().length != 32) {
            return null;
        }
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(k.getBytes().get(), 0));
        AlgorithmIdentifier id = new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                signer.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                signer.update(b, off, len);
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
                return signer.generateSignature();
            }
        };
    }

    /**
     * Whether {@code cert}'s Ed25519 signature verifies under {@code key}; null when either is not
     * Ed25519 in the standard encodings (the caller then asks the JDK).
     */
    static Boolean verifies(X509Certificate cert, PublicKey key) {
        byte[] spki = key.getEncoded();
        if (!EdECObjectIdentifiers.id_Ed25519.getId().equals(cert.getSigAlgOID()) || spki == null
                || spki.length != SPKI_PREFIX.length + 32
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            return null;
        }
        byte[] tbs;
        try {
            tbs = cert.getTBSCertificate();
        } catch (CertificateEncodingException e) {
            return false;
        }
        byte[] sig = cert.getSignature();
        if (sig == null || sig.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
            return false;
        }
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, new Ed25519PublicKeyParameters(spki, SPKI_PREFIX.length));
        v.update(tbs, 0, tbs.length);
        return v.verifySignature(sig);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] hex(String s) {
        byte[] r = new byte[s.length() / 2];
        for (int i = 0; i < r.length; i++) {
            r[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return r;
    }
}
