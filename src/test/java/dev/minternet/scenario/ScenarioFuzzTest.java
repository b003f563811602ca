package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.JavaLeaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Present;
import org.snakeyaml.engine.v2.api.lowlevel.Serialize;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Scenarios as an attacker writes them: the examples, mutated at random (seeded, so a failure
 * replays) with wrong types, numbers out of range, references to nothing, deleted fields, deep
 * nesting, huge values, duplicated keys and broken syntax. {@code minternet check} must load each
 * one or refuse it with exit status 2 and one line that points at a line and column (only a file
 * too large to read has no position), and no case may take long.
 */
class ScenarioFuzzTest {
    static final long SEED = 0x5afe_9L;
    static final int CASES_PER_EXAMPLE = 24;
    /** A case that takes longer than this is a hang in the making. */
    static final Duration PER_CASE = Duration.ofSeconds(10);

    static final List<String> NUMBERS = List.of("-1", "0", "99999999999999999999", "1e400", "NaN", "-0.5", "65536",
            "4294967296", "1.5.2", "9999999999h", "0.0000001ns", "100%%", "1e-9s", "-5ms", "0x10", "");
    static final List<String> NAMES = List.of("ghost", "ghost:eth9 10.9.9.9/24", "nosuch.example.", "ghost:5432",
            "\u001b[31mred", "..", "/etc/passwd", "a b c", "default via 10.99.99.99", "300.1.1.1/24");

    @TempDir
    static Path dir;
    static List<Path> examples;

    @BeforeAll
    static void copyExamples() throws IOException {
        Path from = Path.of("examples");
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path to = dir.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        try (Stream<Path> yaml = Files.list(from)) {
            examples = yaml.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** One place in the tree: a node and how to put another in its place (or take it out). */
    record Spot(Node node, List<Node> seq, List<NodeTuple> map, int index) {
        void replace(Node n) {
            if (seq != null) {
                seq.set(index, n);
            } else if (map != null) {
                map.set(index, new NodeTuple(map.get(index).getKeyNode(), n));
            }
        }
    }

    static void spots(Node n, List<Spot> out) {
        if (n instanceof SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) {
                out.add(new Spot(s.getValue().get(i), s.getValue(), null, i));
                spots(s.getValue().get(i), out);
            }
        } else if (n instanceof MappingNode m) {
            for (int i = 0; i < m.getValue().size(); i++) {
                out.add(new Spot(m.getValue().get(i).getValueNode(), null, m.getValue(), i));
                spots(m.getValue().get(i).getValueNode(), out);
            }
        }
    }

    static ScalarNode scalar(String v) {
        return new ScalarNode(Tag.STR, v, ScalarStyle.PLAIN);
    }

    static Node nest(int levels, Node inner) {
        Node n = inner;
        for (int i = 0; i < levels; i++) {
            n = new SequenceNode(Tag.SEQ, new ArrayList<>(List.of(n)), FlowStyle.FLOW);
        }
        return n;
    }

    /** Applies one random mutation; returns its name (for the failure message). */
    static String mutate(Node root, Random rnd) {
        List<Spot> spots = new ArrayList<>();
        spots(root, spots);
        Spot s = spots.get(rnd.nextInt(spots.size()));
        switch (rnd.nextInt(9)) {
            case 0 -> {
                s.replace(rnd.nextBoolean() ? new MappingNode(Tag.MAP, new ArrayList<>(List.of(new NodeTuple(scalar("x"),
                        scalar("1")))), FlowStyle.FLOW) : new SequenceNode(Tag.SEQ, new ArrayList<>(List.of(scalar("1"))),
                        FlowStyle.FLOW));
                return "wrong type";
            }
            case 1 -> {
                s.replace(scalar(NUMBERS.get(rnd.nextInt(NUMBERS.size()))));
                return "number out of range";
            }
            case 2 -> {
                s.replace(scalar(NAMES.get(rnd.nextInt(NAMES.size()))));
                return "dangling reference";
            }
            case 3 -> {
                if (s.map() != null) {
                    s.map().remove(s.index());
                } else {
                    s.seq().remove(s.index());
                }
                return "deleted";
            }
            case 4 -> {
                s.replace(nest(rnd.nextBoolean() ? 5 : 500, s.node()));
                return "nested";
            }
            case 5 -> {
                if (s.seq() != null) {
                    for (int i = 0; i < 10_001; i++) {
                        s.seq().add(s.node());
                    }
                    return "list item repeated 10,001 times";
                }
                s.replace(scalar("z".repeat(rnd.nextBoolean() ? 100_000 : 4_000_000)));
                return "huge value";
            }
            case 6 -> {
                if (s.map() != null) {
                    s.map().add(s.map().get(s.index()));
                    return "duplicate key";
                }
                s.replace(scalar("\u0007\u001b]0;title\u0007"));
                return "control characters";
            }
            case 7 -> {
                s.replace(new ScalarNode(Tag.NULL, "", ScalarStyle.PLAIN));
                return "no value";
            }
            default -> {
                return "syntax";
            }
        }
    }

    /** Breaks the text itself: a stray indicator, a tab, an anchor, a truncation. */
    static String breakText(String text, Random rnd) {
        int at = rnd.nextInt(text.length());
        String[] junk = {":", "{", "[", "\"", "\t", "&a ", "*nope ", "!!binary ", "%YAML 1.1\n", "- ", "? ", "\u0000", "|"};
        return rnd.nextInt(4) == 0 ? text.substring(0, at) : text.substring(0, at) + junk[rnd.nextInt(junk.length)]
                + text.substring(at);
    }

    @Test
    void mutated_examples_load_or_are_refused_with_one_positioned_line() throws Exception {
        Random rnd = new Random(SEED);
        LoadSettings load = LoadSettings.builder().setCodePointLimit(Integer.MAX_VALUE).build();
        DumpSettings dump = DumpSettings.builder().build();
        int refused = 0;
        int cases = 0;
        for (Path example : examples) {
            String original = Files.readString(example);
            for (int i = 0; i < CASES_PER_EXAMPLE; i++) {
                Node root = new Compose(load).composeString(original).orElseThrow();
                String what = mutate(root, rnd);
                String text = new Present(dump).emitToString(new Serialize(dump).serializeOne(root).iterator());
                if (what.equals("syntax")) {
                    text = breakText(text, rnd);
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
