package dev.minternet.tools.grpcurl;

/**
 * Lays compact JSON out as grpcurl prints a response (Go's protojson with a two-space indent):
 * one member or array element a line, {@code "key": value}, and {@code {}} or {@code []} for an
 * empty object or array. Protobuf-java-util's own pretty printer keeps arrays of scalars on one
 * line, which grpcurl does not.
 */
final class GoJson {
    private GoJson() {
    }

    /** {@code compact} must be valid JSON without insignificant whitespace. */
    static String indent(String compact) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            switch (c) {
                case '"' -> {
                    int j = i + 1;
                    while (compact.charAt(j) != '"') {
                        j += compact.charAt(j) == '\\' ? 2 : 1;
                    }
                    out.append(compact, i, j + 1);
                    i = j;
                }
                case '{', '[' -> {
                    char close = c == '{' ? '}' : ']';
                    if (compact.charAt(i + 1) == close) {
                        out.append(c).append(close);
                        i++;
                    } else {
                        out.append(c);
                        depth++;
                        newline(out, depth);
                    }
                }
                case '}', ']' -> {
                    depth--;
                    newline(out, depth);
                    out.append(c);
                }
                case ',' -> {
                    out.append(',');
                    newline(out, depth);
                }
                case ':' -> out.append(": ");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void newline(StringBuilder out, int depth) {
        out.append('\n');
        out.append("  ".repeat(depth));
    }
}
