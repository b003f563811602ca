package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(Files.readString(trace)).contains("\"layer\":\"browser\",\"kind\":\"page-loaded\"");
        assertThat(dir.resolve("pcap/laptop-eth0.pcap")).exists();
        CliTest.Outcome b = CliTest.exec("visit", "https://www.example.com/", "--repeat", "2", "--explain");
        assertThat(b.out()).isEqualTo(a.out());
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
                "home_router->>isp_a_resolver:", "laptop->>lb:", "TCP SYN", "lb->>web_1:", "web_3->>app:", "app->>db:", "3 rows");
        String h = Files.readString(html);
        assertThat(h).startsWith("<!doctype html>").contains("<svg", "Waterfall", "Page loaded in").doesNotContain("<script");
    }

    @Test
    void a_failed_peering_link_sends_the_visit_over_transit() {
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--fail", "peering@0s");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("route: laptop -> home-router -> isp-a-access -> isp-a-core -> transit-1 -> transit-2 -> dc-edge",
                "SYN-ACK back: round trip 78.6");
    }
}
