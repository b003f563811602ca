package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.browser.BrowserEvents;
import dev.minternet.testing.Traces;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A visit whose page answers with a redirect: the default world's plain-HTTP port sends the browser
 * to HTTPS (one visit, told as two navigations with the redirect between them, one page in the
 * HAR with both requests), and a redirect loop ends as Chromium's does.
 */
class VisitRedirectTest {
    @TempDir
    Path dir;

    @Test
    void plain_http_is_redirected_to_https_and_the_visit_tells_both_navigations() throws Exception {
        Path trace = dir.resolve("t.jsonl");
        Path har = dir.resolve("v.har");
        CliTest.Outcome o = CliTest.exec("visit", "--explain", "--trace", trace.toString(), "--har", har.toString(),
                "http://www.example.com/");
        assertThat(o.code()).as(o.err()).isZero();
        List<String> out = o.out().lines().toList();
        assertThat(out).anyMatch(l -> l.matches(" 3\\. \\[1\\.092843 s \\+\\d+\\.\\d{3} ms\\] TCP connection to \\[2001:db8:93:32::34\\]:80"));
        assertThat(out).anyMatch(l -> l.matches(" 4\\. \\[\\S+ s \\+\\d+\\.\\d{3} ms\\] GET / -> 301 over http/1\\.1"));
        assertThat(out).anyMatch(l -> l.matches(" 5\\. \\[\\S+ s \\+0\\.000 ms\\] Redirect: 301 Moved Permanently to https://www\\.example\\.com/"));
        assertThat(out).anyMatch(l -> l.matches(" 6\\. \\[\\S+ s \\+0\\.000 ms\\] Browser DNS cache: www\\.example\\.com found \\(hit\\)"));
        assertThat(out).anyMatch(l -> l.matches(" 7\\. \\[\\S+ s \\+\\d+\\.\\d{3} ms\\] TCP connection to \\[2001:db8:93:32::34\\]:443"));
        assertThat(out).anyMatch(l -> l.matches(" 8\\. \\[\\S+ s \\+\\d+\\.\\d{3} ms\\] TLS handshake with www\\.example\\.com"));
        assertThat(out).anyMatch(l -> l.matches(" 9\\. \\[\\S+ s \\+\\d+\\.\\d{3} ms\\] GET / -> 200 over h2"));
        assertThat(o.out()).contains("      Location: https://www.example.com/\n",
                "Here it is the same host over HTTPS: the site sends plain-HTTP visitors to its encrypted address",
                // nginx leaves a redirect's page uncompressed
                "response: 301, 166 B (not compressed), text/html", "Page loaded in");
        List<TraceEvent> events = Traces.read(trace);
        List<TraceEvent> redirects = events.stream().filter(e -> e.is(BrowserEvents.REDIRECT)).toList();
        assertThat(redirects).hasSize(1);
        assertThat(redirects.get(0).get(BrowserEvents.URL)).isEqualTo("https://www.example.com/");
        assertThat(redirects.get(0).num(BrowserEvents.STATUS)).isEqualTo(301);
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.NAVIGATE)).hasSize(1);
        // the redirect's step starts when its response arrived and lasts nothing: the next navigation begins at once
        TraceEvent doc301 = events.stream().filter(e -> e.is(BrowserEvents.FETCH_DONE) && e.num(BrowserEvents.STATUS) == 301)
                .findFirst().orElseThrow();
        assertThat(redirects.get(0).time()).isEqualTo(doc301.time());
        String h = Files.readString(har);
        assertThat(HarTest.schema().validate(h, com.networknt.schema.InputFormat.JSON)).isEmpty();
        assertThat(h).contains("\"url\": \"http://www.example.com/\"", "\"status\": 301", "\"redirectURL\": \"https://www.example.com/\"",
                "\"url\": \"https://www.example.com/\"");
        // the HTTPS request's entry starts at the redirect, with its own connection (TCP and TLS) and no DNS (the cache had it)
        String https = h.substring(h.indexOf("\"url\": \"https://www.example.com/\"") - 600);
        assertThat(https).contains("\"startedDateTime\": \"2026-11-21T09:00:01.176Z\"");
    }

    @Test
    void a_redirect_loop_fails_after_twenty_as_chromium_does() throws Exception {
        Path world = Files.writeString(dir.resolve("loop.yaml"), """
                name: loop
                duration: 20s
                nodes:
                  - {name: laptop, kind: host}
                  - {name: server, kind: host, services: [{type: redirect, to: http, status: 302}]}
                links:
                  - {a: laptop 203.0.113.1/24, b: server 203.0.113.7/24, delay: 5ms}
                """);
        Path trace = dir.resolve("t.jsonl");
        CliTest.Outcome o = CliTest.exec("visit", "--world", world.toString(), "--trace", trace.toString(), "http://203.0.113.7/x");
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).contains("Redirect: 302 Found to http://203.0.113.7/x", "failed: more than 20 redirects");
        List<TraceEvent> events = Traces.read(trace);
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.REDIRECT)).hasSize(20);
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.FAILED)).singleElement()
                .satisfies(e -> assertThat(e.get(BrowserEvents.NET_ERROR)).isEqualTo("net::ERR_TOO_MANY_REDIRECTS"));
        // one connection carried them all: the origin did not change, so the browser reused its idle connection
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.CONNECTED)).hasSize(1);
    }

    static final String SHOP = """
            name: hsts
            duration: 30s
            nodes:
              - {name: laptop, kind: host, resolver: {nameservers: [203.0.113.7]}}
              - {name: server, kind: host, services: [{type: redirect, to: https},
                  {type: web, tls: true, root: site, names: [www.shop.test], hsts: "max-age=31536000; includeSubDomains"}]}
            links:
              - {a: laptop 203.0.113.1/24, b: server 203.0.113.7/24, delay: 5ms}
            dns:
              zones:
                - name: shop.test
                  servers: [server]
                  records: |
                    @ 3600 IN SOA ns1.shop.test. hostmaster.shop.test. 1 7200 3600 1209600 300
                    @ 3600 IN NS ns1.shop.test.
                    ns1 3600 IN A 203.0.113.7
                    www 300 IN A 203.0.113.7
            """;

    @Test
    void after_a_strict_transport_security_answer_the_next_visit_goes_to_https_before_anything_leaves() throws Exception {
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/index.html"), "<html><h1>shop</h1></html>\n");
        Path world = Files.writeString(dir.resolve("shop.yaml"), SHOP);
        Path trace = dir.resolve("t.jsonl");
        Path har = dir.resolve("shop.har");
        CliTest.Outcome o = CliTest.exec("visit", "--world", world.toString(), "--trace", trace.toString(), "--har", har.toString(),
                "--repeat", "2", "http://www.shop.test/");
        assertThat(o.code()).as(o.err()).isZero();
        String first = o.out().substring(0, o.out().indexOf("Visit 2:"));
        String second = o.out().substring(o.out().indexOf("Visit 2:"));
        assertThat(first).contains("Redirect: 301 Moved Permanently to https://www.shop.test/",
                "Strict-Transport-Security: max-age=31536000; includeSubDomains: www.shop.test and its subdomains are HTTPS-only"
                        + " in this browser for 31536000 s (HSTS, RFC 6797)");
        assertThat(second.lines().toList()).element(1)
                .isEqualTo(" 1. [2.060032 s +0.000 ms] Redirect: 307 Internal Redirect to https://www.shop.test/ (HSTS)");
        assertThat(second).contains("      Non-Authoritative-Reason: HSTS\n",
                "learned 1.060032 s in visit 1 from www.shop.test: Strict-Transport-Security: max-age=31536000; includeSubDomains",
                "Reusing connection").doesNotContain(":80").doesNotContain("301");
        List<TraceEvent> events = Traces.read(trace);
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.REDIRECT) && e.num(BrowserEvents.VISIT) == 2).singleElement()
                .satisfies(e -> {
                    assertThat(e.get(BrowserEvents.NON_AUTHORITATIVE)).isEqualTo("HSTS");
                    assertThat(e.num(BrowserEvents.STATUS)).isEqualTo(307);
                });
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.HSTS)).hasSize(2); // the 200 and the 304 both carry it
        // the HAR's second page starts with Chrome's internal redirect: no network, no time
        String h = Files.readString(har);
        assertThat(HarTest.schema().validate(h, com.networknt.schema.InputFormat.JSON)).isEmpty();
        String page2 = h.substring(h.indexOf("\"pageref\": \"page_2\""));
        assertThat(page2).contains("\"url\": \"http://www.shop.test/\"", "\"status\": 307", "\"statusText\": \"Internal Redirect\"",
                "\"name\": \"Non-Authoritative-Reason\"", "\"redirectURL\": \"https://www.shop.test/\"");
        assertThat(page2.indexOf("\"status\": 307")).isLessThan(page2.indexOf("\"status\": 304"));
        // nothing of visit 2 went to port 80
        long visit2 = events.stream().filter(e -> e.is(BrowserEvents.NAVIGATE) && e.num(BrowserEvents.VISIT) == 2)
                .findFirst().orElseThrow().time();
        assertThat(events).filteredOn(e -> e.time() >= visit2 && e.is(dev.minternet.transport.tcp.TcpEvents.SEND)
                && e.node().equals("laptop") && e.num(dev.minternet.transport.tcp.TcpEvents.DPORT) == 80).isEmpty();
    }

    @Test
    void hsts_is_a_tls_servers_and_must_be_a_valid_field() throws Exception {
        Files.createDirectories(dir.resolve("site"));
        Path plain = Files.writeString(dir.resolve("p.yaml"), SHOP.replace("{type: web, tls: true,", "{type: web,"));
        CliTest.Outcome o = CliTest.exec("check", plain.toString());
        assertThat(o.code()).isNotZero();
        assertThat(o.err()).contains("nodes[1].services[1].hsts: hsts needs tls: true (browsers ignore Strict-Transport-Security"
                + " over plain HTTP, RFC 6797 section 8.1)");
        Path bad = Files.writeString(dir.resolve("b.yaml"), SHOP.replace("max-age=31536000; includeSubDomains", "max-age=1y"));
        o = CliTest.exec("check", bad.toString());
        assertThat(o.err()).contains("nodes[1].services[1].hsts: not a Strict-Transport-Security value: 'max-age=1y'");
    }
}
