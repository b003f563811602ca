package dev.minternet.services.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The values of the REdis Serialization Protocol, RESP2 and RESP3
 * (https://github.com/redis/redis-specification/blob/master/protocol/RESP3.md), and their
 * encoding. A server builds one value per reply and {@link #encode encodes} it for the
 * connection's protocol: RESP3's richer types fall back to their RESP2 forms on a RESP2
 * connection exactly as Redis 7 sends them (a map becomes a flat array of keys and values, a set
 * an array, a push an array, null {@code $-1} or {@code *-1}, a verbatim string a bulk string
 * without its format prefix, a double a bulk string, a boolean an integer).
 */
public sealed interface Resp {
    /** {@code +OK}: a status line (no CR or LF inside). */
    record Simple(String text) implements Resp {
    }

    /** {@code -ERR ...}: an error line; its first word is the error code (ERR, WRONGTYPE, OOM...). */
    record Error(String text) implements Resp {
    }

    /** {@code :42}. */
    record Int(long value) implements Resp {
    }

    /** {@code $5\r\nhello}: binary-safe bytes. */
    record Bulk(byte[] bytes) implements Resp {
        public static Bulk of(String s) {
            return new Bulk(s.getBytes(StandardCharsets.UTF_8));
        }

        public String utf8() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The absent value: RESP3 {@code _}; in RESP2 a null bulk ({@code $-1}) or, with {@code array}, a null array ({@code *-1}). */
    record Null(boolean array) implements Resp {
    }

    /** The kinds of aggregate: RESP3 {@code *}, {@code %} (elements alternate key, value), {@code ~}, {@code >}. */
    enum Kind {
        ARRAY('*'), MAP('%'), SET('~'), PUSH('>');

        final char prefix;

        Kind(char prefix) {
            this.prefix = prefix;
        }
    }

    /** An aggregate; for a map, {@code elements} alternate key and value. */
    record Agg(Kind kind, List<Resp> elements) implements Resp {
        public Agg {
            elements = List.copyOf(elements);
        }
    }

    /** RESP3 {@code #t}/{@code #f}; RESP2 {@code :1}/{@code :0}. */
    record Bool(boolean value) implements Resp {
    }

    /** RESP3 {@code ,1.5} (the text as Redis prints it); RESP2 a bulk string. */
    record Double(String text) implements Resp {
    }

    /** RESP3 {@code =15\r\ntxt:...}; RESP2 a bulk string of the text alone. */
    record Verbatim(String format, byte[] bytes) implements Resp {
    }

    Simple OK = new Simple("OK");

    static Resp array(List<? extends Resp> elements) {
        return new Agg(Kind.ARRAY, new ArrayList<>(elements));
    }

    static Resp bulks(List<byte[]> items) {
        List<Resp> l = new ArrayList<>(items.size());
        for (byte[] b : items) {
            l.add(new Bulk(b));
        }
        return new Agg(Kind.ARRAY, l);
    }

    /** A command as clients send it: an array of bulk strings. */
    static byte[] command(List<String> words) {
        List<Resp> l = new ArrayList<>();
        for (String w : words) {
            l.add(Bulk.of(w));
        }
        return encode(new Agg(Kind.ARRAY, l), 2);
    }

    /** The bytes of {@code v} on a connection speaking protocol {@code proto} (2 or 3). */
    static byte[] encode(Resp v, int proto) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, v, proto >= 3);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Resp v, boolean resp3) {
        if (v instanceof Simple s) {
            line(out, '+', s.text());
        } else if (v instanceof Error e) {
            line(out, '-', e.text());
        } else if (v instanceof Int i) {
            line(out, ':', Long.toString(i.value()));
        } else if (v instanceof Bulk b) {
            bulk(out, '$', b.bytes());
        } else if (v instanceof Null n) {
            line(out, resp3 ? '_' : n.array() ? '*' : '$', resp3 ? "" : "-1");
        } else if (v instanceof Bool b) {
            line(out, resp3 ? '#' : ':', resp3 ? (b.value() ? "t" : "f") : (b.value() ? "1" : "0"));
        } else if (v instanceof Double d) {
            if (resp3) {
                line(out, ',', d.text());
            } else {
                bulk(out, '$', d.text().getBytes(StandardCharsets.US_ASCII));
            }
        } else if (v instanceof Verbatim t) {
            if (resp3) {
                byte[] f = (t.format() + ":").getBytes(StandardCharsets.US_ASCII);
                byte[] all = new byte[f.length + t.bytes().length];
                System.arraycopy(f, 0, all, 0, f.length);
                System.arraycopy(t.bytes(), 0, all, f.length, t.bytes().length);
                bulk(out, '=', all);
            } else {
                bulk(out, '$', t.bytes());
            }
        } else {
            Agg a = (Agg) v;
            char p = resp3 ? a.kind().prefix : '*';
            int n = a.elements().size();
            line(out, p, Integer.toString(resp3 && a.kind() == Kind.MAP ? n / 2 : n));
            for (Resp e : a.elements()) {
                write(out, e, resp3);
            }
        }
    }

    private static void line(ByteArrayOutputStream out, char prefix, String text) {
        out.write(prefix);
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
    }

    private static void bulk(ByteArrayOutputStream out, char prefix, byte[] bytes) {
        line(out, prefix, Integer.toString(bytes.length));
        out.writeBytes(bytes);
        out.write('\r');
        out.write('\n');
    }
}
