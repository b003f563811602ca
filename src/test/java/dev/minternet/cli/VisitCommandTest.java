package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.browser.BrowserEvents;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.PcapFiles;
import dev.minternet.testing.Traces;
import dev.minternet.testing.Tshark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisitCommandTest {
    @TempDir
    Path dir;

    @Test
    void visit_narrates_the_page_and_gives_the_same_output_twice() throws Exception {
        Path trace = dir.resolve("t.jsonl");
        CliTest.Outcome a = CliTest.exec("visit", "https://www.example.com/", "--repeat", "2", "--explain", "--trace", trace.toString(),
                "--pcap-dir", dir.resolve("pcap").toString());
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out()).contains("Visit 1: https://www.example.com/", " 1. [1.000000 s +0.000 ms] Browser DNS cache",
                "DNS lookup: www.example.com -> 93.184.216.34", "The browser first looks in its own small DNS cache",
                "Visit 2: https://www.example.com/", "GET / -> 304 over h2", "Page loaded in");
        // the whole trace, to its last line (the sink is flushed before the file closes): both visits loaded
        assertThat(Traces.read(trace)).filteredOn(e -> e.is(BrowserEvents.PAGE_LOADED)).hasSize(2);
        assertThat(dir.resolve("pcap/laptop-eth0.pcap")).exists();
        CliTest.Outcome b = CliTest.exec("visit", "https://www.example.com/", "--repeat", "2", "--explain");
        assertThat(b.out()).isEqualTo(a.out());
    }

    @Test
    void visit_captures_decode_cleanly_in_tshark() throws Exception {
        Oracles.tshark();
        Path pcaps = dir.resolve("pcap");
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--repeat", "2", "--quiet",
                "--pcap-dir", pcaps.toString());
        assertThat(o.code()).as(o.err()).isZero();
        List<Path> files;
        try (Stream<Path> l = Files.list(pcaps)) {
            files = l.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(20);
        // tshark's verdict depends on the datagrams alone: of captures holding the same ones (the
        // two ends of a link) one is checked; captures without TCP or fragments, which tshark
        // would otherwise reassemble across files, are checked together in one merged file
        Set<String> seen = new HashSet<>();
        List<Path> reassembled = new ArrayList<>();
        List<Path> datagrams = new ArrayList<>();
        int packets = 0;
        for (Path f : files) {
            List<PcapFiles.Packet> p = PcapFiles.packets(f);
            packets += p.size();
            if (p.isEmpty() || !seen.add(PcapFiles.packetDigest(p))) {
                continue;
            }
            boolean whole = p.stream().allMatch(x -> x.protocol() != 6 && !x.fragment());
            (whole ? datagrams : reassembled).add(f);
        }
        assertThat(packets).isGreaterThan(1000);
        assertThat(reassembled).isNotEmpty();
        assertThat(datagrams).isNotEmpty();
        Tshark.assertClean(PcapFiles.merge(datagrams, dir.resolve("datagrams.pcap")));
        for (Path f : reassembled) {
            Tshark.assertClean(f);
        }
        // and they hold what a visit sends, decoded: DNS, TLS with SNI, HTTP from the balancer, PostgreSQL
        Path laptop = pcaps.resolve("laptop-eth0.pcap");
        assertThat(Tshark.count(laptop, "dns.qry.name == \"www.example.com\" && dns.flags.response == 1")).isPositive();
        // one handshake: the second visit reuses the first one's connection (keep-alive)
        assertThat(Tshark.count(laptop, "tls.handshake.extensions_server_name == \"www.example.com\"")).isEqualTo(1);
        assertThat(Tshark.count(pcaps.resolve("lb-eth0.pcap"), "http.request.method == \"GET\"")).isPositive();
        assertThat(Tshark.count(pcaps.resolve("db-eth0.pcap"), "pgsql.type == \"Simple query\"")).isPositive();
    }

    @Test
    void quiet_prints_the_load_times_and_crash_steers_the_balancer() {
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--quiet", "--crash", "web-2@0s", "--at", "5s");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out().strip()).matches("Visit 1: https://www.example.com/: page loaded in [0-9.]+ ms");
        CliTest.Outcome bad = CliTest.exec("visit", "https://www.example.com/", "--crash", "web-2");
        assertThat(bad.code()).isEqualTo(2);
    }

    @Test
    void html_and_mermaid_show_the_messages_between_the_machines() throws Exception {
        Path html = dir.resolve("v.html");
        Path mmd = dir.resolve("v.mmd");
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--quiet", "--html", html.toString(),
                "--mermaid", mmd.toString());
        assertThat(o.code()).as(o.err()).isZero();
        String m = Files.readString(mmd);
        assertThat(m).contains("sequenceDiagram", "laptop->>home_router: 0.000 ms DNS www.example.com A?",
                "home_router->>isp_a_resolver:", "laptop->>lb:", "TCP SYN", "lb->>web_1:", "web_2->>app:", "app->>db:", "3 rows");
        String h = Files.readString(html);
        assertThat(h).startsWith("<!doctype html>").contains("<svg", "Waterfall", "Page loaded in").doesNotContain("<script");
    }

    @Test
    void a_failed_peering_link_sends_the_visit_over_transit() {
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--fail", "peering@0s");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("route: laptop -> home-router -> isp-a-access -> isp-a-core -> transit-1 -> transit-2 -> dc-edge",
                "SYN-ACK back: round trip 82.6"); // IPv6 (Happy Eyeballs) follows the transit path too
    }

    @Test
    void with_ipv6_black_holed_at_the_data_centre_happy_eyeballs_falls_back_to_ipv4_after_250_ms() {
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--fail-ipv6", "dc-edge@0s");
        assertThat(o.code()).as(o.err()).isZero();
        // the IPv6 SYN vanishes at dc-edge; RFC 8305's 250 ms later the IPv4 attempt starts and connects in one round trip
        assertThat(o.out()).contains(" 3. [1.092843 s +289.620 ms] TCP connection to 93.184.216.34:443",
                "Happy Eyeballs (RFC 8305): IPv4 won: IPv6 to 2001:db8:93:32::34 had not connected after the 250 ms connection "
                        + "attempt delay, and IPv4 connected first",
                "@1.092843 s SYN     [2001:db8:81:200:c8bf:4dff:fe3e:f3e4]:49184 -> [2001:db8:93:32::34]:443 (no answer in 289.620 ms: "
                        + "abandoned when the other attempt connected)",
                "@1.342843 s SYN     192.168.1.10:52109 -> 93.184.216.34:443",
                "SYN-ACK back: round trip 39.620 ms",
                "route: laptop -> home-router -> isp-a-access -> isp-a-core -> ixp -> cloud-edge -> dc-edge -> firewall -> dc-core -> lb",
                "NAT on home-router: 192.168.1.10:52109 leaves as 81.2.10.2:52109",
                "firewall on firewall: ACCEPT (FORWARD rule 2: allow forward tcp to 93.184.216.34/32 port 443)");
        // the page's WebSocket races too: its IPv6 SYN to chat vanishes as well, and it goes over IPv4 (NAT) 250 ms later
        assertThat(o.out()).contains("] TCP connected over IPv4, 192.168.1.10:37157 -> 93.184.216.50:443 (Happy Eyeballs v2: IPv6 to "
                        + "2001:db8:93:48::50 had not connected after the 250 ms connection attempt delay, and IPv4 connected first)",
                "101 Switching Protocols from wss://chat.example.com/room/lobby after 410.003 ms",
                "pushed by the server (46 B): * 81.2.10.2:37157 joined room lobby (1 member)");
        assertThat(CliTest.exec("visit", "https://www.example.com/", "--fail-ipv6", "nowhere@0s").err())
                .contains("--fail-ipv6 nowhere@...: no node named 'nowhere'");
    }

    @Test
    void the_route_is_the_syns_own_even_when_health_check_replies_cross_the_data_centre_at_the_same_instant() {
        // At 0.9 s the SYN leaves at 0.9888 s and is in flight when the balancer's 1 s health checks are answered:
        // their replies go to lb's address through dc-core too, and once made the route laptop -> ... -> dc-core -> isp-a-core.
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--at", "900ms");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("route: laptop -> home-router -> isp-a-access -> isp-a-core -> ixp -> cloud-edge -> dc-edge "
                + "-> firewall -> dc-core -> lb (8 routers)");
    }

    @Test
    void a_name_that_does_not_exist_is_no_such_name_with_the_soas_negative_cache_time_and_the_visit_fails_in_one_line() {
        CliTest.Outcome o = CliTest.exec("visit", "https://nosuch.example.com/", "--explain");
        assertThat(o.code()).as(o.err()).isEqualTo(1);
        assertThat(o.err()).isEmpty();
        // example.com's SOA: TTL 3600, MINIMUM 3600; RFC 2308 5 takes the lower
        assertThat(o.out()).contains("DNS lookup: nosuch.example.com -> no such name",
                "laptop stub resolver: nosuch.example.com: no such name (NXDOMAIN from the server; the SOA's negative-cache time: 3600 s)",
                "nosuch.example.com does not exist, and resolvers may remember that for 3600 s (the zone's SOA, RFC 2308).",
                "    failed: could not resolve nosuch.example.com\n", "Page failed in")
                .doesNotContain("name =  (from", "Exception");
    }

    @Test
    void a_page_that_comes_back_404_loaded_with_errors() {
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/nope", "https://www.example.com/");
        assertThat(o.code()).as(o.err()).isZero();
        String[] visits = o.out().split("Visit 2: ");
        assertThat(visits[0]).contains("GET /nope -> 404", "Page loaded with errors in ").doesNotContain("Page loaded in");
        assertThat(visits[1]).contains("GET / -> 200", "5 sub-resources (5 requested", "Page loaded in ").doesNotContain("with errors");
        CliTest.Outcome q = CliTest.exec("visit", "--quiet", "https://www.example.com/nope");
        assertThat(q.out()).startsWith("Visit 1: https://www.example.com/nope: page loaded with errors in ");
    }
}
