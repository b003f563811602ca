package dev.minternet.tools;

import java.util.Locale;

/**
 * A hop's figures as mtr 0.95 keeps them (ui/net.c): round trips in whole microseconds, the
 * average an int updated by each answer (truncated at every step), the sum of squared differences
 * a long long, loss in thousandths of a per cent; and {@code mtr --json}, which prints them over
 * 1000 through jansson with {@code JSON_INDENT(4) | JSON_REAL_PRECISION(5)}.
 */
final class MtrJson {
    private MtrJson() {
    }

    /** Loss (x1000), sent, last, average, best, worst, standard deviation (microseconds). */
    record Figures(int loss, int sent, int last, int avg, int best, int worst, int stdev) {
    }

    static Figures figures(Mtr.Hop h) {
        int returned = 0;
        int avg = 0;
        long ssd = 0;
        int best = 0;
        int worst = 0;
        for (long ns : h.rtts) {
            int usec = (int) (ns / 1000);
            returned++;
            best = returned == 1 ? usec : Math.min(best, usec);
            worst = Math.max(worst, usec);
            int old = avg;
            avg = (int) (avg + (usec - old + .0) / returned);
            ssd = (long) (ssd + (usec - old + .0) * (usec - avg));
        }
        int loss = h.sent == 0 ? 0 : (int) (1000 * (100 - (100.0 * returned / h.sent)));
        int stdev = returned > 1 ? (int) Math.sqrt(ssd / (returned - 1.0)) : 0;
        int last = h.last < 0 ? 0 : (int) (h.last / 1000);
        return new Figures(loss, h.sent, last, avg, best, worst, stdev);
    }

    /** The report as {@code mtr --json} prints it (hops {@code first} to {@code last}; their names in {@code names}). */
    static String json(String src, String dst, int tests, int psize, Mtr.Hop[] hops, String[] names, int first, int last) {
        StringBuilder term = new StringBuilder();
        term.append("{\n");
        term.append("    \"report\": {").append('\n');
        term.append("        \"mtr\": {").append('\n');
        term.append("            \"src\": " + string(src) + ",").append('\n');
        term.append("            \"dst\": " + string(dst) + ",").append('\n');
        term.append("            \"tos\": 0,").append('\n');
        term.append("            \"tests\": " + tests + ",").append('\n');
        term.append("            \"psize\": \"" + psize + "\",").append('\n');
        term.append("            \"bitpattern\": \"0x00\"").append('\n');
        term.append("        },").append('\n');
        term.append("        \"hubs\": [" + (last < first ? "]" : "")).append('\n');
        for (int t = first; t <= last; t++) {
            Figures f = figures(hops[t]);
            term.append("            {").append('\n');
            term.append("                \"count\": " + t + ",").append('\n');
            term.append("                \"host\": " + string(names[t]) + ",").append('\n');
            term.append("                \"Loss%\": " + real(f.loss()) + ",").append('\n');
            term.append("                \"Snt\": " + f.sent() + ",").append('\n');
            term.append("                \"Last\": " + real(f.last()) + ",").append('\n');
            term.append("                \"Avg\": " + real(f.avg()) + ",").append('\n');
            term.append("                \"Best\": " + real(f.best()) + ",").append('\n');
            term.append("                \"Wrst\": " + real(f.worst()) + ",").append('\n');
            term.append("                \"StDev\": " + real(f.stdev())).append('\n');
            term.append("            }" + (t < last ? "," : "")).append('\n');
        }
        if (last >= first) {
            term.append("        ]").append('\n');
        }
        term.append("    }").append('\n');
        term.append("}").append('\n');
        return term.toString();
    }

    /** {@code v / 1000.0} as jansson writes a real with precision 5: "%.5g", then ".0" when it has no dot or exponent. */
    static String real(int v) {
        String s = String.format(Locale.ROOT, "%.5g", v / 1000.0);
        if (!s.contains("e")) {
            if (s.contains(".")) {
                s = s.replaceAll("0+$", "");
                s = s.endsWith(".") ? s + "0" : s;
            }
        }
        return s.contains(".") || s.contains("e") ? s : s + ".0";
    }

    private static String string(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
