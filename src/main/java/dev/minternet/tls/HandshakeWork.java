package dev.minternet.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.Tls13Verifier;
import org.bouncycastle.tls.crypto.TlsAgreement;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.TlsStreamSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcX25519;

/**
 * Work the two ends of one handshake would both do, done once: both run in this JVM, so what
 * the server computed the client can take instead of computing it again.
 * <ul>
 *   <li><b>The X25519 shared secret.</b> The server computes X25519(b, A) from its private key b
 *       and the client's share A; the client then computes X25519(a, B), which is the same value
 *       (a·(b·G) = b·(a·G)). The server leaves it under the pair of public keys (its own B,
 *       made by its own key generation, and A), and a client whose own share is A and whose peer's
 *       is B takes it. A pair is only ever left by the holder of one of its two private keys, so a
 *       share an attacker or a test made up (a low-order point, a non-canonical encoding, any
 *       value nobody generated) finds nothing and is computed in full.</li>
 *   <li><b>The server's half of it, from the base point.</b> Both private keys are in this JVM too:
 *       each side leaves its private key under its share when it generates it. The server, whose
 *       client left a' (clamped, as X25519 uses it) under A = a'·G, computes b'·A = (a'·b')·G as a
 *       multiplication of the base point, whose precomputed tables make it about 2.6 times
 *       cheaper than the ladder over an arbitrary point (83 against 32 µs measured here). G has
 *       prime order ℓ, so any s ≡ ±a'·b' (mod ℓ) gives the same x-coordinate; X25519's clamping
 *       leaves s = 8t alone when 2^251 ≤ t < 2^252, and one of t ≡ ±a'·b'/8 (mod ℓ) lies there
 *       except with probability about 2^-127, when the ladder runs as before
 *       ({@link #fromBase}).</li>
 *   <li><b>The CertificateVerify check.</b> The server signs the handshake's transcript with
 *       Ed25519; the client verifies that signature with the public key in the certificate. The
 *       server leaves (public key derived from the private key it signed with, message,
 *       signature); a verification of exactly those bytes is then true (a signature made by a key
 *       verifies under that key's public key), and any other (another key, one changed bit, a
 *       key that does not match its certificate) is verified in full.</li>
 * </ul>
 * Each entry is taken once. What is left and never taken (a client that gave up) goes when the
 * table is full (it is then emptied: the cost is only a computation done in full). Nothing on
 * the wire, no result and no simulated time changes; only CPU time (DESIGN decision 6). Shared
 * by every world and thread (a partitioned run has its servers and clients on different threads).
 */
final class HandshakeWork {
    /** At most this many entries wait to be taken (a flash crowd has a few thousand handshakes in flight). */
    static final int CAPACITY = 1 << 16;

    private static final ConcurrentHashMap<ByteBuffer, byte[]> AGREED = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<ByteBuffer, Boolean> SIGNED = new ConcurrentHashMap<>();
    /** Each X25519 share generated here, with its private key: until the first end of its handshake computes the secret. */
    private static final ConcurrentHashMap<ByteBuffer, byte[]> PRIVATE = new ConcurrentHashMap<>();
    private static final AtomicLong FROM_BASE = new AtomicLong();
    /** The order ℓ of the base point (RFC 7748 section 4.1), 1/8 modulo it, and the range of t. */
    private static final BigInteger ORDER = BigInteger.ONE.shiftLeft(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger EIGHTH = BigInteger.valueOf(8).modInverse(ORDER);
    private static final BigInteger T_MIN = BigInteger.ONE.shiftLeft(251);
    private static final BigInteger T_END = BigInteger.ONE.shiftLeft(252);
    private static final AtomicLong TAKEN = new AtomicLong();

    private HandshakeWork() {
    }

    /** The secret the holder of the other private key left for this pair of public keys, taken; null if none. */
    static byte[] takeAgreement(byte[] ownPublic, byte[] peerPublic) {
        return counted(AGREED.remove(key(peerPublic, ownPublic)));
    }

    /** Leaves the secret that {@code ownPublic}'s private key agreed with {@code peerPublic}. */
    static void leaveAgreement(byte[] ownPublic, byte[] peerPublic, byte[] secret) {
        if (AGREED.size() >= CAPACITY) {
            AGREED.clear();
        }
        AGREED.put(key(ownPublic, peerPublic), secret.clone());
    }

    /** Leaves the private key of a share this JVM generated, for the first end of its handshake to compute the secret from the base point. */
    static void leavePrivate(byte[] ownPublic, byte[] privateKey) {
        if (PRIVATE.size() >= CAPACITY) {
            PRIVATE.clear();
        }
        PRIVATE.put(ByteBuffer.wrap(ownPublic.clone()), privateKey.clone());
    }

    /** The private key left under share {@code publicKey}, taken; null if none. */
    static byte[] takePrivate(byte[] publicKey) {
        return PRIVATE.remove(ByteBuffer.wrap(publicKey));
    }

    /**
     * X25519(a, b·G), that is x((a'·b')·G) with a' and b' the clamped scalars, computed as a
     * multiplication of the base point by s = 8t with t ≡ ±a'·b'/8 (mod ℓ), 2^251 ≤ t < 2^252: a
     * scalar X25519's clamping leaves as it is. Null when neither sign of t lies in that range
     * (then the caller runs the ladder). Bit for bit X25519's result: the x-coordinate of a
     * point of prime order ℓ depends only on its scalar modulo ℓ, up to sign.
     */
    static byte[] fromBase(byte[] a, byte[] b) {
        BigInteger t = clamped(a).multiply(clamped(b)).mod(ORDER).multiply(EIGHTH).mod(ORDER);
        if (t.compareTo(T_MIN) < 0) {
            t = ORDER.subtract(t); // -t: the same x-coordinate
        }
        if (t.compareTo(T_MIN) < 0 || t.compareTo(T_END) >= 0) {
            return null;
        }
        byte[] big = t.shiftLeft(3).toByteArray(); // big-endian, at most 32 bytes (s < 2^255)
        byte[] s = new byte[X25519.SCALAR_SIZE];
        for (int i = 0; i < big.length && i < s.length; i++) {
            s[i] = big[big.length - 1 - i];
        }
        byte[] out = new byte[X25519.POINT_SIZE];
        X25519.scalarMultBase(s, 0, out, 0);
        Arrays.fill(s, (byte) 0);
        FROM_BASE.incrementAndGet();
        return out;
    }

    /** An X25519 private key as its scalar: little-endian, clamped (RFC 7748 section 5). */
    private static BigInteger clamped(byte[] k) {
        byte[] big = new byte[X25519.SCALAR_SIZE];
        for (int i = 0; i < big.length; i++) {
            big[i] = k[big.length - 1 - i];
        }
        big[0] = (byte) (big[0] & 0x7F | 0x40);
        big[big.length - 1] &= (byte) 0xF8;
        return new BigInteger(1, big);
    }

    /** Secrets computed from the base point so far (for tests). */
    static long fromBaseCount() {
        return FROM_BASE.get();
    }

    /** Whether the holder of {@code publicKey}'s private key left this signature of this message, taken. */
    static boolean takeSigned(byte[] publicKey, byte[] message, byte[] signature) {
        return counted(SIGNED.remove(key(publicKey, signature, message))) != null;
    }

    /** Leaves a signature that the private key of {@code publicKey} made of {@code message}. */
    static void leaveSigned(byte[] publicKey, byte[] message, byte[] signature) {
        if (SIGNED.size() >= CAPACITY) {
            SIGNED.clear();
        }
        SIGNED.put(key(publicKey, signature, message), Boolean.TRUE);
    }

    /** Entries waiting (for tests). */
    static int waiting() {
        return AGREED.size() + SIGNED.size() + PRIVATE.size();
    }

    /** Entries taken so far, agreements and signatures (for tests). */
    static long taken() {
        return TAKEN.get();
    }

    private static <T> T counted(T taken) {
        if (taken != null) {
            TAKEN.incrementAndGet();
        }
        return taken;
    }

    /** A table key: each part after its length (two bytes), so that no two lists of parts give the same bytes. */
    private static ByteBuffer key(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += 2 + p.length;
        }
        ByteBuffer k = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            k.putShort((short) p.length).put(p);
        }
        return k.flip();
    }

    /**
     * BouncyCastle's X25519 agreement ({@link BcX25519}: the same key generation, the same
     * secret, the same alert when the result is all zeros), leaving or taking the shared secret.
     */
    static final class Agreement extends BcX25519 implements TlsAgreement {
        private byte[] ownPublic;

        Agreement(BcTlsCrypto crypto) {
            super(crypto);
        }

        @Override
        public byte[] generateEphemeral() throws IOException {
            byte[] p = super.generateEphemeral();
            ownPublic = p.clone();
            leavePrivate(p, privateKey);
            return p;
        }

        @Override
        public TlsSecret calculateSecret() throws IOException {
            if (ownPublic == null) {
                return super.calculateSecret();
            }
            try {
                byte[] secret = takeAgreement(ownPublic, peerPublicKey);
                byte[] own = takePrivate(ownPublic);
                if (own != null) {
                    Arrays.fill(own, (byte) 0);
                }
                if (secret == null) {
                    byte[] peer = takePrivate(peerPublicKey);
                    if (peer != null) {
                        secret = fromBase(privateKey, peer); // a share generated here: never the all-zero result
                        Arrays.fill(peer, (byte) 0);
                    }
                    if (secret == null) {
                        secret = new byte[X25519.POINT_SIZE];
                        if (!X25519.calculateAgreement(privateKey, 0, peerPublicKey, 0, secret, 0)) {
                            throw new TlsFatalAlert(AlertDescription.handshake_failure);
                        }
                    }
                    leaveAgreement(ownPublic, peerPublicKey, secret);
                }
                TlsSecret s = crypto.createSecret(secret); // a copy
                Arrays.fill(secret, (byte) 0);
                return s;
            } finally {
                Arrays.fill(privateKey, (byte) 0);
                Arrays.fill(peerPublicKey, (byte) 0);
            }
        }
    }

    /** A server's Ed25519 signer that leaves each CertificateVerify signature it makes; others as they are. */
    static TlsCredentialedSigner leavingSignatures(TlsCredentialedSigner signer, AsymmetricKeyParameter key) {
        if (!(key instanceof Ed25519PrivateKeyParameters ed)) {
            return signer;
        }
        byte[] publicKey = ed.generatePublicKey().getEncoded();
        return new TlsCredentialedSigner() {
            @Override
            public Certificate getCertificate() {
                return signer.getCertificate();
            }

            @Override
            public byte[] generateRawSignature(byte[] hash) throws IOException {
                return signer.generateRawSignature(hash);
            }

            @Override
            public SignatureAndHashAlgorithm getSignatureAndHashAlgorithm() {
                return signer.getSignatureAndHashAlgorithm();
            }

            @Override
            public TlsStreamSigner getStreamSigner() throws IOException {
                TlsStreamSigner inner = signer.getStreamSigner();
                if (inner == null) {
                    return null;
                }
                ByteArrayOutputStream message = new ByteArrayOutputStream(160);
                return new TlsStreamSigner() {
                    @Override
                    public OutputStream getOutputStream() {
                        return message;
                    }

                    @Override
                    public byte[] getSignature() throws IOException {
                        byte[] m = message.toByteArray();
                        inner.getOutputStream().write(m);
                        byte[] s = inner.getSignature();
                        leaveSigned(publicKey, m, s);
                        return s;
                    }
                };
            }
        };
    }

    /** A TLS 1.3 verifier for {@code publicKey} that takes a signature left by its signer as valid and checks any other in full. */
    static Tls13Verifier takingSignatures(Tls13Verifier verifier, byte[] publicKey) {
        ByteArrayOutputStream message = new ByteArrayOutputStream(160);
        return new Tls13Verifier() {
            @Override
            public OutputStream getOutputStream() {
                return message;
            }

            @Override
            public boolean verifySignature(byte[] signature) throws IOException {
                byte[] m = message.toByteArray();
                if (signature != null && takeSigned(publicKey, m, signature)) {
                    return true;
                }
                verifier.getOutputStream().write(m);
                return verifier.verifySignature(signature);
            }
        };
    }
}
