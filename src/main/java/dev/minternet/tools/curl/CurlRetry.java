package dev.minternet.tools.curl;

import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.tools.curl.CurlArgs.CurlException;
import java.util.List;

/**
 * curl's {@code --retry N} and its companions, by curl 8.5's post_per_transfer
 * (src/tool_operate.c), in simulated time: a transfer that timed out (28) or could not resolve
 * (6), one refused (7, with {@code --retry-connrefused}), an HTTP answer 408, 429, 500, 502, 503
 * or 504 (also when -f turned it into 22), and with {@code --retry-all-errors} any error, is made
 * again after "Warning: Problem : timeout. Will retry in 1 seconds. 3 retries left.", waiting
 * 1 s, then twice as long each time (at most 10 minutes), or {@code --retry-delay} seconds
 * each time, or the seconds of the answer's {@code Retry-After}; never once {@code
 * --retry-max-time} seconds have passed since the first attempt. Only the last attempt prints
 * -w's line. Not modelled: Retry-After given as an HTTP date (read as no delay of its own).
 */
final class CurlRetry {
    /** RETRY_SLEEP_DEFAULT and RETRY_SLEEP_MAX of tool_operate.h, in ms. */
    static final long SLEEP_DEFAULT_MS = 1000;
    static final long SLEEP_MAX_MS = 10 * 60 * 1000;

    /** The options as given: --retry, --retry-delay and --retry-max-time (seconds), the two switches. */
    record Options(long retries, long delayS, long maxTimeS, boolean connRefused, boolean allErrors) {
        static final Options NONE = new Options(0, 0, 0, false, false);
    }

    private final Options o;
    private final CurlArgs first;
    private final long startNs;
    private long left;
    private long sleepMs;

    CurlRetry(Options o, CurlArgs first, long startNs) {
        this.o = o;
        this.first = first;
        this.startNs = startNs;
        this.left = o.retries();
        this.sleepMs = o.delayS() > 0 ? o.delayS() * 1000 : SLEEP_DEFAULT_MS;
    }

    /**
     * Whether {@code t}'s ending with {@code code} (and {@code error}, null for none) makes
     * curl try again; if so it has said why and the next attempt is on its way.
     */
    boolean again(CurlTransfer t, int code, CurlOutput.Info info, String error) {
        long now = t.node.sim().now();
        if (left <= 0 || code == 130 || (o.maxTimeS() > 0 && (now - startNs) / Durations.MS >= o.maxTimeS() * 1000)) {
            return false;
        }
        String why = null;
        if (code == 28 || code == 6) {
            why = ": timeout";
        } else if (o.connRefused() && code == 7 && t.refused) {
            why = ": connection refused";
        } else if ((code == 0 || code == 22) && info != null && List.of(408, 429, 500, 502, 503, 504).contains(info.httpCode())) {
            why = ": HTTP error";
        }
        if (why == null && code != 0 && o.allErrors()) {
            why = "(retrying all errors)";
        }
        if (why == null) {
            return false;
        }
        long sleep = sleepMs;
        String retryAfter = why.equals(": HTTP error") ? info.responseHeaders().get("Retry-After") : null;
        if (retryAfter != null && retryAfter.strip().matches("[0-9]{1,15}")) {
            long s = Long.parseLong(retryAfter.strip());
            if (s > 0) {
                sleep = s * 1000;
                if (o.maxTimeS() > 0 && (now - startNs) / Durations.S + s > o.maxTimeS()) {
                    warn(t, "The Retry-After: time would make this command line exceed the maximum allowed time for retries.");
                    return false;
                }
            }
        }
        CurlArgs a = t.a;
        if (error != null && (!a.silent() || a.showError())) {
            t.term.println("curl: (" + code + ") " + error);
        }
        warn(t, "Problem " + why + ". Will retry in " + sleep / 1000 + " seconds. " + left + " retries left.");
        left--;
        if (o.delayS() == 0) {
            sleepMs = Math.min(sleepMs * 2, SLEEP_MAX_MS);
        }
        if (t.received > 0 && a.output() != null && !a.output().equals("-") && !a.silent()) {
            t.term.println("Note: Throwing away " + t.received + " bytes"); // the file starts over
        }
        CurlTransfer.Chain next = new CurlTransfer.Chain(now + sleep * Durations.MS);
        next.retry = this;
        next.meterShown = t.chain.meterShown;
        next.nextConnectionId = t.chain.nextConnectionId;
        next.hsts = t.chain.hsts;
        Timer timer = new Timer(t.node.sim(), () -> new CurlTransfer(t.node, first, t.term, t.cookies, next).begin());
        timer.setAfter(sleep * Durations.MS);
        t.term.onInterrupt(() -> {
            timer.cancel();
            t.term.exit(130);
        });
        return true;
    }

    private static void warn(CurlTransfer t, String w) {
        if (!t.a.silent()) {
            CurlUpload.warningLines(w).forEach(t.term::println);
        }
    }

    /** The option and its value, as tool_getparam.c reads it (str2unum, str2unummax: whole non-negative numbers). */
    static long number(String option, String v, boolean max) {
        String s = v.strip();
        if (s.startsWith("-") && s.length() > 1 && Character.isDigit(s.charAt(1))) {
            throw new CurlException(2, "option " + option + ": expected a positive numerical parameter");
        }
        if (!s.matches("[0-9]+")) {
            throw new CurlException(2, "option " + option + ": expected a proper numerical parameter");
        }
        try {
            long n = Long.parseLong(s);
            if (max && n > Long.MAX_VALUE / 1000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CurlException(2, "option " + option + ": too large number");
        }
    }

    /** Collects the retry options while the command line is read. */
    static final class Builder {
        long retries;
        long delay;
        long maxTime;
        boolean connRefused;
        boolean allErrors;

        boolean option(String o, String v) {
            switch (o) {
                case "--retry" -> retries = number(o, v, false);
                case "--retry-delay" -> delay = number(o, v, true);
                case "--retry-max-time" -> maxTime = number(o, v, true);
                case "--retry-connrefused" -> connRefused = true;
                case "--retry-all-errors" -> allErrors = true;
                default -> {
                    return false;
                }
            }
            return true;
        }

        Options build() {
            return new Options(retries, delay, maxTime, connRefused, allErrors);
        }
    }
}
