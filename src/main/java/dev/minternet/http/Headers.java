package dev.minternet.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An immutable, ordered list of HTTP header fields. Names compare case-insensitively (RFC 9110
 * section 5.1); order and spelling are kept, since curl -v shows headers as they were sent.
 */
public final class Headers {
    /** One header field. */
    public record Field(String name, String value) {
    }

    public static final Headers EMPTY = new Headers(List.of());

    private final List<Field> fields;

    private Headers(List<Field> fields) {
        this.fields = fields;
    }

    /** Headers from alternating names and values. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must pair up");
        }
        List<Field> l = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            l.add(new Field(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new Headers(Collections.unmodifiableList(l));
    }

    static Headers wrap(List<Field> fields) {
        return new Headers(Collections.unmodifiableList(fields));
    }

    public List<Field> fields() {
        return fields;
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        for (Field f : fields) {
            if (f.name.equalsIgnoreCase(name)) {
                return f.value;
            }
        }
        return null;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /** All values of {@code name}, in order. */
    public List<String> all(String name) {
        List<String> l = new ArrayList<>();
        for (Field f : fields) {
            if (f.name.equalsIgnoreCase(name)) {
                l.add(f.value);
            }
        }
        return l;
    }

    /** These headers plus one more field at the end. */
    public Headers with(String name, String value) {
        List<Field> l = new ArrayList<>(fields);
        l.add(new Field(name, value));
        return wrap(l);
    }

    /** These headers with every {@code name} replaced by one field (in place of the first, else at the end). */
    public Headers set(String name, String value) {
        List<Field> l = new ArrayList<>(fields.size() + 1);
        boolean done = false;
        for (Field f : fields) {
            if (f.name.equalsIgnoreCase(name)) {
                if (!done) {
                    l.add(new Field(f.name, value));
                    done = true;
                }
            } else {
                l.add(f);
            }
        }
        if (!done) {
            l.add(new Field(name, value));
        }
        return wrap(l);
    }

    /** These headers without {@code name}. */
    public Headers without(String name) {
        List<Field> l = new ArrayList<>(fields.size());
        for (Field f : fields) {
            if (!f.name.equalsIgnoreCase(name)) {
                l.add(f);
            }
        }
        return wrap(l);
    }

    /**
     * These headers without the hop-by-hop fields a proxy must not forward (RFC 9110 section
     * 7.6.1): Connection and the fields it names, Keep-Alive, Proxy-Connection, TE,
     * Transfer-Encoding, Upgrade, Proxy-Authenticate, Proxy-Authorization, Trailer.
     */
    public Headers withoutHopByHop() {
        Set<String> drop = HOP_BY_HOP;
        for (String c : all("Connection")) {
            if (drop == HOP_BY_HOP) {
                drop = new HashSet<>(HOP_BY_HOP);
            }
            for (String t : c.split(",")) {
                drop.add(lower(t.trim()));
            }
        }
        List<Field> l = new ArrayList<>(fields.size());
        for (Field f : fields) {
            if (!drop.contains(lower(f.name))) {
                l.add(f);
            }
        }
        return wrap(l);
    }

    /** The hop-by-hop fields every proxy drops, lower case (a copy is made when Connection names more). */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization", "trailer");

    public int size() {
        return fields.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers h && h.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Field f : fields) {
            sb.append(f.name).append(": ").append(f.value).append('\n');
        }
        return sb.toString();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
