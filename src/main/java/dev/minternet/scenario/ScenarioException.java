package dev.minternet.scenario;

/**
 * A scenario that cannot be loaded. The message is one line:
 * {@code file:line:column: field.path: what is wrong (what is allowed)}.
 */
public final class ScenarioException extends Exception {
    private final Loc loc;
    private final String path;
    private final String problem;

    public ScenarioException(Loc loc, String path, String problem) {
        super(loc + ": " + (path == null || path.isEmpty() ? "" : path + ": ") + problem, null, false, false);
        this.loc = loc;
        this.path = path;
        this.problem = problem;
    }

    public Loc loc() {
        return loc;
    }

    /** The field path, e.g. {@code links[2].a}. */
    public String path() {
        return path;
    }

    public String problem() {
        return problem;
    }
}
