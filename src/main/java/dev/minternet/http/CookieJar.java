package dev.minternet.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A user agent's cookie store, RFC 6265 section 5.3 (storage) and 5.4 (the Cookie header), with
 * RFC 6265bis's Secure and SameSite rules. Time is the caller's: epoch milliseconds of the
 * simulated clock, never the host's.
 *
 * <ul>
 *   <li>Storage: a {@code Domain} the request host does not domain-match is refused; with a
 *       {@code Domain} the cookie is a domain cookie (sent to sub-domains), without one host-only.
 *       A {@code Domain} without a dot that is not the host itself is refused, standing in for the
 *       public-suffix check (modelled: there is no public suffix list). {@code Secure} from an
 *       insecure origin is refused (6265bis 5.6 step 14), and so is a non-secure cookie that would
 *       shadow a secure one of the same name (step 15); {@code SameSite=None} needs {@code
 *       Secure}; {@code __Secure-} and {@code __Host-} prefixes are enforced. A cookie whose expiry
 *       is past deletes the stored one of the same name, domain, host-only flag and path; a
 *       replacement keeps the old creation.</li>
 *   <li>Retrieval: host-only cookies go to their host, domain cookies to the domain and its
 *       sub-domains; the path must path-match (section 5.1.4); {@code Secure} only over a secure
 *       scheme; expired cookies are dropped; in a cross-site context {@code Strict} is withheld,
 *       {@code Lax} (and {@code DEFAULT}, as Chrome's "Lax by default") sent only on a top-level
 *       navigation with a safe method, {@code None} always. Longer paths first, then earlier
 *       creation (section 5.4 step 2).</li>
 * </ul>
 * "Site" is the scheme and the last two labels of the host (an IP address is its own site):
 * modelled, where a browser uses the public suffix list for the registrable domain.
 */
public final class CookieJar {
    /** Where a request goes (or a response came from): scheme, host, path; secure when the scheme is https or wss. */
    public record Where(String scheme, String host, String path, boolean secure) {
        public static Where of(String scheme, String host, String path) {
            String s = scheme.toLowerCase(Locale.ROOT);
            return new Where(s, host.toLowerCase(Locale.ROOT), path, s.equals("https") || s.equals("wss"));
        }
    }

    /**
     * The request's context for SameSite: whether it is cross-site (its initiator's site differs
     * from the target's), a top-level navigation, and its method.
     */
    public record Context(boolean crossSite, boolean topLevel, String method) {
        /** A same-site request (what a user types, and sub-resources of a page on the same site). */
        public static final Context SAME_SITE = new Context(false, true, "GET");
    }

    /**
     * The expiry {@code Max-Age} zero or less gives: RFC 6265 says "the earliest representable
     * time"; one second after 1970 begins, as curl keeps it (its jar's "expire 1").
     */
    public static final long EXPIRE_NOW_MS = 1000;

    /**
     * What storing one Set-Cookie did: the cookie (null when refused outright), why it was not
     * stored (null when it was; an expired cookie comes with its reason), and whether it replaced one.
     */
    public record Stored(String name, Cookie cookie, String refused, boolean replaced) {

        public boolean ok() {
            return refused == null;
        }
    }

    private final List<Cookie> cookies = new ArrayList<>();
    private final boolean sameSiteRules;
    private long created;

    /** A browser's jar: every rule, SameSite included. */
    public CookieJar() {
        this(true);
    }

    /** A jar; without {@code sameSiteRules} the SameSite attribute is kept but never acted on (curl's engine ignores it). */
    public CookieJar(boolean sameSiteRules) {
        this.sameSiteRules = sameSiteRules;
    }

    /** Every cookie, not yet expired at {@code nowMs}, in creation order. */
    public List<Cookie> all(long nowMs) {
        cookies.removeIf(c -> c.expired(nowMs));
        List<Cookie> out = new ArrayList<>(cookies);
        out.sort(Comparator.comparingLong(Cookie::creation));
        return out;
    }

    /** Adds a cookie as it is (read from a file), replacing one of the same name, domain, host-only flag and path. */
    public void put(Cookie c) {
        Cookie old = find(c);
        if (old != null) {
            cookies.remove(old);
        }
        cookies.add(c.created(++created));
    }

    /** Drops every session cookie (curl's {@code -j}, a browser's restart). */
    public void dropSessionCookies() {
        cookies.removeIf(c -> !c.persistent());
    }

    private Cookie find(Cookie c) {
        for (Cookie o : cookies) {
            if (o.name().equals(c.name()) && o.domain().equals(c.domain()) && o.hostOnly() == c.hostOnly() && o.path().equals(c.path())) {
                return o;
            }
        }
        return null;
    }

    /** Stores every {@code Set-Cookie} of {@code h}, answered to a request to {@code from}. */
    public List<Stored> storeAll(Headers h, Where from, Context ctx, long nowMs) {
        List<Stored> out = new ArrayList<>();
        for (String v : h.all("Set-Cookie")) {
            out.add(store(v, from, ctx, nowMs));
        }
        return out;
    }

    /** Stores one {@code Set-Cookie} field value answered to a request to {@code from} (section 5.3). */
    public Stored store(String header, Where from, Context ctx, long nowMs) {
        SetCookie sc = SetCookie.parse(header);
        if (sc == null) {
            return new Stored("", null, "not a name=value pair", false);
        }
        long expires = Cookie.SESSION;
        if (sc.maxAgeS() != null) {
            long m = sc.maxAgeS();
            expires = m <= 0 ? EXPIRE_NOW_MS : m > (Long.MAX_VALUE - nowMs) / 2000 ? Cookie.SESSION - 1 : nowMs + m * 1000;
        } else if (sc.expiresMs() != null) {
            expires = sc.expiresMs();
        }
        String host = from.host();
        String domain;
        boolean hostOnly;
        if (sc.domain() != null && !sc.domain().equals(host)) {
            if (!sc.domain().contains(".")) {
                return refuse(sc, "Domain=" + sc.domain() + " is a top-level domain");
            }
            if (!domainMatches(host, sc.domain())) {
                return refuse(sc, "Domain=" + sc.domain() + " does not domain-match " + host);
            }
            domain = sc.domain();
            hostOnly = false;
        } else if (sc.domain() != null && sc.domain().contains(".")) {
            domain = sc.domain();
            hostOnly = false;
        } else {
            domain = host;
            hostOnly = true;
        }
        boolean defaulted = sc.path() == null;
        String path = defaulted ? defaultPath(from.path()) : sc.path();
        if (sc.secure() && !from.secure()) {
            return refuse(sc, "Secure cookie from an insecure origin");
        }
        if (sameSiteRules && sc.sameSite() == Cookie.SameSite.NONE && !sc.secure()) {
            return refuse(sc, "SameSite=None without Secure");
        }
        if (sameSiteRules && ctx.crossSite() && sc.sameSite() != Cookie.SameSite.NONE && !(ctx.topLevel() && safe(ctx.method()))) {
            return refuse(sc, "SameSite=" + (sc.sameSite() == Cookie.SameSite.DEFAULT ? "Lax (default)"
                    : sc.sameSite().attribute()) + " cookie from a cross-site request");
        }
        if (sc.name().startsWith("__Secure-") && !sc.secure()) {
            return refuse(sc, "__Secure- prefix without Secure");
        }
        if (sc.name().startsWith("__Host-") && (!sc.secure() || !hostOnly || !path.equals("/"))) {
            return refuse(sc, "__Host- prefix needs Secure, no Domain and Path=/");
        }
        Cookie c = new Cookie(sc.name(), sc.value(), domain, hostOnly, path, defaulted, expires, 0, sc.secure(), sc.httpOnly(),
                sc.sameSite());
        if (!sc.secure() && !from.secure()) {
            for (Cookie o : cookies) {
                if (o.secure() && o.name().equals(c.name()) && (domainMatches(o.domain(), c.domain()) || domainMatches(c.domain(), o.domain()))
                        && pathMatches(c.path(), o.path())) {
                    return refuse(sc, "would shadow a Secure cookie of the same name");
                }
            }
        }
        Cookie old = find(c);
        if (old != null) {
            cookies.remove(old);
        }
        if (c.expired(nowMs)) {
            return new Stored(c.name(), c, old != null ? "expired: the stored cookie is deleted" : "already expired", old != null);
        }
        cookies.add(c.created(old != null ? old.creation() : ++created));
        return new Stored(c.name(), cookies.get(cookies.size() - 1), null, old != null);
    }

    private static Stored refuse(SetCookie sc, String why) {
        return new Stored(sc.name(), null, why, false);
    }

    private static boolean safe(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE");
    }

    /** The cookies for a request to {@code to} in {@code ctx}, in the Cookie header's order (section 5.4). */
    public List<Cookie> forRequest(Where to, Context ctx, long nowMs) {
        cookies.removeIf(c -> c.expired(nowMs));
        List<Cookie> out = new ArrayList<>();
        for (Cookie c : cookies) {
            if (!(c.hostOnly() ? to.host().equals(c.domain()) : domainMatches(to.host(), c.domain()))) {
                continue;
            }
            if (!pathMatches(to.path(), c.path()) || (c.secure() && !to.secure())) {
                continue;
            }
            if (sameSiteRules && ctx.crossSite()) {
                boolean send = switch (c.sameSite()) {
                    case STRICT -> false;
                    case LAX, DEFAULT -> ctx.topLevel() && safe(ctx.method());
                    case NONE -> true;
                };
                if (!send) {
                    continue;
                }
            }
            out.add(c);
        }
        out.sort(Comparator.comparingInt((Cookie c) -> -c.path().length()).thenComparingLong(Cookie::creation));
        return out;
    }

    /** The Cookie header's value for a request, or null when no cookie goes. */
    public String header(Where to, Context ctx, long nowMs) {
        return header(forRequest(to, ctx, nowMs));
    }

    /** {@code name=value} pairs joined by "; " (section 5.4 step 4), or null for none. */
    public static String header(List<Cookie> list) {
        if (list.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Cookie c : list) {
            sb.append(sb.isEmpty() ? "" : "; ").append(c.pair());
        }
        return sb.toString();
    }

    /** Section 5.1.3: identical, or {@code host} ends with "." + {@code domain} and is not an IP address. */
    public static boolean domainMatches(String host, String domain) {
        if (host.equals(domain)) {
            return true;
        }
        return host.endsWith("." + domain) && !isIp(host);
    }

    /** An IPv4 literal (digits and dots only) or an IPv6 one (a colon); a loop, not a regular expression compiled per call. */
    private static boolean isIp(String host) {
        int n = host.length();
        boolean digitsAndDots = n > 0;
        for (int i = 0; i < n; i++) {
            char c = host.charAt(i);
            if (c == ':') {
                return true;
            }
            if (!(c >= '0' && c <= '9' || c == '.')) {
                digitsAndDots = false;
            }
        }
        return digitsAndDots;
    }

    /** Section 5.1.4: the request path path-matches the cookie path. */
    public static boolean pathMatches(String requestPath, String cookiePath) {
        String p = requestPath;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        if (p.equals(cookiePath)) {
            return true;
        }
        return p.startsWith(cookiePath) && (cookiePath.endsWith("/") || p.charAt(cookiePath.length()) == '/');
    }

    /** Section 5.1.4's default-path: the request path up to, not including, its last '/'; "/" when that is empty. */
    public static String defaultPath(String requestPath) {
        String p = requestPath;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        if (p.isEmpty() || p.charAt(0) != '/') {
            return "/";
        }
        int last = p.lastIndexOf('/');
        return last <= 0 ? "/" : p.substring(0, last);
    }

    /** The site of a host (modelled: its last two labels; an IP address is its own site). */
    public static String site(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (isIp(h)) {
            return h;
        }
        int last = h.lastIndexOf('.');
        if (last < 0) {
            return h;
        }
        int before = h.lastIndexOf('.', last - 1);
        return before < 0 ? h : h.substring(before + 1);
    }

    /** Whether two origins are the same site (schemeful, RFC 6265bis 5.2.2). */
    public static boolean sameSite(String schemeA, String hostA, String schemeB, String hostB) {
        return schemeA.equalsIgnoreCase(schemeB) && site(hostA).equals(site(hostB));
    }
}
