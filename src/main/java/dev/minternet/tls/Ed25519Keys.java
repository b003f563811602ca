package dev.minternet.tls;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Ed25519 key pairs from a 32-byte seed (RFC 8032 section 5.1.5: the private key is the seed).
 *
 * <p>Ed25519 is the only signature scheme whose signatures are a pure function of key and message
 * (docs/design.md decision 6: ECDSA and RSA in the JDK draw unseeded randomness). The public key is
 * computed with BouncyCastle's lightweight API; both halves are then handed to the JDK's SunEC
 * provider as standard encodings, so the SSLEngine signs with JDK keys and no JCE provider needs
 * registering.
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
