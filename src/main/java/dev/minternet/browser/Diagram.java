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
 * written as a Mermaid sequence diagram here or drawn in SVG by {@link HtmlReport}'s page.
 */
public final class Diagram {
    /**
     * One arrow: at {@code t}, {@code from} sends {@code label} to {@code to}; {@code detail} is what
     * the trace says of it (the event's fields), shown on hover in the HTML report.
     */
    public record Msg(long t, String from, String to, String label, String detail) {
        public Msg(long t, String from, String to, String label) {
            this(t, from, to, label, "");
        }
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
        HopByHop.draw(new Story(events, window, client, nodeOf, v.number(), v.endNs()), seq);
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
                sb.append("    ").append(id(m.from())).append("->>")
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

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
