package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest.Outcome;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code minternet run} as it happens: lines printed when their simulated time is reached, Ctrl-C
 * (SIGINT) that stops the run and still leaves whole captures and a whole trace, the exit status
 * when a timeline command fails, {@code --json}, and the progress line's text ({@code InTmuxTest}
 * shows it on a terminal).
 */
class RunStreamingTest {
    @TempDir
    Path dir;

    /** 60 simulated seconds of a 1 Gbit/s TCP transfer: minutes of wall time unless interrupted. */
    static final String BULK = """
            name: bulk
            duration: 60s
            nodes: [{name: a, kind: host}, {name: b, kind: host}]
            links: [{name: wire, a: a 10.0.0.1/24, b: b 10.0.0.2/24, bandwidth: 1Gbps, delay: 1ms}]
            timeline:
              - {at: 0s, on: a, run: "ping -c 2 b"}
              - {at: 0s, on: b, run: "nc -l -d 5001"}
              - {at: 1s, on: a, run: "nc -b 100000000000 b 5001"}
            """;

    @Test
    @Timeout(240)
    void the_first_line_is_printed_long_before_the_run_ends_and_sigint_leaves_whole_pcaps_and_trace() throws Exception {
        Path tshark = Oracles.tshark();
        Path scenario = dir.resolve("bulk.yaml");
        Files.writeString(scenario, BULK);
        Path trace = dir.resolve("trace.jsonl");
        Path pcaps = dir.resolve("pcaps");
        // env resets SIGINT to its default: a test JVM started in the background by a shell
        // inherits SIGINT ignored, which the JVM keeps (and then never sees the kill below).
        List<String> cmd = List.of("env", "--default-signal=INT", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "run", scenario.toString(), "--trace", trace.toString(),
                "--pcap-dir", pcaps.toString());
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null")).redirectError(dir.resolve("err").toFile()).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = r.readLine();
            assertThat(first).isEqualTo("   0.000000 a $ ping -c 2 b");
            assertThat(p.isAlive()).as("the run goes on after its first line was printed").isTrue();
            String line;
            while ((line = r.readLine()) != null && !line.contains("$ nc -b")) {
                out.append(line).append('\n');
            }
            assertThat(line).as("lines up to 1 s of simulated time arrive while the run goes on").isNotNull();
            Thread.sleep(1000); // let the transfer put packets on the wire and lines in the trace
            assertThat(p.isAlive()).isTrue();
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("err"))).isEqualTo(130);
        assertThat(out.toString()).contains("2 packets transmitted, 2 received").containsPattern("\\* run interrupted \\(Ctrl-C\\)\\n$");
        // the trace: every line one whole JSON object, the interrupted transfer's end included
        List<String> lines = Files.readAllLines(trace);
        assertThat(lines).hasSizeGreaterThan(100).allMatch(l -> l.startsWith("{\"t\":") && l.endsWith("}"));
        assertThat(lines.get(lines.size() - 1)).doesNotContain("\n");
        assertThat(lines).anyMatch(l -> l.contains("\"exit\"") && l.contains("nc -b 100000000000 b 5001"));
        // the captures: tshark reads every packet, none malformed, every checksum good
        for (String f : List.of("a-eth0.pcap", "b-eth0.pcap")) {
            Path pcap = pcaps.resolve(f);
            assertThat(Tshark.count(pcap, "tcp.port == 5001")).as(f).isGreaterThan(100);
            Tshark.assertClean(pcap);
        }
        assertThat(tshark).exists();
    }

    static final String FAILING = InTmuxTest.WORLD + """
            timeline:
              - {at: 1s, on: laptop, run: "ping -c 1 server"}
              - {at: 2s, fail-link: wan}
              - {at: 3s, on: laptop, run: "ping -c 1 -W 1 server"}
            """;

    @Test
    void a_failed_timeline_command_makes_the_run_exit_1_unless_keep_going() throws Exception {
        Path f = dir.resolve("failing.yaml");
        Files.writeString(f, FAILING);
        Outcome o = CliTest.exec("run", f.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).contains("From r (10.0.1.1) icmp_seq=1 Destination Net Unreachable",
                "1 packets transmitted, 0 received, +1 errors, 100% packet loss");
        assertThat(o.err()).isEqualTo("minternet: a timeline command failed, first: laptop$ ping -c 1 -W 1 server (exit 1 at 3.000s);"
                + " --keep-going exits 0\n");
        Outcome kept = CliTest.exec("run", f.toString(), "--keep-going");
        assertThat(kept.code()).isZero();
        assertThat(kept.err()).isEmpty();
        assertThat(kept.out()).isEqualTo(o.out());
        Files.writeString(f, FAILING.replace("-W 1 server", "-W 1 r"));
        assertThat(CliTest.exec("run", f.toString()).code()).isZero();
    }

    @Test
    void json_is_one_deterministic_object_with_the_commands_lines_and_drops() throws Exception {
        Path f = dir.resolve("failing.yaml");
        Files.writeString(f, FAILING);
        Outcome o = CliTest.exec("run", f.toString(), "--json");
        assertThat(o.code()).isEqualTo(1);
        String json = o.out().strip();
        assertThat(json).doesNotContain("\n").startsWith("{\"scenario\":\"shell-test\",\"seed\":3,\"exit\":1,\"interrupted\":false,"
                + "\"simulated_ns\":3010001568,\"events\":");
        assertThat(json).contains(",\"nodes\":3,\"links\":2,\"commands\":["
                + "{\"at_ns\":1000000000,\"node\":\"laptop\",\"command\":\"ping -c 1 server\",\"exit\":0,\"killed\":false},"
                + "{\"at_ns\":3000000000,\"node\":\"laptop\",\"command\":\"ping -c 1 -W 1 server\",\"exit\":1,\"killed\":false}],"
                + "\"lines\":[{\"t\":1000000000,\"node\":\"laptop\",\"mark\":\"$\",\"text\":\"ping -c 1 server\"},"
                + "{\"t\":1000000000,\"node\":\"laptop\",\"mark\":\"|\",\"text\":\"PING server (10.0.2.2) 56(84) bytes of data.\"},");
        assertThat(json).contains("{\"t\":2000000000,\"node\":\"*\",\"mark\":\"*\",\"text\":\"link wan failed (down)\"}")
                .contains("\"links_detail\":[{\"name\":\"lan\",\"sent\":")
                .containsPattern("\\{\"name\":\"wan\",\"sent\":\\d+,\"dropped_queue\":0,\"dropped_loss\":0,\"dropped_down\":\\d+\\}")
                .contains("\"ip_drops\":[{\"node\":\"laptop\",\"ttl_exceeded\":0,")
                .endsWith("}]}");
        assertThat(CliTest.exec("run", f.toString(), "--json").out()).isEqualTo(o.out());
    }

    @Test
    void the_progress_line_tells_simulated_time_events_per_second_and_with_a_duration_the_time_left() {
        long[] last = {20_000_000_000L, 1_000_000, 0};
        assertThat(LiveOutput.status(new long[] {30_000_000_000L, 3_000_000}, last, 1_000_000_000L, 60_000_000_000L))
                .isEqualTo("30.000 s simulated, 2.0 M events/s, 50%, about 3 s left");
        assertThat(last).containsExactly(30_000_000_000L, 3_000_000, 1_000_000_000L);
        assertThat(LiveOutput.status(new long[] {31_000_000_000L, 3_002_500}, last, 1_500_000_000L, -1))
                .isEqualTo("31.000 s simulated, 5.0 k events/s");
    }
}
