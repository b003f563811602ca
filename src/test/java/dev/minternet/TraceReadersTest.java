package dev.minternet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the typed trace contract (issue 10, item 2): outside the trace package and the layers'
 * event catalogs ({@code *Events.java}), no main or test source reads or writes a trace by the
 * text of its layer, kind or keys, so that renaming an event or a field fails to compile instead
 * of silently emptying a narration step, a plot or a test. A reader tests an event with
 * {@code e.is(XEvents.KIND)} or {@code e.in(XEvents.CATALOG)} and reads it with
 * {@code e.get(XEvents.FIELD)}; a test that needs a trace file writes it with
 * {@code testing.Traces.line} and reads one with {@code testing.Traces.read}. A line that must hold
 * raw trace text (a malformed line for an error test) says why in a {@code // raw trace text:}
 * comment on it or on the line before.
 */
class TraceReadersTest {
    /** One rule: what it catches, and where it applies (main only, or main and test). */
    record Rule(String why, Pattern pattern, boolean mainOnly) {
    }

    static final List<Rule> RULES = List.of(
            new Rule("a trace line's layer or kind key written as text", Pattern.compile("\\\\\"(layer|kind)\\\\\"\\s*:"), false),
            new Rule("an event's layer or kind read by name (test the type with is/in)",
                    Pattern.compile("\\.type\\(\\)\\s*\\.\\s*(layer|kind)\\(\\)|EventType::(layer|kind)"), false),
            new Rule("a catalog declared outside a *Events.java file", Pattern.compile("new\\s+Catalog\\s*\\("), true),
            new Rule("a field's value matched against a literal (declare the value in the catalog, or use the emitter's formatter)",
                    Pattern.compile("\\.get\\(\\w+Events\\.\\w+\\)\\s*\\.(equals|startsWith|endsWith|contains)\\(\\s*\""
                            + "|\"[^\"]*\"\\s*\\.\\s*equals\\(\\s*\\w+\\.get\\(\\w+Events\\."), true));

    private static final String EXEMPT = "// raw trace text:";

    @Test
    void no_reader_matches_the_trace_by_raw_strings() throws IOException {
        List<String> found = new ArrayList<>();
        for (String root : List.of("src/main/java", "src/test/java")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    String rel = p.toString().replace('\\', '/');
                    if (!governed(rel)) {
                        continue;
                    }
                    found.addAll(violations(rel, Files.readString(p), root.equals("src/main/java")));
                }
            }
        }
        assertThat(found).as("trace read by raw strings outside the catalogs").isEmpty();
    }

    @Test
    void the_rules_catch_the_readers_of_before_the_catalog() {
        String before = """
                if (l.equals("tcp") && e.type().kind().equals("send")) {
                if (e.get(TcpEvents.FLAGS).startsWith("SYN")) {
                if ("SYN,ACK".equals(e.get(TcpEvents.FLAGS))) {
                Files.writeString(trace, "{\\"t\\":0,\\"node\\":\\"a\\",\\"layer\\":\\"ip\\"}");
                static final Catalog C = new Catalog("demo", "");
                """;
        assertThat(violations("src/main/java/dev/minternet/browser/X.java", before, true)).hasSize(5);
        assertThat(violations("src/test/java/dev/minternet/browser/XTest.java", before, false)).hasSize(2);
        String exempt = "// raw trace text: a malformed line\nwrite(\"{\\\"t\\\":\\\"noon\\\",\\\"layer\\\":\\\"tcp\\\"}\");\n";
        assertThat(violations("src/test/java/dev/minternet/cli/XTest.java", exempt, false)).isEmpty();
        String typed = "if (e.is(TcpEvents.SEND) && TcpPacket.flagString(TcpPacket.SYN).equals(e.get(TcpEvents.FLAGS))) {\n";
        assertThat(violations("src/main/java/dev/minternet/browser/X.java", typed, true)).isEmpty();
    }

    @Test
    void the_trace_package_and_the_catalogs_are_the_only_exceptions() {
        assertThat(governed("src/main/java/dev/minternet/trace/JsonLinesSink.java")).isFalse();
        assertThat(governed("src/test/java/dev/minternet/trace/JsonLinesReaderTest.java")).isFalse();
        assertThat(governed("src/main/java/dev/minternet/transport/tcp/TcpEvents.java")).isFalse();
        assertThat(governed("src/main/java/dev/minternet/browser/TcpNarration.java")).isTrue();
        assertThat(governed("src/main/java/dev/minternet/cli/PlotCommand.java")).isTrue();
        assertThat(governed("src/test/java/dev/minternet/tools/PingTest.java")).isTrue();
    }

    /** Whether the file at {@code rel} must read the trace through the catalogs. */
    static boolean governed(String rel) {
        return !rel.contains("/dev/minternet/trace/") && !rel.endsWith("Events.java") && !rel.endsWith("/TraceReadersTest.java");
    }

    /** "file:line: why: the line" for every line of {@code text} a rule catches. */
    static List<String> violations(String rel, String text, boolean main) {
        List<String> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(EXEMPT) || i > 0 && lines[i - 1].contains(EXEMPT)) {
                continue;
            }
            for (Rule r : RULES) {
                if ((main || !r.mainOnly()) && r.pattern().matcher(lines[i]).find()) {
                    out.add(rel + ":" + (i + 1) + ": " + r.why() + ": " + lines[i].strip());
                }
            }
        }
        return out;
    }
}
