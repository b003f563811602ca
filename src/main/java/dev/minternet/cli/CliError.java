package dev.minternet.cli;

/**
 * A failure to report as one line, {@code minternet: MESSAGE}, with exit status 2 (the command
 * line asks for something impossible) or 1 (the command ran and failed).
 */
final class CliError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int exitCode;

    private CliError(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** A bad command line: exit status 2. */
    static CliError usage(String message) {
        return new CliError(2, message);
    }

    /** The command failed while running: exit status 1. */
    static CliError runtime(String message) {
        return new CliError(1, message);
    }
}
