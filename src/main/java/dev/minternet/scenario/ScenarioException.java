package dev.minternet.scenario;

/**
 * A scenario that cannot be loaded. The message is one line:
 * {@code file:line:column: field.path: what is wrong (what is allowed)}; a file that cannot be
 * opened at all is {@code minternet: no such file: file} ({@link #cannotOpen}).
 */
public final class ScenarioException extends Exception {
    private final Loc loc;
    private final String path;
    private final String problem;

    /**
     * The problem and the field path are shown as {@link Visible#escape} shows text: a scenario is
     * untrusted, and a name or value quoted from it (an unknown node, a bad interface name, a map
     * key) must not carry terminal control sequences into the one-line error.
     */
    public ScenarioException(Loc loc, String path, String problem) {
        this(message(loc, Visible.escape(path), Visible.escape(problem)), loc, Visible.escape(path), Visible.escape(problem));
    }

    private static String message(Loc loc, String path, String problem) {
        return loc + ": " + (path == null || path.isEmpty() ? "" : path + ": ") + problem;
    }

    private ScenarioException(String message, Loc loc, String path, String problem) {
        super(message, null, false, false);
        this.loc = loc;
        this.path = path;
        this.problem = problem;
    }

    /**
     * A scenario file that cannot be opened (missing, a directory, not readable): a problem with
     * the command line rather than with a scenario, so it reads as the command's own error,
     * {@code minternet: no such file: FILE}.
     */
    public static ScenarioException cannotOpen(String file, String why) {
        return new ScenarioException("minternet: " + why + ": " + file, Loc.file(file), "", why);
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
