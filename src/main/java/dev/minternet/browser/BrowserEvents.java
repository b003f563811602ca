package dev.minternet.browser;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/**
 * Trace events of layer {@code browser}: what a {@link Browser} does during a visit. The
 * {@link Narrator}'s steps start at these events, so their times are the story's milestones.
 */
public final class BrowserEvents {
    private BrowserEvents() {
    }

    public static final Catalog CATALOG = new Catalog("browser",
            "The browser (browser.Browser): its DNS and HTTP caches, the connection, each fetch, the page load.");

    public static final Field<Long> VISIT = Field.integer("visit", Unit.NONE, "the visit's number on this browser, from 1");
    public static final Field<String> URL = Field.text("url", "the page's (or resource's) URL");
    public static final Field<String> HOST = Field.text("host", "the host name looked up");
    public static final Field<String> RESULT = Field.text("result", "hit or miss");
    public static final Field<String> ADDRESS = Field.text("address", "the host's address (empty when it could not be resolved)");
    public static final Field<Long> AGE_NS = Field.integer("age_ns", Unit.NANOSECONDS, "how long ago the entry was stored");
    public static final Field<Long> PORT = Field.integer("port", Unit.NONE, "the server's port");
    public static final Field<String> LOCAL = Field.text("local", "this end of the TCP connection, address:port");
    public static final Field<String> REMOTE = Field.text("remote", "the server's end, address:port");
    public static final Field<String> ALPN = Field.text("alpn", "the protocol ALPN chose (h2, http/1.1)");
    public static final Field<String> PATH = Field.text("path", "the resource's path");
    public static final Field<Long> MAX_AGE_NS = Field.integer("max_age_ns", Unit.NANOSECONDS, "the cached response's Cache-Control max-age");
    public static final Field<Long> BYTES = Field.integer("bytes", Unit.BYTES, "the body's size after decoding");
    public static final Field<Boolean> DOCUMENT = Field.flag("document", "the page itself (not a sub-resource)");
    public static final Field<String> CONDITIONAL = Field.text("conditional", "the ETag sent in If-None-Match, empty when none");
    public static final Field<Long> STATUS = Field.integer("status", Unit.NONE, "the status code (0 when the fetch failed)");
    public static final Field<String> PROTOCOL = Field.text("protocol", "h2 or http/1.1");
    public static final Field<Long> WIRE_BYTES = Field.integer("wire_bytes", Unit.BYTES, "the body's size on the wire (compressed)");
    public static final Field<String> ENCODING = Field.text("encoding", "Content-Encoding, empty when none");
    public static final Field<String> TYPE = Field.text("type", "Content-Type");
    public static final Field<String> CACHE_CONTROL = Field.text("cache_control", "Cache-Control, empty when none");
    public static final Field<String> ETAG = Field.text("etag", "ETag, empty when none");
    public static final Field<String> SERVER = Field.text("server", "the Server header");
    public static final Field<Long> SENT = Field.integer("sent", Unit.NANOSECONDS, "when the request went out (simulated time)");
    public static final Field<Long> FIRST_BYTE = Field.integer("first_byte", Unit.NANOSECONDS, "when the response's first byte arrived (simulated time)");
    public static final Field<String> CONNECTION = Field.text("connection",
            "the connection the request went on, named by its local end address:port");
    public static final Field<String> REQUEST_HEADERS = Field.text("request_headers",
            "the request's header fields as sent, one 'Name: value' per line");
    public static final Field<String> RESPONSE_HEADERS = Field.text("response_headers",
            "the response's header fields as received, one 'Name: value' per line");
    public static final Field<Long> CONNECT_NS = Field.integer("connect_ns", Unit.NANOSECONDS,
            "when the browser began to open this connection (simulated time)");
    public static final Field<Long> IDLE_NS = Field.integer("idle_ns", Unit.NANOSECONDS, "how long the connection had been idle");
    public static final Field<Long> OPENED_BY = Field.integer("opened_by", Unit.NONE, "the visit that opened the connection");
    public static final Field<String> ERROR = Field.text("error", "why it failed");
    public static final Field<String> REFERENCES = Field.text("references", "the sub-resources the page names (link, script, img), space-separated");
    public static final Field<Long> LOAD_NS = Field.integer("load_ns", Unit.NANOSECONDS, "from navigate to the last sub-resource");
    public static final Field<String> TEXT = Field.text("text", "what the server pushed (clipped to 200 characters)");
    public static final Field<Long> OPEN_NS = Field.integer("open_ns", Unit.NANOSECONDS, "from the script's new WebSocket() to 101 Switching Protocols");
    public static final Field<Long> CODE = Field.integer("code", Unit.NONE, "the close status code (RFC 6455 7.4)");

    public static final EventType NAVIGATE = CATALOG.event("navigate", "a visit starts", VISIT, URL);
    public static final EventType DNS_CACHE_HIT = CATALOG.event("dns-cache", "the browser's own DNS cache knows the host (result hit)",
            VISIT, HOST, RESULT, ADDRESS, AGE_NS);
    public static final EventType DNS_CACHE_MISS = CATALOG.event("dns-cache", "the browser's DNS cache does not: ask the operating system (result miss)",
            VISIT, HOST, RESULT);
    public static final EventType IP_LITERAL = CATALOG.event("ip-literal",
            "the URL's host is an IP address (IPv4, or IPv6 in brackets): no DNS lookup, the browser connects to it", VISIT, HOST);
    public static final EventType RESOLVED = CATALOG.event("resolved", "the stub resolver answered", VISIT, HOST, ADDRESS);
    public static final EventType CONNECT = CATALOG.event("connect", "the browser opens a connection", VISIT, ADDRESS, PORT);
    public static final Field<String> FAMILY = Field.text("family", "IPv6 or IPv4");
    public static final Field<String> WHY = Field.text("why", "how the race went");
    public static final EventType HAPPY_EYEBALLS = CATALOG.event("happy-eyeballs",
            "Happy Eyeballs v2 (RFC 8305, 250 ms connection attempt delay) chose the family whose TCP handshake completed first",
            VISIT, FAMILY, ADDRESS, WHY);
    public static final EventType ONE_FAMILY = CATALOG.event("one-family",
            "the name has IPv6 addresses and no IPv4 one (AAAA records, no A record): the connection goes over IPv6, "
                    + "its addresses tried one after another (RFC 8305 with a single family)", VISIT, FAMILY, ADDRESS, WHY);
    public static final EventType CONNECTED = CATALOG.event("connected", "TCP is established", VISIT, LOCAL, REMOTE, CONNECT_NS);
    public static final EventType TLS_DONE = CATALOG.event("tls-done", "the TLS handshake completed", VISIT, ALPN, LOCAL);
    public static final EventType REUSE = CATALOG.event("reuse",
            "the page goes on a connection kept open since an earlier visit (keep-alive): no TCP or TLS handshake",
            VISIT, LOCAL, REMOTE, ALPN, IDLE_NS, OPENED_BY);
    public static final EventType COALESCE = CATALOG.event("coalesce",
            "requests for this host go on an open HTTP/2 connection of another host at the same address and port whose "
                    + "certificate covers this one (Chromium's connection pooling by IP): no TCP or TLS handshake",
            VISIT, HOST, LOCAL, REMOTE, ALPN, OPENED_BY);
    public static final EventType CACHE_HIT = CATALOG.event("cache-hit", "a sub-resource is fresh in the HTTP cache: no request",
            VISIT, URL, PATH, AGE_NS, MAX_AGE_NS, BYTES);
    public static final Field<String> COOKIE_NAME = Field.text("name", "the cookie's name (empty when the Set-Cookie was not a name=value pair)");
    public static final Field<String> COOKIE_DOMAIN = Field.text("domain", "the cookie's domain (its host for a host-only cookie)");
    public static final Field<String> COOKIE_PATH = Field.text("cookie_path", "the cookie's path");
    public static final Field<String> ATTRIBUTES = Field.text("attributes", "host-only or domain, Secure, HttpOnly, SameSite, session or expiry");
    public static final Field<String> REFUSED = Field.text("refused", "why the jar did not store it (RFC 6265/6265bis), empty when stored");
    public static final EventType COOKIE = CATALOG.event("cookie", "a Set-Cookie of a response went to the cookie jar (or was refused, or deleted a cookie)",
            VISIT, URL, COOKIE_NAME, COOKIE_DOMAIN, COOKIE_PATH, ATTRIBUTES, REFUSED);
    public static final EventType FETCH_START = CATALOG.event("fetch-start", "the page asks for a resource (sent at once, or when a connection is free)",
            VISIT, URL, PATH, DOCUMENT, CONDITIONAL, REQUEST_HEADERS);
    public static final EventType FETCH_DONE = CATALOG.event("fetch-done", "the response arrived",
            VISIT, URL, PATH, STATUS, PROTOCOL, BYTES, WIRE_BYTES, ENCODING, TYPE, CACHE_CONTROL, ETAG, SERVER, SENT, FIRST_BYTE,
            RESPONSE_HEADERS, CONNECTION);
    public static final EventType FETCH_FAILED = CATALOG.event("fetch-done", "the request got no response (status 0)", VISIT, URL, PATH, STATUS, ERROR,
            CONNECTION);
    public static final Field<String> NET_ERROR = Field.text("net_error", "the net error Chromium reports when the visit failed "
            + "before its first request (net::ERR_NAME_NOT_RESOLVED, net::ERR_CONNECTION_REFUSED, net::ERR_CERT_COMMON_NAME_INVALID...), "
            + "the HAR's _error; empty when it failed otherwise (a URL refused, a request that got no response)");
    public static final Field<Long> ASKED_NS = Field.integer("asked_ns", Unit.NANOSECONDS, "when the page asked for it (simulated time)");
    public static final EventType UNSENT = CATALOG.event("unsent",
            "a sub-resource on another origin was never requested: its origin's lookup or connection failed first "
                    + "(Chromium's net error, the HAR's _error)", VISIT, URL, ASKED_NS, ERROR, NET_ERROR);
    public static final EventType PARSED = CATALOG.event("parsed", "the HTML was read for sub-resources", VISIT, PATH, REFERENCES);
    public static final Field<String> LOCATION = Field.text("location", "the Location field as the server sent it");
    public static final Field<String> NON_AUTHORITATIVE = Field.text("non_authoritative",
            "HSTS when the browser redirected on its own (Chromium's 307 Internal Redirect, Non-Authoritative-Reason), empty for the server's");
    /** {@link #NON_AUTHORITATIVE}'s value for an upgrade by the browser's HSTS list. */
    public static final String BY_HSTS = "HSTS";
    public static final EventType REDIRECT = CATALOG.event("redirect",
            "the page's response was a redirect (301, 302, 303, 307 or 308 with a Location): the browser navigates to the URL "
                    + "it names, resolved against the page's (up to 20 redirects, then net::ERR_TOO_MANY_REDIRECTS); or the page's "
                    + "http:// URL names a host the browser knows as HTTPS-only (HSTS): it goes to https:// without asking (307)",
            VISIT, URL, STATUS, LOCATION, NON_AUTHORITATIVE);
    public static final Field<Boolean> SUBDOMAINS = Field.flag("subdomains", "the policy covers the host's subdomains (includeSubDomains)");
    public static final Field<String> FIELD = Field.text("field", "the Strict-Transport-Security field as received");
    public static final EventType HSTS = CATALOG.event("hsts",
            "a response over HTTPS carried Strict-Transport-Security (RFC 6797): the browser will reach the host over HTTPS only "
                    + "for max_age_ns (0: it forgets the host)", VISIT, HOST, MAX_AGE_NS, SUBDOMAINS, FIELD);
    public static final EventType PAGE_LOADED = CATALOG.event("page-loaded", "the page and every sub-resource are in", VISIT, URL, LOAD_NS);
    public static final EventType FAILED = CATALOG.event("failed", "the visit failed", VISIT, URL, ERROR, NET_ERROR);
    public static final EventType WS_OPEN = CATALOG.event("ws-open", "after the load, the page's script opens a WebSocket", VISIT, URL);
    public static final EventType WS_CONNECTED = CATALOG.event("ws-connected",
            "the page's WebSocket's TCP connection is up, over the family Happy Eyeballs v2 chose (RFC 8305: AAAA beside A, "
                    + "250 ms connection attempt delay), the only one the name has, or that of the IP literal the URL names (no lookup)", VISIT, URL, FAMILY, LOCAL, REMOTE, WHY);
    public static final EventType WS_UPGRADED = CATALOG.event("ws-upgraded", "the server answered 101 Switching Protocols: the socket is open",
            VISIT, URL, LOCAL, OPEN_NS);
    public static final EventType WS_MESSAGE = CATALOG.event("ws-message", "the server pushed a message on the page's WebSocket", VISIT, URL, TEXT, BYTES);
    public static final EventType WS_FAILED = CATALOG.event("ws-failed", "the page's WebSocket could not open or broke", VISIT, URL, ERROR);
    public static final EventType WS_CLOSED = CATALOG.event("ws-closed", "the page's WebSocket closed", VISIT, URL, CODE);
}
