package dev.minternet.http;

import dev.minternet.sim.Recent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** IMF-fixdate, the HTTP date format (RFC 9110 section 5.6.7): {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
public final class HttpDates {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /**
     * The last texts parsed, by their hash: a server compares each conditional request's
     * If-Modified-Since with its files' few Last-Modified dates, and a cache reads the Date of
     * each answer it keeps (one text a simulated second), so nearly every parse is one of a few
     * texts; DateTimeFormatter's parse cost 1.5% of {@code bench cdn}'s CPU.
     */
    private static final Recent<String, Instant> RECENT = new Recent<>(64);

    private HttpDates() {
    }

    public static String format(Instant t) {
        return FORMAT.format(t);
    }

    /** The instant of an IMF-fixdate, or null when it does not parse (the header is then ignored). */
    public static Instant parse(String s) {
        if (s == null) {
            return null;
        }
        return RECENT.get(s, HttpDates::parseNow);
    }

    private static Instant parseNow(String s) {
        try {
            return Instant.from(FORMAT.parse(s.trim()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
