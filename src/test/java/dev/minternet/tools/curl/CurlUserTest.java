package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * curl's {@code -u user:password} and a URL's user information: RFC 7617 Basic credentials in an
 * Authorization field right after Host, "* Server auth using Basic with user '...'" in -v (the
 * real curl's order: after "* using HTTP/2", before the stream's headers), a password asked for
 * when only the user is given, and none sent to another host after a redirect.
 */
class CurlUserTest {
    @TempDir
    Path dir;

    @Test
    void basic_credentials_go_right_after_host_and_verbose_says_whose() throws Exception {
        Runs.Result r = CurlTest.runIn(dir, CurlTest.WEB,
                "  - {at: 500ms, on: b, run: \"tcpdump -A -n -c 4 tcp port 80\"}\n"
                        + "  - {at: 1s, on: a, run: \"curl -v -s -o /dev/null -u alice:s3cret http://b/\"}\n");
        List<String> a = r.terminal("a");
        int auth = a.indexOf("* Server auth using Basic with user 'alice'");
        assertThat(auth).isPositive();
        assertThat(a.subList(auth + 1, auth + 5)).containsExactly("> GET / HTTP/1.1", "> Host: b",
                "> Authorization: Basic YWxpY2U6czNjcmV0", "> User-Agent: curl/8.5.0");
        assertThat(r.terminal("b")).contains("Authorization: Basic YWxpY2U6czNjcmV0");
    }

    @Test
    void over_http2_the_line_comes_before_the_streams_headers() throws Exception {
        Runs.Result r = CurlTest.runIn(dir, CurlTest.WEB,
                "  - {at: 1s, on: a, run: \"curl -v -s -k -o /dev/null -u alice:pw https://b/\"}\n");
        List<String> a = r.terminal("a");
        int h2 = a.indexOf("* using HTTP/2");
        assertThat(a.get(h2 + 1)).isEqualTo("* Server auth using Basic with user 'alice'");
        assertThat(a).contains("* [HTTP/2] [1] [authorization: Basic YWxpY2U6cHc=]");
        assertThat(a.indexOf("* [HTTP/2] [1] [authorization: Basic YWxpY2U6cHc=]"))
                .isEqualTo(a.indexOf("* [HTTP/2] [1] [:path: /]") + 1);
    }

    @Test
    void a_user_alone_is_asked_for_a_password_and_the_url_may_carry_both() throws Exception {
        Runs.Result r = CurlTest.runIn(dir, CurlTest.WEB,
                "  - {at: 1s, on: a, run: \"curl -v -s -o /dev/null -u alice http://b/\"}\n"
                        + "  - {at: 2s, on: a, run: \"curl -v -s -o /dev/null http://bob:x%40y@b/\"}\n");
        List<String> a = r.terminal("a");
        assertThat(a.get(0)).isEqualTo("Enter host password for user 'alice':");
        assertThat(a).contains("> Authorization: Basic YWxpY2U6", "* Server auth using Basic with user 'bob'",
                "> Authorization: Basic Ym9iOnhAeQ==");
    }

    @Test
    void parsed_and_followed() {
        CurlArgs c = CurlArgs.parse(List.of("-u", "alice:pw", "http://b/"));
        assertThat(c.clientOptions().authorization()).isEqualTo("Basic YWxpY2U6cHc=");
        assertThat(c.following(CurlArgs.parseUrl("http://b/next"), false).user()).isEqualTo("alice:pw");
        assertThat(c.following(CurlArgs.parseUrl("http://c/"), false).user()).isNull();
        assertThat(CurlArgs.parse(List.of("--user", "x:", "http://b/")).clientOptions().authorization()).isEqualTo("Basic eDo=");
        assertThat(CurlArgs.parse(List.of("http://b/")).clientOptions().authorization()).isNull();
    }
}
