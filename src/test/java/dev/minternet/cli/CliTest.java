package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line end to end; {@link #exec} runs it in-process with stdout and stderr captured. */
public class CliTest {
    @TempDir
    Path dir;

    public record Outcome(int code, String out, String err) {
    }

    public static Outcome exec(String... args) {
        return run(Main::execute, args);
    }

    /** Like {@link #exec}, through picocli whatever the command line (no plain path). */
    static Outcome parsed(String... args) {
        return run(Main::executeParsed, args);
    }

    /** Like {@link #exec}, with {@code stdin} as what is piped into the command. */
    public static Outcome execWithInput(String stdin, String... args) {
        return run(Main::execute, stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    private static Outcome run(java.util.function.ToIntFunction<String[]> main, String... args) {
        return run(main, new byte[0], args);
    }

    private static Outcome run(java.util.function.ToIntFunction<String[]> main, byte[] stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin)); // by default nothing typed: minternet shell reads to the end
            int code = main.applyAsInt(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    static final String GOOD = """
            name: ok
            nodes:
              - {name: a, kind: host}
              - {name: b, kind: host}
            links:
              - {a: a 10.0.0.1/24, b: b 10.0.0.2/24}
            timeline:
              - {at: 1s, on: a, run: "ping -c 1 b"}
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown field     | bandwith: 1Gbps                      | 6:42 | links[0].bandwith: unknown field 'bandwith'",
                "bad duration      | delay: 5 parsecs                     | 6:49 | links[0].delay",
    })
    void bad_link_fields_give_one_line_errors_with_location_and_exit_2(String what, String field, String loc, String phrase)
            throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, GOOD.replace("b: b 10.0.0.2/24}", "b: b 10.0.0.2/24, " + field + "}"));
        Outcome o = exec("run", f.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").startsWith(f + ":" + loc + ": ");
        if (phrase != null) {
            assertThat(o.err()).contains(phrase);
        }
        assertThat(exec("check", f.toString()).code()).isEqualTo(2);
    }

    @Test
    void missing_link_end_duplicate_address_and_bad_cidr() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, GOOD.replace(", b: b 10.0.0.2/24}", "}"));
        Outcome o = exec("check", f.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).startsWith(f + ":6:5: links[0].b: missing required field 'b'").doesNotContain("\n");

        Files.writeString(f, GOOD.replace("b 10.0.0.2/24", "b 10.0.0.1/24"));
        o = exec("check", f.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains(f + ":6:").contains("10.0.0.1").contains("already used");

        Files.writeString(f, GOOD.replace("b 10.0.0.2/24", "b 10.0.0.2/33"));
        o = exec("run", f.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).startsWith(f + ":6:27: links[0].b: bad address").doesNotContain("\n");
    }

    @Test
    void check_accepts_a_good_scenario_and_rejects_unknown_commands() throws Exception {
        Path f = dir.resolve("good.yaml");
        Files.writeString(f, GOOD);
        Outcome o = exec("check", f.toString());
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("OK (2 nodes, 1 links, 1 timeline entries)");
        Files.writeString(f, GOOD.replace("ping -c 1 b", "pong b"));
        o = exec("check", f.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("unknown command 'pong'").contains("ping");
    }

    @Test
    void check_names_the_timeline_entry_by_its_index() throws Exception {
        Path f = dir.resolve("good.yaml");
        Files.writeString(f, GOOD + "  - {at: 2s, on: b, run: \"pong a\"}\n");
        Outcome o = exec("check", f.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).startsWith(f + ":9:5: timeline[1].run: unknown command 'pong' (available: ");
        Files.writeString(f, GOOD + "  - {at: 2s, on: b, run: \"ping 'a\"}\n");
        assertThat(exec("check", f.toString()).err()).startsWith(f + ":9:5: timeline[1].run: ");
    }

    @Test
    void run_prints_terminal_output_with_time_and_node() throws Exception {
        Path f = dir.resolve("good.yaml");
        Files.writeString(f, GOOD);
        Outcome o = exec("run", f.toString());
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("   1.000000 a $ ping -c 1 b\n", "   1.000000 a | PING b (10.0.0.2) 56(84) bytes of data.\n",
                "1 packets transmitted, 1 received, 0% packet loss");
        assertThat(o.out()).doesNotContain("stats");
    }

    @Test
    void help_is_everywhere() {
        assertThat(exec("--help").out()).contains("run", "check", "bench");
        assertThat(exec("run", "--help").out()).contains("--trace", "--pcap-dir", "--seed");
        assertThat(exec("bench", "manyhosts", "--help").out()).contains("--hosts", "--requests");
    }

    @Test
    void a_missing_file_is_a_clear_error() {
        Outcome o = exec("run", dir.resolve("nope.yaml").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("minternet: no such file: " + dir.resolve("nope.yaml"));
    }
}
