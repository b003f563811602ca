package dev.minternet.browser;

import java.util.List;
import java.util.Locale;

/**
 * The sequence diagram of one visit as inline SVG for the HTML report: a lane per node (its name
 * in a box on top), an arrow per message coloured by protocol (the waterfall's colours), the time
 * since navigation on the left, and the trace's own record of each message as its hover title.
 * Lanes are spaced as the labels of the arrows between them need, so no label overlaps its
 * neighbour; the page puts the drawing in a box that scrolls sideways when it is wider than the
 * window.
 */
final class SequenceSvg {
    private SequenceSvg() {
    }

    /** Pixels per character of the 11 px monospace labels (Chromium's DejaVu Sans Mono: 6.6). */
    private static final double CHAR_W = 6.7;
    /** The least distance between two lanes. */
    private static final int MIN_COL = 90;
    /** The most room a label makes between its arrow's lanes: a longer label is cut (the hover title has it whole). */
    private static final int MAX_LABEL_W = 420;
    private static final int LEFT = 84;
    private static final int ROW = 22;
    private static final int TOP = 46;

    /** The protocol class of a message, by the word its label starts with. */
    static String kind(Diagram.Msg m) {
        String l = m.label();
        return l.startsWith("DNS ") ? "dns" : l.startsWith("TCP ") ? "tcp" : l.startsWith("TLS ") ? "tls"
                : l.startsWith("SQL ") || l.endsWith(" rows") || l.endsWith(" row") ? "sql" : "http";
    }

    /** The label cut to {@code chars} characters. */
    static String label(Diagram.Msg m, int chars) {
        return m.label().length() > chars ? m.label().substring(0, Math.max(1, chars - 3)) + "..." : m.label();
    }

    static String svg(int visit, Narrator.Visit v, List<Diagram.Msg> msgs, String client) {
        List<String> ps = Diagram.participants(msgs, client);
        int[] x = lanes(ps, msgs);
        int width = x[ps.size() - 1] + MIN_COL / 2 + 8;
        int height = TOP + (msgs.size() + 1) * ROW;
        String marker = "arrow-" + visit;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg class=\"seq\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"sequence of messages of visit %d\">\n", width, height, width, height, visit));
        sb.append("<defs><marker id=\"").append(marker).append("\" markerWidth=\"8\" markerHeight=\"8\" refX=\"8\" refY=\"4\" orient=\"auto\">"
                + "<path d=\"M0,0 L8,4 L0,8 z\" fill=\"#444\"/></marker></defs>\n");
        for (int i = 0; i < ps.size(); i++) {
            int boxW = (int) Math.ceil(ps.get(i).length() * CHAR_W * 1.1) + 14;
            sb.append(String.format(Locale.ROOT, "<g class=\"lane\" data-node=\"%s\"><title>%s</title>"
                    + "<rect x=\"%d\" y=\"6\" width=\"%d\" height=\"24\" rx=\"4\"/>"
                    + "<text x=\"%d\" y=\"22\" text-anchor=\"middle\">%s</text>"
                    + "<line x1=\"%d\" y1=\"30\" x2=\"%d\" y2=\"%d\"/></g>\n",
                    esc(ps.get(i)), esc(ps.get(i)), x[i] - boxW / 2, boxW, x[i], esc(ps.get(i)), x[i], x[i], height - 4));
        }
        int y = TOP;
        for (Diagram.Msg m : msgs) {
            y += ROW;
            int x1 = x[ps.indexOf(m.from())];
            int x2 = x[ps.indexOf(m.to())];
            String at = String.format(Locale.ROOT, "%.3f ms", (m.t() - v.startNs()) / 1e6);
            String tip = at + ": " + m.from() + " \u2192 " + m.to() + ": " + m.label() + (m.detail().isEmpty() ? "" : "\n" + m.detail());
            sb.append("<g class=\"msg ").append(kind(m)).append("\"><title>").append(esc(tip)).append("</title>");
            sb.append(String.format(Locale.ROOT, "<text class=\"at\" x=\"4\" y=\"%d\">%s</text>", y, at));
            String path = x1 == x2
                    ? String.format(Locale.ROOT, "M%d,%d h24 v8 h-22", x1, y - 8)
                    : String.format(Locale.ROOT, "M%d,%d H%d", x1, y, x2 + (x2 > x1 ? -1 : 1));
            sb.append(String.format(Locale.ROOT, "<path class=\"hit\" d=\"%s\"/><path class=\"arrow\" d=\"%s\" marker-end=\"url(#%s)\"/>",
                    path, path, marker));
            int room = x1 == x2 ? (width - x1 - 30) : Math.abs(x2 - x1) - 14;
            int tx = x1 == x2 ? x1 + 28 : (x1 + x2) / 2;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text></g>\n", tx,
                    x1 == x2 ? y : y - 5, x1 == x2 ? "start" : "middle", esc(label(m, (int) (room / CHAR_W)))));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    /**
     * Each lane's x: as close to the previous one as its name box and every label of an arrow that
     * ends on it allow (an arrow from lane a to lane b needs x[b] - x[a] of its label's width, up
     * to {@link #MAX_LABEL_W}); lanes are placed left to right, so each constraint is met when its
     * right end is placed.
     */
    private static int[] lanes(List<String> ps, List<Diagram.Msg> msgs) {
        int[] x = new int[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            int half = halfBox(ps.get(i));
            x[i] = i == 0 ? LEFT + Math.max(MIN_COL / 2, half) : Math.max(x[i - 1] + MIN_COL, x[i - 1] + half + halfBox(ps.get(i - 1)));
            for (Diagram.Msg m : msgs) {
                int a = ps.indexOf(m.from());
                int b = ps.indexOf(m.to());
                if (Math.max(a, b) == i && a != b) {
                    int need = (int) Math.min(MAX_LABEL_W, Math.ceil(m.label().length() * CHAR_W + 18));
                    x[i] = Math.max(x[i], x[Math.min(a, b)] + need);
                }
            }
        }
        return x;
    }

    private static int halfBox(String lane) {
        return (int) Math.ceil(lane.length() * CHAR_W * 1.1 / 2) + 12;
    }

    static String esc(String s) {
        return Diagram.esc(s);
    }
}
