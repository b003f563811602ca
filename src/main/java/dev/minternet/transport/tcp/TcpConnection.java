package dev.minternet.transport.tcp;

import static dev.minternet.wire.TcpPacket.ACK;
import static dev.minternet.wire.TcpPacket.RST;

import dev.minternet.sim.Durations;
import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpRepr;

/**
 * One TCP connection as a sans-I/O state machine (docs/design.md decision 4). Inputs are segments
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
 * <p>This class holds the connection's state (the TCB of RFC 9293 3.3.1, less what each concern
 * owns), the user calls and segment dispatch: the per-state rules of 3.10.7, the states and the
 * timers. The concerns live beside it, split as gVisor's netstack splits them: {@link Handshake}
 * (LISTEN, SYN-SENT, option negotiation), {@link Sender} (SND.* variables, ACK processing,
 * output under the windows, Nagle, persist), {@link Receiver} (RCV.NXT, data, reassembly, FIN,
 * ACK policy), {@link LossRecovery} (fast retransmit, SACK recovery with PRR, NewReno, the
 * retransmission timeout) and {@link AppEvents} (callbacks to the application).
 */
public final class TcpConnection implements TcpSocket {
    /**
     * Loss-recovery modes (Linux's "CA states", simplified), driven by {@link LossRecovery}: OPEN;
     * RECOVERY, entered by fast retransmit; LOSS, entered by the retransmission timer.
     */
    enum Recovery { OPEN, RECOVERY, LOSS }

    /** Timestamp clock: 1 ms per tick, as Linux (RFC 7323 5.4 allows 1 ms to 1 s). */
    static final long TS_TICK = Durations.MS;
    /** Linux net.ipv4.tcp_invalid_ratelimit: at most one answer to invalid segments per 500 ms. */
    static final long INVALID_RATELIMIT = 500 * Durations.MS;
    /** Linux net.core.rmem_max, which the window scale also allows for. */
    static final int LINUX_RMEM_MAX = 212992;
    /** 20-byte IP header plus 20-byte TCP header: MSS = MTU - 40 (RFC 9293 3.7.1). */
    public static final int IP_TCP_HEADERS = 40;

    final TcpEnv env;
    final TcpConfig cfg;
    private final int localAddr;
    final int localPort;
    private final int remoteAddr;
    final int remotePort;
    private TcpHandler handler = TcpHandler.NONE;
    private Object attachment;
    /** The stack's per-connection state (timers, listener link); null under other environments. */
    TcpStack.Slot envData;
    Tcp6.Ends ends6; // over IPv6 (the int addresses are then 0): the two addresses; null over IPv4

    TcpState state = TcpState.CLOSED;
    boolean passive;
    /** CLOSE was called: nobody will read what arrives from now on. */
    private boolean receiveShutdown;

    final int iss;
    int irs;

    // Negotiated options (RFC 9293 3.7.1, RFC 7323, RFC 2018), set by Handshake.negotiate.
    final int advMss;
    /** The peer's MSS bounded by ours and by the path MTU, before options. */
    int sndMssBase;
    /** SMSS: sndMssBase less the timestamp option. */
    int smss;
    final int ourScale;
    int sndScale;
    boolean wsOk;
    boolean tsOk;
    boolean sackOk;
    final int tsOffset;
    int tsRecent;
    int lastAckSent;

    final RtoEstimator rto = new RtoEstimator();
    final CongestionControl cc;
    /** Retransmission timeouts since the last progress (RFC 1122 4.2.3.5, R1/R2). */
    int retries;
    private final long[] deadlines = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};

    final Handshake handshake;
    final Sender snd;
    final Receiver rcv;
    final LossRecovery recovery;

    final AppEvents events = new AppEvents(this);

    // Counters for netstat -s style statistics and the tests (the others live with their concern).
    private long segmentsReceived;
    private long retransmittedSegments;

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
        this.ourScale = windowScale(cfg);
        this.cc = CongestionControl.create(cfg); // Linux: tcp_cubic's hystart=1, hystart_detect=3
        this.sndMssBase = Math.min(advMss, TcpConfig.DEFAULT_MSS);
        this.smss = sndMssBase;
        cc.init(smss);
        this.handshake = new Handshake(this);
        this.rcv = new Receiver(this);
        this.snd = new Sender(this);
        this.recovery = new LossRecovery(this);
        snd.recovery = recovery;
    }

    /**
     * Our window scale (RFC 7323 2.3), as Linux's tcp_select_initial_window chooses it: from the
     * largest the buffer may grow to (tcp_rmem[2], 6 MB: scale 7) unless SO_RCVBUF fixed its size.
     */
    static int windowScale(TcpConfig cfg) {
        long space = cfg.receiveBufferLocked() ? cfg.receiveBuffer() : Math.max(cfg.rmemMax(), LINUX_RMEM_MAX);
        int s = 0;
        while (s < TcpOptions.MAX_WINDOW_SCALE && (space >> s) > 0xffff) {
            s++;
        }
        return s;
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

    /** The IPv6 addresses of a connection over IPv6 (RFC 8200 8.1), null over IPv4. */
    public Tcp6.Ends ipv6() {
        return ends6;
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

    public CongestionControl congestionControl() {
        return cc;
    }

    public RtoEstimator rtoEstimator() {
        return rto;
    }

    /** Linux's write_seq - snd_una (netstat's and ss's Send-Q): the bytes not yet acknowledged, and a SYN or FIN sent or queued but unacknowledged. */
    public int sendQueue() {
        return snd.buf.size() + (state == TcpState.SYN_SENT || snd.finQueued && !snd.finAcked() ? 1 : 0);
    }

    /** Bytes received but not yet read (netstat Recv-Q). */
    public int available() {
        return rcv.buf.available();
    }

    public int sendBufferFree() {
        return canQueue() ? snd.buf.free() : 0;
    }

    /** The sender's maximum segment size in payload bytes, after options (SMSS). */
    public int mss() {
        return smss;
    }

    public int sndUna() {
        return snd.una;
    }

    public int sndNxt() {
        return snd.nxt;
    }

    public int sndWnd() {
        return snd.wnd;
    }

    public int rcvNxt() {
        return rcv.nxt;
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
        return rcv.window.scale();
    }

    Recovery recoveryState() {
        return recovery.mode;
    }

    public long segmentsSent() {
        return snd.segmentsSent;
    }

    public long segmentsReceived() {
        return segmentsReceived;
    }

    public long retransmittedSegments() {
        return retransmittedSegments;
    }

    /** Payload bytes the peer acknowledged. */
    public long bytesAcked() {
        return snd.bytesAcked;
    }

    /** Payload bytes received in order (delivered to the receive buffer). */
    public long bytesDelivered() {
        return rcv.bytesDelivered;
    }

    public long timeouts() {
        return recovery.timeouts;
    }

    public long fastRecoveries() {
        return recovery.fastRecoveries;
    }

    /** Linux rcvq_space.space (ss rcv_space): bytes the application read in the last receiver RTT. */
    public int rcvSpace() {
        return rcv.autotuning.space();
    }

    /** Linux rcv_ssthresh (ss rcv_ssthresh): the most the receive window may offer now. */
    public int rcvSsthresh() {
        return rcv.window.rcvSsthresh;
    }

    /** The receiver's RTT estimate in ns (ss rcv_rtt), 0 before a sample. */
    public long rcvRtt() {
        return rcv.autotuning.rtt();
    }

    /** The receive buffer's payload capacity now (grown by autotuning). */
    public int receiveBufferSize() {
        return rcv.buf.capacity();
    }

    /** The send buffer's payload capacity now (grown by tcp_sndbuf_expand). */
    public int sendBufferSize() {
        return snd.buf.capacity();
    }

    /** Zero-window probes sent by the persist timer. */
    public long windowProbes() {
        return snd.windowProbes;
    }

    @Override
    public String toString() {
        return "tcp " + Tcp6.local(this) + " -> " + Tcp6.remote(this) + " " + state.rfcName();
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
        handshake.activeOpen();
        events.deliver();
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
        int n = snd.buf.write(data, off, len);
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
        int n = snd.buf.writeZeros(len);
        afterQueue(n, len);
        return n;
    }

    /** Whether the user may still queue data: a sending state and no FIN queued yet. */
    boolean canQueue() {
        return state.sendOpen() && !snd.finQueued;
    }

    private void afterQueue(int n, int wanted) {
        if (n < wanted || snd.buf.free() == 0) {
            snd.writeBlocked = true; // onWritable follows when acknowledgments free space
        }
        if (n > 0) {
            snd.output();
        }
        events.deliver();
    }

    /** RECEIVE (RFC 9293 3.10.3): copies up to {@code len} in-order bytes; returns how many. */
    public int read(byte[] dst, int off, int len) {
        int n = rcv.buf.read(dst, off, len);
        afterRead(n);
        return n;
    }

    /** Consumes up to {@code len} in-order bytes without copying them; returns how many. */
    public int skip(int len) {
        int n = rcv.buf.skip(len);
        afterRead(n);
        return n;
    }

    /** True once the peer's FIN was received and every byte before it has been read. */
    public boolean isEof() {
        return rcv.finReceived && rcv.buf.available() == 0;
    }

    private void afterRead(int n) {
        if (n > 0 && state.isSynchronized()) {
            rcv.autotuning.onRead(rcv.buf.readOffset(), env.now());
        }
        if (n > 0 && state.isSynchronized() && !rcv.finReceived) {
            rcv.maybeSendWindowUpdate();
        }
        events.deliver();
    }

    /**
     * Half-close (shutdown(SHUT_WR)): queue a FIN after the data (RFC 9293 3.10.4 CLOSE for the
     * sending direction); the connection keeps receiving.
     */
    public void shutdownOutput() {
        switch (state) {
            case LISTEN, SYN_SENT -> enterClosed(null); // "delete the TCB"
            case SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT -> {
                if (!snd.finQueued) {
                    snd.queueFin();
                    if (state == TcpState.ESTABLISHED) {
                        setState(TcpState.FIN_WAIT_1);
                    } else if (state == TcpState.CLOSE_WAIT) {
                        setState(TcpState.LAST_ACK);
                    }
                    // In SYN-RECEIVED the FIN waits until ESTABLISHED (RFC 9293 3.10.4).
                    snd.output();
                }
            }
            default -> {
                // Already closing: RFC 9293 says "error: connection closing".
            }
        }
        events.deliver();
    }

    /**
     * CLOSE (RFC 9293 3.10.4): no more sending and no more reading. Like Linux (and RFC 2525
     * 2.17), closing with unread received data aborts the connection with a RST instead.
     */
    public void close() {
        receiveShutdown = true;
        if (rcv.buf.available() > 0 && state.isSynchronized() && state != TcpState.TIME_WAIT) {
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
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> snd.sendControl(snd.nxt, 0, RST);
            default -> {
            }
        }
        if (state != TcpState.CLOSED) {
            enterClosed(TcpError.ABORTED);
        }
        events.deliver();
    }

    // ------------------------------------------------------------------ segment arrival (RFC 9293 3.10.7)

    /** A segment for this connection's 4-tuple arrived, already checksum-verified. */
    public void receive(TcpRepr seg) {
        segmentsReceived++;
        switch (state) {
            case CLOSED -> replyToClosed(seg);
            case LISTEN -> handshake.onSegmentInListen(seg);
            case SYN_SENT -> handshake.onSegmentInSynSent(seg);
            default -> onSegmentSynchronized(seg);
        }
        events.deliver();
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
            snd.transmitRaw(r);
        }
    }

    /** RFC 9293 3.10.7.4: SYN-RECEIVED and every state after it. */
    private void onSegmentSynchronized(TcpRepr seg) {
        TcpOptions opts = seg.options();

        // Linux (tcp_check_req): a retransmitted SYN in SYN-RECEIVED means our SYN,ACK was lost.
        if (state == TcpState.SYN_RECEIVED && seg.syn() && !seg.ackFlag() && !seg.rst() && seg.seq() == irs) {
            handshake.sendSynAck();
            return;
        }

        // RFC 7323 5.3 R1, PAWS: a timestamp older than TS.Recent marks an old duplicate.
        if (tsOk && opts.timestamp() && !seg.rst() && Seq.lt(opts.tsVal(), tsRecent)) {
            snd.sendOutOfWindowAck(seg);
            return;
        }

        // First, check the sequence number.
        int seq = seg.seq();
        if (!rcv.acceptable(seq, seg.segmentLength())) {
            if (!seg.rst()) {
                // "send an acknowledgment: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>"
                rcv.onUnacceptable(seg); // with a D-SACK for old data (RFC 2883, Linux tcp_send_dupack)
                snd.sendOutOfWindowAck(seg);
                if (state == TcpState.TIME_WAIT && seg.fin()) {
                    // A retransmitted FIN in TIME-WAIT: acknowledge it and restart the 2 MSL timeout.
                    arm(TcpTimer.TIME_WAIT, env.now() + cfg.timeWait());
                }
            }
            return;
        }

        // Second, check the RST bit (RFC 5961 3.2: only an exact match resets).
        if (seg.rst()) {
            if (seq != rcv.nxt) {
                snd.sendOutOfWindowAck(seg); // challenge ACK
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
            snd.sendOutOfWindowAck(seg);
            return;
        }

        // Fifth, check the ACK field.
        if (!seg.ackFlag()) {
            return; // "if the ACK bit is off, drop the segment and return"
        }
        if (state == TcpState.SYN_RECEIVED && !handshake.onAckInSynReceived(seg)) {
            return;
        }
        rcv.updateTsRecent(seg);
        if (!snd.processAck(seg)) {
            return;
        }
        boolean ourFinAcked = snd.finAcked();
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
                } else {
                    snd.output(); // data and the FIN still queued go as the ACK opens the windows
                }
                return; // "otherwise ignore the segment"
            }
            case LAST_ACK -> {
                if (ourFinAcked) {
                    enterClosed(null); // "delete the TCB, enter the CLOSED state, and return"
                } else {
                    snd.output(); // data queued before CLOSE, and the FIN, still have to go
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
        boolean ackNow = false;
        if (payloadLen > 0) {
            if (state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1 || state == TcpState.FIN_WAIT_2) {
                if (receiveShutdown) {
                    // Linux (tcp_rcv_state_process): data for a socket the user closed is answered
                    // with a reset, since nobody will read it (RFC 2525 2.17).
                    snd.sendControl(snd.nxt, 0, RST);
                    enterClosed(null);
                    return;
                }
                ackNow = rcv.receiveData(seg, seq, payloadLen); // no SYN here: the data starts at SEG.SEQ
            } else {
                // CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: "This should not occur since a FIN has
                // been received from the remote side. Ignore the segment text."
            }
        }

        // Eighth, check the FIN bit.
        if (seg.fin() && state.isSynchronized()) {
            rcv.finArrived(seq + payloadLen);
        }
        if (rcv.finInOrder()) {
            rcv.processFin();
            ackNow = true;
        }

        snd.output();
        rcv.acknowledge(ackNow);
    }

    // ------------------------------------------------------------------ timers and ICMP

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
            case PERSIST -> snd.onPersist();
            case DELAYED_ACK -> {
                if (rcv.ackPending && state.isSynchronized()) {
                    snd.sendAck();
                }
            }
            case TIME_WAIT -> {
                if (state == TcpState.TIME_WAIT) {
                    enterClosed(null);
                } else if (state == TcpState.FIN_WAIT_2) {
                    // Linux (tcp_keepalive_timer): an orphaned FIN-WAIT-2 ends with a reset.
                    snd.sendControl(snd.nxt, 0, RST);
                    enterClosed(null);
                }
            }
        }
        events.deliver();
    }

    /** RFC 6298 5.4-5.7: the retransmission timer expired. */
    private void onRetransmitTimeout() {
        switch (state) {
            case SYN_SENT, SYN_RECEIVED -> handshake.onRetransmitTimeout();
            case ESTABLISHED, FIN_WAIT_1, CLOSE_WAIT, CLOSING, LAST_ACK -> {
                if (snd.una == snd.nxt) {
                    return;
                }
                if (retries >= cfg.maxRetries()) {
                    // RFC 1122 4.2.3.5: R2 exceeded; like Linux, close without a RST.
                    enterClosed(TcpError.TIMED_OUT);
                    return;
                }
                if (recovery.onProbeTimer()) {
                    return; // a tail loss probe or RACK's reordering timer (RFC 8985), not an RTO
                }
                retries++;
                recovery.onRetransmitTimeout();
            }
            default -> {
            }
        }
    }

    /** Ends TIME-WAIT early because a new SYN reuses the 4-tuple (the stack decides). */
    void reap() {
        if (state == TcpState.TIME_WAIT) {
            enterClosed(null);
            events.deliver();
        }
    }

    /** RFC 1191: an ICMP "fragmentation needed" reported a smaller path MTU. */
    public void onPathMtu(int mtu) {
        snd.onPathMtu(mtu);
        events.deliver();
    }

    /**
     * An ICMP destination unreachable about one of our segments. RFC 5461 treats most as soft
     * errors; like Linux (tcp_v4_err), an error in SYN-SENT ends the connection attempt with the
     * matching errno, and synchronized connections ignore it and keep retransmitting.
     */
    public void onUnreachable(TcpError error) {
        if (state == TcpState.SYN_SENT) {
            enterClosed(error);
            events.deliver();
        }
    }

    /** The RFC 7323 timestamp clock: TSval for a segment sent now. */
    int tsNow() {
        return (int) (env.now() / TS_TICK) + tsOffset;
    }

    // ------------------------------------------------------------------ states, timers, events

    void enterTimeWait() {
        setState(TcpState.TIME_WAIT);
        disarm(TcpTimer.RETRANSMIT);
        disarm(TcpTimer.PERSIST);
        disarm(TcpTimer.DELAYED_ACK);
        arm(TcpTimer.TIME_WAIT, env.now() + cfg.timeWait());
        events.closed(null);
    }

    void enterClosed(TcpError error) {
        for (TcpTimer t : TcpTimer.values()) {
            disarm(t);
        }
        if (state != TcpState.CLOSED) {
            setState(TcpState.CLOSED);
            env.closed(this);
        }
        events.closed(error);
    }

    void setState(TcpState s) {
        TcpState old = state;
        state = s;
        env.counted(old, s, false);
        if (env.traceEnabled()) {
            env.trace(this, TcpEvents.STATE, old.rfcName(), s.rfcName());
        }
    }

    /** Asks for {@code t} at {@code deadline}, replacing an earlier request. */
    void arm(TcpTimer t, long deadline) {
        if (t == TcpTimer.RETRANSMIT && recovery != null) {
            recovery.pending = LossRecovery.XmitTimer.RTO; // LossRecovery re-marks its probes
        }
        deadlines[t.ordinal()] = deadline;
        env.setTimer(this, t, deadline);
    }

    void disarm(TcpTimer t) {
        if (deadlines[t.ordinal()] != Long.MAX_VALUE) {
            deadlines[t.ordinal()] = Long.MAX_VALUE;
            env.cancelTimer(this, t);
        }
    }

    /** When {@code t} fires (simulated ns), Long.MAX_VALUE when it will not; ss -o shows it ({@link PendingTimer}). */
    long deadline(TcpTimer t) {
        return deadlines[t.ordinal()];
    }

    // ------------------------------------------------------------------ trace

    /** Counts a retransmission of sequence space {@code [seq, seq + len)} and traces its cause. */
    void retransmitted(int seq, int len, String cause) {
        retransmittedSegments++;
        env.counted(state, state, true);
        if (env.traceEnabled()) {
            env.trace(this, TcpEvents.RETRANSMIT, Seq.str(seq), len, cause, cc.cwnd(), ssthreshForTrace());
        }
    }

    /** ssthresh as the trace shows it: -1 while still "arbitrarily high" (RFC 5681 3.1). */
    long ssthreshForTrace() {
        return cc.ssthresh() == Integer.MAX_VALUE ? -1 : cc.ssthresh();
    }
}
