package dev.minternet.live;

import dev.minternet.testing.Tshark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web view judged by a real browser: headless Chromium opens it on a live default world
 * (whose load balancer health-checks its backends every second, so packets flow), and finds
 * every node and link drawn, packets arriving over the event stream and crossing their links,
 * a clicked packet's decoded headers, the clock stopping on pause and going on after play, a
 * clicked node's routes and sockets (read again as the clock runs: the ping moves its counters)
 * and its terminal (xterm.js) running ping inside the world, the visit panel drawing the waterfall
 * and the sequence diagram while the visit runs, and no console error. The screenshot is kept as
 * test output.
 */
class WebViewInChromiumTest {
    @TempDir
    Path dir;

    @Test
    void the_web_view_draws_the_world_animates_packets_and_decodes_a_clicked_one() throws Exception {
        Path shot = Path.of("target", "live-web-view.png");
        Files.createDirectories(shot.getParent());
        try (LiveFixture f = new LiveFixture(1)) {
            // the topology draws the switches and access points too (the home LAN's switch)
            int nodes = f.server.live().call(() -> f.server.live().world().nodes().size()
                    + f.server.live().world().switches().size() + f.server.live().world().accessPoints().size());
            int links = f.server.live().call(() -> f.server.live().world().links().size());
            LiveFixture.Result r = Chromium.script("check-live.mjs", "http://127.0.0.1:" + f.port("web") + "/", shot.toString());
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            String out = r.out();
            assertThat(out).as("console and page errors").contains("\"errors\":[]");
            assertThat(out).contains("\"laptop\"").contains("\"home-router\"").contains("\"lb\"").contains("\"a-root\"");
            assertThat(out.split("\"nodes\":\\[")[1].split("]")[0].split(",")).hasSize(nodes);
            assertThat(out).contains("\"links\":" + links + ",");
            // the world's groups as labelled boxes, each around all of its nodes (the default world's group:)
            assertThat(out).contains("\"groups\":[{\"name\":\"home\",\"label\":\"home\",\"members\":2,\"inside\":true},"
                    + "{\"name\":\"ISP A\",\"label\":\"ISP A\",\"members\":3,\"inside\":true},"
                    + "{\"name\":\"internet exchange\",\"label\":\"internet exchange\",\"members\":1,\"inside\":true},"
                    + "{\"name\":\"transit\",\"label\":\"transit\",\"members\":3,\"inside\":true},"
                    + "{\"name\":\"cloud provider\",\"label\":\"cloud provider\",\"members\":2,\"inside\":true},"
                    + "{\"name\":\"data centre (example.com)\",\"label\":\"data centre (example.com)\",\"members\":11,\"inside\":true},"
                    + "{\"name\":\"CDN\",\"label\":\"CDN\",\"members\":4,\"inside\":true},"
                    + "{\"name\":\"root and TLD servers\",\"label\":\"root and TLD servers\",\"members\":16,\"inside\":true}],");
            assertThat(out).contains("\"downloads\":[\"/ca.pem\",\"/api/pcap\",\"/api/trace\",\"/api/keylog\"]");
            assertThat(out).containsPattern("\"linkLabels\":\\[\"access 100 Mbit/s 8 ms\""); // links first, then the home LAN's cables
            assertThat(out).containsPattern("\"arrived\":([5-9]|\\d\\d+)");
            assertThat(out).contains("\"layers\":[\"Internet Protocol Version 4\",");
            assertThat(out).containsPattern("\"hex\":\"0000  45 ");
            assertThat(out).containsPattern("\"pausedAt\":\\d+,\"resumedAt\":\\d+");
            // the laptop's panel: its routing table and socket list, as ip route and ss print them
            assertThat(out).containsPattern("\"routes\":\"[^\"]*default via 192\\.168\\.1\\.1 dev eth0");
            assertThat(out).contains("\"sockets\":\"Netid State");
            assertThat(out).containsPattern("\"links\":\"1: lo: <LOOPBACK,UP,LOWER_UP> [^\"]*2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP>"
                    + " mtu 1500 qdisc pfifo state UP mode DEFAULT group default qlen 100[^\"]*TX:  bytes packets errors dropped carrier");
            // its terminal ran ping inside the world: replies, then iputils' statistics
            assertThat(out).contains("laptop$ ping -c 2 93.184.216.34").contains("64 bytes from 93.184.216.34: icmp_seq=1 ttl=56 time=43.6 ms")
                    .as("the first echo waits for ARP on the home LAN (2 x 2 ms), the second does not")
                    .contains("64 bytes from 93.184.216.34: icmp_seq=2 ttl=56 time=39.6 ms")
                    .contains("2 packets transmitted, 2 received, 0% packet loss");
            // ... through the terminal's WebSocket (RFC 6455), not HTTP: the command went out as a frame, its lines came back as frames
            assertThat(out).contains("\"ws\":{\"url\":\"ws://127.0.0.1:" + f.port("web") + "/api/term\",\"sent\":\"run laptop\\nping -c 2 93.184.216.34\","
                    + "\"pingOverWs\":true,\"httpRuns\":0,\"transport\":\"websocket\"}");
            // the panel is read again as the clock runs: after the ping, eth0's counters have moved
            assertThat(out).contains("\"refreshed\":{\"reads\":true,\"countersChanged\":true,\"asof\":true}");
            // a visit in the terminal: the narration there, the HTML report (waterfall, diagram) linked
            assertThat(out).contains("\"visit\":{\"narration\":true,\"reportStatus\":200,\"waterfall\":true}");
            // the visit panel: the waterfall and the sequence diagram were drawn while the visit ran, then completed
            assertThat(out).contains("\"panelVisit\":{\"exit\":0,\"narration\":true,");
            assertThat(out).containsPattern("\"drawsWhileRunning\":[1-9]\\d*,\"rowsWhileRunning\":[1-9]\\d*,\"arrowsWhileRunning\":[1-9]\\d*,");
            assertThat(out).containsPattern("\"summary\":\"Page loaded in [\\d.]+ ms, \\d+ requests, \\d+ steps\\.\"");
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
                    .contains("{\"name\":\"home-lan:swp2\",\"a\":\"laptop\",\"b\":\"home-lan\",\"bandwidth\":\"300 Mbit/s\",\"delay\":\"2 ms\"");
            var ca = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/ca.pem")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ca.body()).isEqualTo(f.server.caPem());
            var bad = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/control?do=fly"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("do must be pause, resume, step or speed");
            // a node's terminal: another site's form cannot start commands (no X-Minternet header)
            var forged = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/run?node=laptop"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("ping 93.184.216.34")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(403);
            var started = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/run?node=laptop"))
                    .header("X-Minternet", "1").POST(java.net.http.HttpRequest.BodyPublishers.ofString("nosuchtool -x")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(started.body()).matches("\\{\"id\":\\d+}");
            String id = started.body().replaceAll("\\D", "");
            String out = "";
            for (int i = 0; i < 100 && !out.contains("\"done\":true"); i++) {
                Thread.sleep(50);
                out = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/run?id=" + id)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            }
            assertThat(out).isEqualTo("{\"lines\":[\"sh: nosuchtool: command not found\"],\"next\":1,\"done\":true,\"exit\":127,\"report\":false}");
            // the recent packets as a pcap: tshark reads it, nothing malformed, every link or one
            Thread.sleep(1500);
            Path all = dir.resolve("all.pcap");
            var pcap = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/pcap")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofFile(all));
            assertThat(pcap.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"minternet-all-links.pcap\"");
            assertThat(Tshark.count(all, "ip")).isGreaterThan(0);
            Tshark.assertClean(all);
            Path lan = dir.resolve("lan.pcap");
            c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/pcap?link=web-1-link")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofFile(lan));
            Path later = dir.resolve("later.pcap");
            c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/pcap")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofFile(later));
            assertThat(Tshark.count(lan, "ip")).isGreaterThan(0).isLessThan(Tshark.count(later, "ip"));
            var node = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/node?name=nowhere")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(node.statusCode()).isEqualTo(404);
        }
    }
}
