package dev.minternet.browser;

import dev.minternet.ip.IpEvents;
import dev.minternet.ip6.Ip6Events;
import dev.minternet.netfilter.FirewallEvents;
import dev.minternet.netfilter.NatEvents;
import dev.minternet.tls.TlsEvents;
import dev.minternet.transport.tcp.TcpEvents;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.Ipv4Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequence diagram's close-ups: the browser's SYN drawn hop by hop through the routers that
 * forwarded it (with the NAT mapping and the firewall verdict it met on the way), in place of the
 * end-to-end arrow; and the TLS handshake drawn message by message from the client's record
 * flights (RFC 8446 2: ClientHello; ServerHello, {EncryptedExtensions}, {Certificate},
 * {CertificateVerify}, {Finished}; the client's {Finished}).
 *
 * <p>TLS 1.3 encrypts every handshake message after ServerHello, so the trace sees them as
 * ApplicationData records. Their names here are the order RFC 8446 4 fixes for a flight of that
 * many records (modelled, not decrypted): braces mark them, as the RFC writes encrypted messages.
 */
final class HopByHop {
    private HopByHop() {
    }

    private static final String TCP = Ipv4Packet.protocolName(Ipv4Packet.PROTO_TCP);
    private static final String APPLICATION_DATA = "ApplicationData";
    private static final String HANDSHAKE = "Handshake ";

    /** Draws the SYN's hops and the TLS handshake's messages of {@code s}'s visit into {@code seq}. */
    static void draw(Story s, Sequence seq) {
        TcpNarration.Handshake h = TcpNarration.handshake(s);
        if (h != null) {
            route(s, seq, h);
        }
        tls(s, seq);
    }

    private static void route(Story s, Sequence seq, TcpNarration.Handshake h) {
        boolean v6 = h.address().indexOf(':') >= 0;
        String src = h.syn().get(TcpEvents.SRC);
        List<String> hops = RouteNarration.route(s, h);
        if (hops.size() < 3) {
            return; // no router on the way: the end-to-end arrow says it all
        }
        seq.erase(h.syn());
        String label = "TCP SYN";
        seq.arrow(h.syn(), hops.get(0), hops.get(1), label);
        for (int i = 1; i < hops.size() - 1; i++) {
            String router = hops.get(i);
            TraceEvent forward = v6
                    ? first(s, h, e -> e.is(Ip6Events.FORWARD) && e.node().equals(router)
                            && h.address().equals(e.get(Ip6Events.DST)) && src.equals(e.get(Ip6Events.SRC)))
                    : first(s, h, e -> e.is(IpEvents.FORWARD) && e.node().equals(router)
                            && h.address().equals(e.get(IpEvents.DST)) && TCP.equals(e.get(IpEvents.PROTO)));
            if (forward == null) {
                continue;
            }
            List<String> notes = new ArrayList<>();
            TraceEvent nat = first(s, h, e -> e.is(NatEvents.MAPPING) && e.node().equals(router) && e.get(NatEvents.INSIDE).equals(h.local()));
            if (nat != null) {
                notes.add("NAT as " + nat.get(NatEvents.OUTSIDE)); // the inside end is the client's own
            }
            TraceEvent verdict = first(s, h, e -> e.is(FirewallEvents.VERDICT) && e.node().equals(router)
                    && FirewallEvents.isTo(e, h.address(), h.port()));
            if (verdict != null) {
                notes.add("firewall " + verdict.get(FirewallEvents.TARGET) + " (rule " + verdict.get(FirewallEvents.RULE) + ")");
            }
            String detail = Sequence.detail(forward) + (nat == null ? "" : "\n" + Sequence.detail(nat))
                    + (verdict == null ? "" : "\n" + Sequence.detail(verdict));
            seq.arrow(forward, router, hops.get(i + 1), label + (notes.isEmpty() ? " forwarded" : ", " + String.join(", ", notes)), detail);
        }
    }

    /** The first event in the handshake's round trip that {@code test} accepts, or null. */
    private static TraceEvent first(Story s, TcpNarration.Handshake h, java.util.function.Predicate<TraceEvent> test) {
        for (TraceEvent e : s.window) {
            if (e.time() >= h.syn().time() && e.time() <= h.untilNs() && test.test(e)) {
                return e;
            }
        }
        return null;
    }

    /**
     * The client's record flights from its ClientHello to the first flight it sends once the
     * handshake is done (its Finished), one arrow per record.
     */
    private static void tls(Story s, Sequence seq) {
        boolean started = false;
        boolean done = false;
        for (TraceEvent e : s.window) {
            if (!e.node().equals(s.client)) {
                continue;
            }
            if (e.is(TlsEvents.HANDSHAKE)) {
                done = true;
            } else if (e.is(TlsEvents.RECORDS)) {
                String[] records = e.get(TlsEvents.RECORD_LIST).split(", ");
                boolean sent = TlsEvents.SENT.equals(e.get(TlsEvents.DIR));
                if (!started && !(sent && records[0].startsWith(HANDSHAKE + "ClientHello"))) {
                    continue;
                }
                started = true;
                List<String> names = names(records, sent, done);
                for (int i = 0; i < records.length; i++) {
                    seq.arrow(e, sent ? s.client : seq.server, sent ? seq.server : s.client, "TLS " + names.get(i),
                            Sequence.detail(e) + "\nrecord " + (i + 1) + " of " + records.length + ": " + records[i]);
                }
                if (done && sent) {
                    return;
                }
            }
        }
    }

    /**
     * Each record of a flight as "ServerHello (127 B)"; the encrypted handshake records named in
     * RFC 8446 4's order for a flight of that many (full handshake: EncryptedExtensions,
     * Certificate, CertificateVerify, Finished; resumed with a PSK: EncryptedExtensions, Finished;
     * the client's second flight: Finished).
     */
    static List<String> names(String[] records, boolean sent, boolean done) {
        int encrypted = 0;
        for (String r : records) {
            if (r.startsWith(APPLICATION_DATA)) {
                encrypted++;
            }
        }
        List<String> order = sent && done && encrypted == 1 ? List.of("Finished")
                : !sent && encrypted == 4 ? List.of("EncryptedExtensions", "Certificate", "CertificateVerify", "Finished")
                : !sent && encrypted == 5 ? List.of("EncryptedExtensions", "CertificateRequest", "Certificate", "CertificateVerify", "Finished")
                : !sent && encrypted == 2 ? List.of("EncryptedExtensions", "Finished")
                : List.of();
        List<String> out = new ArrayList<>();
        int k = 0;
        for (String r : records) {
            int space = r.lastIndexOf(' ', r.length() - 3); // "... 127 B": the size is the last two words
            String what = space < 0 ? r : r.substring(0, space);
            String size = space < 0 ? "" : " (" + r.substring(space + 1) + ")";
            if (what.equals(APPLICATION_DATA) && k < order.size()) {
                what = "{" + order.get(k++) + "}";
            } else if (what.startsWith(HANDSHAKE)) {
                what = what.substring(HANDSHAKE.length());
            }
            out.add(what + size);
        }
        return out;
    }
}
