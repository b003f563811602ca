package dev.minternet.services.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-sent events through a load balancer and a web server's /api/ proxy, as nginx passes them
 * with {@code proxy_buffering off}: each event reaches the client when the application server
 * sends it, not when the (endless) response would end; HTTP/2 on the front carries the same.
 */
class EventStreamThroughProxiesTest {
    @TempDir
    Path dir;

    static final String SCENARIO = """
            name: sse-through-proxies
            seed: 6202
            start: 2026-12-03T12:00:00Z
            routing: global
            duration: 30s
            nodes:
              - {name: laptop, kind: host}
              - {name: r, kind: router}
              - {name: lb, kind: host, services: [{type: lb, port: 80, backends: [web:80]}]}
              - {name: web, kind: host, services: [{type: web, port: 80, root: site, api: app:8080}]}
              - {name: app, kind: host, services: [{type: app, port: 8080, db: db:5432, events: 5s}]}
              - {name: db, kind: host, services: [{type: db, port: 5432, seed: "builtin:default/seed.sql"}]}
            links:
              - {a: laptop 10.0.1.2/24, b: r 10.0.1.1/24, bandwidth: 100Mbps, delay: 5ms}
              - {a: r 10.0.2.1/24, b: lb 10.0.2.2/24, delay: 200us}
              - {a: r 10.0.3.1/24, b: web 10.0.3.2/24, delay: 200us}
              - {a: r 10.0.4.1/24, b: app 10.0.4.2/24, delay: 200us}
              - {a: r 10.0.5.1/24, b: db 10.0.5.2/24, delay: 200us}
            timeline:
              - {at: 1s, on: laptop, run: "curl -N -sS --max-time 12 -H 'Accept: text/event-stream' http://lb/api/events"}
              - {at: 15s, on: laptop, run: "curl -N -sS --http2-prior-knowledge --max-time 7 -H 'Accept: text/event-stream' http://lb/api/events"}
              - {at: 25s, on: laptop, run: "curl -sS http://lb/api/users/1"}
            """;

    @Test
    void eachEventCrossesBothProxiesWhenTheAppSendsIt() throws Exception {
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/index.html"), "<h1>hi</h1>\n");
        Runs.Result run = Runs.runIn(dir, SCENARIO);
        List<String> out = run.output();
        // ticks at 5 s and 10 s reach the laptop through lb and web as they happen: each line printed
        // a few ms after its tick (the app's clock counts from its start at 0 s)
        String tick1 = line(out, "data: {\"tick\":1,");
        String tick2 = line(out, "data: {\"tick\":2,");
        assertThat(seconds(tick1)).isBetween(5.0, 5.1);
        assertThat(seconds(tick2)).isBetween(10.0, 10.1);
        assertThat(out).anyMatch(l -> l.contains("curl: (28) Operation timed out after 12000 milliseconds"));
        // the HTTP/2 front: ticks 3 and 4 (at 15 s and 20 s) arrive as they are sent
        assertThat(seconds(line(out, "data: {\"tick\":4,"))).isBetween(20.0, 20.1);
        // a plain request still goes the buffered way and completes
        assertThat(out).anyMatch(l -> l.contains("\"id\":1"));
        // the balancer forwarded each stream once it had the backend's head, with status 200
        assertThat(run.events(e -> e.is(LbEvents.FORWARD) && e.node().equals("lb")))
                .extracting(e -> e.num(LbEvents.STATUS)).containsExactly(200L, 200L, 200L);
        assertThat(run.events(e -> e.is(LbEvents.FORWARD) && e.node().equals("web")))
                .extracting(e -> e.num(LbEvents.STATUS)).containsExactly(200L, 200L, 200L);
    }

    private static String line(List<String> out, String text) {
        return out.stream().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + text + " in\n" + String.join("\n", out)));
    }

    /** The time prefix of a terminal line ("   5.006201 laptop | ..."). */
    private static double seconds(String line) {
        return Double.parseDouble(line.strip().split("\\s+")[0]);
    }
}
