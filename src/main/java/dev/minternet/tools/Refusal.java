package dev.minternet.tools;

/**
 * A bad command line a tool reports in its own words and exit status, without its usage text
 * (dig's "couldn't get address", ss's "wrong state name").
 */
final class Refusal extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    final int code;

    Refusal(String message, int code) {
        super(message);
        this.code = code;
    }
}
