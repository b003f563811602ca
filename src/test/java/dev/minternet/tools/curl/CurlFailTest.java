package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code curl -f} as curl 7.88.1 and 8.5 do it (lib/http.c http_should_fail), checked against
 * the real curl and a Python http.server on loopback: a status of 400 or more ends the transfer
 * when the headers are in, with no body written, "curl: (22) The requested URL returned error:
 * 404" on stderr (none under -s, again under -sS), exit status 22; -w sees http_code 404 and
 * exitcode 22; -i still prints the headers; -v says the error, then the meter, then closes.
 */
class CurlFailTest {
    private static Runs.Result run(String... commands) {
        StringBuilder t = new StringBuilder("timeline:\n");
        for (int i = 0; i < commands.length; i++) {
            t.append("  - {at: ").append(1 + i).append("s, on: laptop, run: '").append(commands[i]).append("'}\n");
        }
        return Runs.run(Runs.defaultWorldWith(t + "duration: " + (commands.length + 2) + "s\n"));
    }

    @Test
    void a_404_ends_with_status_22_and_no_body() {
        Runs.Result r = run("curl -f https://www.example.com/missing", "curl -sf https://www.example.com/missing",
                "curl -sSf -w \"%{http_code} %{exitcode} %{errormsg}\\n\" https://www.example.com/missing",
                "curl -fi https://www.example.com/missing", "curl -sf -o /dev/null https://www.example.com/");
        assertThat(r.events(ToolEvents.EXIT)).extracting(e -> e.num(ToolEvents.CODE)).containsExactly(22L, 22L, 22L, 22L, 0L);
        assertThat(r.block("laptop", "curl -f https://www.example.com/missing", 0))
                .endsWith("curl: (22) The requested URL returned error: 404").noneMatch(l -> l.contains("Not Found"));
        assertThat(r.block("laptop", "curl -sf https://www.example.com/missing", 0)).isEmpty();
        assertThat(r.block("laptop", "curl -sSf -w \"%{http_code} %{exitcode} %{errormsg}\\n\" https://www.example.com/missing", 0))
                .contains("404 22 The requested URL returned error: 404", "curl: (22) The requested URL returned error: 404");
        List<String> i = r.block("laptop", "curl -fi https://www.example.com/missing", 0);
        assertThat(i).contains("HTTP/2 404 ", "content-length: 14").last().isEqualTo("curl: (22) The requested URL returned error: 404");
    }

    @Test
    void verbose_says_the_error_then_the_meter_then_closes() {
        Runs.Result r = run("curl -fv -o /dev/null https://www.example.com/missing");
        List<String> v = r.block("laptop", "curl -fv -o /dev/null https://www.example.com/missing", 0);
        int at = v.indexOf("* The requested URL returned error: 404");
        assertThat(at).isPositive();
        assertThat(v.get(at + 1)).startsWith("  0    14    0     0");
        assertThat(v.subList(at + 2, v.size())).containsExactly("* Closing connection", "curl: (22) The requested URL returned error: 404");
    }

    @Test
    void fail_with_body_writes_the_body_then_fails_and_excludes_dash_f() {
        Runs.Result r = run("curl --fail-with-body https://www.example.com/missing",
                "curl -s --fail-with-body -w \"%{http_code} %{exitcode} %{size_download}\\n\" -o /dev/null https://www.example.com/missing",
                "curl -s -f --fail-with-body https://www.example.com/missing", "curl --fail-with-body -f https://www.example.com/missing");
        assertThat(r.events(ToolEvents.EXIT)).extracting(e -> e.num(ToolEvents.CODE)).containsExactly(22L, 22L, 2L, 2L);
        assertThat(r.block("laptop", "curl --fail-with-body https://www.example.com/missing", 0))
                .containsExactly("404 Not Found", "curl: (22) The requested URL returned error: 404");
        assertThat(r.terminal("laptop")).contains("404 22 14", "curl: option --fail-with-body: is badly used here",
                "curl: option -f: is badly used here");
    }
}
