package dev.minternet.wire;

/**
 * An address of either family: an IPv4 one ({@code v6} null, {@code v4} the {@link Ip4} int) or an
 * IPv6 one. What a URL's host names when it is an IP literal, and what the browser keys its
 * connections by.
 *
 * <p>{@link #urlHost} reads a URL's host as the WHATWG URL Standard's host parser does for IP
 * literals: {@code [...]} is an IPv6 address (hex groups, one {@code ::}, an optional dotted-quad
 * tail), serialized in RFC 5952 form ({@code [2001:DB8:0::1]} is {@code [2001:db8::1]}); a zone
 * ID ({@code [fe80::1%25eth0]}) is refused, as the URL Standard and Chromium refuse it.
 */
public record IpAddress(int v4, Ip6 v6) {

    public static IpAddress of(int v4) {
        return new IpAddress(v4, null);
    }

    public static IpAddress of(Ip6 v6) {
        return new IpAddress(0, java.util.Objects.requireNonNull(v6, "v6"));
    }

    public boolean isV6() {
        return v6 != null;
    }

    /** A dotted quad, or RFC 5952 text (no brackets). */
    @Override
    public String toString() {
        return v6 != null ? v6.toString() : Ip4.str(v4);
    }

    /**
     * The address a URL's host names: {@code [v6]} or a dotted quad; null for a name (or for an
     * IPv6 address written without brackets, which is no URL host). IllegalArgumentException
     * with a one-line reason when the host starts with {@code [} and is not an IPv6 literal.
     */
    public static IpAddress urlHost(String host) {
        if (host.startsWith("[")) {
            return of(bracketed(host));
        }
        return Ip4.isAddress(host) ? of(Ip4.parse(host)) : null;
    }

    /** A host as a URL serializes it: an IPv6 literal in RFC 5952 form in brackets, anything else as it is. */
    public static String canonicalUrlHost(String host) {
        return host.startsWith("[") ? "[" + bracketed(host) + "]" : host;
    }

    private static Ip6 bracketed(String host) {
        if (!host.endsWith("]") || host.length() < 2) {
            throw new IllegalArgumentException("IPv6 literal " + host + " has no closing ']'");
        }
        String in = host.substring(1, host.length() - 1);
        int pct = in.indexOf('%');
        if (pct >= 0) {
            throw new IllegalArgumentException("IPv6 zone ID " + in.substring(pct) + " in " + host
                    + ": not allowed in a URL (the WHATWG URL Standard and browsers refuse zone IDs)");
        }
        try {
            return parse6(in);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad IPv6 literal " + host + ": " + e.getMessage());
        }
    }

    /** RFC 4291 2.2 text, the dotted-quad tail of its form 3 included ({@code ::ffff:192.0.2.1}). */
    private static Ip6 parse6(String s) {
        int dot = s.indexOf('.');
        if (dot < 0) {
            return Ip6.parse(s);
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0 || colon > dot) {
            throw new IllegalArgumentException("a dotted quad only ends an IPv6 address");
        }
        int q = Ip4.parse(s.substring(colon + 1));
        String head = s.substring(0, colon + 1);
        return Ip6.parse(head + Integer.toHexString(q >>> 16) + ":" + Integer.toHexString(q & 0xffff));
    }
}
