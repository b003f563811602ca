package dev.minternet.sim;

import java.util.concurrent.ExecutionException;

/** What a task run on another thread threw, for its taker to rethrow. */
public final class Futures {
    private Futures() {
    }

    /**
     * The failed task's own exception when unchecked ({@code throw Futures.unchecked(e)}); an
     * {@link Error} is thrown from here as it was; a checked one comes wrapped.
     */
    public static RuntimeException unchecked(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }
}
