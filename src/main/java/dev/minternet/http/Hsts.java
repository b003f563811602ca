package dev.minternet.http;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The Strict-Transport-Security field (RFC 6797 section 6.1): {@code max-age=SECONDS} (required),
 * {@code includeSubDomains}, other directives ignored; names case-insensitive, values quoted or not.
 * A field that repeats a directive, lacks max-age or gives it no whole number is invalid and the
 * browser ignores it (section 6.1, 8.1).
 */
public final class Hsts {
    private Hsts() {
    }

    /** A host's policy as the field states it: how long to keep it, and whether it covers the subdomains. */
    public record Policy(long maxAgeSeconds, boolean includeSubDomains) {
    }

    /** The policy {@code field} states, or null when it is not a valid Strict-Transport-Security value. */
    public static Policy parse(String field) {
        if (field == null) {
            return null;
        }
        long maxAge = -1;
        boolean sub = false;
        Set<String> seen = new HashSet<>();
        for (String part : field.split(";", -1)) {
            String d = part.strip();
            if (d.isEmpty()) {
                continue;
            }
            int eq = d.indexOf('=');
            String name = (eq < 0 ? d : d.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                return null; // "directives MUST NOT appear more than once"
            }
            String value = eq < 0 ? null : d.substring(eq + 1).strip();
            if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (name.equals("max-age")) {
                if (value == null || !value.matches("[0-9]{1,18}")) {
                    return null;
                }
                maxAge = Long.parseLong(value);
            } else if (name.equals("includesubdomains")) {
                if (value != null) {
                    return null; // a valueless directive
                }
                sub = true;
            }
        }
        return maxAge < 0 ? null : new Policy(maxAge, sub);
    }
}
