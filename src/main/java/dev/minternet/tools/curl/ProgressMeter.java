package dev.minternet.tools.curl;

import java.util.List;
import java.util.Locale;

/**
 * curl's progress meter (tool_progress.c), which curl shows on stderr when the body does not go
 * to the terminal ({@code -o FILE}) and {@code -s} is not given: two header lines, then one line
 * of sizes, percentages, average speeds and times, redrawn in place. On Minternet's line terminal
 * the redraws that a real terminal overwrites are not shown: the first line (all zeros, which
 * curl prints before the first {@code *   Trying} and which that line continues) and the last.
 */
final class ProgressMeter {
    private ProgressMeter() {
    }

    /** The two header lines. */
    public static List<String> header() {
        return List.of("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current",
                "                                 Dload  Upload   Total   Spent    Left  Speed");
    }

    /** The meter before anything moved. */
    public static String zero() {
        return line(0, 0, 0, 0, 0, 0, 0, -1);
    }

    /**
     * One meter line.
     *
     * @param total    the expected download size (Content-Length), or 0 when unknown
     * @param received bytes of body received
     * @param upTotal  the upload size (-d), 0 when none
     * @param uploaded bytes uploaded
     * @param dlSpeed  average download speed, bytes per second
     * @param ulSpeed  average upload speed, bytes per second
     * @param spentNs  time since the transfer started
     * @param current  the current speed in bytes per second (curl's last-five-seconds figure), -1 for the average
     */
    public static String line(long total, long received, long upTotal, long uploaded, long dlSpeed, long ulSpeed,
            long spentNs, long current) {
        long all = Math.max(total, received) + upTotal;
        long done = received + uploaded;
        int pct = all == 0 ? 0 : (int) (done * 100 / all);
        int dlPct = total == 0 ? 0 : (int) (received * 100 / total);
        int ulPct = upTotal == 0 ? 0 : (int) (uploaded * 100 / upTotal);
        long spentS = spentNs / 1_000_000_000L;
        String left = "--:--:--";
        String totalTime = "--:--:--";
        if (dlSpeed > 0 && total > 0) {
            long totalS = total / dlSpeed;
            totalTime = time(totalS);
            left = time(totalS - spentS);
        }
        return String.format(Locale.ROOT, "%3d %s  %3d %s  %3d %s  %s  %s %s %s %s %s", pct, max5(all), dlPct,
                max5(received), ulPct, max5(uploaded), max5(dlSpeed), max5(ulSpeed), totalTime, time(spentS), left,
                max5(current < 0 ? dlSpeed + ulSpeed : current));
    }

    /** curl's time2str: "--:--:--" for nothing, else H:MM:SS in eight columns (days beyond 99 hours). */
    static String time(long s) {
        if (s <= 0) {
            return "--:--:--";
        }
        long h = s / 3600;
        if (h <= 99) {
            return String.format(Locale.ROOT, "%2d:%02d:%02d", h, (s % 3600) / 60, s % 60);
        }
        long d = s / 86400;
        if (d <= 999) {
            return String.format(Locale.ROOT, "%3dd %02dh", d, (s % 86400) / 3600);
        }
        return String.format(Locale.ROOT, "%7dd", d);
    }

    /** curl's max5data: a byte count in five columns, with k, M, G, T, P suffixes as it grows. */
    static String max5(long b) {
        long k = 1024;
        long m = k * k;
        long g = m * k;
        long t = g * k;
        if (b < 100000) {
            return String.format(Locale.ROOT, "%5d", b);
        }
        if (b < 10000 * k) {
            return String.format(Locale.ROOT, "%4dk", b / k);
        }
        if (b < 100 * m) {
            return String.format(Locale.ROOT, "%2d.%dM", b / m, (b % m) / (m / 10));
        }
        if (b < 10000 * m) {
            return String.format(Locale.ROOT, "%4dM", b / m);
        }
        if (b < 100 * g) {
            return String.format(Locale.ROOT, "%2d.%dG", b / g, (b % g) / (g / 10));
        }
        if (b < 10000 * g) {
            return String.format(Locale.ROOT, "%4dG", b / g);
        }
        if (b < 10000 * t) {
            return String.format(Locale.ROOT, "%4dT", b / t);
        }
        return String.format(Locale.ROOT, "%4dP", b / (t * k));
    }
}
