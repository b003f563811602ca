package dev.minternet.services.mesh;

import dev.minternet.tls.TlsSessionInfo;
import dev.minternet.tls.TlsStreamSocket;
import dev.minternet.trace.Trace;
import dev.minternet.wire.Ip4;
import java.security.cert.X509Certificate;

/**
 * What a sidecar's outbound mutual TLS connection negotiated, kept with the pooled connection so that a try
 * that reuses it tells the same hop ({@link MeshEvents#UPSTREAM_TLS}): the sidecar's end, the SNI, the
 * certificate it presented, the server's SPIFFE ID it verified, version, cipher, group, the handshake
 * messages in order, and the measured simulated cost of the TCP and TLS handshakes.
 */
record MeshHandshake(String local, String sni, String serial, String peer, String peerSerial, String issuer, String version,
                     String cipher, String group, String signature, String alpn, String messages, long connectNs, long handshakeNs) {

    /** The handshake of {@code t}, started at {@code startNs}, TCP established at {@code connectedNs}, TLS done at {@code doneNs}. */
    static MeshHandshake of(TlsStreamSocket t, long startNs, long connectedNs, long doneNs) {
        TlsSessionInfo s = t.session();
        X509Certificate server = s.peerCertificates().isEmpty() ? null : s.peerCertificates().get(0);
        X509Certificate own = s.localCertificates().isEmpty() ? null : s.localCertificates().get(0);
        String peer = server == null ? null : Sidecar.spiffeIdOf(server);
        return new MeshHandshake(Ip4.str(t.localAddress()) + ":" + t.localPort(), s.serverName(),
                own == null ? "" : own.getSerialNumber().toString(16), peer == null ? "" : peer,
                server == null ? "" : server.getSerialNumber().toString(16),
                server == null ? "" : server.getIssuerX500Principal().getName(), s.protocol(), s.cipherSuite(), s.keyExchangeGroup(),
                server == null ? "" : server.getSigAlgName(), s.applicationProtocol(), String.join(", ", s.clientHandshake()),
                connectedNs - startNs, doneNs - connectedNs);
    }

    /** Emits the hop for one try of a request that came from the application's {@code downstream}. */
    void emit(Trace trace, String node, String service, String spiffeId, String downstream, String upstream, String endpoint,
              boolean reused) {
        if (trace.enabled()) {
            trace.emit(node, MeshEvents.UPSTREAM_TLS, service, downstream, upstream, endpoint, local, sni,
                    serial.isEmpty() ? "" : spiffeId, serial, peer, peerSerial, issuer, version, cipher, group, signature, alpn, messages,
                    reused, reused ? 0L : connectNs, reused ? 0L : handshakeNs);
        }
    }
}
