package dev.minternet.trace;

/** Receives trace events in simulated-time order. */
@FunctionalInterface
public interface TraceSink {
    void accept(TraceEvent e);

    /** Called once when the run ends. */
    default void close() {
    }
}
