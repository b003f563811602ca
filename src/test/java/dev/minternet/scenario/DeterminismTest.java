package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same scenario + same seed = byte-identical output, trace and pcaps; another seed changes random loss. */
class DeterminismTest {
    @TempDir
    Path dir;

    static final String LOSSY = """
            name: lossy
            seed: 5
            routing: global
            nodes: [{name: a, kind: host}, {name: r, kind: router}, {name: b, kind: host}]
            links:
              - {a: a 10.0.0.1/24, b: r 10.0.0.2/24, delay: 1ms, loss: 20%}
              - {a: r 10.0.1.1/24, b: b 10.0.1.2/24, delay: 1ms}
            timeline:
              - {at: 0s, on: b, run: "tcpdump -i eth0 -w b.pcap"}
              - {at: 1s, on: a, run: "ping -c 40 -i 0.1 b"}
              - {at: 6s, on: a, run: "traceroute b"}
            """;

    /** Runs the CLI and returns digests of stdout, the trace and every pcap. */
    Map<String, String> runOnce(Path scenario, String tag, String... extra) throws Exception {
        Path out = dir.resolve(tag);
        Files.createDirectories(out);
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            // --keep-going: a lossy ping or a refused curl is the scenario's point, not a failed run
            String[] base = {"run", scenario.toString(), "--keep-going", "--trace", out.resolve("trace.jsonl").toString(),
                    "--pcap-dir", out.resolve("pcap").toString()};
            String[] args = Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new);
            code = Main.execute(args);
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        return digests(out, buf.toByteArray());
    }

    /** Digests of {@code stdout}, of {@code out}'s trace.jsonl and of every pcap under {@code out/pcap}, and stdout's text. */
    static Map<String, String> digests(Path out, byte[] stdout) throws Exception {
        Map<String, String> digests = new TreeMap<>();
        digests.put("stdout", sha(stdout));
        digests.put("trace", sha(Files.readAllBytes(out.resolve("trace.jsonl"))));
        try (Stream<Path> s = Files.list(out.resolve("pcap"))) {
            for (Path p : s.sorted().toList()) {
                digests.put(p.getFileName().toString(), sha(Files.readAllBytes(p)));
            }
        }
        digests.put("stdout-text", new String(stdout, StandardCharsets.UTF_8));
        return digests;
    }

    /**
     * Runs the CLI in a new JVM (this test's class path, {@code dev.minternet.cli.Main}) with the
     * same arguments as {@link #runOnce} and returns the same digests.
     */
    Map<String, String> forked(Path scenario, String tag) throws Exception {
        Path out = dir.resolve(tag);
        Files.createDirectories(out);
        Path stdout = out.resolve("stdout.txt");
        Path stderr = out.resolve("stderr.txt");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dfile.encoding=UTF-8",
                "-cp", System.getProperty("java.class.path"), "dev.minternet.cli.Main",
                "run", scenario.toString(), "--keep-going", "--trace", out.resolve("trace.jsonl").toString(),
                "--pcap-dir", out.resolve("pcap").toString());
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the forked run took over 300 s");
        }
        assertThat(p.exitValue()).as(Files.readString(stderr)).isZero();
        return digests(out, Files.readAllBytes(stdout));
    }

    @Test
    void a_forked_jvm_writes_the_same_output_trace_and_pcaps_as_this_one() throws Exception {
        // TLS, NAT, a firewall, a load balancer, an app server and a database: identity hash
        // codes, class initialisation order and anything else that differs between JVMs would show
        Path s = Path.of("examples/datacenter.yaml");
        Map<String, String> here = runOnce(s, "here");
        Map<String, String> there = forked(s, "there");
        assertThat(here).hasSizeGreaterThan(10);
        assertThat(here.get("stdout-text")).contains("curl", "HTTP/2 200");
        assertThat(there.get("stdout-text")).isEqualTo(here.get("stdout-text"));
        assertThat(there).isEqualTo(here);
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void the_same_scenario_and_seed_give_identical_bytes_everywhere() throws Exception {
        Path s = dir.resolve("lossy.yaml");
        Files.writeString(s, LOSSY);
        Map<String, String> first = runOnce(s, "one");
        Map<String, String> second = runOnce(s, "two");
        assertThat(first).hasSizeGreaterThan(6).isEqualTo(second);
        assertThat(first.get("stdout-text")).contains("packet loss");

        Map<String, String> hello1 = runOnce(Path.of("examples/hello-internet.yaml"), "h1");
        Map<String, String> hello2 = runOnce(Path.of("examples/hello-internet.yaml"), "h2");
        assertThat(hello1).isEqualTo(hello2);
    }

    @Test
    void another_seed_changes_the_random_loss_pattern() throws Exception {
        Path s = dir.resolve("lossy.yaml");
        Files.writeString(s, LOSSY);
        String a = runOnce(s, "s5").get("stdout-text");
        String b = runOnce(s, "s6", "--seed", "6").get("stdout-text");
        assertThat(lostSequences(a)).isNotEqualTo(lostSequences(b));
        assertThat(lostSequences(a)).isNotEmpty();
    }

    /** icmp_seq numbers that got no reply. */
    static Set<Integer> lostSequences(String out) {
        Set<Integer> lost = new TreeSet<>();
        for (int i = 1; i <= 40; i++) {
            lost.add(i);
        }
        for (String line : out.split("\n")) {
            int k = line.indexOf("icmp_seq=");
            if (k >= 0 && line.contains("bytes from")) {
                lost.remove(Integer.parseInt(line.substring(k + 9).split(" ")[0]));
            }
        }
        return lost;
    }
}
