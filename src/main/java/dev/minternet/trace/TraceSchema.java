package dev.minternet.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every catalog of a build, looked up by layer and kind: types the events of a trace read back
 * ({@link JsonLinesReader}) so that a post-processing tool reads them with the same constants the
 * emitters used.
 */
public final class TraceSchema {
    private final List<Catalog> catalogs;
    private final Map<String, List<EventType>> byKind = new LinkedHashMap<>();

    private TraceSchema(List<Catalog> catalogs) {
        this.catalogs = List.copyOf(catalogs);
        Map<String, Catalog> layers = new LinkedHashMap<>();
        for (Catalog c : catalogs) {
            if (layers.put(c.layer(), c) != null) {
                throw new IllegalArgumentException("two catalogs for layer " + c.layer());
            }
            for (EventType t : c.events()) {
                byKind.computeIfAbsent(key(t.layer(), t.kind()), k -> new ArrayList<>()).add(t);
            }
        }
    }

    /** A schema of {@code catalogs}; each layer may have one catalog. */
    public static TraceSchema of(List<Catalog> catalogs) {
        return new TraceSchema(catalogs);
    }

    /** A schema that knows no event: everything read back stays untyped. */
    public static TraceSchema empty() {
        return new TraceSchema(List.of());
    }

    public List<Catalog> catalogs() {
        return catalogs;
    }

    /** Every event type of every catalog, in catalog then declaration order. */
    public List<EventType> types() {
        List<EventType> out = new ArrayList<>();
        for (Catalog c : catalogs) {
            out.addAll(c.events());
        }
        return out;
    }

    /** The type of an event with this layer, kind and field names (in order), or null. */
    EventType resolve(String layer, String kind, List<String> names) {
        List<EventType> candidates = byKind.get(key(layer, kind));
        if (candidates != null) {
            for (EventType t : candidates) {
                if (t.positions(names) != null) {
                    return t;
                }
            }
        }
        return null;
    }

    private static String key(String layer, String kind) {
        return layer + '\u0000' + kind;
    }
}
