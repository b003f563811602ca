package dev.minternet.browser;

import dev.minternet.http.Cookie;
import dev.minternet.http.Headers;
import dev.minternet.sim.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the browser reads and records HTTP fields: a cookie's attributes, Cache-Control's max-age, header lines for the trace. */
final class HttpFields {
    private HttpFields() {
    }

    /** The cookie's attributes in words: host-only or domain, Secure, HttpOnly, SameSite, session or expiry. */
    static String attributes(Cookie c) {
        List<String> a = new ArrayList<>();
        a.add(c.hostOnly() ? "host-only" : "domain");
        if (c.secure()) {
            a.add("Secure");
        }
        if (c.httpOnly()) {
            a.add("HttpOnly");
        }
        a.add("SameSite=" + (c.sameSite() == Cookie.SameSite.DEFAULT ? "Lax (default)" : c.sameSite().attribute()));
        a.add(c.persistent() ? "expires " + java.time.Instant.ofEpochMilli(c.expiresMs()) : "session");
        return String.join(", ", a);
    }

    static long maxAge(Headers h, long otherwise) {
        String cc = h.get("Cache-Control");
        if (cc == null) {
            return otherwise;
        }
        for (String part : cc.split(",")) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            if (p.equals("no-store") || p.equals("no-cache")) {
                return 0;
            }
            if (p.startsWith("max-age=")) {
                try {
                    return Long.parseLong(p.substring(8)) * Durations.S;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return otherwise;
    }

    /** Header fields one "Name: value" a line, as the trace keeps them; empty for none. */
    static String lines(Headers h) {
        if (h == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Headers.Field f : h.fields()) {
            sb.append(sb.isEmpty() ? "" : "\n").append(f.name()).append(": ").append(f.value());
        }
        return sb.toString();
    }

    static String str(String s) {
        return s == null ? "" : s;
    }

    /** The statuses a browser follows with their Location (RFC 9110 15.4: 301, 302, 303, 307, 308). */
    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
