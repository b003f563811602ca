package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import dev.minternet.ip.IpEvents;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --retry as curl 8.5's tool_operate.c does it, in simulated time: the lines (the error, then
 * "Warning: Problem : ... Will retry in N seconds. N retries left.", as the real curl 7.88.1 prints
 * them against a refused port on loopback, but for 8.5's format without 7.88.1's trailing newline), the delays (1 s, then
 * doubled; --retry-delay fixed), which failures are transient, and -w only after the last attempt.
 */
class CurlRetryTest {
    @TempDir
    Path dir;

    @Test
    void a_refused_connection_is_retried_only_with_retry_connrefused_after_1_then_2_seconds() throws Exception {
        Runs.Result r = CurlTest.runIn(dir, CurlTest.WEB, "  - {at: 1s, on: a, run: \"curl --retry 2 --retry-connrefused http://b:81/\"}\n"
                + "  - {at: 10s, on: a, run: \"curl --retry 2 http://b:81/\"}\n");
        String err = "curl: (7) Failed to connect to b port 81 after 12 ms: Couldn't connect to server";
        // curl 7.88.1 wraps these after "retries " (its format ends in a newline, counted in the width); 8.5's does not
        assertThat(r.terminal("a")).containsExactly(err,
                "Warning: Problem : connection refused. Will retry in 1 seconds. 2 retries left.", err,
                "Warning: Problem : connection refused. Will retry in 2 seconds. 1 retries left.", err, err);
        assertThat(r.events(ToolEvents.EXIT)).extracting(e -> e.num(ToolEvents.CODE)).containsExactly(7L, 7L);
        // a sends nothing but its SYNs (each answered by a RST): one per attempt
        List<Long> syns = r.events(e -> e.node().equals("a") && e.is(IpEvents.SEND)).stream().map(e -> e.time()).toList();
        assertThat(syns).hasSize(4);
        long ms = Durations.MS;
        assertThat(syns.get(1) - syns.get(0)).isBetween(1012 * ms, 1013 * ms);
        assertThat(syns.get(2) - syns.get(1)).isBetween(2012 * ms, 2013 * ms);
    }

    @Test
    void a_502_is_retried_its_body_printed_each_time_and_w_only_at_the_end() throws Exception {
        Runs.Result r = CurlTest.runIn(dir, "{type: lb, port: 80, backends: [b:8080]}",
                "  - {at: 1s, on: a, run: \"curl --retry 2 --retry-delay 3 -w '%{http_code}\\\\n' http://b/\"}\n");
        List<String> t = r.terminal("a");
        assertThat(t).hasSize(6);
        // the balancer answers 502 while it tries the dead backend, 503 once its health checks gave up on it
        assertThat(List.of(t.get(0), t.get(2), t.get(4))).allMatch(l -> l.equals("bad gateway") || l.equals("no healthy backend"));
        assertThat(t.get(1)).isEqualTo("Warning: Problem : HTTP error. Will retry in 3 seconds. 2 retries left.");
        assertThat(t.get(3)).isEqualTo("Warning: Problem : HTTP error. Will retry in 3 seconds. 1 retries left.");
        assertThat(t.get(5)).matches("50[23]");
        assertThat(r.events(ToolEvents.EXIT)).extracting(e -> e.num(ToolEvents.CODE)).containsExactly(0L);
    }

    @Test
    void a_timeout_is_always_transient_and_s_keeps_the_warnings_quiet() throws Exception {
        Runs.Result r = CurlTest.runIn(dir, CurlTest.WEB,
                "  - {at: 1s, on: a, run: \"curl --retry 1 -m 0.005 http://b/\"}\n"
                        + "  - {at: 10s, on: a, run: \"curl -sS --retry 1 -m 0.005 -w '%{http_code}\\\\n' http://b/\"}\n");
        assertThat(r.terminal("a")).containsExactly("curl: (28) Connection timed out after 5 milliseconds",
                "Warning: Problem : timeout. Will retry in 1 seconds. 1 retries left.",
                "curl: (28) Connection timed out after 5 milliseconds",
                "curl: (28) Connection timed out after 5 milliseconds", "000",
                "curl: (28) Connection timed out after 5 milliseconds");
    }

    @Test
    void numbers_as_curl_reads_them() {
        assertThat(CurlArgs.parse(List.of("--retry", "3", "--retry-delay", "2", "--retry-max-time", "10", "--retry-all-errors",
                "http://b/")).x().retry()).isEqualTo(new CurlRetry.Options(3, 2, 10, false, true));
        for (String[] bad : new String[][] {{"--retry", "-1", "expected a positive numerical parameter"},
                {"--retry", "abc", "expected a proper numerical parameter"},
                {"--retry-delay", "1.5", "expected a proper numerical parameter"}}) {
            try {
                CurlArgs.parse(List.of(bad[0], bad[1], "http://b/"));
                throw new AssertionError(bad[0] + " " + bad[1]);
            } catch (CurlArgs.CurlException e) {
                assertThat(e.line()).isEqualTo("curl: option " + bad[0] + ": " + bad[2]);
                assertThat(e.exitCode()).isEqualTo(2);
            }
        }
    }
}
