package dev.minternet.transport.tcp;

import dev.minternet.wire.TcpRepr;

/**
 * The receiving half of a connection (gVisor's {@code rcv.go}): RCV.NXT, the receive buffer with
 * its out-of-order reassembly, the advertised window, the acceptability test of RFC 9293
 * 3.10.7.4, the segment text (seventh step) and the FIN with the state changes it makes (eighth
 * step), TS.Recent (RFC 7323 4.3), the ACK policy (RFC 5681 4.2, RFC 1122 4.2.3.2) and the SACK
 * blocks our ACKs report (RFC 2018 4).
 */
final class Receiver {
    private final TcpConnection c;

    /** RCV.NXT (RFC 9293 3.3.1); RCV.WND lives in {@link #window}. */
    int nxt;
    final ReceiveBuffer buf;
    final ReceiveWindow window;
    final ReceiveAutotuning autotuning;

    /** A FIN arrived inside the window, at {@link #finSeq}, ahead of data still missing. */
    private boolean finPending;
    private int finSeq;
    /** The peer's FIN arrived in order: no more data will come. */
    boolean finReceived;

    /** Something arrived that our next ACK must acknowledge. */
    boolean ackPending;
    private int bytesSinceAck;
    /** The largest segment received so far (up to our MSS): the "full-sized segment" of RFC 5681 4.2. */
    private int mss = TcpConfig.DEFAULT_MSS;
    private final long[] sackScratch = new long[8];

    long bytesDelivered;
    /** Linux rcv_ooopack: segments that arrived out of order (ss rcv_ooopack). */
    long oooPackets;
    /** RFC 2883 / Linux tcp_dsack_set: a duplicate range the next ACK reports as its first SACK block. */
    private boolean dsackPending;
    private int dsackStart;
    private int dsackEnd;

    Receiver(TcpConnection c) {
        this.c = c;
        this.buf = new ReceiveBuffer(c.cfg.receiveBuffer());
        this.window = new ReceiveWindow(buf, c.advMss);
        this.autotuning = new ReceiveAutotuning(c, buf, window);
    }

    /**
     * RFC 9293 3.10.7.4, first check: whether a segment of {@code segLen} sequence numbers at
     * {@code seq} is acceptable, by the four cases of segment length and receive window.
     */
    boolean acceptable(int seq, int segLen) {
        int rcvWnd = window.advertised(nxt);
        if (segLen == 0) {
            return rcvWnd == 0 ? seq == nxt : Seq.inRange(seq, nxt, nxt + rcvWnd);
        }
        if (rcvWnd == 0) {
            // Not acceptable, but "special allowance should be made to accept valid ACKs, URGs and
            // RSTs": like Linux, a segment at RCV.NXT still has its ACK and RST processed.
            return seq == nxt;
        }
        return Seq.inRange(seq, nxt, nxt + rcvWnd) || Seq.inRange(seq + segLen - 1, nxt, nxt + rcvWnd);
    }

    /**
     * Stores in-window payload; returns whether the ACK should go out at once (RFC 5681 4.2:
     * immediately for out-of-order data and for data that fills a hole).
     */
    boolean receiveData(TcpRepr seg, int dataSeq, int len) {
        int off = seg.payloadOffset();
        // Trim what lies before RCV.NXT (already received).
        if (Seq.lt(dataSeq, nxt)) {
            int skip = nxt - dataSeq;
            setDsack(dataSeq, Seq.min(dataSeq + len, nxt));
            if (skip >= len) {
                ackPending = true;
                return true; // a pure duplicate: tell the sender where we are (RFC 5681 4.2)
            }
            off += skip;
            len -= skip;
            dataSeq = nxt;
        }
        // Trim what lies beyond the advertised window (RFC 9293 3.10.7.4, "trimmed to the window").
        int room = window.edge() - dataSeq;
        if (room <= 0) {
            ackPending = true;
            return true;
        }
        len = Math.min(len, room);
        mss = Math.max(mss, Math.min(len, c.advMss));
        autotuning.onData(len, seg.options().tsEcr(), seg.options().timestamp(), nxt, c.env.now());
        boolean hadHoles = !buf.outOfOrder().isEmpty();
        long at = buf.contiguousEnd() + (dataSeq - nxt);
        byte[] src = seg.payload();
        int grown;
        if (src == null) {
            byte[] zeros = new byte[len];
            grown = buf.insert(at, zeros, 0, len);
        } else {
            grown = buf.insert(at, src, off, len);
        }
        ackPending = true;
        if (grown > 0) {
            nxt += grown;
            bytesDelivered += grown;
            bytesSinceAck += grown;
            c.events.post(AppEvents.READABLE);
            if (hadHoles) {
                return true;
            }
            // RFC 5681 4.2 / RFC 1122 4.2.3.2: ACK at least every second full-sized segment.
            return bytesSinceAck >= 2 * mss;
        }
        oooPackets++;
        return true; // out of order: send a duplicate ACK with SACK blocks at once
    }

    /** Linux tcp_send_dupack: an old duplicate outside the window is reported by a D-SACK. */
    void onUnacceptable(TcpRepr seg) {
        if (seg.payloadLength() > 0 && Seq.lt(seg.seq(), nxt)) {
            setDsack(seg.seq(), Seq.min(seg.seq() + seg.payloadLength(), nxt));
        }
    }

    /** Linux tcp_dsack_set (tcp_dsack = 1): remembers a duplicate for the next ACK, with SACK only. */
    private void setDsack(int start, int end) {
        if (c.sackOk) {
            dsackPending = true;
            dsackStart = start;
            dsackEnd = end;
        }
    }

    /** RFC 9293 3.10.7.4, eighth step: a FIN at {@code seq} within the window waits for the data before it. */
    void finArrived(int seq) {
        if (Seq.le(seq, nxt + window.advertised(nxt))) {
            finPending = true;
            finSeq = seq;
        }
    }

    /** Whether a FIN is waiting at RCV.NXT: every byte before it has arrived. */
    boolean finInOrder() {
        return finPending && nxt == finSeq && !finReceived;
    }

    /** RFC 9293 3.10.7.4, eighth step: the FIN is in order. */
    void processFin() {
        finReceived = true;
        nxt += 1; // "advance RCV.NXT over the FIN"
        ackPending = true;
        c.events.post(AppEvents.PEER_CLOSED);
        switch (c.state) {
            case SYN_RECEIVED, ESTABLISHED -> c.setState(TcpState.CLOSE_WAIT);
            case FIN_WAIT_1 -> {
                if (c.snd.finAcked()) {
                    c.enterTimeWait();
                } else {
                    c.setState(TcpState.CLOSING);
                }
            }
            case FIN_WAIT_2 -> c.enterTimeWait();
            case TIME_WAIT -> c.arm(TcpTimer.TIME_WAIT, c.env.now() + c.cfg.timeWait());
            default -> {
            }
        }
    }

    /** RFC 7323 4.3: TS.Recent follows the latest in-order timestamp. */
    void updateTsRecent(TcpRepr seg) {
        if (c.tsOk && seg.options().timestamp() && Seq.ge(seg.options().tsVal(), c.tsRecent)
                && Seq.le(seg.seq(), c.lastAckSent)) {
            c.tsRecent = seg.options().tsVal();
        }
    }

    /**
     * The ACK policy after a segment: at once when asked ({@code now}: out-of-order data, a
     * filled hole, a FIN, every second full-sized segment) or when delayed ACKs are off; otherwise
     * within the delayed-ACK timeout (RFC 5681 4.2, RFC 1122 4.2.3.2).
     */
    void acknowledge(boolean now) {
        if (ackPending && (now || c.cfg.delayedAck() == 0)) {
            c.snd.sendAck();
        } else if (ackPending) {
            if (c.deadline(TcpTimer.DELAYED_ACK) == Long.MAX_VALUE) {
                c.arm(TcpTimer.DELAYED_ACK, c.env.now() + c.cfg.delayedAck());
            }
        }
    }

    /** A segment carrying our current ACK went out. */
    void ackSent() {
        ackPending = false;
        dsackPending = false;
        bytesSinceAck = 0;
    }

    /** The window field for a segment about to be sent (moves the advertised right edge). */
    int windowField() {
        return window.field(nxt);
    }

    /** After the application read: advertise the opened window if it is worth a segment. */
    void maybeSendWindowUpdate() {
        if (window.updateWorthSending(nxt)) {
            c.snd.sendAck();
        }
    }

    /** How many SACK blocks the next segment carries, at most {@code max}. */
    int sackBlockCount(int max) {
        Assembler ooo = buf.outOfOrder();
        return Math.min((ooo.isEmpty() ? 0 : ooo.count()) + (dsackPending ? 1 : 0), max);
    }

    /**
     * The SACK blocks for our next segment (RFC 2018 4: the most recently received first), as
     * sequence number pairs, or null when nothing is held out of order.
     */
    int[] sackBlocks(int max) {
        Assembler ooo = buf.outOfOrder();
        if (ooo.isEmpty() && !dsackPending) {
            return null;
        }
        int d = dsackPending ? 1 : 0; // RFC 2883 4: the D-SACK block comes first
        int n = ooo.isEmpty() ? 0 : ooo.recentRanges(sackScratch, max - d);
        int[] blocks = new int[2 * (n + d)];
        if (d == 1) {
            blocks[0] = dsackStart;
            blocks[1] = dsackEnd;
        }
        long base = buf.contiguousEnd();
        for (int k = 0; k < n; k++) {
            blocks[2 * (k + d)] = nxt + (int) (sackScratch[2 * k] - base);
            blocks[2 * (k + d) + 1] = nxt + (int) (sackScratch[2 * k + 1] - base);
        }
        return blocks;
    }
}
