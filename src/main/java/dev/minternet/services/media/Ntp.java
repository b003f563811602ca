package dev.minternet.services.media;

import java.time.Instant;

/** NTP timestamps (RFC 5905 6: seconds since 1900 in the high 32 bits, the fraction in the low), as RTCP carries them. */
final class Ntp {
    /** Seconds from 1900-01-01 to 1970-01-01. */
    static final long EPOCH_OFFSET = 2_208_988_800L;

    private Ntp() {
    }

    static long of(Instant t) {
        long frac = (t.getNano() * (1L << 32)) / 1_000_000_000L;
        return (t.getEpochSecond() + EPOCH_OFFSET) << 32 | frac;
    }

    /** The middle 32 bits (RFC 3550 6.4.1: LSR, and the A of the round-trip computation). */
    static long middle(long ntp) {
        return ntp >>> 16 & 0xFFFFFFFFL;
    }

    /** A duration in 1/65536 s, the unit of DLSR, as nanoseconds. */
    static long toNs(long units) {
        return units * 1_000_000_000L / 65536;
    }

    static long fromNs(long ns) {
        return ns * 65536 / 1_000_000_000L;
    }
}
