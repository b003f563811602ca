package dev.minternet.tls;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a completed handshake negotiated, for the narrator and curl's "* SSL connection using
 * TLSv1.3 / TLS_AES_256_GCM_SHA384" and "* ALPN: server accepted h2" lines.
 *
 * @param protocol            "TLSv1.3"
 * @param cipherSuite         e.g. "TLS_AES_256_GCM_SHA384"
 * @param keyExchangeGroup    the (EC)DHE group of the ServerHello's key_share, e.g. "x25519" (read
 *                            from the wire: the JDK does not expose it)
 * @param applicationProtocol the ALPN result ("h2", "http/1.1"), or "" when none was negotiated
 * @param serverName          the SNI host name sent (client) or received (server), or "" if none
 * @param peerCertificates    the chain the peer sent, leaf first (on a server: the client's, with mutual TLS; else empty)
 * @param localCertificates   the chain this side sent (on a client: the one it answered a CertificateRequest with, else empty)
 * @param verification        on a client, null when the peer's chain verified; otherwise why it
 *                            did not (only possible in insecure mode, curl -k, which goes on anyway)
 * @param certificateRequested whether the server's flight carried a CertificateRequest (mutual TLS)
 * @param tls12               what a TLS 1.2 session has beside (OpenSSL's SSL-Session block); null for TLS 1.3
 */
public record TlsSessionInfo(String protocol, String cipherSuite, String keyExchangeGroup, String applicationProtocol,
                             String serverName,
                             List<X509Certificate> peerCertificates, List<X509Certificate> localCertificates,
                             TlsFailure verification, boolean certificateRequested, Tls12 tls12) {
    public TlsSessionInfo {
        peerCertificates = List.copyOf(peerCertificates);
        localCertificates = List.copyOf(localCertificates);
    }

    /**
     * A TLS 1.2 session's state as OpenSSL keeps it.
     *
     * @param sessionId           the ServerHello's session id; on a client that got a ticket, SHA-256 of the
     *                            ticket, as OpenSSL sets it (tls_process_new_session_ticket)
     * @param masterSecret        the 48-byte master secret (RFC 7627 extended when {@code extendedMasterSecret})
     * @param ticket              the NewSessionTicket's ticket (RFC 5077), or empty when none came
     * @param ticketLifetimeHint  its lifetime hint in seconds (0 without a ticket)
     * @param secureRenegotiation whether the peer sent renegotiation_info (RFC 5746)
     * @param extendedMasterSecret whether both ends used extended_master_secret (RFC 7627)
     */
    public record Tls12(byte[] sessionId, byte[] masterSecret, byte[] ticket, long ticketLifetimeHint,
                        boolean secureRenegotiation, boolean extendedMasterSecret) {
        public Tls12 {
            sessionId = sessionId.clone();
            masterSecret = masterSecret.clone();
            ticket = ticket.clone();
        }

        @Override
        public byte[] sessionId() {
            return sessionId.clone();
        }

        @Override
        public byte[] masterSecret() {
            return masterSecret.clone();
        }

        @Override
        public byte[] ticket() {
            return ticket.clone();
        }
    }

    /** A TLS 1.3 session (or one without TLS 1.2 details). */
    public TlsSessionInfo(String protocol, String cipherSuite, String keyExchangeGroup, String applicationProtocol, String serverName,
                          List<X509Certificate> peerCertificates, List<X509Certificate> localCertificates, TlsFailure verification,
                          boolean certificateRequested) {
        this(protocol, cipherSuite, keyExchangeGroup, applicationProtocol, serverName, peerCertificates, localCertificates,
                verification, certificateRequested, null);
    }

    /** A session without a CertificateRequest. */
    public TlsSessionInfo(String protocol, String cipherSuite, String keyExchangeGroup, String applicationProtocol, String serverName,
                          List<X509Certificate> peerCertificates, List<X509Certificate> localCertificates, TlsFailure verification) {
        this(protocol, cipherSuite, keyExchangeGroup, applicationProtocol, serverName, peerCertificates, localCertificates,
                verification, false);
    }

    /**
     * A TLS 1.3 client's handshake messages in the order they crossed, each {@code OUT} (sent) or {@code IN}
     * (received) and its RFC 8446 name, as this session had them: a CertificateRequest and the client's
     * Certificate (empty without an identity, then no CertificateVerify) only with mutual TLS, the
     * compatibility change_cipher_spec (RFC 8446 D.4) before the client's second flight.
     */
    public List<String> clientHandshake() {
        List<String> m = new java.util.ArrayList<>(List.of("OUT ClientHello", "IN ServerHello", "IN EncryptedExtensions"));
        if (certificateRequested) {
            m.add("IN CertificateRequest");
        }
        if (!peerCertificates.isEmpty()) {
            m.add("IN Certificate");
            m.add("IN CertificateVerify");
        }
        m.add("IN Finished");
        m.add("OUT ChangeCipherSpec");
        if (certificateRequested) {
            m.add("OUT Certificate");
            if (!localCertificates.isEmpty()) {
                m.add("OUT CertificateVerify");
            }
        }
        m.add("OUT Finished");
        return m;
    }

    public List<CertificateInfo> peerChain() {
        return CertificateInfo.of(peerCertificates);
    }

    public List<CertificateInfo> localChain() {
        return CertificateInfo.of(localCertificates);
    }

    /** One line, e.g. "TLSv1.3 TLS_AES_256_GCM_SHA384 alpn=h2 sni=www.example.com peer=[CN=www.example.com, ...]". */
    @Override
    public String toString() {
        return protocol + " " + cipherSuite + " " + keyExchangeGroup + " alpn=" + (applicationProtocol.isEmpty() ? "-" : applicationProtocol)
                + " sni=" + (serverName.isEmpty() ? "-" : serverName)
                + " peer=" + peerCertificates.stream().map(c -> c.getSubjectX500Principal().getName()).toList()
                + (verification == null ? "" : " verification=" + verification);
    }
}
