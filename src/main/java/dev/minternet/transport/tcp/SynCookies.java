package dev.minternet.transport.tcp;

import dev.minternet.sim.Durations;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SYN cookies (RFC 4987 3.6): when a listener's SYN queue is full, the SYN,ACK's initial
 * sequence number carries what the server would have remembered, so the server keeps no state
 * until the final ACK returns the cookie as {@code SEG.ACK - 1}.
 *
 * <p>The layout is Linux's {@code secure_tcp_syn_cookie} (net/ipv4/syncookies.c):
 * <pre>
 *   ISN = H(k0; saddr, daddr, sport, dport, 0) + client ISN + (count &lt;&lt; 24)
 *         + ((H(k1; saddr, daddr, sport, dport, count) + mss index) mod 2^24)
 * </pre>
 * where {@code count} advances every 60 s (tcp_cookie_time) and a cookie is accepted in its own
 * minute and the next (MAX_SYNCOOKIE_AGE 2). The MSS index picks one of Linux's four MSS values
 * {536, 1300, 1440, 1460}: the largest not above the client's MSS. H is a keyed hash; Linux uses
 * SipHash with boot-time secrets, here HMAC-SHA-256 truncated to 32 bits with two keys drawn
 * from the node's seeded stream {@code tcp-syncookie}, so runs repeat.
 *
 * <p>What a cookie cannot hold is lost unless timestamps carry it: like Linux's
 * {@code cookie_init_timestamp}, when the SYN had timestamps the low 6 bits of our TSval hold
 * the client's window scale (4 bits, 15 for none), SACK-permitted (bit 4) and ECN (bit 5, always
 * 0 here); the final ACK echoes it in TSecr. Without timestamps the SYN,ACK offers no window
 * scale, no SACK and no timestamps, and the connection runs without them, as on Linux. The
 * timestamp clock's offset is a keyed hash of the 4-tuple (Linux's secure_tcp_ts_off), so it is
 * found again from the ACK alone.
 */
final class SynCookies {
    /** Linux msstab[]: the MSS values a cookie can encode, by index. */
    static final int[] MSS_TABLE = {536, 1300, 1440, 1460};
    static final int COOKIE_BITS = 24;
    static final int COOKIE_MASK = (1 << COOKIE_BITS) - 1;
    /** Linux TCP_SYNCOOKIE_PERIOD: the counter in the cookie advances every minute. */
    static final long PERIOD = 60 * Durations.S;
    /** Linux MAX_SYNCOOKIE_AGE: a cookie from this minute or the one before is accepted. */
    static final int MAX_AGE = 2;
    /** Linux TCP_SYNCOOKIE_VALID: cookies are checked only within 2 minutes of a SYN queue overflow. */
    static final long VALID = 2 * 60 * Durations.S;
    /** Linux TSBITS: the low bits of TSval that carry the options. */
    static final int TS_BITS = 6;
    static final int TS_OPT_MASK = (1 << TS_BITS) - 1;
    static final int TS_OPT_WSCALE_MASK = 0xf;
    static final int TS_OPT_SACK = 1 << 4;

    private final Mac mac;
    private final byte[] input = new byte[20];

    SynCookies(SplittableRandom random) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i += 8) {
            long v = random.nextLong();
            for (int b = 0; b < 8; b++) {
                key[i + b] = (byte) (v >>> (8 * b));
            }
        }
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** The keyed hash of the 4-tuple, a counter and the secret's number (Linux's cookie_hash). */
    int hash(int saddr, int daddr, int sport, int dport, int count, int secret) {
        ByteBuffer b = ByteBuffer.wrap(input);
        b.putInt(0, saddr).putInt(4, daddr).putInt(8, (sport << 16) | (dport & 0xffff)).putInt(12, count).putInt(16, secret);
        byte[] h = mac.doFinal(input);
        return ByteBuffer.wrap(h).getInt(0);
    }

    /** Linux tcp_cookie_time: minutes of simulated time. */
    static int count(long now) {
        return (int) (now / PERIOD);
    }

    /** The largest index whose MSS does not exceed the client's (Linux __cookie_v4_init_sequence). */
    static int mssIndex(int peerMss) {
        for (int i = MSS_TABLE.length - 1; i > 0; i--) {
            if (peerMss >= MSS_TABLE[i]) {
                return i;
            }
        }
        return 0;
    }

    /** The cookie ISN for a SYN from {@code saddr:sport} (sequence {@code clientIsn}) to {@code daddr:dport}. */
    int isn(long now, int saddr, int daddr, int sport, int dport, int clientIsn, int mssIndex) {
        int count = count(now);
        return hash(saddr, daddr, sport, dport, 0, 0) + clientIsn + (count << COOKIE_BITS)
                + ((hash(saddr, daddr, sport, dport, count, 1) + mssIndex) & COOKIE_MASK);
    }

    /**
     * Checks the cookie an ACK returns ({@code SEG.ACK - 1}, with {@code clientIsn = SEG.SEQ - 1}):
     * the MSS index it encodes, or -1 when it is forged or older than {@link #MAX_AGE} minutes
     * (Linux __cookie_v4_check).
     */
    int check(long now, int saddr, int daddr, int sport, int dport, int clientIsn, int cookie) {
        int count = count(now);
        int rest = cookie - (hash(saddr, daddr, sport, dport, 0, 0) + clientIsn);
        // rest is now (count << 24) + (hash % 2^24 + data) % 2^24 ... as Linux, compare the counters.
        int diff = (count - (rest >>> COOKIE_BITS)) & (0xffffffff >>> COOKIE_BITS);
        if (diff >= MAX_AGE) {
            return -1;
        }
        int data = (rest - hash(saddr, daddr, sport, dport, count - diff, 1)) & COOKIE_MASK;
        return data < MSS_TABLE.length ? data : -1;
    }

    /** The timestamp clock's offset for a connection created from a cookie (Linux secure_tcp_ts_off). */
    int tsOffset(int saddr, int daddr, int sport, int dport) {
        return hash(saddr, daddr, sport, dport, 0, 2);
    }

    /**
     * Linux cookie_init_timestamp: the timestamp clock now ({@code ticks}), its low 6 bits replaced
     * by the options, never ahead of the clock.
     */
    static int encodeTimestamp(int ticks, int peerWscale, boolean sack) {
        int options = peerWscale >= 0 ? peerWscale : TS_OPT_WSCALE_MASK;
        if (sack) {
            options |= TS_OPT_SACK;
        }
        int ts = (ticks & ~TS_OPT_MASK) | options;
        if (Integer.compareUnsigned(ts, ticks) > 0) {
            ts -= 1 << TS_BITS;
        }
        return ts;
    }

    /** The peer's window scale an echoed cookie timestamp carries, -1 for none. */
    static int decodeWscale(int tsEcrTicks) {
        int w = tsEcrTicks & TS_OPT_WSCALE_MASK;
        return w == TS_OPT_WSCALE_MASK ? -1 : w;
    }

    static boolean decodeSack(int tsEcrTicks) {
        return (tsEcrTicks & TS_OPT_SACK) != 0;
    }
}
