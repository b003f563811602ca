package dev.minternet.trace;

/**
 * One structured event: at simulated time {@code time} (ns), on {@code node}, an event of
 * {@code type} (its layer, kind and fields come from the layer's catalog) with {@code values} in
 * the type's field order (null for an optional field left out). Read fields with
 * {@link #get(Field)}, the same constants the emitter used; the same reads work on events read
 * back from a JSON-lines trace.
 */
public record TraceEvent(long time, String node, EventType type, Object[] values) {
    // the record's own equals and hashCode (the values array by identity), written out: no invokedynamic
    // linked at first use, and the narration's sets of thousands of events hash in plain code (RecordValuesTest)
    @Override
    public boolean equals(Object other) {
        return other instanceof TraceEvent o && time == o.time && java.util.Objects.equals(node, o.node)
                && java.util.Objects.equals(type, o.type) && java.util.Objects.equals(values, o.values);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(time);
        h = 31 * h + java.util.Objects.hashCode(node);
        h = 31 * h + java.util.Objects.hashCode(type);
        return 31 * h + java.util.Objects.hashCode(values);
    }

    /** Whether this event is of type {@code t}. */
    public boolean is(EventType t) {
        return type == t;
    }

    /** Whether this event is of any of {@code ts}. */
    public boolean isAny(EventType... ts) {
        for (EventType t : ts) {
            if (type == t) {
                return true;
            }
        }
        return false;
    }

    /** Whether this event is one of {@code c}'s (any kind of that layer). */
    public boolean in(Catalog c) {
        return type.catalog() == c;
    }

    /**
     * The value of {@code f}, as the field's Java type (Long, Double, Boolean, String), or null when
     * the field is optional and this event left it out.
     *
     * @throws IllegalArgumentException when this event's type has no field {@code f}: test
     *     {@link #is} first
     */
    public <T> T get(Field<T> f) {
        int i = type.indexOf(f);
        if (i < 0) {
            throw new IllegalArgumentException(type + " has no field " + f.name() + " " + type.fields());
        }
        return f.base().read(values[i]);
    }

    /** The value of integer field {@code f}; it must be present. */
    public long num(Field<Long> f) {
        Long v = get(f);
        if (v == null) {
            throw new IllegalArgumentException(type + ": field " + f.name() + " is absent");
        }
        return v;
    }

    /** Whether optional field {@code f} is present. */
    public boolean has(Field<?> f) {
        int i = type.indexOf(f);
        return i >= 0 && values[i] != null;
    }

    /** The event as its JSON line. */
    @Override
    public String toString() {
        return JsonLinesSink.toJson(this);
    }
}
