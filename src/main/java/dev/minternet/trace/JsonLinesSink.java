package dev.minternet.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one JSON object per line: {"t":ns,"node":..,"layer":..,"kind":.., fields in emit order}.
 * Field order is fixed by the emitter, so the same run gives byte-identical files.
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
        str(sb, e.layer());
        sb.append(",\"kind\":");
        str(sb, e.kind());
        Object[] f = e.fields();
        for (int i = 0; i + 1 < f.length; i += 2) {
            sb.append(',');
            str(sb, String.valueOf(f[i]));
            sb.append(':');
            Object v = f[i + 1];
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

    private static void str(StringBuilder sb, String s) {
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
                    if (c < 0x20) {
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
