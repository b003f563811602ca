package dev.minternet.services.app;

import dev.minternet.trace.JsonLinesSink;
import java.util.regex.Pattern;

/**
 * A tiny dependency-free JSON writer (RFC 8259): keys come out in the order they are written, so
 * the same data always gives the same bytes. Commas are placed automatically.
 *
 * <pre>{@code
 * new Json().beginObject().name("id").number("1").name("name").string("Ada").endObject().toString()
 * // {"id":1,"name":"Ada"}
 * }</pre>
 */
final class Json {
    private final StringBuilder sb = new StringBuilder();
    /** True when the next value in the current container needs a comma before it. */
    private boolean needComma;

    public Json beginObject() {
        comma();
        sb.append('{');
        needComma = false;
        return this;
    }

    public Json endObject() {
        sb.append('}');
        needComma = true;
        return this;
    }

    public Json beginArray() {
        comma();
        sb.append('[');
        needComma = false;
        return this;
    }

    public Json endArray() {
        sb.append(']');
        needComma = true;
        return this;
    }

    /** An object member name; the value written next belongs to it. */
    public Json name(String name) {
        comma();
        JsonLinesSink.str(sb, name, true);
        sb.append(':');
        needComma = false;
        return this;
    }

    public Json string(String s) {
        comma();
        if (s == null) {
            sb.append("null");
        } else {
            JsonLinesSink.str(sb, s, true);
        }
        needComma = true;
        return this;
    }

    /**
     * A number given as its text (e.g. a PostgreSQL numeric); text that is not a JSON number
     * (NaN, Infinity) is written as a string instead.
     */
    public Json number(String text) {
        if (text == null) {
            return nullValue();
        }
        if (!isJsonNumber(text)) {
            return string(text);
        }
        comma();
        sb.append(text);
        needComma = true;
        return this;
    }

    public Json number(long v) {
        comma();
        sb.append(v);
        needComma = true;
        return this;
    }

    public Json bool(boolean b) {
        comma();
        sb.append(b);
        needComma = true;
        return this;
    }

    public Json nullValue() {
        comma();
        sb.append("null");
        needComma = true;
        return this;
    }

    private void comma() {
        if (needComma) {
            sb.append(',');
        }
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /** RFC 8259 section 6: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    static boolean isJsonNumber(String s) {
        return NUMBER.matcher(s).matches();
    }

    private static final Pattern NUMBER =
            Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
}
