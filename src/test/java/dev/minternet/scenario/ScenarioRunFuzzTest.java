package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertMessageAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.JavaLeaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A scenario that {@code minternet check} accepts must also run (docs/design.md decision 10): the
 * examples with one or two values pushed to an edge ({@link ScenarioMutations#mutateValue}: zero,
 * huge and negative delays, rates, sizes and counts, loss 100%, MTUs, ports, timeline times at and
 * past the end, empty lists, a node linked to itself, a duplicated link, edge arguments in timeline
 * commands, extreme start dates and seeds), seeded so that a failure replays. Each one that check
 * accepts is run: it must end with exit status 0 or 1, print no "internal error" and no Java
 * exception, and write nothing outside its output folder.
 */
class ScenarioRunFuzzTest {
    static final long SEED = 27L;
    static final int CASES_PER_EXAMPLE = 2;
    /** Far more than any case takes on a loaded machine; a run past it is a hang. */
    static final Duration PER_CASE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static List<Path> examples;

    @BeforeAll
    static void copyExamples() throws IOException {
        ScenarioMutations.copyTree(Path.of("examples"), dir.resolve("scenarios"));
        examples = ScenarioMutations.examples(Path.of("examples"));
    }

    /** Every file under {@code root} with its size: what a run must leave as it was. */
    static Map<String, Long> files(Path root) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) {
                    m.put(root.relativize(p).toString(), Files.size(p));
                }
            }
        }
        return m;
    }

    @Test
    void mutated_examples_that_check_accepts_run_without_an_internal_error() throws Exception {
        Path scenarios = dir.resolve("scenarios");
        Map<String, Long> before = files(scenarios);
        int ran = 0;
        for (Path example : examples) {
            String original = Files.readString(example);
            for (int i = 0; i < CASES_PER_EXAMPLE; i++) {
                Random rnd = new Random(SEED * 1_000_003L + example.getFileName().toString().hashCode() * 997L + i);
                Node root = ScenarioMutations.parse(original);
                String what = ScenarioMutations.mutateValue(root, rnd);
                if (rnd.nextBoolean()) {
                    what += "; " + ScenarioMutations.mutateValue(root, rnd);
                }
                Path f = scenarios.resolve(example.getFileName().toString().replace(".yaml", "-run" + i + ".yaml"));
                Files.writeString(f, ScenarioMutations.print(root));
                String label = f.getFileName() + " (" + what + ")";
                if (CliTest.exec("check", f.toString()).code() == 0) {
                    Path out = Files.createDirectories(dir.resolve("out").resolve(f.getFileName().toString()));
                    CliTest.Outcome o = assertTimeoutPreemptively(PER_CASE,
                            () -> CliTest.exec("run", f.toString(), "--out", out.toString(), "--keep-going"), label);
                    ran++;
                    assertThat(o.code()).as(label + ": " + o.err()).isIn(0, 1);
                    assertThat(o.err()).as(label).doesNotContain("internal error");
                    assertThat(JavaLeaks.in(o.out() + o.err())).as(label + ": " + o.err()).isFalse();
                }
                Files.delete(f);
                assertThat(files(scenarios)).as(label + ": nothing written beside the scenario").isEqualTo(before);
            }
        }
        assertThat(ran).as("most value mutations keep a scenario that runs").isGreaterThan(examples.size() / 2);
    }

    // ---- the bugs this fuzzing found, one field each ----

    /** Two hosts on one link, the link's fields from the placeholder on. */
    static final String PAIR = """
            name: t
            nodes:
              - {name: a, kind: host}
              - {name: b, kind: host}
            links:
              - {a: a 10.0.0.1/24, b: b 10.0.0.2/24, delay: DELAY}
            timeline:
              - {at: 1s, on: a, run: "ping -c 1 b"}
            """;

    @Test
    void a_link_delay_past_an_hour_is_refused_at_the_field() {
        String yaml = PAIR.replace("DELAY", "9223372036s");
        assertMessageAt(yaml, "9223372036s", yaml.indexOf("9223372036s"), "links[0].delay",
                "a link's delay must be at most 1h, got 9223372036s");
        String lan = """
                name: t
                nodes:
                  - {name: a, kind: host}
                  - {name: b, kind: host}
                lans:
                  - switch: sw
                    delay: 2h
                    ports: [a 10.0.0.1/24, b 10.0.0.2/24 delay 1000000h]
                """;
        assertMessageAt(lan, "2h", lan.indexOf("2h"), "lans[0].delay", "a link's delay must be at most 1h, got 2h");
        String port = lan.replace("    delay: 2h\n", "");
        assertMessageAt(port, "b 10.0.0.2", port.indexOf("b 10.0.0.2"), "lans[0].ports[1]",
                "a cable's delay must be at most 1h, got 1000000h");
    }

    @Test
    void a_link_delay_of_an_hour_delivers_the_packet_an_hour_later() throws Exception {
        Path f = dir.resolve("hour.yaml");
        Files.writeString(f, PAIR.replace("name: t\n", "name: t\nduration: 3h\n").replace("DELAY", "1h")
                .replace("ping -c 1 b", "ping -c 1 -W 7300 b"));
        CliTest.Outcome o = CliTest.exec("run", f.toString(), "--out", dir.toString());
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).contains("7201.000001 a | 64 bytes from b (10.0.0.2): icmp_seq=1 ttl=64 time=7200000 ms");
    }

    @Test
    void a_duration_past_a_million_hours_is_refused_at_the_field() {
        String yaml = PAIR.replace("name: t\n", "name: t\nduration: 9223372036.854s\n").replace("DELAY", "1ms");
        assertMessageAt(yaml, "9223372036.854s", yaml.indexOf("9223372036.854s"), "duration",
                "must be at most 1000000h (114 years), got 9223372036.854s");
    }

    @Test
    void a_ping_in_the_last_instant_of_the_longest_run_ends_with_the_run() throws Exception {
        Path f = dir.resolve("last.yaml");
        Files.writeString(f, PAIR.replace("name: t\n", "name: t\nduration: 1000000h\n").replace("DELAY", "1h")
                .replace("at: 1s", "at: 3599999999.999s"));
        CliTest.Outcome o = CliTest.exec("run", f.toString(), "--out", dir.toString());
        assertThat(o.code()).as(o.err()).isEqualTo(1);
        assertThat(o.err()).doesNotContain("internal error").contains("a timeline command failed");
        assertThat(o.out()).contains("1 packets transmitted, 0 received, 100% packet loss");
    }
}
