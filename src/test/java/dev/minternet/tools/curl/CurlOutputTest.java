package dev.minternet.tools.curl;

import static dev.minternet.http.HttpFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.Exchange;
import dev.minternet.http.HttpClient;
import dev.minternet.http.HttpFixture;
import dev.minternet.http.HttpHandler;
import dev.minternet.http.HttpProtocol;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import org.junit.jupiter.api.Test;

class CurlOutputTest {

    private static Exchange fetch(HttpProtocol p) {
        HttpFixture f = new HttpFixture();
        f.server.route("GET", "/", HttpHandler.of(r -> Response.of(200, "text/html", "<p>hello</p>".getBytes())));
        f.connect(p, HttpClient.Options.curl("example.com"));
        f.sim.runUntil(5 * MS);
        f.send(Request.get("/"));
        f.run();
        return f.done.get(0);
    }

    @Test
    void verbose_http11() {
        Exchange e = fetch(HttpProtocol.HTTP_1_1);
        assertThat(CurlOutput.requestLines(e.request(), e.protocol())).containsExactly(
                "> GET / HTTP/1.1", "> Host: example.com", "> User-Agent: curl/8.5.0", "> Accept: */*", "> ");
        assertThat(CurlOutput.responseLines(e)).containsExactly(
                "< HTTP/1.1 200 OK", "< Server: minternet", "< Date: Thu, 01 Jan 2026 00:00:00 GMT",
                "< Content-Type: text/html", "< Content-Length: 12", "< ");
        assertThat(CurlOutput.trying("93.184.216.34", 80)).isEqualTo("*   Trying 93.184.216.34:80...");
        assertThat(CurlOutput.connected("example.com", "93.184.216.34", 80))
                .isEqualTo("* Connected to example.com (93.184.216.34) port 80");
    }

    @Test
    void verbose_http2() {
        Exchange e = fetch(HttpProtocol.H2);
        assertThat(CurlOutput.http2StreamLines(1, "http://example.com/", e.request(), "http")).containsExactly(
                "* [HTTP/2] [1] OPENED stream for http://example.com/", "* [HTTP/2] [1] [:method: GET]",
                "* [HTTP/2] [1] [:scheme: http]", "* [HTTP/2] [1] [:authority: example.com]",
                "* [HTTP/2] [1] [:path: /]", "* [HTTP/2] [1] [user-agent: curl/8.5.0]", "* [HTTP/2] [1] [accept: */*]");
        assertThat(CurlOutput.requestLines(e.request(), e.protocol())).first().isEqualTo("> GET / HTTP/2");
        assertThat(CurlOutput.responseLines(e)).first().isEqualTo("< HTTP/2 200 ");
        assertThat(CurlOutput.responseLines(e)).contains("< content-type: text/html");
    }

    @Test
    void writeOut_variablesAsCurlPrintsThem() {
        Exchange e = fetch(HttpProtocol.HTTP_1_1);
        // the transfer started at 0: lookup took 1 ms, connect until 3 ms, request sent at 5 ms
        CurlOutput.Info in = CurlOutput.Info.of(e, 0, 1 * MS, 3 * MS, 0, "http", "http://example.com/",
                "93.184.216.34", 80, "10.0.0.1", 40000);
        String out = CurlOutput.writeOut("%{time_namelookup} %{time_connect} %{time_appconnect} %{time_pretransfer} "
                + "%{time_starttransfer} %{time_total}\\n%{http_code} %{size_download} %{http_version} %{scheme} "
                + "%{remote_ip}:%{remote_port} %{content_type} %{header{server}} 100%% %{bogus}|", in);
        assertThat(out).isEqualTo("0.001000 0.003000 0.000000 0.005000 0.025000 0.025000\n"
                + "200 12 1.1 HTTP 93.184.216.34:80 text/html minternet 100% |");
    }

    @Test
    void seconds_truncateToTheMicrosecond() {
        assertThat(CurlOutput.seconds(0)).isEqualTo("0.000000");
        assertThat(CurlOutput.seconds(1_234_567_999L)).isEqualTo("1.234567");
        assertThat(CurlOutput.seconds(62_000_000_000L)).isEqualTo("62.000000");
    }
}
