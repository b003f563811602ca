package dev.minternet.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web view judged by a real browser: headless Chromium opens it on a live default world
 * (whose load balancer health-checks its backends every second, so packets flow), and finds
 * every node and link drawn, packets arriving over the event stream and crossing their links,
 * a clicked packet's decoded headers, the clock stopping on pause and going on after play, and
 * no console error. The screenshot is kept as test output.
 */
class WebViewInChromiumTest {
    @TempDir
    Path dir;

    @Test
    void the_web_view_draws_the_world_animates_packets_and_decodes_a_clicked_one() throws Exception {
        Path shot = Path.of("target", "live-web-view.png");
        Files.createDirectories(shot.getParent());
        try (LiveFixture f = new LiveFixture(1)) {
            int nodes = f.server.live().call(() -> f.server.live().world().nodes().size());
            int links = f.server.live().call(() -> f.server.live().world().links().size());
            LiveFixture.Result r = Chromium.script("check-live.mjs", "http://127.0.0.1:" + f.port("web") + "/", shot.toString());
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            String out = r.out();
            assertThat(out).as("console and page errors").contains("\"errors\":[]");
            assertThat(out).contains("\"laptop\"").contains("\"home-router\"").contains("\"lb\"").contains("\"a-root\"");
            assertThat(out.split("\"nodes\":\\[")[1].split("]")[0].split(",")).hasSize(nodes);
            assertThat(out).contains("\"links\":" + links + ",");
            assertThat(out).containsPattern("\"linkLabels\":\\[\"wifi 300 Mbit/s 2 ms\"");
            assertThat(out).containsPattern("\"arrived\":([5-9]|\\d\\d+)");
            assertThat(out).contains("\"layers\":[\"Internet Protocol Version 4\",");
            assertThat(out).containsPattern("\"hex\":\"0000  45 ");
            assertThat(out).containsPattern("\"pausedAt\":\\d+,\"resumedAt\":\\d+");
        }
        assertThat(shot).isNotEmptyFile();
    }

    @Test
    void the_api_answers_only_to_its_own_address_and_decodes_packets() throws Exception {
        try (LiveFixture f = new LiveFixture(1)) {
            int port = f.port("web");
            java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient();
            var topo = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/topology")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(topo.body()).startsWith("{\"bridge\":\"laptop\"")
                    .contains("{\"name\":\"wifi\",\"a\":\"laptop\",\"b\":\"home-router\",\"bandwidth\":\"300 Mbit/s\",\"delay\":\"2 ms\"");
            var ca = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/ca.pem")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ca.body()).isEqualTo(f.server.caPem());
            var bad = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/control?do=fly"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("do must be pause, resume, step or speed");
        }
    }
}
