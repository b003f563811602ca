package dev.minternet.transport.tcp;

import static dev.minternet.wire.TcpPacket.ACK;
import static dev.minternet.wire.TcpPacket.FIN;
import static dev.minternet.wire.TcpPacket.PSH;
import static dev.minternet.wire.TcpPacket.RST;

import dev.minternet.sim.Durations;
import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpRepr;

/**
 * The sending half of a connection (gVisor's {@code snd.go}): the send sequence variables of RFC
 * 9293 3.3.1, the send buffer, the ACK rules of the fifth check (SND.UNA, the send window, RTT
 * samples), output of new data under cwnd and the peer's window with Nagle (RFC 9293 3.7.4) and
 * sender-side SWS avoidance (3.8.6.2.1), the persist timer (3.8.6.1), and the segments themselves.
 * What to retransmit and when is {@link LossRecovery}'s business; it sends through here.
 */
final class Sender {
    private final TcpConnection c;
    private final TcpEnv env;
    private final Receiver rcv;
    private final RtoEstimator rto;
    private final CongestionControl cc;
    /** Set once the connection created its loss recovery (which needs this sender first). */
    LossRecovery recovery;

    // RFC 9293 3.3.1 send sequence variables. SND.NXT never moves back: retransmissions name
    // their sequence numbers explicitly, so SND.NXT is also RFC 6675's HighData + 1.
    int una;
    int nxt;
    int wnd;
    int wl1;
    int wl2;
    /** The largest window the peer offered (sender SWS avoidance, RFC 5961 5.2). */
    int maxWnd;

    final SendBuffer buf;
    boolean finQueued;
    int finSeq;
    /** A send could not queue everything: {@link TcpHandler#onWritable} follows when space frees. */
    boolean writeBlocked;

    // RFC 6298 3: one segment at a time is timed; Karn's algorithm drops a retransmitted one.
    boolean rttTiming;
    private int rttSeq;
    private long rttSentAt;

    /** The RTT sample of the ACK being processed in ns (0: none), for HyStart++. */
    long ackRtt;

    private int persistBackoff;
    /** RFC 7661: whether the last output was limited by cwnd (else cwnd must not grow). */
    boolean cwndLimited;
    /** Set by sendNewData when cwnd, not the peer's window or the application, held data back. */
    boolean blockedByCwnd;
    private long lastOutOfWindowAck = Long.MIN_VALUE;

    /** Linux gso_max_size (GSO_LEGACY_MAX_SIZE). */
    static final long TSO_MAX_BYTES = 65_536;
    /** Linux net.ipv4.tcp_tso_win_divisor. */
    static final int TSO_WIN_DIVISOR = 3;
    /** When the last data segment left (Linux tcp_wstamp_ns without pacing). */
    private long lastXmit = Long.MIN_VALUE / 2;

    long segmentsSent;
    long bytesAcked;
    long windowProbes;

    Sender(TcpConnection c) {
        this.c = c;
        this.env = c.env;
        this.rcv = c.rcv;
        this.rto = c.rto;
        this.cc = c.cc;
        this.una = c.iss;
        this.nxt = c.iss;
        this.buf = new SendBuffer(c.cfg.sendBuffer(), c.cfg.releaseIdleSendBuffer());
    }

    /** Times the segment starting at {@code seq}, sent now. */
    void startRtt(int seq) {
        rttTiming = true;
        rttSeq = seq;
        rttSentAt = env.now();
    }

    void queueFin() {
        finQueued = true;
        finSeq = dataSeq(buf.tail());
    }

    /** Whether the peer acknowledged our FIN. */
    boolean finAcked() {
        return finQueued && Seq.gt(una, finSeq);
    }

    // ------------------------------------------------------------------ ACK processing

    /**
     * The ESTABLISHED rules of the fifth step: advance SND.UNA, update the window, detect
     * duplicate ACKs and drive recovery. Returns false when the segment must be dropped.
     */
    boolean processAck(TcpRepr seg) {
        int ack = seg.ack();
        if (Seq.gt(ack, nxt)) {
            // "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop
            // the segment, and return."
            sendOutOfWindowAck(seg);
            return false;
        }
        if (Seq.lt(ack, una - Math.max(maxWnd, 1))) {
            // RFC 5961 5.2: an ACK too far in the past is a blind injection; challenge it.
            sendOutOfWindowAck(seg);
            return false;
        }
        long now = env.now();
        int window = seg.window() << c.sndScale;
        int sackedBefore = recovery.sackedBytes();
        recovery.onAckArrived(ack, seg.options().sackBlocks(), now);
        boolean sackGrew = recovery.onSackBlocks(seg.options().sackBlocks());
        boolean outstanding = nxt != una;
        int acked = Seq.gt(ack, una) ? ack - una : 0;
        // RFC 5681 2 ("DUPLICATE ACKNOWLEDGMENT"), or with SACK, RFC 6675 2: an ACK that SACKs new data.
        boolean dup = acked == 0 && outstanding && ack == una && seg.payloadLength() == 0 && !seg.fin()
                && (c.sackOk ? sackGrew : window == wnd);

        if (acked > 0) {
            takeRttSample(seg, ack, now);
            ackAdvances(ack);
            c.retries = 0;
            recovery.onCumulativeAck(ack);
        }
        recovery.onDelivered(acked, sackedBefore);
        // Linux tcp_clean_rtx_queue's pkts_acked: the newest (S)ACKed segment's RTT, else the
        // timestamp echo's when SND.UNA moved (tcp_ack_update_rtt).
        long caRtt = c.sackOk ? recovery.rack.caRtt(now) : -1;
        cc.pktsAcked(now, caRtt < 0 && acked > 0 && ackRtt > 0 ? ackRtt : caRtt, una, nxt, pacing);

        // RFC 9293: update the send window if the segment is newer (SND.WL1, SND.WL2 rule).
        if (Seq.lt(wl1, seg.seq()) || (wl1 == seg.seq() && Seq.le(wl2, ack))) {
            boolean opened = wnd == 0 && window > 0;
            wnd = window;
            wl1 = seg.seq();
            wl2 = ack;
            maxWnd = Math.max(maxWnd, window);
            if (opened) {
                persistBackoff = 0;
                c.disarm(TcpTimer.PERSIST);
            }
        }

        if (acked > 0) {
            recovery.onNewAck(acked, now);
            expandSendBuffer();
            // RFC 6298 5.2 / 5.3: stop the timer when all is acknowledged, else restart it.
            if (una == nxt) {
                c.disarm(TcpTimer.RETRANSMIT);
            } else {
                recovery.setXmitTimer(now); // the tail loss probe, or the RTO (Linux tcp_set_xmit_timer)
            }
            if (writeBlocked && buf.free() > 0 && c.canQueue()) {
                writeBlocked = false;
                c.events.post(AppEvents.WRITABLE);
            }
        } else {
            recovery.onAckWithoutProgress(dup, sackGrew, now);
        }
        recovery.afterAck(acked, sackGrew, now);
        return true;
    }

    /**
     * Linux tcp_sndbuf_expand: unless SO_SNDBUF fixed it, the send buffer holds twice the larger of
     * cwnd and the initial window, up to tcp_wmem[2], so the application keeps cwnd full.
     */
    private void expandSendBuffer() {
        if (!c.cfg.sendBufferLocked()) {
            long segs = Math.max(TcpConfig.INITIAL_CWND_SEGMENTS, cc.cwnd() / Math.max(1, c.smss));
            buf.grow((int) Math.min(c.cfg.wmemMax(), 2 * segs * c.smss));
        }
    }

    void takeRttSample(TcpRepr seg, int ack, long now) {
        ackRtt = 0;
        if (c.tsOk && seg.options().timestamp() && seg.options().tsEcr() != 0) {
            // RFC 7323 4.1: every ACK of new data echoes the TSval of the segment it answers.
            ackRtt = Math.max(0, (long) (c.tsNow() - seg.options().tsEcr()) * TcpConnection.TS_TICK);
        }
        if (rttTiming && Seq.gt(ack, rttSeq)) {
            rttTiming = false;
            rto.sample(now - rttSentAt);
            if (ackRtt == 0) {
                ackRtt = now - rttSentAt;
            }
            traceRtt();
        } else if (c.tsOk && rto.backoffCount() > 0 && seg.options().timestamp() && seg.options().tsEcr() != 0) {
            // RFC 7323 4.1: the echoed timestamp measures even a retransmitted segment's RTT;
            // used here to end a backoff that Karn's algorithm would otherwise keep.
            long rtt = (long) (c.tsNow() - seg.options().tsEcr()) * TcpConnection.TS_TICK;
            if (rtt >= 0) {
                rto.sample(rtt);
                traceRtt();
            }
        }
    }

    /** Moves SND.UNA to {@code ack}, releasing acknowledged payload from the send buffer. */
    void ackAdvances(int ack) {
        int n = ack - una;
        if (una == c.iss && n > 0) {
            n--; // our SYN occupies ISS
        }
        if (finQueued && Seq.gt(ack, finSeq) && Seq.le(una, finSeq)) {
            n--; // our FIN occupies finSeq
        }
        if (n > 0) {
            buf.release(buf.head() + n);
            bytesAcked += n;
        }
        una = ack;
    }

    // ------------------------------------------------------------------ output

    /** Stream offset of the byte at sequence number {@code seq} (data starts at ISS + 1). */
    private long streamOffset(int seq) {
        return buf.head() + (seq - dataUna());
    }

    /** The sequence number of SND.UNA's first data byte (SND.UNA once the SYN is acknowledged). */
    private int dataUna() {
        return una == c.iss ? c.iss + 1 : una;
    }

    private int dataSeq(long streamOffset) {
        return dataUna() + (int) (streamOffset - buf.head());
    }

    private boolean finSent() {
        return finQueued && Seq.gt(nxt, finSeq);
    }

    /** Whether our FIN lies in sequence space {@code [from, to)}. */
    boolean finAt(int from, int to) {
        return finQueued && Seq.ge(finSeq, from) && Seq.lt(finSeq, to);
    }

    private int unsentBytes() {
        long off = streamOffset(nxt);
        return (int) Math.max(0, buf.tail() - off);
    }

    /**
     * Sends what the windows allow: in RECOVERY (with SACK) and LOSS, {@link LossRecovery} picks
     * retransmissions and new data by RFC 6675 NextSeg(); otherwise new data under cwnd, the
     * peer's window, Nagle and sender-side SWS avoidance. Then starts or stops the persist timer.
     */
    void output() {
        TcpState state = c.state;
        if (!state.isSynchronized() || state == TcpState.SYN_RECEIVED || state == TcpState.TIME_WAIT) {
            return;
        }
        cwndLimited = false;
        if (recovery.pipeMode()) {
            recovery.output();
        } else {
            int before = nxt;
            int skbLeft = 0; // segments left of the TSO packet being sent (Linux: one skb per tcp_write_xmit turn)
            for (int guard = 0; guard < 100_000; guard++) {
                // RFC 3042 limited transmit: each of the first duplicate ACKs lets one more segment go.
                int cwnd = cc.cwnd() + recovery.limitedTransmitSegments() * c.smss;
                int room = cwnd - (nxt - una);
                if (room <= 0) {
                    if (unsentBytes() > 0) {
                        cwndLimited = true;
                    }
                    break;
                }
                if (skbLeft == 0) {
                    if (tsoShouldDefer(room)) {
                        break;
                    }
                    skbLeft = c.cfg.tsoDefer() ? tsoSegs() : 1;
                }
                if (sendNewData(room, false) == 0) {
                    cwndLimited |= blockedByCwnd;
                    break;
                }
                skbLeft--;
            }
            if (nxt != before) {
                recovery.scheduleLossProbe(false, env.now()); // Linux tcp_write_xmit
            }
        }
        // The persist timer runs when data waits, nothing is in flight and the window is closed.
        if (una == nxt && unsentBytes() > 0 && Seq.le(una + wnd, nxt)) {
            if (c.deadline(TcpTimer.PERSIST) == Long.MAX_VALUE) {
                armPersist();
            }
        } else if (c.deadline(TcpTimer.PERSIST) != Long.MAX_VALUE && (una != nxt || unsentBytes() == 0)) {
            c.disarm(TcpTimer.PERSIST);
        }
    }

    /** {@link #pacingRate}, for the congestion control to read when it needs it (HyStart's ACK train). */
    private final java.util.function.DoubleSupplier pacing = this::pacingRate;

    /** Linux's sk_pacing_rate in bytes/s as tcp_update_pacing_rate sets it (0 before an RTT sample). */
    double pacingRate() {
        long srtt = rto.srtt();
        if (srtt <= 0) {
            return 0;
        }
        int mss = Math.max(1, c.smss);
        long segs = Math.max(cc.cwnd(), nxt - una) / mss;
        long ratio = cc.cwnd() < cc.ssthresh() / 2 ? 200 : 120;
        return (double) mss * segs * ratio / 100 * Durations.S / srtt;
    }

    /**
     * Linux's tcp_tso_autosize: how many segments one TSO/GSO packet (skb) carries, about 1 ms of
     * the pacing rate (sk_pacing_rate &gt;&gt; sk_pacing_shift 10) plus gso_max_size &gt;&gt; (min_rtt_us
     * &gt;&gt; tcp_tso_rtt_log 9) on short paths, at most 64 KB, at least tcp_min_tso_segs (2). The
     * pacing rate is tcp_update_pacing_rate's: mss * max(cwnd, packets out) / srtt times 200% while
     * cwnd is below half of ssthresh (tcp_pacing_ss_ratio), 120% after (tcp_pacing_ca_ratio).
     */
    int tsoSegs() {
        int mss = Math.max(1, c.smss);
        long srtt = rto.srtt();
        long bytes = TSO_MAX_BYTES;
        if (srtt > 0) {
            bytes = (long) Math.min(TSO_MAX_BYTES, pacingRate() / 1024);
            long r = rto.minRtt() / Durations.US >> 9;
            if (rto.minRtt() > 0 && r < 32) {
                bytes = Math.min(TSO_MAX_BYTES, bytes + (TSO_MAX_BYTES >> r));
            }
        }
        return (int) Math.max(2, bytes / mss);
    }

    /**
     * Linux's tcp_tso_should_defer (tcp_output.c), called by tcp_write_xmit for a send-queue head
     * of more than one segment: in the Open state, within 1 ms of the last transmission, wait for
     * the next ACK rather than send less than a full TSO packet, unless a third of the window is
     * free or that ACK is not due within min(srtt / 2, 1 ms). What is sent then leaves back to back,
     * as a TSO packet split by the NIC does: segments on the wire are the same, bursts are larger.
     * The send-queue head is taken as tcp_sendmsg sizes it (tsoSegs() segments of what is queued).
     * RACK's record of send times is needed, so only with SACK (Linux defers without SACK too).
     */
    private boolean tsoShouldDefer(int room) {
        if (!c.cfg.tsoDefer() || !c.sackOk || recovery.mode != TcpConnection.Recovery.OPEN || nxt == una) {
            return false;
        }
        long now = env.now();
        if (now - lastXmit > Durations.MS) {
            return false;
        }
        int mss = Math.max(1, c.smss);
        int unsent = unsentBytes();
        int goal = tsoSegs();
        long goalBytes = (long) goal * mss;
        int skbLen = (int) Math.min(unsent, goalBytes);
        if (skbLen <= mss) {
            return false; // tso_segs == 1: Nagle's test instead (tcp_write_xmit)
        }
        int sendWin = una + wnd - nxt;
        int congWin = room;
        int limit = Math.min(sendWin, congWin);
        if (limit >= goalBytes) {
            return false; // a full-sized TSO packet can be sent
        }
        boolean tail = unsent <= goalBytes;
        if (!tail && limit >= skbLen) {
            return false;
        }
        if (limit >= Math.min(wnd, cc.cwnd()) / TSO_WIN_DIVISOR) {
            return false; // tcp_tso_win_divisor: a third of the window is free
        }
        long head = recovery.rack.headXmit();
        long srtt = rto.srtt();
        if (head < 0 || srtt <= 0) {
            return false;
        }
        if (head + srtt - now > Math.min(srtt / 2, Durations.MS)) {
            return false; // the next ACK is not due soon
        }
        if (congWin < sendWin) {
            if (congWin <= skbLen) {
                cwndLimited = true;
                return true;
            }
        } else if (sendWin <= skbLen) {
            return true;
        }
        return !(tail && finQueued); // a packet that gets no more data does not wait
    }

    /**
     * Sends one segment of new data (and the FIN when everything queued fits). Returns the
     * sequence space used, 0 when nothing may be sent now.
     *
     * @param cwndRoom bytes cwnd allows beyond what is in flight
     * @param force ignore Nagle and SWS avoidance (window probes)
     */
    int sendNewData(int cwndRoom, boolean force) {
        blockedByCwnd = false;
        if (finSent()) {
            return 0;
        }
        long off = streamOffset(nxt);
        int unsent = (int) Math.max(0, buf.tail() - off);
        int maxPayload = maxPayload();
        int len = Math.min(unsent, maxPayload);
        boolean fin = finQueued && len == unsent;
        if (len == 0 && !fin) {
            return 0;
        }
        if (len > 0) {
            int wndRoom = una + wnd - nxt;
            int usable = Math.min(wndRoom, cwndRoom);
            blockedByCwnd = cwndRoom < len && cwndRoom <= wndRoom;
            if (usable <= 0) {
                return 0;
            }
            if (len > usable) {
                // RFC 9293 3.8.6.2.1 sender SWS avoidance: a partial segment only when it is at
                // least half the largest window the peer offered, or (like Linux) when nothing is
                // in flight and the receiver's window is the limit.
                boolean inFlight = nxt != una;
                if (force || usable >= maxWnd / 2 || (!inFlight && wndRoom <= cwndRoom)) {
                    len = usable;
                    fin = false;
                } else {
                    return 0;
                }
            }
            // RFC 9293 3.7.4 Nagle: hold a small segment while data is unacknowledged. FIN-bearing
            // segments go anyway (Linux tcp_nagle_test).
            if (!force && len < maxPayload && !fin && !c.cfg.noDelay() && nxt != una) {
                return 0;
            }
        }
        int seq = nxt;
        if (len > 0 && !rttTiming) {
            startRtt(seq);
        }
        boolean push = off + len == buf.tail();
        transmitData(seq, len, fin, push);
        recovery.onTransmit(seq, len + (fin ? 1 : 0), false);
        nxt = seq + len + (fin ? 1 : 0);
        if (c.deadline(TcpTimer.RETRANSMIT) == Long.MAX_VALUE) {
            c.arm(TcpTimer.RETRANSMIT, env.now() + rto.rto()); // RFC 6298 5.1
        }
        return len + (fin ? 1 : 0);
    }

    /** Sends sequence space [seq, seq + n) again; returns the sequence space used. */
    int retransmitRange(int seq, int n, String cause) {
        boolean fin = finAt(seq, seq + n);
        int len = fin ? Math.min(n, finSeq - seq) : n;
        if (rttTiming && Seq.le(seq, rttSeq) && Seq.lt(rttSeq, seq + Math.max(len, 1))) {
            rttTiming = false; // Karn: no sample from a retransmitted segment
        }
        c.retransmitted(seq, len, cause);
        long off = streamOffset(seq);
        transmitData(seq, len, fin, off + len == buf.tail());
        recovery.onTransmit(seq, len + (fin ? 1 : 0), true);
        if (c.deadline(TcpTimer.RETRANSMIT) == Long.MAX_VALUE) {
            c.arm(TcpTimer.RETRANSMIT, env.now() + rto.rto());
        }
        return len + (fin ? 1 : 0);
    }

    /** Payload bytes that fit in one segment beside the options it carries (RFC 9293 3.7.1). */
    int maxPayload() {
        int opt = 0;
        if (c.tsOk) {
            opt += 12;
        }
        if (c.sackOk) {
            int blocks = rcv.sackBlockCount(TcpOptions.maxSackBlocks(c.tsOk));
            if (blocks > 0) {
                opt += 4 + 8 * blocks;
            }
        }
        return Math.max(1, c.sndMssBase - opt);
    }

    private void transmitData(int seq, int len, boolean fin, boolean push) {
        recovery.onSent(len + (fin ? 1 : 0));
        lastXmit = env.now();
        int flags = ACK;
        if (fin) {
            flags |= FIN;
        }
        if (push && len > 0) {
            flags |= PSH;
        }
        TcpRepr seg = new TcpRepr(c.localPort, c.remotePort, seq, rcv.nxt, flags, rcv.windowField(), 0,
                dataOptions(), null, 0, len);
        emit(seg, len > 0 ? streamOffset(seq) : 0);
    }

    /** RFC 1191: the path MTU fell to {@code mtu}; a smaller MSS applies from now on. */
    void onPathMtu(int mtu) {
        int newBase = Math.min(c.sndMssBase, mtu - Tcp6.headers(c));
        if (newBase >= c.sndMssBase || newBase < 68) {
            return;
        }
        c.sndMssBase = newBase;
        c.smss = newBase - (c.tsOk ? 12 : 0);
        cc.mssChanged(c.smss);
        if (env.traceEnabled()) {
            env.trace(c, TcpEvents.PMTU, mtu, c.smss);
        }
        // RFC 1191 6.4: retransmit what was sent with the old size.
        if (c.state.isSynchronized() && una != nxt) {
            recovery.onPathMtuReduced();
            output();
        }
    }

    // ------------------------------------------------------------------ persist timer

    /** RFC 9293 3.8.6.1 / RFC 1122 4.2.2.17: probe a zero window, with exponential backoff. */
    void onPersist() {
        if (!c.state.isSynchronized() || una != nxt || (unsentBytes() == 0 && !(finQueued && !finSent()))) {
            return;
        }
        if (wnd > 0) {
            // The window opened a little: send what fits (Linux tcp_write_wakeup).
            sendNewData(Integer.MAX_VALUE, true);
        } else {
            // Like Linux (tcp_xmit_probe_skb): a zero-length segment below SND.UNA, which the
            // receiver must answer with an ACK carrying its current window (3.10.7.4, first check).
            windowProbes++;
            sendControl(una - 1, rcv.nxt, ACK);
        }
        if (persistBackoff < 16) {
            persistBackoff++;
        }
        armPersist();
    }

    /** Zero-window probes since the window was last seen open: Linux's icsk_probes_out, which ss -o shows. */
    int persistProbes() {
        return persistBackoff;
    }

    private void armPersist() {
        long interval = rto.rto();
        for (int i = 0; i < persistBackoff && interval < RtoEstimator.MAX_RTO; i++) {
            interval <<= 1;
        }
        c.arm(TcpTimer.PERSIST, env.now() + Math.min(interval, RtoEstimator.MAX_RTO));
    }

    // ------------------------------------------------------------------ segments

    /**
     * The ACK that answers an unacceptable segment (out of window, PAWS, challenge ACKs of RFC
     * 5961). Like Linux (tcp_oow_rate_limited, net.ipv4.tcp_invalid_ratelimit = 500 ms), answers
     * to segments without data are limited to one per 500 ms: two ends whose sequence spaces
     * disagree would otherwise answer each other's ACKs forever (an ACK storm).
     */
    void sendOutOfWindowAck(TcpRepr seg) {
        boolean data = seg.segmentLength() > 0 && !seg.syn(); // data or FIN: not part of an ACK loop
        long now = env.now();
        if (!data && lastOutOfWindowAck != Long.MIN_VALUE && now - lastOutOfWindowAck < TcpConnection.INVALID_RATELIMIT) {
            return;
        }
        if (!data) {
            lastOutOfWindowAck = now;
        }
        sendAck();
    }

    /** An ACK segment: "<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>". */
    void sendAck() {
        if (!c.state.isSynchronized() && c.state != TcpState.SYN_SENT) {
            return;
        }
        sendControl(nxt, rcv.nxt, ACK);
    }

    /** A segment without payload; RST segments carry no ACK unless asked, and no options. */
    void sendControl(int seq, int ack, int flags) {
        TcpOptions opts = (flags & RST) != 0 ? TcpOptions.NONE : dataOptions();
        int window = (flags & RST) != 0 ? 0 : rcv.windowField();
        TcpRepr seg = TcpRepr.control(c.localPort, c.remotePort, seq, (flags & ACK) != 0 ? ack : 0, flags, window, opts);
        emit(seg, 0);
    }

    /** The options of a synchronized segment: timestamps (RFC 7323 3) and SACK blocks (RFC 2018 4). */
    private TcpOptions dataOptions() {
        if (!c.tsOk && !c.sackOk) {
            return TcpOptions.NONE;
        }
        int[] blocks = c.sackOk ? rcv.sackBlocks(TcpOptions.maxSackBlocks(c.tsOk)) : null;
        if (!c.tsOk) {
            return new TcpOptions(0, -1, false, blocks, false, 0, 0);
        }
        return new TcpOptions(0, -1, false, blocks, true, c.tsNow(), c.tsRecent);
    }

    void emit(TcpRepr seg, long dataOffset) {
        segmentsSent++;
        if (seg.ackFlag()) {
            c.lastAckSent = seg.ack();
            rcv.ackSent();
            c.disarm(TcpTimer.DELAYED_ACK);
        }
        env.transmit(c, seg, buf, dataOffset);
    }

    /** Sends a segment that belongs to no synchronized state (a reset from CLOSED). */
    void transmitRaw(TcpRepr seg) {
        segmentsSent++;
        env.transmit(c, seg, null, 0);
    }

    private void traceRtt() {
        if (env.traceEnabled()) {
            env.trace(c, TcpEvents.RTT, rto.latest() / (double) Durations.MS, rto.srtt() / (double) Durations.MS,
                    rto.rttvar() / (double) Durations.MS, rto.rto() / (double) Durations.MS);
        }
    }
}
