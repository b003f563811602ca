package dev.minternet.browser;

import dev.minternet.services.mesh.MeshEvents;
import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The service mesh on a request's way: the sidecar's mutual TLS hop to the upstream (the certificate it
 * presented, the SPIFFE ID it verified, the version and cipher, and the hop's measured cost as a step of its
 * own), the server sidecar's refusal and its reason, the authorization policy that decided, and the tries.
 */
final class MeshNarration implements NarrationPart {
    @Override
    public void tell(Story s) {
        for (TraceEvent e : s.window) {
            if (!e.is(MeshEvents.UPSTREAM_TLS) || e.get(MeshEvents.REUSED)) {
                continue;
            }
            long cost = e.num(MeshEvents.CONNECT_NS) + e.num(MeshEvents.HANDSHAKE_NS);
            long start = e.time() - cost;
            String to = node(e.get(MeshEvents.ENDPOINT));
            List<String> d = new ArrayList<>();
            d.add(Narrator.at(start) + " " + e.node() + "'s sidecar " + e.get(MeshEvents.LOCAL) + " -> " + e.get(MeshEvents.ENDPOINT)
                    + " [TCP " + Narrator.ms(e.num(MeshEvents.CONNECT_NS)) + "]");
            d.add(e.get(MeshEvents.VERSION) + ", " + e.get(MeshEvents.CIPHER) + ", key exchange " + e.get(MeshEvents.GROUP) + ", SNI "
                    + e.get(MeshEvents.SNI) + " [TLS " + Narrator.ms(e.num(MeshEvents.HANDSHAKE_NS)) + "]");
            d.add("handshake: " + e.get(MeshEvents.MESSAGES));
            d.add("client certificate: " + (e.get(MeshEvents.SPIFFE_ID).isEmpty() ? "none (the sidecar has no identity)"
                    : e.get(MeshEvents.SPIFFE_ID) + " (serial " + e.get(MeshEvents.SERIAL) + ")"));
            d.add("server certificate: " + e.get(MeshEvents.PEER) + " (serial " + e.get(MeshEvents.PEER_SERIAL) + "), issued by "
                    + e.get(MeshEvents.ISSUER) + ": verified, the upstream's SPIFFE ID");
            String refused = refusal(s, e);
            if (refused != null) {
                d.add(refused);
            }
            s.step("mesh-mtls " + e.get(MeshEvents.LOCAL), start, String.format(Locale.ROOT,
                    "Mutual TLS between sidecars: %s -> %s (%s)", e.node(), to, Narrator.ms(cost)),
                    e.node() + "'s sidecar takes the request in clear text on the node itself and opens mutual TLS to " + to
                            + "'s sidecar: each side shows a certificate of the mesh CA whose URI SAN is its SPIFFE ID, and each checks"
                            + " the other's, so the hop between nodes is encrypted and both ends know who is calling.", d);
            s.step("mesh-request " + e.get(MeshEvents.LOCAL), e.time(), refused != null ? to + "'s sidecar refuses " + e.node()
                    + "'s sidecar" : e.node() + "'s sidecar sends the request to " + to + " over the mutual TLS connection",
                    refused != null ? "The server's sidecar ends the connection with a TLS alert; " + e.node()
                            + "'s sidecar answers the application itself (503) after its retries."
                            : to + "'s sidecar checks its authorization policies against the caller's SPIFFE ID and passes the request"
                                    + " in clear text to its application.", new ArrayList<>());
            s.row("mTLS " + e.node() + "->" + to, start, e.time(), "");
        }
    }

    /** The server sidecar's refusal of the connection {@code hop} describes, in words, or null. */
    private static String refusal(Story s, TraceEvent hop) {
        for (TraceEvent r : s.window) {
            if (r.is(MeshEvents.REFUSED) && hop.get(MeshEvents.LOCAL).equals(r.get(MeshEvents.PEER) + ":" + r.num(MeshEvents.PEER_PORT))) {
                return "refused by " + r.node() + "'s sidecar: " + r.get(MeshEvents.REASON);
            }
        }
        return null;
    }

    private static String node(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        return colon < 0 ? endpoint : endpoint.substring(0, colon);
    }

    @Override
    public boolean follow(TraceEvent e, RequestWalk w) {
        if (e.is(MeshEvents.UPSTREAM_TLS) && (w.at == null || e.node().equals(w.at))) {
            String own = e.get(MeshEvents.SPIFFE_ID);
            w.chain.add(e.node() + "'s sidecar -> " + e.get(MeshEvents.ENDPOINT) + ": mutual TLS"
                    + (e.get(MeshEvents.REUSED) ? " (a pooled connection)" : " in "
                    + Narrator.ms(e.num(MeshEvents.CONNECT_NS) + e.num(MeshEvents.HANDSHAKE_NS)))
                    + ", presented " + (own.isEmpty() ? "no certificate" : own) + ", verified " + e.get(MeshEvents.PEER));
            if (w.verbose) {
                w.explain.add(e.node() + "'s sidecar, not the application, carries the request between nodes, over mutual TLS.");
            }
            w.at = node(e.get(MeshEvents.ENDPOINT));
            return true;
        }
        if (e.is(MeshEvents.REFUSED) && w.at != null && e.node().equals(w.at)) {
            w.chain.add(e.node() + "'s sidecar refused the connection: " + e.get(MeshEvents.REASON));
            return true;
        }
        if (e.isAny(MeshEvents.ALLOW, MeshEvents.DENY) && pathMatches(w.path, e.get(MeshEvents.PATH)) && w.at != null
                && e.node().equals(w.at)) {
            String policy = e.get(MeshEvents.POLICY);
            w.chain.add(e.node() + "'s sidecar: " + e.get(MeshEvents.PEER) + " " + e.get(MeshEvents.METHOD) + " " + e.get(MeshEvents.PATH)
                    + (e.is(MeshEvents.ALLOW) ? " allowed" + ("-".equals(policy) ? " (no policy)" : " by policy " + policy)
                    : " denied: 403, " + e.get(MeshEvents.REASON)));
            return true;
        }
        if (e.is(MeshEvents.ATTEMPT) && !e.get(MeshEvents.ERROR).isEmpty()) {
            w.chain.add(e.node() + "'s sidecar: try " + e.num(MeshEvents.TRY) + " to " + e.get(MeshEvents.ENDPOINT) + " failed: "
                    + e.get(MeshEvents.ERROR));
            w.at = e.node();
            return true;
        }
        if (e.isAny(MeshEvents.INBOUND, MeshEvents.OUTBOUND) && pathMatches(w.path, e.get(MeshEvents.PATH))) {
            w.chain.add(e.node() + "'s sidecar: " + (e.is(MeshEvents.INBOUND) ? "the application answered " : "answered the caller ")
                    + e.num(MeshEvents.STATUS) + " after " + Narrator.ms(Math.round(e.get(MeshEvents.MS) * 1e6)));
            return true;
        }
        return false;
    }

    @Override
    public void draw(TraceEvent e, Sequence seq) {
        if (e.is(MeshEvents.UPSTREAM_TLS) && !e.get(MeshEvents.REUSED)) {
            String own = e.get(MeshEvents.SPIFFE_ID);
            seq.arrow(e, e.node(), node(e.get(MeshEvents.ENDPOINT)), "mutual TLS done (" + (own.isEmpty() ? "no certificate"
                    : own.replaceFirst(".*/sa/", "")) + " -> " + e.get(MeshEvents.PEER).replaceFirst(".*/sa/", "") + ")");
        } else if (e.is(MeshEvents.REFUSED)) {
            seq.arrow(e, e.node(), seq.name(e.get(MeshEvents.PEER)),
                    "alert: refused (" + e.get(MeshEvents.REASON).replaceFirst(":.*", "") + ")");
        }
    }

    private static boolean pathMatches(String browserPath, String meshPath) {
        int q = browserPath.indexOf('?');
        return (q < 0 ? browserPath : browserPath.substring(0, q)).equals(meshPath) || browserPath.equals(meshPath);
    }
}
