package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Partitioning;
import dev.minternet.node.World;
import dev.minternet.scenario.Limits;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.ScenarioSplit;
import dev.minternet.scenario.WorldBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code run SCENARIO --threads N} (docs/partitioning.md): examples that are split run without
 * --threads and on 1, 2 and 3 threads and print the same stdout, write the same trace and the same
 * capture of every interface, byte for byte; examples that use what is not audited for regions say
 * why in one line (only when --threads asks for more than one) and print what the run without
 * --threads prints.
 */
class PartitionedScenarioTest {
    @TempDir
    Path dir;

    record Bytes(int code, String out, Map<String, String> files) {
    }

    private Bytes run(String example, String... threads) throws IOException {
        Path d = dir.resolve(example + "-" + (threads.length == 0 ? "plain" : String.join("-", threads)));
        Path trace = d.resolve("trace.jsonl");
        Path pcaps = d.resolve("pcaps");
        String[] base = {"run", "examples/" + example + ".yaml", "--trace", trace.toString(), "--pcap-dir",
                pcaps.toString(), "--keep-going"};
        String[] args = Stream.concat(Stream.of(base), Stream.of(threads)).toArray(String[]::new);
        CliTest.Outcome o = CliTest.exec(args);
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(d)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(d.relativize(p).toString(), sha256(Files.readAllBytes(p))); // short messages when they differ
            }
        }
        return new Bytes(o.code(), o.out(), files);
    }

    private static String sha256(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b))
                    + " (" + b.length + " bytes)";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The split of {@code example}: at least two regions, and two threads get a lookahead. */
    private static int regions(String example) throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("examples/" + example + ".yaml"), Limits.DEFAULT);
        assertThat(ScenarioSplit.refusal(s)).isNull();
        int[] regions = ScenarioSplit.regions(s, ScenarioSplit.REGIONS);
        assertThat(regions).isNotNull();
        World w = WorldBuilder.build(s, regions);
        Partitioning p = Partitioning.of(w);
        assertThat(p.lookahead(2)).isPositive().isLessThan(Long.MAX_VALUE);
        return p.regions();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello-internet", "ospf", "tcp-transfer", "bgp"})
    void a_split_example_writes_the_same_bytes_on_one_two_and_three_threads(String example) throws Exception {
        assertThat(regions(example)).isGreaterThanOrEqualTo(2);
        Bytes one = run(example, "--threads", "1");
        assertThat(one.out()).isNotBlank();
        assertThat(one.files().keySet()).contains("trace.jsonl").anyMatch(f -> f.endsWith(".pcap"));
        Bytes two = run(example, "--threads", "2");
        assertThat(two.out()).isEqualTo(one.out());
        assertThat(two.code()).isEqualTo(one.code());
        assertThat(two.files().keySet()).isEqualTo(one.files().keySet());
        for (String f : one.files().keySet()) {
            assertThat(two.files().get(f)).as(f).isEqualTo(one.files().get(f));
        }
        if (example.equals("ospf")) { // the largest of the four: three threads too
            Bytes three = run(example, "--threads", "3");
            assertThat(three.out()).isEqualTo(one.out());
            assertThat(three.files()).isEqualTo(one.files());
        }
    }

    /**
     * The run without --threads is split the same way (on one thread): it prints and writes what
     * --threads 1 and --threads 2 do, byte for byte, even in the examples where events of two
     * regions tie at the same nanosecond (ospf, tcp-transfer, bgp-multipath, bgp-route-reflector:
     * a world of one region orders those ties otherwise).
     */
    @ParameterizedTest
    @ValueSource(strings = {"hello-internet", "bgp", "ospf", "tcp-transfer", "bgp-multipath", "bgp-route-reflector"})
    void the_run_without_threads_writes_the_same_bytes_as_one_and_two_threads(String example) throws Exception {
        assertThat(regions(example)).isGreaterThanOrEqualTo(2);
        Bytes plain = run(example);
        assertThat(plain.out()).isNotBlank();
        assertThat(plain.files().keySet()).contains("trace.jsonl").anyMatch(f -> f.endsWith(".pcap"));
        for (String n : new String[] {"1", "2"}) {
            Bytes threads = run(example, "--threads", n);
            assertThat(threads.out()).as("stdout, --threads " + n).isEqualTo(plain.out());
            assertThat(threads.code()).isEqualTo(plain.code());
            assertThat(threads.files().keySet()).isEqualTo(plain.files().keySet());
            for (String f : plain.files().keySet()) {
                assertThat(threads.files().get(f)).as(f + ", --threads " + n).isEqualTo(plain.files().get(f));
            }
        }
    }

    @Test
    void a_scenario_with_what_is_not_audited_says_why_and_runs_as_without_threads() throws Exception {
        CliTest.Outcome o = CliTest.exec("run", "examples/lan-switching.yaml", "--threads", "2", "--keep-going",
                "--trace", dir.resolve("t2.jsonl").toString());
        assertThat(o.err()).contains("minternet: --threads 2: LANs (switches, Wi-Fi, DHCP) are not placed in regions yet;"
                + " running on one thread");
        CliTest.Outcome plain = CliTest.exec("run", "examples/lan-switching.yaml", "--keep-going",
                "--trace", dir.resolve("t0.jsonl").toString());
        assertThat(plain.err()).doesNotContain("--threads");
        assertThat(o.out()).isEqualTo(plain.out()).isNotBlank();
        assertThat(Files.readAllBytes(dir.resolve("t2.jsonl"))).isEqualTo(Files.readAllBytes(dir.resolve("t0.jsonl")));
    }
}
