package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.JavaLeaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Scenarios as an attacker writes them: the examples, mutated at random (seeded, so a failure
 * replays) with wrong types, numbers out of range, references to nothing, deleted fields, deep
 * nesting, huge values, duplicated keys and broken syntax ({@link ScenarioMutations#mutate}).
 * {@code minternet check} must load each one or refuse it with exit status 2 and one line that
 * points at a line and column (only a file too large to read has no position), and no case may
 * take long. {@link ScenarioRunFuzzTest} runs the mutated scenarios that check accepts.
 */
class ScenarioFuzzTest {
    static final long SEED = 0x5afe_9L;
    static final int CASES_PER_EXAMPLE = 24;
    /** A case that takes longer than this is a hang in the making. */
    static final Duration PER_CASE = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static List<Path> examples;

    @BeforeAll
    static void copyExamples() throws IOException {
        ScenarioMutations.copyTree(Path.of("examples"), dir);
        examples = ScenarioMutations.examples(Path.of("examples"));
    }

    @Test
    void mutated_examples_load_or_are_refused_with_one_positioned_line() throws Exception {
        Random rnd = new Random(SEED);
        int refused = 0;
        int cases = 0;
        for (Path example : examples) {
            String original = Files.readString(example);
            for (int i = 0; i < CASES_PER_EXAMPLE; i++) {
                Node root = ScenarioMutations.parse(original);
                String what = ScenarioMutations.mutate(root, rnd);
                String text = ScenarioMutations.print(root);
                if (what.equals("syntax")) {
                    text = ScenarioMutations.breakText(text, rnd);
                }
                Path f = dir.resolve(example.getFileName().toString().replace(".yaml", "-" + i + ".yaml"));
                Files.writeString(f, text);
                String label = f.getFileName() + " (" + what + ")";
                CliTest.Outcome o = assertTimeoutPreemptively(PER_CASE, () -> CliTest.exec("check", f.toString()), label);
                cases++;
                Files.delete(f);
                if (o.code() == 0) {
                    continue;
                }
                refused++;
                assertThat(o.code()).as(label + ": " + o.err()).isEqualTo(2);
                String line = o.err().strip();
                assertThat(line).as(label).doesNotContain("\n").doesNotContain("\u001b");
                Matcher m = Pattern.compile(Pattern.quote(f.toString()) + ":(\\d+):(\\d+): \\S.*").matcher(line);
                if (!m.matches()) {
                    assertThat(line).as(label + ": only a file too large to read has no position")
                            .startsWith(f + ": the file is ");
                } else {
                    assertThat(Integer.parseInt(m.group(1))).as(label).isPositive();
                    assertThat(Integer.parseInt(m.group(2))).as(label).isPositive();
                }
                assertThat(JavaLeaks.in(line)).as(label + ": " + line).isFalse();
            }
        }
        assertThat(cases).isEqualTo(examples.size() * CASES_PER_EXAMPLE);
        assertThat(refused).as("most mutations break the scenario").isGreaterThan(cases / 2);
    }
}
