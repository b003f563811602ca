package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.browser.BrowserEvents;
import dev.minternet.testing.Traces;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The narration and the sequence diagram come from the trace, not from the default world: a
 * laptop that visits a web server on its own link (no load balancer, no home router, no resolver,
 * no database) hears of none of them, in the --explain sentences, the Mermaid diagram or the HTML.
 */
class VisitWithoutBalancerTest {
    @TempDir
    Path dir;

    @Test
    void a_world_without_a_load_balancer_shows_none() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<html><link rel=\"stylesheet\" href=\"/a.css\"><h1>hi</h1></html>\n");
        Files.writeString(site.resolve("a.css"), "h1{}\n");
        Path world = Files.writeString(dir.resolve("world.yaml"), """
                name: no-balancer
                duration: 20s
                nodes:
                  - {name: laptop, kind: host}
                  - {name: server, kind: host, services: [{type: web, root: site, tls: true, names: [server]}]}
                links:
                  - {a: laptop 10.0.0.1/24, b: server 10.0.0.2/24, delay: 5ms}
                """);
        Path mermaid = dir.resolve("v.mmd");
        Path html = dir.resolve("v.html");
        Path trace = dir.resolve("t.jsonl");
        CliTest.Outcome o = CliTest.exec("visit", "--world", world.toString(), "--explain", "--mermaid", mermaid.toString(),
                "--html", html.toString(), "--trace", trace.toString(), "https://server/");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains(
                "set up a reliable byte stream between laptop and server; it costs one round trip (10.001 ms here).",
                "laptop and server agree on keys and a cipher (TLS_AES_256_GCM_SHA384 over x25519), and the browser checks"
                        + " the certificate chain server sends",
                "The browser sends the HTTP request through the encrypted connection to server.",
                "The browser reads the HTML, finds the one resource it names and fetches it on the same connection.",
                "laptop finds server in the world's hosts table (every node's name), so no query leaves it.",
                "route: laptop -> server (0 routers)", "terminated on server", "1 sub-resource (1 requested", "Page loaded in 40.029 ms");
        assertThat(o.out().toLowerCase(Locale.ROOT)).doesNotContain("load balancer", " lb", "home-router", "forwards", "recursive resolver",
                "database", "backend", "web server");

        List<String> participants = Files.readAllLines(mermaid).stream().filter(l -> l.strip().startsWith("participant ")).toList();
        assertThat(participants).containsExactly("    participant laptop as laptop", "    participant server as server");
        assertThat(Files.readString(mermaid)).contains("laptop->>server: 0.000 ms TCP SYN", "server->>laptop: 20.015 ms TLS 1.3 handshake done (h2)",
                "laptop->>server: 30.024 ms GET /a.css");
        String page = Files.readString(html);
        assertThat(page).contains("<g class=\"lane\" data-node=\"laptop\">", "<g class=\"lane\" data-node=\"server\">");
        assertThat(page.split("<g class=\"lane\"", -1)).hasSize(3); // two participants' lanes
        assertThat(page).doesNotContain(">lb<", "load balancer");

        List<TraceEvent> events = Traces.read(trace);
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.PAGE_LOADED)).hasSize(1);
    }
}
