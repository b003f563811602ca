package dev.minternet.browser;

import static dev.minternet.browser.HttpFields.attributes;
import static dev.minternet.browser.HttpFields.lines;
import static dev.minternet.browser.HttpFields.maxAge;
import static dev.minternet.browser.HttpFields.str;

import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.HappyEyeballs;
import dev.minternet.endpoint.Steps;
import dev.minternet.http.Cookie;
import dev.minternet.http.CookieJar;
import dev.minternet.http.Exchange;
import dev.minternet.http.Headers;
import dev.minternet.http.HttpClient;
import dev.minternet.http.HttpProtocol;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.tls.HostnameMatcher;
import dev.minternet.tls.TlsStreamSocket;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.IpAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A browser on a node: its own DNS cache in front of the node's stub resolver, connections per
 * origin (TCP, TLS with ALPN h2/http/1.1) kept open after a page loads (keep-alive) and reused by
 * the next visit, the HTML first, then the sub-resources it names ({@code href} and {@code src}
 * of link, script and img): as parallel streams on the one HTTP/2 connection, or over HTTP/1.1 on
 * up to {@link #MAX_CONNECTIONS_PER_ORIGIN} connections, one request at a time on each, as
 * Chromium does; and an HTTP cache that honours Cache-Control max-age and revalidates with ETags
 * (the page itself is always revalidated, as on a reload). Everything it does is reported as
 * "browser" trace events, which the narrator reads.
 */
public final class Browser {
    /** Chrome keeps host-cache entries about a minute. */
    static final long DNS_CACHE_NS = 60 * Durations.S;
    static final long REQUEST_TIMEOUT_NS = 30 * Durations.S;
    /** Chromium's HTTP/1.1 limit of connections per origin (its socket pool's max sockets per group). */
    static final int MAX_CONNECTIONS_PER_ORIGIN = 6;
    /** Chromium closes a used socket that has been idle 5 minutes (its pool's used idle socket timeout). */
    static final long IDLE_TIMEOUT_NS = 300 * Durations.S;
    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Minternet/0.1";

    /** A name's answer in the browser's DNS cache: its IPv4 address, or 0 when it has only AAAA records (in {@link #aaaa}). */
    private record DnsEntry(int addr, long expires) {
    }

    private record Cached(Response response, long storedAt, long maxAgeNs, String etag) {
        boolean fresh(long now) {
            return maxAgeNs > 0 && now - storedAt < maxAgeNs;
        }
    }

    /** A connection to an origin, open or opening; kept after a visit for the next one. */
    private static final class Conn {
        final IpAddress addr;
        final int port;
        HttpClient client;
        /** The server's certificate when its chain verified (what an HTTP/2 connection may be coalesced on), else null. */
        java.security.cert.X509Certificate leaf;
        /** The local end, address:port, once TCP is up. */
        String local = "";
        /** The server's end as connected (an IPv6 one when Happy Eyeballs chose IPv6), once TCP is up. */
        String remote = "";
        /** Whether a request is in flight on it (HTTP/1.1 carries one at a time). */
        boolean busy;
        long idleSince;
        final int openedBy;

        Conn(IpAddress addr, int port, int openedBy) {
            this.addr = addr;
            this.port = port;
            this.openedBy = openedBy;
        }

        boolean h2() {
            return client != null && client.protocol() == HttpProtocol.H2;
        }

        boolean open() {
            return client != null && client.isOpen();
        }
    }

    /** A request waiting for a free HTTP/1.1 connection. */
    private record Waiting(Visit visit, Request request, String path, String key, boolean document, Cached old) {
    }

    private final Node node;
    private final Trace trace;
    private final Map<String, DnsEntry> dns = new HashMap<>();
    /** The AAAA answers beside the A ones, per host, for Happy Eyeballs (RFC 8305). */
    private final Map<String, List<dev.minternet.wire.Ip6>> aaaa = new HashMap<>();
    private final Map<String, Cached> cache = new HashMap<>();
    /** Connections by origin (scheme://host:port), in the order they were opened. */
    private final Map<String, List<Conn>> pool = new java.util.LinkedHashMap<>();
    /** Requests waiting for a connection of their origin, first come first served. */
    private final Map<String, ArrayDeque<Waiting>> queue = new HashMap<>();
    private int visits;
    private final PageSockets sockets;
    private long lastLoadNs = -1;
    /** The hosts that asked for HTTPS only (Strict-Transport-Security), kept across visits. */
    private final HstsStore hsts = new HstsStore();
    /** The cookie jar (RFC 6265), kept across the visits of this browser as a browser keeps it. */
    private final CookieJar cookies = new CookieJar();

    public Browser(Node node) {
        this.node = node;
        this.trace = node.trace();
        this.sockets = new PageSockets(node, this::socketLookup);
    }

    private void emit(EventType type, Object... values) {
        trace.emit(node.name(), type, values);
    }

    /** Asks the stub resolver for {@code name} (AAAA beside A on a dual-stack node, kept in {@link #aaaa}). */
    private void ask(String name, IntConsumer then) {
        DualStackLookup.ask(node, name, aaaa, then);
    }

    /**
     * A page WebSocket's lookup of a name (an IP literal needs none, {@link PageSockets}): the
     * browser's DNS cache, else the resolver as the page asks it (AAAA beside A).
     */
    private void socketLookup(String name, PageSockets.Resolved then) {
        DnsEntry e = dns.get(name);
        if (e != null && e.expires > node.sim().now()) {
            then.accept(e.addr, aaaa.getOrDefault(name, List.of()));
            return;
        }
        ask(name, addr -> {
            if (addr != 0 || !aaaa.getOrDefault(name, List.of()).isEmpty()) {
                dns.put(name, new DnsEntry(addr, node.sim().now() + DNS_CACHE_NS));
            }
            then.accept(addr, aaaa.getOrDefault(name, List.of()));
        });
    }

    /** The last visit's page load time, or -1 when it failed (read it in a visit's {@code done}). */
    public long lastLoadNs() {
        return lastLoadNs;
    }

    /**
     * Loads {@code url} and its sub-resources; {@code done} runs when the page has loaded (or
     * failed) and the WebSockets its scripts open have settled ({@link PageSockets}). The
     * previous page's sockets close first, as navigating away closes them.
     */
    public void visit(String url, Runnable done) {
        sockets.leave();
        new Visit(++visits, Urls.canonicalOrAsIs(url), done).start();
    }

    /** Chromium's limit on the redirects of one navigation (URLRequest's kMaxRedirects): net::ERR_TOO_MANY_REDIRECTS after it. */
    static final int MAX_REDIRECTS = 20;

    private final class Visit {
        final int n;
        /** The page's URL: the one navigated to, then the one each redirect names. */
        String url;
        /** Redirects followed so far. */
        int redirects;
        final Runnable done;
        final long t0;
        String scheme;
        String host;
        int port;
        String base;
        /** scheme://host:port, the key of the origin's connections and waiting requests. */
        String origin;
        /** The origin's connections. */
        List<Conn> conns;
        /** The connection the page came on (null until it is up). */
        Conn page;
        IpAddress addr;
        int pending;
        boolean finished;
        final List<String> webSockets = new ArrayList<>();

        Visit(int n, String url, Runnable done) {
            this.n = n;
            this.url = url;
            this.done = done;
            this.t0 = node.sim().now();
        }

        void start() {
            emit(BrowserEvents.NAVIGATE, n, url);
            go();
        }

        /** Looks the URL's host up and connects to it (the navigation, or the one a redirect starts). */
        void go() {
            URI u;
            try {
                Urls.canonical(url);
                u = new URI(url);
            } catch (IllegalArgumentException e) {
                fail(e.getMessage());
                return;
            } catch (Exception e) {
                fail("not a URL: " + url);
                return;
            }
            scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            host = u.getHost();
            if (!(scheme.equals("http") || scheme.equals("https")) || host == null) {
                fail("only http:// and https:// URLs with a host");
                return;
            }
            port = u.getPort() > 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
            base = scheme + "://" + host + (u.getPort() > 0 ? ":" + port : "");
            origin = scheme + "://" + host + ":" + port;
            HstsStore.Entry known = scheme.equals("http") ? hsts.find(host, node.sim().now()) : null;
            if (known != null) {
                // RFC 6797 8.3: the URL made https before anything leaves (port 80 becomes 443, another stays)
                String next = "https://" + Urls.authority(host, port == 80 ? 443 : port, true) + url.substring(base.length());
                emit(BrowserEvents.REDIRECT, n, next, 307, next, BrowserEvents.BY_HSTS);
                url = next;
                go();
                return;
            }
            conns = pool.computeIfAbsent(origin, k -> new ArrayList<>());
            lookup(host, this::connect, why -> fail(why, NetErrors.NAME_NOT_RESOLVED));
        }

        /**
         * The browser's name lookup: an IP literal (RFC 3986 3.2.2) names the server itself,
         * else the browser's DNS cache, else the stub resolver; {@code onFail} gets the reason.
         */
        void lookup(String name, Consumer<IpAddress> then, Consumer<String> onFail) {
            IpAddress literal = Urls.literal(name);
            if (literal != null) {
                emit(BrowserEvents.IP_LITERAL, n, literal.isV6() ? literal.toString() : name);
                then.accept(literal);
                return;
            }
            long now = node.sim().now();
            DnsEntry e = dns.get(name);
            List<Ip6> v6 = aaaa.getOrDefault(name, List.of());
            if (e != null && e.expires > now && (e.addr != 0 || !v6.isEmpty())) {
                emit(BrowserEvents.DNS_CACHE_HIT, n, name, "hit", e.addr != 0 ? Ip4.str(e.addr) : DualStackLookup.joined(v6), now - (e.expires - DNS_CACHE_NS));
                then.accept(e.addr != 0 ? IpAddress.of(e.addr) : IpAddress.of(v6.get(0)));
                return;
            }
            emit(BrowserEvents.DNS_CACHE_MISS, n, name, "miss");
            ask(name, addr -> resolved(name, addr, then, onFail));
        }

        /** The answer: the A record's address, else (a name with AAAA records only) the first IPv6 address. */
        private void resolved(String name, int addr, Consumer<IpAddress> then, Consumer<String> onFail) {
            List<Ip6> v6 = aaaa.getOrDefault(name, List.of());
            if (addr == 0 && !v6.isEmpty()) {
                dns.put(name, new DnsEntry(0, node.sim().now() + DNS_CACHE_NS));
                emit(BrowserEvents.RESOLVED, n, name, DualStackLookup.joined(v6));
                then.accept(IpAddress.of(v6.get(0)));
                return;
            }
            if (addr == 0) {
                emit(BrowserEvents.RESOLVED, n, name, "");
                onFail.accept("could not resolve " + name);
                return;
            }
            dns.put(name, new DnsEntry(addr, node.sim().now() + DNS_CACHE_NS));
            emit(BrowserEvents.RESOLVED, n, name, Ip4.str(addr));
            then.accept(IpAddress.of(addr));
        }

        /** The page's connection: an idle one kept open to this address, else a new one. */
        void connect(IpAddress address) {
            addr = address;
            long now = node.sim().now();
            for (Conn c : conns) {
                if (c.addr.equals(address) && c.open() && !c.busy && now - c.idleSince < IDLE_TIMEOUT_NS) {
                    page = c;
                    emit(BrowserEvents.REUSE, n, c.local, c.remote, c.client.protocol().alpnId(),
                            now - c.idleSince, c.openedBy);
                    http();
                    return;
                }
            }
            Conn shared = coalescable(address, port, scheme, host, now);
            if (shared != null) {
                page = shared;
                emit(BrowserEvents.COALESCE, n, host, shared.local, shared.remote, shared.client.protocol().alpnId(),
                        shared.openedBy);
                http();
                return;
            }
            conns.removeIf(c -> c.client != null && (!c.open() || now - c.idleSince >= IDLE_TIMEOUT_NS) && close(c));
            open(c -> {
                page = c;
                http();
            }, f -> fail(NetErrors.why(f), NetErrors.of(f)));
        }

        /** Opens a new connection to the origin; {@code up} gets it when HTTP is ready, {@code down} why it failed. */
        void open(java.util.function.Consumer<Conn> up, java.util.function.Consumer<Steps.Failure> down) {
            open(addr, scheme, host, port, conns, up, down);
        }

        /** Opens a new connection to {@code scheme://host:port} at {@code addr}, kept in {@code conns}. */
        void open(IpAddress addr, String scheme, String host, int port, List<Conn> conns, java.util.function.Consumer<Conn> up,
                  java.util.function.Consumer<Steps.Failure> down) {
            Conn conn = new Conn(addr, port, n);
            conns.add(conn);
            long begun = node.sim().now();
            emit(BrowserEvents.CONNECT, n, addr.toString(), port);
            String hostHeader = Urls.authority(host, port, scheme.equals("https"));
            HttpClient.Options o = HttpClient.Options.curl(hostHeader).withUserAgent(USER_AGENT).withCompressed(true);
            Dial d = Urls.dial(host, addr, port, scheme.equals("https"), o);
            Steps steps = new Steps() {
                @Override
                public void tcpConnected(StreamSocket s) {
                    conn.local = Ip6.hostPort(s.localHost(), s.localPort());
                    conn.remote = Ip6.hostPort(s.remoteHost(), port);
                    emit(BrowserEvents.CONNECTED, n, conn.local, conn.remote, begun);
                }

                @Override
                public void tlsDone(TlsStreamSocket t) {
                    var session = t.session();
                    if (session != null && session.verification() == null && !session.peerCertificates().isEmpty()) {
                        conn.leaf = session.peerCertificates().get(0);
                    }
                    emit(BrowserEvents.TLS_DONE, n, t.applicationProtocol(), conn.local);
                }

                @Override
                public void ready(HttpClient c) {
                    conn.client = c;
                    conn.idleSince = node.sim().now();
                    up.accept(conn);
                }

                @Override
                public void failed(Steps.Failure f) {
                    conns.remove(conn);
                    down.accept(f);
                }
            };
            List<Ip6> v6 = aaaa.getOrDefault(host, List.of());
            if (v6.isEmpty()) {
                Endpoints.connect(node, d, steps); // one address: the A record's, or the URL's IP literal
                return;
            }
            // Happy Eyeballs v2 with the RFC's 250 ms connection attempt delay (curl's own is 200 ms), or IPv6
            // alone when the name has no A record (addr is then its first IPv6 address)
            DualStackLookup.connect(node, addr.isV6() ? null : d, DualStackLookup.to6(d, v6), steps,
                    (w, raced, why) -> emit(raced ? BrowserEvents.HAPPY_EYEBALLS : BrowserEvents.ONE_FAMILY, n,
                            HappyEyeballs.family(w), w.host(), why));
        }

        void http() {
            String path = url.substring(base.length());
            if (path.isEmpty()) {
                path = "/";
            }
            pending = 1;
            fetch(path, true);
        }

        void fetch(String path, boolean document) {
            if (!document && !path.startsWith("/")) {
                fetchOther(path);
                return;
            }
            String key = base + path;
            Cached c = cache.get(key);
            long now = node.sim().now();
            if (!document && c != null && c.fresh(now)) {
                emit(BrowserEvents.CACHE_HIT, n, key, path, now - c.storedAt, c.maxAgeNs, c.response.body().length);
                finished(path, document, c.response);
                return;
            }
            Request r = Request.get(path);
            if (c != null && c.etag != null) {
                r = r.withHeader("If-None-Match", c.etag);
            }
            String cookie = cookies.header(where(path), context(document), nowMs());
            if (cookie != null) {
                r = r.withHeader("Cookie", cookie);
            }
            emit(BrowserEvents.FETCH_START, n, key, path, document, c != null && c.etag != null ? c.etag : "",
                    lines(page.client.withDefaults(r).headers()));
            dispatch(new Waiting(this, r, path, key, document, c));
        }

        /**
         * Sends {@code w} on the page's connection when it is HTTP/2; over HTTP/1.1 on an idle
         * connection of the origin, else on a new one while there are fewer than six, else it
         * waits for the first to come free.
         */
        void dispatch(Waiting w) {
            if (page.h2()) {
                send(page, w);
                return;
            }
            int live = 0;
            for (Conn c : conns) {
                if (c.client == null || c.open()) {
                    live++;
                }
                if (c.addr.equals(addr) && c.open() && !c.busy) {
                    send(c, w);
                    return;
                }
            }
            if (live < MAX_CONNECTIONS_PER_ORIGIN) {
                open(c -> send(c, w), why -> {
                    emit(BrowserEvents.FETCH_FAILED, n, w.key(), w.path(), 0, why, "");
                    finished(w.path(), w.document(), null);
                });
                return;
            }
            queue.computeIfAbsent(origin, k -> new ArrayDeque<>()).add(w);
        }

        void send(Conn c, Waiting w) {
            c.busy = !c.h2();
            c.client.send(w.request(), REQUEST_TIMEOUT_NS, e -> {
                c.busy = false;
                c.idleSince = node.sim().now();
                w.visit().response(e, c, w.path(), w.key(), w.document(), w.old());
                Waiting next = c.open() ? pollQueue(origin) : null;
                if (next != null) {
                    next.visit().send(c, next);
                }
            });
        }

        /**
         * The page's response was a redirect: the browser navigates to its Location, resolved
         * against the page's URL (RFC 9110 10.2.2), as Chromium follows a main-frame redirect:
         * its DNS cache, then a connection to the new origin (an idle one of that origin is reused).
         * Only http and https are followed; after {@link #MAX_REDIRECTS} the visit fails.
         */
        void redirect(int status, String location) {
            String next = Urls.redirectTarget(url, location);
            if (next == null || next.isEmpty()) {
                fail("the redirect's Location is not " + (next == null ? "a URL: " : "an http or https URL: ") + location,
                        next == null ? "net::ERR_INVALID_REDIRECT" : "net::ERR_UNSAFE_REDIRECT");
                return;
            }
            if (redirects >= MAX_REDIRECTS) {
                fail("more than " + MAX_REDIRECTS + " redirects", "net::ERR_TOO_MANY_REDIRECTS");
                return;
            }
            redirects++;
            emit(BrowserEvents.REDIRECT, n, next, status, location, "");
            url = next;
            page = null;
            addr = null;
            pending = 0;
            go();
        }

        void response(Exchange e, Conn conn, String path, String key, boolean document, Cached old) {
            if (finished) {
                return;
            }
            if (!e.ok()) {
                emit(BrowserEvents.FETCH_FAILED, n, key, path, 0, String.valueOf(e.error()), conn.local);
                if (document) {
                    fail("the page did not arrive: " + e.error());
                } else {
                    finished(path, false, null);
                }
                return;
            }
            Response resp = e.response();
            Headers h = resp.headers();
            Response usable = resp;
            long now = node.sim().now();
            for (CookieJar.Stored st : cookies.storeAll(h, where(path), context(document), nowMs())) {
                Cookie ck = st.cookie();
                emit(BrowserEvents.COOKIE, n, key, st.name(), ck == null ? "" : ck.domain(), ck == null ? "" : ck.path(),
                        ck == null ? "" : attributes(ck), st.refused() == null ? "" : st.refused());
            }
            if (resp.status() == 304 && old != null) {
                usable = old.response;
                cache.put(key, new Cached(old.response, now, maxAge(h, old.maxAgeNs), old.etag));
            } else if (resp.status() == 200) {
                long maxAge = maxAge(h, 0);
                String etag = h.get("ETag");
                if (maxAge > 0 || etag != null) {
                    cache.put(key, new Cached(resp, now, maxAge, etag));
                }
            }
            emit(BrowserEvents.FETCH_DONE, n, key, path, resp.status(), e.protocol().alpnId(), resp.body().length,
                    e.wireBodyBytes(), str(e.wireHeaders().get("Content-Encoding")), str(h.get("Content-Type")), str(h.get("Cache-Control")),
                    str(h.get("ETag")), str(h.get("Server")), e.sentNs(), e.firstByteNs(), lines(e.wireHeaders()), conn.local);
            HstsStore.Entry noted = scheme.equals("https") ? hsts.note(host, h.get("Strict-Transport-Security"), now, n) : null;
            if (noted != null) {
                emit(BrowserEvents.HSTS, n, noted.host(), noted.expiresNs() - now, noted.includeSubDomains(), noted.field());
            }
            String location = h.get("Location");
            if (document && location != null && HttpFields.isRedirect(resp.status())) {
                redirect(resp.status(), location);
                return;
            }
            finished(path, document, usable);
        }

        void finished(String path, boolean document, Response r) {
            if (document && r != null) {
                String type = str(r.headers().get("Content-Type"));
                List<String> refs = type.startsWith("text/html") ? Urls.references(r.bodyText(), base) : List.of();
                emit(BrowserEvents.PARSED, n, path, String.join(" ", refs));
                pending += refs.size();
                for (String ref : refs) {
                    fetch(ref, false);
                }
            }
            if (!document && r != null && str(r.headers().get("Content-Type")).startsWith("text/javascript")) {
                webSockets.addAll(PageSockets.urls(r.bodyText()));
            }
            pending--;
            if (pending == 0) {
                complete();
            }
        }

        /** Where a request for {@code path} of this page's origin goes, for the cookie jar. */
        CookieJar.Where where(String path) {
            return CookieJar.Where.of(scheme, host, path);
        }

        /**
         * The SameSite context: the page is a top-level navigation the user typed (same-site); a
         * sub-resource is cross-site when its site differs from the page's (never today: the
         * browser fetches only the page's own origin).
         */
        CookieJar.Context context(boolean document) {
            return document ? CookieJar.Context.SAME_SITE
                    : new CookieJar.Context(!CookieJar.sameSite(scheme, host, scheme, host), false, "GET");
        }

        /** The other origins the page names, by scheme://host:port, in the order first named. */
        final Map<String, Other> others = new java.util.LinkedHashMap<>();

        /**
         * A sub-resource on another origin (an absolute URL): from the cache when fresh, else through
         * that origin's {@link Other}, which looks the host up and connects first.
         */
        void fetchOther(String url) {
            Cached c = cache.get(url);
            long now = node.sim().now();
            if (c != null && c.fresh(now)) {
                emit(BrowserEvents.CACHE_HIT, n, url, url, now - c.storedAt, c.maxAgeNs, c.response.body().length);
                finished(url, false, c.response);
                return;
            }
            URI u;
            try {
                u = new URI(Urls.canonical(url));
            } catch (IllegalArgumentException e) {
                emit(BrowserEvents.FETCH_FAILED, n, url, url, 0, e.getMessage(), "");
                finished(url, false, null);
                return;
            } catch (Exception e) {
                emit(BrowserEvents.FETCH_FAILED, n, url, url, 0, "not a URL", "");
                finished(url, false, null);
                return;
            }
            String sch = u.getScheme().toLowerCase(Locale.ROOT);
            int p = u.getPort() > 0 ? u.getPort() : sch.equals("https") ? 443 : 80;
            if (u.getHost() == null) {
                emit(BrowserEvents.FETCH_FAILED, n, url, url, 0, "no host", "");
                finished(url, false, null);
                return;
            }
            String key = sch + "://" + u.getHost() + ":" + p;
            Other o = others.computeIfAbsent(key, k -> new Other(sch, u.getHost(), p));
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            if (u.getRawQuery() != null) {
                path += "?" + u.getRawQuery();
            }
            o.request(url, path, c);
        }

        /**
         * Another origin of this visit (as Chromium, one socket group per scheme, host and port):
         * the browser's DNS cache or the stub resolver, then a connection of its own (one kept
         * open from an earlier visit, or a new TCP and TLS handshake). Its requests wait until the
         * connection is up; over HTTP/2 they go as parallel streams, over HTTP/1.1 one after
         * another on that one connection (modelled: Chromium would open up to six).
         */
        final class Other {
            final String scheme;
            final String host;
            final int port;
            final List<Conn> conns;
            Conn conn;
            boolean started;
            final ArrayDeque<Object[]> waiting = new ArrayDeque<>();

            Other(String scheme, String host, int port) {
                this.scheme = scheme;
                this.host = host;
                this.port = port;
                this.conns = pool.computeIfAbsent(scheme + "://" + host + ":" + port, k -> new ArrayList<>());
            }

            void request(String url, String path, Cached old) {
                waiting.add(new Object[] {url, path, old, node.sim().now()});
                if (conn != null) {
                    drain();
                } else if (!started) {
                    started = true;
                    resolve();
                }
            }

            void resolve() {
                lookup(host, this::connect, why -> failAll(why, NetErrors.NAME_NOT_RESOLVED));
            }

            void connect(IpAddress address) {
                long now = node.sim().now();
                for (Conn c : conns) {
                    if (c.addr.equals(address) && c.open() && !c.busy && now - c.idleSince < IDLE_TIMEOUT_NS) {
                        conn = c;
                        emit(BrowserEvents.REUSE, n, c.local, c.remote, c.client.protocol().alpnId(),
                                now - c.idleSince, c.openedBy);
                        drain();
                        return;
                    }
                }
                Conn shared = coalescable(address, port, scheme, host, now);
                if (shared != null) {
                    conn = shared;
                    emit(BrowserEvents.COALESCE, n, host, shared.local, shared.remote,
                            shared.client.protocol().alpnId(), shared.openedBy);
                    drain();
                    return;
                }
                conns.removeIf(c -> c.client != null && (!c.open() || now - c.idleSince >= IDLE_TIMEOUT_NS) && close(c));
                open(address, scheme, host, port, conns, c -> {
                    conn = c;
                    drain();
                }, f -> failAll(NetErrors.why(f), NetErrors.of(f)));
            }

            /** Sends what waits: all at once over HTTP/2, the next one when the connection is free over HTTP/1.1. */
            void drain() {
                while (!waiting.isEmpty() && !conn.busy) {
                    Object[] w = waiting.poll();
                    String url = (String) w[0];
                    Cached old = (Cached) w[2];
                    Request r = Request.get((String) w[1]);
                    if (old != null && old.etag != null) {
                        r = r.withHeader("If-None-Match", old.etag);
                    }
                    emit(BrowserEvents.FETCH_START, n, url, url, false, old != null && old.etag != null ? old.etag : "",
                            lines(conn.client.withDefaults(r).headers()));
                    Conn c = conn;
                    c.busy = !c.h2();
                    c.client.send(r, REQUEST_TIMEOUT_NS, e -> {
                        c.busy = false;
                        c.idleSince = node.sim().now();
                        response(e, c, url, url, false, old);
                        if (c.open()) {
                            drain();
                        } else {
                            failAll("the connection to " + host + " closed", "");
                        }
                    });
                }
            }

            /**
             * Every waiting request fails with {@code why}; with Chromium's {@code netError} they were never
             * sent (the origin's lookup or connection failed), which the HAR records as devtools does.
             */
            void failAll(String why, String netError) {
                while (!waiting.isEmpty()) {
                    Object[] w = waiting.poll();
                    String url = (String) w[0];
                    if (!netError.isEmpty()) {
                        emit(BrowserEvents.UNSENT, n, url, (long) w[3], why, netError);
                    }
                    emit(BrowserEvents.FETCH_FAILED, n, url, url, 0, why, "");
                    finished(url, false, null);
                }
            }
        }

        void complete() {
            if (finished) {
                return;
            }
            finished = true;
            lastLoadNs = node.sim().now() - t0;
            emit(BrowserEvents.PAGE_LOADED, n, url, lastLoadNs);
            // the connections stay open for the next visit (keep-alive)
            // the page's origin as the URL Standard serializes it (brackets kept, the scheme's own port left out)
            sockets.open(n, scheme + "://" + Urls.authority(host, port, scheme.equals("https")), webSockets, done);
        }

        void fail(String why) {
            fail(why, "");
        }

        /** The visit failed; {@code netError} is Chromium's net error when it failed before its first request, else empty. */
        void fail(String why, String netError) {
            if (finished) {
                return;
            }
            finished = true;
            lastLoadNs = -1;
            emit(BrowserEvents.FAILED, n, url, why, netError);
            if (page != null) {
                conns.remove(page);
                page.client.bridge().abort();
            }
            done.run();
        }
    }

    /**
     * An open HTTP/2 connection of any origin to {@code addr}:{@code port} whose verified
     * certificate covers {@code host}, oldest first, or null: Chromium's SpdySessionPool uses such a
     * session for another host once that host resolves to the session's address (IP-based pooling,
     * the certificate checked by VerifyDomainAuthentication), as RFC 9113 section 9.1.1 allows.
     */
    private Conn coalescable(IpAddress addr, int port, String scheme, String host, long now) {
        if (!scheme.equals("https")) {
            return null;
        }
        for (List<Conn> l : pool.values()) {
            for (Conn c : l) {
                if (c.addr.equals(addr) && c.port == port && c.h2() && c.open() && c.leaf != null && now - c.idleSince < IDLE_TIMEOUT_NS
                        && HostnameMatcher.matches(c.leaf, host)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The next request waiting for a connection to {@code origin}, or null. */
    private Waiting pollQueue(String origin) {
        ArrayDeque<Waiting> q = queue.get(origin);
        return q == null ? null : q.poll();
    }

    private long nowMs() {
        return node.world().epoch().toEpochMilli() + node.sim().now() / Durations.MS;
    }

    /** Closes a connection the pool drops; true, for removeIf. */
    private static boolean close(Conn c) {
        if (c.open()) {
            c.client.close();
        }
        return true;
    }
}
