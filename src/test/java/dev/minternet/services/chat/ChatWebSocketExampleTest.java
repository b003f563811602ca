package dev.minternet.services.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.ws.WsEvents;
import dev.minternet.services.lb.LbEvents;
import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/chat-websocket.yaml end to end: two people chat over WebSockets through a load
 * balancer (one with permessage-deflate), a third over wss://, a chat server crashes. One run,
 * every interface captured, serves the checks; a second run must be byte-identical.
 */
class ChatWebSocketExampleTest {
    static final Path EXAMPLE = Path.of("examples/chat-websocket.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    @Test
    void every_member_hears_every_message_of_its_room_in_one_order() {
        assertThat(run.terminal("alice")).startsWith("* alice joined room 1 (1 member)", "* bob joined room 1 (2 members)",
                "alice: hi bob", "bob: hi alice, how is the weather?", "alice: sunny, and the latency is 2 ms to the router",
                "* bob left room 1 (1 member)", "* carol joined room 1 (2 members)", "carol: found you",
                "alice: welcome, carol");
        assertThat(run.terminal("bob")).startsWith("* bob joined room 1 (2 members)", "alice: hi bob",
                "bob: hi alice, how is the weather?", "alice: sunny, and the latency is 2 ms to the router");
        // chat-1 had carol alone; its crash resets her tunnel; she reconnects to chat-2
        assertThat(run.terminal("carol")).containsExactly("* carol joined room 1 (1 member)", "carol: hello? anyone?",
                "websocat: WebSocketError: I/O failure", "websocat: error running", "* carol joined room 1 (2 members)",
                "carol: found you", "alice: welcome, carol", "* alice left room 1 (1 member)");
        assertThat(run.terminal("bob")).contains("websocat: WebSocketError: Received unexpected status code (404 Not Found)");
    }

    @Test
    void the_closing_handshake_is_clean_with_status_1000_and_the_server_closes_first() {
        List<TraceEvent> closes = run.events(e -> e.is(WsEvents.CLOSE)
                && e.node().equals("bob"));
        assertThat(closes).hasSize(1);
        assertThat(closes.get(0).num(WsEvents.CODE)).isEqualTo(1000);
        assertThat(closes.get(0).get(WsEvents.CLEAN)).isEqualTo(true);
        assertThat(closes.get(0).get(WsEvents.INITIATOR)).isEqualTo("local");
        List<TraceEvent> leave = run.events(e -> e.is(ChatEvents.LEAVE) && "bob".equals(e.get(ChatEvents.MEMBER)));
        assertThat(leave).hasSize(1);
        assertThat(leave.get(0).num(ChatEvents.CODE)).isEqualTo(1000);
    }

    @Test
    void the_balancer_tunnels_the_upgrade_and_resets_tunnels_of_a_backend_marked_down() {
        List<TraceEvent> open = run.events(LbEvents.TUNNEL_OPEN);
        assertThat(open).extracting(e -> e.get(LbEvents.BACKEND)).containsExactly("chat-2", "chat-2", "chat-1", "chat-2");
        List<String> why = run.events(LbEvents.TUNNEL_CLOSE).stream().map(e -> e.get(LbEvents.BACKEND) + ": " + e.get(LbEvents.WHY)).toList();
        assertThat(why).contains("chat-1: backend down");
        long down = run.events(LbEvents.BACKEND_DOWN).get(0).time();
        long failure = run.events(e -> e.is(WsEvents.CLOSE) && e.node().equals("carol")).get(0).time();
        assertThat(failure - down).as("carol hears the reset one trip after the balancer sends it").isBetween(0L, 100_000_000L);
        // the chat server names a member behind the balancer by the name it asked for; X-Forwarded-For reached it
        assertThat(run.events(ChatEvents.JOIN)).extracting(e -> e.get(ChatEvents.MEMBER)).containsExactly("alice", "bob", "carol", "carol");
    }

    @Test
    void permessage_deflate_is_negotiated_only_by_the_client_that_offers_it() {
        List<TraceEvent> opens = run.events(e -> e.is(WsEvents.OPEN) && e.get(WsEvents.SIDE).equals("client"));
        assertThat(opens).extracting(e -> e.node() + " " + e.get(WsEvents.EXTENSIONS)).containsExactly("alice ", "bob permessage-deflate",
                "carol ", "carol ");
    }

    @Test
    void tshark_decodes_the_chat_as_websocket_with_nothing_malformed_and_the_texts_of_the_trace() throws Exception {
        Oracles.tshark();
        List<Path> pcaps;
        try (Stream<Path> s = Files.list(run.dir())) {
            pcaps = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertThat(pcaps).hasSize(14);
        // the clients' links, the balancer's two sides (clear text to both chat servers)
        pcaps = pcaps.stream().filter(p -> List.of("alice-eth0.pcap", "bob-eth0.pcap", "lb-eth1.pcap", "lb-eth2.pcap")
                .contains(p.getFileName().toString())).toList();
        assertThat(pcaps).isNotEmpty();
        for (Path p : pcaps) {
            Tshark.assertClean(p);
        }
        // alice's side is clear text end to end: every text frame tshark sees is one the trace saw leave or arrive
        Path alice = run.dir().resolve("alice-eth0.pcap");
        List<String> texts = new ArrayList<>();
        for (Map<String, String> row : Tshark.fields(alice, "websocket.opcode == 1", "websocket.mask", "websocket.payload.text")) {
            texts.add(row.get("websocket.mask") + " " + row.get("websocket.payload.text"));
        }
        List<String> traced = run.events(e -> e.is(WsEvents.FRAME) && e.node().equals("alice")
                && e.get(WsEvents.OPCODE).equals("text")).stream()
                .map(e -> (e.get(WsEvents.DIR).equals("send") ? "1" : "0") + " " + e.get(WsEvents.DATA)).toList();
        assertThat(texts).isEqualTo(traced);
        assertThat(texts).contains("1 hi bob", "0 alice: hi bob");
        assertThat(Tshark.count(alice, "http.response.code == 101")).isEqualTo(1);
        assertThat(Tshark.count(alice, "websocket.opcode == 8")).as("close frames both ways").isEqualTo(2);
    }

    @Test
    void two_runs_are_byte_identical() {
        run.assertRerunIdentical();
    }
}
