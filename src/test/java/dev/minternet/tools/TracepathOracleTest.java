package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real tracepath (iputils 20221126) is the judge of the layout. It traces 127.0.0.1 on this
 * machine (one hop, "reached"), and in a network namespace whose loopback has an MTU of 1500
 * ({@code unshare -n}, as root) with 2000-byte probes (the "[LOCALHOST]" line, then the hop twice);
 * ours traces a neighbour one hop away over a 1500-byte link with the same options. With the
 * times' digits masked and the real loopback's address and name replaced by the neighbour's
 * (both 9 characters long), the outputs are equal: the prefixes, the 52-wide host column, the
 * time's width, the trailing spaces, the Resume line. Refused command lines print what the real
 * one prints (standard error and output together) and exit with its status.
 */
class TracepathOracleTest {
    static Path tracepath;

    static final String WORLD = """
            name: oracle
            seed: 1
            routing: global
            nodes:
              - {name: a, kind: host}
              - {name: srv-local, kind: host}
            links:
              - {a: a 10.10.0.1/24, b: srv-local 10.10.0.2/24, delay: 1ms}
            timeline:
              - {at: 1s, on: a, run: "tracepath %s 10.10.0.2"}
            """;

    @BeforeAll
    static void tool() {
        tracepath = Oracles.require("tracepath", "iputils-tracepath");
    }

    /**
     * The real tool's standard output and error together, then its exit status on the last line;
     * started as "tracepath" (bash's exec -a), since its messages begin with the name it was called by.
     */
    static String real(List<String> cmd) throws Exception {
        List<String> named = new ArrayList<>(List.of("bash", "-c", "exec -a tracepath \"$0\" \"$@\""));
        named.addAll(cmd);
        return realAsIs(named);
    }

    /** {@link #real} of a command line run as it is. */
    static String realAsIs(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out + "exit " + p.exitValue();
    }

    /** Ours, traced in {@link #WORLD}. */
    static String ours(String options) {
        Runs.Result r = Runs.run(WORLD.formatted(options));
        return String.join("\n", r.terminal("a")) + "\n";
    }

    /** The loopback's address and name as the neighbour's, and every time's digits masked. */
    static String judged(String realOut) {
        return TracepathTest.masked(realOut.replace("127.0.0.1", "10.10.0.2").replace("localhost", "srv-local"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-n -l 1500", "-l 1500", "-b -l 1500", "-n -b -l 1500", "-n -l 1500 -m 1", "-n -l 1500 -p 33000"})
    void a_hop_reached_as_the_real_one_prints_it_on_loopback(String options) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(tracepath.toString());
        cmd.addAll(List.of(options.split(" ")));
        cmd.add("127.0.0.1");
        String real = real(cmd);
        Assumptions.assumeTrue(real.endsWith("exit 0") || Oracles.strict(), "the real tracepath cannot run here: " + real);
        String expected = judged(real.substring(0, real.length() - "exit 0".length()));
        assertThat(TracepathTest.masked(ours(options))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-n -l 2000", "-l 2000", "-n -b -l 2000"})
    void the_localhost_line_then_the_hop_twice_as_in_a_namespace_with_a_1500_byte_loopback(String options) throws Exception {
        Path unshare = Oracles.require("unshare", "util-linux");
        List<String> cmd = new ArrayList<>(List.of(unshare.toString(), "-n", "bash", "-c",
                "ip link set lo up && ip link set lo mtu 1500 && exec -a tracepath \"$@\"", "sh", tracepath.toString()));
        cmd.addAll(List.of(options.split(" ")));
        cmd.add("127.0.0.1");
        String real = realAsIs(cmd);
        Assumptions.assumeTrue(real.endsWith("exit 0") && real.contains("[LOCALHOST]"),
                "no network namespace with a 1500-byte loopback here: " + real);
        String expected = judged(real.substring(0, real.length() - "exit 0".length()));
        assertThat(TracepathTest.masked(ours(options))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-x 10.0.0.1", "--foo 10.0.0.1", "-n -l", "a b", "-h", "-V", "-4 -6 10.0.0.1",
            "-m 300 10.0.0.1", "-l -5 10.0.0.1", "-l abc 10.0.0.1", "-p 70000 10.0.0.1", "-n 10.0.0.1/x",
            "-l 28 10.0.0.1", "-m 256 -x 10.0.0.1", "-6 10.0.0.1", "-4 ::1", "-m 0 10.0.0.1", "-n -m 0 -l 29 10.0.0.1"})
    void refusals_and_empty_runs_print_what_the_real_one_prints(String line) throws Exception {
        List<String> args = line.isEmpty() ? List.of() : List.of(line.split(" "));
        List<String> cmd = new ArrayList<>();
        cmd.add(tracepath.toString());
        cmd.addAll(args);
        Node node = new World(1, Instant.parse("2026-12-06T09:00:00Z")).addHost("h");
        RecordingTerminal term = new RecordingTerminal();
        new Tracepath().start(node, args, term);
        StringBuilder ours = new StringBuilder();
        term.out.forEach(l -> ours.append(l).append('\n'));
        assertThat(ours + "exit " + term.code).isEqualTo(real(cmd));
    }
}
