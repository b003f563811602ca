package dev.minternet.tls;

import dev.minternet.trace.Trace;
import java.util.stream.Collectors;

/**
 * Puts a connection's {@link TlsEvent}s on the trace bus (docs/design.md decision 7) as the events of
 * {@link TlsEvents}, so the narrator, JSON export and tests read TLS the way they read every other
 * layer. The socket adapter that runs a {@link TlsConnection} over TCP calls {@link #emit} for each
 * event it polls.
 */
final class TlsTrace {
    private TlsTrace() {
    }

    public static void emit(Trace trace, String node, TlsEvent event) {
        if (!trace.enabled()) {
            return;
        }
        if (event instanceof TlsEvent.Records r) {
            trace.emit(node, TlsEvents.RECORDS, r.direction() == TlsEvent.Direction.SENT ? TlsEvents.SENT : TlsEvents.RECEIVED,
                    r.records().size(), r.bytes(), r.records().stream().map(TlsRecordHeader::toString).collect(Collectors.joining(", ")));
        } else if (event instanceof TlsEvent.HandshakeComplete h) {
            TlsSessionInfo s = h.session();
            CertificateInfo leaf = !s.peerCertificates().isEmpty() ? CertificateInfo.of(s.peerCertificates().get(0))
                    : !s.localCertificates().isEmpty() ? CertificateInfo.of(s.localCertificates().get(0)) : null;
            trace.emit(node, TlsEvents.HANDSHAKE, s.protocol(), s.cipherSuite(), s.keyExchangeGroup(), s.applicationProtocol(),
                    s.serverName(), leaf == null ? "" : leaf.subject(), leaf == null ? "" : leaf.issuer(),
                    leaf == null ? "" : leaf.notBefore().toString(), leaf == null ? "" : leaf.notAfter().toString(),
                    s.verification() == null ? "ok" : s.verification().curlMessage());
        } else if (event instanceof TlsEvent.ApplicationData d) {
            trace.emit(node, TlsEvents.DATA, d.data().length);
        } else if (event instanceof TlsEvent.PeerClosed p) {
            trace.emit(node, TlsEvents.PEER_CLOSE, p.closeNotify());
        } else if (event instanceof TlsEvent.Closed) {
            trace.emit(node, TlsEvents.CLOSED);
        } else if (event instanceof TlsEvent.Failed f) {
            trace.emit(node, TlsEvents.FAIL, f.failure().reason().name(), f.failure().curlExitCode(),
                    f.failure().curlMessage(), f.failure().detail());
        }
    }
}
