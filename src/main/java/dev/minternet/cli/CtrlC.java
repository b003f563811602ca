package dev.minternet.cli;

import org.jline.utils.Signals;

/**
 * Ctrl-C (SIGINT) while the simulation runs: instead of killing the JVM, it asks the run to stop
 * where it is, so the tools still print their summaries and the captures and the trace are
 * closed whole. A second Ctrl-C ends the process at once (exit status 130), for a run that does
 * not come back. The JVM's own handler is put back on {@link #close}.
 */
final class CtrlC implements AutoCloseable {
    private final Object previous;
    private volatile int presses;

    private CtrlC(Runnable first) {
        previous = Signals.register("INT", () -> {
            if (++presses > 1) {
                Runtime.getRuntime().halt(130);
            }
            first.run();
        });
    }

    /** Handles SIGINT with {@code first} until closed. */
    static CtrlC on(Runnable first) {
        return new CtrlC(first);
    }

    /** Whether Ctrl-C was pressed. */
    boolean pressed() {
        return presses > 0;
    }

    @Override
    public void close() {
        if (previous != null) {
            Signals.unregister("INT", previous);
        }
    }
}
