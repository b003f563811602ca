package dev.minternet.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The event catalog of one trace layer: every {@link EventType} the layer emits, declared as
 * constants in the layer's own package (for example {@code ip.IpEvents}), so that emitters and
 * readers share one definition and imports point down the stack. The list of every catalog lives
 * at the top of the stack ({@code cli.EventCatalogs}), from which {@code docs/trace.md} is generated
 * and a trace read back is typed.
 */
public final class Catalog {
    private final String layer;
    private final String doc;
    private final List<EventType> events = new ArrayList<>();

    /** A catalog for the events of {@code layer} (the JSON's {@code layer} value); {@code doc} says who emits them. */
    public Catalog(String layer, String doc) {
        if (layer == null || layer.isEmpty()) {
            throw new IllegalArgumentException("a catalog needs a layer name");
        }
        this.layer = layer;
        this.doc = doc;
    }

    /**
     * Declares an event type of this layer: {@code kind}, a one-line doc, and its fields in the order
     * they are emitted (mark a field {@link Field#optional()} when some events leave it out).
     */
    public EventType event(String kind, String doc, Field<?>... fields) {
        EventType t = new EventType(this, layer, kind, doc, fields);
        for (EventType other : events) {
            if (other.kind().equals(kind)) {
                for (List<String> shape : t.shapes()) {
                    if (other.positions(shape) != null) {
                        throw new IllegalArgumentException(t + ": its fields " + shape + " also fit another " + other
                                + " " + other.fields() + "; a trace read back could not tell them apart");
                    }
                }
                for (List<String> shape : other.shapes()) {
                    if (t.positions(shape) != null) {
                        throw new IllegalArgumentException(t + ": another " + other + " with fields " + shape
                                + " would read back as this one");
                    }
                }
            }
        }
        events.add(t);
        return t;
    }

    public String layer() {
        return layer;
    }

    public String doc() {
        return doc;
    }

    /** The event types in declaration order. */
    public List<EventType> events() {
        return Collections.unmodifiableList(events);
    }

    @Override
    public String toString() {
        return layer;
    }
}
