package dev.minternet.trace;

import dev.minternet.sim.Simulator;
import java.util.ArrayList;
import java.util.List;

/**
 * The trace bus (DESIGN.md decision 7). Components call {@link #emit} only after checking
 * {@link #enabled()}, so a run with no subscriber pays one branch per would-be event.
 */
public final class Trace {
    private final Simulator sim;
    private final List<TraceSink> sinks = new ArrayList<>();
    private TraceSink[] array = new TraceSink[0];

    public Trace(Simulator sim) {
        this.sim = sim;
    }

    public void subscribe(TraceSink sink) {
        sinks.add(sink);
        array = sinks.toArray(new TraceSink[0]);
    }

    public void unsubscribe(TraceSink sink) {
        sinks.remove(sink);
        array = sinks.toArray(new TraceSink[0]);
    }

    public boolean enabled() {
        return array.length != 0;
    }

    /** Emits an event stamped with the current simulated time. */
    public void emit(String node, String layer, String kind, Object... fields) {
        TraceSink[] a = array;
        if (a.length == 0) {
            return;
        }
        TraceEvent e = new TraceEvent(sim.now(), node, layer, kind, fields);
        for (TraceSink s : a) {
            s.accept(e);
        }
    }

    public void close() {
        for (TraceSink s : array) {
            s.close();
        }
    }
}
