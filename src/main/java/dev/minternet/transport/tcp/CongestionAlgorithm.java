package dev.minternet.transport.tcp;

import java.util.Locale;

/** The congestion control algorithms a socket or scenario may choose. */
public enum CongestionAlgorithm {
    /** RFC 5681 slow start and congestion avoidance, RFC 6582 NewReno recovery. */
    NEWRENO,
    /** RFC 9438, the Linux default. */
    CUBIC;

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "newreno", "reno" or "cubic" (any case). */
    public static CongestionAlgorithm parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "newreno", "reno", "new-reno" -> NEWRENO;
            case "cubic" -> CUBIC;
            default -> throw new IllegalArgumentException("unknown congestion control '" + s
                    + "' (expected newreno or cubic)");
        };
    }
}
