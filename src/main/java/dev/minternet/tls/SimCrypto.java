package dev.minternet.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsAgreement;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsECConfig;
import org.bouncycastle.tls.crypto.TlsECDomain;
import org.bouncycastle.tls.crypto.TlsNonceGenerator;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipher;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsSecret;
import org.bouncycastle.tls.crypto.impl.bc.BcX25519Domain;

/**
 * BouncyCastle's lightweight TLS crypto (pure Java X25519, Ed25519, HKDF, AES-GCM) with these
 * changes for the simulator:
 * <ul>
 *   <li><b>Determinism</b> (docs/design.md decision 6): BouncyCastle mixes {@code System.nanoTime()}
 *       and a JVM-wide counter into every connection's nonce generator (client and server
 *       randoms, the legacy session id); here nonces come straight from the context's
 *       {@link SeededSecureRandom}, like key shares do.</li>
 *   <li><b>Key log</b>: while a sink is attached ({@link #logTo}), the TLS 1.3 key
 *       schedule runs on {@link LoggedSecret}s, which report each traffic secret as
 *       HKDF-Expand-Label derives it (RFC 8446 section 7.1). Without one, nothing is wrapped.</li>
 *   <li><b>Speed</b>: SHA-2 (transcript hash, HKDF, HMAC) is the JDK's, which HotSpot runs on
 *       the CPU's SHA instructions ({@link JdkDigest}), and AES-GCM records are the JDK's
 *       (AES-NI, {@link JdkAesGcm}), and X.509 certificates are parsed and their keys decoded once
 *       per encoding ({@link KnownCertificates}); the outputs are the same. A client takes the
 *       X25519 secret its server computed, and the server's CertificateVerify signature as made,
 *       instead of computing them again ({@link HandshakeWork}).</li>
 * </ul>
 * One per context; not thread-safe (the simulation thread owns it).
 */
final class SimCrypto extends BcTlsCrypto {
    private final SecureRandom random;
    private SecretSink sink;

    SimCrypto(SecureRandom random) {
        super(random);
        this.random = random;
    }

    @Override
    public TlsNonceGenerator createNonceGenerator(byte[] additionalSeedMaterial) {
        return size -> {
            byte[] b = new byte[size];
            random.nextBytes(b);
            return b;
        };
    }

    /**
     * SHA-256/384/512 from the JDK ({@link JdkDigest}: CPU instructions, same output); the rest
     * (MD5, SHA-1, ... for TLS 1.2 and below) stay BouncyCastle's.
     */
    @Override
    public Digest createDigest(int cryptoHashAlgorithm) {
        switch (cryptoHashAlgorithm) {
            case CryptoHashAlgorithm.sha256:
                return JdkDigest.sha256();
            case CryptoHashAlgorithm.sha384:
                return JdkDigest.sha384();
            case CryptoHashAlgorithm.sha512:
                return JdkDigest.sha512();
            default:
                return super.createDigest(cryptoHashAlgorithm);
        }
    }

    @Override
    public Digest cloneDigest(int cryptoHashAlgorithm, Digest digest) {
        if (digest instanceof JdkDigest d) {
            return (Digest) d.copy();
        }
        return super.cloneDigest(cryptoHashAlgorithm, digest);
    }

    /** AES-GCM record protection by the JDK ({@link JdkAesGcm}: AES-NI, same records). */
    @Override
    protected TlsAEADCipher createCipher_AES_GCM(TlsCryptoParameters cryptoParams, int cipherKeySize, int macSize)
            throws IOException {
        return new TlsAEADCipher(cryptoParams, new JdkAesGcm(true), new JdkAesGcm(false), cipherKeySize, macSize,
                TlsAEADCipher.AEAD_GCM, null);
    }

    /**
     * X.509 certificates parsed and their keys decoded once per encoding ({@link
     * KnownCertificates}: the same certificate, the same checks, less CPU); other types as
     * BouncyCastle makes them.
     */
    @Override
    public TlsCertificate createCertificate(short type, byte[] encoding) throws IOException {
        if (type == CertificateType.X509) {
            return KnownCertificates.of(this, encoding);
        }
        return super.createCertificate(type, encoding);
    }

    /** X25519 as BouncyCastle's, sharing the secret between the two ends ({@link HandshakeWork.Agreement}); other groups as they are. */
    /** The named group of the last (EC)DHE domain made, -1 after {@link #takeGroup}. */
    private int lastGroup = -1;

    /**
     * The group the engine made a key exchange for since the last call (-1: none): TLS 1.2's
     * ServerKeyExchange group, which BouncyCastle does not keep in its SecurityParameters. A
     * connection asks after each step it lets the engine take (one connection at a time).
     */
    int takeGroup() {
        int g = lastGroup;
        lastGroup = -1;
        return g;
    }

    @Override
    public TlsECDomain createECDomain(TlsECConfig ecConfig) {
        lastGroup = ecConfig.getNamedGroup();
        if (ecConfig.getNamedGroup() == NamedGroup.x25519) {
            return new BcX25519Domain(this) {
                @Override
                public TlsAgreement createECDH() {
                    return new HandshakeWork.Agreement(crypto);
                }
            };
        }
        return super.createECDomain(ecConfig);
    }

    /** Where a connection's traffic secrets go: (key log label, secret). */
    interface SecretSink {
        void secret(String label, byte[] secret);
    }

    /**
     * Routes the secrets derived from now on to {@code sink} (null to stop). A connection with a
     * key log sets it around every step it lets the engine take.
     */
    void logTo(SecretSink sink) {
        this.sink = sink;
    }

    @Override
    public TlsSecret hkdfInit(int cryptoHashAlgorithm) {
        TlsSecret s = super.hkdfInit(cryptoHashAlgorithm);
        return sink == null ? s : new LoggedSecret(this, s.extract());
    }

    /** A secret whose HKDF children stay logged, and which reports the traffic secrets. */
    private static final class LoggedSecret extends BcTlsSecret {
        private final SimCrypto owner;

        LoggedSecret(SimCrypto owner, byte[] data) {
            super(owner, data);
            this.owner = owner;
        }

        @Override
        public synchronized TlsSecret hkdfExpand(int cryptoHashAlgorithm, byte[] info, int length) {
            byte[] out = super.hkdfExpand(cryptoHashAlgorithm, info, length).extract();
            String label = KeyLog.labelOf(hkdfLabel(info));
            if (label != null && owner.sink != null) {
                owner.sink.secret(label, out.clone());
            }
            return new LoggedSecret(owner, out);
        }

        @Override
        public synchronized TlsSecret hkdfExtract(int cryptoHashAlgorithm, TlsSecret ikm) {
            return new LoggedSecret(owner, super.hkdfExtract(cryptoHashAlgorithm, ikm).extract());
        }

        /** The label of an HkdfLabel structure (RFC 8446 section 7.1) without its "tls13 " prefix. */
        private static String hkdfLabel(byte[] info) {
            if (info.length < 3) {
                return "";
            }
            int n = info[2] & 0xff;
            if (3 + n > info.length || n < 6) {
                return "";
            }
            return new String(info, 3 + 6, n - 6, StandardCharsets.US_ASCII);
        }
    }
}
