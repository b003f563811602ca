package dev.minternet.http;

import java.util.Locale;

/**
 * One stored cookie, RFC 6265 section 5.3's record: name, value, domain (lower case, without a
 * leading dot), whether it is host-only, path, expiry (epoch milliseconds of the simulated
 * clock; {@link #SESSION} for a session cookie), creation (a counter that orders cookies made in
 * the same instant), and the secure-only, http-only and same-site flags (RFC 6265bis).
 *
 * <p>{@code pathDefaulted} says the path came from the request (no {@code Path} attribute):
 * curl writes such a path to its jar with a trailing slash ({@link #curlPath}).
 */
public record Cookie(String name, String value, String domain, boolean hostOnly, String path, boolean pathDefaulted,
                     long expiresMs, long creation, boolean secure, boolean httpOnly, SameSite sameSite) {
    /** The expiry of a session cookie (no Expires or Max-Age): it lives until the user agent ends. */
    public static final long SESSION = Long.MAX_VALUE;

    /** The SameSite attribute (RFC 6265bis section 4.1.2.7); DEFAULT when none was given. */
    public enum SameSite {
        DEFAULT, NONE, LAX, STRICT;

        /** The attribute's value as written ("Strict", "Lax", "None"), empty for DEFAULT. */
        public String attribute() {
            return this == DEFAULT ? "" : name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the cookie lives past the session (it had Expires or Max-Age). */
    public boolean persistent() {
        return expiresMs != SESSION;
    }

    /** Whether it has expired at {@code nowMs}. */
    public boolean expired(long nowMs) {
        return persistent() && expiresMs <= nowMs;
    }

    /** The path as curl keeps it: a defaulted path ends with '/' (curl keeps the request path up to its last slash). */
    public String curlPath() {
        return pathDefaulted && !path.equals("/") ? path + "/" : path;
    }

    /** The same cookie with another value and creation (a replacement keeps the old creation: RFC 6265 5.3 step 11.3). */
    Cookie created(long c) {
        return new Cookie(name, value, domain, hostOnly, path, pathDefaulted, expiresMs, c, secure, httpOnly, sameSite);
    }

    /** {@code name=value}, as the Cookie header carries it. */
    public String pair() {
        return name + "=" + value;
    }
}
