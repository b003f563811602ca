package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/**
 * What every scenario error test asks of a bad scenario (decision 10): one ScenarioException whose
 * message is one line {@code file:line:column: path: problem}, whose location and path are the
 * ones named, and which carries no stack trace.
 */
final class ScenarioProblems {
    private ScenarioProblems() {
    }

    /** The error {@code yaml} (read as {@code bad.yaml}) is refused with; fails when it loads. */
    static ScenarioException problem(String yaml) {
        try {
            Scenario s = ScenarioLoader.parse("bad.yaml", yaml);
            throw new AssertionError("expected a ScenarioException, got " + s);
        } catch (ScenarioException e) {
            return e;
        }
    }

    /** Asserts that {@code yaml} is refused at {@code line}:{@code column}, field {@code path}, with {@code phrase}. */
    static ScenarioException assertProblem(String yaml, int line, int column, String path, String phrase) {
        ScenarioException e = problem(yaml);
        String prefix = "bad.yaml:" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ");
        assertThat(e.getMessage()).startsWith(prefix).contains(phrase).doesNotContain("\n", "\r");
        assertThat(e.loc()).isEqualTo(new Loc("bad.yaml", line, column));
        assertThat(e.path()).isEqualTo(path);
        assertThat(e.getStackTrace()).as("a user error carries no stack trace").isEmpty();
        return e;
    }

    /** Asserts that {@code yaml} is refused with a one-line message {@code bad.yaml:line:column: path: ...phrase...}. */
    static void assertMessage(String yaml, int line, int column, String path, String phrase) {
        assertThat(problem(yaml).getMessage()).startsWith("bad.yaml:" + line + ":" + column + ": " + path + ": ")
                .contains(phrase).doesNotContain("\n");
    }

    /** {@link #assertMessage} at the line and column of character {@code at}, where the test found {@code marker}. */
    static void assertMessageAt(String yaml, String marker, int at, String path, String phrase) {
        assertThat(at).as("marker %s", marker).isGreaterThanOrEqualTo(0);
        int line = 1 + (int) yaml.substring(0, at).chars().filter(c -> c == '\n').count();
        int column = at - yaml.lastIndexOf('\n', at - 1);
        assertMessage(yaml, line, column, path, phrase);
    }

    /** The error scenario file {@code f} is refused with; fails when it loads, or unless the message is one line naming f. */
    static ScenarioException problemIn(Path f) {
        try {
            ScenarioLoader.load(f);
            throw new AssertionError("expected an error");
        } catch (ScenarioException e) {
            assertThat(e.getMessage()).startsWith(f.toString() + ":").doesNotContain("\n");
            return e;
        }
    }
}
