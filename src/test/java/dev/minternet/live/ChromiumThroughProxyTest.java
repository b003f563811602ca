package dev.minternet.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real browser inside the simulated world: headless Chromium, its proxy set to the live proxy,
 * loads a page from a simulated web server 25 ms (one way) from the laptop. Navigation Timing
 * shows the simulated path: from request to first byte the proxy opens the simulated TCP
 * connection (one round trip) and the request crosses (another), so at least 100 ms pass.
 */
class ChromiumThroughProxyTest {
    static final Pattern TIMING = Pattern.compile("\"requestStart\":([0-9.]+),\"responseStart\":([0-9.]+)");

    @TempDir
    Path dir;

    @Test
    void chromium_through_the_proxy_loads_a_page_from_the_simulated_server() throws Exception {
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/index.html"),
                "<!DOCTYPE html><html><head><title>inside</title><link rel=\"icon\" href=\"data:,\"></head><body><h1>served in the world</h1></body></html>\n");
        Path world = dir.resolve("world.yaml");
        Files.writeString(world, """
                name: live-http
                routing: global
                nodes:
                  - {name: laptop, kind: host}
                  - {name: r, kind: router}
                  - {name: www, kind: host, services: [{type: web, port: 80, root: site}]}
                links:
                  - {name: wifi, a: laptop 10.0.1.2/24, b: r 10.0.1.1/24, delay: 5ms}
                  - {name: wan, a: r 10.0.2.1/24, b: www 10.0.2.2/24, delay: 20ms}
                """);
        try (LiveFixture f = new LiveFixture(ScenarioLoader.load(world), 1)) {
            assertThat(f.server.listeners()).noneMatch(l -> l.startsWith("dns"));
            assertThat(f.log).anyMatch(l -> l.contains("no dns listener") && l.contains("laptop has no resolver"));
            LiveFixture.Result r = Chromium.script("check-proxied.mjs", "http://www/",
                    "http://127.0.0.1:" + f.port("proxy"), Path.of("target", "live-chromium-proxied.png").toString());
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("\"errors\":[]").contains("\"status\":200").contains("\"title\":\"inside\"")
                    .contains("\"h1\":\"served in the world\"");
            Matcher m = TIMING.matcher(r.out());
            assertThat(m.find()).as(r.out()).isTrue();
            double firstByteMs = Double.parseDouble(m.group(2)) - Double.parseDouble(m.group(1));
            assertThat(firstByteMs).as("two simulated round trips of 50 ms").isGreaterThanOrEqualTo(95);
        }
    }
}
