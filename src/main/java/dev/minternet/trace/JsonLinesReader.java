package dev.minternet.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads back what {@link JsonLinesSink} wrote: one flat JSON object per line, whose values are
 * strings, numbers, booleans or null. Numbers without fraction or exponent become Longs, others
 * Doubles. Each event gets its {@link EventType} from the {@link TraceSchema} (layer, kind and
 * field names), so tools that post-process a run (plot) read it with the catalog's constants; an
 * event no catalog describes keeps an untyped type that no constant matches.
 */
public final class JsonLinesReader {
    private JsonLinesReader() {
    }

    /** Streams every event of the file at {@code path}, typed by {@code schema}, to {@code consumer}. */
    public static void read(Path path, TraceSchema schema, Consumer<TraceEvent> consumer) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    consumer.accept(parse(line, schema));
                } catch (IllegalArgumentException e) {
                    throw new IOException(path + ":" + n + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Parses one line written by {@link JsonLinesSink#toJson}, typed by {@code schema}. */
    public static TraceEvent parse(String line, TraceSchema schema) {
        Parser p = new Parser(line);
        p.expect('{');
        long t = -1;
        String node = null;
        String layer = null;
        String kind = null;
        List<String> names = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        boolean first = true;
        while (!p.peek('}')) {
            if (!first) {
                p.expect(',');
            }
            first = false;
            String key = p.string();
            p.expect(':');
            Object v = p.value();
            switch (key) {
                case "t" -> t = ((Number) v).longValue();
                case "node" -> node = (String) v;
                case "layer" -> layer = (String) v;
                case "kind" -> kind = (String) v;
                default -> {
                    names.add(key);
                    values.add(v);
                }
            }
        }
        p.expect('}');
        if (t < 0 || node == null || layer == null || kind == null) {
            throw new IllegalArgumentException("not a trace event (needs t, node, layer, kind): " + line);
        }
        EventType type = schema.resolve(layer, kind, names);
        if (type == null) {
            return new TraceEvent(t, node, EventType.untyped(layer, kind, names), values.toArray());
        }
        Object[] inOrder = new Object[type.fieldCount()];
        int[] at = type.positions(names);
        for (int i = 0; i < at.length; i++) {
            inOrder[at[i]] = values.get(i);
        }
        return new TraceEvent(t, node, type, inOrder);
    }

    private static final class Parser {
        final String s;
        int i;

        Parser(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        boolean peek(char c) {
            skipSpace();
            return i < s.length() && s.charAt(i) == c;
        }

        void expect(char c) {
            skipSpace();
            if (i >= s.length() || s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at column " + (i + 1));
            }
            i++;
        }

        Object value() {
            skipSpace();
            if (i >= s.length()) {
                throw new IllegalArgumentException("value expected at column " + (i + 1));
            }
            char c = s.charAt(i);
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String num = s.substring(start, i);
            if (num.isEmpty()) {
                throw new IllegalArgumentException("unexpected '" + c + "' at column " + (start + 1));
            }
            if (num.indexOf('.') < 0 && num.indexOf('e') < 0 && num.indexOf('E') < 0) {
                return Long.parseLong(num);
            }
            return Double.parseDouble(num);
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'b' -> sb.append('\b'); // RFC 8259 section 7's other two-letter escapes
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
            throw new IllegalArgumentException("unterminated string");
        }
    }
}
