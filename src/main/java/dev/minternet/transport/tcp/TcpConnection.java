package dev.minternet.transport.tcp;

import static dev.minternet.wire.TcpPacket.ACK;
import static dev.minternet.wire.TcpPacket.FIN;
import static dev.minternet.wire.TcpPacket.PSH;
import static dev.minternet.wire.TcpPacket.RST;
import static dev.minternet.wire.TcpPacket.SYN;

import dev.minternet.sim.Durations;
import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpRepr;

/**
 * One TCP connection as a sans-I/O state machine (DESIGN.md decision 4). Inputs are segments
 * ({@link #receive}), timer expiries ({@link #onTimer}) and user calls ({@link #connect},
 * {@link #send}, {@link #read}, {@link #close}, ...); outputs go through {@link TcpEnv}.
 *
 * <p>Read these first: RFC 9293 (the protocol; section 3.10.7 "SEGMENT ARRIVES" is the
 * skeleton of {@link #receive}), RFC 5961 (blind RST/SYN/ACK mitigations), RFC 7323 (window
 * scale, timestamps, PAWS), RFC 2018 and RFC 6675 (SACK and SACK-based recovery), RFC 5681 and
 * RFC 6582 (congestion control, NewReno recovery), RFC 6298 (the retransmission timer), RFC 1122
 * 4.2.3 (delayed ACK, Nagle, zero-window probing). Where Linux chose among RFC options, we do as
 * Linux does and say so.
 *
 * <p>Loss recovery has three modes (Linux's "CA states", simplified): OPEN; RECOVERY, entered by
 * fast retransmit and driven by RFC 6675 pipe/NextSeg with SACK or RFC 6582 window inflation
 * without; LOSS, entered by the retransmission timer, which retransmits every unSACKed segment
 * below the point of the timeout in slow start.
 */
public final class TcpConnection implements TcpSocket {
    /** Loss-recovery modes. */
    enum Recovery { OPEN, RECOVERY, LOSS }

    private static final int EV_ACCEPT = 1;
    private static final int EV_CONNECTED = 2;
    private static final int EV_READABLE = 4;
    private static final int EV_PEER_CLOSED = 8;
    private static final int EV_WRITABLE = 16;
    private static final int EV_CLOSED = 32;

    /** Timestamp clock: 1 ms per tick, as Linux (RFC 7323 5.4 allows 1 ms to 1 s). */
    static final long TS_TICK = Durations.MS;
    /** Linux net.ipv4.tcp_invalid_ratelimit: at most one answer to invalid segments per 500 ms. */
    static final long INVALID_RATELIMIT = 500 * Durations.MS;
    /** 20-byte IP header plus 20-byte TCP header: MSS = MTU - 40 (RFC 9293 3.7.1). */
    public static final int IP_TCP_HEADERS = 40;

    private final TcpEnv env;
    private final TcpConfig cfg;
    private final int localAddr;
    private final int localPort;
    private final int remoteAddr;
    private final int remotePort;
    private TcpHandler handler = TcpHandler.NONE;
    private Object attachment;
    /** The stack's per-connection state (timers, listener link); null under other environments. */
    TcpStack.Slot envData;

    private TcpState state = TcpState.CLOSED;
    private boolean passive;

    // RFC 9293 3.3.1 send sequence variables. SND.NXT never moves back: retransmissions name
    // their sequence numbers explicitly, so SND.NXT is also RFC 6675's HighData + 1.
    private final int iss;
    private int sndUna;
    private int sndNxt;
    private int sndWnd;
    private int sndWl1;
    private int sndWl2;
    private int maxSndWnd;
    // Receive sequence variables; RCV.WND lives in rcvWindow.
    private int irs;
    private int rcvNxt;

    // Negotiated options.
    private final int advMss;
    private int sndMssBase;
    private int smss;
    private final int ourScale;
    private int sndScale;
    private boolean tsOk;
    private boolean sackOk;
    private final int tsOffset;
    private boolean wsOk;
    private int tsRecent;
    private int lastAckSent;

    private final SendBuffer sendBuf;
    private final ReceiveBuffer recvBuf;
    private final ReceiveWindow rcvWindow;
    private boolean finQueued;
    private int finSeq;
    private boolean peerFinPending;
    private int peerFinSeq;
    private boolean finReceived;
    private boolean receiveShutdown;
    private boolean writeBlocked;

    private final RtoEstimator rto = new RtoEstimator();
    private boolean rttTiming;
    private int rttSeq;
    private long rttSentAt;
    private int retries;
    private boolean synRetransmitted;
    private int persistBackoff;
    private final long[] deadlines = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};

    private final CongestionControl cc;
    private final SackScoreboard scoreboard = new SackScoreboard();
    private Recovery recovery = Recovery.OPEN;
    private int recoverSeq;
    private int lossEnd;
    private int highRxt;
    private int rescueRxt;
    private int dupAcks;
    private boolean cwndLimited;
    private final Prr prr = new Prr();
    private long lastOutOfWindowAck = Long.MIN_VALUE;
    /** Set by sendNewData when cwnd, not the peer's window or the application, held data back. */
    private boolean blockedByCwnd;

    private boolean ackPending;
    private int bytesSinceAck;
    private int rcvMss = TcpConfig.DEFAULT_MSS;
    private final long[] sackScratch = new long[8];

    private int pendingEvents;
    private boolean delivering;
    private boolean closeNotified;
    private TcpError closeError;

    // Counters for netstat -s style statistics and the tests.
    private long segmentsSent;
    private long segmentsReceived;
    private long retransmittedSegments;
    private long bytesAcked;
    private long bytesDelivered;
    private long rtoCount;
    private long fastRecoveries;
    private long windowProbes;
    private int lastTracedCwnd = -1;
    private int lastTracedSsthresh = -1;

    /**
     * Creates a closed connection for the given 4-tuple.
     *
     * @param mss the MSS to advertise (normally the egress MTU minus 40)
     * @param iss the initial send sequence number (RFC 9293 3.4.1; chosen by the stack)
     * @param tsOffset random offset of this connection's timestamp clock (as Linux)
     */
    public TcpConnection(TcpEnv env, TcpConfig cfg, int localAddr, int localPort, int remoteAddr, int remotePort,
                         int mss, int iss, int tsOffset) {
        this.env = env;
        this.cfg = cfg;
        this.localAddr = localAddr;
        this.localPort = localPort;
        this.remoteAddr = remoteAddr;
        this.remotePort = remotePort;
        this.advMss = cfg.mss() > 0 ? Math.min(cfg.mss(), mss) : mss;
        this.iss = iss;
        this.tsOffset = tsOffset;
        this.sndUna = iss;
        this.sndNxt = iss;
        this.recoverSeq = iss;
        this.sendBuf = new SendBuffer(cfg.sendBuffer());
        this.recvBuf = new ReceiveBuffer(cfg.receiveBuffer());
        this.rcvWindow = new ReceiveWindow(recvBuf, advMss);
        int s = 0;
        while (s < TcpOptions.MAX_WINDOW_SCALE && (cfg.receiveBuffer() >> s) > 0xffff) {
            s++;
        }
        this.ourScale = s;
        this.cc = CongestionControl.create(cfg.congestionControl());
        this.sndMssBase = Math.min(advMss, TcpConfig.DEFAULT_MSS);
        this.smss = sndMssBase;
        cc.init(smss);
    }

    // ------------------------------------------------------------------ accessors

    public TcpState state() {
        return state;
    }

    @Override
    public int localAddress() {
        return localAddr;
    }

    public int localPort() {
        return localPort;
    }

    public int remoteAddress() {
        return remoteAddr;
    }

    public int remotePort() {
        return remotePort;
    }

    public TcpConfig config() {
        return cfg;
    }

    public TcpHandler handler() {
        return handler;
    }

    public void setHandler(TcpHandler h) {
        this.handler = h == null ? TcpHandler.NONE : h;
    }

    public Object attachment() {
        return attachment;
    }

    public void attach(Object o) {
        this.attachment = o;
    }

    /** Whether this connection was created by a listener (passive open). */
    public boolean isPassive() {
        return passive;
    }

    public CongestionControl congestionControl() {
        return cc;
    }

    public RtoEstimator rtoEstimator() {
        return rto;
    }

    /** Bytes waiting in the send buffer, unacknowledged or unsent (netstat Send-Q). */
    public int sendQueue() {
        return sendBuf.size();
    }

    /** Bytes received but not yet read (netstat Recv-Q). */
    public int available() {
        return recvBuf.available();
    }

    public int sendBufferFree() {
        return state.sendOpen() && !finQueued ? sendBuf.free() : 0;
    }

    /** The sender's maximum segment size in payload bytes, after options (SMSS). */
    public int mss() {
        return smss;
    }

    public int sndUna() {
        return sndUna;
    }

    public int sndNxt() {
        return sndNxt;
    }

    public int sndWnd() {
        return sndWnd;
    }

    public int rcvNxt() {
        return rcvNxt;
    }

    public int iss() {
        return iss;
    }

    public int irs() {
        return irs;
    }

    public boolean sackEnabled() {
        return sackOk;
    }

    public boolean timestampsEnabled() {
        return tsOk;
    }

    public int sendWindowScale() {
        return sndScale;
    }

    public int receiveWindowScale() {
        return rcvWindow.scale();
    }

    Recovery recoveryState() {
        return recovery;
    }

    /** The deadline requested for {@code t}, or {@link Long#MAX_VALUE} when not armed. */
    public long timerDeadline(TcpTimer t) {
        return deadlines[t.ordinal()];
    }

    public long segmentsSent() {
        return segmentsSent;
    }

    public long segmentsReceived() {
        return segmentsReceived;
    }

    public long retransmittedSegments() {
        return retransmittedSegments;
    }

    /** Payload bytes the peer acknowledged. */
    public long bytesAcked() {
        return bytesAcked;
    }

    /** Payload bytes received in order (delivered to the receive buffer). */
    public long bytesDelivered() {
        return bytesDelivered;
    }

    public long timeouts() {
        return rtoCount;
    }

    public long fastRecoveries() {
        return fastRecoveries;
    }

    /** Zero-window probes sent by the persist timer. */
    public long windowProbes() {
        return windowProbes;
    }

    @Override
    public String toString() {
        return "tcp " + dev.minternet.wire.Ip4.str(localAddr) + ":" + localPort + " -> "
                + dev.minternet.wire.Ip4.str(remoteAddr) + ":" + remotePort + " " + state.rfcName();
    }

    // ------------------------------------------------------------------ user calls (RFC 9293 3.10.1-3.10.6)

    /** Passive OPEN (RFC 9293 3.10.1): wait in LISTEN for a SYN from the 4-tuple's remote end. */
    public void listen() {
        if (state != TcpState.CLOSED) {
            throw new IllegalStateException("listen in " + state.rfcName());
        }
        passive = true;
        setState(TcpState.LISTEN);
    }

    /** Active OPEN (RFC 9293 3.10.1): send SYN, enter SYN-SENT. */
    public void connect() {
        if (state != TcpState.CLOSED) {
            throw new IllegalStateException("connect in " + state.rfcName());
        }
        sndUna = iss;
        sndNxt = iss + 1;
        rttTiming = true;
        rttSeq = iss;
        rttSentAt = env.now();
        setState(TcpState.SYN_SENT);
        sendSyn();
        arm(TcpTimer.RETRANSMIT, env.now() + rto.rto());
        deliver();
    }

    /**
     * SEND (RFC 9293 3.10.2): queues up to {@code len} bytes and returns how many fit in the send
     * buffer (0 when full; {@link TcpHandler#onWritable} follows when space frees). Returns -1
     * when the connection can no longer send.
     */
    public int send(byte[] data, int off, int len) {
        if (!canQueue()) {
            return -1;
        }
        int n = sendBuf.write(data, off, len);
        afterQueue(n, len);
        return n;
    }

    public int send(byte[] data) {
        return send(data, 0, data.length);
    }

    /** Queues up to {@code len} zero bytes (a bulk source that needs no array). */
    public int sendZeros(int len) {
        if (!canQueue()) {
            return -1;
        }
        int n = sendBuf.writeZeros(len);
        afterQueue(n, len);
        return n;
    }

    private boolean canQueue() {
        return state.sendOpen() && !finQueued;
    }

    private void afterQueue(int n, int wanted) {
        if (n < wanted || sendBuf.free() == 0) {
            writeBlocked = true; // onWritable follows when acknowledgments free space
        }
        if (n > 0) {
            output();
        }
        deliver();
    }

    /** RECEIVE (RFC 9293 3.10.3): copies up to {@code len} in-order bytes; returns how many. */
    public int read(byte[] dst, int off, int len) {
        int n = recvBuf.read(dst, off, len);
        afterRead(n);
        return n;
    }

    /** Consumes up to {@code len} in-order bytes without copying them; returns how many. */
    public int skip(int len) {
        int n = recvBuf.skip(len);
        afterRead(n);
        return n;
    }

    /** True once the peer's FIN was received and every byte before it has been read. */
    public boolean isEof() {
        return finReceived && recvBuf.available() == 0;
    }

    private void afterRead(int n) {
        if (n > 0 && state.isSynchronized() && !finReceived) {
            maybeSendWindowUpdate();
        }
        deliver();
    }

    /**
     * Half-close (shutdown(SHUT_WR)): queue a FIN after the data (RFC 9293 3.10.4 CLOSE for the
     * sending direction); the connection keeps receiving.
     */
    public void shutdownOutput() {
        switch (state) {
            case LISTEN, SYN_SENT -> enterClosed(null); // "delete the TCB"
            case SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT -> {
                if (!finQueued) {
                    finQueued = true;
                    finSeq = dataSeq(sendBuf.tail());
                    if (state == TcpState.ESTABLISHED) {
                        setState(TcpState.FIN_WAIT_1);
                    } else if (state == TcpState.CLOSE_WAIT) {
                        setState(TcpState.LAST_ACK);
                    }
                    // In SYN-RECEIVED the FIN waits until ESTABLISHED (RFC 9293 3.10.4).
                    output();
                }
            }
            default -> {
                // Already closing: RFC 9293 says "error: connection closing".
            }
        }
        deliver();
    }

    /**
     * CLOSE (RFC 9293 3.10.4): no more sending and no more reading. Like Linux (and RFC 2525
     * 2.17), closing with unread received data aborts the connection with a RST instead.
     */
    public void close() {
        receiveShutdown = true;
        if (recvBuf.available() > 0 && state.isSynchronized() && state != TcpState.TIME_WAIT) {
            abort();
            return;
        }
        shutdownOutput();
        armFinWait2Timeout();
    }

    /**
     * Linux tcp_fin_timeout: a connection the user closed does not wait forever in FIN-WAIT-2
     * for a peer that never sends its FIN.
     */
    private void armFinWait2Timeout() {
        if (state == TcpState.FIN_WAIT_2 && receiveShutdown) {
            arm(TcpTimer.TIME_WAIT, env.now() + cfg.finTimeout());
        }
    }

    /** ABORT (RFC 9293 3.10.5): RST in synchronized states, then CLOSED. */
    public void abort() {
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> sendControl(sndNxt, 0, RST);
            default -> {
            }
        }
        if (state != TcpState.CLOSED) {
            enterClosed(TcpError.ABORTED);
        }
        deliver();
    }

    // ------------------------------------------------------------------ segment arrival (RFC 9293 3.10.7)

    /** A segment for this connection's 4-tuple arrived, already checksum-verified. */
    public void receive(TcpRepr seg) {
        segmentsReceived++;
        switch (state) {
            case CLOSED -> replyToClosed(seg);
            case LISTEN -> onSegmentInListen(seg);
            case SYN_SENT -> onSegmentInSynSent(seg);
            default -> onSegmentSynchronized(seg);
        }
        deliver();
    }

    /**
     * RFC 9293 3.10.7.1, CLOSED: the reset to answer a segment for no connection, or null when a
     * RST arrived (never answer a RST). Used by the stack for closed ports.
     */
    public static TcpRepr resetFor(TcpRepr seg) {
        if (seg.rst()) {
            return null;
        }
        if (seg.ackFlag()) {
            // "<SEQ=SEG.ACK><CTL=RST>"
            return TcpRepr.control(seg.dstPort(), seg.srcPort(), seg.ack(), 0, RST, 0, null);
        }
        // "<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>"
        return TcpRepr.control(seg.dstPort(), seg.srcPort(), 0, seg.seq() + seg.segmentLength(), RST | ACK, 0, null);
    }

    private void replyToClosed(TcpRepr seg) {
        TcpRepr r = resetFor(seg);
        if (r != null) {
            transmitRaw(r);
        }
    }

    /** RFC 9293 3.10.7.2, LISTEN. */
    private void onSegmentInListen(TcpRepr seg) {
        if (seg.rst()) {
            return; // "An incoming RST segment could not be valid ... it should be ignored."
        }
        if (seg.ackFlag()) {
            // "Any acknowledgment is bad if it arrives on a connection still in the LISTEN state."
            sendControl(seg.ack(), 0, RST);
            return;
        }
        if (!seg.syn()) {
            return; // "Any other control or text-bearing segment ... drop it and return."
        }
        irs = seg.seq();
        rcvNxt = irs + 1;
        negotiate(seg.options());
        // RFC 7323 2.2: the window field of a SYN is never scaled.
        sndWnd = seg.window();
        maxSndWnd = sndWnd;
        sndWl1 = seg.seq();
        sndWl2 = iss;
        sndUna = iss;
        sndNxt = iss + 1;
        rttTiming = true;
        rttSeq = iss;
        rttSentAt = env.now();
        setState(TcpState.SYN_RECEIVED);
        sendSynAck();
        arm(TcpTimer.RETRANSMIT, env.now() + rto.rto());
    }

    /** RFC 9293 3.10.7.3, SYN-SENT. */
    private void onSegmentInSynSent(TcpRepr seg) {
        boolean ackOk = false;
        if (seg.ackFlag()) {
            // "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set)."
            if (Seq.le(seg.ack(), iss) || Seq.gt(seg.ack(), sndNxt)) {
                if (!seg.rst()) {
                    sendControl(seg.ack(), 0, RST);
                }
                return;
            }
            ackOk = Seq.lt(sndUna, seg.ack());
        }
        if (seg.rst()) {
            // RFC 5961 3.2 for SYN-SENT: a RST is valid only if it acknowledges our SYN.
            if (ackOk) {
                enterClosed(TcpError.REFUSED);
            }
            return;
        }
        if (!seg.syn()) {
            return; // "If neither of the SYN or RST bits is set, then drop the segment."
        }
        irs = seg.seq();
        rcvNxt = irs + 1;
        negotiate(seg.options());
        if (ackOk) {
            // Our SYN is acknowledged: ESTABLISHED, and "form an ACK segment and send it".
            takeRttSample(seg, seg.ack(), env.now());
            ackAdvances(seg.ack());
            sndWnd = seg.window(); // never scaled in a SYN (RFC 7323 2.2)
            maxSndWnd = sndWnd;
            sndWl1 = seg.seq();
            sndWl2 = seg.ack();
            disarm(TcpTimer.RETRANSMIT);
            retries = 0;
            establish();
            sendAck();
            output();
        } else {
            // Simultaneous open: "enter SYN-RECEIVED, form a SYN,ACK segment and send it".
            sndWnd = seg.window();
            maxSndWnd = sndWnd;
            sndWl1 = seg.seq();
            sndWl2 = sndUna;
            setState(TcpState.SYN_RECEIVED);
            sendSynAck();
            arm(TcpTimer.RETRANSMIT, env.now() + rto.rto());
        }
    }

    /** RFC 9293 3.10.7.4: SYN-RECEIVED and every state after it. */
    private void onSegmentSynchronized(TcpRepr seg) {
        TcpOptions opts = seg.options();

        // Linux (tcp_check_req): a retransmitted SYN in SYN-RECEIVED means our SYN,ACK was lost.
        if (state == TcpState.SYN_RECEIVED && seg.syn() && !seg.ackFlag() && !seg.rst() && seg.seq() == irs) {
            sendSynAck();
            return;
        }

        // RFC 7323 5.3 R1, PAWS: a timestamp older than TS.Recent marks an old duplicate.
        if (tsOk && opts.timestamp() && !seg.rst() && Seq.lt(opts.tsVal(), tsRecent)) {
            sendOutOfWindowAck(seg);
            return;
        }

        // First, check the sequence number.
        int segLen = seg.segmentLength();
        int rcvWnd = rcvWindow.advertised(rcvNxt);
        int seq = seg.seq();
        boolean acceptable;
        if (segLen == 0) {
            acceptable = rcvWnd == 0 ? seq == rcvNxt : Seq.inRange(seq, rcvNxt, rcvNxt + rcvWnd);
        } else if (rcvWnd == 0) {
            // Not acceptable, but "special allowance should be made to accept valid ACKs, URGs and
            // RSTs": like Linux, a segment at RCV.NXT still has its ACK and RST processed.
            acceptable = seq == rcvNxt;
        } else {
            acceptable = Seq.inRange(seq, rcvNxt, rcvNxt + rcvWnd)
                    || Seq.inRange(seq + segLen - 1, rcvNxt, rcvNxt + rcvWnd);
        }
        if (!acceptable) {
            if (!seg.rst()) {
                // "send an acknowledgment: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>"
                sendOutOfWindowAck(seg);
                if (state == TcpState.TIME_WAIT && seg.fin()) {
                    // A retransmitted FIN in TIME-WAIT: acknowledge it and restart the 2 MSL timeout.
                    arm(TcpTimer.TIME_WAIT, env.now() + cfg.timeWait());
                }
            }
            return;
        }

        // Second, check the RST bit (RFC 5961 3.2: only an exact match resets).
        if (seg.rst()) {
            if (seq != rcvNxt) {
                sendOutOfWindowAck(seg); // challenge ACK
                return;
            }
            switch (state) {
                case SYN_RECEIVED -> enterClosed(passive ? null : TcpError.REFUSED);
                case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> enterClosed(TcpError.RESET);
                default -> enterClosed(null); // CLOSING, LAST-ACK, TIME-WAIT
            }
            return;
        }

        // Fourth, check the SYN bit: RFC 5961 4.2, a challenge ACK whatever the sequence number.
        if (seg.syn()) {
            sendOutOfWindowAck(seg);
            return;
        }

        // Fifth, check the ACK field.
        if (!seg.ackFlag()) {
            return; // "if the ACK bit is off, drop the segment and return"
        }
        if (state == TcpState.SYN_RECEIVED) {
            if (Seq.lt(sndUna, seg.ack()) && Seq.le(seg.ack(), sndNxt)) {
                // "enter ESTABLISHED state and continue processing with the variables below set to:
                // SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK"
                takeRttSample(seg, seg.ack(), env.now());
                ackAdvances(seg.ack());
                sndWnd = seg.window() << sndScale;
                maxSndWnd = Math.max(maxSndWnd, sndWnd);
                sndWl1 = seq;
                sndWl2 = seg.ack();
                disarm(TcpTimer.RETRANSMIT);
                retries = 0;
                establish();
            } else {
                sendControl(seg.ack(), 0, RST); // "<SEQ=SEG.ACK><CTL=RST>"
                return;
            }
        }
        updateTsRecent(seg);
        if (!processAck(seg)) {
            return;
        }
        boolean ourFinAcked = finQueued && Seq.gt(sndUna, finSeq);
        switch (state) {
            case FIN_WAIT_1 -> {
                if (ourFinAcked) {
                    setState(TcpState.FIN_WAIT_2); // "if the FIN segment is now acknowledged"
                    armFinWait2Timeout();
                }
            }
            case CLOSING -> {
                if (ourFinAcked) {
                    enterTimeWait();
                }
                return; // "otherwise ignore the segment"
            }
            case LAST_ACK -> {
                if (ourFinAcked) {
                    enterClosed(null); // "delete the TCB, enter the CLOSED state, and return"
                }
                return;
            }
            case TIME_WAIT -> {
                return; // a retransmitted FIN is handled by the sequence check above
            }
            default -> {
            }
        }

        // Sixth, the URG bit: urgent data is not supported (RFC 6093 advises against its use).

        // Seventh, process the segment text.
        int payloadLen = seg.payloadLength();
        int dataSeq = seq; // no SYN here
        boolean ackNow = false;
        if (payloadLen > 0) {
            if (state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1 || state == TcpState.FIN_WAIT_2) {
                if (receiveShutdown) {
                    // Linux (tcp_rcv_state_process): data for a socket the user closed is answered
                    // with a reset, since nobody will read it (RFC 2525 2.17).
                    sendControl(sndNxt, 0, RST);
                    enterClosed(null);
                    return;
                }
                ackNow = receiveData(seg, dataSeq, payloadLen);
            } else {
                // CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: "This should not occur since a FIN has
                // been received from the remote side. Ignore the segment text."
            }
        }

        // Eighth, check the FIN bit.
        if (seg.fin() && state.isSynchronized()) {
            int fSeq = seq + payloadLen;
            if (Seq.le(fSeq, rcvNxt + rcvWindow.advertised(rcvNxt))) {
                peerFinPending = true;
                peerFinSeq = fSeq;
            }
        }
        if (peerFinPending && rcvNxt == peerFinSeq && !finReceived) {
            processFin();
            ackNow = true;
        }

        output();
        if (ackPending && (ackNow || cfg.delayedAck() == 0)) {
            sendAck();
        } else if (ackPending) {
            if (deadlines[TcpTimer.DELAYED_ACK.ordinal()] == Long.MAX_VALUE) {
                arm(TcpTimer.DELAYED_ACK, env.now() + cfg.delayedAck());
            }
        }
    }

    /** RFC 7323 4.3: TS.Recent follows the latest in-order timestamp. */
    private void updateTsRecent(TcpRepr seg) {
        if (tsOk && seg.options().timestamp() && Seq.ge(seg.options().tsVal(), tsRecent)
                && Seq.le(seg.seq(), lastAckSent)) {
            tsRecent = seg.options().tsVal();
        }
    }

    /**
     * Stores in-window payload; returns whether the ACK should go out at once (RFC 5681 4.2:
     * immediately for out-of-order data and for data that fills a hole).
     */
    private boolean receiveData(TcpRepr seg, int dataSeq, int len) {
        int off = seg.payloadOffset();
        // Trim what lies before RCV.NXT (already received).
        if (Seq.lt(dataSeq, rcvNxt)) {
            int skip = rcvNxt - dataSeq;
            if (skip >= len) {
                ackPending = true;
                return true; // a pure duplicate: tell the sender where we are (RFC 5681 4.2)
            }
            off += skip;
            len -= skip;
            dataSeq = rcvNxt;
        }
        // Trim what lies beyond the advertised window (RFC 9293 3.10.7.4, "trimmed to the window").
        int room = rcvWindow.edge() - dataSeq;
        if (room <= 0) {
            ackPending = true;
            return true;
        }
        len = Math.min(len, room);
        rcvMss = Math.max(rcvMss, Math.min(len, advMss));
        boolean hadHoles = !recvBuf.outOfOrder().isEmpty();
        long at = recvBuf.contiguousEnd() + (dataSeq - rcvNxt);
        byte[] src = seg.payload();
        int grown;
        if (src == null) {
            byte[] zeros = new byte[len];
            grown = recvBuf.insert(at, zeros, 0, len);
        } else {
            grown = recvBuf.insert(at, src, off, len);
        }
        ackPending = true;
        if (grown > 0) {
            rcvNxt += grown;
            bytesDelivered += grown;
            bytesSinceAck += grown;
            pendingEvents |= EV_READABLE;
            if (hadHoles) {
                return true;
            }
            // RFC 5681 4.2 / RFC 1122 4.2.3.2: ACK at least every second full-sized segment.
            return bytesSinceAck >= 2 * rcvMss;
        }
        return true; // out of order: send a duplicate ACK with SACK blocks at once
    }

    /** RFC 9293 3.10.7.4, eighth step: the FIN is in order. */
    private void processFin() {
        finReceived = true;
        rcvNxt += 1; // "advance RCV.NXT over the FIN"
        ackPending = true;
        pendingEvents |= EV_PEER_CLOSED;
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED -> setState(TcpState.CLOSE_WAIT);
            case FIN_WAIT_1 -> {
                if (finQueued && Seq.gt(sndUna, finSeq)) {
                    enterTimeWait();
                } else {
                    setState(TcpState.CLOSING);
                }
            }
            case FIN_WAIT_2 -> enterTimeWait();
            case TIME_WAIT -> arm(TcpTimer.TIME_WAIT, env.now() + cfg.timeWait());
            default -> {
            }
        }
    }

    // ------------------------------------------------------------------ ACK processing and loss recovery

    /**
     * The ESTABLISHED rules of the fifth step: advance SND.UNA, update the window, detect
     * duplicate ACKs and drive recovery. Returns false when the segment must be dropped.
     */
    private boolean processAck(TcpRepr seg) {
        int ack = seg.ack();
        if (Seq.gt(ack, sndNxt)) {
            // "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop
            // the segment, and return."
            sendOutOfWindowAck(seg);
            return false;
        }
        if (Seq.lt(ack, sndUna - Math.max(maxSndWnd, 1))) {
            // RFC 5961 5.2: an ACK too far in the past is a blind injection; challenge it.
            sendOutOfWindowAck(seg);
            return false;
        }
        long now = env.now();
        int wnd = seg.window() << sndScale;
        boolean sackGrew = false;
        int sackedBefore = sackOk ? scoreboard.sackedBytes() : 0;
        if (sackOk && seg.options().sackBlocks().length > 0) {
            sackGrew = scoreboard.update(sndUna, sndNxt, seg.options().sackBlocks());
        }
        boolean outstanding = sndNxt != sndUna;
        int acked = Seq.gt(ack, sndUna) ? ack - sndUna : 0;
        // RFC 5681 2 ("DUPLICATE ACKNOWLEDGMENT"), or with SACK, RFC 6675 2: an ACK that SACKs new data.
        boolean dup = acked == 0 && outstanding && ack == sndUna && seg.payloadLength() == 0 && !seg.fin()
                && (sackOk ? sackGrew : wnd == sndWnd);

        if (acked > 0) {
            takeRttSample(seg, ack, now);
            ackAdvances(ack);
            retries = 0;
            dupAcks = 0;
            if (sackOk) {
                scoreboard.prune(ack);
            }
        }
        // RFC 6937: DeliveredData = change_in(snd.una) + change_in(SACKd).
        int delivered = acked + (sackOk ? scoreboard.sackedBytes() - sackedBefore : 0);
        if (recovery == Recovery.RECOVERY && sackOk && delivered > 0) {
            prr.onDelivered(delivered);
        }

        // RFC 9293: update the send window if the segment is newer (SND.WL1, SND.WL2 rule).
        if (Seq.lt(sndWl1, seg.seq()) || (sndWl1 == seg.seq() && Seq.le(sndWl2, ack))) {
            boolean opened = sndWnd == 0 && wnd > 0;
            sndWnd = wnd;
            sndWl1 = seg.seq();
            sndWl2 = ack;
            maxSndWnd = Math.max(maxSndWnd, wnd);
            if (opened) {
                persistBackoff = 0;
                disarm(TcpTimer.PERSIST);
            }
        }

        if (acked > 0) {
            onNewAck(acked, now);
            // RFC 6298 5.2 / 5.3: stop the timer when all is acknowledged, else restart it.
            if (sndUna == sndNxt) {
                disarm(TcpTimer.RETRANSMIT);
            } else {
                arm(TcpTimer.RETRANSMIT, now + rto.rto());
            }
            if (writeBlocked && sendBuf.free() > 0 && canQueue()) {
                writeBlocked = false;
                pendingEvents |= EV_WRITABLE;
            }
        } else if (dup) {
            dupAcks++;
            onDupAck(now);
        } else if (sackGrew && recovery != Recovery.OPEN) {
            // New SACK information during recovery changes pipe; output() below uses it.
            dupAcks++;
        }
        return true;
    }

    private void takeRttSample(TcpRepr seg, int ack, long now) {
        if (rttTiming && Seq.gt(ack, rttSeq)) {
            rttTiming = false;
            rto.sample(now - rttSentAt);
            traceRtt();
        } else if (tsOk && rto.backoffCount() > 0 && seg.options().timestamp() && seg.options().tsEcr() != 0) {
            // RFC 7323 4.1: the echoed timestamp measures even a retransmitted segment's RTT;
            // used here to end a backoff that Karn's algorithm would otherwise keep.
            long rtt = (long) (tsNow() - seg.options().tsEcr()) * TS_TICK;
            if (rtt >= 0) {
                rto.sample(rtt);
                traceRtt();
            }
        }
    }

    /** Moves SND.UNA to {@code ack}, releasing acknowledged payload from the send buffer. */
    private void ackAdvances(int ack) {
        int n = ack - sndUna;
        if (sndUna == iss && n > 0) {
            n--; // our SYN occupies ISS
        }
        if (finQueued && Seq.gt(ack, finSeq) && Seq.le(sndUna, finSeq)) {
            n--; // our FIN occupies finSeq
        }
        if (n > 0) {
            sendBuf.release(sendBuf.head() + n);
            bytesAcked += n;
        }
        sndUna = ack;
    }

    private void onNewAck(int acked, long now) {
        switch (recovery) {
            case OPEN -> {
                cc.onAck(now, acked, rto.srtt(), cwndLimited);
            }
            case RECOVERY -> {
                if (Seq.ge(sndUna, recoverSeq)) {
                    // RFC 6582 3.2 step 3 / RFC 6675 5: a full acknowledgment ends recovery;
                    // with PRR (RFC 6937) "on exiting recovery: cwnd = ssthresh".
                    recovery = Recovery.OPEN;
                    if (sackOk) {
                        cc.setCwnd(cc.ssthresh());
                    } else {
                        cc.onRecoveryExit(now, sndNxt - sndUna);
                    }
                } else if (!sackOk) {
                    // RFC 6582 3.2 step 4, partial acknowledgment: retransmit the first unacknowledged
                    // segment and deflate cwnd by the amount acknowledged, adding back one SMSS.
                    retransmit(sndUna, "fast");
                    int c = cc.cwnd() - acked + (acked >= smss ? smss : 0);
                    cc.setCwnd(c);
                }
            }
            case LOSS -> {
                cc.onAck(now, acked, rto.srtt(), true);
                if (Seq.ge(sndUna, recoverSeq)) {
                    recovery = Recovery.OPEN;
                }
                if (Seq.lt(highRxt, sndUna)) {
                    highRxt = sndUna;
                }
            }
        }
        traceCwnd();
    }

    private void onDupAck(long now) {
        switch (recovery) {
            case OPEN -> {
                boolean lost = dupAcks >= TcpConfig.DUP_THRESH
                        || (sackOk && Seq.gt(scoreboard.lossBoundary(sndUna, smss, TcpConfig.DUP_THRESH), sndUna));
                // RFC 6582 3.2 step 2: no new recovery unless the ACK covers more than "recover"
                // (the highest sequence number sent when the last one began: recoverSeq - 1).
                if (lost && Seq.ge(sndUna, recoverSeq)) {
                    enterRecovery(now);
                }
            }
            case RECOVERY -> {
                if (!sackOk) {
                    cc.setCwnd(cc.cwnd() + smss); // RFC 6582 3.2 step 3: inflate by one SMSS
                }
            }
            case LOSS -> {
            }
        }
    }

    /** RFC 6675 5 steps (4.1)-(4.3) / RFC 6582 3.2 step 2: fast retransmit starts recovery. */
    private void enterRecovery(long now) {
        fastRecoveries++;
        int flight = flightSize();
        recovery = Recovery.RECOVERY;
        recoverSeq = sndNxt;
        highRxt = sndUna;
        cc.onCongestionEvent(now, flight);
        prr.start(sndNxt - sndUna);
        retransmit(sndUna, "fast");
        // RFC 6675 (4.3): "set both HighRxt and RescueRxt to the highest sequence number in the
        // retransmitted segment", so no rescue happens before a partial ACK passes it.
        rescueRxt = highRxt;
        if (!sackOk) {
            cc.setCwnd(cc.ssthresh() + 3 * smss);
        }
        traceCwnd();
    }

    /** RFC 6298 5.4-5.7 and RFC 5681 3.1: the retransmission timer expired. */
    private void onRetransmitTimeout() {
        long now = env.now();
        switch (state) {
            case SYN_SENT -> {
                if (retries >= cfg.synRetries()) {
                    enterClosed(TcpError.TIMED_OUT);
                    return;
                }
                retries++;
                rto.backOff();
                synRetransmitted = true;
                rttTiming = false;
                retransmittedSegments++;
                traceRetransmit(iss, 0, "rto");
                sendSyn();
                arm(TcpTimer.RETRANSMIT, now + rto.rto());
            }
            case SYN_RECEIVED -> {
                if (retries >= cfg.synAckRetries()) {
                    enterClosed(passive ? null : TcpError.TIMED_OUT);
                    return;
                }
                retries++;
                rto.backOff();
                synRetransmitted = true;
                rttTiming = false;
                retransmittedSegments++;
                traceRetransmit(iss, 0, "rto");
                sendSynAck();
                arm(TcpTimer.RETRANSMIT, now + rto.rto());
            }
            case ESTABLISHED, FIN_WAIT_1, CLOSE_WAIT, CLOSING, LAST_ACK -> {
                if (sndUna == sndNxt) {
                    return;
                }
                if (retries >= cfg.maxRetries()) {
                    // RFC 1122 4.2.3.5: R2 exceeded; like Linux, close without a RST.
                    enterClosed(TcpError.TIMED_OUT);
                    return;
                }
                retries++;
                rtoCount++;
                // RFC 5681 eq. 4 applies once per loss episode: not again on a backed-off timer, nor
                // (like Linux tcp_enter_loss) when fast recovery already lowered ssthresh for it.
                boolean first = rto.backoffCount() == 0 && recovery != Recovery.RECOVERY;
                cc.onRetransmitTimeout(now, flightSize(), first);
                recovery = Recovery.LOSS;
                recoverSeq = sndNxt;
                lossEnd = sndNxt;
                highRxt = sndUna;
                dupAcks = 0;
                rttTiming = false;
                rto.backOff();
                if (env.traceEnabled()) {
                    env.trace(this, "rto", "rto_ms", rto.rto() / (double) Durations.MS, "backoff", rto.backoffCount(),
                            "una", Seq.str(sndUna));
                }
                traceCwnd();
                arm(TcpTimer.RETRANSMIT, now + rto.rto());
                output();
            }
            default -> {
            }
        }
    }

    /** RFC 9293 3.8.6.1 / RFC 1122 4.2.2.17: probe a zero window, with exponential backoff. */
    private void onPersist() {
        if (!state.isSynchronized() || sndUna != sndNxt || (unsentBytes() == 0 && !(finQueued && !finSent()))) {
            return;
        }
        if (sndWnd > 0) {
            // The window opened a little: send what fits (Linux tcp_write_wakeup).
            sendNewData(Integer.MAX_VALUE, true);
        } else {
            // Like Linux (tcp_xmit_probe_skb): a zero-length segment below SND.UNA, which the
            // receiver must answer with an ACK carrying its current window (3.10.7.4, first check).
            windowProbes++;
            sendControl(sndUna - 1, rcvNxt, ACK);
        }
        if (persistBackoff < 16) {
            persistBackoff++;
        }
        armPersist();
    }

    private void armPersist() {
        long interval = rto.rto();
        for (int i = 0; i < persistBackoff && interval < RtoEstimator.MAX_RTO; i++) {
            interval <<= 1;
        }
        arm(TcpTimer.PERSIST, env.now() + Math.min(interval, RtoEstimator.MAX_RTO));
    }

    /** Timer input: {@code t}'s deadline may have passed. */
    public void onTimer(TcpTimer t) {
        long deadline = deadlines[t.ordinal()];
        if (deadline == Long.MAX_VALUE) {
            return; // cancelled
        }
        if (env.now() < deadline) {
            env.setTimer(this, t, deadline); // the environment fired early (lazy timers)
            return;
        }
        deadlines[t.ordinal()] = Long.MAX_VALUE;
        switch (t) {
            case RETRANSMIT -> onRetransmitTimeout();
            case PERSIST -> onPersist();
            case DELAYED_ACK -> {
                if (ackPending && state.isSynchronized()) {
                    sendAck();
                }
            }
            case TIME_WAIT -> {
                if (state == TcpState.TIME_WAIT) {
                    enterClosed(null);
                } else if (state == TcpState.FIN_WAIT_2) {
                    // Linux (tcp_keepalive_timer): an orphaned FIN-WAIT-2 ends with a reset.
                    sendControl(sndNxt, 0, RST);
                    enterClosed(null);
                }
            }
        }
        deliver();
    }

    /** Ends TIME-WAIT early because a new SYN reuses the 4-tuple (the stack decides). */
    void reap() {
        if (state == TcpState.TIME_WAIT) {
            enterClosed(null);
            deliver();
        }
    }

    /** RFC 1191: an ICMP "fragmentation needed" reported a smaller path MTU. */
    public void onPathMtu(int mtu) {
        int newBase = Math.min(sndMssBase, mtu - IP_TCP_HEADERS);
        if (newBase >= sndMssBase || newBase < 68) {
            return;
        }
        sndMssBase = newBase;
        smss = newBase - (tsOk ? 12 : 0);
        cc.mssChanged(smss);
        if (env.traceEnabled()) {
            env.trace(this, "pmtu", "mtu", mtu, "mss", smss);
        }
        // RFC 1191 6.4: retransmit what was sent with the old size.
        if (state.isSynchronized() && sndUna != sndNxt) {
            highRxt = sndUna;
            if (recovery == Recovery.OPEN) {
                recovery = Recovery.LOSS;
                recoverSeq = sndNxt;
                lossEnd = sndNxt;
            }
            output();
        }
        deliver();
    }

    /**
     * An ICMP destination unreachable about one of our segments. RFC 5461 treats most as soft
     * errors; like Linux (tcp_v4_err), an error in SYN-SENT ends the connection attempt with the
     * matching errno, and synchronized connections ignore it and keep retransmitting.
     */
    public void onUnreachable(TcpError error) {
        if (state == TcpState.SYN_SENT) {
            enterClosed(error);
            deliver();
        }
    }

    // ------------------------------------------------------------------ output

    /** Stream offset of the byte at sequence number {@code seq} (data starts at ISS + 1). */
    private long streamOffset(int seq) {
        return sendBuf.head() + (seq - dataUna());
    }

    /** The sequence number of SND.UNA's first data byte (SND.UNA once the SYN is acknowledged). */
    private int dataUna() {
        return sndUna == iss ? iss + 1 : sndUna;
    }

    private int dataSeq(long streamOffset) {
        return dataUna() + (int) (streamOffset - sendBuf.head());
    }

    private boolean finSent() {
        return finQueued && Seq.gt(sndNxt, finSeq);
    }

    private int unsentBytes() {
        long off = streamOffset(sndNxt);
        return (int) Math.max(0, sendBuf.tail() - off);
    }

    /**
     * RFC 5681 FlightSize, "the amount of data that has been sent but not yet cumulatively
     * acknowledged", less what the receiver SACKed: SACKed data has left the network, and counting
     * it after a burst of losses would set ssthresh far above anything the path held.
     */
    private int flightSize() {
        return sndNxt - sndUna - (sackOk ? scoreboard.sackedBytes() : 0);
    }

    /** RFC 6675 IsLost() boundary: unSACKed data below it is deemed lost. */
    private int lostBelow() {
        int b = sndUna;
        if (sackOk) {
            b = scoreboard.lossBoundary(sndUna, smss, TcpConfig.DUP_THRESH);
        }
        if (recovery == Recovery.LOSS) {
            b = Seq.max(b, lossEnd);
        }
        return b;
    }

    /**
     * Sends what the windows allow: retransmissions first in RECOVERY (with SACK) and LOSS, via
     * RFC 6675 NextSeg() under the pipe &lt; cwnd rule; otherwise new data under cwnd, the peer's
     * window, Nagle and sender-side SWS avoidance.
     */
    private void output() {
        if (!state.isSynchronized() || state == TcpState.SYN_RECEIVED || state == TcpState.TIME_WAIT) {
            return;
        }
        cwndLimited = false;
        boolean pipeMode = recovery == Recovery.LOSS || (recovery == Recovery.RECOVERY && sackOk);
        if (pipeMode) {
            int lost = lostBelow();
            int pipe = scoreboard.pipe(sndUna, sndNxt, lost, highRxt);
            boolean proportional = recovery == Recovery.RECOVERY;
            long sndcnt = proportional ? prr.quota(pipe, cc.ssthresh(), smss) : 0;
            for (int guard = 0; guard < 100_000; guard++) {
                int room;
                if (proportional) {
                    // RFC 6937: send sndcnt bytes on this ACK (a partial quota rounds up to a segment).
                    if (sndcnt <= 0) {
                        break;
                    }
                    room = smss;
                } else {
                    room = cc.cwnd() - pipe;
                    if (room < smss && !(room > 0 && pipe == 0)) {
                        cwndLimited = true;
                        break;
                    }
                }
                // NextSeg (1): the lowest lost, unSACKed, not yet retransmitted segment.
                int s = scoreboard.holeAt(Seq.max(highRxt, sndUna));
                if (Seq.lt(s, lost) && Seq.lt(s, sndNxt)) {
                    int n = retransmitHole(s, recovery == Recovery.LOSS ? "rto" : "sack");
                    highRxt = s + n;
                    pipe += n;
                    sndcnt -= n;
                    continue;
                }
                // NextSeg (2): new data.
                int n = sendNewData(room, false);
                if (n > 0) {
                    pipe += n;
                    sndcnt -= n;
                    continue;
                }
                cwndLimited |= blockedByCwnd;
                if (recovery == Recovery.RECOVERY) {
                    // NextSeg (3): unSACKed data below the highest SACKed byte.
                    int high = scoreboard.highestSacked(sndUna);
                    if (Seq.lt(s, high) && Seq.lt(s, sndNxt)) {
                        int m = retransmitHole(s, "sack");
                        highRxt = s + m;
                        pipe += m;
                        sndcnt -= m;
                        continue;
                    }
                    // NextSeg (4): "If HighACK is greater than RescueRxt", one rescue retransmission
                    // of the highest unSACKed data; RescueRxt becomes RecoveryPoint.
                    if (Seq.gt(sndUna, rescueRxt)) {
                        int last = Seq.max(sndUna, sndNxt - smss);
                        int hs = scoreboard.holeAt(last);
                        if (Seq.lt(hs, sndNxt)) {
                            rescueRxt = recoverSeq;
                            int m = retransmitHole(hs, "sack");
                            pipe += m;
                            sndcnt -= m;
                            continue;
                        }
                    }
                }
                break;
            }
        } else {
            for (int guard = 0; guard < 100_000; guard++) {
                int cwnd = cc.cwnd();
                if (recovery == Recovery.OPEN && dupAcks > 0 && dupAcks < TcpConfig.DUP_THRESH) {
                    cwnd += dupAcks * smss; // RFC 3042 limited transmit
                }
                int room = cwnd - (sndNxt - sndUna);
                if (room <= 0) {
                    if (unsentBytes() > 0) {
                        cwndLimited = true;
                    }
                    break;
                }
                if (sendNewData(room, false) == 0) {
                    cwndLimited |= blockedByCwnd;
                    break;
                }
            }
        }
        // The persist timer runs when data waits, nothing is in flight and the window is closed.
        if (sndUna == sndNxt && unsentBytes() > 0 && Seq.le(sndUna + sndWnd, sndNxt)) {
            if (deadlines[TcpTimer.PERSIST.ordinal()] == Long.MAX_VALUE) {
                armPersist();
            }
        } else if (deadlines[TcpTimer.PERSIST.ordinal()] != Long.MAX_VALUE && (sndUna != sndNxt || unsentBytes() == 0)) {
            disarm(TcpTimer.PERSIST);
        }
    }

    /**
     * Sends one segment of new data (and the FIN when everything queued fits). Returns the
     * sequence space used, 0 when nothing may be sent now.
     *
     * @param cwndRoom bytes cwnd allows beyond what is in flight
     * @param force ignore Nagle and SWS avoidance (window probes)
     */
    private int sendNewData(int cwndRoom, boolean force) {
        blockedByCwnd = false;
        if (finSent()) {
            return 0;
        }
        long off = streamOffset(sndNxt);
        int unsent = (int) Math.max(0, sendBuf.tail() - off);
        int maxPayload = maxPayload();
        int len = Math.min(unsent, maxPayload);
        boolean fin = finQueued && len == unsent;
        if (len == 0 && !fin) {
            return 0;
        }
        if (len > 0) {
            int wndRoom = sndUna + sndWnd - sndNxt;
            int usable = Math.min(wndRoom, cwndRoom);
            blockedByCwnd = cwndRoom < len && cwndRoom <= wndRoom;
            if (usable <= 0) {
                return 0;
            }
            if (len > usable) {
                // RFC 9293 3.8.6.2.1 sender SWS avoidance: a partial segment only when it is at
                // least half the largest window the peer offered, or (like Linux) when nothing is
                // in flight and the receiver's window is the limit.
                boolean inFlight = sndNxt != sndUna;
                if (force || usable >= maxSndWnd / 2 || (!inFlight && wndRoom <= cwndRoom)) {
                    len = usable;
                    fin = false;
                } else {
                    return 0;
                }
            }
            // RFC 9293 3.7.4 Nagle: hold a small segment while data is unacknowledged. FIN-bearing
            // segments go anyway (Linux tcp_nagle_test).
            if (!force && len < maxPayload && !fin && !cfg.noDelay() && sndNxt != sndUna) {
                return 0;
            }
        }
        int seq = sndNxt;
        if (len > 0 && !rttTiming) {
            rttTiming = true;
            rttSeq = seq;
            rttSentAt = env.now();
        }
        boolean push = off + len == sendBuf.tail();
        transmitData(seq, len, fin, push);
        sndNxt = seq + len + (fin ? 1 : 0);
        if (deadlines[TcpTimer.RETRANSMIT.ordinal()] == Long.MAX_VALUE) {
            arm(TcpTimer.RETRANSMIT, env.now() + rto.rto()); // RFC 6298 5.1
        }
        return len + (fin ? 1 : 0);
    }

    /** Retransmits from {@code seq} up to one SMSS, stopping at the next SACKed block. */
    private int retransmitHole(int seq, String cause) {
        int end = scoreboard.holeEnd(seq, sndNxt);
        int n = Math.min(end - seq, maxPayload() + (finAt(seq, end) ? 1 : 0));
        return retransmitRange(seq, n, cause);
    }

    /** Retransmits the segment starting at {@code seq} (fast retransmit, partial ACK). */
    private void retransmit(int seq, String cause) {
        int end = sackOk ? scoreboard.holeEnd(seq, sndNxt) : sndNxt;
        int n = Math.min(end - seq, maxPayload() + (finAt(seq, end) ? 1 : 0));
        if (n > 0) {
            int used = retransmitRange(seq, n, cause);
            if (Seq.gt(seq + used, highRxt)) {
                highRxt = seq + used;
            }
        }
    }

    private boolean finAt(int from, int to) {
        return finQueued && Seq.ge(finSeq, from) && Seq.lt(finSeq, to);
    }

    /** Sends sequence space [seq, seq + n) again; returns the sequence space used. */
    private int retransmitRange(int seq, int n, String cause) {
        boolean fin = finAt(seq, seq + n);
        int len = fin ? Math.min(n, finSeq - seq) : n;
        if (rttTiming && Seq.le(seq, rttSeq) && Seq.lt(rttSeq, seq + Math.max(len, 1))) {
            rttTiming = false; // Karn: no sample from a retransmitted segment
        }
        retransmittedSegments++;
        traceRetransmit(seq, len, cause);
        long off = streamOffset(seq);
        transmitData(seq, len, fin, off + len == sendBuf.tail());
        if (deadlines[TcpTimer.RETRANSMIT.ordinal()] == Long.MAX_VALUE) {
            arm(TcpTimer.RETRANSMIT, env.now() + rto.rto());
        }
        return len + (fin ? 1 : 0);
    }

    /** Payload bytes that fit in one segment beside the options it carries (RFC 9293 3.7.1). */
    private int maxPayload() {
        int opt = 0;
        if (tsOk) {
            opt += 12;
        }
        if (sackOk && !recvBuf.outOfOrder().isEmpty()) {
            int blocks = Math.min(recvBuf.outOfOrder().count(), TcpOptions.maxSackBlocks(tsOk));
            opt += 4 + 8 * blocks;
        }
        return Math.max(1, sndMssBase - opt);
    }

    private void transmitData(int seq, int len, boolean fin, boolean push) {
        if (recovery == Recovery.RECOVERY) {
            prr.onSent(len + (fin ? 1 : 0));
        }
        int flags = ACK;
        if (fin) {
            flags |= FIN;
        }
        if (push && len > 0) {
            flags |= PSH;
        }
        TcpRepr seg = new TcpRepr(localPort, remotePort, seq, rcvNxt, flags, windowField(), 0, dataOptions(),
                null, 0, len);
        emit(seg, len > 0 ? streamOffset(seq) : 0);
    }

    /**
     * The ACK that answers an unacceptable segment (out of window, PAWS, challenge ACKs of RFC
     * 5961). Like Linux (tcp_oow_rate_limited, net.ipv4.tcp_invalid_ratelimit = 500 ms), answers
     * to segments without data are limited to one per 500 ms: two ends whose sequence spaces
     * disagree would otherwise answer each other's ACKs forever (an ACK storm).
     */
    private void sendOutOfWindowAck(TcpRepr seg) {
        boolean data = seg.segmentLength() > 0 && !seg.syn(); // data or FIN: not part of an ACK loop
        long now = env.now();
        if (!data && lastOutOfWindowAck != Long.MIN_VALUE && now - lastOutOfWindowAck < INVALID_RATELIMIT) {
            return;
        }
        if (!data) {
            lastOutOfWindowAck = now;
        }
        sendAck();
    }

    /** An ACK segment: "<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>". */
    private void sendAck() {
        if (!state.isSynchronized() && state != TcpState.SYN_SENT) {
            return;
        }
        sendControl(sndNxt, rcvNxt, ACK);
    }

    /** A segment without payload; RST segments carry no ACK unless asked, and no options. */
    private void sendControl(int seq, int ack, int flags) {
        TcpOptions opts = (flags & RST) != 0 ? TcpOptions.NONE : dataOptions();
        int window = (flags & RST) != 0 ? 0 : windowField();
        TcpRepr seg = TcpRepr.control(localPort, remotePort, seq, (flags & ACK) != 0 ? ack : 0, flags, window, opts);
        emit(seg, 0);
    }

    private void sendSyn() {
        TcpOptions o = new TcpOptions(advMss, cfg.windowScaling() ? ourScale : -1, cfg.sack(), null,
                cfg.timestamps(), tsNow(), 0);
        emit(TcpRepr.control(localPort, remotePort, iss, 0, SYN, Math.min(cfg.receiveBuffer(), 0xffff), o), 0);
    }

    private void sendSynAck() {
        TcpOptions o = new TcpOptions(advMss, wsOk ? ourScale : -1, sackOk, null, tsOk, tsNow(), tsRecent);
        emit(TcpRepr.control(localPort, remotePort, iss, rcvNxt, SYN | ACK, Math.min(cfg.receiveBuffer(), 0xffff), o), 0);
    }

    /** Adopts the options of the peer's SYN (RFC 9293 3.7.1, RFC 7323 2.2 and 3.2, RFC 2018 2). */
    private void negotiate(TcpOptions o) {
        int peerMss = o.mss() != 0 ? o.mss() : TcpConfig.DEFAULT_MSS;
        wsOk = cfg.windowScaling() && o.windowScale() >= 0;
        sndScale = wsOk ? o.windowScale() : 0;

        sackOk = cfg.sack() && o.sackPermitted();
        tsOk = cfg.timestamps() && o.timestamp();
        if (tsOk) {
            tsRecent = o.tsVal();
        }
        sndMssBase = Math.min(peerMss, advMss);
        smss = sndMssBase - (tsOk ? 12 : 0);
        cc.init(smss);
        lastAckSent = rcvNxt;
        // Our SYN or SYN,ACK offers an unscaled window (RFC 7323 2.2).
        rcvWindow.start(rcvNxt, wsOk ? ourScale : 0, Math.min(cfg.receiveBuffer(), 0xffff));
        if (env.traceEnabled()) {
            env.trace(this, "options", "mss", smss, "peer_mss", peerMss, "wscale_snd", sndScale, "wscale_rcv", rcvWindow.scale(),
                    "sack", sackOk, "ts", tsOk);
        }
    }

    private TcpOptions dataOptions() {
        if (!tsOk && !sackOk) {
            return TcpOptions.NONE;
        }
        int[] blocks = null;
        if (sackOk && !recvBuf.outOfOrder().isEmpty()) {
            int n = recvBuf.outOfOrder().recentRanges(sackScratch, TcpOptions.maxSackBlocks(tsOk));
            blocks = new int[2 * n];
            long base = recvBuf.contiguousEnd();
            for (int k = 0; k < n; k++) {
                blocks[2 * k] = rcvNxt + (int) (sackScratch[2 * k] - base);
                blocks[2 * k + 1] = rcvNxt + (int) (sackScratch[2 * k + 1] - base);
            }
        }
        if (!tsOk) {
            return new TcpOptions(0, -1, false, blocks, false, 0, 0);
        }
        return new TcpOptions(0, -1, false, blocks, true, tsNow(), tsRecent);
    }

    private int tsNow() {
        return (int) (env.now() / TS_TICK) + tsOffset;
    }

    private int windowField() {
        return rcvWindow.field(rcvNxt);
    }

    private void maybeSendWindowUpdate() {
        if (rcvWindow.updateWorthSending(rcvNxt)) {
            sendAck();
        }
    }

    private void emit(TcpRepr seg, long dataOffset) {
        segmentsSent++;
        if (seg.ackFlag()) {
            lastAckSent = seg.ack();
            ackPending = false;
            bytesSinceAck = 0;
            if (deadlines[TcpTimer.DELAYED_ACK.ordinal()] != Long.MAX_VALUE) {
                disarm(TcpTimer.DELAYED_ACK);
            }
        }
        env.transmit(this, seg, sendBuf, dataOffset);
    }

    private void transmitRaw(TcpRepr seg) {
        segmentsSent++;
        env.transmit(this, seg, null, 0);
    }

    // ------------------------------------------------------------------ states, timers, events

    private void establish() {
        // The SYN backoff does not carry into data transfer; RFC 6298 5.7 restarts at 3 s instead
        // when the SYN had to be retransmitted and no RTT sample exists.
        rto.resetBackoff();
        if (synRetransmitted) {
            rto.synRetransmitted();
        }
        setState(TcpState.ESTABLISHED);
        if (passive) {
            pendingEvents |= EV_ACCEPT;
        }
        pendingEvents |= EV_CONNECTED;
        if (finQueued) {
            setState(TcpState.FIN_WAIT_1); // a CLOSE issued in SYN-RECEIVED (RFC 9293 3.10.4)
        }
    }

    private void enterTimeWait() {
        setState(TcpState.TIME_WAIT);
        disarm(TcpTimer.RETRANSMIT);
        disarm(TcpTimer.PERSIST);
        disarm(TcpTimer.DELAYED_ACK);
        arm(TcpTimer.TIME_WAIT, env.now() + cfg.timeWait());
        notifyClosed(null);
    }

    private void enterClosed(TcpError error) {
        for (TcpTimer t : TcpTimer.values()) {
            disarm(t);
        }
        if (state != TcpState.CLOSED) {
            setState(TcpState.CLOSED);
            env.closed(this);
        }
        notifyClosed(error);
    }

    private void notifyClosed(TcpError error) {
        if (!closeNotified) {
            closeNotified = true;
            closeError = error;
            pendingEvents |= EV_CLOSED;
        }
    }

    private void setState(TcpState s) {
        TcpState old = state;
        state = s;
        if (env.traceEnabled()) {
            env.trace(this, "state", "from", old.rfcName(), "to", s.rfcName());
        }
    }

    private void arm(TcpTimer t, long deadline) {
        deadlines[t.ordinal()] = deadline;
        env.setTimer(this, t, deadline);
    }

    private void disarm(TcpTimer t) {
        if (deadlines[t.ordinal()] != Long.MAX_VALUE) {
            deadlines[t.ordinal()] = Long.MAX_VALUE;
            env.cancelTimer(this, t);
        }
    }

    /** Runs application callbacks queued while processing; re-entrant calls are folded in. */
    private void deliver() {
        if (delivering || pendingEvents == 0) {
            return;
        }
        delivering = true;
        try {
            while (pendingEvents != 0) {
                int ev = pendingEvents;
                pendingEvents = 0;
                if ((ev & EV_ACCEPT) != 0) {
                    env.accepted(this);
                }
                if ((ev & EV_CONNECTED) != 0) {
                    handler.onConnected(this);
                }
                if ((ev & EV_READABLE) != 0 && recvBuf.available() > 0) {
                    handler.onReadable(this);
                }
                if ((ev & EV_PEER_CLOSED) != 0) {
                    handler.onPeerClosed(this);
                }
                if ((ev & EV_WRITABLE) != 0) {
                    handler.onWritable(this);
                }
                if ((ev & EV_CLOSED) != 0) {
                    handler.onClosed(this, closeError);
                }
            }
        } finally {
            delivering = false;
        }
    }

    // ------------------------------------------------------------------ trace

    private void traceRetransmit(int seq, int len, String cause) {
        if (env.traceEnabled()) {
            env.trace(this, "retransmit", "seq", Seq.str(seq), "len", len, "cause", cause,
                    "cwnd", cc.cwnd(), "ssthresh", ssthreshForTrace());
        }
    }

    private void traceRtt() {
        if (env.traceEnabled()) {
            env.trace(this, "rtt", "sample_ms", rto.latest() / (double) Durations.MS,
                    "srtt_ms", rto.srtt() / (double) Durations.MS, "rttvar_ms", rto.rttvar() / (double) Durations.MS,
                    "rto_ms", rto.rto() / (double) Durations.MS);
        }
    }

    private void traceCwnd() {
        if (env.traceEnabled() && (cc.cwnd() != lastTracedCwnd || cc.ssthresh() != lastTracedSsthresh)) {
            lastTracedCwnd = cc.cwnd();
            lastTracedSsthresh = cc.ssthresh();
            env.trace(this, "cwnd", "cwnd", cc.cwnd(), "ssthresh", ssthreshForTrace(), "state", recovery.name().toLowerCase(),
                    "acked", bytesAcked);
        }
    }

    private long ssthreshForTrace() {
        return cc.ssthresh() == Integer.MAX_VALUE ? -1 : cc.ssthresh();
    }
}
