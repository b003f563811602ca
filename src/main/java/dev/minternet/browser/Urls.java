package dev.minternet.browser;

import dev.minternet.endpoint.Dial;
import dev.minternet.http.HttpClient;
import dev.minternet.wire.IpAddress;

/**
 * A URL's host as the browser serializes it (the WHATWG URL Standard's host serializer): an IPv6
 * literal lowercased and compressed to RFC 5952 form ({@code http://[2001:DB8:0::1]/} is
 * {@code http://[2001:db8::1]/}); a zone ID or a malformed literal is refused. Names and IPv4
 * addresses are kept as typed.
 */
public final class Urls {
    private Urls() {
    }

    /**
     * {@code url} with its host in canonical form; IllegalArgumentException with a one-line reason
     * when its host is a malformed IPv6 literal or carries a zone ID.
     */
    public static String canonical(String url) {
        int sep = url.indexOf("://");
        if (sep < 0) {
            return url;
        }
        int start = sep + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        int hostStart = at >= start ? at + 1 : start;
        if (hostStart >= end || url.charAt(hostStart) != '[') {
            return url;
        }
        int close = url.indexOf(']', hostStart);
        if (close < 0 || close >= end) {
            throw new IllegalArgumentException("IPv6 literal " + url.substring(hostStart, end) + " has no closing ']'");
        }
        String rest = url.substring(close + 1, end);
        if (!rest.isEmpty() && !rest.matches(":[0-9]*")) {
            throw new IllegalArgumentException("'" + rest + "' after the IPv6 literal " + url.substring(hostStart, close + 1)
                    + ": only :PORT may follow it");
        }
        return url.substring(0, hostStart) + IpAddress.canonicalUrlHost(url.substring(hostStart, close + 1))
                + url.substring(close + 1);
    }

    /** {@link #canonical}, or {@code url} unchanged when it cannot be made canonical (the visit then says why it fails). */
    static String canonicalOrAsIs(String url) {
        try {
            return canonical(url);
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /** The address a URL's host names when it is an IP literal ({@code [v6]} or a dotted quad), else null. */
    static IpAddress literal(String host) {
        try {
            return IpAddress.urlHost(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The dial to the server of a URL whose host is {@code host} (a name, a dotted quad or
     * {@code [v6]}) at {@code addr}, over {@code addr}'s family: for HTTPS the TLS name is the host
     * name, or for an IP literal the address itself, which TLS sends no SNI for and checks against
     * an iPAddress subjectAltName (RFC 6066 section 3), as Chromium and curl do. The page's
     * connections and its WebSockets dial through here.
     */
    static Dial dial(String host, IpAddress addr, int port, boolean secure, HttpClient.Options o) {
        IpAddress literal = literal(host);
        String tlsName = literal != null ? literal.toString() : host;
        Dial d = secure ? Dial.https(addr.v4(), port, tlsName, o) : Dial.http(addr.v4(), port, o);
        return addr.isV6() ? d.to6(addr.v6()) : d;
    }

    /** {@code host}, with {@code :port} unless it is the scheme's own (443 for HTTPS, 80 for HTTP): a Host field, an origin's tail. */
    static String authority(String host, int port, boolean secure) {
        return port == (secure ? 443 : 80) ? host : host + ":" + port;
    }

    /**
     * Where a redirect's {@code location} sends a page at {@code from}: the reference resolved
     * against the page's URL (RFC 9110 10.2.2, RFC 3986 5.2), canonical; empty when it is not
     * http or https with a host (Chromium's net::ERR_UNSAFE_REDIRECT), null when it is no URL.
     */
    static String redirectTarget(String from, String location) {
        try {
            java.net.URI to = new java.net.URI(from).resolve(new java.net.URI(location.strip()));
            String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(java.util.Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && to.getHost() != null ? canonicalOrAsIs(to.toString()) : "";
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A scheme at the start of what the user typed: "https://", "http://", "ftp://". */
    private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

    /**
     * What the user typed made a URL as a browser's address bar does: without a scheme it is
     * {@code https://} (Chrome's default since version 90), and a bare host gets the path "/";
     * anything with a scheme is kept as typed.
     */
    public static String addressBar(String typed) {
        if (SCHEME.matcher(typed).find()) {
            return typed;
        }
        return "https://" + typed + (typed.contains("/") ? "" : "/");
    }

    private static final java.util.regex.Pattern REF = java.util.regex.Pattern.compile(
            "<(link|script|img)\\b[^>]*?\\b(href|src)\\s*=\\s*[\"']([^\"']+)[\"']", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * The sub-resources an HTML page at {@code base} (scheme://host[:port]) names in link, script and
     * img elements, in order, each once: a path of the page's origin (its own URLs made paths), or
     * an absolute http(s) URL of another origin (a CDN's host), which gets its own lookup and connection.
     */
    static java.util.List<String> references(String html, String base) {
        return new java.util.ArrayList<>(SCANNED.get(new Page(html, base), p -> java.util.List.copyOf(scan(p.html, p.base))));
    }

    /**
     * The pages scanned last, by their text and base: every browser of a crowd loads the same few
     * pages, and comparing a page's text costs much less than running {@link #REF} over it again.
     */
    private static final dev.minternet.sim.Recent<Page, java.util.List<String>> SCANNED = new dev.minternet.sim.Recent<>(16);

    private record Page(String html, String base) {
    }

    private static java.util.List<String> scan(String html, String base) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        java.util.regex.Matcher m = REF.matcher(html);
        while (m.find()) {
            String ref = m.group(3);
            if (ref.startsWith(base + "/")) {
                ref = ref.substring(base.length());
            }
            if (ref.startsWith("/") && !ref.startsWith("//")) {
                out.add(ref);
            } else if (ref.startsWith("https://") || ref.startsWith("http://")) {
                out.add(ref);
            }
        }
        return new java.util.ArrayList<>(out);
    }
}
