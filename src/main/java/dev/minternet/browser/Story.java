package dev.minternet.browser;

import dev.minternet.tls.TlsEvents;
import dev.minternet.trace.EventType;
import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One visit being told: the trace window from the browser's {@code navigate} to its
 * {@code page-loaded} (or {@code failed}), the browser's own milestones, and the steps, details
 * and waterfall rows the {@link NarrationPart}s add. Steps are keyed so that one part can add
 * details to another's step (the route goes under the TCP step).
 */
final class Story {
    /** A step while it is being told. */
    static final class Draft {
        final String key;
        final long at;
        final String title;
        final List<String> explain = new ArrayList<>();
        final List<String> details;

        Draft(String key, long at, String title, List<String> details) {
            this.key = key;
            this.at = at;
            this.title = title;
            this.details = details;
        }
    }

    /** The whole trace (some parts look before the visit: the health checks that preceded it). */
    final List<TraceEvent> all;
    /** The events from navigate to the visit's end. */
    final List<TraceEvent> window;
    final String client;
    final long visit;
    final long endNs;
    private final Map<String, String> nodeOf;
    private final List<Draft> steps = new ArrayList<>();
    private final List<Narrator.Row> rows = new ArrayList<>();

    Story(List<TraceEvent> all, List<TraceEvent> window, String client, Map<String, String> nodeOf, long visit, long endNs) {
        this.all = all;
        this.window = window;
        this.client = client;
        this.nodeOf = nodeOf;
        this.visit = visit;
        this.endNs = endNs;
    }

    /** Whether {@code e} is the browser's event of one of {@code types} for this visit. */
    boolean isBrowser(TraceEvent e, EventType... types) {
        return e.isAny(types) && e.node().equals(client) && e.num(BrowserEvents.VISIT) == visit;
    }

    /** The browser's first event of one of {@code types} in this visit, or null. */
    TraceEvent first(EventType... types) {
        for (TraceEvent e : window) {
            if (isBrowser(e, types)) {
                return e;
            }
        }
        return null;
    }

    /** Every browser event of one of {@code types} in this visit. */
    List<TraceEvent> every(EventType... types) {
        List<TraceEvent> out = new ArrayList<>();
        for (TraceEvent e : window) {
            if (isBrowser(e, types)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The host the visit looked up (empty when it never got that far). */
    String host() {
        TraceEvent c = first(BrowserEvents.DNS_CACHE_HIT, BrowserEvents.DNS_CACHE_MISS, BrowserEvents.IP_LITERAL);
        return c == null ? "" : c.get(BrowserEvents.HOST);
    }

    /** The node behind {@code address}, or the address when the trace does not say. */
    String name(String address) {
        return nodeOf.getOrDefault(address, address);
    }

    /** The node behind {@code address}, or null. */
    String nodeAt(String address) {
        return nodeOf.get(address);
    }

    /** The server the browser's connection ends on: where TLS terminated, else the node of the address it connected to. */
    String server() {
        return serverOf(window, client, nodeOf);
    }

    static String serverOf(List<TraceEvent> window, String client, Map<String, String> nodeOf) {
        String address = null;
        // a TLS server counts only when the browser did TLS: a mesh sidecar's mutual TLS is another hop's
        boolean browserTls = window.stream().anyMatch(e -> e.is(BrowserEvents.TLS_DONE) && e.node().equals(client));
        for (TraceEvent e : window) {
            if (browserTls && e.is(TlsEvents.HANDSHAKE) && !e.node().equals(client)) {
                return e.node();
            }
            if (address == null && e.is(BrowserEvents.CONNECT) && e.node().equals(client)) {
                address = e.get(BrowserEvents.ADDRESS);
            }
            if (address == null && e.is(BrowserEvents.REUSE) && e.node().equals(client)) {
                String remote = e.get(BrowserEvents.REMOTE);
                address = remote.substring(0, remote.lastIndexOf(':')).replace("[", "").replace("]", ""); // [IPv6]:port
            }
        }
        return address == null ? "the server" : nodeOf.getOrDefault(address, address);
    }

    /** Starts a step at {@code at}; {@code key} lets other parts find it. */
    Draft step(String key, long at, String title, String explain, List<String> details) {
        Draft d = new Draft(key, at, title, details);
        d.explain.add(explain);
        steps.add(d);
        return d;
    }

    /** Which node holds each address (empty when the narrator was given none). */
    Map<String, String> nodeOf() {
        return nodeOf;
    }

    /** The step in progress at {@code t} (the latest started at or before it), or null. */
    Draft stepAt(long t) {
        Draft at = null;
        for (Draft d : steps) {
            if (d.at <= t && (at == null || d.at >= at.at)) {
                at = d;
            }
        }
        return at;
    }

    /** The first step started after {@code t}, or null. */
    Draft stepAfter(long t) {
        Draft next = null;
        for (Draft d : steps) {
            if (d.at > t && (next == null || d.at < next.at)) {
                next = d;
            }
        }
        return next;
    }

    /** The step started under {@code key}, or null. */
    Draft step(String key) {
        for (Draft d : steps) {
            if (d.key.equals(key)) {
                return d;
            }
        }
        return null;
    }

    void row(String label, long startNs, long endNs, String note) {
        rows.add(new Narrator.Row(label, startNs, endNs, note));
    }

    /**
     * Follows a request from the browser through the servers: every event from {@code from} to
     * {@code until} not already {@code used} is offered to the parts in order until one takes it.
     */
    RequestWalk follow(String path, long from, long until, Set<TraceEvent> used, boolean verbose) {
        RequestWalk w = new RequestWalk(this, path, verbose);
        for (TraceEvent e : window) {
            if (e.time() < from || e.time() > until || used.contains(e)) {
                continue;
            }
            for (NarrationPart p : NarrationParts.ALL) {
                if (p.follow(e, w)) {
                    used.add(e);
                    break;
                }
            }
        }
        return w;
    }

    /** The steps in time order (a tie keeps the order the parts told them), each lasting until the next. */
    List<Narrator.Step> steps() {
        List<Draft> sorted = new ArrayList<>(steps);
        sorted.sort((a, b) -> Long.compare(a.at, b.at));
        List<Narrator.Step> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Draft d = sorted.get(i);
            long next = i + 1 < sorted.size() ? sorted.get(i + 1).at : endNs;
            out.add(new Narrator.Step(i + 1, d.title, d.at, next - d.at, d.details, String.join(" ", d.explain)));
        }
        return out;
    }

    List<Narrator.Row> rows() {
        return rows;
    }
}
