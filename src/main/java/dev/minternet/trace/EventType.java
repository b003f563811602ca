package dev.minternet.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One kind of trace event: its layer and kind (the JSON's {@code layer} and {@code kind}), its
 * fields in the order they are emitted and written, and a one-line doc. Event types are declared
 * once, in their layer's {@link Catalog}; emitters pass them to {@link Trace#emit} and readers test
 * events with {@link #is} or {@link TraceEvent#is}.
 *
 * <p>Several types may share a layer and kind when the event's shape depends on what happened
 * (an IP drop of a malformed datagram carries different fields from one dropped by a filter);
 * their field lists differ, which is how {@link TraceSchema} tells them apart in a trace read back.
 */
public final class EventType {
    private final Catalog catalog;
    private final String layer;
    private final String kind;
    private final String doc;
    private final Field<?>[] fields;
    private final boolean[] optional;

    EventType(Catalog catalog, String layer, String kind, String doc, Field<?>[] declared) {
        if (kind == null || kind.isEmpty()) {
            throw new IllegalArgumentException(layer + ": an event type needs a kind");
        }
        this.catalog = catalog;
        this.layer = layer;
        this.kind = kind;
        this.doc = doc;
        this.fields = new Field<?>[declared.length];
        this.optional = new boolean[declared.length];
        for (int i = 0; i < declared.length; i++) {
            fields[i] = declared[i].base();
            optional[i] = declared[i].isOptional();
            for (int j = 0; j < i; j++) {
                if (fields[j].name().equals(fields[i].name())) {
                    throw new IllegalArgumentException(this + ": field " + fields[i].name() + " twice");
                }
            }
        }
    }

    /** The type of an event read back from a trace that no catalog describes. */
    static EventType untyped(String layer, String kind, List<String> names) {
        Field<?>[] f = new Field<?>[names.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = Field.any(names.get(i));
        }
        return new EventType(null, layer, kind, "", f);
    }

    public String layer() {
        return layer;
    }

    public String kind() {
        return kind;
    }

    public String doc() {
        return doc;
    }

    /** The catalog that declared this type; null for an event read back that no catalog knows. */
    public Catalog catalog() {
        return catalog;
    }

    /** The fields in emission order. */
    public List<Field<?>> fields() {
        return Collections.unmodifiableList(Arrays.asList(fields));
    }

    /** Field {@code i} in emission order. */
    public Field<?> field(int i) {
        return fields[i];
    }

    public int fieldCount() {
        return fields.length;
    }

    /** Whether field {@code i} may be left out (null at emission, absent from the JSON). */
    public boolean isOptional(int i) {
        return optional[i];
    }

    /** Whether {@code e} is an event of this type. */
    public boolean is(TraceEvent e) {
        return e.type() == this;
    }

    /** Whether {@code other} has the same layer and kind (another shape of the same event). */
    public boolean sameKind(EventType other) {
        return layer.equals(other.layer) && kind.equals(other.kind);
    }

    /** The position of {@code f} among this type's fields, or -1. */
    int indexOf(Field<?> f) {
        Field<?> b = f.base();
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The positions of {@code names} (the keys of a JSON line, in order) among the fields, or null when they are not this type's. */
    int[] positions(List<String> names) {
        int[] at = new int[names.size()];
        int j = 0;
        for (int i = 0; i < fields.length; i++) {
            if (j < at.length && fields[i].name().equals(names.get(j))) {
                at[j++] = i;
            } else if (!optional[i]) {
                return null;
            }
        }
        return j == at.length ? at : null;
    }

    /** The names an event of this type carries when every optional field is present, and when none is. */
    List<List<String>> shapes() {
        List<String> all = new ArrayList<>();
        List<String> required = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            all.add(fields[i].name());
            if (!optional[i]) {
                required.add(fields[i].name());
            }
        }
        return List.of(all, required);
    }

    /** Why {@code values} do not fit this type (count, Java types, nulls), or null when they do. */
    public String check(Object[] values) {
        if (values.length != fields.length) {
            return this + ": " + values.length + " values for " + fields.length + " fields " + fields();
        }
        for (int i = 0; i < fields.length; i++) {
            if (values[i] == null) {
                if (!optional[i]) {
                    return this + ": field " + fields[i].name() + " is null but not optional";
                }
                continue;
            }
            String bad = fields[i].reject(values[i]);
            if (bad != null) {
                return this + ": " + bad;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return layer + " " + kind;
    }
}
