package dev.minternet.browser;

import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tells the story of each browser visit from the trace alone (DESIGN.md decision 7): numbered
 * steps whose start times are trace events and whose durations run to the next step, so they add
 * up to the page load time; under each step the details other layers reported (DNS queries, TCP
 * segments, NAT, firewall, TLS, the load balancer's choice, the servers' work); then a waterfall.
 */
public final class Narrator {
    /** One numbered step of a visit. */
    public record Step(int number, String title, long startNs, long durationNs, List<String> details, String explain) {
    }

    /** One row of the waterfall: a phase or a request, from start to end. */
    public record Row(String label, long startNs, long endNs, String note) {
    }

    /** One visit as the trace tells it. */
    public record Visit(int number, String url, long startNs, long endNs, boolean ok, String error, List<Step> steps,
                        List<Row> rows) {
        public long loadNs() {
            return endNs - startNs;
        }
    }

    private final List<TraceEvent> events;
    private final String client;

    private final Map<String, String> nodeOf;

    public Narrator(List<TraceEvent> events, String client) {
        this(events, client, Map.of());
    }

    /** {@code nodeOf} names the node behind an address (for servers the trace knows only by address). */
    public Narrator(List<TraceEvent> events, String client, Map<String, String> nodeOf) {
        this.events = events;
        this.client = client;
        this.nodeOf = nodeOf;
    }

    /** Every visit the browser on the client node made, in order. */
    public List<Visit> visits() {
        List<Visit> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            if (e.layer().equals("browser") && e.kind().equals("navigate") && e.node().equals(client)) {
                out.add(visit(i));
            }
        }
        return out;
    }

    private boolean isBrowser(TraceEvent e, long visit, String kind) {
        return e.layer().equals("browser") && e.kind().equals(kind) && e.node().equals(client) && e.num("visit") == visit;
    }

    private Visit visit(int from) {
        TraceEvent nav = events.get(from);
        long v = nav.num("visit");
        int to = from;
        TraceEvent end = null;
        for (int i = from; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            if (isBrowser(e, v, "page-loaded") || isBrowser(e, v, "failed")) {
                end = e;
                to = i;
                break;
            }
        }
        if (end == null) {
            to = events.size() - 1;
        }
        List<TraceEvent> w = events.subList(from, to + 1);
        Map<String, TraceEvent> b = new LinkedHashMap<>();
        List<TraceEvent> fetchStarts = new ArrayList<>();
        List<TraceEvent> fetchDones = new ArrayList<>();
        List<TraceEvent> cacheHits = new ArrayList<>();
        for (TraceEvent e : w) {
            if (e.layer().equals("browser") && e.node().equals(client) && e.num("visit") == v) {
                switch (e.kind()) {
                    case "fetch-start" -> fetchStarts.add(e);
                    case "fetch-done" -> fetchDones.add(e);
                    case "cache-hit" -> cacheHits.add(e);
                    default -> b.putIfAbsent(e.kind(), e);
                }
            }
        }
        long endNs = end == null ? w.get(w.size() - 1).time() : end.time();
        boolean ok = end != null && end.kind().equals("page-loaded");
        String error = end == null ? "the visit did not finish" : ok ? "" : end.str("error");

        // step boundaries: each step starts at a browser event and runs until the next one
        List<long[]> starts = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        List<String[]> titles = new ArrayList<>();
        List<List<String>> details = new ArrayList<>();
        TraceEvent dnsCache = b.get("dns-cache");
        TraceEvent connect = b.get("connect");
        TraceEvent connected = b.get("connected");
        TraceEvent tlsDone = b.get("tls-done");
        TraceEvent doc = fetchDones.isEmpty() ? null : fetchDones.get(0);
        String host = dnsCache == null ? "" : dnsCache.str("host");
        boolean hit = dnsCache != null && "hit".equals(dnsCache.str("result"));

        // 1. the browser's own DNS cache
        List<String> d1 = new ArrayList<>();
        if (dnsCache != null) {
            d1.add(hit ? "cached: " + host + " -> " + dnsCache.str("address") + " (" + ms(dnsCache.num("age_ns")) + " old)"
                    : "no entry for " + host + ": ask the operating system");
        }
        add(starts, titles, details, nav.time(), new String[] {"Browser DNS cache: " + host + (hit ? " found (hit)" : " not there (miss)"),
            hit ? "The browser remembers names it resolved recently, so it skips DNS entirely."
                : "The browser first looks in its own small DNS cache; the name is not there, so it asks the operating system."}, d1);

        // 2. DNS through the stub, the home router and the ISP's resolver
        if (!hit && dnsCache != null) {
            TraceEvent resolved = b.get("resolved");
            List<String> d = dnsDetails(w, resolved == null ? endNs : resolved.time());
            add(starts, titles, details, dnsCache.time(), new String[] {"DNS lookup: " + host + " -> "
                + (resolved == null ? "?" : resolved.str("address").isEmpty() ? "no address" : resolved.str("address")),
                "The laptop's stub resolver asks the home router, which forwards to the ISP's recursive resolver; "
                    + "that one walks from a root server to the com servers to example.com's own servers, caching every answer."}, d);
        }
        // 3. TCP
        if (connect != null) {
            add(starts, titles, details, connect.time(), new String[] {"TCP connection to " + connect.str("address") + ":" + connect.num("port"),
                "Three packets (SYN, SYN-ACK, ACK) set up a reliable byte stream; it costs one round trip to the server."},
                tcpDetails(w, connect, connected));
        }
        // 4. TLS
        if (connected != null && tlsDone != null) {
            add(starts, titles, details, connected.time(), new String[] {"TLS handshake with " + host,
                "Client and server agree on keys and a cipher, and the browser checks the server's certificate chain "
                    + "against the certificate authorities it trusts, all in one more round trip (TLS 1.3)."},
                tlsDetails(w));
        }
        // 5. the page
        if (!fetchStarts.isEmpty()) {
            TraceEvent fs = fetchStarts.get(0);
            long at = tlsDone != null ? tlsDone.time() : connected != null ? connected.time() : fs.time();
            add(starts, titles, details, at, new String[] {"GET " + fs.str("path") + (doc == null ? "" : " -> " + doc.num("status"))
                + (doc == null || doc.str("protocol") == null ? "" : " over " + doc.str("protocol")),
                "The browser sends the HTTP request through the encrypted connection; the load balancer decrypts it, "
                    + "picks a web server and relays the answer back."},
                requestDetails(w, fs, doc, new HashSet<>(), true));
        }
        // 6. the sub-resources
        int subs = fetchStarts.size() - 1 + cacheHits.size();
        if (doc != null && subs > 0) {
            List<String> d = new ArrayList<>();
            TraceEvent parsed = b.get("parsed");
            if (parsed != null) {
                d.add("the page names: " + parsed.str("references"));
            }
            Set<TraceEvent> used = new HashSet<>();
            for (TraceEvent c : cacheHits) {
                d.add(c.str("path") + ": from the browser cache (" + bytes(c.num("bytes")) + ", " + ms(c.num("age_ns"))
                        + " old, fresh for max-age " + c.num("max_age_ns") / 1_000_000_000L + " s): no request");
            }
            for (int i = 1; i < fetchStarts.size(); i++) {
                TraceEvent fs = fetchStarts.get(i);
                d.addAll(requestDetails(w, fs, done(fetchDones, fs), used, false));
            }
            boolean h2 = doc.str("protocol") != null && doc.str("protocol").equals("h2");
            add(starts, titles, details, doc.time(), new String[] {subs + " sub-resources ("
                + (fetchStarts.size() - 1) + " requested" + (h2 ? " in parallel on HTTP/2 streams" : " one after another on HTTP/1.1")
                + ", " + cacheHits.size() + " from the cache)",
                "The browser reads the HTML, finds the stylesheet, script, images and data it refers to, and fetches "
                    + "them on the same connection; fresh copies in its cache need no request at all."}, d);
        }
        for (int i = 0; i < starts.size(); i++) {
            long s = starts.get(i)[0];
            long next = i + 1 < starts.size() ? starts.get(i + 1)[0] : endNs;
            steps.add(new Step(i + 1, titles.get(i)[0], s, next - s, details.get(i), titles.get(i)[1]));
        }

        List<Row> rows = new ArrayList<>();
        if (!hit && dnsCache != null && b.get("resolved") != null) {
            rows.add(new Row("DNS " + host, dnsCache.time(), b.get("resolved").time(), ""));
        }
        if (connect != null && connected != null) {
            rows.add(new Row("TCP connect", connect.time(), connected.time(), ""));
        }
        if (connected != null && tlsDone != null) {
            rows.add(new Row("TLS handshake", connected.time(), tlsDone.time(), ""));
        }
        for (TraceEvent fs : fetchStarts) {
            TraceEvent fd = done(fetchDones, fs);
            rows.add(new Row(fs.str("path"), fs.time(), fd == null ? endNs : fd.time(),
                    fd == null ? "no answer" : String.valueOf(fd.num("status"))));
        }
        for (TraceEvent c : cacheHits) {
            rows.add(new Row(c.str("path"), c.time(), c.time(), "cache"));
        }
        return new Visit((int) v, nav.str("url"), nav.time(), endNs, ok, error, steps, rows);
    }

    private static void add(List<long[]> starts, List<String[]> titles, List<List<String>> details, long t, String[] title,
                            List<String> d) {
        starts.add(new long[] {t});
        titles.add(title);
        details.add(d);
    }

    private static TraceEvent done(List<TraceEvent> dones, TraceEvent start) {
        for (TraceEvent d : dones) {
            if (d.str("path").equals(start.str("path")) && d.time() >= start.time()) {
                return d;
            }
        }
        return null;
    }

    private List<String> dnsDetails(List<TraceEvent> w, long until) {
        List<Map.Entry<Long, String>> d = new ArrayList<>();
        List<TraceEvent> queries = new ArrayList<>();
        for (TraceEvent e : w) {
            if (e.time() > until || !e.layer().equals("dns")) {
                continue;
            }
            switch (e.kind()) {
                case "cache-hit" -> d.add(Map.entry(e.time(), at(e.time()) + " " + e.node() + " " + e.str("cache") + " cache: hit for "
                        + e.str("qname") + " " + e.str("qtype")));
                case "query" -> queries.add(e);
                case "response" -> {
                    TraceEvent q = null;
                    for (TraceEvent c : queries) {
                        if (c.node().equals(e.node()) && c.num("id") == e.num("id") && c.str("server").equals(e.str("server"))) {
                            q = c;
                        }
                    }
                    String server = e.str("server_name") == null || e.str("server_name").isEmpty()
                            ? (nodeOf.containsKey(e.str("server")) ? nodeOf.get(e.str("server")) + " (" + e.str("server") + ")" : e.str("server"))
                            : e.str("server_name") + " (" + e.str("server") + ")";
                    String answer = e.str("answer");
                    if ("referral".equals(answer) && e.str("referral_to") != null && !e.str("referral_to").isEmpty()) {
                        answer = "referral to " + e.str("referral_to");
                    }
                    d.add(Map.entry(q == null ? e.time() : q.time(), String.format(Locale.ROOT, "%s %s asks %s: %s %s? -> %s %s, %d answer(s) [%s, %s]", at(q == null ? e.time() : q.time()),
                            e.node() + (e.str("role") == null ? "" : " (" + e.str("role") + ")"), server, e.str("qname"),
                            e.str("qtype"), e.str("rcode"), answer, e.num("answers"), e.str("transport"), ms(e.num("rtt_ns")))));
                }
                case "lookup" -> {
                    if (e.node().equals(client)) {
                        d.add(Map.entry(e.time(), at(e.time()) + " " + e.node() + " stub resolver: " + e.str("qname") + " = "
                                + e.str("addresses") + " (from the " + e.str("source") + ")"));
                    }
                }
                default -> {
                }
            }
        }
        List<Map.Entry<Long, String>> sorted = new ArrayList<>(d);
        sorted.sort(Map.Entry.comparingByKey()); // stable: trace order within an instant
        List<String> out = new ArrayList<>();
        for (Map.Entry<Long, String> x : sorted) {
            out.add(x.getValue());
        }
        return out;
    }

    private List<String> tcpDetails(List<TraceEvent> w, TraceEvent connect, TraceEvent connected) {
        List<String> d = new ArrayList<>();
        String addr = connect.str("address");
        long port = connect.num("port");
        TraceEvent syn = null;
        TraceEvent synAck = null;
        TraceEvent ack = null;
        for (TraceEvent e : w) {
            if (!e.node().equals(client) || !e.layer().equals("tcp")) {
                continue;
            }
            String f = e.str("flags");
            if (syn == null && e.kind().equals("send") && "SYN".equals(f) && addr.equals(e.str("dst")) && e.num("dport") == port) {
                syn = e;
            } else if (syn != null && synAck == null && e.kind().equals("receive") && "SYN,ACK".equals(f)
                    && e.num("dport") == syn.num("sport")) {
                synAck = e;
            } else if (synAck != null && ack == null && e.kind().equals("send") && e.num("sport") == syn.num("sport")) {
                ack = e;
            }
        }
        if (syn == null) {
            return d;
        }
        d.add(at(syn.time()) + " SYN     " + syn.str("src") + ":" + syn.num("sport") + " -> " + addr + ":" + port);
        if (synAck != null) {
            d.add(at(synAck.time()) + " SYN-ACK back: round trip " + ms(synAck.time() - syn.time()));
        }
        if (ack != null) {
            d.add(at(ack.time()) + " ACK     connection established");
        }
        long until = synAck == null ? Long.MAX_VALUE : synAck.time();
        List<String> hops = new ArrayList<>();
        hops.add(client);
        Set<String> seen = new HashSet<>();
        for (TraceEvent e : w) {
            if (e.time() >= syn.time() && e.time() <= until && e.layer().equals("ip") && e.kind().equals("forward")
                    && addr.equals(e.str("dst")) && "tcp".equals(e.str("proto")) && seen.add(e.node())) {
                hops.add(e.node());
            }
        }
        for (TraceEvent e : w) {
            if (e.time() >= syn.time() && e.layer().equals("ip") && e.kind().equals("receive") && addr.equals(e.str("dst"))
                    && "tcp".equals(e.str("proto"))) {
                hops.add(e.node());
                break;
            }
        }
        d.add("route: " + String.join(" -> ", hops) + " (" + (hops.size() - 2) + " routers)");
        for (TraceEvent e : w) {
            if (e.time() >= syn.time() && e.time() <= until && e.layer().equals("nat") && e.kind().equals("mapping")
                    && e.str("inside").equals(syn.str("src") + ":" + syn.num("sport"))) {
                d.add("NAT on " + e.node() + ": " + e.str("inside") + " leaves as " + e.str("outside"));
                break;
            }
        }
        for (TraceEvent e : w) {
            if (e.time() >= syn.time() && e.time() <= until && e.layer().equals("firewall") && e.kind().equals("verdict")
                    && e.str("packet").endsWith("-> " + addr + ":" + port)) {
                d.add("firewall on " + e.node() + ": " + e.str("verdict") + " (" + e.str("chain") + " rule " + e.str("rule") + ": "
                        + e.str("match") + ")");
                break;
            }
        }
        return d;
    }

    private List<String> tlsDetails(List<TraceEvent> w) {
        List<String> d = new ArrayList<>();
        for (TraceEvent e : w) {
            if (e.node().equals(client) && e.layer().equals("tls") && e.kind().equals("handshake")) {
                d.add(e.str("version") + ", " + e.str("cipher") + ", key exchange " + e.str("group") + ", SNI " + e.str("sni"));
                d.add("certificate: " + e.str("subject") + ", issued by " + e.str("issuer") + ", valid " + e.str("notBefore")
                        + " to " + e.str("notAfter") + ": verify " + e.str("verify"));
                d.add("ALPN: the server chose " + (e.str("alpn").isEmpty() ? "nothing (HTTP/1.1)" : e.str("alpn")));
                break;
            }
        }
        for (TraceEvent e : w) {
            if (!e.node().equals(client) && e.layer().equals("tls") && e.kind().equals("handshake")) {
                d.add("terminated on " + e.node());
                break;
            }
        }
        return d;
    }

    /** The request's path through the data centre: LB choice, backend, app workers, database. */
    private List<String> requestDetails(List<TraceEvent> w, TraceEvent fs, TraceEvent fd, Set<TraceEvent> used, boolean verbose) {
        List<String> d = new ArrayList<>();
        String path = fs.str("path");
        String head = "GET " + path + (fs.str("conditional").isEmpty() ? "" : " (If-None-Match " + fs.str("conditional") + ")");
        long until = fd == null ? Long.MAX_VALUE : fd.time();
        if (verbose) {
            d.add(at(fs.time()) + " " + head + " sent");
        }
        List<String> chain = new ArrayList<>();
        long after = fs.time();
        String prev = null;
        boolean app = false;
        String lbNode = null;
        String sql = null;
        for (TraceEvent e : w) {
            if (e.time() < after || e.time() > until || used.contains(e)) {
                continue;
            }
            if (e.layer().equals("lb") && e.kind().equals("choose") && path.equals(e.str("path"))
                    && (prev == null || e.node().equals(prev))) {
                used.add(e);
                if (lbNode == null) {
                    lbNode = e.node();
                }
                chain.add(e.node() + " (" + e.str("algorithm") + ": " + e.str("backend") + ", " + e.str("why") + ")");
                String down = downBackends(e);
                if (!down.isEmpty()) {
                    chain.add(e.node() + ": " + down);
                }
                prev = e.str("backend");
                after = e.time();
            } else if (prev != null && e.node().equals(prev) && e.layer().equals("app") && e.kind().equals("start")) {
                used.add(e);
                app = true;
                chain.add(e.node() + " worker " + e.num("worker") + " (waited " + ms(e.num("wait_ns")) + " in the queue)");
            } else if (app && e.layer().equals("db") && e.kind().equals("query")) {
                used.add(e);
                sql = e.str("sql");
            } else if (app && e.layer().equals("db") && e.kind().equals("query-done")) {
                used.add(e);
                chain.add(e.node() + " " + (sql == null ? "" : sql + ": ") + e.str("tag") + ", " + e.num("rows") + " rows in "
                        + ms(e.num("service_ns")));
            } else if (prev != null && e.node().equals(prev) && e.layer().equals("app") && e.kind().equals("finish")) {
                used.add(e);
                app = false;
                chain.add(e.node() + " done after " + ms(e.num("service_ns")));
            } else if (lbNode != null && prev != null && e.node().equals(lbNode) && e.layer().equals("lb") && e.kind().equals("retry")
                    && prev.equals(e.str("backend"))) {
                used.add(e);
                chain.add(e.node() + ": " + prev + " did not answer (" + e.str("error") + "), so the request goes to another backend");
                prev = lbNode;
            } else if (e.layer().equals("lb") && (e.kind().equals("backend-down") || e.kind().equals("backend-up"))) {
                used.add(e);
                chain.add(e.node() + " takes " + e.str("backend") + (e.kind().equals("backend-down") ? " out of" : " back into")
                        + " the rotation: " + e.str("why"));
            } else if (e.layer().equals("lb") && e.kind().equals("health") && !e.str("detail").equals("200")) {
                used.add(e);
                chain.add(e.node() + " health check of " + e.str("backend") + ": " + ("true".equals(e.str("ok")) ? "ok" : "failed") + " ("
                        + e.str("detail") + ")");
            } else if (e.layer().equals("lb") && e.kind().equals("forward") && !e.str("error").isEmpty()) {
                used.add(e);
                chain.add(e.node() + " -> " + e.str("backend") + " failed: " + e.str("error"));
            }
        }
        String resp;
        if (fd == null) {
            resp = "no answer";
        } else if (fd.num("status") == 0) {
            resp = "failed: " + fd.str("error");
        } else {
            StringBuilder sb = new StringBuilder();
            sb.append(fd.num("status"));
            sb.append(", ").append(bytes(fd.num("bytes")));
            if (!fd.str("encoding").isEmpty() || fd.num("wire_bytes") != fd.num("bytes")) {
                sb.append(" (").append(fd.str("encoding").isEmpty() ? "compressed" : fd.str("encoding")).append(", ")
                        .append(bytes(fd.num("wire_bytes"))).append(" on the wire)");
            } else if (fd.num("bytes") > 0) {
                sb.append(" (not compressed)");
            }
            if (!fd.str("type").isEmpty()) {
                sb.append(", ").append(fd.str("type"));
            }
            if (!fd.str("cache_control").isEmpty()) {
                sb.append(", Cache-Control ").append(fd.str("cache_control"));
            }
            if (!fd.str("etag").isEmpty()) {
                sb.append(", ETag ").append(fd.str("etag"));
            }
            if (fd.num("status") == 304) {
                sb.append(": not modified, the cached copy is used");
            }
            resp = sb.toString();
        }
        if (verbose) {
            for (String c : chain) {
                d.add("  " + c);
            }
            if (fd != null && fd.num("first_byte") > 0) {
                d.add(at(fd.num("first_byte")) + " first byte back (" + ms(fd.num("first_byte") - fd.num("sent")) + " after sending)");
            }
            d.add((fd == null ? "" : at(fd.time()) + " ") + "response: " + resp);
        } else {
            d.add(head + " -> " + resp + " [" + ms((fd == null ? until : fd.time()) - fs.time()) + "]");
            for (String c : chain) {
                d.add("    " + c);
            }
        }
        return d;
    }

    /** The backends the load balancer's last health checks before {@code choose} found failing. */
    private String downBackends(TraceEvent choose) {
        Map<String, TraceEvent> last = new LinkedHashMap<>();
        for (TraceEvent e : events) {
            if (e.time() > choose.time()) {
                break;
            }
            if (e.node().equals(choose.node()) && e.layer().equals("lb") && e.kind().equals("health")) {
                last.put(e.str("backend"), e);
            }
        }
        List<String> down = new ArrayList<>();
        for (TraceEvent e : last.values()) {
            if (!"true".equals(e.str("ok"))) {
                down.add(e.str("backend") + " failed its last health check (at " + sec(e.time()) + ": " + e.str("detail") + ")");
            }
        }
        return String.join(", ", down);
    }

    // ---- rendering

    /** The narration: numbered steps, a waterfall, the page load time; {@code explain} adds a sentence per step. */
    public static List<String> render(Visit v, boolean explain) {
        List<String> out = new ArrayList<>();
        out.add("Visit " + v.number() + ": " + v.url());
        for (Step s : v.steps()) {
            out.add(String.format(Locale.ROOT, "%2d. [%s +%s] %s", s.number(), sec(s.startNs()), ms(s.durationNs()), s.title()));
            if (explain) {
                out.add("      " + s.explain());
            }
            for (String d : s.details()) {
                out.add("      " + d);
            }
        }
        if (!v.ok()) {
            out.add("    failed: " + v.error());
        }
        out.addAll(waterfall(v));
        out.add(String.format(Locale.ROOT, "Page %s in %s", v.ok() ? "loaded" : "failed", ms(v.loadNs())));
        return out;
    }

    public static List<String> waterfall(Visit v) {
        List<String> out = new ArrayList<>();
        int width = 50;
        long span = Math.max(1, v.loadNs());
        int label = 14;
        for (Row r : v.rows()) {
            label = Math.max(label, r.label().length());
        }
        out.add("Waterfall (0 .. " + ms(v.loadNs()) + "):");
        for (Row r : v.rows()) {
            int a = (int) ((r.startNs() - v.startNs()) * width / span);
            int b = (int) Math.ceil((double) (r.endNs() - v.startNs()) * width / span);
            a = Math.min(a, width);
            b = Math.max(Math.min(b, width), a);
            StringBuilder bar = new StringBuilder();
            for (int i = 0; i < width; i++) {
                bar.append(i >= a && i < b ? '#' : i == a && a == b ? '|' : '.');
            }
            out.add(String.format(Locale.ROOT, "  %-" + label + "s |%s| %9s %s", r.label(), bar, ms(r.endNs() - r.startNs()), r.note()).stripTrailing());
        }
        return out;
    }

    static String ms(long ns) {
        return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
    }

    static String sec(long ns) {
        return String.format(Locale.ROOT, "%d.%06d s", ns / 1_000_000_000L, (ns % 1_000_000_000L) / 1000);
    }

    static String at(long ns) {
        return "@" + sec(ns);
    }

    static String bytes(long n) {
        return n + " B";
    }
}
