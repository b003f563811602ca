package dev.minternet.browser;

import dev.minternet.dns.DnsEvents;
import dev.minternet.http.ws.WsEvents;
import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What a page did after it loaded, from the trace: the WebSockets its scripts opened (the name
 * looked up, the opening handshake and its 101 Switching Protocols, every message the server
 * pushed) until the next visit starts. The page load time does not include it, as a browser's
 * load event does not.
 */
final class AfterLoad {
    private AfterLoad() {
    }

    /** The lines for visit {@code v} of {@code client}, from {@code from} (its page-loaded event) on. */
    static List<String> lines(List<TraceEvent> events, String client, long v, int from) {
        List<String> out = new ArrayList<>();
        long opened = -1;
        /** The URL of each socket by its local end, to tell a ws:// handshake (no TLS) from a wss:// one. */
        java.util.Map<String, String> byLocal = new java.util.HashMap<>();
        for (int i = from; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            if (!e.node().equals(client)) {
                continue;
            }
            if (e.is(BrowserEvents.NAVIGATE)) {
                break;
            }
            if (e.in(BrowserEvents.CATALOG) && e.has(BrowserEvents.VISIT) && e.num(BrowserEvents.VISIT) != v) {
                continue;
            }
            if (e.is(BrowserEvents.WS_OPEN)) {
                opened = e.time();
                out.add("After the load, the page's script opens a WebSocket: " + e.get(BrowserEvents.URL));
            } else if (e.is(DnsEvents.LOOKUP) && opened >= 0) {
                String addresses = e.get(DnsEvents.ADDRESSES);
                out.add(at(e) + "DNS " + e.get(DnsEvents.QNAME) + " -> " + (addresses.isEmpty()
                        ? "no " + e.get(DnsEvents.QTYPE) + " record (" + e.get(DnsEvents.RCODE) + ", " : addresses + " (")
                        + "from the " + e.get(DnsEvents.SOURCE) + " in " + Narrator.ms(e.time() - opened) + ")");
            } else if (e.is(BrowserEvents.WS_CONNECTED)) {
                byLocal.put(e.get(BrowserEvents.LOCAL), e.get(BrowserEvents.URL));
                out.add(at(e) + "TCP connected over " + e.get(BrowserEvents.FAMILY) + ", " + e.get(BrowserEvents.LOCAL) + " -> "
                        + e.get(BrowserEvents.REMOTE) + " (" + e.get(BrowserEvents.WHY) + ")");
            } else if (e.is(WsEvents.HANDSHAKE) && opened >= 0) {
                String conn = e.get(WsEvents.CONN);
                String url = byLocal.getOrDefault(conn.substring(0, Math.max(0, conn.indexOf(" -> "))), "");
                out.add(at(e) + (url.startsWith("ws://") ? "connected (TCP; ws:// is clear text, no TLS)"
                        : "connected (TCP, then TLS with ALPN http/1.1: WebSockets need HTTP/1.1's Upgrade)") + ", sends GET "
                        + e.get(WsEvents.TARGET) + " with Upgrade: websocket, Sec-WebSocket-Key " + e.get(WsEvents.KEY));
            } else if (e.is(BrowserEvents.WS_UPGRADED)) {
                out.add(at(e) + "101 Switching Protocols from " + e.get(BrowserEvents.URL) + " after "
                        + Narrator.ms(e.num(BrowserEvents.OPEN_NS)) + ": the connection is now a WebSocket and stays open");
            } else if (e.is(BrowserEvents.WS_MESSAGE)) {
                out.add(at(e) + "pushed by the server (" + Narrator.bytes(e.num(BrowserEvents.BYTES)) + "): "
                        + e.get(BrowserEvents.TEXT));
            } else if (e.is(BrowserEvents.WS_FAILED)) {
                out.add(at(e) + "the WebSocket " + e.get(BrowserEvents.URL) + " failed: " + e.get(BrowserEvents.ERROR));
            } else if (e.is(BrowserEvents.WS_CLOSED)) {
                out.add(at(e) + "the WebSocket " + e.get(BrowserEvents.URL) + " closed (code " + e.num(BrowserEvents.CODE) + ")");
            }
        }
        return out;
    }

    private static String at(TraceEvent e) {
        return "  [" + Narrator.sec(e.time()) + "] ";
    }
}
