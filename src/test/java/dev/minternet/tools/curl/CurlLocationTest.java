package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.HttpEvents;
import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import dev.minternet.transport.tcp.TcpEvents;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * curl -L (curl 8.5's Curl_follow) against the {@code redirect} service on a line a - r1 - b:
 * plain HTTP sent to HTTPS on a new connection, a redirect loop on one reused connection ending at
 * --max-redirs, a POST switched to GET by 301 and kept by 307, and the write-out variables.
 */
class CurlLocationTest {
    @TempDir
    Path dir;

    Runs.Result run(String services, String timeline) throws Exception {
        return CurlTest.runIn(dir, services, timeline);
    }

    static final String TO_HTTPS = "{type: redirect, port: 80, to: https}, {type: web, port: 443, tls: true, root: site, names: [b]}";

    static String at(String cmd) {
        return "  - {at: 1s, on: a, run: \"" + cmd.replace("\"", "\\\"") + "\"}\n";
    }

    int exit(Runs.Result r) {
        return (int) r.events(e -> e.is(ToolEvents.EXIT)).get(0).num(ToolEvents.CODE);
    }

    @Test
    void http_is_sent_to_https_and_curl_follows_on_a_new_connection() throws Exception {
        Runs.Result r = run(TO_HTTPS, at("curl -vL http://b/data.json?x=1"));
        List<String> out = r.terminal("a");
        assertThat(out).containsSubsequence("> GET /data.json?x=1 HTTP/1.1", "< HTTP/1.1 301 Moved Permanently",
                "< Location: https://b/data.json?x=1", "< ", "* Ignoring the response-body",
                "* Connection #0 to host b left intact", "* Clear auth, redirects to port from 80 to 443",
                "* Issue another request to this URL: 'https://b/data.json?x=1'", "*   Trying 10.0.1.2:443...",
                "* Connected to b (10.0.1.2) port 443", "* ALPN: server accepted h2", "> GET /data.json?x=1 HTTP/2",
                "< HTTP/2 200 ", "{\"a\": 1}", "* Connection #1 to host b left intact");
        // the redirect's body (nginx's page) is not printed
        assertThat(out).noneMatch(l -> l.contains("301 Moved Permanently</h1>"));
        assertThat(exit(r)).isZero();
        assertThat(r.events(e -> e.is(TcpEvents.STATE) && e.node().equals("a") && "SYN-SENT".equals(e.get(TcpEvents.TO))))
                .hasSize(2);
    }

    @Test
    void without_L_the_redirect_is_the_answer_and_redirect_url_says_where_it_points() throws Exception {
        Runs.Result r = run(TO_HTTPS, at("curl -s -w '%{http_code} %{num_redirects} %{redirect_url}' http://b:80/a/b?c"));
        assertThat(r.terminal("a")).containsExactly("<html>\r", "<head><title>301 Moved Permanently</title></head>\r", "<body>\r",
                "<center><h1>301 Moved Permanently</h1></center>\r", "<hr><center>minternet</center>\r", "</body>\r",
                "</html>\r", "301 0 https://b/a/b?c");
    }

    @Test
    void write_out_adds_up_the_requests_as_curl_does() throws Exception {
        Runs.Result r = run(TO_HTTPS, at("curl -sL -o /dev/null -w '%{http_code} %{num_redirects} %{num_connects} %{url_effective}"
                + " %{time_connect} %{time_redirect} %{time_total}' http://b/"));
        String[] w = r.terminal("a").get(0).split(" ");
        assertThat(w[0]).isEqualTo("200");
        assertThat(w[1]).isEqualTo("1");
        assertThat(w[2]).isEqualTo("2");
        assertThat(w[3]).isEqualTo("https://b/");
        double connect = Double.parseDouble(w[4]);
        double redirect = Double.parseDouble(w[5]);
        double total = Double.parseDouble(w[6]);
        // two connects of one round trip each (12 ms of propagation and a little serialisation): both counted
        assertThat(connect).isBetween(0.024, 0.025);
        // the first request took a connect and an HTTP round trip; the whole is that and the HTTPS request
        assertThat(redirect).isBetween(0.024, 0.026);
        assertThat(total).isGreaterThan(redirect + 0.036);
    }

    @Test
    void a_redirect_loop_reuses_its_connection_until_max_redirs() throws Exception {
        Runs.Result r = run("{type: redirect, port: 80, to: http}",
                at("curl -vL --max-redirs 2 -w '%{num_redirects} %{num_connects} %{redirect_url}' http://b/x"));
        List<String> out = r.terminal("a");
        assertThat(out).containsSubsequence("* Issue another request to this URL: 'http://b/x'",
                "* Found bundle for host: 0x5581c0a4e2f0 [serially]", "* Can not multiplex, even if we wanted to",
                "* Re-using existing connection with host b", "> GET /x HTTP/1.1",
                "* Issue another request to this URL: 'http://b/x'", "* Re-using existing connection with host b",
                "* Connection #0 to host b left intact", "* Maximum (2) redirects followed", "2 1 http://b/x",
                "curl: (47) Maximum (2) redirects followed");
        assertThat(out).noneMatch(l -> l.startsWith("* Clear auth"));
        assertThat(exit(r)).isEqualTo(47);
        assertThat(r.events(e -> e.is(HttpEvents.SERVER_REQUEST) && e.node().equals("b"))).hasSize(3);
        assertThat(r.events(e -> e.is(TcpEvents.STATE) && e.node().equals("a") && "SYN-SENT".equals(e.get(TcpEvents.TO))))
                .hasSize(1);
    }

    @Test
    void a_post_becomes_a_get_after_301_and_stays_a_post_after_307() throws Exception {
        Runs.Result r = run("{type: redirect, port: 80, to: https}, {type: redirect, port: 8080, to: \"https://b\", status: 307},"
                + " {type: web, port: 443, tls: true, root: site, names: [b]}",
                at("curl -vL -d k=v http://b/p") + "  - {at: 5s, on: a, run: \"curl -vL -d k=v http://b:8080/q\"}\n");
        List<String> out = r.terminal("a");
        assertThat(out).containsSubsequence("> POST /p HTTP/1.1", "* Issue another request to this URL: 'https://b/p'",
                "* Switch from POST to GET", "> GET /p HTTP/2");
        assertThat(out).containsSubsequence("> POST /q HTTP/1.1", "* Clear auth, redirects to port from 8080 to 443",
                "* Issue another request to this URL: 'https://b/q'", "> POST /q HTTP/2");
    }

    @Test
    void locations_resolve_against_the_url_as_rfc_3986_says() {
        CurlArgs.CurlUrl from = CurlArgs.parseUrl("http://b:8080/a/b?c");
        assertThat(Curl.resolveLocation(from, "/x")).isEqualTo("http://b:8080/x");
        assertThat(Curl.resolveLocation(from, "y?z")).isEqualTo("http://b:8080/a/y?z");
        assertThat(Curl.resolveLocation(from, "//c/d")).isEqualTo("http://c/d");
        assertThat(Curl.resolveLocation(from, "https://www.example.com/")).isEqualTo("https://www.example.com/");
        assertThat(Curl.resolveLocation(from, "http://[bad")).isNull();
    }

    @Test
    void hsts_keeps_the_hosts_policy_in_its_file_and_switches_the_next_http_request_to_https() throws Exception {
        Runs.Result r = run("{type: redirect, port: 80, to: https}, {type: web, port: 443, tls: true, root: site, names: [b],"
                + " hsts: \"max-age=3600; includeSubDomains\"}",
                at("curl -s -o /dev/null --hsts hsts.txt https://b/")
                        + "  - {at: 2s, on: a, run: \"cat /root/hsts.txt\"}\n"
                        + "  - {at: 3s, on: a, run: \"curl -sv -o /dev/null -w '%{http_code} %{url_effective}' --hsts hsts.txt http://b/data.json\"}\n"
                        + "  - {at: 5s, on: a, run: \"curl -s -o /dev/null -w '%{http_code} %{url_effective}' http://b/data.json\"}\n");
        List<String> out = r.terminal("a");
        // curl's file: its two comment lines, then the host with a leading dot for includeSubDomains and its expiry
        assertThat(out).containsSubsequence("# Your HSTS cache. https://curl.se/docs/hsts.html",
                "# This file was generated by libcurl! Edit at your own risk.", ".b \"20260101 01:00:01\"");
        assertThat(out).containsSubsequence("* Switched from HTTP to HTTPS due to HSTS => https://b/data.json", "*   Trying 10.0.1.2:443...",
                "200 https://b/data.json");
        // without --hsts, the same URL goes to port 80 and gets the 301
        assertThat(out).contains("301 http://b/data.json");
    }

    @Test
    void an_hsts_file_curl_cannot_parse_or_write_is_skipped_as_curl_skips_it() throws Exception {
        CurlHsts h = CurlHsts.read("# comment\na \"\nb\nc \"not a date\"\n.d.example \"20990101 00:00:00\"\ne \"unlimited\"\n", 0);
        assertThat(h.upgrade("x.d.example", 0)).isTrue();
        assertThat(h.upgrade("e", 0)).isTrue();
        assertThat(h.upgrade("a", 0) || h.upgrade("b", 0) || h.upgrade("c", 0)).isFalse();
        assertThat(h.text()).isEqualTo(CurlHsts.HEADER + ".d.example \"20990101 00:00:00\"\ne \"unlimited\"\n");
        // a file name that names no file (a directory): the transfer ends as usual, the cookie jar's failure said with -v
        Runs.Result r = run(TO_HTTPS, at("curl -sv -o /dev/null --hsts / -c /var/log/ -w '%{http_code}' https://b/"));
        assertThat(r.terminal("a")).contains("* WARNING: failed to save cookies in /var/log/: Failed writing received data to disk/application",
                "200");
        assertThat(exit(r)).isZero();
    }
}
