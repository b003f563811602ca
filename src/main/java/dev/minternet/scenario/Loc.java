package dev.minternet.scenario;

/**
 * Where something was written in a scenario: file, 1-based line and column. A problem with the
 * whole file (it is missing, too large, not UTF-8) has line 0 and prints as the file name alone,
 * never as a made-up position {@code file:0:0}.
 */
public record Loc(String file, int line, int column) {
    public static final Loc NONE = new Loc("<built-in>", 0, 0);

    /** The whole file, no position in it. */
    public static Loc file(String file) {
        return new Loc(file, 0, 0);
    }

    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
