package dev.minternet.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one JSON object per line: {"t":ns,"node":..,"layer":..,"kind":.., fields in the order of
 * the event's type}; an optional field the emitter left out (null) is not written. Field order is
 * fixed by the catalog, so the same run gives byte-identical files.
 */
public final class JsonLinesSink implements TraceSink {
    private final BufferedWriter out;

    public JsonLinesSink(OutputStream os) {
        this.out = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public void accept(TraceEvent e) {
        try {
            out.write(toJson(e));
            out.write('\n');
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    public static String toJson(TraceEvent e) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"t\":").append(e.time());
        sb.append(",\"node\":");
        str(sb, e.node());
        sb.append(",\"layer\":");
        EventType type = e.type();
        str(sb, type.layer());
        sb.append(",\"kind\":");
        str(sb, type.kind());
        Object[] values = e.values();
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null && type.isOptional(i)) {
                continue;
            }
            sb.append(',');
            str(sb, type.field(i).name());
            sb.append(':');
            if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else if (v == null) {
                sb.append("null");
            } else {
                str(sb, v.toString());
            }
        }
        return sb.append('}').toString();
    }

    /** Appends {@code s} as a JSON string (RFC 8259 section 7), for the other JSON writers too. */
    public static void str(StringBuilder sb, String s) {
        str(sb, s, false);
    }

    /**
     * Appends {@code s} as a JSON string (RFC 8259 section 7): quotes, backslashes and control
     * characters escaped. {@code scriptSafe} also writes backspace and form feed as {@code \b} and
     * {@code \f} (the section's two-letter forms, where the trace writes the six-character escapes
     * of U+0008 and U+000C) and escapes U+2028 and U+2029, so that the text is a JavaScript string
     * literal too (the app servers' JSON bodies); both forms are the same JSON.
     */
    public static void str(StringBuilder sb, String s, boolean scriptSafe) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (scriptSafe && c == '\b') {
                        sb.append("\\b");
                    } else if (scriptSafe && c == '\f') {
                        sb.append("\\f");
                    } else if (c < 0x20 || scriptSafe && (c == '\u2028' || c == '\u2029')) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }
}
