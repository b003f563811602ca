package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What curl prints and does around the request options whose bytes {@link
 * CurlRequestOptionsOracleTest} checks: -0's trace (the request line, the server's
 * {@code Connection: close}, "* Closing connection"), -0 over https (ALPN still offers
 * http/1.1, as curl's vtls does), -e's {@code ;auto} on a redirect, -G data that makes no URL,
 * and the warning for a --data-urlencode file that cannot be read.
 */
class CurlRequestOptionsTest {
    static final Path REF = Path.of("src/test/resources/reference/curl-7.88.1");

    @TempDir
    Path dir;

    @Test
    void http10_sends_an_http10_request_line_and_closes_the_connection_as_the_server_says() throws Exception {
        Runs.Result r = CurlTest.runIn(dir, CurlTest.WEB, "  - {at: 1s, on: a, run: \"curl -v -0 http://b/\"}\n"
                + "  - {at: 2s, on: a, run: \"curl -v -0 -k -s -o /dev/null https://b/\"}\n");
        List<String> t = r.terminal("a");
        // the real trace (curl 7.88.1 against nginx): the request block, then the answer with Connection: close
        List<String> real = Files.readAllLines(REF.resolve("41-curl-v-http10.txt"));
        List<String> realRequest = real.subList(real.indexOf("> GET / HTTP/1.0"), real.indexOf("> GET / HTTP/1.0") + 5).stream()
                .map(l -> l.replace("127.0.0.1:8080", "b").replace("curl/7.88.1", "curl/8.5.0")).toList();
        assertThat(real).contains("< Connection: close", "* Closing connection 0");
        int req = t.indexOf("> GET / HTTP/1.0");
        assertThat(t.subList(req, req + 5)).containsExactlyElementsOf(realRequest);
        int end = t.indexOf("<h1>hello</h1>");
        assertThat(t.subList(req, end)).contains("< HTTP/1.1 200 OK", "< Connection: close");
        assertThat(t.get(end + 1)).isEqualTo("* Closing connection"); // curl 8.5's words for 7.88.1's "Closing connection 0"
        // over TLS: ALPN offers http/1.1 (never "http/1.0"), the request line still says HTTP/1.0
        List<String> tls = t.subList(end + 2, t.size());
        assertThat(tls).containsSubsequence("* ALPN: curl offers http/1.1", "* ALPN: server accepted http/1.1", "> GET / HTTP/1.0",
                "< Connection: close", "* Closing connection");
        assertThat(t).noneMatch(l -> l.contains("left intact"));
    }

    @Test
    void auto_referer_sends_the_url_it_comes_from_after_a_redirect() {
        Runs.Result r = Runs.run(Runs.defaultWorldWith("""
                timeline:
                  - {at: 1s, on: laptop, run: "curl -s -v -L -e ';auto' -o /dev/null http://www.example.com/?a=1"}
                duration: 10s
                """));
        List<String> t = r.terminal("laptop");
        int second = t.indexOf("* Issue another request to this URL: 'https://www.example.com/?a=1'");
        assertThat(second).isPositive();
        assertThat(t.subList(0, second)).noneMatch(l -> l.toLowerCase().contains("referer"));
        assertThat(t.subList(second, t.size())).contains("* [HTTP/2] [1] [referer: http://www.example.com/?a=1]",
                "> Referer: http://www.example.com/?a=1");
    }

    @Test
    void get_data_that_makes_no_url_is_curls_error_3_quiet_under_s() throws Exception {
        Files.writeString(dir.resolve("f.txt"), "x y\n"); // -d @file drops the newline, not the space
        Runs.Result r = CurlTest.runIn(dir, CurlTest.WEB, "  - {at: 1s, on: a, run: \"curl -G -d 'a b' http://b/\"}\n"
                + "  - {at: 2s, on: a, run: \"curl -s -G -d 'a b' http://b/\"}\n"
                + "  - {at: 3s, on: a, run: \"curl -G -d @f.txt http://b/\"}\n");
        assertThat(r.terminal("a")).containsExactly("curl: (3) URL using bad/illegal format or missing URL",
                "curl: (3) URL using bad/illegal format or missing URL");
        assertThat(r.events(e -> e.node().equals("b") && e.is(dev.minternet.http.HttpEvents.SERVER_REQUEST))).isEmpty();
        assertThat(r.events(ToolEvents.EXIT)).extracting(e -> e.num(ToolEvents.CODE)).containsExactly(3L, 3L, 3L);
    }

    @Test
    void an_unreadable_urlencode_file_is_named_as_typed_and_sends_nothing() {
        CliTest.Outcome o = CliTest.execWithInput("curl -v --data-urlencode name@nofile --url-query q@nofile http://www.example.com/\n",
                "shell");
        assertThat(o.out()).contains("\nWarning: Couldn't read data from file \"name@nofile\", this makes an empty POST.")
                .contains("\nWarning: Couldn't read data from file \"q@nofile\", this makes an empty POST.")
                .contains("> POST / HTTP/1.1\n").contains("> Content-Length: 0\n");
    }

    @Test
    void parsed_as_curl_parses_them() {
        CurlArgs e = CurlArgs.parse(List.of("-e", "", "http://b/"));
        assertThat(e.x().referer()).isNull();
        assertThat(CurlArgs.parse(List.of("-e", "http://a/;auto", "http://b/")).x()).satisfies(x -> {
            assertThat(x.referer()).isEqualTo("http://a/");
            assertThat(x.autoReferer()).isTrue();
        });
        CurlArgs head = CurlArgs.parse(List.of("-G", "-I", "-d", "a=1", "http://b/p"));
        assertThat(head.effectiveMethod()).isEqualTo("HEAD");
        assertThat(head.request().target()).isEqualTo("/p?a=1");
        assertThat(head.request().body()).isEmpty();
        assertThat(CurlArgs.parse(List.of("--get", "-X", "POST", "-d", "a=1", "http://b/")).request().method()).isEqualTo("POST");
        assertThat(CurlArgs.parse(List.of("--http1.0", "http://b/")).clientOptions().http10()).isTrue();
        assertThat(CurlData.urlencodePart("a@b=c")).satisfies(p -> {
            assertThat(p.name()).isEqualTo("a@b");
            assertThat(p.text()).isEqualTo("c");
        });
        assertThat(CurlData.encode("a b~é/".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("a+b~%C3%A9%2F");
    }

    @Test
    void remote_name_writes_the_urls_last_segment_as_o_would_and_refuses_a_url_without_one() throws Exception {
        Runs.Result r = CurlTest.runIn(dir, CurlTest.WEB, "  - {at: 1s, on: a, run: \"curl -s -O 'http://b/data.json?x=1'\"}\n"
                + "  - {at: 2s, on: a, run: \"curl --remote-name-all http://b/\"}\n"
                + "  - {at: 3s, on: a, run: \"curl -s -O http://b/\"}\n"
                + "  - {at: 4s, on: a, run: \"curl -sS -O -o page.html http://b/\"}\n"
                + "  - {at: 5s, on: a, run: \"curl -o page.html -O http://b/\"}\n");
        assertThat(Files.readString(dir.resolve("data.json"))).isEqualTo("{\"a\": 1}\n");
        assertThat(Files.readString(dir.resolve("page.html"))).isEqualTo("<h1>hello</h1>\n");
        // the first of -o and -O names the file (tool_getparam.c keeps one output per URL); curl warns of the other when done
        List<String> t = r.terminal("a");
        assertThat(t.subList(0, 4)).containsExactly("curl: Remote file name has no length",
                "curl: (23) Failed writing received data to disk/application", "curl: Remote file name has no length",
                "curl: (23) Failed writing received data to disk/application");
        assertThat(t.get(t.size() - 1)).isEqualTo("Warning: Got more output options than URLs");
        assertThat(t.get(t.size() - 2)).startsWith("100    15  100    15 ");
        assertThat(r.events(ToolEvents.EXIT)).extracting(e -> e.num(ToolEvents.CODE)).containsExactly(0L, 23L, 23L, 23L, 0L);
    }

    @Test
    void a_range_the_server_answers_with_200_prints_the_whole_body_as_curl_does() throws Exception {
        Runs.Result r = CurlTest.runIn(dir, CurlTest.WEB, "  - {at: 1s, on: a, run: \"curl -v -r 5 http://b/\"}\n");
        List<String> t = r.terminal("a");
        assertThat(t.subList(0, 2)).containsExactly("Warning: A specified range MUST include at least one dash (-). Appending one ",
                "Warning: for you");
        assertThat(t).containsSubsequence("> GET / HTTP/1.1", "> Host: b", "> Range: bytes=5-", "> User-Agent: curl/8.5.0",
                "< HTTP/1.1 200 OK", "<h1>hello</h1>");
    }
}
