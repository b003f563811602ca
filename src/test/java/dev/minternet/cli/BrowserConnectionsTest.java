package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.browser.BrowserEvents;
import dev.minternet.testing.Traces;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The browser's connections as Chromium keeps them: over HTTP/1.1 up to six per origin for the
 * sub-resources, one request at a time on each; kept open after the page (keep-alive) and reused
 * by the next visit unless idle for five minutes.
 */
class BrowserConnectionsTest {
    @TempDir
    Path dir;

    /** A plain-HTTP server (so HTTP/1.1) whose page names eight images. */
    private Path http11World() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        StringBuilder html = new StringBuilder("<html>");
        for (int i = 0; i < 8; i++) {
            html.append("<img src=\"/i").append(i).append(".png\">");
            Files.write(site.resolve("i" + i + ".png"), new byte[2000 * (i + 1)]);
        }
        Files.writeString(site.resolve("index.html"), html.append("</html>\n").toString());
        return plainWorld(dir);
    }

    /** A laptop and a web server without TLS (site/ in {@code dir}) at 203.0.113.7, 5 ms apart. */
    static Path plainWorld(Path dir) throws Exception {
        return Files.writeString(dir.resolve("world.yaml"), """
                name: h1
                duration: 20s
                nodes:
                  - {name: laptop, kind: host}
                  - {name: server, kind: host, services: [{type: web, root: site}]}
                links:
                  - {a: laptop 203.0.113.1/24, b: server 203.0.113.7/24, delay: 5ms}
                """);
    }

    @Test
    void over_http_1_1_eight_images_go_on_six_connections_and_the_last_waits_for_a_free_one() throws Exception {
        Path trace = dir.resolve("t.jsonl");
        Path har = dir.resolve("v.har");
        CliTest.Outcome o = CliTest.exec("visit", "--explain", "--world", http11World().toString(), "--trace", trace.toString(),
                "--har", har.toString(), "http://203.0.113.7/");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("8 sub-resources (8 requested on 6 HTTP/1.1 connections (5 new), 0 from the cache)",
                "up to 6 per origin as Chromium does");
        List<TraceEvent> events = Traces.read(trace);
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.CONNECTED)).hasSize(6);
        // never two requests at once on one connection: each starts after the previous one on it ended
        Set<String> conns = new HashSet<>();
        long[] lastEnd = new long[1];
        for (TraceEvent d : events) {
            if (d.is(BrowserEvents.FETCH_DONE)) {
                conns.add(d.get(BrowserEvents.CONNECTION));
                lastEnd[0] = Math.max(lastEnd[0], d.time());
            }
        }
        assertThat(conns).hasSize(6);
        for (String c : conns) {
            long previousEnd = 0;
            for (TraceEvent d : events) {
                if (d.is(BrowserEvents.FETCH_DONE) && d.get(BrowserEvents.CONNECTION).equals(c)) {
                    assertThat(d.num(BrowserEvents.SENT)).isGreaterThanOrEqualTo(previousEnd);
                    previousEnd = d.time();
                }
            }
        }
        // the HAR shows a connect for the five requests that opened a connection, none for the others
        JsonNode entries = new ObjectMapper().readTree(Files.readString(har)).get("log").get("entries");
        int connected = 0;
        for (JsonNode e : entries) {
            if (e.get("timings").get("connect").asDouble() > 0) {
                connected++;
            }
        }
        assertThat(connected).as("the page's connection and five more").isEqualTo(6);
    }

    @Test
    void a_second_visit_reuses_the_connection_and_says_what_it_saved() throws Exception {
        Path trace = dir.resolve("t.jsonl");
        CliTest.Outcome o = CliTest.exec("visit", "--explain", "--repeat", "2", "--trace", trace.toString(), "https://www.example.com/");
        assertThat(o.code()).as(o.err()).isZero();
        String second = o.out().substring(o.out().indexOf("Visit 2:"));
        // visit 1 connected over IPv6 (Happy Eyeballs), so the kept connection is an IPv6 one
        assertThat(second).contains("Reusing connection [2001:db8:81:200:c8bf:4dff:fe3e:f3e4]:49184 -> [2001:db8:93:32::34]:443 (keep-alive)",
                "opened in visit 1, idle ", "it saves TCP handshake 43.638 ms + TLS handshake 39.853 ms = 83.491 ms.",
                "GET / -> 304 over h2", "The browser sends the HTTP request over the connection to lb.");
        assertThat(second).doesNotContain("TCP connection to", "TLS handshake with");
        List<TraceEvent> events = Traces.read(trace);
        // one connection to the origin; the other one of visit 1 is to the CDN edge for the static assets, which the
        // second visit (1 s later) takes from the browser cache (max-age=60): no request, so no connection to reuse there
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.CONNECT)).extracting(e -> e.get(BrowserEvents.ADDRESS))
                .containsExactly("93.184.216.34", "151.101.1.10");
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.REUSE)).singleElement()
                .satisfies(e -> assertThat(e.num(BrowserEvents.OPENED_BY)).isEqualTo(1));
    }

    @Test
    void a_connection_idle_for_five_minutes_is_not_reused() throws Exception {
        Path trace = dir.resolve("t.jsonl");
        CliTest.Outcome o = CliTest.exec("visit", "--world", http11World().toString(), "--repeat", "2", "--gap", "301s",
                "--quiet", "--trace", trace.toString(), "http://203.0.113.7/");
        assertThat(o.code()).as(o.err()).isZero();
        List<TraceEvent> events = Traces.read(trace);
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.REUSE)).isEmpty();
        // the page opens a new connection; its images, stale after max-age 60 s, need five more
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.CONNECT) && e.num(BrowserEvents.VISIT) == 2).hasSize(6);
    }

    /**
     * Chromium's IP-based pooling: example.com resolves to the load balancer that www.example.com's
     * open HTTP/2 connection goes to, and that connection's certificate names example.com too, so
     * the second visit sends its requests there (no TCP or TLS handshake); static.example.com (the
     * CDN edge, another address) and the WebSocket (HTTP/1.1) keep connections of their own.
     */
    @Test
    void a_host_at_the_same_address_whose_name_the_certificate_covers_goes_on_the_open_h2_connection() throws Exception {
        Path trace = dir.resolve("t.jsonl");
        CliTest.Outcome o = CliTest.exec("visit", "--quiet", "--trace", trace.toString(), "https://www.example.com/", "https://example.com/");
        assertThat(o.code()).as(o.err()).isZero();
        List<TraceEvent> events = Traces.read(trace);
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.CONNECT) && e.get(BrowserEvents.ADDRESS).equals("93.184.216.34")
                && e.num(BrowserEvents.PORT) == 443).hasSize(1);
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.COALESCE)).singleElement().satisfies(e -> {
            assertThat(e.get(BrowserEvents.HOST)).isEqualTo("example.com");
            assertThat(e.num(BrowserEvents.VISIT)).isEqualTo(2);
            assertThat(e.get(BrowserEvents.ALPN)).isEqualTo("h2");
        });
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.PAGE_LOADED)).hasSize(2);
    }

    @Test
    void the_coalescing_is_a_step_that_names_the_connection_and_what_it_saves() throws Exception {
        CliTest.Outcome o = CliTest.exec("visit", "--explain", "https://www.example.com/", "https://example.com/");
        assertThat(o.code()).as(o.err()).isZero();
        String second = o.out().substring(o.out().indexOf("Visit 2:"));
        assertThat(second.lines().toList()).anyMatch(l -> l.matches(" 3\\. \\[\\S+ s \\+0\\.000 ms\\] Coalescing onto the HTTP/2 connection "
                + "\\[2001:db8:81:200:\\S+\\]:\\d+ -> \\[2001:db8:93:32::34\\]:443 \\(same address, certificate covers example\\.com\\)"));
        assertThat(second).contains("(connection coalescing, RFC 9113 section 9.1.1)", "opened in visit 1; its certificate, verified then, names example.com too",
                "saved: TCP handshake 43.638 ms + TLS handshake 39.853 ms = 83.491 ms (what opening it took in visit 1)");
        assertThat(second).doesNotContain("TCP connection to").doesNotContain("TLS handshake with");
    }
}
