package dev.minternet.tools;

/**
 * What ping (IPv4) and ping6 count the same way, as iputils' ping_common.c does for both: requests
 * sent, replies (a duplicate counted once), errors, the round-trip times (microseconds: min, max,
 * sum, sum of squares for mdev), the 16-bit sequence window, and the statistics block they print.
 */
final class PingStats {
    /**
     * Requests remembered for matching replies and spotting duplicates: iputils' MAX_DUP_CHK, one
     * wrap of the 16-bit sequence number. Memory stays fixed however large -c is.
     */
    static final int WINDOW = 0x10000;

    long transmitted;
    long received;
    long errors;
    /** When the session started and when it sent its last request (the statistics' {@code time}). */
    long start;
    long lastSend;
    private final long[] sentAt = new long[WINDOW];
    private final boolean[] answered = new boolean[WINDOW];
    private long minUs = Long.MAX_VALUE;
    private long maxUs;
    private long sumUs;
    private double sum2;
    /** iputils' pipesize: the most requests outstanding when one of them was answered (by a reply or an ICMP error). */
    private int pipe;
    /** iputils' rts->rtt: an exponentially weighted mean of the round trips, in microseconds times 8. */
    private long rtt8;

    private static int slot(long seq) {
        return (int) (seq & (WINDOW - 1));
    }

    /** Request number {@code transmitted + 1} leaves at {@code now}; returns its number. */
    long send(long now) {
        long seq = transmitted + 1;
        lastSend = now;
        sentAt[slot(seq)] = now;
        answered[slot(seq)] = false;
        transmitted++;
        return seq;
    }

    /** The request a 16-bit wire sequence number answers: the latest one sent with those low bits. */
    long unwrap(int wireSeq) {
        return transmitted - ((transmitted - wireSeq) & 0xffff);
    }

    /** Whether {@code seq} is a request this session sent. */
    boolean sent(long seq) {
        return seq > 0 && seq <= transmitted;
    }

    /**
     * iputils' acknowledge(): a reply or an ICMP error about the request with 16-bit number
     * {@code wireSeq} came while the requests up to the last one sent were out; the most of them
     * ever out is the statistics' "pipe N".
     */
    void acknowledge(int wireSeq) {
        int diff = (int) ((transmitted - wireSeq) & 0xffff);
        if (diff <= 0x7fff) {
            pipe = Math.max(pipe, diff + 1);
        }
    }

    /** Whether request {@code seq} (one of the last {@link #WINDOW}) has had a reply. */
    boolean answered(long seq) {
        return answered[slot(seq)];
    }

    /** The round trip of request {@code seq} answered at {@code now}, in ns. */
    long rttNs(long seq, long now) {
        return now - sentAt[slot(seq)];
    }

    /** Counts the reply to {@code seq} after {@code us}; returns true when it is a duplicate (not counted again). */
    boolean answer(long seq, long us) {
        rtt8 = rtt8 == 0 ? us * 8 : rtt8 + us - rtt8 / 8; // gather_statistics, a duplicate's time too
        if (answered[slot(seq)]) {
            return true;
        }
        answered[slot(seq)] = true;
        received++;
        minUs = Math.min(minUs, us);
        maxUs = Math.max(maxUs, us);
        sumUs += us;
        sum2 += (double) us * us;
        return false;
    }

    /** The longest round trip so far, in microseconds. */
    long maxUs() {
        return maxUs;
    }

    /** iputils' main loop ends once replies and errors together reach -c ({@code count} 0: never). */
    boolean enough(long count) {
        return count > 0 && received + errors >= count;
    }

    /**
     * The statistics block iputils prints at the end, for destination {@code shown}: its first
     * newline ends {@code pending} (flood's dots, else an empty line); {@code ipg}: flood or a
     * zero interval, when iputils adds the mean gap between requests and the weighted mean round trip.
     */
    void print(Terminal term, String shown, String pending, boolean ipg) {
        long elapsedMs = (lastSend - start + 500_000) / 1_000_000;
        term.println(pending);
        term.println("--- " + shown + " ping statistics ---");
        StringBuilder sb = new StringBuilder();
        sb.append(transmitted).append(" packets transmitted, ").append(received).append(" received");
        if (errors > 0) {
            sb.append(", +").append(errors).append(" errors");
        }
        double loss = transmitted == 0 ? 0 : (transmitted - received) * 100.0 / transmitted;
        sb.append(", ").append(Formats.g(loss)).append("% packet loss, time ").append(elapsedMs).append("ms");
        term.println(sb.toString());
        // iputils' last line: the rtt figures, then ", pipe N" when more than one request was out
        // at once; the line is empty (its newline alone) when there is neither
        StringBuilder last = new StringBuilder();
        if (received > 0) {
            long avg = sumUs / received;
            double var = sum2 / received - ((double) sumUs / received) * ((double) sumUs / received);
            long mdev = (long) Math.sqrt(Math.max(0, var));
            last.append("rtt min/avg/max/mdev = ").append(Formats.ms3(minUs)).append('/').append(Formats.ms3(avg)).append('/')
                    .append(Formats.ms3(maxUs)).append('/').append(Formats.ms3(mdev)).append(" ms");
        }
        if (pipe > 1) {
            last.append(last.length() > 0 ? ", " : "").append("pipe ").append(pipe);
        }
        if (ipg && received > 0 && transmitted > 1) {
            long gap = (lastSend - start) / 1000 / (transmitted - 1);
            last.append(last.length() > 0 ? ", " : "").append(String.format(java.util.Locale.ROOT, "ipg/ewma %d.%03d/%d.%03d ms",
                    gap / 1000, gap % 1000, rtt8 / 8000, (rtt8 / 8) % 1000));
        }
        term.println(last.toString());
    }
}
