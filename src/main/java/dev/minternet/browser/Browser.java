package dev.minternet.browser;

import dev.minternet.dns.StubResolver;
import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.Steps;
import dev.minternet.http.Exchange;
import dev.minternet.http.Headers;
import dev.minternet.http.HttpClient;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.tls.TlsStreamSocket;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import dev.minternet.wire.Ip4;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser on a node: its own DNS cache in front of the node's stub resolver, one connection per
 * page visit (TCP, TLS with ALPN h2/http/1.1), the HTML first, then the sub-resources it names
 * ({@code href} and {@code src} of link, script and img) on the same connection (parallel
 * streams on HTTP/2), and an HTTP cache that honours Cache-Control max-age and revalidates with
 * ETags (the page itself is always revalidated, as on a reload). Everything it does is reported as
 * "browser" trace events, which the narrator reads.
 */
public final class Browser {
    /** Chrome keeps host-cache entries about a minute. */
    static final long DNS_CACHE_NS = 60 * Durations.S;
    static final long REQUEST_TIMEOUT_NS = 30 * Durations.S;
    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Minternet/0.1";
    private static final Pattern REF = Pattern.compile(
            "<(link|script|img)\\b[^>]*?\\b(href|src)\\s*=\\s*[\"']([^\"']+)[\"']", Pattern.CASE_INSENSITIVE);

    private record DnsEntry(int addr, long expires) {
    }

    private record Cached(Response response, long storedAt, long maxAgeNs, String etag) {
        boolean fresh(long now) {
            return maxAgeNs > 0 && now - storedAt < maxAgeNs;
        }
    }

    private final Node node;
    private final Trace trace;
    private final Map<String, DnsEntry> dns = new HashMap<>();
    private final Map<String, Cached> cache = new HashMap<>();
    private int visits;

    public Browser(Node node) {
        this.node = node;
        this.trace = node.trace();
    }

    private void emit(EventType type, Object... values) {
        trace.emit(node.name(), type, values);
    }

    /** A scheme at the start of what the user typed: "https://", "http://", "ftp://". */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

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

    /** Loads {@code url} and its sub-resources; {@code done} runs when the page has loaded (or failed). */
    public void visit(String url, Runnable done) {
        new Visit(++visits, url, done).start();
    }

    private final class Visit {
        final int n;
        final String url;
        final Runnable done;
        final long t0;
        String scheme;
        String host;
        int port;
        String base;
        HttpClient client;
        /** The connection's local end, address:port, once TCP is up. */
        String conn = "";
        int pending;
        boolean finished;

        Visit(int n, String url, Runnable done) {
            this.n = n;
            this.url = url;
            this.done = done;
            this.t0 = node.sim().now();
        }

        void start() {
            emit(BrowserEvents.NAVIGATE, n, url);
            URI u;
            try {
                u = new URI(url);
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
            if (Ip4.isAddress(host)) {
                // an IP literal (RFC 3986 3.2.2) names the server itself: nothing to look up
                emit(BrowserEvents.IP_LITERAL, n, host);
                connect(Ip4.parse(host));
                return;
            }
            long now = node.sim().now();
            DnsEntry e = dns.get(host);
            if (e != null && e.expires > now) {
                emit(BrowserEvents.DNS_CACHE_HIT, n, host, "hit", Ip4.str(e.addr), now - (e.expires - DNS_CACHE_NS));
                connect(e.addr);
                return;
            }
            emit(BrowserEvents.DNS_CACHE_MISS, n, host, "miss");
            StubResolver.getaddrinfo(node, host, addr -> {
                if (addr == 0) {
                    emit(BrowserEvents.RESOLVED, n, host, "");
                    fail("could not resolve " + host);
                    return;
                }
                dns.put(host, new DnsEntry(addr, node.sim().now() + DNS_CACHE_NS));
                emit(BrowserEvents.RESOLVED, n, host, Ip4.str(addr));
                connect(addr);
            });
        }

        void connect(int addr) {
            emit(BrowserEvents.CONNECT, n, Ip4.str(addr), port);
            String hostHeader = host + ((scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80)
                    ? "" : ":" + port);
            HttpClient.Options o = HttpClient.Options.curl(hostHeader).withUserAgent(USER_AGENT).withCompressed(true);
            Dial d = scheme.equals("https") ? Dial.https(addr, port, host, o) : Dial.http(addr, port, o);
            Endpoints.connect(node, d, new Steps() {
                @Override
                public void tcpConnected(StreamSocket s) {
                    conn = Ip4.str(s.localAddress()) + ":" + s.localPort();
                    emit(BrowserEvents.CONNECTED, n, Ip4.str(s.localAddress()) + ":" + s.localPort(), Ip4.str(addr) + ":" + port);
                }

                @Override
                public void tlsDone(TlsStreamSocket t) {
                    emit(BrowserEvents.TLS_DONE, n, t.applicationProtocol());
                }

                @Override
                public void ready(HttpClient c) {
                    http(c);
                }

                @Override
                public void failed(Steps.Failure f) {
                    fail(f.stage() == Steps.Stage.TLS ? "TLS: " + f.error() : "could not connect: " + f.error());
                }
            });
        }

        void http(HttpClient c) {
            client = c;
            String path = url.substring(base.length());
            if (path.isEmpty()) {
                path = "/";
            }
            pending = 1;
            fetch(path, true);
        }

        void fetch(String path, boolean document) {
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
            emit(BrowserEvents.FETCH_START, n, key, path, document, c != null && c.etag != null ? c.etag : "", conn,
                    lines(client.withDefaults(r).headers()));
            client.send(r, REQUEST_TIMEOUT_NS, e -> response(e, path, key, document, c));
        }

        void response(Exchange e, String path, String key, boolean document, Cached old) {
            if (finished) {
                return;
            }
            if (!e.ok()) {
                emit(BrowserEvents.FETCH_FAILED, n, key, path, 0, String.valueOf(e.error()));
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
                    e.wireBodyBytes(), str(h.get("Content-Encoding")), str(h.get("Content-Type")), str(h.get("Cache-Control")),
                    str(h.get("ETag")), str(h.get("Server")), e.sentNs(), e.firstByteNs(), lines(e.wireHeaders()));
            finished(path, document, usable);
        }

        void finished(String path, boolean document, Response r) {
            if (document && r != null) {
                String type = str(r.headers().get("Content-Type"));
                List<String> refs = type.startsWith("text/html") ? references(r.bodyText()) : List.of();
                emit(BrowserEvents.PARSED, n, path, String.join(" ", refs));
                pending += refs.size();
                for (String ref : refs) {
                    fetch(ref, false);
                }
            }
            pending--;
            if (pending == 0) {
                complete();
            }
        }

        List<String> references(String html) {
            Set<String> out = new LinkedHashSet<>();
            Matcher m = REF.matcher(html);
            while (m.find()) {
                String ref = m.group(3);
                if (ref.startsWith(base + "/")) {
                    ref = ref.substring(base.length());
                }
                if (ref.startsWith("/") && !ref.startsWith("//")) {
                    out.add(ref);
                }
            }
            return new ArrayList<>(out);
        }

        void complete() {
            if (finished) {
                return;
            }
            finished = true;
            emit(BrowserEvents.PAGE_LOADED, n, url, node.sim().now() - t0);
            if (client != null) {
                client.close();
            }
            done.run();
        }

        void fail(String why) {
            if (finished) {
                return;
            }
            finished = true;
            emit(BrowserEvents.FAILED, n, url, why);
            if (client != null) {
                client.bridge().abort();
            }
            done.run();
        }
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

    private static String str(String s) {
        return s == null ? "" : s;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
