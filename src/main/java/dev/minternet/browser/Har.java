package dev.minternet.browser;

import dev.minternet.http.Cookie;
import dev.minternet.http.Response;
import dev.minternet.http.SetCookie;
import dev.minternet.trace.EventType;
import dev.minternet.trace.JsonLinesSink;
import dev.minternet.trace.TraceEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The browser's visits as an HTTP Archive (HAR 1.2, http://www.softwareishard.com/blog/har-12-spec/),
 * read from the trace alone (docs/design.md decision 7): a page per visit with its
 * {@code pageTimings} and an entry per request with its headers, sizes and timings, so that
 * Chromium's devtools and other HAR viewers show the visit's waterfall.
 *
 * <p>Timings, in milliseconds with microsecond precision, follow the spec's order
 * {@code blocked, dns, connect, send, wait, receive}; {@code ssl} is the TLS handshake and is
 * included in {@code connect}, as the spec says; -1 marks a phase that did not happen (no DNS for
 * a cached name or an IP literal, no connect on a connection already open). The page's request
 * carries the visit's DNS lookup and connection; a sub-resource waits only for its turn.
 * {@code send} is 0: the simulated client hands the whole request to TCP at once. Dates are the
 * world's simulated clock (its start date plus simulated time), so the same run gives the same
 * file. {@code httpVersion} is the protocol's ALPN name ("h2", "http/1.1"), as Chromium exports it.
 * Responses served from the browser's HTTP cache without a request are not entries, and header
 * sizes are not counted (-1).
 */
public final class Har {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String VERSION = "0.1";

    /** A duration in milliseconds, printed with three decimals (exact microseconds) or as -1. */
    record Ms(long micros) {
        static final Ms NONE = new Ms(-1_000);

        /** Rounded to the nearest microsecond, as the narration rounds its milliseconds. */
        static Ms ns(long ns) {
            return new Ms((ns + 500) / 1_000);
        }

        @Override
        public String toString() {
            return micros < 0 ? "-1" : micros / 1000 + "." + String.format(Locale.ROOT, "%03d", micros % 1000);
        }
    }

    private Har() {
    }

    /**
     * The HAR of every visit the browser on {@code client} made in {@code events}; {@code epoch}
     * is the world's start date, {@code visits} what the narrator told of them.
     */
    public static String of(List<TraceEvent> events, String client, List<Narrator.Visit> visits, Instant epoch) {
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("version", "1.2");
        log.put("creator", obj("name", "minternet", "version", VERSION));
        log.put("browser", obj("name", "minternet browser", "version", VERSION));
        List<Object> pages = new ArrayList<>();
        List<Object> entries = new ArrayList<>();
        List<TraceEvent> browser = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.node().equals(client) && e.in(BrowserEvents.CATALOG)) {
                browser.add(e);
            }
        }
        for (Narrator.Visit v : visits) {
            List<TraceEvent> mine = new ArrayList<>();
            for (TraceEvent e : browser) {
                if (e.num(BrowserEvents.VISIT) == v.number()) {
                    mine.add(e);
                }
            }
            String id = "page_" + v.number();
            TraceEvent docDone = null;
            Set<TraceEvent> used = new HashSet<>();
            for (TraceEvent start : mine) {
                if (start.is(BrowserEvents.REDIRECT) && BrowserEvents.BY_HSTS.equals(start.get(BrowserEvents.NON_AUTHORITATIVE))) {
                    entries.add(internalRedirect(id, mine, start, epoch));
                    continue;
                }
                if (!start.is(BrowserEvents.FETCH_START)) {
                    continue;
                }
                TraceEvent done = doneOf(mine, start, used);
                if (start.get(BrowserEvents.DOCUMENT) && docDone == null) {
                    docDone = done;
                }
                entries.add(entry(id, mine, browser, start, done, epoch));
            }
            TraceEvent failed = first(mine, 0, Long.MAX_VALUE, BrowserEvents.FAILED);
            if (failed != null && failed.has(BrowserEvents.NET_ERROR) && !failed.get(BrowserEvents.NET_ERROR).isEmpty()
                    && first(mine, 0, Long.MAX_VALUE, BrowserEvents.FETCH_START) == null) {
                TraceEvent nav = first(mine, 0, Long.MAX_VALUE, BrowserEvents.NAVIGATE);
                entries.add(unanswered(id, nav.get(BrowserEvents.URL), nav.time(), failed.time(), failed.get(BrowserEvents.NET_ERROR), epoch));
            }
            for (TraceEvent u : mine) {
                if (u.is(BrowserEvents.UNSENT)) { // a sub-resource whose origin could not be reached
                    entries.add(unanswered(id, u.get(BrowserEvents.URL), u.num(BrowserEvents.ASKED_NS), u.time(),
                            u.get(BrowserEvents.NET_ERROR), epoch));
                }
            }
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("startedDateTime", date(epoch, v.startNs()));
            page.put("id", id);
            page.put("title", v.url());
            Map<String, Object> timings = new LinkedHashMap<>();
            timings.put("onContentLoad", docDone == null ? Ms.NONE : Ms.ns(docDone.time() - v.startNs()));
            timings.put("onLoad", v.ok() ? Ms.ns(v.loadNs()) : Ms.NONE);
            page.put("pageTimings", timings);
            pages.add(page);
        }
        log.put("pages", pages);
        log.put("entries", entries);
        StringBuilder sb = new StringBuilder();
        write(sb, obj("log", log), "");
        return sb.append('\n').toString();
    }

    /** The response (or failure) to {@code start}: the first of its path after it not already taken. */
    private static TraceEvent doneOf(List<TraceEvent> mine, TraceEvent start, Set<TraceEvent> used) {
        for (TraceEvent e : mine) {
            if (e.isAny(BrowserEvents.FETCH_DONE, BrowserEvents.FETCH_FAILED) && e.time() >= start.time() && !used.contains(e)
                    && e.get(BrowserEvents.PATH).equals(start.get(BrowserEvents.PATH))) {
                used.add(e);
                return e;
            }
        }
        return null;
    }

    /** The first of {@code mine} of {@code type} from {@code from} to {@code until}, or null. */
    private static TraceEvent first(List<TraceEvent> mine, long from, long until, EventType type) {
        for (TraceEvent e : mine) {
            if (e.is(type) && e.time() >= from && e.time() <= until) {
                return e;
            }
        }
        return null;
    }

    /**
     * The {@code type} event (connected, tls-done) of the connection whose local end is
     * {@code local}, from {@code from} to {@code until}, if the first request on it is the one
     * asking: a request that found it already open did not wait for it.
     */
    private static TraceEvent opened(List<TraceEvent> events, String local, EventType type, long from, long until) {
        if (local.isEmpty()) {
            return null;
        }
        for (TraceEvent e : events) {
            if (e.is(type) && e.get(BrowserEvents.LOCAL).equals(local)) {
                return e.time() >= from && e.time() <= until ? e : null;
            }
        }
        return null;
    }

    /** A JSON object with its keys in the order given. */
    private static Map<String, Object> obj(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    /** One request: the page's starts at navigation and carries DNS and the connection. */
    private static Map<String, Object> entry(String page, List<TraceEvent> mine, List<TraceEvent> browser, TraceEvent start,
            TraceEvent done, Instant epoch) {
        boolean document = start.get(BrowserEvents.DOCUMENT);
        // the page's request runs from the navigation it ends: the page's, or the redirect's that started it
        TraceEvent navigation = document ? navigationOf(mine, start) : null;
        long begin = navigation != null ? navigation.time() : start.time();
        boolean ok = done != null && done.is(BrowserEvents.FETCH_DONE);
        long sent = ok ? done.num(BrowserEvents.SENT) : start.time();
        long firstByte = ok ? done.num(BrowserEvents.FIRST_BYTE) : sent;
        long end = done == null ? sent : done.time();
        Ms dns = Ms.NONE;
        Ms connect = Ms.NONE;
        Ms ssl = Ms.NONE;
        long before = 0;
        String conn = done == null ? "" : done.get(BrowserEvents.CONNECTION);
        if (document) {
            TraceEvent miss = first(mine, begin, sent, BrowserEvents.DNS_CACHE_MISS);
            TraceEvent resolved = first(mine, begin, sent, BrowserEvents.RESOLVED);
            if (miss != null && resolved != null) {
                dns = Ms.ns(resolved.time() - miss.time());
                before += dns.micros;
            }
        }
        // the connection, if this request waited for it to open: TCP from the connect, TLS to its end
        TraceEvent up = opened(mine, conn, BrowserEvents.CONNECTED, begin, sent);
        if (up != null) {
            TraceEvent tls = opened(mine, conn, BrowserEvents.TLS_DONE, begin, sent);
            connect = Ms.ns((tls != null ? tls.time() : up.time()) - up.num(BrowserEvents.CONNECT_NS));
            before += connect.micros;
            if (tls != null) {
                ssl = Ms.ns(tls.time() - up.time());
            }
        }
        String server = "";
        TraceEvent any = opened(browser, conn, BrowserEvents.CONNECTED, 0, Long.MAX_VALUE);
        if (any != null) {
            String remote = any.get(BrowserEvents.REMOTE);
            server = remote.substring(0, remote.lastIndexOf(':'));
        }
        Map<String, Object> t = new LinkedHashMap<>();
        Ms blocked = new Ms(Math.max(0, Ms.ns(sent - begin).micros - before));
        Ms wait = Ms.ns(firstByte - sent);
        Ms receive = Ms.ns(end - firstByte);
        t.put("blocked", blocked);
        t.put("dns", dns);
        t.put("connect", connect);
        t.put("send", new Ms(0));
        t.put("wait", wait);
        t.put("receive", receive);
        t.put("ssl", ssl);
        long total = blocked.micros + Math.max(0, dns.micros) + Math.max(0, connect.micros) + wait.micros + receive.micros;

        String version = ok ? done.get(BrowserEvents.PROTOCOL) : "";
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", "GET");
        request.put("url", start.get(BrowserEvents.URL));
        request.put("httpVersion", version);
        List<Object> requestHeaders = headers(start.get(BrowserEvents.REQUEST_HEADERS));
        request.put("cookies", requestCookies(requestHeaders));
        request.put("headers", requestHeaders);
        request.put("queryString", List.of());
        request.put("headersSize", -1);
        request.put("bodySize", 0);

        Map<String, Object> response = new LinkedHashMap<>();
        int status = ok ? (int) done.num(BrowserEvents.STATUS) : 0;
        List<Object> responseHeaders = ok ? headers(done.get(BrowserEvents.RESPONSE_HEADERS)) : List.of();
        response.put("status", status);
        response.put("statusText", !ok || version.equals("h2") ? "" : Response.reasonPhrase(status));
        response.put("httpVersion", version);
        response.put("cookies", responseCookies(responseHeaders));
        response.put("headers", responseHeaders);
        Map<String, Object> content = new LinkedHashMap<>();
        long size = ok ? done.num(BrowserEvents.BYTES) : 0;
        long wire = ok ? done.num(BrowserEvents.WIRE_BYTES) : 0;
        content.put("size", size);
        content.put("compression", Math.max(0, size - wire));
        content.put("mimeType", ok ? done.get(BrowserEvents.TYPE) : "");
        response.put("content", content);
        response.put("redirectURL", header(responseHeaders, "Location"));
        response.put("headersSize", -1);
        response.put("bodySize", ok ? wire : -1);
        if (done != null && done.is(BrowserEvents.FETCH_FAILED)) {
            response.put("_error", done.get(BrowserEvents.ERROR));
        }

        Map<String, Object> e = new LinkedHashMap<>();
        e.put("pageref", page);
        e.put("startedDateTime", date(epoch, begin));
        e.put("time", new Ms(total));
        e.put("request", request);
        e.put("response", response);
        e.put("cache", obj());
        e.put("timings", t);
        if (!server.isEmpty()) {
            e.put("serverIPAddress", server);
        }
        if (!conn.isEmpty()) {
            e.put("connection", conn.substring(conn.lastIndexOf(':') + 1));
        }
        return e;
    }

    /**
     * The entry of a request that failed before it went out (a navigation, or a sub-resource on
     * another origin: no address, TCP refused or timed out, TLS refused the certificate), asked
     * for at {@code startNs} and given up at {@code endNs}, as Chromium's devtools export it:
     * status 0, the net error as the response's {@code _error}, no headers (nothing was sent or
     * received), and, since a request without a response has no timing there, the whole time as
     * {@code blocked} with {@code dns}, {@code connect} and {@code ssl} -1.
     */
    /**
     * The browser's own redirect of an http:// URL its HSTS list names, as Chrome's HAR holds it:
     * status 307 "Internal Redirect", the https:// Location and Non-Authoritative-Reason: HSTS, no
     * network and no time.
     */
    /** The navigation {@code e} belongs to: the last navigate or redirect before it (or at its instant), {@code e} aside. */
    private static TraceEvent navigationOf(List<TraceEvent> mine, TraceEvent e) {
        TraceEvent found = null;
        for (TraceEvent x : mine) {
            if (x != e && x.isAny(BrowserEvents.NAVIGATE, BrowserEvents.REDIRECT) && x.time() <= e.time()) {
                found = x;
            }
        }
        return found;
    }

    private static Map<String, Object> internalRedirect(String page, List<TraceEvent> mine, TraceEvent r, Instant epoch) {
        TraceEvent navigation = navigationOf(mine, r);
        String from = navigation == null ? "" : navigation.get(BrowserEvents.URL);
        String to = r.get(BrowserEvents.URL);
        Map<String, Object> request = obj("method", "GET", "url", from, "httpVersion", "", "cookies", List.of(), "headers", List.of(),
                "queryString", List.of(), "headersSize", -1, "bodySize", 0);
        Map<String, Object> response = obj("status", 307, "statusText", "Internal Redirect", "httpVersion", "", "cookies", List.of(),
                "headers", List.of(obj("name", "Location", "value", to), obj("name", "Non-Authoritative-Reason", "value", BrowserEvents.BY_HSTS)),
                "content", obj("size", 0, "mimeType", "x-unknown"), "redirectURL", to, "headersSize", -1, "bodySize", -1);
        Map<String, Object> t = obj("blocked", new Ms(0), "dns", Ms.NONE, "connect", Ms.NONE, "send", new Ms(0), "wait", new Ms(0),
                "receive", new Ms(0), "ssl", Ms.NONE);
        return obj("pageref", page, "startedDateTime", date(epoch, r.time()), "time", new Ms(0), "request", request,
                "response", response, "cache", obj(), "timings", t);
    }

    private static Map<String, Object> unanswered(String page, String url, long startNs, long endNs, String netError, Instant epoch) {
        Ms blocked = Ms.ns(endNs - startNs);
        Map<String, Object> request = obj("method", "GET", "url", url, "httpVersion", "",
                "cookies", List.of(), "headers", List.of(), "queryString", List.of(), "headersSize", -1, "bodySize", 0);
        Map<String, Object> response = obj("status", 0, "statusText", "", "httpVersion", "", "cookies", List.of(),
                "headers", List.of(), "content", obj("size", 0, "mimeType", "x-unknown"), "redirectURL", "",
                "headersSize", -1, "bodySize", -1, "_error", netError);
        Map<String, Object> t = obj("blocked", blocked, "dns", Ms.NONE, "connect", Ms.NONE, "send", new Ms(0), "wait", new Ms(0),
                "receive", new Ms(0), "ssl", Ms.NONE);
        return obj("pageref", page, "startedDateTime", date(epoch, startNs), "time", blocked, "request", request,
                "response", response, "cache", obj(), "timings", t);
    }

    /** HAR 1.2's request cookies: each pair of the Cookie fields as {name, value}. */
    @SuppressWarnings("unchecked")
    private static List<Object> requestCookies(List<Object> headers) {
        List<Object> out = new ArrayList<>();
        for (Object o : headers) {
            Map<String, Object> h = (Map<String, Object>) o;
            if (!"cookie".equalsIgnoreCase((String) h.get("name"))) {
                continue;
            }
            for (String pair : ((String) h.get("value")).split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("name", pair.substring(0, eq).strip());
                    c.put("value", pair.substring(eq + 1).strip());
                    out.add(c);
                }
            }
        }
        return out;
    }

    /**
     * HAR 1.2's response cookies: each Set-Cookie as {name, value, path, domain, expires, httpOnly,
     * secure} with what the field says (path, domain and expires only when given), and Chrome's
     * {@code sameSite} when given.
     */
    @SuppressWarnings("unchecked")
    private static List<Object> responseCookies(List<Object> headers) {
        List<Object> out = new ArrayList<>();
        for (Object o : headers) {
            Map<String, Object> h = (Map<String, Object>) o;
            if (!"set-cookie".equalsIgnoreCase((String) h.get("name"))) {
                continue;
            }
            SetCookie sc = SetCookie.parse((String) h.get("value"));
            if (sc == null) {
                continue;
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", sc.name());
            c.put("value", sc.value());
            if (sc.path() != null) {
                c.put("path", sc.path());
            }
            if (sc.domain() != null) {
                c.put("domain", sc.domain());
            }
            if (sc.expiresMs() != null) {
                c.put("expires", DATE.format(Instant.ofEpochMilli(sc.expiresMs())));
            }
            c.put("httpOnly", sc.httpOnly());
            c.put("secure", sc.secure());
            if (sc.sameSite() != Cookie.SameSite.DEFAULT) {
                c.put("sameSite", sc.sameSite().attribute());
            }
            out.add(c);
        }
        return out;
    }

    /** "Name: value" lines as HAR's list of {name, value}. */
    private static List<Object> headers(String lines) {
        List<Object> out = new ArrayList<>();
        if (lines.isEmpty()) {
            return out;
        }
        for (String l : lines.split("\n")) {
            int colon = l.indexOf(':');
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("name", colon < 0 ? l : l.substring(0, colon));
            h.put("value", colon < 0 ? "" : l.substring(colon + 1).strip());
            out.add(h);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String header(List<Object> headers, String name) {
        for (Object o : headers) {
            Map<String, Object> h = (Map<String, Object>) o;
            if (name.equalsIgnoreCase((String) h.get("name"))) {
                return (String) h.get("value");
            }
        }
        return "";
    }

    private static String date(Instant epoch, long ns) {
        return DATE.format(epoch.plusNanos(ns));
    }

    // ---- a small JSON printer (RFC 8259), two spaces per level, keys in insertion order

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder sb, Object v, String indent) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                sb.append(indent).append("  ");
                string(sb, e.getKey());
                sb.append(": ");
                write(sb, e.getValue(), indent + "  ");
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            sb.append(indent).append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                sb.append(indent).append("  ");
                write(sb, l.get(i), indent + "  ");
                sb.append(i + 1 < l.size() ? ",\n" : "\n");
            }
            sb.append(indent).append(']');
        } else if (v instanceof String s) {
            string(sb, s);
        } else {
            sb.append(v); // numbers and Ms
        }
    }

    private static void string(StringBuilder sb, String s) {
        JsonLinesSink.str(sb, s);
    }
}
