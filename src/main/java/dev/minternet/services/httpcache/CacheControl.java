package dev.minternet.services.httpcache;

import dev.minternet.http.Headers;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The directives of a message's {@code Cache-Control} fields (RFC 9111 section 5.2): names
 * compare case-insensitively, a value may be a token or a quoted string, several field lines
 * combine. {@code Pragma: no-cache} on a request without Cache-Control counts as {@code
 * no-cache} (section 5.4).
 */
public final class CacheControl {
    /** A delta-seconds directive that is absent. */
    public static final long ABSENT = -1;
    /** A delta-seconds directive whose value is not a number: the response is treated as stale (section 4.2.1). */
    public static final long INVALID = -2;

    private final Map<String, String> directives;

    private CacheControl(Map<String, String> directives) {
        this.directives = directives;
    }

    /** The directives of {@code h}'s Cache-Control field lines. */
    public static CacheControl of(Headers h) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : h.all("Cache-Control")) {
            parse(line, m);
        }
        if (m.isEmpty()) {
            for (String p : h.all("Pragma")) {
                if (p.trim().equalsIgnoreCase("no-cache")) {
                    m.put("no-cache", "");
                }
            }
        }
        return new CacheControl(m);
    }

    /** The directives of one field value, e.g. {@code public, max-age=60, no-cache="Set-Cookie"}. */
    public static CacheControl parse(String value) {
        Map<String, String> m = new LinkedHashMap<>();
        parse(value, m);
        return new CacheControl(m);
    }

    private static void parse(String s, Map<String, String> into) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            while (i < n && s.charAt(i) != '=' && s.charAt(i) != ',') {
                i++;
            }
            String name = s.substring(start, i).trim().toLowerCase(Locale.ROOT);
            String value = "";
            if (i < n && s.charAt(i) == '=') {
                i++;
                if (i < n && s.charAt(i) == '"') {
                    StringBuilder sb = new StringBuilder();
                    i++;
                    while (i < n && s.charAt(i) != '"') {
                        if (s.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        sb.append(s.charAt(i++));
                    }
                    i++;
                    value = sb.toString();
                } else {
                    int vs = i;
                    while (i < n && s.charAt(i) != ',') {
                        i++;
                    }
                    value = s.substring(vs, i).trim();
                }
            }
            if (!name.isEmpty() && !into.containsKey(name)) {
                into.put(name, value); // the first occurrence wins (a duplicate is invalid, section 4.2.1)
            }
        }
    }

    public boolean has(String directive) {
        return directives.containsKey(directive);
    }

    /** A delta-seconds directive's value (section 1.2.2): {@link #ABSENT}, {@link #INVALID} or the seconds (capped at 2^31). */
    public long seconds(String directive) {
        String v = directives.get(directive);
        if (v == null) {
            return ABSENT;
        }
        if (v.isEmpty() || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return INVALID;
        }
        // section 1.2.2: a value too large is 2147483648 (2^31)
        return v.length() > 10 ? 2147483648L : Math.min(Long.parseLong(v), 2147483648L);
    }

    public boolean isEmpty() {
        return directives.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        directives.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(v.isEmpty() ? "" : "=" + v));
        return sb.toString();
    }
}
