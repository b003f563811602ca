package dev.minternet.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.dns.DnsEvents;
import dev.minternet.testing.Oracles;
import dev.minternet.transport.tcp.TcpEvents;
import dev.minternet.trace.TraceEvent;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real dig and curl on this machine, through the live bridges (DNS, HTTP proxy, SOCKS5 per RFC
 * 1928) into the default world: their queries and connections leave the simulated laptop and walk
 * the simulated internet.
 */
class RealClientsTest {
    static LiveFixture live;
    static final List<TraceEvent> EVENTS = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        live = new LiveFixture(1);
        live.server.live().call(() -> {
            live.server.live().world().trace().subscribe(EVENTS::add);
            return null;
        });
    }

    @AfterAll
    static void stop() {
        live.close();
    }

    @Test
    void real_dig_over_udp_gets_the_answer_the_laptop_would_get_through_the_simulated_chain() throws Exception {
        Path dig = Oracles.require("dig", "bind9-dnsutils");
        LiveFixture.Result r = LiveFixture.run(30, dig.toString(), "@127.0.0.1", "-p", "" + live.port("dns"), "www.example.com");
        assertThat(r.out()).contains("status: NOERROR").contains("flags: qr rd ra;")
                .containsPattern("www\\.example\\.com\\.\\s+\\d+\\s+IN\\s+A\\s+93\\.184\\.216\\.34")
                .contains("(UDP)");
        // a question no other test asks walks the chain: the home router's forwarder, ISP A's
        // resolver, then the example.com authority
        LiveFixture.Result soa = LiveFixture.run(30, dig.toString(), "@127.0.0.1", "-p", "" + live.port("dns"), "example.com", "SOA");
        assertThat(soa.out()).contains("status: NOERROR").containsPattern("example\\.com\\.\\s+\\d+\\s+IN\\s+SOA");
        assertThat(EVENTS).anyMatch(e -> e.is(DnsEvents.SERVE) && e.node().equals("home-router")
                && e.get(DnsEvents.QTYPE).equals("SOA"));
        assertThat(EVENTS).anyMatch(e -> e.is(DnsEvents.SERVE_AUTHORITATIVE) && !e.node().endsWith("root")
                && e.get(DnsEvents.QNAME).equals("example.com") && e.get(DnsEvents.QTYPE).equals("SOA"));
    }

    @Test
    void real_dig_over_tcp_and_a_name_that_does_not_exist() throws Exception {
        Path dig = Oracles.require("dig", "bind9-dnsutils");
        String port = "" + live.port("dns");
        LiveFixture.Result tcp = LiveFixture.run(30, dig.toString(), "+tcp", "@127.0.0.1", "-p", port, "example.com");
        assertThat(tcp.out()).contains("status: NOERROR").contains("(TCP)")
                .containsPattern("example\\.com\\.\\s+\\d+\\s+IN\\s+A\\s+93\\.184\\.216\\.34");
        LiveFixture.Result nx = LiveFixture.run(30, dig.toString(), "@127.0.0.1", "-p", port, "nothing.example.com");
        assertThat(nx.out()).contains("status: NXDOMAIN").contains("example.com.");
    }

    @Test
    void real_curl_through_the_proxy_fetches_the_page_over_tls_verified_against_the_world_ca() throws Exception {
        Path curl = Oracles.require("curl", "curl");
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, live.server.caPem());
        Path page = dir.resolve("page.html");
        String proxy = "http://127.0.0.1:" + live.port("proxy");
        for (String version : List.of("--http1.1", "--http2")) {
            LiveFixture.Result r = LiveFixture.run(60, curl.toString(), "-sS", version, "-x", proxy, "--cacert", ca.toString(),
                    "-o", page.toString(), "-w", "%{http_code} %{http_version} %{ssl_verify_result} "
                            + "%{time_connect} %{time_appconnect} %{time_starttransfer}",
                    "https://www.example.com/");
            assertThat(r.code()).as(r.err()).isZero();
            String[] w = r.out().split(" ");
            assertThat(String.join(" ", w[0], w[1], w[2])).isEqualTo("200 " + (version.equals("--http2") ? "2" : "1.1") + " 0");
            // curl's clocks (seconds): the connect to the proxy on loopback, then the CONNECT's
            // answer after the simulated TCP handshake and TLS 1.3 (a round trip each), then the
            // request's round trip: the default world's laptop-to-load-balancer round trip each
            double connect = Double.parseDouble(w[3]) * 1000;
            double app = Double.parseDouble(w[4]) * 1000;
            double first = Double.parseDouble(w[5]) * 1000;
            assertThat(app - connect).as("tunnel and TLS: two simulated round trips " + r.out())
                    .isGreaterThanOrEqualTo(2 * ChromiumHttpsThroughProxyTest.RTT_MS - 1);
            assertThat(first - app).as("the request: one simulated round trip " + r.out())
                    .isGreaterThanOrEqualTo(ChromiumHttpsThroughProxyTest.RTT_MS - 1);
            assertThat(Files.readString(page)).contains("<html").contains("example");
        }
        // the connection was opened from the laptop, and its TLS handshake was the real curl's
        assertThat(EVENTS).anyMatch(e -> e.is(TcpEvents.STATE) && e.node().equals("laptop"));
    }

    @Test
    void targets_outside_the_world_are_refused_and_logged() throws Exception {
        Path curl = Oracles.require("curl", "curl");
        String proxy = "http://127.0.0.1:" + live.port("proxy");
        for (String url : List.of("https://127.0.0.1/", "https://8.8.8.8/", "http://www.google.com/", "https://nowhere.example/")) {
            LiveFixture.Result r = LiveFixture.run(30, curl.toString(), "-sS", "-x", proxy, "-o", "/dev/null", "-w",
                    "%{http_code}", url);
            assertThat(r.out()).as(url).isIn("403", "000");
            assertThat(r.err() + r.out()).as(url).containsAnyOf("403", "response 403");
        }
        assertThat(live.log).anyMatch(l -> l.contains("refused 127.0.0.1:443") && l.contains("not an address inside"));
        assertThat(live.log).anyMatch(l -> l.contains("refused 8.8.8.8:443"));
        assertThat(live.log).anyMatch(l -> l.contains("refused www.google.com:80") && l.contains("does not resolve"));
    }

    @Test
    void real_curl_follows_the_sites_301_to_https_as_the_simulated_curl_does() throws Exception {
        Path curl = Oracles.require("curl", "curl");
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, live.server.caPem());
        String w = "%{http_code} %{num_redirects} %{num_connects} %{url_effective}";
        LiveFixture.Result r = LiveFixture.run(60, curl.toString(), "-sS", "-L", "--socks5-hostname", "127.0.0.1:" + live.port("socks"),
                "--cacert", ca.toString(), "-o", "/dev/null", "-w", w, "http://www.example.com/");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("200 1 2 https://www.example.com/");
        LiveFixture.Result head = LiveFixture.run(60, curl.toString(), "-sS", "-I", "--socks5-hostname", "127.0.0.1:" + live.port("socks"),
                "http://www.example.com/a?b=1");
        assertThat(head.out()).startsWith("HTTP/1.1 301 Moved Permanently\r\n").contains("Location: https://www.example.com/a?b=1\r\n");
        // the simulated laptop's curl says the same
        dev.minternet.testing.Runs.Result sim = dev.minternet.testing.Runs.run(dev.minternet.testing.Runs.defaultWorldWith(
                "timeline:\n  - {at: 1s, on: laptop, run: \"curl -sS -L -o /dev/null -w '" + w + "' http://www.example.com/\"}\nduration: 10s\n"));
        assertThat(sim.terminal("laptop")).containsExactly(r.out());
    }

    @Test
    void the_socks_listener_is_printed_with_the_others() {
        assertThat(live.server.listeners()).anyMatch(l -> l.matches("socks 127\\.0\\.0\\.1:\\d+"));
    }

    @Test
    void real_curl_over_socks5_with_the_name_resolved_in_the_world_fetches_the_page() throws Exception {
        Path curl = Oracles.require("curl", "curl");
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, live.server.caPem());
        LiveFixture.Result r = LiveFixture.run(60, curl.toString(), "-sS", "--socks5-hostname", "127.0.0.1:" + live.port("socks"),
                "--cacert", ca.toString(), "-o", "/dev/null", "-w", "%{http_code} %{ssl_verify_result}", "https://www.example.com/");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("200 0");
        // the TCP connection to the load balancer was the laptop's
        assertThat(EVENTS).anyMatch(e -> e.is(TcpEvents.SEND) && e.node().equals("laptop") && e.get(TcpEvents.DST).equals("93.184.216.34")
                && e.num(TcpEvents.DPORT) == 443);
    }

    @Test
    void a_target_outside_the_world_is_not_allowed_by_ruleset() throws Exception {
        Path curl = Oracles.require("curl", "curl");
        LiveFixture.Result r = LiveFixture.run(30, curl.toString(), "-sS", "--socks5", "127.0.0.1:" + live.port("socks"),
                "-o", "/dev/null", "http://8.8.8.8/");
        assertThat(r.code()).isEqualTo(97); // CURLE_PROXY
        // curl prints the reply code: 2, "connection not allowed by ruleset" (RFC 1928 section 6)
        assertThat(r.err()).contains("Can't complete SOCKS5 connection to 8.8.8.8. (2)");
        assertThat(live.log).anyMatch(l -> l.startsWith("socks: refused 8.8.8.8:80") && l.contains("not an address inside"));
    }

    @Test
    void a_client_write_longer_than_a_segment_leaves_the_laptop_at_once_as_with_tcp_nodelay() throws Exception {
        // Chromium's ClientHello (1,923 B with its ML-KEM key share) is two segments: with Nagle on, the
        // second waited for the server's delayed ACK (40 ms and a round trip); curl and Chromium set
        // TCP_NODELAY, and so does the proxy's simulated connection that stands for their socket
        try (Socket real = new Socket("127.0.0.1", live.port("proxy"))) {
            real.setSoTimeout(20_000);
            OutputStream out = real.getOutputStream();
            out.write("CONNECT www.example.com:443 HTTP/1.1\r\nHost: www.example.com:443\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = real.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).as("the proxy's reply so far: %s", head).isNotNegative();
                head.append((char) b);
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 200");
            int localPort = live.server.live().call(() -> EVENTS.stream()
                    .filter(e -> e.is(TcpEvents.SEND) && e.node().equals("laptop") && e.get(TcpEvents.DST).equals("93.184.216.34")
                            && e.num(TcpEvents.DPORT) == 443 && e.get(TcpEvents.FLAGS).equals("SYN"))
                    .mapToInt(e -> (int) e.num(TcpEvents.SPORT)).reduce((a, b) -> b).orElseThrow()); // the latest SYN: this CONNECT's
            out.write(new byte[1923]); // not TLS: the balancer refuses it, after both segments arrived
            out.flush();
            LiveClockTest.within(10_000, () -> sent(localPort).size() >= 2);
            List<TraceEvent> data = sent(localPort);
            assertThat(data.get(0).num(TcpEvents.LEN)).isEqualTo(1448);
            assertThat(data.get(1).num(TcpEvents.LEN)).isEqualTo(1923 - 1448);
            assertThat(data.get(1).time()).as("the second segment leaves with the first").isEqualTo(data.get(0).time());
        }
    }

    /** The laptop's segments with data from {@code port} to the balancer's 443. */
    private static List<TraceEvent> sent(int port) {
        return EVENTS.stream().filter(e -> e.is(TcpEvents.SEND) && e.node().equals("laptop") && e.num(TcpEvents.SPORT) == port
                && e.num(TcpEvents.DPORT) == 443 && e.num(TcpEvents.LEN) > 0).collect(Collectors.toList());
    }
}
