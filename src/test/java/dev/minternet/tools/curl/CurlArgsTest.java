package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.http.HttpFixture;
import dev.minternet.http.HttpProtocol;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurlArgsTest {

    private static CurlArgs parse(String line) {
        return CurlArgs.parse(List.of(line.split(" ")));
    }

    /** The bytes the client sends for a command line. */
    private static String wire(String line) {
        CurlArgs a = parse(line);
        HttpFixture f = new HttpFixture();
        ByteArrayOutputStream up = new ByteArrayOutputStream();
        f.pipe.setTap((from, d, off, len) -> {
            if (from == f.pipe.client()) {
                up.write(d, off, len);
            }
        });
        f.connect(HttpProtocol.HTTP_1_1, a.clientOptions());
        f.send(a.request());
        f.run();
        return up.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void options_andUrl() {
        CurlArgs a = parse("-sSv -k --http1.1 -o out.html -w %{http_code} -m 2.5 --resolve www.example.com:443:93.184.216.34 https://www.Example.com/a?b=1#frag");
        assertThat(a.silent()).isTrue();
        assertThat(a.showError()).isTrue();
        assertThat(a.verbose()).isTrue();
        assertThat(a.insecure()).isTrue();
        assertThat(a.version()).isEqualTo(CurlArgs.HttpVersionChoice.HTTP_1_1);
        assertThat(a.output()).isEqualTo("out.html");
        assertThat(a.writeOut()).isEqualTo("%{http_code}");
        assertThat(a.maxTimeNs()).isEqualTo(2_500_000_000L);
        assertThat(a.resolves()).containsExactly(new CurlArgs.Resolve("www.example.com", 443, "93.184.216.34"));
        assertThat(a.url()).isEqualTo(new CurlArgs.CurlUrl("https", "www.example.com", 443, false, "/a?b=1"));
        assertThat(parse("example.com:8080").url().hostHeader()).isEqualTo("example.com:8080");
        assertThat(parse("http://example.com:80/").url().hostHeader()).isEqualTo("example.com");
        assertThat(parse("-XPUT http://h/x").effectiveMethod()).isEqualTo("PUT");
        assertThat(parse("-I http://h/").effectiveMethod()).isEqualTo("HEAD");
    }

    @Test
    void ipv6_literal_urls_are_kept_as_curls_url_parser_stores_them_and_bad_ones_exit_3() {
        CurlArgs.CurlUrl u = CurlArgs.parseUrl("http://[2001:DB8:0:0::1]:8080/x?y");
        assertThat(u.host()).isEqualTo("[2001:db8::1]"); // inet_pton then inet_ntop: lowercase, RFC 5952
        assertThat(u.port()).isEqualTo(8080);
        assertThat(u.hostHeader()).isEqualTo("[2001:db8::1]:8080");
        assertThat(u.target()).isEqualTo("/x?y");
        assertThat(CurlArgs.parseUrl("https://[2001:db8::1]/").hostHeader()).isEqualTo("[2001:db8::1]");
        assertThat(CurlArgs.parseUrl("http://[2001:db8::1]:80/").hostHeader()).isEqualTo("[2001:db8::1]");
        for (String bad : List.of("http://[2001:db8::g]/", "http://[2001:db8::1/", "http://[93.184.216.34]/", "http://[1::2::3]/")) {
            assertThatThrownBy(() -> CurlArgs.parseUrl(bad)).as(bad).isInstanceOfSatisfying(CurlArgs.CurlException.class,
                    e -> assertThat(e.line()).isEqualTo("curl: (3) URL using bad/illegal format or missing URL"));
        }
        assertThatThrownBy(() -> CurlArgs.parseUrl("http://[fe80::1%25eth0]/")).isInstanceOfSatisfying(CurlArgs.CurlException.class,
                e -> assertThat(e.line()).isEqualTo("curl: (3) IPv6 zone ID in URL not supported here: [fe80::1%25eth0]"
                        + " (link-local scopes are not modelled; use a global address)"));
    }

    @Test
    void errors_withCurlsExitCodes() {
        assertThatThrownBy(() -> parse("-v")).isInstanceOfSatisfying(CurlArgs.CurlException.class,
                e -> assertThat(e.line()).isEqualTo("curl: no URL specified!"));
        assertThatThrownBy(() -> parse("http://h/ -X")).isInstanceOfSatisfying(CurlArgs.CurlException.class,
                e -> assertThat(e.line()).isEqualTo("curl: option -X: requires parameter"));
        assertThatThrownBy(() -> parse("--bogus http://h/")).isInstanceOfSatisfying(CurlArgs.CurlException.class,
                e -> assertThat(e.exitCode()).isEqualTo(2));
        assertThatThrownBy(() -> parse("ftp://h/")).isInstanceOfSatisfying(CurlArgs.CurlException.class,
                e -> assertThat(e.line()).isEqualTo("curl: (1) Protocol \"ftp\" not supported"));
        assertThatThrownBy(() -> parse("http://h:99999/")).isInstanceOfSatisfying(CurlArgs.CurlException.class,
                e -> assertThat(e.exitCode()).isEqualTo(3));
    }

    @Test
    void requestBytes_likeCurl() {
        assertThat(wire("http://example.com/")).isEqualTo(
                "GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n");
        assertThat(wire("-d a=1 -d b=2 -H X-Trace:7 http://example.com:8080/form")).isEqualTo(
                "POST /form HTTP/1.1\r\nHost: example.com:8080\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n"
                        + "X-Trace: 7\r\nContent-Length: 7\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\na=1&b=2");
        assertThat(wire("--compressed -H Accept: -A probe/1 http://example.com/")).isEqualTo(
                "GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: probe/1\r\nAccept-Encoding: deflate, gzip, br, zstd\r\n\r\n");
        assertThat(wire("-H Accept:text/html -H Host:other http://example.com/")).isEqualTo(
                "GET / HTTP/1.1\r\nHost: other\r\nUser-Agent: curl/8.5.0\r\nAccept: text/html\r\n\r\n");
    }

    @Test
    void no_buffer_short_long_and_combined() {
        assertThat(parse("http://h/").noBuffer()).isFalse();
        assertThat(parse("-N http://h/").noBuffer()).isTrue();
        assertThat(parse("--no-buffer http://h/").noBuffer()).isTrue();
        CurlArgs a = parse("-sNS http://h/");
        assertThat(a.noBuffer()).isTrue();
        assertThat(a.silent()).isTrue();
        assertThat(a.showError()).isTrue();
    }
}
