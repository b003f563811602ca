package dev.minternet.scenario;

/**
 * A run stopped because it reached one of its bounds ({@link RunGuard}): the message is the one
 * line to print after {@code minternet: }, naming the bound and how to raise it.
 */
public final class RunLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunLimitException(String message) {
        super(message, null, false, false);
    }
}
