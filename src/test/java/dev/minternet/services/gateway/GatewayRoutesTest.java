package dev.minternet.services.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Routes: the longest prefix of the request's host wins over a host-less route, the prefix is
 * stripped when asked, the route's timeout ends a slow request with 504, and a GET the pool
 * answers 503 is tried again as many times as the route's retries say.
 */
class GatewayRoutesTest {
    static final String SCENARIO = """
            name: routes
            seed: 3
            start: 2026-12-04T09:00:00Z
            routing: global
            duration: 20s
            nodes:
              - {name: c, kind: host}
              - {name: r, kind: router}
              - name: gw
                kind: host
                services:
                  - type: gateway
                    pools:
                      - {name: slow, backends: [slow:8080]}
                      - {name: gone, backends: [gone:8080]}
                      - {name: fast, backends: [fast:8080]}
                    routes:
                      - {name: slow, prefix: /api, pool: slow, timeout: 1s}
                      - {name: gone, host: gone.example, prefix: /api, pool: gone, retries: 2}
                      - {name: fast, host: gone.example, prefix: /api/users/fast, pool: fast, strip-prefix: true}
              - {name: slow, kind: host, services: [{type: app, port: 8080, cpu: 3s, db: db:5432}]}
              - {name: gone, kind: host, services: [{type: app, port: 8080, db: db:5432}]}
              - {name: fast, kind: host, services: [{type: web, port: 8080, root: site}]}
              - {name: db, kind: host, services: [{type: db, port: 5432, seed: "builtin:default/seed.sql"}]}
            links:
              - {a: c 10.0.1.2/24, b: r 10.0.1.1/24, delay: 1ms}
              - {a: r 10.0.2.1/24, b: gw 10.0.2.2/24, delay: 1ms}
              - {a: r 10.0.3.1/24, b: slow 10.0.3.2/24, delay: 1ms}
              - {a: r 10.0.4.1/24, b: gone 10.0.4.2/24, delay: 1ms}
              - {a: r 10.0.5.1/24, b: fast 10.0.5.2/24, delay: 1ms}
              - {a: r 10.0.6.1/24, b: db 10.0.6.2/24, delay: 1ms}
            timeline:
              - {at: 500ms, crash: gone}
              - {at: 1s, on: c, run: "curl -s -o /dev/null -w '%{http_code} %{time_total}\\\\n' http://gw/api/users"}
              - {at: 12s, on: c, run: "curl -s -o /dev/null -w '%{http_code}\\\\n' -H 'Host: gone.example' http://gw/api/users"}
              - {at: 13s, on: c, run: "curl -s -o /dev/null -w '%{http_code}\\\\n' -H 'Host: gone.example' http://gw/api/users/fast/index.html"}
              - {at: 14s, on: c, run: "curl -s -o /dev/null -w '%{http_code}\\\\n' -H 'Host: other.example' http://gw/nothing"}
            """;

    @Test
    void timeouts_retries_hosts_and_prefixes() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("gw-routes");
        java.nio.file.Files.createDirectories(dir.resolve("site"));
        java.nio.file.Files.writeString(dir.resolve("site/index.html"), "<p>fast</p>\n");
        Runs.Result run = Runs.runIn(dir, SCENARIO);
        List<String> out = run.terminal("c");
        assertThat(out.get(0)).startsWith("504 1.0");
        TraceEvent timeout = run.events(GatewayEvents.TIMEOUT).get(0);
        assertThat(timeout.get(GatewayEvents.ROUTE)).isEqualTo("slow");
        assertThat(timeout.get(GatewayEvents.MS)).as("the route's 1 s from the request's arrival").isEqualTo(1000.0);
        // gone is down (its health checks failed three times): the pool answers 503, the route tries twice more
        assertThat(out.get(1)).isEqualTo("503");
        assertThat(run.events(GatewayEvents.RETRY)).extracting(e -> e.get(GatewayEvents.ROUTE) + " " + e.num(GatewayEvents.ATTEMPT))
                .containsExactly("gone 1", "gone 2");
        // the longer prefix of the same host wins, and /api/users/fast is stripped to /index.html
        assertThat(out.get(2)).isEqualTo("200");
        assertThat(run.events(GatewayEvents.ROUTED)).extracting(e -> e.get(GatewayEvents.ROUTE)).containsExactly("slow", "gone", "fast");
        assertThat(out.get(3)).as("another host falls back to the host-less route, which has no /nothing prefix").isEqualTo("404");
    }
}
