package dev.minternet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.dns.DnsEvents;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Traces;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page whose script opens WebSockets to IP literals and to a name with an AAAA record only: a
 * literal names the server, so the socket connects at once over its family with no DNS query (in
 * the trace and on the wire), its Host and the page's Origin carry the brackets, and wss:// to an
 * IPv6 literal sends no SNI and fails on the certificate's names as a page load does; the
 * AAAA-only name connects over IPv6.
 */
class PageSocketLiteralTest {
    static final String CHAT = "2001:db8:2::50";
    static final String WWW = "2001:db8:2::80";

    @TempDir
    static Path dir;
    static CliTest.Outcome visit;
    static List<TraceEvent> events;

    /** a (SLAAC) --sw1-- r --sw2-- ns, www (the page), chat (chat servers on 80, 8080 and 443 with TLS for chat.example.test). */
    static final String WORLD = """
            name: ws-literals
            seed: 6455
            start: 2026-11-21T09:00:00Z
            duration: 30s
            nodes:
              - {name: a, kind: host, slaac: true, routes: [default via 10.0.1.1], resolver: {nameservers: [10.0.2.53]}}
              - {name: ns, kind: host, routes: [default via 10.0.2.1]}
              - {name: www, kind: host, routes: [default via 10.0.2.1], services: [{type: web, port: 80, root: site}]}
              - name: chat
                kind: host
                routes: [default via 10.0.2.1]
                services:
                  - {type: chat, port: 80}
                  - {type: chat, port: 8080}
                  - {type: chat, port: 443, tls: true, names: [chat.example.test]}
              - {name: r, kind: router}
            lans:
              - {switch: sw1, slaac: r, bandwidth: 100Mbps, delay: 50us, ports: [r 10.0.1.1/24 ipv6 2001:db8:1::1/64, a 10.0.1.10/24]}
              - switch: sw2
                slaac: r
                bandwidth: 100Mbps
                delay: 5ms
                ports: [r 10.0.2.1/24 ipv6 2001:db8:2::1/64, ns 10.0.2.53/24, www 10.0.2.80/24 ipv6 2001:db8:2::80/64,
                        chat 10.0.2.50/24 ipv6 2001:db8:2::50/64]
            dns:
              zones:
                - name: example.test
                  servers: [ns]
                  records: |
                    @     3600 IN SOA ns.example.test. hostmaster.example.test. 1 7200 3600 1209600 300
                    @     3600 IN NS  ns.example.test.
                    ns     300 IN A    10.0.2.53
                    chat6  300 IN AAAA 2001:db8:2::50
            """;

    @BeforeAll
    static void visit() throws Exception {
        Files.writeString(dir.resolve("world.yaml"), WORLD);
        Files.createDirectories(dir.resolve("site/js"));
        Files.writeString(dir.resolve("site/index.html"),
                "<!doctype html>\n<html><head><title>live</title><script src=\"/js/app.js\"></script></head><body>live</body></html>\n");
        Files.writeString(dir.resolve("site/js/app.js"), """
                new WebSocket('ws://[2001:DB8:2:0::50]/room/six');
                new WebSocket('ws://[2001:db8:2::50]:8080/room/port');
                new WebSocket('ws://10.0.2.50/room/four');
                new WebSocket('ws://chat6.example.test/room/aaaa');
                new WebSocket('wss://[2001:db8:2::50]/room/tls');
                new WebSocket('ws://[2001:db8::g]/room/bad');
                """);
        visit = CliTest.exec("visit", "--world", dir.resolve("world.yaml").toString(), "--from", "a", "--at", "6s",
                "--trace", dir.resolve("t.jsonl").toString(), "--pcap-dir", dir.resolve("pcaps").toString(), "http://[" + WWW + "]/");
        events = Traces.read(dir.resolve("t.jsonl"));
    }

    static TraceEvent one(dev.minternet.trace.EventType type, String url) {
        List<TraceEvent> l = events.stream().filter(e -> e.is(type) && e.get(BrowserEvents.URL).equals(url)).toList();
        assertThat(l).as(type + " " + url).hasSize(1);
        return l.get(0);
    }

    @Test
    void sockets_to_ip_literals_connect_over_their_family_with_no_lookup_and_the_aaaa_only_name_over_ipv6() {
        assertThat(visit.code()).as(visit.err()).isZero();
        Map<String, String[]> want = Map.of(
                "ws://[" + CHAT + "]/room/six", new String[] {"IPv6", "[" + CHAT + "]:80", "the URL names the IPv6 address " + CHAT + ": no DNS lookup"},
                "ws://[" + CHAT + "]:8080/room/port", new String[] {"IPv6", "[" + CHAT + "]:8080", "the URL names the IPv6 address " + CHAT + ": no DNS lookup"},
                "ws://10.0.2.50/room/four", new String[] {"IPv4", "10.0.2.50:80", "the URL names the IPv4 address 10.0.2.50: no DNS lookup"},
                "ws://chat6.example.test/room/aaaa", new String[] {"IPv6", "[" + CHAT + "]:80", "the name has no A record"});
        for (Map.Entry<String, String[]> w : want.entrySet()) {
            TraceEvent c = one(BrowserEvents.WS_CONNECTED, w.getKey());
            assertThat(c.get(BrowserEvents.FAMILY)).as(w.getKey()).isEqualTo(w.getValue()[0]);
            assertThat(c.get(BrowserEvents.REMOTE)).as(w.getKey()).isEqualTo(w.getValue()[1]);
            assertThat(c.get(BrowserEvents.WHY)).as(w.getKey()).isEqualTo(w.getValue()[2]);
            assertThat(one(BrowserEvents.WS_MESSAGE, w.getKey()).get(BrowserEvents.TEXT)).as(w.getKey())
                    .isEqualTo("* " + c.get(BrowserEvents.LOCAL) + " joined room " + w.getKey().substring(w.getKey().lastIndexOf('/') + 1)
                            + " (1 member)");
        }
        // the script's [2001:DB8:2:0::50] is opened as the URL Standard serializes it
        assertThat(events.stream().filter(e -> e.is(BrowserEvents.WS_OPEN)).map(e -> e.get(BrowserEvents.URL)))
                .contains("ws://[" + CHAT + "]/room/six").noneMatch(u -> u.contains("DB8"));
        // the only names a looked up: chat6 (AAAA and A, which has none); the literals none
        assertThat(events.stream().filter(e -> e.is(DnsEvents.LOOKUP) && e.node().equals("a"))
                .map(e -> e.get(DnsEvents.QNAME) + " " + e.get(DnsEvents.QTYPE) + " " + e.get(DnsEvents.ADDRESSES)))
                .containsExactlyInAnyOrder("chat6.example.test AAAA " + CHAT, "chat6.example.test A ");
        assertThat(visit.out()).contains(
                "TCP connected over IPv6, ", " -> [" + CHAT + "]:80 (the URL names the IPv6 address " + CHAT + ": no DNS lookup)",
                "connected (TCP; ws:// is clear text, no TLS), sends GET /room/six with Upgrade: websocket",
                "DNS chat6.example.test -> no A record (NOERROR, from the server in ",
                " -> [" + CHAT + "]:80 (the name has no A record)");
    }

    @Test
    void wss_to_an_ipv6_literal_fails_on_the_certificates_names_as_a_page_load_does() {
        TraceEvent tcp = one(BrowserEvents.WS_CONNECTED, "wss://[" + CHAT + "]/room/tls");
        assertThat(tcp.get(BrowserEvents.REMOTE)).isEqualTo("[" + CHAT + "]:443");
        String error = "TLS: NET::ERR_CERT_COMMON_NAME_INVALID (SSL: no alternative certificate subject name matches target host name '"
                + CHAT + "')";
        assertThat(one(BrowserEvents.WS_FAILED, "wss://[" + CHAT + "]/room/tls").get(BrowserEvents.ERROR)).isEqualTo(error);
        assertThat(visit.out()).contains("the WebSocket wss://[" + CHAT + "]/room/tls failed: " + error);
        // a malformed literal: the script's new WebSocket() throws, nothing is dialled
        assertThat(one(BrowserEvents.WS_FAILED, "ws://[2001:db8::g]/room/bad").get(BrowserEvents.ERROR)).isEqualTo(
                "SyntaxError: the URL 'ws://[2001:db8::g]/room/bad' is invalid: bad IPv6 literal [2001:db8::g]: not an IPv6 address:"
                        + " '2001:db8::g' (bad group 'g')");
    }

    @Test
    void on_the_wire_tcp_over_each_family_to_the_literal_brackets_in_host_and_origin_no_sni_and_no_dns_for_literals() {
        Oracles.tshark();
        Path a = dir.resolve("pcaps/a-eth0.pcap");
        Tshark.assertClean(a);
        List<Map<String, String>> v6 = Tshark.fieldsWith(a, Tshark.CHECKSUM_PREFERENCES, "ipv6.dst == " + CHAT + " && tcp",
                "ipv6.nxt", "tcp.dstport", "tcp.checksum.status");
        assertThat(v6).isNotEmpty().allSatisfy(r -> assertThat(r).containsEntry("ipv6.nxt", "6").containsEntry("tcp.checksum.status", "1"));
        assertThat(v6.stream().map(r -> r.get("tcp.dstport")).distinct()).containsExactlyInAnyOrder("80", "8080", "443");
        List<Map<String, String>> v4 = Tshark.fieldsWith(a, Tshark.CHECKSUM_PREFERENCES, "ip.dst == 10.0.2.50 && tcp",
                "tcp.dstport", "tcp.checksum.status");
        assertThat(v4).isNotEmpty().allSatisfy(r -> assertThat(r).containsEntry("tcp.dstport", "80").containsEntry("tcp.checksum.status", "1"));
        // the opening handshakes: Host as the URL Standard writes it, the page's origin in brackets
        List<Map<String, String>> hs = Tshark.fields(a, "http.request && http.request.uri contains \"/room/\"", "http.host", "http.request.line");
        assertThat(hs.stream().map(r -> r.get("http.host"))).containsExactlyInAnyOrder(
                "[" + CHAT + "]", "[" + CHAT + "]:8080", "10.0.2.50", "chat6.example.test");
        assertThat(hs).allSatisfy(r -> assertThat(r.get("http.request.line")).contains("Origin: http://[" + WWW + "]\\r\\n"));
        // the ClientHello to the literal names no server (RFC 6066 section 3)
        List<Map<String, String>> hello = Tshark.fields(a, "tls.handshake.type == 1 && ipv6.dst == " + CHAT,
                "tls.handshake.extensions_server_name");
        assertThat(hello).hasSize(1);
        assertThat(hello.get(0).get("tls.handshake.extensions_server_name")).isEmpty();
        // DNS left a only for chat6.example.test
        assertThat(Tshark.fields(a, "dns.flags.response == 0", "dns.qry.name")).isNotEmpty()
                .allSatisfy(r -> assertThat(r).containsEntry("dns.qry.name", "chat6.example.test"));
    }
}
