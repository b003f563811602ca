package dev.minternet.tools.curl;

import dev.minternet.node.Node;
import dev.minternet.services.mesh.MeshEvents;
import dev.minternet.services.mesh.MeshRegistry;
import dev.minternet.tools.CertText;
import dev.minternet.tools.Terminal;
import dev.minternet.trace.Trace;
import dev.minternet.trace.TraceEvent;
import dev.minternet.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code curl -v} on a workload whose requests go through its mesh sidecar: the hop real curl cannot see, the
 * sidecar's mutual TLS to the upstream, told from the trace (the sidecar's {@link MeshEvents#UPSTREAM_TLS} and
 * {@link MeshEvents#ATTEMPT} for this transfer's connection, and the server sidecar's
 * {@link MeshEvents#REFUSED} for the sidecar's end of it) as it happens, between the request and the
 * response. The lines are curl's own (its TLS handshake lines, "SSL connection using", the certificate)
 * under a {@code [mesh]} tag, as curl tags its HTTP/2 lines {@code [HTTP/2] [1]}.
 */
final class MeshHop implements TraceSink {
    /** curl's name and number of each TLS 1.3 handshake message (lib/vtls/openssl.c, ssl_msg_type). */
    private static final Map<String, String> CURL_NAMES = Map.of("ClientHello", "TLS handshake, Client hello (1)",
            "ServerHello", "TLS handshake, Server hello (2)", "EncryptedExtensions", "TLS handshake, Encrypted Extensions (8)",
            "CertificateRequest", "TLS handshake, Request CERT (13)", "Certificate", "TLS handshake, Certificate (11)",
            "CertificateVerify", "TLS handshake, CERT verify (15)", "Finished", "TLS handshake, Finished (20)",
            "ChangeCipherSpec", "TLS change cipher, Change cipher spec (1)");
    static final String TAG = "* [mesh] ";

    private final Node node;
    private final Terminal term;
    private final String downstream;
    private final Trace trace;
    /** The sidecar's ends of the upstream connections this transfer's tries used. */
    private final TreeSet<String> locals = new TreeSet<>();

    private MeshHop(Node node, Terminal term, String downstream) {
        this.node = node;
        this.term = term;
        this.downstream = downstream;
        this.trace = node.world().trace();
    }

    /** Watches the mesh hop of the transfer whose connection's end is {@code downstream}, when {@code node} has a sidecar; else null. */
    static MeshHop watch(Node node, Terminal term, String downstream) {
        if (MeshRegistry.of(node.world()).on(node.name()) == null) {
            return null;
        }
        MeshHop h = new MeshHop(node, term, downstream);
        h.trace.subscribe(h);
        return h;
    }

    void stop() {
        trace.unsubscribe(this);
    }

    @Override
    public void accept(TraceEvent e) {
        if (e.is(MeshEvents.UPSTREAM_TLS) && mine(e)) {
            locals.add(e.get(MeshEvents.LOCAL));
            lines(e).forEach(l -> term.println(TAG + l));
        } else if (e.is(MeshEvents.ATTEMPT) && mine(e)) {
            long status = e.num(MeshEvents.STATUS);
            term.println(TAG + "try " + e.num(MeshEvents.TRY) + " to " + e.get(MeshEvents.ENDPOINT) + ": "
                    + (status != 0 ? "answered " + status : "failed: " + e.get(MeshEvents.ERROR)));
        } else if (e.is(MeshEvents.REFUSED) && locals.contains(e.get(MeshEvents.PEER) + ":" + e.num(MeshEvents.PEER_PORT))) {
            term.println(TAG + "refused by " + e.node() + "'s sidecar (" + e.get(MeshEvents.SERVICE) + "): " + e.get(MeshEvents.REASON));
        }
    }

    private boolean mine(TraceEvent e) {
        return e.node().equals(node.name()) && e.get(MeshEvents.DOWNSTREAM).equals(downstream);
    }

    /** The lines of one try's connection: the handshake as curl prints its own, or the reuse of a pooled one. */
    static List<String> lines(TraceEvent e) {
        List<String> out = new ArrayList<>();
        String version = e.get(MeshEvents.VERSION);
        String endpoint = e.get(MeshEvents.ENDPOINT);
        String own = e.get(MeshEvents.SPIFFE_ID);
        String peer = e.get(MeshEvents.PEER);
        if (e.get(MeshEvents.REUSED)) {
            out.add("Re-using existing mutual TLS connection " + e.get(MeshEvents.LOCAL) + " -> " + endpoint + " (" + version + ", server "
                    + peer + ", client " + (own.isEmpty() ? "without a certificate" : own) + ")");
            return out;
        }
        out.add(e.get(MeshEvents.SERVICE) + "'s sidecar opens mutual TLS from " + e.get(MeshEvents.LOCAL) + " to " + endpoint + " ("
                + e.get(MeshEvents.UPSTREAM) + "), SNI " + e.get(MeshEvents.SNI));
        for (String m : e.get(MeshEvents.MESSAGES).split(", ")) {
            int sp = m.indexOf(' ');
            out.add(version + " (" + m.substring(0, sp) + "), " + CURL_NAMES.getOrDefault(m.substring(sp + 1), m.substring(sp + 1)) + ":");
        }
        String sig = e.get(MeshEvents.SIGNATURE);
        out.add("SSL connection using " + version + " / " + e.get(MeshEvents.CIPHER) + " / " + e.get(MeshEvents.GROUP).toUpperCase(Locale.ROOT)
                + " / " + (sig.isEmpty() ? "UNDEF" : CertText.signatureName(sig)));
        String alpn = e.get(MeshEvents.ALPN);
        out.add(alpn.isEmpty() ? "ALPN: server did not agree on a protocol. Uses default." : "ALPN: server accepted " + alpn);
        out.add(own.isEmpty() ? "Client certificate: none (this sidecar has no identity): sent an empty Certificate"
                : "Client certificate: URI:" + own + " (serial " + e.get(MeshEvents.SERIAL) + ")");
        out.add("Server certificate:");
        out.add(" subjectAltName: URI \"" + peer + "\" is the upstream's SPIFFE ID (serial " + e.get(MeshEvents.PEER_SERIAL) + ")");
        out.add(" issuer: " + e.get(MeshEvents.ISSUER));
        out.add(" SSL certificate verify ok.");
        out.add(String.format(Locale.ROOT, "mutual TLS to %s in %.3f ms (TCP %.3f ms, TLS %.3f ms)", endpoint,
                (e.num(MeshEvents.CONNECT_NS) + e.num(MeshEvents.HANDSHAKE_NS)) / 1e6, e.num(MeshEvents.CONNECT_NS) / 1e6,
                e.num(MeshEvents.HANDSHAKE_NS) / 1e6));
        return out;
    }
}
