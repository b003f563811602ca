package dev.minternet.browser;

import dev.minternet.http.HttpProtocol;
import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * HTTP as the browser sees it: the page's request (step "page"), the sub-resources (step
 * "resources"), each response described from the browser's own events, and a waterfall row per
 * request. What the servers did with each request comes from the parts that {@link Story#follow}
 * offers the events to (load balancer, application, database).
 */
final class FetchNarration implements NarrationPart {
    @Override
    public void tell(Story s) {
        List<TraceEvent> starts = s.every(BrowserEvents.FETCH_START);
        List<TraceEvent> dones = s.every(BrowserEvents.FETCH_DONE, BrowserEvents.FETCH_FAILED);
        List<TraceEvent> cacheHits = s.every(BrowserEvents.CACHE_HIT);
        TraceEvent connected = s.first(BrowserEvents.CONNECTED);
        TraceEvent tlsDone = s.first(BrowserEvents.TLS_DONE);
        if (tlsDone != null && connected != null && !tlsDone.get(BrowserEvents.LOCAL).equals(connected.get(BrowserEvents.LOCAL))) {
            tlsDone = null; // another origin's handshake: the page came in clear text
        }
        TraceEvent doc = dones.isEmpty() ? null : dones.get(0);
        if (!starts.isEmpty()) {
            TraceEvent fs = starts.get(0);
            long at = tlsDone != null ? tlsDone.time() : connected != null ? connected.time() : fs.time();
            String protocol = doc == null ? null : protocol(doc);
            Story.Draft page = s.step("page", at, "GET " + fs.get(BrowserEvents.PATH) + (doc == null ? "" : " -> " + doc.num(BrowserEvents.STATUS))
                    + (protocol == null ? "" : " over " + protocol),
                    "The browser sends the HTTP request " + (tlsDone != null ? "through the encrypted connection" : "over the connection")
                            + " to " + s.server() + ".", new ArrayList<>());
            RequestWalk w = request(s, fs, doc, new HashSet<>(), true, page.details);
            page.explain.addAll(w.explain);
        }
        int subs = starts.size() - 1 + cacheHits.size();
        if (doc != null && subs > 0) {
            List<String> d = new ArrayList<>();
            TraceEvent parsed = s.first(BrowserEvents.PARSED);
            if (parsed != null) {
                d.add("the page names: " + parsed.get(BrowserEvents.REFERENCES));
            }
            Set<TraceEvent> used = new HashSet<>();
            for (TraceEvent c : cacheHits) {
                d.add(c.get(BrowserEvents.PATH) + ": from the browser cache (" + Narrator.bytes(c.num(BrowserEvents.BYTES)) + ", "
                        + Narrator.ms(c.num(BrowserEvents.AGE_NS)) + " old, fresh for max-age "
                        + c.num(BrowserEvents.MAX_AGE_NS) / 1_000_000_000L + " s): no request");
            }
            for (int i = 1; i < starts.size(); i++) {
                TraceEvent fs = starts.get(i);
                request(s, fs, done(dones, fs), used, false, d);
            }
            boolean h2 = HttpProtocol.H2.alpnId().equals(protocol(doc));
            int requested = starts.size() - 1;
            Set<String> conns = new java.util.LinkedHashSet<>();
            for (TraceEvent fd : dones) {
                if (fd != doc && !fd.get(BrowserEvents.CONNECTION).isEmpty()) {
                    conns.add(fd.get(BrowserEvents.CONNECTION));
                }
            }
            int opened = 0;
            for (TraceEvent c : s.every(BrowserEvents.CONNECTED)) {
                if (c.time() >= doc.time()) {
                    opened++;
                    d.add(Narrator.at(c.time()) + " opened connection " + c.get(BrowserEvents.LOCAL) + " -> " + c.get(BrowserEvents.REMOTE)
                            + " [TCP " + Narrator.ms(c.time() - c.num(BrowserEvents.CONNECT_NS)) + "]");
                    s.row("TCP connect " + c.get(BrowserEvents.LOCAL).substring(c.get(BrowserEvents.LOCAL).lastIndexOf(':') + 1),
                            c.num(BrowserEvents.CONNECT_NS), c.time(), "");
                }
            }
            String how = h2 ? " in parallel on HTTP/2 streams"
                    : conns.size() <= 1 ? " one after another on HTTP/1.1"
                    : " on " + conns.size() + " HTTP/1.1 connections (" + opened + " new)";
            s.step("resources", doc.time(), subs + (subs == 1 ? " sub-resource (" : " sub-resources (") + requested + " requested"
                    + how + ", " + cacheHits.size() + " from the cache)",
                    resourcesExplained(subs, requested, h2, cacheHits.size(), conns.size()), d);
        }
        for (TraceEvent hs : s.every(BrowserEvents.HSTS)) {
            Story.Draft d = doc != null && hs.time() <= doc.time() && s.step("page") != null ? s.step("page") : s.stepAt(hs.time());
            if (d != null) {
                long age = hs.num(BrowserEvents.MAX_AGE_NS) / 1_000_000_000L;
                d.details.add("Strict-Transport-Security: " + hs.get(BrowserEvents.FIELD) + ": " + (age == 0
                        ? "the browser forgets " + hs.get(BrowserEvents.HOST) + "'s HSTS policy"
                        : hs.get(BrowserEvents.HOST) + (Boolean.TRUE.equals(hs.get(BrowserEvents.SUBDOMAINS)) ? " and its subdomains are" : " is")
                                + " HTTPS-only in this browser for " + age + " s (HSTS, RFC 6797)"));
            }
        }
        for (TraceEvent fs : starts) {
            TraceEvent fd = done(dones, fs);
            s.row(fs.get(BrowserEvents.PATH), fs.time(), fd == null ? s.endNs : fd.time(),
                    fd == null ? "no answer" : String.valueOf(fd.num(BrowserEvents.STATUS)));
        }
        for (TraceEvent c : cacheHits) {
            s.row(c.get(BrowserEvents.PATH), c.time(), c.time(), "cache");
        }
    }

    private static String resourcesExplained(int names, int requested, boolean h2, int cached, int conns) {
        String fetch = requested == 0 ? "" : requested == 1 ? " and fetches " + (names == 1 ? "it" : "one of them") + " on the same connection"
                : h2 ? " and fetches " + requested + " of them on the same connection as parallel HTTP/2 streams"
                : conns <= 1 ? " and fetches " + requested + " of them on the same connection, one after another (HTTP/1.1)"
                : " and fetches " + requested + " of them over HTTP/1.1, which carries one request at a time per connection, so it opens"
                        + " more connections to the server, up to " + Browser.MAX_CONNECTIONS_PER_ORIGIN + " per origin as Chromium does,"
                        + " and sends each request on the first one free (" + conns + " used here)";
        return "The browser reads the HTML, finds " + (names == 1 ? "the one resource it names" : "the " + names + " resources it names") + fetch
                + (cached == 0 ? "." : "; " + cached + " fresh " + (cached == 1 ? "copy" : "copies") + " in its cache need"
                + (cached == 1 ? "s" : "") + " no request at all.");
    }

    /** h2 or http/1.1 for a response, null for a fetch that failed. */
    private static String protocol(TraceEvent done) {
        return done.is(BrowserEvents.FETCH_DONE) ? done.get(BrowserEvents.PROTOCOL) : null;
    }

    /** The first response to {@code start}'s path at or after it. */
    private static TraceEvent done(List<TraceEvent> dones, TraceEvent start) {
        for (TraceEvent d : dones) {
            if (d.get(BrowserEvents.PATH).equals(start.get(BrowserEvents.PATH)) && d.time() >= start.time()) {
                return d;
            }
        }
        return null;
    }

    /** Tells one request into {@code d}: sent, the servers' chain, the response; returns the walk. */
    private static RequestWalk request(Story s, TraceEvent fs, TraceEvent fd, Set<TraceEvent> used, boolean verbose, List<String> d) {
        String path = fs.get(BrowserEvents.PATH);
        String conditional = fs.get(BrowserEvents.CONDITIONAL);
        String head = "GET " + path + (conditional.isEmpty() ? "" : " (If-None-Match " + conditional + ")");
        long until = fd == null ? Long.MAX_VALUE : fd.time();
        if (verbose) {
            d.add(Narrator.at(fs.time()) + " " + head + " sent");
        }
        String sent = cookiesSent(fs.get(BrowserEvents.REQUEST_HEADERS));
        if (!sent.isEmpty()) {
            d.add((verbose ? "  " : "    ") + "cookies sent: " + sent);
        }
        RequestWalk w = s.follow(path, fs.time(), until, used, verbose);
        String resp = response(fd);
        List<String> jar = new ArrayList<>();
        for (TraceEvent c : s.every(BrowserEvents.COOKIE)) {
            if (fd != null && c.time() == fd.time() && c.get(BrowserEvents.URL).equals(fs.get(BrowserEvents.URL))) {
                String name = c.get(BrowserEvents.COOKIE_NAME);
                String refused = c.get(BrowserEvents.REFUSED);
                jar.add((verbose ? "  " : "    ") + "cookie jar: " + (refused.isEmpty()
                        ? "stored " + name + " (" + c.get(BrowserEvents.COOKIE_DOMAIN) + ", path " + c.get(BrowserEvents.COOKIE_PATH)
                                + ", " + c.get(BrowserEvents.ATTRIBUTES) + ")"
                        : (name.isEmpty() ? "a Set-Cookie" : name) + " not stored: " + refused));
                if (verbose && refused.isEmpty()) {
                    w.explain.add("The answer sets the cookie " + name + ": the browser keeps it in its jar and sends it back on its"
                            + " next requests to " + c.get(BrowserEvents.COOKIE_DOMAIN) + " under " + c.get(BrowserEvents.COOKIE_PATH)
                            + explainAttributes(c.get(BrowserEvents.ATTRIBUTES)) + ".");
                }
            }
        }
        if (verbose) {
            for (String c : w.chain) {
                d.add("  " + c);
            }
            if (fd != null && fd.is(BrowserEvents.FETCH_DONE) && fd.num(BrowserEvents.FIRST_BYTE) > 0) {
                long first = fd.num(BrowserEvents.FIRST_BYTE);
                d.add(Narrator.at(first) + " first byte back (" + Narrator.ms(first - fd.num(BrowserEvents.SENT)) + " after sending)");
            }
            d.add((fd == null ? "" : Narrator.at(fd.time()) + " ") + "response: " + resp);
        } else {
            d.add(head + " -> " + resp + " [" + Narrator.ms((fd == null ? until : fd.time()) - fs.time()) + "]");
            for (String c : w.chain) {
                d.add("    " + c);
            }
        }
        d.addAll(jar);
        return w;
    }

    /** The names of the cookies a request's Cookie field carries ("session, theme"), empty when none (values are not told). */
    static String cookiesSent(String headerLines) {
        List<String> names = new ArrayList<>();
        for (String l : headerLines.split("\n")) {
            if (l.regionMatches(true, 0, "cookie:", 0, 7)) {
                for (String pair : l.substring(7).split(";")) {
                    int eq = pair.indexOf('=');
                    names.add((eq < 0 ? pair : pair.substring(0, eq)).strip());
                }
            }
        }
        return String.join(", ", names);
    }

    private static String explainAttributes(String attributes) {
        StringBuilder sb = new StringBuilder();
        if (attributes.contains("Secure")) {
            sb.append("; Secure: only over https");
        }
        if (attributes.contains("HttpOnly")) {
            sb.append("; HttpOnly: the page's scripts cannot read it");
        }
        if (attributes.contains("SameSite=Strict")) {
            sb.append("; SameSite=Strict: never on a request another site starts");
        } else if (attributes.contains("SameSite=Lax")) {
            sb.append("; SameSite=Lax: from another site only on a top-level GET navigation, not its images, scripts or forms");
        }
        if (attributes.contains("session")) {
            sb.append("; a session cookie: it ends when the browser closes");
        }
        return sb.toString();
    }

    /** The response in one line: status, sizes and encoding, type, caching headers. */
    private static String response(TraceEvent fd) {
        if (fd == null) {
            return "no answer";
        }
        if (fd.is(BrowserEvents.FETCH_FAILED)) {
            return "failed: " + fd.get(BrowserEvents.ERROR);
        }
        long bytes = fd.num(BrowserEvents.BYTES);
        long wire = fd.num(BrowserEvents.WIRE_BYTES);
        String encoding = fd.get(BrowserEvents.ENCODING);
        StringBuilder sb = new StringBuilder();
        sb.append(fd.num(BrowserEvents.STATUS)).append(", ").append(Narrator.bytes(bytes));
        if (!encoding.isEmpty() || wire != bytes) {
            sb.append(" (").append(encoding.isEmpty() ? "compressed" : encoding).append(", ").append(Narrator.bytes(wire)).append(" on the wire)");
        } else if (bytes > 0) {
            sb.append(" (not compressed)");
        }
        if (!fd.get(BrowserEvents.TYPE).isEmpty()) {
            sb.append(", ").append(fd.get(BrowserEvents.TYPE));
        }
        if (!fd.get(BrowserEvents.CACHE_CONTROL).isEmpty()) {
            sb.append(", Cache-Control ").append(fd.get(BrowserEvents.CACHE_CONTROL));
        }
        if (!fd.get(BrowserEvents.ETAG).isEmpty()) {
            sb.append(", ETag ").append(fd.get(BrowserEvents.ETAG));
        }
        if (fd.num(BrowserEvents.STATUS) == 304) {
            sb.append(": not modified, the cached copy is used");
        }
        return sb.toString();
    }

    @Override
    public void draw(TraceEvent e, Sequence seq) {
        if (!e.node().equals(seq.client)) {
            return;
        }
        if (e.is(BrowserEvents.FETCH_START)) {
            seq.arrow(e, seq.client, seq.server, "GET " + e.get(BrowserEvents.PATH));
        } else if (e.isAny(BrowserEvents.FETCH_DONE, BrowserEvents.FETCH_FAILED)) {
            seq.arrow(e, seq.server, seq.client, e.num(BrowserEvents.STATUS) + " " + e.get(BrowserEvents.PATH));
        }
    }
}
