package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.browser.Urls;
import dev.minternet.browser.BrowserEvents;
import dev.minternet.dns.DnsEvents;
import dev.minternet.testing.Traces;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the user types in the address bar: a host without a scheme means https://, an IP address
 * as host skips DNS, and a port nothing listens on is refused by a reset the narration traces back
 * to the node that sent it.
 */
class VisitAddressTest {
    @TempDir
    Path dir;

    @Test
    void the_address_bar_adds_https_and_a_path_to_a_bare_host_and_keeps_a_scheme() {
        assertThat(Urls.addressBar("www.example.com")).isEqualTo("https://www.example.com/");
        assertThat(Urls.addressBar("www.example.com/css/site.css")).isEqualTo("https://www.example.com/css/site.css");
        assertThat(Urls.addressBar("http://example.com")).isEqualTo("http://example.com");
    }

    @Test
    void a_host_without_a_scheme_is_visited_over_https() {
        CliTest.Outcome o = CliTest.exec("visit", "www.example.com");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).startsWith("Routing: the routers booted").contains("\nVisit 1: https://www.example.com/\n").contains("TLS handshake with www.example.com",
                "GET / -> 200 over h2", "Page loaded in");
    }

    @Test
    void a_closed_port_is_refused_by_a_reset_from_the_node_that_sent_it_and_an_ip_literal_asks_no_dns() {
        Path trace = dir.resolve("t.jsonl");
        // ISP A's resolver runs no web server: its port 80 is closed
        CliTest.Outcome o = CliTest.exec("visit", "--explain", "--trace", trace.toString(), "http://81.2.53.53/");
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).contains(" 1. [1.000000 s +0.000 ms] No DNS lookup: the URL names the address 81.2.53.53",
                "IP literal 81.2.53.53: no DNS query leaves laptop",
                "RST,ACK back from isp-a-resolver (81.2.53.53:80) after 28.427 ms: connection refused",
                "isp-a-resolver answered the SYN with a reset (RST): nothing listens on port 80",
                "failed: could not connect: connection refused", "Page failed in 28.427 ms");
        List<String> waterfall = o.out().lines().dropWhile(l -> !l.startsWith("Waterfall")).toList();
        assertThat(waterfall.get(1)).startsWith("  TCP connect").endsWith("28.427 ms refused (RST)");
        assertThat(waterfall).noneMatch(l -> l.contains("DNS"));
        List<TraceEvent> events = Traces.read(trace);
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.IP_LITERAL)).hasSize(1);
        assertThat(events).filteredOn(e -> e.is(BrowserEvents.DNS_CACHE_MISS) || e.is(BrowserEvents.DNS_CACHE_HIT)).isEmpty();
        assertThat(events).filteredOn(e -> e.is(DnsEvents.QUERY) && e.node().equals("laptop")).isEmpty();
    }

    @Test
    void an_ip_literal_loads_the_page_without_any_dns_query() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<html><h1>hi</h1></html>\n");
        Path world = BrowserConnectionsTest.plainWorld(dir);
        Path trace = dir.resolve("t.jsonl");
        CliTest.Outcome o = CliTest.exec("visit", "--world", world.toString(), "--trace", trace.toString(), "http://203.0.113.7/");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("No DNS lookup: the URL names the address 203.0.113.7", "GET / -> 200 over http/1.1",
                "Page loaded in");
        assertThat(Traces.read(trace)).noneMatch(e -> e.isAny(DnsEvents.QUERY, DnsEvents.LOOKUP));
    }
}
