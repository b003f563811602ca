package dev.minternet.link.wifi;

import dev.minternet.sim.Durations;

/**
 * 802.11a (OFDM, 5 GHz, 20 MHz channels) timing as IEEE 802.11-2016 clause 17 gives it, and the
 * airtime of a frame. An Ethernet II frame of {@code n} bytes crosses the air as an 802.11 data
 * MPDU of {@code n + 22} bytes: the 14-byte Ethernet header is replaced by a 24-byte 802.11
 * header (three addresses, no QoS field) and an 8-byte LLC/SNAP header, and a 4-byte FCS follows.
 * A PPDU is the 16 us preamble and 4 us SIGNAL field, then 4 us OFDM symbols carrying the 16-bit
 * SERVICE field, the MPDU and 6 tail bits, padded to a whole symbol.
 */
public final class Dcf {
    private Dcf() {
    }

    public static final long SLOT_NS = 9 * Durations.US;
    public static final long SIFS_NS = 16 * Durations.US;
    /** DIFS = SIFS + 2 slots. */
    public static final long DIFS_NS = SIFS_NS + 2 * SLOT_NS;
    /** Preamble (16 us) and SIGNAL (4 us). */
    public static final long PREAMBLE_NS = 20 * Durations.US;
    public static final long SYMBOL_NS = 4 * Durations.US;
    /** aRxPHYStartDelay of the OFDM PHY. */
    public static final long RX_PHY_START_DELAY_NS = 25 * Durations.US;
    /** ACKTimeout = SIFS + slot + aRxPHYStartDelay: a sender that has not started receiving an ACK by then retries. */
    public static final long ACK_TIMEOUT_NS = SIFS_NS + SLOT_NS + RX_PHY_START_DELAY_NS;
    public static final int CW_MIN = 15;
    public static final int CW_MAX = 1023;
    /** dot11ShortRetryLimit: a frame is dropped after this many attempts without an ACK. */
    public static final int RETRY_LIMIT = 7;
    /** The 802.11a data rates, bit/s. */
    public static final long[] RATES = {6_000_000L, 9_000_000L, 12_000_000L, 18_000_000L, 24_000_000L, 36_000_000L,
        48_000_000L, 54_000_000L};
    /** The basic rate set: the mandatory rates 6, 12 and 24 Mbit/s. */
    public static final long[] BASIC_RATES = {6_000_000L, 12_000_000L, 24_000_000L};
    /** 802.11 data header (24) + LLC/SNAP (8) + FCS (4) - Ethernet header (14). */
    public static final int MPDU_OVERHEAD = 22;
    public static final int ACK_BYTES = 14;
    /** EIFS = SIFS + DIFS + an ACK at the lowest rate: what a station defers after a frame it could not decode. */
    public static final long EIFS_NS = SIFS_NS + DIFS_NS + ppdu(ACK_BYTES, 6_000_000L);

    /** Whether {@code bps} is an 802.11a rate. */
    public static boolean isRate(long bps) {
        for (long r : RATES) {
            if (r == bps) {
                return true;
            }
        }
        return false;
    }

    /** Airtime of a PPDU carrying an MPDU of {@code mpduBytes} at {@code bps}. */
    public static long ppdu(int mpduBytes, long bps) {
        long bitsPerSymbol = bps / 250_000L; // 4 us symbols: Mbit/s x 4
        long bits = 16 + 8L * mpduBytes + 6;
        long symbols = (bits + bitsPerSymbol - 1) / bitsPerSymbol;
        return PREAMBLE_NS + symbols * SYMBOL_NS;
    }

    /** Airtime of the data frame carrying an Ethernet II frame of {@code ethernetBytes}. */
    public static long dataAirtime(int ethernetBytes, long bps) {
        return ppdu(ethernetBytes + MPDU_OVERHEAD, bps);
    }

    /** The rate an ACK to a frame sent at {@code bps} goes at: the highest basic rate not above it. */
    public static long ackRate(long bps) {
        long best = BASIC_RATES[0];
        for (long r : BASIC_RATES) {
            if (r <= bps) {
                best = r;
            }
        }
        return best;
    }

    /** Airtime of the ACK to a frame sent at {@code bps}. */
    public static long ackAirtime(long bps) {
        return ppdu(ACK_BYTES, ackRate(bps));
    }
}
