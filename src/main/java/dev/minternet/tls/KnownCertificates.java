package dev.minternet.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.crypto.Tls13Verifier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The engine's X.509 certificates as every handshake receives them, kept by their DER bytes: a
 * world has few certificates and every connection to a server presents the same chain, so the
 * ASN.1 structure is parsed once and the public key decoded once per encoding (a bounded cache,
 * least recently used out, shared by every context and thread). Keeping the decoded key also keeps
 * what BouncyCastle's elliptic-curve code precomputes on its point (the window tables of the
 * CertificateVerify check), so each later check of the same key skips that work. Parsing,
 * decoding and verifying are deterministic, and an encoding that fails to parse or a key that
 * fails to decode is never kept (it fails the same way each time), so the cache changes no
 * output, only CPU time.
 */
final class KnownCertificates {
    private static final int CACHE = 256;

    /** A parsed certificate and its public key once decoded (null until then). */
    private static final class Known {
        final Certificate parsed;
        volatile AsymmetricKeyParameter key;
        /** Its DER encoding as BouncyCastle makes it from the parsed structure, once made (null until then). */
        volatile byte[] der;

        Known(Certificate parsed) {
            this.parsed = parsed;
        }
    }

    private static final Map<ByteBuffer, Known> KNOWN = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Known> e) {
            return size() > CACHE;
        }
    };

    private KnownCertificates() {
    }

    /**
     * What {@code new BcTlsCertificate(crypto, encoding)} gives, with the parse and the key's
     * decoding shared with earlier certificates of the same encoding.
     */
    static BcTlsCertificate of(BcTlsCrypto crypto, byte[] encoding) throws IOException {
        ByteBuffer key = ByteBuffer.wrap(encoding);
        Known k;
        synchronized (KNOWN) {
            k = KNOWN.get(key);
        }
        if (k == null) {
            k = new Known(BcTlsCertificate.parseCertificate(encoding));
            synchronized (KNOWN) {
                KNOWN.put(ByteBuffer.wrap(encoding.clone()), k);
            }
        }
        return new KeptKey(crypto, k);
    }

    /** A certificate whose public key is decoded once for every certificate of its encoding. */
    private static final class KeptKey extends BcTlsCertificate {
        private final Known known;

        KeptKey(BcTlsCrypto crypto, Known known) {
            super(crypto, known.parsed);
            this.known = known;
        }

        @Override
        protected AsymmetricKeyParameter getPublicKey() throws IOException {
            AsymmetricKeyParameter k = known.key;
            if (k == null) {
                k = super.getPublicKey(); // a key that fails to decode throws here, each time
                known.key = k;
            }
            return k;
        }

        /**
         * The DER encoding, made from the parsed structure once per encoding rather than for
         * every handshake (each server's Certificate message and each client's reading of its
         * peer's chain re-encoded every certificate); a copy, as BouncyCastle returns a new array.
         */
        @Override
        public byte[] getEncoded() throws IOException {
            byte[] d = known.der;
            if (d == null) {
                d = super.getEncoded();
                known.der = d.clone();
                return d;
            }
            return d.clone();
        }

        /** BouncyCastle's verifier; for Ed25519, one that takes a signature its server left as checked ({@link HandshakeWork}). */
        @Override
        public Tls13Verifier createVerifier(int signatureScheme) throws IOException {
            Tls13Verifier v = super.createVerifier(signatureScheme);
            if (signatureScheme != SignatureScheme.ed25519) {
                return v;
            }
            return HandshakeWork.takingSignatures(v, getPubKeyEd25519().getEncoded());
        }
    }
}
