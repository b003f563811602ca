package dev.minternet.browser;

import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The HTML report's waterfall: one lane per lookup, connection and request of a visit, each cut
 * into the phases devtools show (dns, tcp, tls; a request's request, wait and receive), read from
 * the browser's own events: a fetch's {@code sent} and {@code first_byte} split it into request
 * (until the request left), wait (until the first byte of the response) and receive.
 */
final class VisitPhases {
    private VisitPhases() {
    }

    /** The phases, in the order the legend lists them (the CSS class of each is its name). */
    static final List<String> KINDS = List.of("dns", "tcp", "tls", "request", "wait", "receive", "cache", "failed");

    /** A stretch of one phase, with what a tooltip says of it. */
    record Phase(String kind, long startNs, long endNs, String detail) {
    }

    /** One waterfall row: its label, its phases, and the row's tooltip (status, sizes, timings). */
    record Lane(String label, List<Phase> phases, String detail) {
        long startNs() {
            return phases.get(0).startNs();
        }

        long endNs() {
            return phases.get(phases.size() - 1).endNs();
        }
    }

    /** The lanes of visit {@code v} by {@code client}, in the order their first phase starts. */
    static List<Lane> of(List<TraceEvent> events, String client, Narrator.Visit v) {
        List<TraceEvent> w = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.time() >= v.startNs() && e.time() <= v.endNs() && e.node().equals(client) && e.in(BrowserEvents.CATALOG)
                    && e.type().fields().contains(BrowserEvents.VISIT) && e.num(BrowserEvents.VISIT) == v.number()) {
                w.add(e);
            }
        }
        List<Lane> lanes = new ArrayList<>();
        Set<TraceEvent> used = new HashSet<>();
        for (TraceEvent e : w) {
            if (e.isAny(BrowserEvents.DNS_CACHE_HIT, BrowserEvents.DNS_CACHE_MISS)) {
                TraceEvent r = next(w, e, used, BrowserEvents.RESOLVED);
                long end = r == null ? v.endNs() : r.time();
                String how = e.is(BrowserEvents.DNS_CACHE_HIT) ? "browser cache hit" : "asked the operating system";
                lanes.add(lane("DNS " + e.get(BrowserEvents.HOST), new Phase("dns", e.time(), end, "dns " + Narrator.ms(end - e.time()) + ", " + how),
                        r == null ? "no answer" : e.get(BrowserEvents.HOST) + " -> " + r.get(BrowserEvents.ADDRESS)));
            } else if (e.is(BrowserEvents.CONNECT)) {
                TraceEvent c = next(w, e, used, BrowserEvents.CONNECTED);
                long end = c == null ? v.endNs() : c.time();
                String to = Ip6.hostPort(e.get(BrowserEvents.ADDRESS), e.num(BrowserEvents.PORT));
                lanes.add(lane("TCP connect", new Phase(c == null ? "failed" : "tcp", e.time(), end, "tcp " + Narrator.ms(end - e.time())
                        + " (three-way handshake to " + to + ")"), c == null ? "no connection to " + to
                        : c.get(BrowserEvents.LOCAL) + " -> " + c.get(BrowserEvents.REMOTE)));
                TraceEvent t = c == null ? null : next(w, c, used, BrowserEvents.TLS_DONE);
                if (t != null) {
                    lanes.add(lane("TLS handshake", new Phase("tls", c.time(), t.time(), "tls " + Narrator.ms(t.time() - c.time())),
                            "ALPN " + t.get(BrowserEvents.ALPN)));
                }
            } else if (e.is(BrowserEvents.FETCH_START)) {
                lanes.add(fetch(w, e, used, v));
            } else if (e.is(BrowserEvents.CACHE_HIT)) {
                lanes.add(lane(e.get(BrowserEvents.PATH), new Phase("cache", e.time(), e.time(), "from the browser cache"),
                        "from the browser cache: " + Narrator.bytes(e.num(BrowserEvents.BYTES)) + ", " + Narrator.ms(e.num(BrowserEvents.AGE_NS))
                                + " old, max-age " + e.num(BrowserEvents.MAX_AGE_NS) / 1_000_000_000L + " s"));
            }
        }
        lanes.sort((a, b) -> Long.compare(a.startNs(), b.startNs()));
        return lanes;
    }

    private static Lane fetch(List<TraceEvent> w, TraceEvent start, Set<TraceEvent> used, Narrator.Visit v) {
        String path = start.get(BrowserEvents.PATH);
        TraceEvent done = null;
        for (TraceEvent e : w) {
            if (e.time() >= start.time() && !used.contains(e) && e.isAny(BrowserEvents.FETCH_DONE, BrowserEvents.FETCH_FAILED)
                    && path.equals(e.get(BrowserEvents.PATH))) {
                done = e;
                used.add(e);
                break;
            }
        }
        if (done == null || done.is(BrowserEvents.FETCH_FAILED)) {
            long end = done == null ? v.endNs() : done.time();
            String why = done == null ? "no answer" : done.get(BrowserEvents.ERROR);
            return lane(path, new Phase("failed", start.time(), end, "failed after " + Narrator.ms(end - start.time()) + ": " + why), why);
        }
        long sent = Math.max(start.time(), done.num(BrowserEvents.SENT));
        long first = Math.max(sent, done.num(BrowserEvents.FIRST_BYTE));
        List<Phase> ps = List.of(
                new Phase("request", start.time(), sent, "request " + Narrator.ms(sent - start.time())),
                new Phase("wait", sent, first, "wait " + Narrator.ms(first - sent) + " (time to first byte)"),
                new Phase("receive", first, done.time(), "receive " + Narrator.ms(done.time() - first) + ", "
                        + Narrator.bytes(done.num(BrowserEvents.WIRE_BYTES)) + " on the wire"));
        String detail = done.num(BrowserEvents.STATUS) + " " + done.get(BrowserEvents.TYPE) + ", " + Narrator.bytes(done.num(BrowserEvents.BYTES))
                + (done.get(BrowserEvents.ENCODING).isEmpty() ? "" : " (" + Narrator.bytes(done.num(BrowserEvents.WIRE_BYTES)) + " "
                + done.get(BrowserEvents.ENCODING) + ")") + " over " + done.get(BrowserEvents.PROTOCOL) + ", "
                + Narrator.ms(done.time() - start.time());
        return new Lane(path, ps, detail);
    }

    private static Lane lane(String label, Phase p, String detail) {
        return new Lane(label, List.of(p), detail);
    }

    /** The first unused event of {@code type} at or after {@code after}. */
    private static TraceEvent next(List<TraceEvent> w, TraceEvent after, Set<TraceEvent> used, dev.minternet.trace.EventType type) {
        for (TraceEvent e : w) {
            if (e.time() >= after.time() && e.is(type) && !used.contains(e)) {
                used.add(e);
                return e;
            }
        }
        return null;
    }
}
