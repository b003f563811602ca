package dev.minternet.browser;

import dev.minternet.trace.TraceEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code visit --html}: one self-contained page (no script, no external resource; the same run
 * writes the same bytes) that a person reads top to bottom: per visit a banner when it failed or
 * loaded with errors, the waterfall with its phases colour-coded on a time axis (dns, tcp, tls,
 * request, wait, receive, as browser devtools show them), the sequence diagram of the messages
 * (the SYN hop by hop through routers, NAT and firewall; the TLS handshake message by message),
 * and the steps with their plain-words explanations and details. Every bar and arrow has a hover
 * title with its timings and sizes. The page fits the window: wide parts (the waterfall on a
 * phone, the diagram of a world with many nodes) scroll sideways inside their own box.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    private static final String CSS = """
            :root{--dns:#0f8b8d;--tcp:#e09f1f;--tls:#8e44ad;--request:#2b6cb0;--wait:#7fb3e6;--receive:#1f4e8c;\
            --cache:#2f9e44;--failed:#c92a2a;--sql:#a05a2c}
            *{box-sizing:border-box}
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;padding:1rem;color:#1f2328;line-height:1.45;\
            max-width:100%;overflow-wrap:anywhere}
            h1{font-size:1.35rem;margin:.2rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .4rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}
            .visit{border-top:1px solid #d0d7de;padding-top:.5rem}
            .banner{padding:.6rem .9rem;border-radius:6px;font-weight:600;margin:.5rem 0}
            .banner.failed{background:#c92a2a;color:#fff}.banner.warn{background:#fff3bf;color:#5c3c00;border:1px solid #f0c36d}
            .summary b{font-variant-numeric:tabular-nums}
            .scroll{overflow-x:auto;max-width:100%;border:1px solid #eaeef2;border-radius:6px;background:#fff}
            table.wf{border-collapse:collapse;width:100%;font-size:12px}
            .wf td,.wf th{padding:2px 6px;white-space:nowrap;text-align:left;vertical-align:middle}
            .wf td.label{font-family:ui-monospace,monospace;max-width:16rem;overflow:hidden;text-overflow:ellipsis}
            .wf td.num{text-align:right;font-family:ui-monospace,monospace}
            .wf td.barcell,.wf th.barcell{width:100%;min-width:160px}
            .wf tr:nth-child(even) td{background:#f6f8fa}
            .bar,.axis{position:relative;height:12px;min-width:150px}
            .axis{height:16px;border-bottom:1px solid #8c959f;font-weight:normal;color:#57606a;font-size:10px}
            .axis span{position:absolute;top:0;transform:translateX(-50%)}
            .axis span.first{transform:none}.axis span.last{transform:translateX(-100%)}
            .bar span{position:absolute;top:0;height:12px;min-width:2px;border-radius:2px}
            .dns{background:var(--dns)}.tcp{background:var(--tcp)}.tls{background:var(--tls)}.request{background:var(--request)}
            .wait{background:var(--wait)}.receive{background:var(--receive)}.cache{background:var(--cache)}.failed{background:var(--failed)}
            .legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;padding:0;margin:.5rem 0;font-size:12px}
            .legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-2px}
            svg.seq{display:block;font-family:ui-monospace,monospace;font-size:11px}
            svg.seq .lane rect{fill:#f6f8fa;stroke:#8c959f}svg.seq .lane text{font-weight:bold}
            svg.seq .lane line{stroke:#c4cbd2;stroke-dasharray:4 3}
            svg.seq .at{fill:#6e7781}svg.seq .arrow{fill:none;stroke:#444;stroke-width:1.3}
            svg.seq .hit{fill:none;stroke:transparent;stroke-width:12}
            svg.seq .msg:hover .arrow{stroke-width:2.5}svg.seq .msg:hover text{font-weight:bold}
            svg.seq .dns .arrow{stroke:var(--dns)}svg.seq .tcp .arrow{stroke:var(--tcp)}svg.seq .tls .arrow{stroke:var(--tls)}
            svg.seq .http .arrow{stroke:var(--request)}svg.seq .sql .arrow{stroke:var(--sql)}
            ol.steps{padding-left:1.6rem}ol.steps>li{margin:.6rem 0}
            .steps .when{color:#57606a;font-family:ui-monospace,monospace;font-size:12px}
            .steps .explain{margin:.2rem 0;color:#24292f}
            .steps ul{margin:.2rem 0;padding-left:1.1rem;font-family:ui-monospace,monospace;font-size:12px;color:#424a53}
            @media (max-width:700px){.axis span.tick{display:none}body{padding:.6rem}}
            footer{margin-top:2rem;color:#6e7781;font-size:12px}
            """;

    /** The page for {@code visits} by {@code client}; {@code msgs} holds each visit's messages ({@link Diagram#messages}). */
    public static String page(List<TraceEvent> events, List<Narrator.Visit> visits, List<List<Diagram.Msg>> msgs, String client) {
        return page(events, visits, msgs, client, false);
    }

    /**
     * The page while the last of {@code visits} may still be loading ({@code running}): that visit
     * is drawn as far as the trace goes (live mode's visit panel redraws it as the visit runs), with
     * "loading" instead of a failure banner.
     */
    public static String page(List<TraceEvent> events, List<Narrator.Visit> visits, List<List<Diagram.Msg>> msgs, String client,
                              boolean running) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title(visits))).append("</title>\n<style>\n").append(CSS).append("</style></head><body>\n");
        sb.append("<h1>").append(esc(title(visits))).append("</h1>\n");
        for (int i = 0; i < visits.size(); i++) {
            visit(sb, events, visits.get(i), msgs.get(i), client, running && i == visits.size() - 1);
        }
        sb.append("<footer>Written by minternet visit from the simulation's trace; hover a bar or an arrow for its details.</footer>\n");
        sb.append("</body></html>\n");
        return sb.toString();
    }

    /** "minternet visit: URL" (the distinct URLs, in the order visited). */
    static String title(List<Narrator.Visit> visits) {
        Set<String> urls = new LinkedHashSet<>();
        for (Narrator.Visit v : visits) {
            urls.add(v.url());
        }
        return "minternet visit: " + String.join(", ", urls);
    }

    private static void visit(StringBuilder sb, List<TraceEvent> events, Narrator.Visit v, List<Diagram.Msg> msgs, String client,
                              boolean running) {
        sb.append("<section class=\"visit").append(running ? " running" : "").append("\" id=\"visit-").append(v.number()).append("\">\n");
        sb.append("<h2>Visit ").append(v.number()).append(": ").append(esc(v.url())).append("</h2>\n");
        List<VisitPhases.Lane> lanes = VisitPhases.of(events, client, v);
        if (running) {
            sb.append("<p class=\"summary\">Page loading: <b>").append(Narrator.ms(v.loadNs())).append("</b> so far, ")
                    .append(count(lanes.stream().filter(l -> l.label().startsWith("/")).count(), "request")).append(", ")
                    .append(count(v.steps().size(), "step")).append(".</p>\n");
        } else if (!v.ok()) {
            sb.append("<div class=\"banner failed\" role=\"alert\">The visit failed: ").append(esc(v.error())).append("</div>\n");
        } else if (v.errors() > 0) {
            sb.append("<div class=\"banner warn\" role=\"status\">The page loaded with errors: ").append(v.errors())
                    .append(v.errors() == 1 ? " request" : " requests").append(" got an error or no answer.</div>\n");
        }
        if (!running) {
            sb.append("<p class=\"summary\">Page ").append(v.outcome()).append(" in <b>").append(Narrator.ms(v.loadNs())).append("</b>, ")
                    .append(count(lanes.stream().filter(l -> l.label().startsWith("/")).count(), "request")).append(", ")
                    .append(count(v.steps().size(), "step")).append(".</p>\n");
        }
        sb.append("<h3>Waterfall</h3>\n");
        waterfall(sb, v, lanes);
        sb.append("<h3>Messages</h3>\n<div class=\"scroll\">\n").append(SequenceSvg.svg(v.number(), v, msgs, client)).append("</div>\n");
        sb.append("<h3>What happened</h3>\n<ol class=\"steps\">\n");
        for (Narrator.Step s : v.steps()) {
            sb.append("<li><div><span class=\"when\">").append(Narrator.sec(s.startNs())).append(" +").append(Narrator.ms(s.durationNs()))
                    .append("</span> <b>").append(esc(s.title())).append("</b></div>\n");
            if (!s.explain().isEmpty()) {
                sb.append("<p class=\"explain\">").append(esc(s.explain())).append("</p>\n");
            }
            if (!s.details().isEmpty()) {
                sb.append("<ul>");
                for (String d : s.details()) {
                    sb.append("<li>").append(esc(d)).append("</li>");
                }
                sb.append("</ul>\n");
            }
            sb.append("</li>\n");
        }
        sb.append("</ol>\n");
        sb.append("</section>\n");
    }

    private static void waterfall(StringBuilder sb, Narrator.Visit v, List<VisitPhases.Lane> lanes) {
        long span = Math.max(1, v.loadNs());
        sb.append("<div class=\"scroll\"><table class=\"wf\">\n<thead><tr><th>what</th><th class=\"barcell\"><div class=\"axis\">");
        int ticks = 4;
        for (int k = 0; k <= ticks; k++) {
            sb.append(String.format(Locale.ROOT, "<span class=\"%s\" style=\"left:%d%%\">%s</span>",
                    k == 0 ? "first" : k == ticks ? "last" : "tick", 100 * k / ticks, Narrator.ms(span * k / ticks)));
        }
        sb.append("</div></th><th>time</th></tr></thead>\n<tbody>\n");
        for (VisitPhases.Lane l : lanes) {
            sb.append("<tr title=\"").append(esc(l.label() + ": " + l.detail())).append("\"><td class=\"label\">").append(esc(l.label()))
                    .append("</td><td class=\"barcell\"><div class=\"bar\">");
            for (VisitPhases.Phase p : l.phases()) {
                double a = Math.min(100, Math.max(0, 100.0 * (p.startNs() - v.startNs()) / span));
                double w = Math.min(100 - a, 100.0 * (p.endNs() - p.startNs()) / span);
                sb.append(String.format(Locale.ROOT, "<span class=\"%s\" style=\"left:%.2f%%;width:%.2f%%\" title=\"%s\"></span>",
                        p.kind(), a, Math.max(0, w), esc(p.detail() + " (from +" + Narrator.ms(p.startNs() - v.startNs()) + ")")));
            }
            sb.append("</div></td><td class=\"num\">").append(Narrator.ms(l.endNs() - l.startNs())).append("</td></tr>\n");
        }
        sb.append("</tbody></table></div>\n<ul class=\"legend\">");
        for (String k : VisitPhases.KINDS) {
            sb.append("<li><i class=\"").append(k).append("\"></i>").append(k).append("</li>");
        }
        sb.append("</ul>\n");
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    static String esc(String s) {
        return Diagram.esc(s);
    }
}
