package dev.minternet.trace;

import dev.minternet.sim.Simulator;
import java.util.ArrayList;
import java.util.List;

/**
 * The trace bus (docs/design.md decision 7). Components call {@link #emit} only after checking
 * {@link #enabled()}, so a run with no subscriber pays one branch per would-be event. Every event
 * is of an {@link EventType} from its layer's catalog; there is no way to emit one by name.
 *
 * <p>With the system property {@code minternet.trace.check=true} (the test suite sets it) every
 * emission is checked against its type: value count, Java types, nulls only where optional. The
 * flag is a constant, so production runs do not pay for it.
 *
 * <p>A sink may take only some types ({@link #subscribe(TraceSink, EventType...)}): it does not turn
 * the trace on, and only the components that emit those types ask {@link #wants} for them, so the
 * rest of a run pays nothing for it.
 */
public final class Trace {
    /** Whether emissions are checked against their types (tests); read once. */
    static final boolean CHECK = Boolean.getBoolean("minternet.trace.check");

    private final Simulator sim;
    private final List<TraceSink> sinks = new ArrayList<>();
    /** The sinks of every type: while there is one, the trace is on ({@link #enabled}). */
    private TraceSink[] array = new TraceSink[0];
    /** The sinks of some types, and the types each takes ({@link #subscribe(TraceSink, EventType...)}). */
    private final List<TraceSink> partialSinks = new ArrayList<>();
    private final List<EventType[]> partialTypes = new ArrayList<>();
    /** In a world split into regions: the region of a node by name (-1: not a node); else null. */
    private java.util.function.ToIntFunction<String> regionOf;
    /** Run when the trace goes from off to on ({@link #whenEnabled}). */
    private Runnable[] enableHooks = new Runnable[0];
    /** What components of one world share through this trace ({@link #shared}), by type (looked up, never iterated). */
    private final java.util.Map<Class<?>, Object> shared = new java.util.HashMap<>();

    public Trace(Simulator sim) {
        this.sim = sim;
    }

    /**
     * Subscribes a sink to the events of {@code types} only. The trace stays off for everything
     * else: an emitter of one of these types checks {@link #wants} instead of {@link #enabled}.
     */
    public void subscribe(TraceSink sink, EventType... types) {
        partialSinks.add(sink);
        partialTypes.add(types.clone());
    }

    /** Whether an event of {@code type} would reach a sink: the trace is on, or a sink takes that type. */
    public boolean wants(EventType type) {
        if (array.length != 0) {
            return true;
        }
        for (EventType[] types : partialTypes) {
            if (takes(types, type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean takes(EventType[] types, EventType type) {
        for (EventType t : types) {
            if (t == type) {
                return true;
            }
        }
        return false;
    }

    public void subscribe(TraceSink sink) {
        boolean was = enabled();
        sinks.add(sink);
        array = sinks.toArray(new TraceSink[0]);
        if (!was) {
            for (Runnable r : enableHooks) {
                r.run();
            }
        }
    }

    /**
     * Runs {@code r} each time the trace goes from off to on (its first sink subscribes): a
     * component that skips, while nobody traces, work whose only other effect is a trace line
     * still to come (a link's broadcast that a host will ignore, docs/ethernet.md) does it then.
     */
    public void whenEnabled(Runnable r) {
        Runnable[] n = java.util.Arrays.copyOf(enableHooks, enableHooks.length + 1);
        n[enableHooks.length] = r;
        enableHooks = n;
    }

    /** The one object of type {@code type} that the components of this trace's world share, made by {@code make} at first need. */
    public synchronized <T> T shared(Class<T> type, java.util.function.Supplier<T> make) {
        return type.cast(shared.computeIfAbsent(type, k -> make.get()));
    }

    public void unsubscribe(TraceSink sink) {
        int i = partialSinks.indexOf(sink);
        if (i >= 0) {
            partialSinks.remove(i);
            partialTypes.remove(i);
            return;
        }
        sinks.remove(sink);
        array = sinks.toArray(new TraceSink[0]);
    }

    /**
     * In a world split into regions (node.Partitioning): from now on an event that emits for a
     * node of another region than its own is an error (it would race with that node's thread in a
     * partitioned run), so a component whose events land in the wrong region is caught wherever
     * the trace is on, on one thread as on several.
     */
    public void checkRegions(java.util.function.ToIntFunction<String> regionOfNode) {
        this.regionOf = regionOfNode;
    }

    public boolean enabled() {
        return array.length != 0;
    }

    /** Emits an event of {@code type} stamped with the current simulated time; {@code values} in the type's field order. */
    public void emit(String node, EventType type, Object... values) {
        TraceSink[] a = array;
        boolean partial = !partialSinks.isEmpty();
        if (a.length == 0 && !(partial && wants(type))) {
            return;
        }
        if (CHECK) {
            check(type, values);
        }
        TraceEvent e = new TraceEvent(sim.now(), node, type, values);
        if (regionOf != null && sim.firing()) {
            int r = regionOf.applyAsInt(node);
            if (r >= 0 && r != sim.region()) {
                throw new IllegalStateException("an event of region " + sim.region() + " emitted " + type.layer() + "." + type.kind()
                        + " for node " + node + " of region " + r);
            }
        }
        if (sim.partitioned()) {
            // Another thread may be emitting too: the line waits for the window's end, where
            // every thread's lines are merged in the order a sequential run emits them.
            sim.ordered(partial ? () -> {
                deliver(a, e);
                deliverPartial(e);
            } : () -> deliver(a, e));
            return;
        }
        deliver(a, e);
        if (partial) {
            deliverPartial(e);
        }
    }

    /** To the sinks that take the event's type ({@link #subscribe(TraceSink, EventType...)}), in the order they subscribed. */
    private void deliverPartial(TraceEvent e) {
        for (int i = 0; i < partialSinks.size(); i++) {
            if (takes(partialTypes.get(i), e.type())) {
                partialSinks.get(i).accept(e);
            }
        }
    }

    private static void deliver(TraceSink[] a, TraceEvent e) {
        for (TraceSink s : a) {
            s.accept(e);
        }
    }

    /** Throws when {@code values} do not fit {@code type} or the type is not from a catalog. */
    static void check(EventType type, Object[] values) {
        if (type.catalog() == null) {
            throw new IllegalArgumentException(type + ": not a catalog's event type");
        }
        String bad = type.check(values);
        if (bad != null) {
            throw new IllegalArgumentException("trace emission does not fit its type: " + bad);
        }
    }

    public void close() {
        for (TraceSink s : array) {
            s.close();
        }
    }
}
