package dev.minternet.browser;

import dev.minternet.dns.DnsEvents;
import dev.minternet.services.httpcache.HttpCache;
import dev.minternet.services.httpcache.HttpCacheEvents;
import dev.minternet.services.lb.LbEvents;
import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The page's sub-resources on another origin (the default world's static.example.com, a CDN):
 * under the "resources" step, that host's own DNS lookup (the CNAME chase to the CDN's name and the
 * steering server's choice of edge, and why: nearest the client subnet or the resolver), its
 * connection, each asset's cache status at the edge ({@code X-Cache}, {@code Age},
 * {@code X-Served-By}) and the caches behind it, and the time against the origin, measured in this
 * visit: the TCP round trip to the edge against the one to the page's server, and each asset's
 * request against the page's own request to the origin.
 */
final class CdnNarration implements NarrationPart {
    /** The query type of an IPv6 address lookup, as {@link DnsEvents#QTYPE} names it. */
    private static final String AAAA = org.xbill.DNS.Type.string(org.xbill.DNS.Type.AAAA);

    @Override
    public void tell(Story s) {
        Story.Draft resources = s.step("resources");
        if (resources == null) {
            return;
        }
        String pageHost = s.host();
        Map<String, TraceEvent> lookups = new LinkedHashMap<>();
        for (TraceEvent e : s.every(BrowserEvents.DNS_CACHE_HIT, BrowserEvents.DNS_CACHE_MISS)) {
            String h = e.get(BrowserEvents.HOST);
            if (!h.equals(pageHost)) {
                lookups.putIfAbsent(h, e);
            }
        }
        for (Map.Entry<String, TraceEvent> o : lookups.entrySet()) {
            tell(s, resources, o.getKey(), o.getValue());
        }
    }

    private static void tell(Story s, Story.Draft step, String host, TraceEvent cacheEvent) {
        List<String> d = step.details;
        String prefix = "://" + host;
        List<TraceEvent[]> fetches = new ArrayList<>();
        List<TraceEvent> dones = s.every(BrowserEvents.FETCH_DONE, BrowserEvents.FETCH_FAILED);
        for (TraceEvent fs : s.every(BrowserEvents.FETCH_START)) {
            if (fs.get(BrowserEvents.PATH).contains(prefix + "/") || fs.get(BrowserEvents.PATH).contains(prefix + ":")) {
                TraceEvent fd = null;
                for (TraceEvent x : dones) {
                    if (x.get(BrowserEvents.PATH).equals(fs.get(BrowserEvents.PATH)) && x.time() >= fs.time()) {
                        fd = x;
                        break;
                    }
                }
                fetches.add(new TraceEvent[] {fs, fd});
            }
        }
        d.add(host + " is another origin: the browser looks it up and connects to it on its own");
        // the lookup: the CNAME chase and the steering server's choice
        TraceEvent resolved = null;
        for (TraceEvent e : s.every(BrowserEvents.RESOLVED)) {
            if (e.get(BrowserEvents.HOST).equals(host) && e.time() >= cacheEvent.time()) {
                resolved = e;
                break;
            }
        }
        TraceEvent steer = null;
        String cname = "";
        if (cacheEvent.is(BrowserEvents.DNS_CACHE_HIT)) {
            d.add("  DNS: the browser's cache has " + host + " -> " + cacheEvent.get(BrowserEvents.ADDRESS));
        } else if (resolved != null) {
            long from = cacheEvent.time();
            long until = resolved.time();
            for (TraceEvent e : s.window) {
                if (e.time() < from || e.time() > until) {
                    continue;
                }
                if (e.is(DnsEvents.STEER) && steer == null) {
                    steer = e;
                }
                if (e.is(DnsEvents.RESPONSE) && e.get(DnsEvents.QNAME).equals(host) && DnsEvents.KIND_CNAME.equals(e.get(DnsEvents.ANSWER))) {
                    cname = e.get(DnsEvents.SERVER_NAME).isEmpty() ? e.get(DnsEvents.SERVER) : e.get(DnsEvents.SERVER_NAME);
                }
            }
            String address = resolved.get(BrowserEvents.ADDRESS);
            for (TraceEvent e : s.window) {
                if (e.time() >= from && e.time() <= until && e.is(DnsEvents.LOOKUP) && e.node().equals(s.client)
                        && AAAA.equals(e.get(DnsEvents.QTYPE)) && !e.get(DnsEvents.ADDRESSES).isEmpty() && !address.isEmpty()
                        && e.get(DnsEvents.QNAME).equals(host)) {
                    if (address.equals(e.get(DnsEvents.ADDRESSES))) {
                        address += " (no A record: IPv6 only)"; // an empty A answer, the AAAA one
                        break;
                    }
                    address += " and " + e.get(DnsEvents.ADDRESSES); // asked beside A (Happy Eyeballs)
                    break;
                }
            }
            String target = steer == null ? "" : steer.get(DnsEvents.QNAME);
            String first = address.indexOf(' ') < 0 ? address : address.substring(0, address.indexOf(' '));
            d.add("  DNS: " + host + " -> " + (address.isEmpty() ? "no address" : address + " (" + s.name(first) + ")")
                    + (cname.isEmpty() ? "" : ", by a CNAME to " + (target.isEmpty() ? "the CDN's name" : target) + " (from " + cname + ")")
                    + " [" + Narrator.ms(resolved.time() - from) + "]");
            for (String line : DnsNarration.details(s, from, until)) {
                d.add("    " + line);
            }
            if (steer != null) {
                String loc = steer.get(DnsEvents.LOCATION);
                String why = loc.startsWith(DnsEvents.LOCATION_ECS) ? "the client subnet " + loc.substring(DnsEvents.LOCATION_ECS.length()) + " the resolver passed on (EDNS Client Subnet, RFC 7871)"
                        : "the resolver " + s.name(loc.substring(loc.indexOf(' ') + 1)) + " (" + loc.substring(loc.indexOf(' ') + 1)
                        + ") that asked: the query carried no client subnet";
                d.add("  " + steer.node() + " steers " + steer.get(DnsEvents.QNAME) + " to " + steer.get(DnsEvents.EDGE) + ", the edge nearest "
                        + why + " (" + Narrator.ms(steer.num(DnsEvents.DELAY_NS)) + " one way)");
                s.row("DNS " + host, from, until, "");
            }
        }
        for (TraceEvent u : s.every(BrowserEvents.UNSENT)) {
            String url = u.get(BrowserEvents.URL);
            if (url.contains(prefix + "/") || url.contains(prefix + ":")) {
                d.add("  " + url + ": never requested, " + u.get(BrowserEvents.ERROR) + " (" + u.get(BrowserEvents.NET_ERROR) + ")");
            }
        }
        // the connection: its round trip against the page's
        String remote = null;
        TraceEvent originUp = s.first(BrowserEvents.CONNECTED);
        long edgeRtt = -1;
        List<String> winners = new ArrayList<>(); // the addresses Happy Eyeballs connected to (IPv6 in brackets)
        for (TraceEvent h : s.every(BrowserEvents.HAPPY_EYEBALLS, BrowserEvents.ONE_FAMILY)) {
            // an IPv6-only name's connection goes to one of its own addresses (another origin's may share the instant)
            if (resolved != null && h.time() >= resolved.time() && (h.is(BrowserEvents.HAPPY_EYEBALLS)
                    || List.of(resolved.get(BrowserEvents.ADDRESS).split(",")).contains(h.get(BrowserEvents.ADDRESS)))) {
                winners.add(h.get(BrowserEvents.ADDRESS).indexOf(':') >= 0 ? "[" + h.get(BrowserEvents.ADDRESS) + "]:"
                        : h.get(BrowserEvents.ADDRESS) + ":");
            }
        }
        for (TraceEvent c : s.every(BrowserEvents.CONNECTED)) {
            if (resolved != null && c.time() >= resolved.time() && resolved.get(BrowserEvents.ADDRESS).length() > 0
                    && (c.get(BrowserEvents.REMOTE).startsWith(resolved.get(BrowserEvents.ADDRESS) + ":")
                    || !winners.isEmpty() && c.get(BrowserEvents.REMOTE).startsWith(winners.get(0)))) {
                remote = c.get(BrowserEvents.REMOTE);
                edgeRtt = c.time() - c.num(BrowserEvents.CONNECT_NS);
                for (TraceEvent t : s.every(BrowserEvents.TLS_DONE)) {
                    if (t.get(BrowserEvents.LOCAL).equals(c.get(BrowserEvents.LOCAL))) {
                        d.add("  TLS with " + host + " (ALPN " + t.get(BrowserEvents.ALPN) + ") " + Narrator.ms(t.time() - c.time()));
                        s.row("TLS " + host, c.time(), t.time(), "");
                    }
                }
                break;
            }
        }
        long originRtt = originUp == null || edgeRtt < 0 || originUp.get(BrowserEvents.REMOTE).equals(remote) ? -1
                : originUp.time() - originUp.num(BrowserEvents.CONNECT_NS);
        TcpNarration.Handshake origin = TcpNarration.handshake(s);
        if (originRtt > 0 && origin != null && origin.synAck() != null) {
            originRtt = origin.synAck().time() - origin.syn().time(); // the winner's own round trip (not Happy Eyeballs' wait)
        }
        // each asset: the edge's answer and the caches behind it
        long hitSum = 0;
        long missSum = 0;
        int hits = 0;
        int misses = 0;
        String edge = "";
        for (TraceEvent[] f : fetches) {
            TraceEvent fd = f[1];
            if (fd == null || !fd.is(BrowserEvents.FETCH_DONE)) {
                continue;
            }
            String headers = fd.get(BrowserEvents.RESPONSE_HEADERS);
            List<TraceEvent> lookups = lookups(s, f[0], fd, host);
            TraceEvent outer = lookups.isEmpty() ? null : lookups.get(lookups.size() - 1);
            // the edge's X-Cache, Age and X-Served-By; a 304 carries only the validators (RFC 9110 15.4.5),
            // so then the edge's own cache lookup in the trace says the same
            String xcache = header(headers, "x-cache");
            String age = header(headers, "age");
            String servedBy = header(headers, "x-served-by");
            if (xcache.isEmpty() && outer != null) {
                xcache = outer.get(HttpCacheEvents.RESULT);
                age = xcache.equals(HttpCache.Result.MISS.name()) ? "" : String.valueOf(outer.num(HttpCacheEvents.AGE_S));
                servedBy = outer.node();
            }
            if (xcache.isEmpty()) {
                continue;
            }
            edge = servedBy;
            long took = fd.time() - f[0].time();
            if (xcache.equals(HttpCache.Result.HIT.name())) {
                hits++;
                hitSum += took;
            } else {
                misses++;
                missSum += took;
            }
            d.add("  " + f[0].get(BrowserEvents.PATH).substring(f[0].get(BrowserEvents.PATH).indexOf(prefix) + prefix.length()) + ": X-Cache "
                    + xcache + (age.isEmpty() ? "" : ", Age " + age + " s") + (servedBy.isEmpty() ? "" : " at " + servedBy) + behind(s, f[0], fd, host)
                    + " [" + Narrator.ms(took) + "]");
        }
        if (originRtt > 0) {
            d.add(String.format(Locale.ROOT, "  round trip to %s %s against %s to the origin %s: %s %s per round trip", remote,
                    Narrator.ms(edgeRtt), Narrator.ms(originRtt), s.server(), Narrator.ms(Math.abs(originRtt - edgeRtt)),
                    originRtt >= edgeRtt ? "saved" : "lost"));
        }
        TraceEvent page = pageFetch(s);
        if (page != null && hits + misses > 0) {
            long pageNs = page.time() - s.first(BrowserEvents.FETCH_START).time();
            if (hits > 0) {
                d.add("  " + against(hits, "HIT", hitSum / hits, edge, pageNs, "the edge answered from its cache"));
            }
            if (misses > 0) {
                d.add("  " + against(misses, "MISS", missSum / misses, edge, pageNs, "the edge asked behind it; it keeps the answers for the next visitors"));
            }
        }
    }

    /** "4 MISSes at edge-ixp took 61.200 ms on average against 40.541 ms for the page from the origin: 20.659 ms lost per request (why)". */
    private static String against(int n, String what, long avg, String edge, long pageNs, String why) {
        return n + " " + what + (n == 1 ? "" : what.endsWith("S") ? "es" : "s") + " at " + edge + " took " + Narrator.ms(avg)
                + (n == 1 ? "" : " on average") + " against " + Narrator.ms(pageNs) + " for the page from the origin: "
                + Narrator.ms(Math.abs(pageNs - avg)) + (pageNs >= avg ? " saved" : " lost") + " per request (" + why + ")";
    }

    /** The page's response (the first fetch-done of the visit). */
    private static TraceEvent pageFetch(Story s) {
        return s.first(BrowserEvents.FETCH_DONE);
    }

    /**
     * The caches behind the edge that this asset passed through, from their lookups in its time
     * (the innermost answers first), and the origin's load balancer when the innermost missed:
     * " (cdn-shield MISS, then the origin: lb -> web-2)".
     */
    private static String behind(Story s, TraceEvent fs, TraceEvent fd, String host) {
        List<TraceEvent> lookups = lookups(s, fs, fd, host);
        if (lookups.isEmpty()) {
            return "";
        }
        Set<String> caches = new HashSet<>();
        for (TraceEvent e : lookups) {
            caches.add(e.node());
        }
        String target = target(fs, host);
        String lb = "";
        for (TraceEvent e : s.window) {
            if (e.time() >= fs.time() && e.time() <= fd.time() && e.is(LbEvents.CHOOSE) && e.get(LbEvents.PATH).equals(target)
                    && !caches.contains(e.node())) {
                lb = e.node() + " -> " + e.get(LbEvents.BACKEND);
                break;
            }
        }
        String inner = lookups.get(0).get(HttpCacheEvents.RESULT);
        boolean origin = inner.equals(HttpCache.Result.MISS.name()) || inner.equals(HttpCache.Result.REVALIDATED.name());
        List<String> out = new ArrayList<>();
        for (int i = lookups.size() - 2; i >= 0; i--) {
            out.add(lookups.get(i).node() + " " + lookups.get(i).get(HttpCacheEvents.RESULT));
        }
        if (origin) {
            out.add("then the origin" + (lb.isEmpty() ? "" : ": " + lb));
        }
        return out.isEmpty() ? "" : " (" + String.join(", ", out) + ")";
    }

    /** The path (and query) of an absolute URL on {@code host}. */
    private static String target(TraceEvent fs, String host) {
        String url = fs.get(BrowserEvents.PATH);
        return url.substring(url.indexOf("://" + host) + 3 + host.length());
    }

    /** The CDN caches' lookups of this asset while it was fetched, innermost (the first to answer) first. */
    private static List<TraceEvent> lookups(Story s, TraceEvent fs, TraceEvent fd, String host) {
        String key = HttpCache.primaryKey("GET", host.toLowerCase(Locale.ROOT), target(fs, host));
        List<TraceEvent> out = new ArrayList<>();
        for (TraceEvent e : s.window) {
            if (e.time() >= fs.time() && e.time() <= fd.time() && e.is(HttpCacheEvents.LOOKUP)
                    && e.get(HttpCacheEvents.KEY).equals(key)) {
                out.add(e);
            }
        }
        return out;
    }

    /** A header's value from the trace's "Name: value" lines, case-insensitively; empty when absent. */
    static String header(String lines, String name) {
        for (String l : lines.split("\n")) {
            int c = l.indexOf(':');
            if (c > 0 && l.substring(0, c).strip().toLowerCase(Locale.ROOT).equals(name)) {
                return l.substring(c + 1).strip();
            }
        }
        return "";
    }
}
