package dev.minternet.transport.tcp;

/**
 * The window a connection advertises (RCV.WND) and its right edge RCV.NXT + RCV.WND.
 *
 * <ul>
 * <li>RFC 9293 3.8.6.2.2, receiver-side silly window syndrome avoidance: the right edge moves only
 * when it can move by at least min(buffer / 2, MSS).</li>
 * <li>RFC 9293 3.8.6: the right edge never moves left ("SHOULD NOT shrink the window"); when the
 * window scale would round it left, the field is rounded up instead, as Linux does (the receive
 * ring keeps 2^scale bytes of slack for that).</li>
 * <li>RFC 7323 2.2: the window of a SYN is never scaled; later ones are shifted by our scale.</li>
 * <li>Linux's rcv_ssthresh (tcp_grow_window): the window offered starts at the SYN's and grows by
 * two segments per full segment received, so it opens as fast as slow start fills it and no
 * faster; {@link ReceiveAutotuning} grows it.</li>
 * </ul>
 */
final class ReceiveWindow {
    private final ReceiveBuffer buf;
    private final int mss;
    private int scale;
    private int edge;
    /** Linux rcv_ssthresh: the most the window may offer now (payload bytes). */
    int rcvSsthresh;

    ReceiveWindow(ReceiveBuffer buf, int mss) {
        this.buf = buf;
        this.mss = mss;
    }

    /** The handshake fixed the scale; our SYN or SYN,ACK offered {@code synWindow} from {@code rcvNxt}. */
    void start(int rcvNxt, int scale, int synWindow) {
        this.scale = scale;
        this.edge = rcvNxt + synWindow;
        this.rcvSsthresh = synWindow;
        buf.allowOverhang(1 << scale);
    }

    int scale() {
        return scale;
    }

    /** The advertised right edge, RCV.NXT + RCV.WND as last sent. */
    int edge() {
        return edge;
    }

    /** RCV.WND: what the peer may still send beyond {@code rcvNxt}. */
    int advertised(int rcvNxt) {
        return Math.max(0, edge - rcvNxt);
    }

    /** The largest window the 16-bit field can offer at our scale, or the buffer if smaller. */
    int max() {
        return (int) Math.min(buf.capacity(), (long) 0xffff << scale);
    }

    /** The window field for a segment about to be sent, moving the right edge as advertised. */
    int field(int rcvNxt) {
        int free = Math.min(Math.min(buf.window(), max()), rcvSsthresh);
        int cur = advertised(rcvNxt);
        int wnd = free;
        if (free - cur < Math.min(max() / 2, mss)) {
            wnd = cur; // not worth moving the edge
        }
        int scaled = wnd >> scale;
        if ((scaled << scale) < cur) {
            scaled = (cur + (1 << scale) - 1) >> scale; // never shrink: round up
        }
        scaled = Math.min(scaled, 0xffff);
        int e = rcvNxt + (scaled << scale);
        if (Seq.gt(e, edge)) {
            edge = e;
        }
        return scaled;
    }

    /**
     * After the application read: is a window update worth a segment of its own? Like Linux
     * (tcp_cleanup_rbuf): when the advertised window is at most half the maximum and the window
     * could at least double, by at least min(max / 2, MSS).
     */
    boolean updateWorthSending(int rcvNxt) {
        int max = Math.min(max(), rcvSsthresh);
        int cur = advertised(rcvNxt);
        int free = Math.min(buf.window(), max);
        return 2 * cur <= max && free >= 2 * cur && free - cur >= Math.min(max / 2, mss);
    }
}
