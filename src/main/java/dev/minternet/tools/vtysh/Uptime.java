package dev.minternet.tools.vtysh;

/** The time formats FRR's show commands use. */
final class Uptime {
    private static final long SEC = 1_000_000_000L;

    private Uptime() {
    }

    /** zebra's route age: hh:mm:ss under a day, then 1d02h03m, then 01w2d03h. */
    static String route(long ns) {
        long s = Math.max(0, ns) / SEC;
        long days = s / 86400;
        long h = s / 3600 % 24;
        long m = s / 60 % 60;
        long sec = s % 60;
        if (s < 86400) {
            return String.format("%02d:%02d:%02d", h, m, sec);
        }
        if (s < 7 * 86400) {
            return String.format("%dd%02dh%02dm", days, h, m);
        }
        return String.format("%02dw%dd%02dh", days / 7, days % 7, h);
    }

    /** ospfd's timeval dump: 42.979s, 3m05s, 1h02m03s, 2d03h04m, 1w2d03h; under a millisecond 54 usecs. */
    static String ospf(long ns) {
        long t = Math.max(0, ns);
        long s = t / SEC;
        long ms = t % SEC / 1_000_000;
        long w = s / (7 * 86400);
        long d = s / 86400 % 7;
        long h = s / 3600 % 24;
        long m = s / 60 % 60;
        long sec = s % 60;
        if (w > 0) {
            return String.format("%dw%1dd%02dh", w, d, h);
        }
        if (d > 0) {
            return String.format("%1dd%02dh%02dm", d, h, m);
        }
        if (h > 0) {
            return String.format("%dh%02dm%02ds", h, m, sec);
        }
        if (m > 0) {
            return String.format("%dm%02ds", m, sec);
        }
        if (sec == 0 && ms == 0) {
            return t / 1000 + " usecs";
        }
        return String.format("%d.%03ds", sec, ms);
    }

    /** ospf6d's timerstring: hh:mm:ss, then 1d02:03:04 from a day on. */
    static String ospf6(long ns) {
        long s = Math.max(0, ns) / SEC;
        String hms = String.format("%02d:%02d:%02d", s / 3600 % 24, s / 60 % 60, s % 60);
        return s >= 86400 ? s / 86400 + "d" + hms : hms;
    }
}
