package dev.minternet.services.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.ws.WsEvents;
import dev.minternet.services.lb.LbEvents;
import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load balancer's WebSocket tunnels: the idle timeout, a backend closing, a backend that refuses. */
class ChatThroughBalancerTest {
    static String world(String chatFields, String lbFields, String timeline) {
        return """
                name: t
                routing: global
                duration: 30s
                nodes:
                  - {name: c, kind: host}
                  - {name: lb, kind: host, services: [{type: lb, port: 80, backends: [s:80]%s}]}
                  - {name: s, kind: host, services: [{type: chat, port: 80%s}]}
                links:
                  - {a: c 10.0.1.2/24, b: lb 10.0.1.1/24, delay: 5ms}
                  - {a: lb 10.0.2.1/24, b: s 10.0.2.2/24, delay: 1ms}
                timeline:
                """.formatted(lbFields, chatFields) + timeline;
    }

    @Test
    void an_idle_tunnel_is_closed_by_the_balancer_and_pings_keep_one_alive() {
        String timeline = "  - {at: 1s, on: c, run: \"websocat ws://lb/room/a\"}\n";
        Runs.Result idle = Runs.run(world(", ping: 0", ", idle-timeout: 5s", timeline));
        TraceEvent close = idle.events(LbEvents.TUNNEL_CLOSE).get(0);
        assertThat(close.get(LbEvents.WHY)).startsWith("idle timeout");
        assertThat(close.time()).isBetween(6_000_000_000L, 6_100_000_000L);
        // the balancer closes with a FIN, no close frame: the client sees an abnormal close (1006)
        assertThat(idle.terminal("c")).endsWith("websocat: WebSocketError: I/O failure", "websocat: error running");

        Runs.Result pinged = Runs.run(world(", ping: 2s", ", idle-timeout: 5s", timeline));
        assertThat(pinged.events(LbEvents.TUNNEL_CLOSE)).isEmpty();
        assertThat(pinged.events(e -> e.is(WsEvents.FRAME) && e.node().equals("c")
                && e.get(WsEvents.OPCODE).equals("pong"))).hasSizeGreaterThan(10);
    }

    @Test
    void a_client_ping_interval_gets_pongs_through_the_tunnel() {
        Runs.Result r = Runs.run(world(", ping: 0", "", "  - {at: 1s, on: c, run: \"websocat --ping-interval 3 --ping-timeout 10 ws://lb/room/a\"}\n"));
        List<TraceEvent> pongs = r.events(e -> e.is(WsEvents.FRAME) && e.node().equals("c")
                && e.get(WsEvents.OPCODE).equals("pong") && e.get(WsEvents.DIR).equals("receive"));
        assertThat(pongs).hasSizeGreaterThanOrEqualTo(9);
        assertThat(r.terminal("c")).containsExactly("* 10.0.1.2 joined room a (1 member)");
    }

    @Test
    void a_backend_that_crashes_silently_leaves_the_tunnel_to_the_idle_timeout_or_the_health_checks() {
        Runs.Result r = Runs.run(world(", ping: 0", ", idle-timeout: 60s, health: {interval: 1s, timeout: 500ms, fall: 2}",
                "  - {at: 1s, on: c, run: \"websocat ws://lb/room/a\"}\n  - {at: 5s, crash: s}\n"));
        TraceEvent close = r.events(LbEvents.TUNNEL_CLOSE).get(0);
        assertThat(close.get(LbEvents.WHY)).isEqualTo("backend down");
        assertThat(r.terminal("c")).endsWith("websocat: WebSocketError: I/O failure", "websocat: error running");
    }

    @Test
    void a_member_without_a_name_is_named_by_the_address_the_balancer_forwarded() {
        Runs.Result r = Runs.run(world(", ping: 0", "", "  - {at: 1s, on: c, run: \"websocat ws://lb/room/a\"}\n"
                + "  - {at: 2s, on: c, input: \"hi\"}\n"));
        assertThat(r.terminal("c")).containsExactly("* 10.0.1.2 joined room a (1 member)", "10.0.1.2: hi");
    }

    @Test
    void a_line_typed_where_nothing_reads_is_lost_and_said_so() {
        Runs.Result r = Runs.run(world(", ping: 0", "", "  - {at: 1s, on: c, input: \"hello?\"}\n"));
        assertThat(r.output()).anyMatch(l -> l.endsWith("c > hello?"));
        assertThat(r.terminal("c")).containsExactly("(no command on c reads its input: the line is lost)");
    }

    @Test
    void websocat_options_binary_header_and_no_close() {
        Runs.Result r = Runs.run(world(", ping: 0", "", """
                  - {at: 1s, on: c, run: "websocat -b -n -H 'X-Forwarded-For: mallory' ws://lb/room/a"}
                  - {at: 2s, on: c, input: "bytes"}
                  - {at: 3s, on: c, input: "^D"}
                """));
        // the header reached the server: the balancer appended to it and the server believes the first entry
        // (why a server trusts X-Forwarded-For only from its own proxies); -b sends the line as binary, newline included
        assertThat(r.terminal("c")).containsExactly("* mallory joined room a (1 member)", "bytes");
        assertThat(r.events(e -> e.is(WsEvents.FRAME) && e.node().equals("c")
                && e.get(WsEvents.DIR).equals("send"))).extracting(e -> e.get(WsEvents.OPCODE) + " " + e.get(WsEvents.LENGTH)).containsExactly("binary 6");
        // -n: no close frame at the end of input; the connection stays until the run ends (Ctrl-C)
        assertThat(r.events(e -> e.is(ToolEvents.EXIT) && e.node().equals("c")))
                .extracting(e -> e.num(ToolEvents.CODE)).containsExactly(130L);
    }
}
