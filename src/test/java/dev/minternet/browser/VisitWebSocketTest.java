package dev.minternet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.ws.WsEvents;
import dev.minternet.services.chat.ChatEvents;
import dev.minternet.sim.Durations;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default world's page opens a WebSocket once it has loaded (its script's {@code new
 * WebSocket('wss://chat.example.com/room/lobby')}): the visit tells the lookup, the opening
 * handshake, the 101 Switching Protocols and what the chat server pushed, all from the trace, and
 * the page load time does not include it. The socket asks AAAA beside A and races the families
 * (Happy Eyeballs v2) as the page's connections do, and the narration says which family won.
 */
class VisitWebSocketTest {
    static TraceEvent first(List<TraceEvent> events, dev.minternet.trace.EventType type) {
        return events.stream().filter(e -> e.is(type)).findFirst().orElseThrow();
    }

    @Test
    void after_the_load_the_page_opens_a_websocket_and_the_server_pushes_the_join() throws Exception {
        VisitTest.Run r = VisitTest.run(1, null, 0, Durations.S);
        Narrator.Visit v = r.visits().get(0);
        TraceEvent loaded = first(r.events(), BrowserEvents.PAGE_LOADED);
        TraceEvent open = first(r.events(), BrowserEvents.WS_OPEN);
        TraceEvent tcp = first(r.events(), BrowserEvents.WS_CONNECTED);
        TraceEvent upgraded = first(r.events(), BrowserEvents.WS_UPGRADED);
        TraceEvent pushed = first(r.events(), BrowserEvents.WS_MESSAGE);
        TraceEvent join = first(r.events(), ChatEvents.JOIN);

        assertThat(open.time()).as("the script runs once the page has loaded").isEqualTo(loaded.time());
        assertThat(v.loadNs()).isEqualTo(loaded.num(BrowserEvents.LOAD_NS));
        assertThat(upgraded.num(BrowserEvents.OPEN_NS)).isEqualTo(upgraded.time() - open.time());
        assertThat(join.node()).isEqualTo("chat");
        assertThat(join.get(ChatEvents.ROOM)).isEqualTo("lobby");
        // Happy Eyeballs v2 as the page's connections: AAAA beside A, IPv6 preferred and connected within the 250 ms delay
        assertThat(tcp.get(BrowserEvents.FAMILY)).isEqualTo("IPv6");
        assertThat(tcp.get(BrowserEvents.REMOTE)).isEqualTo("[2001:db8:93:48::50]:443");
        assertThat(tcp.get(BrowserEvents.WHY)).isEqualTo(
                "Happy Eyeballs v2: IPv6 (preferred) connected within the 250 ms connection attempt delay");
        assertThat(upgraded.get(BrowserEvents.LOCAL)).isEqualTo(tcp.get(BrowserEvents.LOCAL)).startsWith("[2001:db8:81:200:");
        // no NAT on IPv6: the chat server sees the laptop's own global address
        assertThat(pushed.get(BrowserEvents.TEXT)).isEqualTo("* " + upgraded.get(BrowserEvents.LOCAL) + " joined room lobby (1 member)");
        // the client's opening handshake went to the chat server over its own HTTP/1.1 connection
        TraceEvent hs = r.events().stream().filter(e -> e.is(WsEvents.HANDSHAKE) && e.node().equals("laptop")).findFirst().orElseThrow();
        assertThat(hs.get(WsEvents.TARGET)).isEqualTo("/room/lobby");

        List<String> text = Narrator.render(v, false);
        int loadedLine = text.indexOf(String.format(java.util.Locale.ROOT, "Page loaded in %s", Narrator.ms(v.loadNs())));
        assertThat(loadedLine).isPositive();
        assertThat(text.subList(loadedLine + 1, text.size())).containsExactly(
                "After the load, the page's script opens a WebSocket: wss://chat.example.com/room/lobby",
                text.get(loadedLine + 2),
                text.get(loadedLine + 3),
                "  [" + Narrator.sec(tcp.time()) + "] TCP connected over IPv6, " + tcp.get(BrowserEvents.LOCAL)
                        + " -> [2001:db8:93:48::50]:443 (Happy Eyeballs v2: IPv6 (preferred) connected within the 250 ms "
                        + "connection attempt delay)",
                "  [" + Narrator.sec(hs.time()) + "] connected (TCP, then TLS with ALPN http/1.1: WebSockets need HTTP/1.1's "
                        + "Upgrade), sends GET /room/lobby with Upgrade: websocket, Sec-WebSocket-Key " + hs.get(WsEvents.KEY),
                "  [" + Narrator.sec(upgraded.time()) + "] 101 Switching Protocols from wss://chat.example.com/room/lobby after "
                        + Narrator.ms(upgraded.num(BrowserEvents.OPEN_NS)) + ": the connection is now a WebSocket and stays open",
                "  [" + Narrator.sec(pushed.time()) + "] pushed by the server (74 B): " + pushed.get(BrowserEvents.TEXT));
        assertThat(text.get(loadedLine + 2)).startsWith("  [").contains("DNS chat.example.com -> 2001:db8:93:48::50 (from the server in ");
        assertThat(text.get(loadedLine + 3)).startsWith("  [").contains("DNS chat.example.com -> 93.184.216.50 (from the server in ");
    }

    @Test
    void the_next_visit_closes_the_page_socket_as_going_away_and_opens_its_own() throws Exception {
        VisitTest.Run r = VisitTest.run(2, null, 0, Durations.S);
        List<TraceEvent> closes = r.events().stream().filter(e -> e.is(WsEvents.CLOSE) && e.node().equals("chat")).toList();
        assertThat(closes).hasSize(1);
        assertThat(closes.get(0).num(WsEvents.CODE)).isEqualTo(1001);
        assertThat(r.events().stream().filter(e -> e.is(ChatEvents.JOIN)).map(e -> e.num(ChatEvents.MEMBERS)))
                .containsExactly(1L, 1L);
        assertThat(Narrator.render(r.visits().get(1), false)).anyMatch(l -> l.endsWith("joined room lobby (1 member)"));
        // the second socket takes both families from the browser's DNS cache: no new query, IPv6 again
        assertThat(r.events().stream().filter(e -> e.is(dev.minternet.dns.DnsEvents.LOOKUP) && e.node().equals("laptop")
                && e.get(dev.minternet.dns.DnsEvents.QNAME).equals("chat.example.com"))).hasSize(2);
        assertThat(r.events().stream().filter(e -> e.is(BrowserEvents.WS_CONNECTED)).map(e -> e.get(BrowserEvents.FAMILY)))
                .containsExactly("IPv6", "IPv6");
    }
}
