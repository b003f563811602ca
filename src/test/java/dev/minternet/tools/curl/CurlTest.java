package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.IpEvents;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.sim.Durations;
import dev.minternet.testing.Runs;
import dev.minternet.tls.TlsEvents;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.tcp.TcpEvents;
import dev.minternet.transport.udp.UdpEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curl tool on a line a - r1 - b, with a web server on b. */
class CurlTest {
    @TempDir
    Path dir;

    Runs.Result run(String services, String timeline) throws Exception {
        return runIn(dir, services, timeline);
    }

    /** The line a - r1 - b in {@code dir} with {@code services} on b (a site of index.html and data.json) and {@code timeline}. */
    static Runs.Result runIn(Path dir, String services, String timeline) throws Exception {
        Path site = dir.resolve("site");
        Files.createDirectories(site);
        Files.writeString(site.resolve("index.html"), "<h1>hello</h1>\n");
        Files.writeString(site.resolve("data.json"), "{\"a\": 1}\n");
        String yaml = Runs.chain(1, "bandwidth: 100Mbps, delay: 3ms", "duration: 60s\n", timeline)
                .replace("  - {name: b, kind: host}", "  - {name: b, kind: host, services: [" + services + "]}");
        Path file = dir.resolve("curl.yaml");
        Files.writeString(file, yaml);
        return Runs.run(ScenarioLoader.load(file), dir, false);
    }

    static final String WEB = "{type: web, port: 80, root: site}, {type: web, port: 443, tls: true, root: site, names: [b]}";

    int exit(Runs.Result r, String command) {
        return (int) r.events(e -> e.is(ToolEvents.EXIT) && e.get(ToolEvents.COMMAND).equals(command))
                .get(0).num(ToolEvents.CODE);
    }

    @Test
    void tcpConnect_costsExactlyOneRoundTrip_andTimeConnectSaysSo() throws Exception {
        String cmd = "curl -s -o /dev/null -w '%{time_connect} %{time_appconnect} %{time_total}' http://b/";
        Runs.Result r = run(WEB, "  - {at: 1s, on: a, run: \"" + cmd + "\"}\n");
        // the SYN and the SYN-ACK each cross two links: 3 ms of propagation and their serialisation at 100 Mbit/s each
        long syn = r.events(e -> e.is(IpEvents.SEND) && e.node().equals("a")).get(0).num(IpEvents.LEN);
        long synAck = r.events(e -> e.is(IpEvents.SEND) && e.node().equals("b")
                && "tcp".equals(e.get(IpEvents.PROTO))).get(0).num(IpEvents.LEN);
        long rtt = 4 * 3 * Durations.MS + 2 * (syn * 80) + 2 * (synAck * 80);
        long established = r.events(e -> e.node().equals("a") && e.is(TcpEvents.STATE)
                && "ESTABLISHED".equals(e.get(TcpEvents.TO))).get(0).time();
        assertThat(established - Durations.S).isEqualTo(rtt);
        assertThat(r.terminal("a")).containsExactly(sec(rtt) + " 0.000000 " + r.terminal("a").get(0).split(" ")[2]);
        assertThat(exit(r, cmd)).isZero();
    }

    static String sec(long ns) {
        long us = ns / 1000;
        return us / 1_000_000 + "." + String.format("%06d", us % 1_000_000);
    }

    @Test
    void names_resolve_through_the_stub_resolver_and_timeNamelookup_is_the_dns_round_trip() throws Exception {
        String dns = "dns:\n  zones:\n    - name: example.com\n      servers: [b]\n      records: |\n"
                + "        @ 3600 IN SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300\n"
                + "        @ 3600 IN NS ns1.example.com.\n        ns1 3600 IN A 10.0.1.2\n        www 300 IN A 10.0.1.2\n";
        String cmd = "curl -s -o /dev/null -w '%{time_namelookup} %{time_connect}' http://www.example.com/";
        Path site = dir.resolve("site");
        Files.createDirectories(site);
        Files.writeString(site.resolve("index.html"), "<h1>hello</h1>\n");
        String yaml = Runs.chain(1, "bandwidth: 100Mbps, delay: 3ms", "duration: 60s\n" + dns,
                        "  - {at: 1s, on: a, run: \"" + cmd + "\"}\n  - {at: 2s, on: a, run: \"curl -sS http://nosuch.example.com/\"}\n")
                .replace("  - {name: a, kind: host}", "  - {name: a, kind: host, resolver: {nameservers: [10.0.1.2]}}")
                .replace("  - {name: b, kind: host}", "  - {name: b, kind: host, services: [{type: web, root: site}]}");
        Path file = dir.resolve("dns.yaml");
        Files.writeString(file, yaml);
        Runs.Result r = Runs.run(ScenarioLoader.load(file), dir, false);
        String[] t = r.terminal("a").get(0).split(" ");
        long lookup = Math.round(Double.parseDouble(t[0]) * 1e6);
        long connect = Math.round(Double.parseDouble(t[1]) * 1e6);
        // one UDP round trip over 2 x 3 ms each way for the query, then one TCP round trip
        assertThat(lookup).isBetween(12_000L, 12_100L);
        assertThat(connect - lookup).isBetween(12_000L, 12_100L);
        long answered = r.events(e -> e.node().equals("a") && e.in(UdpEvents.CATALOG) && e.time() > Durations.S && e.time() < 2 * Durations.S).stream()
                .mapToLong(TraceEvent::time).max().orElseThrow();
        assertThat(answered).isLessThanOrEqualTo(Durations.S + lookup * 1000 + 1000);
        assertThat(r.terminal("a")).contains("curl: (6) Could not resolve host: nosuch.example.com");
    }

    @Test
    void https_verbose_http2_and_http11() throws Exception {
        Runs.Result r = run(WEB, "  - {at: 1s, on: a, run: \"curl -v https://b/\"}\n"
                + "  - {at: 2s, on: a, run: \"curl -sS --http1.1 -I https://b/data.json\"}\n");
        List<String> t = r.terminal("a");
        assertThat(t).containsSubsequence("*   Trying 10.0.1.2:443...", "* Connected to b (10.0.1.2) port 443",
                "* ALPN: curl offers h2,http/1.1", "* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / X25519 / ED25519",
                "* ALPN: server accepted h2", "* Server certificate:", "*  subject: CN=b", "*  SSL certificate verify ok.",
                "> GET / HTTP/2", "> Host: b", "> User-Agent: curl/8.5.0", "> Accept: */*", "> ", "< HTTP/2 200 ",
                "< content-type: text/html; charset=utf-8", "<h1>hello</h1>", "* Connection #0 to host b left intact",
                "HTTP/1.1 200 OK", "Content-Type: application/json");
        assertThat(t).noneMatch(l -> l.contains("{\"a\": 1}")); // -I: headers only
    }

    @Test
    void verbose_namesTheResolution_theCaFiles_andEveryCertificateLevel_asCurl85() throws Exception {
        Runs.Result r = run(WEB, "  - {at: 1s, on: a, run: \"curl -v https://b/\"}\n"
                + "  - {at: 2s, on: a, run: \"curl -v -k https://10.0.1.2/\"}\n");
        List<String> t = r.terminal("a");
        assertThat(t.subList(0, 6)).containsExactly("* Host b:443 was resolved.", "* IPv6: (none)", "* IPv4: 10.0.1.2",
                "*   Trying 10.0.1.2:443...", "* Connected to b (10.0.1.2) port 443", "* ALPN: curl offers h2,http/1.1");
        assertThat(t).containsSubsequence("* TLSv1.3 (OUT), TLS handshake, Client hello (1):",
                "*  CAfile: /etc/ssl/certs/ca-certificates.crt", "*  CApath: /etc/ssl/certs",
                "* TLSv1.3 (IN), TLS handshake, Server hello (2):", "*  SSL certificate verify ok.",
                "*   Certificate level 0: Public key type ED25519 (256/128 Bits/secBits), signed using ED25519",
                "*   Certificate level 1: Public key type ED25519 (256/128 Bits/secBits), signed using ED25519",
                "* using HTTP/2");
        // no progress meter and no data markers when the body goes to the terminal
        assertThat(t).noneMatch(l -> l.contains("bytes data]") || l.contains("% Total"));
        // an address typed as one is not "resolved"; -k loads no CA file
        List<String> k = t.subList(t.indexOf("* Connection #0 to host b left intact") + 1, t.size());
        assertThat(k.get(0)).isEqualTo("*   Trying 10.0.1.2:443...");
        assertThat(k).noneMatch(l -> l.contains("CAfile") || l.contains("was resolved"));
    }

    @Test
    void verbose_toAFile_marksEachPieceOfData_andShowsTheProgressMeter() throws Exception {
        Runs.Result r = run(WEB, "  - {at: 1s, on: a, run: \"curl -v -o page.html https://b/\"}\n"
                + "  - {at: 2s, on: a, run: \"curl -o page.json http://b/data.json\"}\n");
        List<String> t = r.terminal("a");
        assertThat(t.subList(3, 6)).containsExactly(ProgressMeter.header().get(0), ProgressMeter.header().get(1),
                "  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0*   Trying 10.0.1.2:443...");
        assertThat(t).containsSubsequence("* ALPN: curl offers h2,http/1.1", "} [5 bytes data]",
                "* TLSv1.3 (OUT), TLS handshake, Client hello (1):", "*  CAfile: /etc/ssl/certs/ca-certificates.crt",
                "{ [5 bytes data]", "* TLSv1.3 (IN), TLS handshake, Server hello (2):", "{ [122 bytes data]",
                "* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):",
                "* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):", "} [1 bytes data]",
                "* TLSv1.3 (OUT), TLS handshake, Finished (20):", "} [52 bytes data]",
                "} [5 bytes data]", "> GET / HTTP/2", "> ", "{ [5 bytes data]", "< HTTP/2 200 ", "< ", "{ [15 bytes data]");
        // the markers add up to the records on the wire: the ClientHello record, and the server's whole flight
        List<Long> out = markers(t, "} [");
        List<Long> in = markers(t, "{ [");
        String hello = r.events(e -> e.node().equals("a") && e.is(TlsEvents.RECORDS)).get(0).get(TlsEvents.RECORD_LIST);
        assertThat(hello).isEqualTo("Handshake ClientHello " + (out.get(1) + 5) + " B");
        long serverFlight = r.events(e -> e.node().equals("b") && e.is(TlsEvents.RECORDS)
                && e.get(TlsEvents.DIR).equals("sent")).get(0).num(TlsEvents.BYTES);
        long sh = in.get(0) + in.get(1);
        long encrypted = in.get(2) + in.get(3) + in.get(4) + in.get(5);
        assertThat(sh + 6 + 5 + encrypted + 17).isEqualTo(serverFlight);
        // the meter's last line: 15 bytes in the time the transfer took, then the end of the transfer
        int end = t.indexOf("* Connection #0 to host b left intact");
        assertThat(t.get(end - 1)).matches("100    15  100    15    0     0  +[0-9]+      0 --:--:-- --:--:-- --:--:-- +[0-9]+");
        // without -v: the meter alone
        assertThat(t.subList(end + 1, t.size())).hasSize(3).first().isEqualTo(ProgressMeter.header().get(0));
        assertThat(t.get(t.size() - 1)).startsWith("100     9  100     9    0     0 ");
    }

    static List<Long> markers(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix) && l.endsWith(" bytes data]"))
                .map(l -> Long.parseLong(l.substring(3, l.indexOf(' ', 3)))).toList();
    }

    @Test
    void method_headers_data_output_and_resolve() throws Exception {
        Runs.Result r = run(WEB, "  - {at: 1s, on: a, run: \"curl -s -X PUT -H 'X-Trace: 7' -d 'k=v' -v --resolve www.example.com:80:10.0.1.2 http://www.example.com/x\"}\n"
                + "  - {at: 2s, on: a, run: \"curl -s -o page.html http://b/\"}\n");
        assertThat(r.terminal("a")).contains("* Added www.example.com:80:10.0.1.2 to DNS cache", "> PUT /x HTTP/1.1",
                "> Host: www.example.com", "> X-Trace: 7", "> Content-Length: 3",
                "> Content-Type: application/x-www-form-urlencoded", "< HTTP/1.1 405 Method Not Allowed", "< Allow: GET, HEAD");
        assertThat(Files.readString(dir.resolve("page.html"))).isEqualTo("<h1>hello</h1>\n");
    }

    @Test
    void errors_carry_curls_exit_codes_and_messages() throws Exception {
        Runs.Result r = run(WEB, "  - {at: 1s, on: a, run: \"curl nowhere.example\"}\n"
                + "  - {at: 2s, on: a, run: \"curl http://b:81/\"}\n"
                + "  - {at: 3s, on: a, run: \"curl -m 0.005 http://b/\"}\n"
                + "  - {at: 4s, on: a, run: \"curl -sS https://10.0.1.2/\"}\n"
                + "  - {at: 5s, on: a, run: \"curl -X\"}\n"
                + "  - {at: 6s, on: a, run: \"curl ftp://b/\"}\n");
        assertThat(r.terminal("a")).containsExactly(
                "curl: (6) Could not resolve host: nowhere.example",
                "curl: (7) Failed to connect to b port 81 after 12 ms: Couldn't connect to server",
                "curl: (28) Connection timed out after 5 milliseconds",
                "curl: (60) SSL: no alternative certificate subject name matches target host name '10.0.1.2'",
                "curl: option -X: requires parameter",
                "curl: try 'curl --help' or 'curl --manual' for more information",
                "curl: (1) Protocol \"ftp\" not supported");
        assertThat(r.events(ToolEvents.EXIT)).extracting(e -> e.num(ToolEvents.CODE)).containsExactly(6L, 7L, 28L, 60L, 2L, 1L);
        // -k accepts the same certificate
        Runs.Result k = run(WEB, "  - {at: 1s, on: a, run: \"curl -sk https://10.0.1.2/\"}\n");
        assertThat(k.terminal("a")).contains("<h1>hello</h1>");
    }

    @Test
    void httpsToAPlainHttpPort_isATlsConnectError_exit35() throws Exception {
        Runs.Result r = run(WEB, "  - {at: 1s, on: a, run: \"curl -sS https://b:80/\"}\n");
        assertThat(r.events(ToolEvents.EXIT)).extracting(e -> e.num(ToolEvents.CODE)).containsExactly(35L);
        assertThat(r.terminal("a")).hasSize(1).allMatch(l -> l.startsWith("curl: (35) TLS connect error"));
    }

    @Test
    void tlsTrace_namesTheHandshake() throws Exception {
        Runs.Result r = run(WEB, "  - {at: 1s, on: a, run: \"curl -s https://b/\"}\n");
        List<TraceEvent> hs = r.events(TlsEvents.HANDSHAKE);
        assertThat(hs).extracting(TraceEvent::node).containsExactly("a", "b");
        assertThat(hs.get(0).get(TlsEvents.ALPN)).isEqualTo("h2");
        assertThat(hs.get(0).get(TlsEvents.SNI)).isEqualTo("b");
    }

    @Test
    void usage_errors_end_with_curls_hint_and_a_bare_curl_prints_only_the_hint() throws Exception {
        Runs.Result r = run(WEB, "  - {at: 1s, on: a, run: \"curl\"}\n  - {at: 2s, on: a, run: \"curl -v\"}\n");
        assertThat(r.terminal("a")).containsExactly(
                "curl: try 'curl --help' or 'curl --manual' for more information",
                "curl: no URL specified!",
                "curl: try 'curl --help' or 'curl --manual' for more information");
        assertThat(r.events(ToolEvents.EXIT)).extracting(e -> e.num(ToolEvents.CODE)).containsExactly(2L, 2L);
    }
}
