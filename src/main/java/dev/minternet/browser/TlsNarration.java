package dev.minternet.browser;

import dev.minternet.tls.TlsEvents;
import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/** TLS: the handshake on the browser's connection (step "tls"), who terminated it, its arrow. */
final class TlsNarration implements NarrationPart {
    @Override
    public void tell(Story s) {
        TraceEvent connected = s.first(BrowserEvents.CONNECTED);
        TraceEvent done = s.first(BrowserEvents.TLS_DONE);
        if (connected == null || done == null || !done.get(BrowserEvents.LOCAL).equals(connected.get(BrowserEvents.LOCAL))) {
            return; // no TLS on the page's own connection (another origin's handshake is told with that origin)
        }
        TraceEvent client = null;
        TraceEvent server = null;
        for (TraceEvent e : s.window) {
            if (e.is(TlsEvents.HANDSHAKE)) {
                if (client == null && e.node().equals(s.client)) {
                    client = e;
                } else if (server == null && !e.node().equals(s.client)) {
                    server = e;
                }
            }
        }
        List<String> d = new ArrayList<>();
        if (client != null) {
            d.add(client.get(TlsEvents.VERSION) + ", " + client.get(TlsEvents.CIPHER) + ", key exchange " + client.get(TlsEvents.GROUP)
                    + ", SNI " + client.get(TlsEvents.SNI));
            d.add("certificate: " + client.get(TlsEvents.SUBJECT) + ", issued by " + client.get(TlsEvents.ISSUER) + ", valid "
                    + client.get(TlsEvents.NOT_BEFORE) + " to " + client.get(TlsEvents.NOT_AFTER) + ": verify " + client.get(TlsEvents.VERIFY));
            d.add("ALPN: the server chose " + (client.get(TlsEvents.ALPN).isEmpty() ? "nothing (HTTP/1.1)" : client.get(TlsEvents.ALPN)));
        }
        if (server != null) {
            d.add("terminated on " + server.node());
        }
        s.step("tls", connected.time(), "TLS handshake with " + s.host(), explain(s, client, server), d);
        s.row("TLS handshake", connected.time(), done.time(), "");
    }

    private static String explain(Story s, TraceEvent client, TraceEvent server) {
        String peer = server != null ? server.node() : s.server();
        if (client == null) {
            return s.client + " and " + peer + " agree on keys before any HTTP is sent.";
        }
        String version = client.get(TlsEvents.VERSION);
        return s.client + " and " + peer + " agree on keys and a cipher (" + client.get(TlsEvents.CIPHER) + " over "
                + client.get(TlsEvents.GROUP) + "), and the browser checks the certificate chain " + peer + " sends (issued by "
                + client.get(TlsEvents.ISSUER) + ") against the certificate authorities it trusts, "
                + (version.equals(TlsEvents.TLS_1_3) ? "all in one more round trip (TLS 1.3)." : "before any HTTP is sent (" + version + ").");
    }

    /** "TLSv1.3" as people write it: "TLS 1.3". */
    static String version(TraceEvent handshake) {
        return handshake.get(TlsEvents.VERSION).replace("TLSv", "TLS ");
    }

    @Override
    public void draw(TraceEvent e, Sequence seq) {
        if (e.is(TlsEvents.HANDSHAKE) && e.node().equals(seq.client)) {
            seq.arrow(e, seq.server, seq.client, version(e) + " handshake done (" + e.get(TlsEvents.ALPN) + ")");
        }
    }
}
