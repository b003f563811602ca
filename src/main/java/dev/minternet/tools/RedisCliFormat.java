package dev.minternet.tools;

import dev.minternet.services.redis.Resp;
import java.nio.charset.StandardCharsets;

/**
 * How redis-cli 7.0 prints a reply: its terminal form ({@code cliFormatReplyTTY}: {@code (integer)
 * 1}, quoted strings with C escapes, {@code (nil)}, numbered and nested aggregates, {@code 1#
 * "k" => "v"} for RESP3 maps, {@code 1~} for sets) and its raw form ({@code --raw}, or when
 * standard output is not a terminal: bare values one per line, an error followed by an empty
 * line). Both return the text with its newlines.
 */
final class RedisCliFormat {
    private RedisCliFormat() {
    }

    /** cliFormatReplyTTY(r, "") */
    static String tty(Resp r) {
        return tty(r, "");
    }

    private static String tty(Resp r, String prefix) {
        if (r instanceof Resp.Error e) {
            return "(error) " + e.text() + "\n";
        }
        if (r instanceof Resp.Simple s) {
            return s.text() + "\n";
        }
        if (r instanceof Resp.Int i) {
            return "(integer) " + i.value() + "\n";
        }
        if (r instanceof Resp.Double d) {
            return "(double) " + d.text() + "\n";
        }
        if (r instanceof Resp.Bulk b) {
            return repr(b.bytes()) + "\n";
        }
        if (r instanceof Resp.Verbatim v) {
            return new String(v.bytes(), StandardCharsets.UTF_8) + "\n";
        }
        if (r instanceof Resp.Null) {
            return "(nil)\n";
        }
        if (r instanceof Resp.Bool b) {
            return b.value() ? "(true)\n" : "(false)\n";
        }
        Resp.Agg a = (Resp.Agg) r;
        int n = a.elements().size();
        if (n == 0) {
            switch (a.kind()) {
                case MAP: return "(empty hash)\n";
                case SET: return "(empty set)\n";
                case PUSH: return "(empty push)\n";
                default: return "(empty array)\n";
            }
        }
        boolean map = a.kind() == Resp.Kind.MAP;
        int idxlen = Integer.toString(map ? n / 2 : n).length();
        String childPrefix = prefix + " ".repeat(idxlen + 2);
        char numsep = a.kind() == Resp.Kind.SET ? '~' : map ? '#' : ')';
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int human = (map ? i / 2 : i) + 1;
            out.append(i == 0 ? "" : prefix).append(String.format("%" + idxlen + "d", human)).append(numsep).append(' ');
            out.append(tty(a.elements().get(i), childPrefix));
            if (map) {
                i++;
                out.setLength(out.length() - 1); // the key's newline
                out.append(" => ").append(tty(a.elements().get(i), childPrefix));
            }
        }
        return out.toString();
    }

    /** cliFormatReplyRaw(r) followed by the command delimiter, as {@code --raw} prints a reply. */
    static String raw(Resp r) {
        return rawValue(r) + "\n";
    }

    /** cliFormatReplyRaw alone: what INFO prints (its text, without an added newline). */
    static String rawValue(Resp r) {
        if (r instanceof Resp.Error e) {
            return e.text() + "\n";
        }
        if (r instanceof Resp.Simple s) {
            return s.text();
        }
        if (r instanceof Resp.Int i) {
            return Long.toString(i.value());
        }
        if (r instanceof Resp.Double d) {
            return d.text();
        }
        if (r instanceof Resp.Bulk b) {
            return new String(b.bytes(), StandardCharsets.UTF_8);
        }
        if (r instanceof Resp.Verbatim v) {
            return new String(v.bytes(), StandardCharsets.UTF_8);
        }
        if (r instanceof Resp.Null) {
            return "";
        }
        if (r instanceof Resp.Bool b) {
            return b.value() ? "(true)" : "(false)";
        }
        Resp.Agg a = (Resp.Agg) r;
        StringBuilder out = new StringBuilder();
        boolean map = a.kind() == Resp.Kind.MAP;
        for (int i = 0; i < a.elements().size(); i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(rawValue(a.elements().get(i)));
            if (map) {
                out.append(' ').append(rawValue(a.elements().get(++i)));
            }
        }
        return out.toString();
    }

    /** cliFormatReplyCSV: quoted strings, bare numbers, NULL, true/false, ERROR,"..."; aggregates flattened with commas. */
    static String csv(Resp r) {
        if (r instanceof Resp.Error e) {
            return "ERROR," + repr(e.text().getBytes(StandardCharsets.UTF_8));
        }
        if (r instanceof Resp.Simple s) {
            return repr(s.text().getBytes(StandardCharsets.UTF_8));
        }
        if (r instanceof Resp.Int i) {
            return Long.toString(i.value());
        }
        if (r instanceof Resp.Double d) {
            return d.text();
        }
        if (r instanceof Resp.Bulk b) {
            return repr(b.bytes());
        }
        if (r instanceof Resp.Verbatim v) {
            return repr(v.bytes());
        }
        if (r instanceof Resp.Null) {
            return "NULL";
        }
        if (r instanceof Resp.Bool b) {
            return b.value() ? "true" : "false";
        }
        StringBuilder out = new StringBuilder();
        for (Resp e : ((Resp.Agg) r).elements()) {
            out.append(out.length() == 0 ? "" : ",").append(csv(e));
        }
        return out.toString();
    }

    /** sdscatrepr: the bytes in double quotes, with \\ \" \n \r \t \a \b and \xNN for the rest of the unprintable. */
    static String repr(byte[] b) {
        StringBuilder s = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            switch (c) {
                case '\\' -> s.append("\\\\");
                case '"' -> s.append("\\\"");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case 7 -> s.append("\\a");
                case '\b' -> s.append("\\b");
                default -> {
                    if (c >= 0x20 && c <= 0x7e) {
                        s.append((char) c);
                    } else {
                        s.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
