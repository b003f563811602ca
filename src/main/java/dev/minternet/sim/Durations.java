package dev.minternet.sim;

import java.util.Locale;

/** Nanosecond constants and conversions used across the simulator. */
public final class Durations {
    public static final long NS = 1L;
    public static final long US = 1_000L;
    public static final long MS = 1_000_000L;
    public static final long S = 1_000_000_000L;

    private Durations() {
    }

    /**
     * Serialization delay of {@code bytes} on a link of {@code bitsPerSecond}, rounded up to the
     * next nanosecond (a frame is not on the wire until its last bit is).
     */
    public static long serialization(int bytes, long bitsPerSecond) {
        if (bitsPerSecond <= 0) {
            return 0;
        }
        // bytes * 8e9 stays far below 2^63 for any IP datagram (65535 bytes: 5.2e14).
        return (bytes * 8L * S + bitsPerSecond - 1) / bitsPerSecond;
    }

    /** Formats ns as seconds with millisecond precision, e.g. "1.250s". */
    public static String seconds(long ns) {
        return String.format(Locale.ROOT, "%d.%03ds", ns / S, (ns % S) / MS);
    }
}
