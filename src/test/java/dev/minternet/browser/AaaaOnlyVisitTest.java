package dev.minternet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.dns.DnsEvents;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Traces;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Names with AAAA records and no A record: a dual-stack laptop's browser loads the page, and a
 * sub-resource on another such origin, over IPv6 (the A query answers NOERROR with nothing, the
 * AAAA one with the address: no IPv4 to race); a node without IPv6 asks A alone, as Chromium does
 * when its IPv6 probe finds no route, and fails with net::ERR_NAME_NOT_RESOLVED; sub-resources
 * whose origin fails before the request (no such name, refused) get HAR entries with {@code _error}.
 */
class AaaaOnlyVisitTest {
    static final String WWW = "2001:db8:2::80";
    static final String IMG = "2001:db8:2::90";

    @TempDir
    static Path dir;
    static CliTest.Outcome a;
    static CliTest.Outcome b;
    static CliTest.Outcome c;
    static List<TraceEvent> events;

    /**
     * a (SLAAC and IPv4), b (IPv4 only) --sw1-- r --sw2-- ns, www and img (both families; DNS gives them AAAA
     * only); c --sw3-- r has a global IPv6 address on its LAN but no IPv6 route beyond it (no router advertisements).
     */
    static final String WORLD = """
            name: aaaa-only
            seed: 8305
            start: 2026-11-21T09:00:00Z
            duration: 30s
            nodes:
              - {name: a, kind: host, slaac: true, routes: [default via 10.0.1.1], resolver: {nameservers: [10.0.2.53]}}
              - {name: b, kind: host, routes: [default via 10.0.1.1], resolver: {nameservers: [10.0.2.53]}}
              - {name: c, kind: host, routes: [default via 10.0.3.1], resolver: {nameservers: [10.0.2.53]}}
              - {name: ns, kind: host, routes: [default via 10.0.2.1]}
              - {name: www, kind: host, routes: [default via 10.0.2.1], services: [{type: web, port: 80, root: site}]}
              - {name: img, kind: host, routes: [default via 10.0.2.1], services: [{type: web, port: 80, root: img}]}
              - {name: r, kind: router}
            lans:
              - {switch: sw1, slaac: r, bandwidth: 100Mbps, delay: 50us, ports: [r 10.0.1.1/24 ipv6 2001:db8:1::1/64, a 10.0.1.10/24, b 10.0.1.20/24]}
              - switch: sw2
                slaac: r
                bandwidth: 100Mbps
                delay: 5ms
                ports: [r 10.0.2.1/24 ipv6 2001:db8:2::1/64, ns 10.0.2.53/24, www 10.0.2.80/24 ipv6 2001:db8:2::80/64,
                        img 10.0.2.90/24 ipv6 2001:db8:2::90/64]
              - {switch: sw3, bandwidth: 100Mbps, delay: 50us, ports: [r 10.0.3.1/24 ipv6 2001:db8:3::1/64, c 10.0.3.30/24 ipv6 2001:db8:3::30/64]}
            dns:
              zones:
                - name: example.test
                  servers: [ns]
                  records: |
                    @     3600 IN SOA ns.example.test. hostmaster.example.test. 1 7200 3600 1209600 300
                    @     3600 IN NS  ns.example.test.
                    ns     300 IN A    10.0.2.53
                    www6   300 IN AAAA 2001:db8:2::80
                    img6   300 IN AAAA 2001:db8:2::90
                    shut6  300 IN AAAA 2001:db8:2::80
            """;

    @BeforeAll
    static void visit() throws Exception {
        Files.writeString(dir.resolve("world.yaml"), WORLD);
        Files.createDirectories(dir.resolve("site"));
        Files.createDirectories(dir.resolve("img"));
        Files.writeString(dir.resolve("site/index.html"), "<!doctype html>\n<html><head><title>six</title>"
                + "<link rel=\"stylesheet\" href=\"/style.css\"><link rel=\"stylesheet\" href=\"http://shut6.example.test:81/shut.css\">"
                + "<script src=\"http://gone.example.test/gone.js\"></script></head>\n"
                + "<body><img src=\"http://img6.example.test/logo.svg\">six</body></html>\n");
        Files.writeString(dir.resolve("site/style.css"), "body{color:black}\n");
        Files.writeString(dir.resolve("img/logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
        a = CliTest.exec("visit", "--explain", "--world", dir.resolve("world.yaml").toString(), "--from", "a", "--at", "6s",
                "--trace", dir.resolve("a.jsonl").toString(), "--pcap-dir", dir.resolve("pcaps").toString(),
                "--har", dir.resolve("a.har").toString(), "http://www6.example.test/");
        events = Traces.read(dir.resolve("a.jsonl"));
        b = CliTest.exec("visit", "--explain", "--world", dir.resolve("world.yaml").toString(), "--from", "b", "--at", "6s",
                "--pcap-dir", dir.resolve("pcaps-b").toString(), "--har", dir.resolve("b.har").toString(), "http://www6.example.test/");
        c = CliTest.exec("visit", "--explain", "--world", dir.resolve("world.yaml").toString(), "--from", "c", "--at", "6s",
                "--pcap-dir", dir.resolve("pcaps-c").toString(), "--har", dir.resolve("c.har").toString(), "http://www6.example.test/");
    }

    /** HAR 1.2's JSON schema, as HarTest reads it. */
    static Schema schema() throws Exception {
        try (InputStream in = AaaaOnlyVisitTest.class.getResourceAsStream("/har-1.2.schema.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
        }
    }

    static List<TraceEvent> of(dev.minternet.trace.EventType type) {
        return events.stream().filter(e -> e.is(type) && e.node().equals("a")).toList();
    }

    @Test
    void the_page_and_its_other_aaaa_only_origin_load_over_ipv6_because_the_names_have_no_a_record() {
        assertThat(a.code()).as(a.err()).isZero();
        // the browser's answers: IPv6 addresses only, and the connections say why they went over IPv6
        assertThat(of(BrowserEvents.RESOLVED).stream().map(e -> e.get(BrowserEvents.HOST) + " " + e.get(BrowserEvents.ADDRESS)))
                .contains("www6.example.test " + WWW, "img6.example.test " + IMG, "shut6.example.test " + WWW, "gone.example.test ");
        assertThat(of(BrowserEvents.ONE_FAMILY)).extracting(e -> e.get(BrowserEvents.ADDRESS) + " " + e.get(BrowserEvents.FAMILY)
                + " " + e.get(BrowserEvents.WHY)).containsExactly(WWW + " IPv6 the name has no A record", IMG + " IPv6 the name has no A record");
        assertThat(of(BrowserEvents.HAPPY_EYEBALLS)).isEmpty();
        assertThat(of(BrowserEvents.CONNECTED)).extracting(e -> e.get(BrowserEvents.REMOTE))
                .containsExactly("[" + WWW + "]:80", "[" + IMG + "]:80");
        assertThat(of(BrowserEvents.FETCH_DONE).stream().filter(e -> e.num(BrowserEvents.STATUS) == 200).map(e -> e.get(BrowserEvents.URL)))
                .containsExactlyInAnyOrder("http://www6.example.test/", "http://www6.example.test/style.css",
                        "http://img6.example.test/logo.svg");
        // the stub resolver: A answered NOERROR with nothing, AAAA with the address
        assertThat(events.stream().filter(e -> e.is(DnsEvents.LOOKUP) && e.node().equals("a")
                && e.get(DnsEvents.QNAME).equals("www6.example.test")).map(e -> e.get(DnsEvents.QTYPE) + " "
                + e.get(DnsEvents.RCODE) + " " + e.get(DnsEvents.ADDRESSES))).containsExactlyInAnyOrder("AAAA NOERROR " + WWW, "A NOERROR ");
        assertThat(a.out().lines()).contains(
                " 2. [6.000000 s +40.545 ms] DNS lookup: www6.example.test -> " + WWW + " (no A record)",
                " 3. [6.040544 s +40.546 ms] TCP connection to [" + WWW + "]:80",
                "      over IPv6: the name has no A record (no Happy Eyeballs race: one family)",
                "        DNS: img6.example.test -> " + IMG + " (no A record: IPv6 only) (img) [20.467 ms]");
        assertThat(a.out()).contains("the A query came back NOERROR with no answer (the name exists but has no A record), the AAAA query with "
                + WWW + ", so the browser connects over IPv6.");
    }

    @Test
    void on_the_wire_tcp_goes_over_ipv6_and_no_ipv4_segment_reaches_the_servers() {
        Oracles.tshark();
        Path pcap = dir.resolve("pcaps/a-eth0.pcap");
        Tshark.assertClean(pcap);
        List<Map<String, String>> v6 = Tshark.fieldsWith(pcap, Tshark.CHECKSUM_PREFERENCES, "tcp && (ipv6.dst == " + WWW + " || ipv6.dst == " + IMG + ")",
                "ipv6.dst", "ipv6.nxt", "tcp.dstport", "tcp.checksum.status");
        assertThat(v6).isNotEmpty().allSatisfy(r -> assertThat(r).containsEntry("ipv6.nxt", "6").containsEntry("tcp.checksum.status", "1"));
        assertThat(v6.stream().map(r -> r.get("ipv6.dst") + " " + r.get("tcp.dstport")).distinct())
                .containsExactlyInAnyOrder(WWW + " 80", WWW + " 81", IMG + " 80");
        assertThat(Tshark.count(pcap, "ip.dst == 10.0.2.80 || ip.dst == 10.0.2.90")).isZero();
        assertThat(Tshark.fields(pcap, "http.request", "http.host")).extracting(r -> r.get("http.host"))
                .containsExactlyInAnyOrder("www6.example.test", "www6.example.test", "img6.example.test");
    }

    /**
     * b has no IPv6; c has an IPv6 address but no route to the internet over it (Chromium's probe, a UDP
     * socket to 2001:4860:4860::8888, finds none): both ask A alone and fail as Chromium does, with
     * net::ERR_NAME_NOT_RESOLVED, not with an unreachable IPv6 address.
     */
    @Test
    void without_ipv6_to_the_internet_the_browser_asks_a_alone_and_fails_with_err_name_not_resolved() throws Exception {
        Oracles.tshark();
        for (String node : List.of("b", "c")) {
            CliTest.Outcome o = node.equals("b") ? b : c;
            assertThat(o.code()).as(node).isEqualTo(1);
            assertThat(o.out()).as(node).contains("DNS lookup: www6.example.test -> no address", "    failed: could not resolve www6.example.test",
                    node + " has no IPv6 route to the internet, so the browser asked A alone (as Chromium does when its IPv6 probe fails)")
                    .doesNotContain("TCP connection");
            JsonNode entries = new ObjectMapper().readTree(Files.readString(dir.resolve(node + ".har"))).get("log").get("entries");
            assertThat(entries).as(node).hasSize(1);
            assertThat(entries.get(0).get("response").get("_error").asString()).isEqualTo("net::ERR_NAME_NOT_RESOLVED");
            assertThat(Tshark.fields(dir.resolve("pcaps-" + node + "/" + node + "-eth0.pcap"), "dns.flags.response == 0", "dns.qry.type"))
                    .as(node).extracting(r -> r.get("dns.qry.type")).containsExactly("1"); // A alone, no AAAA
        }
    }

    @Test
    void sub_resources_whose_origin_fails_before_the_request_are_har_entries_with_status_0_and_the_net_error() throws Exception {
        String text = Files.readString(dir.resolve("a.har"));
        assertThat(schema().validate(text, InputFormat.JSON)).as(text).isEmpty();
        JsonNode entries = new ObjectMapper().readTree(text).get("log").get("entries");
        assertThat(entries).hasSize(5);
        Map<String, String> want = Map.of("http://gone.example.test/gone.js", "net::ERR_NAME_NOT_RESOLVED",
                "http://shut6.example.test:81/shut.css", "net::ERR_CONNECTION_REFUSED");
        TraceEvent parsed = of(BrowserEvents.PARSED).get(0);
        for (Map.Entry<String, String> w : want.entrySet()) {
            JsonNode e = null;
            for (JsonNode x : entries) {
                if (x.get("request").get("url").asString().equals(w.getKey())) {
                    e = x;
                }
            }
            assertThat(e).as(w.getKey()).isNotNull();
            assertThat(e.get("response").get("status").asInt()).isZero();
            assertThat(e.get("response").get("_error").asString()).isEqualTo(w.getValue());
            assertThat(e.get("request").get("headers")).isEmpty();
            TraceEvent unsent = of(BrowserEvents.UNSENT).stream().filter(u -> u.get(BrowserEvents.URL).equals(w.getKey())).findFirst().orElseThrow();
            assertThat(unsent.num(BrowserEvents.ASKED_NS)).isEqualTo(parsed.time()); // asked for when the page was parsed
            double ms = (unsent.time() - parsed.time()) / 1e6;
            assertThat(e.get("timings").get("blocked").asDouble()).isEqualTo(Har.Ms.ns(unsent.time() - parsed.time()).micros() / 1000.0);
            assertThat(e.get("time").asDouble()).isCloseTo(ms, org.assertj.core.api.Assertions.within(0.001));
        }
        assertThat(a.out()).contains(
                "http://gone.example.test/gone.js: never requested, could not resolve gone.example.test (net::ERR_NAME_NOT_RESOLVED)",
                "http://shut6.example.test:81/shut.css: never requested, could not connect: connection refused (net::ERR_CONNECTION_REFUSED)");
    }
}
