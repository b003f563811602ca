package dev.minternet.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
        return AGREED.size() + SIGNED.size();
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
            return p;
        }

        @Override
        public TlsSecret calculateSecret() throws IOException {
            if (ownPublic == null) {
                return super.calculateSecret();
            }
            try {
                byte[] secret = takeAgreement(ownPublic, peerPublicKey);
                if (secret == null) {
                    secret = new byte[X25519.POINT_SIZE];
                    if (!X25519.calculateAgreement(privateKey, 0, peerPublicKey, 0, secret, 0)) {
                        throw new TlsFatalAlert(AlertDescription.handshake_failure);
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
