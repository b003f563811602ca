package dev.minternet.services.db;

/**
 * A seed the database refused: the 1-based line of the statement within its seed text and the
 * problem ("CREATE ALIAS is not allowed in a seed (...)"). The message quotes at most the head
 * of a statement (an H2 error names the offending spot), never a whole seed file.
 */
public final class SeedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final String problem;

    SeedException(int line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
        this.problem = problem;
    }

    /** The line of the seed text on which the refused statement starts. */
    public int line() {
        return line;
    }

    /** What is wrong, without the line. */
    public String problem() {
        return problem;
    }
}
