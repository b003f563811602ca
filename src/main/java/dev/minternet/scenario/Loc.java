package dev.minternet.scenario;

/** Where something was written in a scenario: file, 1-based line and column. */
public record Loc(String file, int line, int column) {
    public static final Loc NONE = new Loc("<built-in>", 0, 0);

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
