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
        for (NarrationPart p : NarrationParts.ALL) {
            p.tell(story);
        }
        int errors = 0;
        for (TraceEvent e : w) {
            if (story.isBrowser(e, BrowserEvents.FETCH_FAILED)
                    || story.isBrowser(e, BrowserEvents.FETCH_DONE) && e.num(BrowserEvents.STATUS) >= HTTP_CLIENT_ERROR) {
                errors++;
            }
        }
        List<String> after = ok ? AfterLoad.lines(events, client, v, to + 1) : List.of();
        return new Visit((int) v, nav.get(BrowserEvents.URL), nav.time(), endNs, ok, error, story.steps(), story.rows(), errors,
                after);
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
