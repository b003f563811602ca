package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * -F and -T around the bytes {@link CurlRequestOptionsOracleTest} checks: curl's refusals and
 * warnings as the real curl 7.88.1 prints them (the same code in 8.5: tool_helpers.c
 * SetHTTPrequest, tool_formparse.c), the errors of a file that cannot be read, curl 8.5's rule
 * that a URL with a query gets no file name, and the boundary drawn from the node's seeded stream.
 */
class CurlUploadTest {
    @TempDir
    Path dir;

    Runs.Result run(String timeline) throws Exception {
        Files.writeString(dir.resolve("up.txt"), "hello\n");
        return CurlTest.runIn(dir, CurlTest.WEB, timeline);
    }

    static List<Long> exits(Runs.Result r) {
        return r.events(ToolEvents.EXIT).stream().map(e -> e.num(ToolEvents.CODE)).toList();
    }

    @Test
    void two_request_kinds_at_once_are_refused_with_curls_warning() throws Exception {
        Runs.Result r = run("  - {at: 1s, on: a, run: \"curl -F a=v -d x http://b/\"}\n"
                + "  - {at: 2s, on: a, run: \"curl -T up.txt -F a=b http://b/\"}\n"
                + "  - {at: 3s, on: a, run: \"curl -s -T up.txt -d x http://b/\"}\n");
        assertThat(r.terminal("a")).containsExactly(
                "Warning: You can only select one HTTP request method! You asked for both POST ",
                "Warning: (-d, --data) and multipart formpost (-F, --form).",
                "Warning: You can only select one HTTP request method! You asked for both PUT ",
                "Warning: (-T, --upload-file) and multipart formpost (-F, --form).");
        assertThat(exits(r)).containsExactly(2L, 2L, 2L);
    }

    @Test
    void form_fields_curl_cannot_use_and_files_it_cannot_read() throws Exception {
        Runs.Result r = run("  - {at: 1s, on: a, run: \"curl -F novalue http://b/\"}\n"
                + "  - {at: 2s, on: a, run: \"curl -s -o /dev/null -F 'a=v;foo=bar' -w '%{http_code}\\\\n' http://b/\"}\n"
                + "  - {at: 3s, on: a, run: \"curl -o /dev/null -F 'a=v;foo=bar' -s -w '%{http_code}\\\\n' http://b/\"}\n"
                + "  - {at: 4s, on: a, run: \"curl -F a=@nofile http://b/\"}\n"
                + "  - {at: 5s, on: a, run: \"curl -T nofile http://b/\"}\n"
                + "  - {at: 6s, on: a, run: \"curl -s -T nofile http://b/\"}\n");
        assertThat(r.terminal("a")).containsExactly(
                "Warning: Illegally formatted input field",
                "curl: option -F: is badly used here",
                "curl: try 'curl --help' or 'curl --manual' for more information",
                "405", "405",
                "curl: (26) Failed to open/read local data from file/application",
                "curl: Can't open 'nofile'",
                "curl: try 'curl --help' or 'curl --manual' for more information",
                "curl: (26) Failed to open/read local data from file/application",
                "curl: Can't open 'nofile'",
                "curl: try 'curl --help' or 'curl --manual' for more information");
        assertThat(exits(r)).containsExactly(2L, 0L, 0L, 26L, 26L, 26L);
    }

    @Test
    void an_unknown_form_parameter_is_skipped_with_curls_warning() throws Exception {
        Runs.Result r = run("  - {at: 1s, on: a, run: \"curl -o /dev/null -F 'a=v;foo=bar' http://b/\"}\n");
        assertThat(r.terminal("a").get(0)).isEqualTo("Warning: skip unknown form field: foo=bar");
    }

    @Test
    void upload_to_a_folder_url_adds_the_file_name_but_not_when_the_url_has_a_query() throws Exception {
        Runs.Result r = run("  - {at: 1s, on: a, run: \"curl -v -s -o /dev/null -T up.txt http://b/d/\"}\n"
                + "  - {at: 2s, on: a, run: \"curl -v -s -o /dev/null -T up.txt 'http://b/d/?q=1'\"}\n");
        List<String> t = r.terminal("a");
        assertThat(t).containsSubsequence("> PUT /d/up.txt HTTP/1.1", "> Content-Length: 6", "> ",
                "> PUT /d/?q=1 HTTP/1.1", "> Content-Length: 6", "> ");
        assertThat(t).noneMatch(l -> l.startsWith("> Content-Type") || l.startsWith("> Expect"));
    }

    @Test
    void the_boundary_comes_from_the_nodes_seeded_stream() throws Exception {
        String timeline = "  - {at: 1s, on: a, run: \"curl -v -s -o /dev/null -F a=b http://b/\"}\n"
                + "  - {at: 2s, on: a, run: \"curl -v -s -o /dev/null -F a=b http://b/\"}\n";
        List<String> first = boundaries(run(timeline));
        assertThat(first).hasSize(2).allMatch(b -> b.matches("-{24}[A-Za-z0-9]{22}"));
        assertThat(first.get(0)).isNotEqualTo(first.get(1));
        assertThat(boundaries(run(timeline))).isEqualTo(first);
    }

    static List<String> boundaries(Runs.Result r) {
        return r.terminal("a").stream().filter(l -> l.startsWith("> Content-Type: multipart/form-data; boundary="))
                .map(l -> l.substring(l.indexOf('=') + 1)).toList();
    }

    @Test
    void curls_warnings_wrap_as_its_voutf_does() {
        assertThat(CurlUpload.warningLines("x".repeat(75))).containsExactly("Warning: " + "x".repeat(70), "Warning: xxxxx");
        assertThat(CurlUpload.warningLines("short")).containsExactly("Warning: short");
    }
}
