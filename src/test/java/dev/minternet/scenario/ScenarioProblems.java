package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;

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
}
