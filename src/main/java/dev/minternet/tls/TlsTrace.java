package dev.minternet.tls;

import dev.minternet.trace.Trace;
import java.util.stream.Collectors;

/**
 * Puts a connection's {@link TlsEvent}s on the trace bus (DESIGN.md decision 7), layer "tls", so
 * the narrator, JSON export and tests read TLS the way they read every other layer. The socket
 * adapter that runs a {@link TlsConnection} over TCP calls {@link #emit} for each event it polls.
 *
 * <table>
 *   <caption>Kinds and fields</caption>
 *   <tr><th>kind</th><th>fields</th></tr>
 *   <tr><td>records</td><td>dir (sent/received), count, bytes, records ("Handshake ClientHello 365 B, ...")</td></tr>
 *   <tr><td>handshake</td><td>version, cipher, group, alpn, sni, subject, issuer, notBefore, notAfter, verify</td></tr>
 *   <tr><td>data</td><td>len (decrypted bytes received)</td></tr>
 *   <tr><td>peer-close</td><td>closeNotify</td></tr>
 *   <tr><td>closed</td><td>(none)</td></tr>
 *   <tr><td>fail</td><td>reason, exit (curl's), message (curl's), detail</td></tr>
 * </table>
 */
public final class TlsTrace {
    private TlsTrace() {
    }

    public static void emit(Trace trace, String node, TlsEvent event) {
        if (!trace.enabled()) {
            return;
        }
        if (event instanceof TlsEvent.Records r) {
            trace.emit(node, "tls", "records", "dir", r.direction() == TlsEvent.Direction.SENT ? "sent" : "received",
                    "count", r.records().size(), "bytes", r.bytes(),
                    "records", r.records().stream().map(TlsRecordHeader::toString).collect(Collectors.joining(", ")));
        } else if (event instanceof TlsEvent.HandshakeComplete h) {
            TlsSessionInfo s = h.session();
            CertificateInfo leaf = !s.peerCertificates().isEmpty() ? s.peerChain().get(0)
                    : !s.localCertificates().isEmpty() ? s.localChain().get(0) : null;
            trace.emit(node, "tls", "handshake", "version", s.protocol(), "cipher", s.cipherSuite(),
                    "group", s.keyExchangeGroup(), "alpn", s.applicationProtocol(), "sni", s.serverName(),
                    "subject", leaf == null ? "" : leaf.subject(), "issuer", leaf == null ? "" : leaf.issuer(),
                    "notBefore", leaf == null ? "" : leaf.notBefore().toString(),
                    "notAfter", leaf == null ? "" : leaf.notAfter().toString(),
                    "verify", s.verification() == null ? "ok" : s.verification().curlMessage());
        } else if (event instanceof TlsEvent.ApplicationData d) {
            trace.emit(node, "tls", "data", "len", d.data().length);
        } else if (event instanceof TlsEvent.PeerClosed p) {
            trace.emit(node, "tls", "peer-close", "closeNotify", p.closeNotify());
        } else if (event instanceof TlsEvent.Closed) {
            trace.emit(node, "tls", "closed");
        } else if (event instanceof TlsEvent.Failed f) {
            trace.emit(node, "tls", "fail", "reason", f.failure().reason().name(), "exit", f.failure().curlExitCode(),
                    "message", f.failure().curlMessage(), "detail", f.failure().detail());
        }
    }
}
