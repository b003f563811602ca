package dev.minternet.services.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.services.httpcache.HttpCacheEvents;
import dev.minternet.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A gateway route with {@code cache: {size: ...}}: the first GET goes to the pool (MISS), the
 * next is answered from the cache with its Age (HIT), one after the web server's max-age=60 is
 * revalidated with the file's ETag and the 304 refreshes it (REVALIDATED); a route without a
 * cache says nothing of X-Cache.
 */
class GatewayCacheTest {
    static final String SCENARIO = """
            name: gateway-cache
            seed: 3
            start: 2026-12-04T09:00:00Z
            routing: global
            duration: 90s
            nodes:
              - {name: c, kind: host}
              - {name: r, kind: router}
              - name: gw
                kind: host
                services:
                  - type: gateway
                    pools:
                      - {name: site, backends: [web:8080]}
                    routes:
                      - {name: static, prefix: /static, pool: site, strip-prefix: true, cache: {size: 1MB}}
                      - {name: plain, prefix: /, pool: site}
              - {name: web, kind: host, services: [{type: web, port: 8080, root: site}]}
            links:
              - {a: c 10.0.1.2/24, b: r 10.0.1.1/24, delay: 1ms}
              - {a: r 10.0.2.1/24, b: gw 10.0.2.2/24, delay: 1ms}
              - {a: r 10.0.3.1/24, b: web 10.0.3.2/24, delay: 20ms}
            timeline:
              - {at: 1s, on: c, run: "curl -s -o /dev/null -w '%{http_code} %{header{x-cache}} %{header{age}} %{time_total}\\\\n' http://gw/static/index.html"}
              - {at: 6s, on: c, run: "curl -s -o /dev/null -w '%{http_code} %{header{x-cache}} %{header{age}} %{time_total}\\\\n' http://gw/static/index.html"}
              - {at: 70s, on: c, run: "curl -s -o /dev/null -w '%{http_code} %{header{x-cache}} %{header{age}}\\\\n' http://gw/static/index.html"}
              - {at: 71s, on: c, run: "curl -s -o /dev/null -w '%{http_code} [%{header{x-cache}}]\\\\n' http://gw/index.html"}
            """;

    @Test
    void miss_then_hit_with_age_then_revalidated_after_max_age() throws Exception {
        Path dir = Files.createTempDirectory("gw-cache");
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/index.html"), "<p>cached</p>\n");
        Runs.Result run = Runs.runIn(dir, SCENARIO);
        List<String> out = run.terminal("c");
        assertThat(out.get(0)).startsWith("200 MISS  ");
        assertThat(out.get(1)).startsWith("200 HIT 5 ");
        double miss = Double.parseDouble(out.get(0).split(" ")[3]);
        double hit = Double.parseDouble(out.get(1).split(" ")[3]);
        assertThat(miss - hit).as("a HIT saves the gateway-web round trip (2 x 21 ms)").isGreaterThan(0.040);
        assertThat(out.get(2)).isEqualTo("200 REVALIDATED 0");
        assertThat(out.get(3)).isEqualTo("200 []");
        assertThat(run.events(HttpCacheEvents.LOOKUP)).extracting(e -> e.get(HttpCacheEvents.RESULT))
                .containsExactly("MISS", "HIT", "REVALIDATED");
        assertThat(run.events(HttpCacheEvents.REVALIDATE).get(0).get(HttpCacheEvents.VALIDATOR)).startsWith("If-None-Match: \"");
        assertThat(run.events(HttpCacheEvents.REVALIDATE).get(0).num(HttpCacheEvents.STATUS)).isEqualTo(304);
        assertThat(run.events(HttpCacheEvents.STORE).get(0).get(HttpCacheEvents.KEY)).isEqualTo("GET gw/static/index.html");
    }
}
