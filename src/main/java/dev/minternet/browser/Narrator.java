package dev.minternet.browser;

import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tells the story of each browser visit from the trace alone (docs/design.md decision 7): numbered
 * steps whose start times are trace events and whose durations run to the next step, so they add
 * up to the page load time; under each step the details other layers reported (DNS queries, TCP
 * segments, NAT, firewall, TLS, the load balancer's choice, the servers' work); then a waterfall.
 * Each concern tells its share through a {@link NarrationPart} ({@link NarrationParts#ALL}), reading
 * the trace through the layers' event catalogs; the explanations ({@code --explain}) name the nodes
 * the trace shows, so a world without a load balancer or a forwarder tells no story of one.
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
                        List<Row> rows, int errors, List<String> afterLoad) {
        /**
         * How the page ended: "loaded", "loaded with errors" when the page or a sub-resource came back
         * 4xx/5xx or not at all (as a browser's console counts them), or "failed".
         */
        public String outcome() {
            return !ok ? "failed" : errors == 0 ? "loaded" : "loaded with errors";
        }

        public long loadNs() {
            return endNs - startNs;
        }
    }

    private final List<TraceEvent> events;
    private final String client;

    private final Map<String, String> nodeOf;
    /** The first status that is an error (RFC 9110 15.5: 4xx client error, 15.6: 5xx server error). */
    private static final long HTTP_CLIENT_ERROR = 400;

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
            if (e.is(BrowserEvents.NAVIGATE) && e.node().equals(client)) {
                out.add(visit(i));
            }
        }
        return out;
    }

    /** The visit that starts at {@code events[from]}: its window to page-loaded or failed, told by every part. */
    private Visit visit(int from) {
        TraceEvent nav = events.get(from);
        long v = nav.num(BrowserEvents.VISIT);
        int to = events.size() - 1;
        TraceEvent end = null;
        for (int i = from; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            if (e.isAny(BrowserEvents.PAGE_LOADED, BrowserEvents.FAILED) && e.node().equals(client) && e.num(BrowserEvents.VISIT) == v) {
                end = e;
                to = i;
                break;
            }
        }
        List<TraceEvent> w = events.subList(from, to + 1);
        long endNs = end == null ? w.get(w.size() - 1).time() : end.time();
        boolean ok = end != null && end.is(BrowserEvents.PAGE_LOADED);
        String error = end == null ? "the visit did not finish" : ok ? "" : end.get(BrowserEvents.ERROR);
        Story story = new Story(events, w, client, nodeOf, v, endNs);
        List<Step> steps = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        tell(w, v, endNs, steps, rows);
        int errors = 0;
        for (TraceEvent e : w) {
            if (story.isBrowser(e, BrowserEvents.FETCH_FAILED)
                    || story.isBrowser(e, BrowserEvents.FETCH_DONE) && e.num(BrowserEvents.STATUS) >= HTTP_CLIENT_ERROR) {
                errors++;
            }
        }
        List<String> after = ok ? AfterLoad.lines(events, client, v, to + 1) : List.of();
        return new Visit((int) v, nav.get(BrowserEvents.URL), nav.time(), endNs, ok, error, List.copyOf(steps), List.copyOf(rows),
                errors, after);
    }

    /**
     * Tells the visit's window {@code w} into {@code steps} and {@code rows}: every part tells it
     * as one story, or, when the page was redirected, each navigation of it as its own story (from
     * the navigate or the redirect to the next redirect or the end), with a step for each redirect
     * between them; the steps are numbered through.
     */
    private void tell(List<TraceEvent> w, long v, long endNs, List<Step> steps, List<Row> rows) {
        List<Integer> cuts = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            TraceEvent e = w.get(i);
            if (e.is(BrowserEvents.REDIRECT) && e.node().equals(client) && e.num(BrowserEvents.VISIT) == v) {
                cuts.add(i);
            }
        }
        int from = 0;
        for (int k = 0; k <= cuts.size(); k++) {
            int to = k < cuts.size() ? cuts.get(k) : w.size() - 1;
            long segmentEnd = k < cuts.size() ? w.get(to).time() : endNs;
            Story story = new Story(events, w.subList(from, to + 1), client, nodeOf, v, segmentEnd);
            for (NarrationPart p : NarrationParts.ALL) {
                p.tell(story);
            }
            List<Step> told = new ArrayList<>(story.steps());
            if (k < cuts.size()) {
                TraceEvent r = w.get(to);
                told.add(redirectStep(r, story));
            }
            for (Step st : told) {
                steps.add(new Step(steps.size() + 1, st.title(), st.startNs(), st.durationNs(), st.details(), st.explain()));
            }
            rows.addAll(story.rows());
            from = to;
        }
        // a redirect's step lasts until the next navigation's first step
        for (int i = 0; i + 1 < steps.size(); i++) {
            Step st = steps.get(i);
            if (st.title().startsWith(REDIRECT_TITLE)) {
                steps.set(i, new Step(st.number(), st.title(), st.startNs(), steps.get(i + 1).startNs() - st.startNs(), st.details(),
                        st.explain()));
            }
        }
    }

    private static final String REDIRECT_TITLE = "Redirect: ";

    /** The step of an HSTS upgrade: the browser's own 307, and when the site asked for it. */
    private static Step hstsStep(TraceEvent r, Story before) {
        String to = r.get(BrowserEvents.URL);
        String host = java.net.URI.create(to).getHost();
        TraceEvent learned = null;
        for (TraceEvent e : before.all) {
            if (e.time() > r.time()) {
                break;
            }
            if (e.is(BrowserEvents.HSTS) && e.node().equals(before.client) && (host.equals(e.get(BrowserEvents.HOST))
                    || host.endsWith("." + e.get(BrowserEvents.HOST)) && Boolean.TRUE.equals(e.get(BrowserEvents.SUBDOMAINS)))) {
                learned = e;
            }
        }
        List<String> d = new ArrayList<>();
        d.add("Non-Authoritative-Reason: HSTS");
        if (learned != null) {
            d.add("learned " + sec(learned.time()) + " in visit " + learned.num(BrowserEvents.VISIT) + " from " + learned.get(BrowserEvents.HOST)
                    + ": Strict-Transport-Security: " + learned.get(BrowserEvents.FIELD));
        }
        return new Step(0, REDIRECT_TITLE + "307 Internal Redirect to " + to + " (HSTS)", r.time(), 0, d,
                "An earlier answer from " + (learned == null ? host : learned.get(BrowserEvents.HOST)) + " over HTTPS carried"
                        + " Strict-Transport-Security, so the browser keeps " + host + " as HTTPS-only (RFC 6797): it rewrites the"
                        + " http:// URL to https:// itself before anything leaves, with no DNS for port 80, no plain-HTTP request an"
                        + " attacker on the path could answer (SSL stripping) and no round trip for the site's redirect. Chromium"
                        + " shows it as a 307 Internal Redirect.");
    }

    /** The step of a redirect: the status and where it sends the browser, and why it starts over. */
    private static Step redirectStep(TraceEvent r, Story before) {
        long status = r.num(BrowserEvents.STATUS);
        String to = r.get(BrowserEvents.URL);
        if (BrowserEvents.BY_HSTS.equals(r.get(BrowserEvents.NON_AUTHORITATIVE))) {
            return hstsStep(r, before);
        }
        TraceEvent started = before.first(BrowserEvents.NAVIGATE, BrowserEvents.REDIRECT); // this navigation's start
        String from = started == null ? "" : started.get(BrowserEvents.URL);
        String reason = io.netty.handler.codec.http.HttpResponseStatus.valueOf((int) status).reasonPhrase();
        java.net.URI a = java.net.URI.create(from.isEmpty() ? to : from);
        java.net.URI b = java.net.URI.create(to);
        boolean upgrade = "http".equalsIgnoreCase(a.getScheme()) && "https".equalsIgnoreCase(b.getScheme())
                && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()));
        String explain = "The server answered the page's request with " + status + " " + reason + " and a Location field: the page is"
                + " elsewhere, so the browser shows nothing of this answer and navigates to the URL it names (RFC 9110 section 15.4"
                + (status == 301 || status == 308 ? "; a permanent redirect, which browsers may cache" : "") + ")."
                + (upgrade ? " Here it is the same host over HTTPS: the site sends plain-HTTP visitors to its encrypted address, so"
                        + " the browser starts again with a new connection to port " + (b.getPort() > 0 ? b.getPort() : 443)
                        + " and a TLS handshake. (A site that also sends Strict-Transport-Security over HTTPS is asked over HTTPS"
                        + " from the start on the next visits, without this round trip: HSTS, RFC 6797.)" : "");
        return new Step(0, REDIRECT_TITLE + status + " " + reason + " to " + to, r.time(), 0,
                List.of("Location: " + r.get(BrowserEvents.LOCATION)), explain);
    }

    // ---- rendering

    /** The narration: numbered steps, a waterfall, the page load time; {@code explain} adds a sentence per step. */
    public static List<String> render(Visit v, boolean explain) {
        return render(v, explain, true, 0);
    }

    /**
     * {@link #render(Visit, boolean)} printed as the visit happens: the {@code Visit N: URL} line
     * when {@code header}, then the steps from {@code fromStep} (0-based) on, then the end (failure,
     * waterfall, load time, what came after the load).
     */
    public static List<String> render(Visit v, boolean explain, boolean header, int fromStep) {
        List<String> out = new ArrayList<>();
        if (header) {
            out.add("Visit " + v.number() + ": " + v.url());
        }
        out.addAll(steps(v, explain, fromStep, v.steps().size()));
        if (!v.ok()) {
            out.add("    failed: " + v.error());
        }
        out.addAll(waterfall(v));
        out.add(String.format(Locale.ROOT, "Page %s in %s", v.outcome(), ms(v.loadNs())));
        out.addAll(v.afterLoad());
        return out;
    }

    /** The lines of steps {@code from} (0-based, included) to {@code to} (excluded), as {@link #render} prints them. */
    public static List<String> steps(Visit v, boolean explain, int from, int to) {
        List<String> out = new ArrayList<>();
        for (Step s : v.steps().subList(Math.min(from, v.steps().size()), Math.min(to, v.steps().size()))) {
            out.add(String.format(Locale.ROOT, "%2d. [%s +%s] %s", s.number(), sec(s.startNs()), ms(s.durationNs()), s.title()));
            if (explain) {
                out.add("      " + s.explain());
            }
            for (String d : s.details()) {
                out.add("      " + d);
            }
        }
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
