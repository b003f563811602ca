package dev.minternet.transport.tcp;

/**
 * How the receive window opens, as Linux 6.x opens it (net/ipv4/tcp_input.c). Without this a
 * flow stops at the default buffer's 64 KiB window (12 Mbit/s at 44 ms); with it one flow fills a
 * 1 Gbit/s, 20 ms path.
 *
 * <ul>
 * <li>rcv_ssthresh ({@code tcp_grow_window}): starts at the SYN's window and grows, for every data
 * segment of 128 bytes or more, by max(2 advmss, 2 len) up to the free buffer and the window
 * clamp. The window offered never exceeds it ({@link ReceiveWindow}).</li>
 * <li>The receiver's RTT estimate ({@code tcp_rcv_rtt_measure_ts}, {@code tcp_rcv_rtt_measure}):
 * from the timestamp a full-sized segment echoes, or without timestamps from the time one window
 * takes to arrive; smoothed with gain 1/8 (ss's {@code rcv_rtt}).</li>
 * <li>Dynamic right-sizing ({@code tcp_rcv_space_adjust}, on each read, tcp_moderate_rcvbuf): once
 * per receiver RTT, when the application read more than in the previous RTT ({@code rcv_space}),
 * the buffer grows to rcvwin = 2 copied + 16 advmss, plus twice the growth rate's share, up to
 * tcp_rmem[2] (in bytes of memory; the window is half of it, tcp_adv_win_scale 1).</li>
 * </ul>
 * A socket whose size was set with SO_RCVBUF ({@link TcpConfig#receiveBuffer(int)}) is locked
 * and never grows, as in Linux.
 */
final class ReceiveAutotuning {
    /** Linux TCP_INIT_CWND: rcv_space starts at min(rcv_wnd, 10 advmss). */
    private static final int INIT_SEGMENTS = 10;

    private final TcpConnection c;
    private final ReceiveBuffer buf;
    private final ReceiveWindow window;

    /** rcvq_space.space: bytes the application read in the last measured RTT. */
    private int space;
    /** rcvq_space.seq and .time: where and when the current measurement began. */
    private long spaceSeq;
    private long spaceTime;
    /** rcv_rtt_est.rtt_us, as Linux keeps it: 8 times the smoothed RTT, in ns here. */
    private long rttX8;
    private int lastTsecr;
    private boolean haveTsecr;
    /** Without timestamps: the sequence number that ends the window being timed, and when it began. */
    private int rttSeq;
    private long rttTime = -1;

    ReceiveAutotuning(TcpConnection c, ReceiveBuffer buf, ReceiveWindow window) {
        this.c = c;
        this.buf = buf;
        this.window = window;
    }

    /** tcp_init_buffer_space, when the connection is established. */
    void start(long now, long readOffset) {
        space = Math.min(window.rcvSsthresh, INIT_SEGMENTS * c.advMss);
        spaceSeq = readOffset;
        spaceTime = now;
    }

    /** Data of {@code len} bytes arrived (in order or not): measure the RTT and grow rcv_ssthresh. */
    void onData(int len, int tsecr, boolean hasTsecr, int rcvNxt, long now) {
        measureRtt(len, tsecr, hasTsecr, rcvNxt, now);
        if (len < 128) {
            return;
        }
        int room = Math.min(buf.capacity(), buf.window()) - window.rcvSsthresh;
        if (room > 0) {
            int incr = Math.max(2 * c.advMss, 2 * len);
            window.rcvSsthresh += Math.min(room, incr);
        }
    }

    private void measureRtt(int len, int tsecr, boolean hasTsecr, int rcvNxt, long now) {
        if (c.tsOk) {
            if (!hasTsecr || tsecr == 0 || (haveTsecr && tsecr == lastTsecr)) {
                return;
            }
            lastTsecr = tsecr;
            haveTsecr = true;
            if (len >= c.advMss - 12) {
                long delta = (long) (c.tsNow() - tsecr) * TcpConnection.TS_TICK;
                if (delta >= 0) {
                    update(delta, false);
                }
            }
            return;
        }
        if (rttTime >= 0) {
            if (Seq.lt(rcvNxt, rttSeq)) {
                return;
            }
            update(now - rttTime, true);
        }
        rttSeq = rcvNxt + window.advertised(rcvNxt);
        rttTime = now;
    }

    /** tcp_rcv_rtt_update: a 1/8-gain average, or with {@code winDep} the minimum of the samples. */
    private void update(long sample, boolean winDep) {
        long m = Math.max(sample, 1);
        if (rttX8 == 0) {
            rttX8 = m << 3;
        } else if (!winDep) {
            rttX8 += m - (rttX8 >> 3);
        } else {
            rttX8 = Math.min(rttX8, m << 3);
        }
    }

    /** tcp_rcv_space_adjust: the application has read up to stream offset {@code readOffset}. */
    void onRead(long readOffset, long now) {
        if (rttX8 == 0 || now - spaceTime < (rttX8 >> 3)) {
            return;
        }
        long copied = readOffset - spaceSeq;
        if (copied > space) {
            if (c.cfg.moderateRcvbuf() && !c.cfg.receiveBufferLocked()) {
                long rcvwin = 2 * copied + 16L * c.advMss;
                rcvwin += 2 * (rcvwin * (copied - space) / Math.max(1, space));
                long limit = c.cfg.rmemMax() / 2; // the window half of tcp_rmem[2]
                buf.grow((int) Math.min(rcvwin, limit));
            }
            space = (int) Math.min(copied, Integer.MAX_VALUE);
        }
        spaceSeq = readOffset;
        spaceTime = now;
    }

    /** ss's rcv_space. */
    int space() {
        return space;
    }

    /** ss's rcv_rtt in ns, 0 before a sample. */
    long rtt() {
        return rttX8 >> 3;
    }
}
