package dev.minternet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.World;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.sim.Durations;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.tcp.TcpEvents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default world's load balancer closes a browser's idle keep-alive connections 75 s after
 * their last response, as nginx's keepalive_timeout; the browser's next visit opens new ones.
 */
class KeepaliveTimeoutVisitTest {
    @Test
    void the_load_balancer_closes_idle_connections_after_75_s_and_the_next_visit_reconnects() throws Exception {
        World w = WorldBuilder.build(ScenarioLoader.parse("test.yaml", DefaultWorld.text().replaceAll("(?s)\ntimeline:.*", "\n")));
        List<TraceEvent> events = new ArrayList<>();
        w.trace().subscribe(events::add);
        assertThat(VisitRun.play(w, w.node("laptop"), List.of(VisitTest.URL, VisitTest.URL), Durations.S, 100 * Durations.S))
                .isTrue();
        w.trace().close();
        List<Narrator.Visit> visits = new Narrator(events, "laptop").visits();
        assertThat(visits).hasSize(2).allMatch(Narrator.Visit::ok);
        long loaded = events.stream().filter(e -> e.is(BrowserEvents.PAGE_LOADED)).findFirst().orElseThrow().time();
        long second = events.stream().filter(e -> e.is(BrowserEvents.PAGE_LOADED)).skip(1).findFirst().orElseThrow().time();
        // the balancer closes first (active close) each connection the laptop left open, 75 s after it went idle
        // (its port 443 side: its health checks' connections to the web servers close every second)
        List<TraceEvent> closes = events.stream().filter(e -> e.node().equals("lb") && e.is(TcpEvents.STATE)
                && e.get(TcpEvents.CONN).contains(":443>") && "ESTABLISHED".equals(e.get(TcpEvents.FROM)) && "FIN-WAIT-1".equals(e.get(TcpEvents.TO))
                && e.time() < second).toList();
        assertThat(closes).isNotEmpty().allSatisfy(e -> assertThat(e.time()).isBetween(loaded + 74 * Durations.S, loaded + 76 * Durations.S));
        // none before 75 s of idleness
        assertThat(events).noneMatch(e -> e.node().equals("lb") && e.is(TcpEvents.STATE) && e.get(TcpEvents.CONN).contains(":443>")
                && "FIN-WAIT-1".equals(e.get(TcpEvents.TO))
                && e.time() < loaded + 74 * Durations.S && e.time() > Durations.S);
        // the second visit opens connections again
        assertThat(events).anyMatch(e -> e.node().equals("laptop") && e.is(TcpEvents.STATE) && "SYN-SENT".equals(e.get(TcpEvents.TO))
                && e.time() > loaded + 100 * Durations.S - 10 * Durations.S);
    }
}
