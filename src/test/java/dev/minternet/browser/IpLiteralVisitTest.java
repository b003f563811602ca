package dev.minternet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * URLs whose host is an IPv6 literal in the default world: the browser (visit) and curl connect
 * over IPv6 without DNS, send the host in brackets in RFC 5952 form, send no SNI and check the
 * certificate for an iPAddress name (none of the world's certificates has one), and refuse zone
 * IDs and malformed literals in one line.
 */
class IpLiteralVisitTest {
    /** cdn-shield, the CDN's shield cache, serves clear-text HTTP on port 80 (the load balancer's 8080 takes only the CDN). */
    static final String SHIELD = "2001:db8:153::10";
    static final String LB = "2001:db8:93:32::34";

    @TempDir
    Path dir;

    @Test
    void an_http_ipv6_literal_visit_skips_dns_connects_over_ipv6_and_the_har_and_pcap_say_so() throws Exception {
        Path pcaps = dir.resolve("pcaps");
        Path har = dir.resolve("visit.har");
        CliTest.Outcome o = CliTest.exec("visit", "--pcap-dir", pcaps.toString(), "--har", har.toString(),
                "http://[2001:DB8:153:0::10]/");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out().lines()).containsSubsequence(
                "Visit 1: http://[" + SHIELD + "]/",
                " 1. [1.000000 s +0.000 ms] No DNS lookup: the URL names the IPv6 address " + SHIELD,
                "      IP literal [" + SHIELD + "]: no DNS query leaves laptop; the connection goes over IPv6",
                " 2. [1.000000 s +43.037 ms] TCP connection to [" + SHIELD + "]:80",
                "      route: laptop -> home-router -> isp-a-access -> isp-a-core -> ixp -> cloud-edge -> cdn-shield (5 routers)",
                " 3. [1.043037 s +45.133 ms] GET / -> 200 over http/1.1");
        assertThat(o.out()).contains("no NAT over IPv6: 2001:db8:81:200:", "Page loaded in ")
                .doesNotContain("DNS lookup: [", "Browser DNS cache: [", "NXDOMAIN");
        // the page's own connection raced nothing and did no TLS: static.example.com's race and handshake are told with that origin
        String page = o.out().substring(0, o.out().indexOf(" 4. ["));
        assertThat(page).doesNotContain("Happy Eyeballs", "TLS handshake");
        assertThat(o.out()).contains("static.example.com is another origin", "TLS with static.example.com (ALPN h2)");

        String h = Files.readString(har);
        assertThat(h).contains("\"title\": \"http://[" + SHIELD + "]/\"", "\"url\": \"http://[" + SHIELD + "]/\"",
                "\"name\": \"Host\",", "\"value\": \"[" + SHIELD + "]\"", "\"serverIPAddress\": \"[" + SHIELD + "]\"");

        Oracles.tshark();
        Path laptop = pcaps.resolve("laptop-eth0.pcap");
        Tshark.assertClean(laptop);
        List<Map<String, String>> segs = Tshark.fieldsWith(laptop, Tshark.CHECKSUM_PREFERENCES,
                "ipv6 && tcp.port == 80 && ipv6.addr == " + SHIELD,
                "ipv6.dst", "ipv6.nxt", "tcp.dstport", "tcp.flags.str", "tcp.checksum.status", "http.host", "http.request.uri");
        assertThat(segs).isNotEmpty().allSatisfy(r -> assertThat(r).containsEntry("ipv6.nxt", "6").containsEntry("tcp.checksum.status", "1"));
        assertThat(segs.get(0)).containsEntry("ipv6.dst", SHIELD).containsEntry("tcp.dstport", "80");
        assertThat(segs.get(0).get("tcp.flags.str")).contains("S").doesNotContain("A");
        assertThat(segs).anySatisfy(r -> assertThat(r).containsEntry("http.host", "[" + SHIELD + "]").containsEntry("http.request.uri", "/"));
        // no DNS query for the literal left the laptop (the other origin's name is looked up, not the address)
        assertThat(Tshark.count(laptop, "dns.qry.name contains \"2001\"")).isZero();
    }

    @Test
    void an_https_ipv6_literal_sends_no_sni_and_fails_on_the_certificates_names_as_chromium_and_curl_do() {
        CliTest.Outcome o = CliTest.exec("visit", "https://[" + LB + "]/");
        assertThat(o.code()).as(o.err()).isEqualTo(1);
        assertThat(o.out()).contains("No DNS lookup: the URL names the IPv6 address " + LB,
                "TCP connection to [" + LB + "]:443",
                "firewall on firewall: ACCEPT (FORWARD rule 10: allow forward tcp to " + LB + "/128 port 443)",
                "    failed: TLS: NET::ERR_CERT_COMMON_NAME_INVALID (SSL: no alternative certificate subject name matches target host name '"
                        + LB + "')");
        // an IPv4 literal fails the same way: the certificate names www.example.com and example.com, no address
        CliTest.Outcome v4 = CliTest.exec("visit", "https://93.184.216.34/");
        assertThat(v4.out()).contains("    failed: TLS: NET::ERR_CERT_COMMON_NAME_INVALID (SSL: no alternative certificate subject name "
                + "matches target host name '93.184.216.34')");

        CliTest.Outcome c = CliTest.exec("exec", "--at", "1s", "laptop", "--", "curl", "-v", "-s", "https://[" + LB + "]/");
        assertThat(c.code()).isEqualTo(60);
        assertThat(c.out().lines()).containsSubsequence(
                "*   Trying [" + LB + "]:443...",
                "* Connected to " + LB + " (" + LB + ") port 443",
                "* ALPN: curl offers h2,http/1.1",
                "* SSL: no alternative certificate subject name matches target host name '" + LB + "'");
        // with -k the handshake goes on: HTTP/2's :authority carries the brackets
        CliTest.Outcome k = CliTest.exec("exec", "--at", "1s", "laptop", "--", "curl", "-k", "-v", "-s", "-o", "/dev/null",
                "https://[" + LB + "]/");
        assertThat(k.code()).isZero();
        assertThat(k.out().lines()).containsSubsequence(
                "* [HTTP/2] [1] OPENED stream for https://[" + LB + "]/",
                "* [HTTP/2] [1] [:authority: [" + LB + "]]",
                "> GET / HTTP/2",
                "> Host: [" + LB + "]");
    }

    @Test
    void curl_prints_an_ipv6_literal_as_curl_8_5_does() {
        // curl 8.5.0: "*   Trying [2001:db8::1]:80...", "* Connected to 2001:db8::1 (2001:db8::1) port 80", Host in brackets
        CliTest.Outcome c = CliTest.exec("exec", "--at", "1s", "laptop", "--", "curl", "-v", "-s", "-o", "/dev/null",
                "http://[2001:DB8:153:0::10]/");
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out().lines()).containsSubsequence(
                "*   Trying [" + SHIELD + "]:80...",
                "* Connected to " + SHIELD + " (" + SHIELD + ") port 80",
                "> GET / HTTP/1.1",
                "> Host: [" + SHIELD + "]",
                "> User-Agent: curl/8.5.0",
                "< HTTP/1.1 200 OK",
                "* Connection #0 to host " + SHIELD + " left intact");
        assertThat(c.out()).doesNotContain("was resolved", "IPv4:");
        // -4 with an IPv6 literal: nothing to connect to (curl 7.88 here and 8.5 print the same)
        CliTest.Outcome four = CliTest.exec("exec", "--at", "1s", "laptop", "--", "curl", "-4", "-sS", "http://[" + SHIELD + "]/");
        assertThat(four.code()).isEqualTo(7);
        assertThat(four.out()).contains("curl: (7) Couldn't connect to server");
    }

    @Test
    void zone_ids_and_bad_literals_are_refused_in_one_line_naming_the_url() {
        Map<String, String> bad = Map.of(
                "http://[fe80::1%25eth0]/", "minternet: URL 'http://[fe80::1%25eth0]/': IPv6 zone ID %25eth0 in [fe80::1%25eth0]: not allowed"
                        + " in a URL (the WHATWG URL Standard and browsers refuse zone IDs)",
                "http://[2001:db8::g]/", "minternet: URL 'http://[2001:db8::g]/': bad IPv6 literal [2001:db8::g]: not an IPv6 address:"
                        + " '2001:db8::g' (bad group 'g')",
                "http://[2001:db8::1/", "minternet: URL 'http://[2001:db8::1/': IPv6 literal [2001:db8::1 has no closing ']'",
                "http://[93.184.216.34]/", "minternet: URL 'http://[93.184.216.34]/': bad IPv6 literal [93.184.216.34]: a dotted quad"
                        + " only ends an IPv6 address");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            CliTest.Outcome o = CliTest.exec("visit", e.getKey());
            assertThat(o.code()).as(e.getKey()).isEqualTo(2);
            assertThat(o.err()).as(e.getKey()).isEqualTo(e.getValue() + "\n");
            assertThat(o.out()).isEmpty();
        }
        CliTest.Outcome c = CliTest.exec("exec", "laptop", "--", "curl", "-sS", "http://[2001:db8::g]/");
        assertThat(c.code()).isEqualTo(3);
        assertThat(c.out()).isEqualTo("curl: (3) URL using bad/illegal format or missing URL\n");
    }
}
