package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.HttpEvents;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * nc as a learner uses it by hand: what is typed goes to the connection line by line, {@code -C}
 * ends each line in CRLF as netcat-openbsd's does (checked against it on loopback), Ctrl-D
 * half-closes with {@code -N}; an HTTP request typed to the default world's port 80 gets its 301.
 */
class NcInputTest {
    @Test
    void an_http_request_typed_with_crlf_gets_the_sites_redirect_and_nc_ends_when_the_server_closes() {
        Runs.Result r = Runs.run(Runs.defaultWorldWith("""
                timeline:
                  - {at: 1s, on: laptop, run: "nc -C www.example.com 80"}
                  - {at: 2s, on: laptop, input: "GET /x?a=1 HTTP/1.1"}
                  - {at: 2s, on: laptop, input: "Host: www.example.com"}
                  - {at: 2s, on: laptop, input: "Connection: close"}
                  - {at: 2s, on: laptop, input: ""}
                  - {at: 4s, on: laptop, run: "nc -C 93.184.216.34 80"}
                  - {at: 5s, on: laptop, input: "GET / HTTP/1.0"}
                  - {at: 5s, on: laptop, input: ""}
                duration: 10s
                """));
        List<String> t = r.terminal("laptop");
        assertThat(t).containsSubsequence("HTTP/1.1 301 Moved Permanently", "Server: minternet (lb)", "Content-Type: text/html",
                "Location: https://www.example.com/x?a=1", "Content-Length: 166", "Connection: close", "",
                "<center><h1>301 Moved Permanently</h1></center>");
        // HTTP/1.0 without Host: the Location names the server's first name, as nginx's server_name
        assertThat(t).contains("Location: https://www.example.com/");
        assertThat(r.events(e -> e.is(HttpEvents.SERVER_REQUEST) && e.node().equals("lb") && !e.get(HttpEvents.TARGET).equals("/health")))
                .hasSize(2);
        assertThat(r.events(e -> e.is(ToolEvents.EXIT) && e.node().equals("laptop")))
                .extracting(e -> e.num(ToolEvents.CODE)).containsExactly(0L, 0L);
    }

    @Test
    void a_connection_that_sends_nothing_is_closed_after_60_s_as_nginxs_client_header_timeout() {
        // port 80, and port 443 where no TLS handshake starts: the balancer closes both, nc ends
        Runs.Result r = Runs.run(Runs.defaultWorldWith("""
                timeline:
                  - {at: 1s, on: laptop, run: "nc www.example.com 80"}
                  - {at: 1s, on: laptop, run: "nc www.example.com 443"}
                duration: 70s
                """));
        assertThat(r.events(e -> e.is(ToolEvents.EXIT) && e.node().equals("laptop"))).hasSize(2)
                .allSatisfy(e -> assertThat(e.time()).isBetween(61_000_000_000L, 61_500_000_000L))
                .allSatisfy(e -> assertThat(e.num(ToolEvents.CODE)).isZero());
    }

    @Test
    void typed_lines_arrive_with_crlf_under_dash_c_and_ctrl_d_half_closes_under_dash_n() {
        Runs.Result r = Runs.run(Runs.chain(1, "delay: 1ms", "duration: 10s\n", """
                  - {at: 0s, on: b, run: "nc -l 5000"}
                  - {at: 0s, on: b, run: "nc -l 5001"}
                  - {at: 1s, on: a, run: "nc -v -C -N b 5000"}
                  - {at: 2s, on: a, input: "hello"}
                  - {at: 2s, on: a, input: "^D"}
                  - {at: 3s, on: a, run: "nc -v -N b 5001"}
                  - {at: 4s, on: a, input: "plain"}
                  - {at: 4s, on: a, input: "^D"}
                """));
        assertThat(r.terminal("b")).containsExactly("hello", "plain");
        // "hello" CR LF and "plain" LF; each Ctrl-D half-closed, the listener closed in turn and both ended
        assertThat(r.terminal("a")).anyMatch(l -> l.startsWith("sent 7 bytes")).anyMatch(l -> l.startsWith("sent 6 bytes"));
        assertThat(r.events(e -> e.is(ToolEvents.EXIT))).hasSize(4);
    }

    @Test
    void dash_c_sends_what_netcat_openbsds_sends() throws Exception {
        String nc = Oracles.require("nc", "netcat-openbsd").toString();
        byte[] got;
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            s.setSoTimeout(20_000);
            Process p = new ProcessBuilder(nc, "-C", "-N", "127.0.0.1", String.valueOf(s.getLocalPort())).start();
            p.getOutputStream().write("GET / HTTP/1.0\n\n".getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            try (Socket c = s.accept(); InputStream in = c.getInputStream()) {
                got = in.readAllBytes();
            }
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("GET / HTTP/1.0\r\n\r\n");
        }
        // ours, the same two lines typed: the same bytes (their SHA-256, which nc -v prints)
        Runs.Result r = Runs.run(Runs.chain(1, "delay: 1ms", "duration: 10s\n", """
                  - {at: 0s, on: b, run: "nc -l 5000"}
                  - {at: 1s, on: a, run: "nc -v -C -N b 5000"}
                  - {at: 2s, on: a, input: "GET / HTTP/1.0"}
                  - {at: 2s, on: a, input: ""}
                  - {at: 2s, on: a, input: "^D"}
                """));
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(got));
        assertThat(r.terminal("a")).anyMatch(l -> l.startsWith("sent 18 bytes") && l.endsWith("sha256 " + sha));
    }
}
