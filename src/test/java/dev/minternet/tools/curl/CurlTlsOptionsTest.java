package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import dev.minternet.tools.curl.CurlArgs.CurlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * curl's TLS version and cipher options against what the real curl 7.88.1 with OpenSSL 3.0 did
 * (src/test/resources/reference/curl-7.88.1/*.txt, captured against openssl s_server, which
 * like this world's servers takes TLS 1.2 and 1.3 when started with -min_protocol TLSv1.2): the
 * handshake's -v lines, the errors and the exit codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CurlTlsOptionsTest {
    static final Path REF = Path.of("src/test/resources/reference/curl-7.88.1");
    static final String URL = "https://www.example.com/";

    static final List<String> COMMANDS = List.of(
            "curl -v --tlsv1.2 --tls-max 1.2 " + URL,
            "curl -v " + URL,
            "curl -v --tlsv1.3 " + URL,
            "curl -v --tlsv1.1 --tls-max 1.1 " + URL,
            "curl -v --tlsv1.0 --tls-max 1.0 " + URL,
            "curl -v --tls-max 1.1 " + URL,
            "curl -v --tlsv1.3 --tls-max 1.2 " + URL,
            "curl -v --ciphers BOGUS " + URL,
            "curl -v --tls13-ciphers BOGUS " + URL,
            "curl -v --tls-max 1.2 --ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305 " + URL,
            "curl -v --tls-max 1.2 --ciphers BOGUS:ECDHE-ECDSA-AES128-GCM-SHA256 " + URL,
            "curl -v --tls-max 1.2 --ciphers AES128-SHA " + URL,
            "curl -v --tls13-ciphers TLS_AES_128_GCM_SHA256 " + URL,
            "curl -v --tls13-ciphers BOGUS:TLS_CHACHA20_POLY1305_SHA256 " + URL,
            "curl -v --ciphers ECDHE-ECDSA-AES128-GCM-SHA256 " + URL,
            "curl -v --tls-max 1.4 " + URL,
            "curl --limit-rate 10X " + URL,
            "curl --limit-rate abc " + URL,
            "curl -v --no-keepalive " + URL,
            "curl -v --tlsv1 --tls-max default " + URL,
            "curl -v -k -o /dev/null --tlsv1.2 --tls-max 1.2 https://93.184.216.34/",
            "curl -v --tls-max 1.0 --ciphers ECDHE-ECDSA-AES128-GCM-SHA256 " + URL,
            "curl -v --tlsv1.3 --tls13-ciphers TLS_AES_128_CCM_SHA256 " + URL,
            "curl -v --ciphers \"\" " + URL);

    Runs.Result run;
    List<Long> exits;

    @BeforeAll
    void runAll() {
        StringBuilder t = new StringBuilder("timeline:\n");
        for (int i = 0; i < COMMANDS.size(); i++) {
            t.append("  - {at: ").append(1 + i).append("s, on: laptop, run: '").append(COMMANDS.get(i)).append("'}\n");
        }
        run = Runs.run(Runs.defaultWorldWith(t + "duration: " + (COMMANDS.size() + 2) + "s\n"));
        exits = run.events(ToolEvents.EXIT).stream().map(e -> e.num(ToolEvents.CODE)).toList();
        assertThat(exits).hasSize(COMMANDS.size());
    }

    private List<String> out(int i) {
        return run.block("laptop", COMMANDS.get(i), 0);
    }

    /** A reference capture's curl output lines (between its "## curl output" and "## ClientHello" headings). */
    static List<String> ref(String name) throws IOException {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : Files.readAllLines(REF.resolve(name + ".txt"))) {
            if (l.startsWith("## ")) {
                in = l.startsWith("## curl output");
            } else if (in) {
                out.add(l);
            }
        }
        return out;
    }

    static long refExit(String name) throws IOException {
        return Files.readAllLines(REF.resolve(name + ".txt")).stream().filter(l -> l.startsWith("# exit: "))
                .mapToLong(l -> Long.parseLong(l.substring(8).strip())).findFirst().orElseThrow();
    }

    /**
     * The handshake's message lines before "SSL connection using" (OpenSSL's message callback);
     * the real server's TLS 1.3 tickets and both sides' close_notify come later.
     */
    static List<String> handshake(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("* SSL connection using")) {
                break;
            }
            if (l.matches("\\* TLSv1(\\.[0-3])? \\((IN|OUT)\\), TLS (handshake|change cipher|alert), .*")) {
                out.add(l);
            }
        }
        return out;
    }

    /** curl's own lines about the options: the cipher selections, their failures, the version check, the final error. */
    static List<String> optionLines(List<String> lines) {
        return lines.stream().filter(l -> l.matches("\\* (Cipher selection|TLS 1.3 cipher selection|failed setting|CURL_SSLVERSION|OpenSSL/).*")
                || l.startsWith("curl: ") || l.startsWith("Warning: ")).toList();
    }

    private static String connection(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("* SSL connection using")).findFirst().orElse("");
    }

    @Test
    void tls12_only_prints_the_tls12_handshake_the_real_curl_prints() throws IOException {
        assertThat(exits.get(0)).isZero();
        assertThat(handshake(out(0))).isEqualTo(handshake(ref("tls12max12"))).isNotEmpty()
                .contains("* TLSv1.2 (IN), TLS handshake, Server key exchange (12):", "* TLSv1.2 (IN), TLS handshake, Server finished (14):");
        // curl 8's line adds the group and the signature after the suite (7.88.1 stops at the suite)
        assertThat(connection(out(0))).startsWith(connection(ref("tls12max12")) + " / X25519 / ");
    }

    @Test
    void tls13_handshakes_are_unchanged_by_a_minimum_of_tls13() throws IOException {
        assertThat(handshake(out(1))).isEqualTo(handshake(ref("default")));
        assertThat(handshake(out(2))).isEqualTo(handshake(ref("tls13")));
        assertThat(connection(out(2))).startsWith(connection(ref("tls13")));
    }

    @Test
    void below_tls12_the_server_answers_protocol_version_and_curl_exits_35() throws IOException {
        for (String[] c : new String[][] {{"3", "tlsv11max11"}, {"4", "tlsv10max10"}, {"5", "tlsmax11"}}) {
            int i = Integer.parseInt(c[0]);
            assertThat(exits.get(i)).as(c[1]).isEqualTo(refExit(c[1])).isEqualTo(35);
            assertThat(handshake(out(i))).as(c[1]).isEqualTo(handshake(ref(c[1])));
            assertThat(optionLines(out(i))).as(c[1]).isEqualTo(optionLines(ref(c[1])));
        }
    }

    @Test
    void a_maximum_below_the_minimum_is_exit_35_before_any_hello() throws IOException {
        assertThat(exits.get(6)).isEqualTo(refExit("tls13max12"));
        assertThat(optionLines(out(6))).isEqualTo(optionLines(ref("tls13max12")))
                .contains("curl: (35) CURL_SSLVERSION_MAX incompatible with CURL_SSLVERSION");
        assertThat(handshake(out(6))).isEmpty();
        assertThat(out(6)).noneMatch(l -> l.startsWith("* ALPN"));
    }

    @Test
    void cipher_lists_without_a_known_name_are_exit_59() throws IOException {
        assertThat(exits.get(7)).isEqualTo(refExit("ciphers_bogus")).isEqualTo(59);
        assertThat(optionLines(out(7))).isEqualTo(optionLines(ref("ciphers_bogus")));
        assertThat(exits.get(8)).isEqualTo(refExit("tls13ciphers_bogus")).isEqualTo(59);
        assertThat(optionLines(out(8))).isEqualTo(optionLines(ref("tls13ciphers_bogus")));
        assertThat(handshake(out(7))).isEmpty();
    }

    @Test
    void chosen_ciphers_are_offered_and_negotiated() throws IOException {
        for (String[] c : new String[][] {{"9", "ciphers_ecdsa128"}, {"10", "ciphers_partbogus"}, {"12", "tls13ciphers_128"},
            {"13", "tls13ciphers_partbogus"}, {"14", "ciphers_with13"}}) {
            int i = Integer.parseInt(c[0]);
            assertThat(exits.get(i)).as(c[1]).isZero();
            assertThat(optionLines(out(i))).as(c[1]).isEqualTo(optionLines(ref(c[1])));
            assertThat(handshake(out(i))).as(c[1]).isEqualTo(handshake(ref(c[1])));
            assertThat(connection(out(i))).as(c[1]).startsWith(connection(ref(c[1])) + " / ");
        }
    }

    @Test
    void no_suite_in_common_is_the_servers_handshake_failure() throws IOException {
        assertThat(exits.get(11)).isEqualTo(refExit("ciphers_noshared")).isEqualTo(35);
        assertThat(handshake(out(11))).isEqualTo(handshake(ref("ciphers_noshared")));
        assertThat(optionLines(out(11))).isEqualTo(optionLines(ref("ciphers_noshared")));
    }

    @Test
    void bad_values_are_exit_2_with_currls_words() throws IOException {
        assertThat(exits.subList(15, 18)).containsExactly(2L, 2L, 2L);
        assertThat(out(15)).isEqualTo(optionLines(ref("tlsmax_bad")));
        assertThat(out(16)).isEqualTo(optionLines(ref("limitrate_bad")));
        assertThat(out(17)).isEqualTo(optionLines(ref("limitrate_bad2")));
    }

    @Test
    void no_keepalive_and_tls_max_default_change_nothing() throws IOException {
        assertThat(exits.get(18)).isZero();
        assertThat(exits.get(19)).isZero();
        assertThat(handshake(out(18))).isEqualTo(handshake(ref("nokeepalive"))).isEqualTo(handshake(out(1)));
        assertThat(handshake(out(19))).isEqualTo(handshake(ref("tlsmaxdefault")));
    }

    /**
     * With -o the meter's "[N bytes data]" markers: the ClientHello's size (an IP literal, no
     * SNI, as in the capture) and the messages whose size does not depend on the server's
     * certificate or its session id are the real curl's.
     */
    @Test
    void tls12_data_markers_have_the_real_sizes() throws IOException {
        assertThat(exits.get(20)).isZero();
        List<String> ours = markers(out(20));
        List<String> real = markers(ref("tls12max12"));
        for (String m : List.of("Client hello (1)", "Server key exchange (12)", "Server finished (14)", "Client key exchange (16)",
                "Change cipher spec (1)", "Finished (20)")) {
            assertThat(ours.stream().filter(l -> l.startsWith(m)).toList()).as(m)
                    .isEqualTo(real.stream().filter(l -> l.startsWith(m)).toList()).isNotEmpty();
        }
    }

    /** Each handshake line's message name with the marker after it ("Client hello (1) } [197 bytes data]"). */
    static List<String> markers(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("* SSL connection using")) {
                break;
            }
            if (lines.get(i).matches("\\* TLSv1\\.2 \\((IN|OUT)\\), TLS (handshake|change cipher), .*")
                    && lines.get(i + 1).matches("[{}] \\[\\d+ bytes data\\]")) {
                out.add(lines.get(i).replaceFirst(".*, ", "").replace(":", "") + " " + lines.get(i + 1));
            }
        }
        return out;
    }

    @Test
    void no_usable_suite_and_no_suite_the_server_has_are_exit_35_empty_lists_59() throws IOException {
        for (String[] c : new String[][] {{"21", "tlsmax10_gcm"}, {"22", "tls13_ccm"}, {"23", "ciphers_empty"}}) {
            int i = Integer.parseInt(c[0]);
            assertThat(exits.get(i)).as(c[1]).isEqualTo(refExit(c[1]));
            assertThat(handshake(out(i))).as(c[1]).isEqualTo(handshake(ref(c[1])));
            assertThat(optionLines(out(i))).as(c[1]).isEqualTo(optionLines(ref(c[1])));
        }
    }

    @Test
    void parsing_follows_tool_getparam() {
        CurlTlsOptions t = CurlArgs.parse(List.of("--tlsv1.2", "--tls-max", "1.2", URL)).x().tls();
        assertThat(t.versions()).containsExactly(0x0303);
        assertThat(CurlArgs.parse(List.of("-1", URL)).x().tls().versions()).containsExactly(0x0304, 0x0303, 0x0302, 0x0301);
        assertThat(CurlArgs.parse(List.of("--tlsv1.3", "--tlsv1.1", URL)).x().tls().minVersion()).isEqualTo(0x0302);
        assertThat(CurlTlsOptions.rate("o", "10K")).isEqualTo(10240);
        assertThat(CurlTlsOptions.rate("o", "2m")).isEqualTo(2L << 20);
        assertThat(CurlTlsOptions.rate("o", "1G")).isEqualTo(1L << 30);
        assertThat(CurlTlsOptions.rate("o", "500")).isEqualTo(500);
        assertThat(CurlTlsOptions.rate("o", "500B")).isEqualTo(500);
        for (String bad : List.of("1.5K", "10KB", "10X")) {
            assertThatThrownBy(() -> CurlTlsOptions.rate("--limit-rate", bad)).isInstanceOf(CurlException.class)
                    .satisfies(e -> assertThat(((CurlException) e).warnings()).containsExactly("unsupported rate unit. Use G, M, K or B!"));
        }
        for (String bad : List.of("", "-5", "abc")) {
            assertThatThrownBy(() -> CurlTlsOptions.rate("--limit-rate", bad)).isInstanceOf(CurlException.class)
                    .satisfies(e -> assertThat(((CurlException) e).warnings()).containsExactly("invalid number specified for rate"));
        }
        assertThatThrownBy(() -> CurlTlsOptions.rate("--limit-rate", "99999999999G")).isInstanceOf(CurlException.class)
                .hasMessage("option --limit-rate: too large number");
        assertThat(CurlTlsOptions.rate("o", " +5")).isEqualTo(5);
        assertThat(CurlTlsOptions.cipherList("BOGUS:ECDHE-ECDSA-AES128-GCM-SHA256,AES128-SHA")).containsExactly(0xc02b, 0x002f);
        assertThat(CurlTlsOptions.cipherList("DEFAULT:!AES128-SHA")).hasSize(26).doesNotContain(0x002f);
        assertThat(CurlTlsOptions.cipherList("BOGUS")).isNull();
        assertThat(CurlTlsOptions.tls13List("TLS_CHACHA20_POLY1305_SHA256:BOGUS")).containsExactly(0x1303);
    }
}
