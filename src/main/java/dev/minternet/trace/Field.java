package dev.minternet.trace;

import java.util.Objects;

/**
 * One named field of a trace event: its name in the JSON-lines trace, the Java type a reader gets
 * ({@link #text} String, {@link #integer} Long, {@link #real} Double, {@link #flag} Boolean), its
 * unit and a one-line doc. Fields are constants in a layer's event catalog; {@link EventType}s list
 * them in emission order, and {@link TraceEvent#get} reads them, so a rename fails to compile.
 *
 * <p>Reads are robust to where the event came from: a live emitter may pass an Integer where the
 * field is a Long, and the JSON reader gives back Longs and Doubles; {@link #read} converts both.
 *
 * @param <T> what {@link TraceEvent#get} returns for this field
 */
public final class Field<T> {
    /** What a field's values are, in JSON terms. */
    public enum Type {
        TEXT("text"), INTEGER("integer"), REAL("real"), BOOLEAN("boolean"), ANY("any");

        private final String docName;

        Type(String docName) {
            this.docName = docName;
        }

        /** The name {@code docs/trace.md} uses. */
        public String docName() {
            return docName;
        }
    }

    private final String name;
    private final Type type;
    private final Unit unit;
    private final String doc;
    /** Non-null for {@link #optional()}: the field this one marks optional. */
    private final Field<T> base;

    private Field(String name, Type type, Unit unit, String doc, Field<T> base) {
        if (name == null || name.isEmpty() || name.equals("t") || name.equals("node") || name.equals("layer") || name.equals("kind")) {
            throw new IllegalArgumentException("field name '" + name + "' is empty or reserved (t, node, layer, kind)");
        }
        this.name = name;
        this.type = type;
        this.unit = Objects.requireNonNull(unit);
        this.doc = Objects.requireNonNull(doc);
        this.base = base;
    }

    /** A text field (String). */
    public static Field<String> text(String name, String doc) {
        return new Field<>(name, Type.TEXT, Unit.NONE, doc, null);
    }

    /** An integer field (Long; emitters may pass int or long). */
    public static Field<Long> integer(String name, Unit unit, String doc) {
        return new Field<>(name, Type.INTEGER, unit, doc, null);
    }

    /** A real-valued field (Double). */
    public static Field<Double> real(String name, Unit unit, String doc) {
        return new Field<>(name, Type.REAL, unit, doc, null);
    }

    /** A true/false field (Boolean). */
    public static Field<Boolean> flag(String name, String doc) {
        return new Field<>(name, Type.BOOLEAN, Unit.NONE, doc, null);
    }

    /** A field the JSON reader found on an event no catalog knows. */
    static Field<Object> any(String name) {
        return new Field<>(name, Type.ANY, Unit.NONE, "", null);
    }

    /**
     * This field as an optional member of an event type: an emitter passes null to leave it out,
     * and the event's JSON then has no such key (for events whose shape depends on the outcome,
     * such as a query's {@code tag} or {@code error}).
     */
    public Field<T> optional() {
        if (base != null) {
            return this;
        }
        return new Field<>(name, type, unit, doc, this);
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public Unit unit() {
        return unit;
    }

    public String doc() {
        return doc;
    }

    boolean isOptional() {
        return base != null;
    }

    /** The field itself, whether or not this is its optional mark. */
    Field<T> base() {
        return base == null ? this : base;
    }

    /** The value {@code v} (as stored in an event, live or read back) as this field's Java type. */
    @SuppressWarnings("unchecked")
    T read(Object v) {
        if (v == null) {
            return null;
        }
        Object out = switch (type) {
            case TEXT -> v instanceof String ? v : null;
            case INTEGER -> v instanceof Long ? v
                    : v instanceof Integer || v instanceof Short || v instanceof Byte ? (Object) ((Number) v).longValue()
                    : v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) ? (Object) d.longValue() : null;
            case REAL -> v instanceof Number n ? (Object) n.doubleValue() : null;
            case BOOLEAN -> v instanceof Boolean ? v : null;
            case ANY -> v;
        };
        if (out == null) {
            throw new IllegalArgumentException("field " + name + ": expected " + type.docName() + ", got " + describe(v));
        }
        return (T) out;
    }

    /** Why a live emitter may not pass {@code v} for this field, or null when it may. */
    String reject(Object v) {
        boolean ok = switch (type) {
            case TEXT -> v instanceof String;
            case INTEGER -> v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
            case REAL -> v instanceof Double || v instanceof Float;
            case BOOLEAN -> v instanceof Boolean;
            case ANY -> true;
        };
        return ok ? null : "field " + name + ": expected " + type.docName() + ", got " + describe(v);
    }

    private static String describe(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
    }

    @Override
    public String toString() {
        return name;
    }
}
