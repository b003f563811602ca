package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Runs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request options against the real curl's bytes: for each line of
 * reference/curl-7.88.1/requests/commands.tsv (-e, -0, -G, --data-urlencode, --json,
 * --url-query, -H's place among curl's own fields), the simulated curl sends to {@code nc -l} on
 * the other host exactly what curl 7.88.1 sent for the same arguments (see the folder's README),
 * request line, field order and body.
 */
class CurlRequestOptionsOracleTest {
    static final Path REF = Path.of("src/test/resources/reference/curl-7.88.1/requests");

    @TempDir
    Path dir;

    static Stream<String[]> commands() throws IOException {
        return Files.readAllLines(REF.resolve("commands.tsv")).stream().filter(l -> !l.isBlank()).map(l -> l.split("\t", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void sends_what_curl_sends(String name, String args) throws Exception {
        Files.copy(REF.resolve("f.txt"), dir.resolve("f.txt"));
        Files.copy(REF.resolve("d.json"), dir.resolve("d.json"));
        byte[] raw = Files.readAllBytes(REF.resolve(name + ".http"));
        String expected = new String(raw, StandardCharsets.UTF_8)
                .replace("Host: 127.0.0.1:18080", "Host: b:8080").replace("curl/7.88.1", "curl/8.5.0");
        List<String> actual = sent(dir, args.replace("URL", "http://b:8080"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("boundary=(-{24}[0-9a-f]{16})\r\n").matcher(expected);
        if (m.find()) {
            // -F: curl 8.5's boundary is 24 dashes and 22 letters and digits (7.88.1's 16 hex digits), so its
            // Content-Length is the real one plus 6 per boundary line (the parts' and the closing one)
            String ours = actual.stream().filter(l -> l.startsWith("Content-Type: multipart/form-data; boundary=")).findFirst()
                    .orElseThrow().substring(44);
            assertThat(ours).matches("-{24}[A-Za-z0-9]{22}");
            int lines = expected.split("\r\n--" + m.group(1), -1).length - 1;
            long realLength = Long.parseLong(expected.replaceAll("(?s).*Content-Length: ([0-9]+).*", "$1"));
            expected = expected.replace(m.group(1), ours)
                    .replace("Content-Length: " + realLength, "Content-Length: " + (realLength + 6L * lines));
        }
        List<String> lines = new java.util.ArrayList<>(List.of(expected.split("\r?\n", -1)));
        if (expected.endsWith("\n")) {
            lines.remove(lines.size() - 1); // the terminal's last line ends there
        }
        assertThat(actual).containsExactlyElementsOf(lines);
    }

    /** The lines {@code nc -l 8080} on b prints when a runs {@code curl -s -m 1 -o /dev/null ARGS} (nc's own notes left out). */
    static List<String> sent(Path dir, String args) throws Exception {
        String yaml = Runs.chain(1, "bandwidth: 100Mbps, delay: 1ms", "duration: 10s\n",
                "  - {at: 0s, on: b, run: \"nc -l 8080\"}\n"
                        + "  - {at: 1s, on: a, run: \"curl -s -m 1 -o /dev/null " + args.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n");
        Path file = dir.resolve("nc.yaml");
        Files.writeString(file, yaml);
        Runs.Result r = Runs.run(ScenarioLoader.load(file), dir, false);
        return r.terminal("b").stream().filter(l -> !l.startsWith("nc: ")).toList();
    }
}
