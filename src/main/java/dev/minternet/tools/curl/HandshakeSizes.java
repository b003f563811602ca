package dev.minternet.tools.curl;

import dev.minternet.tls.TlsSessionInfo;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;

/**
 * The sizes curl's {@code [N bytes data]} markers give for the TLS 1.3 handshake messages,
 * handshake header (4 bytes) included, computed from what the session negotiated by the
 * structures of RFC 8446 section 4: the server's messages travel encrypted, so their lengths
 * follow from their contents (the chain sent, the signature scheme, the hash of the cipher
 * suite), and from the bytes the connection carried: the ClientHello is what the server's
 * flight acknowledged, and EncryptedExtensions the rest of that flight.
 */
final class HandshakeSizes {
    private HandshakeSizes() {
    }

    /** Finished (RFC 8446 4.4.4): the header and an HMAC as long as the suite's hash. */
    static int finished(TlsSessionInfo s) {
        return 4 + hashLength(s.cipherSuite());
    }

    static int hashLength(String suite) {
        return suite.toUpperCase(Locale.ROOT).endsWith("SHA384") ? 48 : 32;
    }

    /**
     * ServerHello (RFC 8446 4.1.3): version, random, the 32-byte legacy session id echoed in
     * middlebox-compatibility mode, suite, compression, and two extensions: supported_versions
     * (6 bytes) and key_share (8 bytes and the group's key).
     */
    static int serverHello(TlsSessionInfo s) {
        return 4 + 2 + 32 + 1 + 32 + 2 + 1 + 2 + 6 + 8 + keyShareLength(s.keyExchangeGroup());
    }

    static int keyShareLength(String group) {
        return switch (group.toLowerCase(Locale.ROOT)) {
            case "x448" -> 56;
            case "secp256r1" -> 65;
            case "secp384r1" -> 97;
            case "secp521r1" -> 133;
            default -> 32; // x25519
        };
    }

    /**
     * EncryptedExtensions (RFC 8446 4.3.1): what is left of the server's encrypted flight once
     * the ServerHello record, the compatibility change_cipher_spec record (6 bytes), the
     * encrypted records' overhead (5-byte header, inner content type and 16-byte tag each, at
     * most 2^14 bytes of plaintext per record) and the Certificate, CertificateVerify and
     * Finished are taken away: its extensions are the server engine's choice.
     */
    static int encryptedExtensions(long flightBytesReceived, TlsSessionInfo s) {
        long encrypted = flightBytesReceived - (5 + serverHello(s)) - 6;
        long records = (encrypted + 16384 + 22 - 1) / (16384 + 22);
        long inner = encrypted - 22 * records;
        long rest = s.peerCertificates().isEmpty() ? 0 : certificate(s) + certificateVerify(s);
        return (int) Math.max(6, inner - rest - finished(s));
    }

    /** Certificate (RFC 8446 4.4.2): context, list length, and each DER with its length and no extensions. */
    static int certificate(TlsSessionInfo s) {
        return certificate(s.peerCertificates());
    }

    /** Certificate of {@code chain}; an empty one (a client without a certificate) is 8 bytes. */
    static int certificate(java.util.List<X509Certificate> chain) {
        int n = 4 + 1 + 3;
        for (X509Certificate c : chain) {
            try {
                n += 3 + c.getEncoded().length + 2;
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("a peer certificate that does not encode", e);
            }
        }
        return n;
    }

    /** CertificateVerify (RFC 8446 4.4.3): scheme, length, and the leaf key's signature. */
    static int certificateVerify(TlsSessionInfo s) {
        PublicKey k = s.peerCertificates().get(0).getPublicKey();
        int sig;
        if (k instanceof RSAPublicKey r) {
            sig = (r.getModulus().bitLength() + 7) / 8;
        } else if (k instanceof ECPublicKey e) {
            int f = (e.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            sig = 2 * (f + 1) + 6; // a DER ECDSA-Sig-Value at its usual (longest) size
        } else {
            sig = k.getAlgorithm().equalsIgnoreCase("Ed448") ? 114 : 64;
        }
        return 4 + 2 + 2 + sig;
    }

    /**
     * The ClientHello: the bytes of the client's first record, which the server's flight has
     * acknowledged by the time the handshake completes, less the record header.
     */
    static int clientHello(long bytesAcked) {
        return (int) Math.max(0, bytesAcked - 5);
    }

    /**
     * A TLS 1.2 ServerHello (RFC 5246 7.4.1.3): version, random, the session id (none from this
     * world's servers, which resume nothing; OpenSSL's are 32 bytes), suite,
     * compression, and the extensions this world's server answers with: renegotiation_info (5
     * bytes), extended_master_secret (4), ec_point_formats (6) and ALPN when one was agreed.
     */
    static int serverHello12(TlsSessionInfo s) {
        int alpn = s.applicationProtocol().isEmpty() ? 0 : 4 + 2 + 1 + s.applicationProtocol().length();
        int id = s.tls12() == null ? 32 : s.tls12().sessionId().length;
        return 4 + 2 + 32 + 1 + id + 2 + 1 + 2 + 5 + 4 + 6 + alpn;
    }

    /** A TLS 1.2 Certificate (RFC 5246 7.4.2): the list length and each DER with its length. */
    static int certificate12(java.util.List<X509Certificate> chain) {
        int n = 4 + 3;
        for (X509Certificate c : chain) {
            try {
                n += 3 + c.getEncoded().length;
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("a peer certificate that does not encode", e);
            }
        }
        return n;
    }

    /**
     * ServerKeyExchange for ECDHE (RFC 8422 5.4): curve type, named group, the public key with
     * its length, then the signature scheme, length and signature (as CertificateVerify's).
     */
    static int serverKeyExchange(TlsSessionInfo s) {
        int sig = s.peerCertificates().isEmpty() ? 0 : certificateVerify(s) - 4;
        return 4 + 1 + 2 + 1 + keyShareLength(s.keyExchangeGroup()) + sig;
    }

    /**
     * The client's second TLS 1.2 flight, which the server's Finished acknowledges with the
     * ClientHello: the ClientKeyExchange record, the ChangeCipherSpec record (6 bytes) and the
     * encrypted Finished (header, GCM's 8-byte explicit nonce but none for ChaCha20, 16 bytes of
     * message, 16 of tag).
     */
    static int clientFinishedFlight12(TlsSessionInfo s) {
        int nonce = s.cipherSuite().contains("CHACHA20") ? 0 : 8;
        return 5 + 4 + 1 + keyShareLength(s.keyExchangeGroup()) + 6 + 5 + nonce + 16 + 16;
    }
}
