package dev.minternet.browser;

import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The messages of a visit between the nodes it involved (client, resolvers, name servers, the
 * server, backends, application, database), read from the trace by the narration's parts;
 * written as a Mermaid sequence diagram or as one self-contained HTML page (waterfall and an SVG
 * sequence diagram, no scripts).
 */
public final class Diagram {
    /** One arrow: at {@code t}, {@code from} sends {@code label} to {@code to}. */
    public record Msg(long t, String from, String to, String label) {
    }

    private Diagram() {
    }

    /**
     * The messages during {@code v}, drawn by the narration's parts from the trace; {@code nodeOf}
     * maps an address to its node's name. The participants are the nodes these messages name, so
     * a world without a load balancer or a database shows none.
     */
    public static List<Msg> messages(List<TraceEvent> events, String client, Narrator.Visit v, Map<String, String> nodeOf) {
        List<TraceEvent> window = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.time() >= v.startNs() && e.time() <= v.endNs()) {
                window.add(e);
            }
        }
        Sequence seq = new Sequence(events, client, Story.serverOf(window, client, nodeOf), nodeOf);
        for (TraceEvent e : window) {
            for (NarrationPart p : NarrationParts.ALL) {
                p.draw(e, seq);
            }
        }
        return seq.arrows();
    }

    static List<String> participants(List<Msg> msgs, String client) {
        Set<String> p = new LinkedHashSet<>();
        p.add(client);
        for (Msg m : msgs) {
            p.add(m.from());
            p.add(m.to());
        }
        return new ArrayList<>(p);
    }

    /** A Mermaid sequence diagram per visit. */
    public static String mermaid(List<Narrator.Visit> visits, List<List<Msg>> msgs, String client) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < visits.size(); i++) {
            Narrator.Visit v = visits.get(i);
            sb.append("%% Visit ").append(v.number()).append(": ").append(v.url()).append(", page ")
                    .append(v.outcome()).append(" in ").append(Narrator.ms(v.loadNs())).append('\n');
            sb.append("sequenceDiagram\n");
            for (String p : participants(msgs.get(i), client)) {
                sb.append("    participant ").append(id(p)).append(" as ").append(p).append('\n');
            }
            for (Msg m : msgs.get(i)) {
                sb.append("    ").append(id(m.from())).append(m.from().equals(client) || m.to().equals(client) ? "->>" : "->>")
                        .append(id(m.to())).append(": ").append(String.format(Locale.ROOT, "%.3f ms ", (m.t() - v.startNs()) / 1e6))
                        .append(m.label().replace(";", ",").replace("#", "")).append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String id(String p) {
        return p.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** One self-contained HTML page: per visit the narration, a waterfall and an SVG sequence diagram. */
    public static String html(List<Narrator.Visit> visits, List<List<Msg>> msgs, String client, boolean explain) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>minternet visit</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}pre{background:#f6f6f6;padding:1em;overflow-x:auto}")
                .append(".wf td{padding:1px 6px;font-family:monospace;font-size:12px}.bar{position:relative;width:600px;height:12px;background:#eee}")
                .append(".bar span{position:absolute;top:0;height:12px;background:#1e5ac8}.cache span{background:#2a2}")
                .append("svg text{font-family:monospace;font-size:11px}</style></head><body>\n");
        for (int i = 0; i < visits.size(); i++) {
            Narrator.Visit v = visits.get(i);
            sb.append("<h1>Visit ").append(v.number()).append(": ").append(esc(v.url())).append("</h1>\n");
            sb.append("<p>Page ").append(v.outcome()).append(" in <b>").append(Narrator.ms(v.loadNs())).append("</b></p>\n");
            sb.append("<h2>Waterfall</h2>\n<table class=\"wf\">\n");
            long span = Math.max(1, v.loadNs());
            for (Narrator.Row r : v.rows()) {
                double a = 100.0 * (r.startNs() - v.startNs()) / span;
                double w = Math.max(0.3, 100.0 * (r.endNs() - r.startNs()) / span);
                sb.append(String.format(Locale.ROOT, "<tr><td>%s</td><td><div class=\"bar%s\"><span style=\"left:%.2f%%;width:%.2f%%\"></span></div></td><td>%s</td><td>%s</td></tr>\n",
                        esc(r.label()), r.note().equals("cache") ? " cache" : "", a, Math.min(w, 100 - a), Narrator.ms(r.endNs() - r.startNs()), esc(r.note())));
            }
            sb.append("</table>\n<h2>Sequence of messages</h2>\n").append(svg(v, msgs.get(i), client));
            sb.append("<h2>Steps</h2>\n<pre>");
            for (String l : Narrator.render(v, explain)) {
                sb.append(esc(l)).append('\n');
            }
            sb.append("</pre>\n");
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    static String svg(Narrator.Visit v, List<Msg> msgs, String client) {
        List<String> ps = participants(msgs, client);
        int colW = 130;
        int rowH = 22;
        int top = 40;
        int width = 90 + ps.size() * colW;
        int height = top + (msgs.size() + 1) * rowH + 10;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">\n", width, height));
        sb.append("<defs><marker id=\"a\" markerWidth=\"8\" markerHeight=\"8\" refX=\"8\" refY=\"4\" orient=\"auto\">"
                + "<path d=\"M0,0 L8,4 L0,8 z\" fill=\"#333\"/></marker></defs>\n");
        for (int i = 0; i < ps.size(); i++) {
            int x = 90 + i * colW + colW / 2;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>"
                    + "<line x1=\"%d\" y1=\"28\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>\n", x, esc(ps.get(i)), x, x, height - 5));
        }
        int y = top;
        for (Msg m : msgs) {
            y += rowH;
            int x1 = 90 + ps.indexOf(m.from()) * colW + colW / 2;
            int x2 = 90 + ps.indexOf(m.to()) * colW + colW / 2;
            sb.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"%d\" fill=\"#888\">%.3f ms</text>", y, (m.t() - v.startNs()) / 1e6));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" marker-end=\"url(#a)\"/>", x1, y, x2, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", (x1 + x2) / 2, y - 4,
                    esc(m.label().length() > 60 ? m.label().substring(0, 57) + "..." : m.label())));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
