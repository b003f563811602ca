package dev.minternet.transport.tcp;

import static dev.minternet.wire.TcpPacket.ACK;
import static dev.minternet.wire.TcpPacket.RST;
import static dev.minternet.wire.TcpPacket.SYN;

import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpRepr;

/**
 * The three-way handshake of one connection (RFC 9293 3.5; gVisor's {@code connect.go}): the
 * active open, segments arriving in LISTEN and SYN-SENT, the ACK that completes SYN-RECEIVED, the
 * SYN and SYN,ACK segments with the options they offer, the adoption of the peer's options (RFC
 * 7323, RFC 2018) and the retransmission of an unanswered SYN or SYN,ACK.
 */
final class Handshake {
    private final TcpConnection c;
    /** A SYN or SYN,ACK had to be sent again: RFC 6298 5.7 applies once established. */
    private boolean synRetransmitted;

    Handshake(TcpConnection c) {
        this.c = c;
    }

    /** Active OPEN (RFC 9293 3.10.1): send SYN, enter SYN-SENT. */
    void activeOpen() {
        sendFirstSyn(TcpState.SYN_SENT);
    }

    /**
     * Sends our SYN (SYN-SENT) or SYN,ACK (SYN-RECEIVED) for the first time: it occupies ISS, so
     * SND.UNA = ISS and SND.NXT = ISS + 1; it is timed for the first RTT sample and retransmitted
     * until acknowledged.
     */
    private void sendFirstSyn(TcpState next) {
        Sender snd = c.snd;
        snd.una = c.iss;
        snd.nxt = c.iss + 1;
        snd.startRtt(c.iss);
        c.setState(next);
        sendOurSyn();
        c.arm(TcpTimer.RETRANSMIT, c.env.now() + c.rto.rto());
    }

    /** The SYN of SYN-SENT or the SYN,ACK of SYN-RECEIVED. */
    private void sendOurSyn() {
        if (c.state == TcpState.SYN_SENT) {
            sendSyn();
        } else {
            sendSynAck();
        }
    }

    /** RFC 9293 3.10.7.2, LISTEN. */
    void onSegmentInListen(TcpRepr seg) {
        if (seg.rst()) {
            return; // "An incoming RST segment could not be valid ... it should be ignored."
        }
        if (seg.ackFlag()) {
            // "Any acknowledgment is bad if it arrives on a connection still in the LISTEN state."
            c.snd.sendControl(seg.ack(), 0, RST);
            return;
        }
        if (!seg.syn()) {
            return; // "Any other control or text-bearing segment ... drop it and return."
        }
        Sender snd = c.snd;
        c.irs = seg.seq();
        c.rcv.nxt = c.irs + 1;
        negotiate(seg.options());
        // RFC 7323 2.2: the window field of a SYN is never scaled.
        snd.wnd = seg.window();
        snd.maxWnd = snd.wnd;
        snd.wl1 = seg.seq();
        snd.wl2 = c.iss;
        sendFirstSyn(TcpState.SYN_RECEIVED);
    }

    /**
     * A connection rebuilt from a valid SYN cookie (Linux cookie_v4_check, tcp_get_cookie_sock):
     * SYN-RECEIVED as if our SYN,ACK with ISS had been sent, with the options the cookie and its
     * timestamp carried; the ACK that returned the cookie is then processed as in SYN-RECEIVED.
     *
     * @param peerWscale the client's window scale, -1 when none (or no timestamps carried it)
     */
    void restoreFromCookie(int clientIsn, int peerMss, int peerWscale, boolean sack, boolean ts, int tsRecent) {
        c.passive = true;
        c.irs = clientIsn;
        c.rcv.nxt = c.irs + 1;
        c.snd.una = c.iss;
        c.snd.nxt = c.iss + 1;
        TcpOptions o = new TcpOptions(peerMss, peerWscale, sack, null, ts, tsRecent, 0);
        negotiate(o);
        c.snd.wl1 = clientIsn;
        c.snd.wl2 = c.iss;
        c.setState(TcpState.SYN_RECEIVED);
    }

    /** RFC 9293 3.10.7.3, SYN-SENT. */
    void onSegmentInSynSent(TcpRepr seg) {
        Sender snd = c.snd;
        boolean ackOk = false;
        if (seg.ackFlag()) {
            // "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set)."
            if (Seq.le(seg.ack(), c.iss) || Seq.gt(seg.ack(), snd.nxt)) {
                if (!seg.rst()) {
                    snd.sendControl(seg.ack(), 0, RST);
                }
                return;
            }
            ackOk = Seq.lt(snd.una, seg.ack());
        }
        if (seg.rst()) {
            // RFC 5961 3.2 for SYN-SENT: a RST is valid only if it acknowledges our SYN.
            if (ackOk) {
                c.enterClosed(TcpError.REFUSED);
            }
            return;
        }
        if (!seg.syn()) {
            return; // "If neither of the SYN or RST bits is set, then drop the segment."
        }
        c.irs = seg.seq();
        c.rcv.nxt = c.irs + 1;
        negotiate(seg.options());
        if (ackOk) {
            // Our SYN is acknowledged: ESTABLISHED, and "form an ACK segment and send it".
            snd.takeRttSample(seg, seg.ack(), c.env.now());
            snd.ackAdvances(seg.ack());
            snd.wnd = seg.window(); // never scaled in a SYN (RFC 7323 2.2)
            snd.maxWnd = snd.wnd;
            snd.wl1 = seg.seq();
            snd.wl2 = seg.ack();
            c.disarm(TcpTimer.RETRANSMIT);
            c.retries = 0;
            establish();
            snd.sendAck();
            snd.output();
        } else {
            // Simultaneous open: "enter SYN-RECEIVED, form a SYN,ACK segment and send it".
            snd.wnd = seg.window();
            snd.maxWnd = snd.wnd;
            snd.wl1 = seg.seq();
            snd.wl2 = snd.una;
            c.setState(TcpState.SYN_RECEIVED);
            sendSynAck();
            c.arm(TcpTimer.RETRANSMIT, c.env.now() + c.rto.rto());
        }
    }

    /**
     * RFC 9293 3.10.7.4, fifth check in SYN-RECEIVED: an ACK of our SYN establishes the
     * connection; any other ACK is answered with a reset. Returns whether processing continues.
     */
    boolean onAckInSynReceived(TcpRepr seg) {
        Sender snd = c.snd;
        if (Seq.lt(snd.una, seg.ack()) && Seq.le(seg.ack(), snd.nxt)) {
            // "enter ESTABLISHED state and continue processing with the variables below set to:
            // SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK"
            snd.takeRttSample(seg, seg.ack(), c.env.now());
            snd.ackAdvances(seg.ack());
            snd.wnd = seg.window() << c.sndScale;
            snd.maxWnd = Math.max(snd.maxWnd, snd.wnd);
            snd.wl1 = seg.seq();
            snd.wl2 = seg.ack();
            c.disarm(TcpTimer.RETRANSMIT);
            c.retries = 0;
            establish();
            return true;
        }
        snd.sendControl(seg.ack(), 0, RST); // "<SEQ=SEG.ACK><CTL=RST>"
        return false;
    }

    /** RFC 6298 5.4-5.7 for the handshake: retransmit the SYN or SYN,ACK, or give up. */
    void onRetransmitTimeout() {
        long now = c.env.now();
        if (c.state == TcpState.SYN_SENT) {
            if (c.retries >= c.cfg.synRetries()) {
                c.enterClosed(TcpError.TIMED_OUT);
                return;
            }
        } else if (c.retries >= c.cfg.synAckRetries()) {
            c.enterClosed(c.passive ? null : TcpError.TIMED_OUT);
            return;
        }
        c.retries++;
        c.rto.backOff();
        synRetransmitted = true;
        c.snd.rttTiming = false;
        c.retransmitted(c.iss, 0, "rto");
        sendOurSyn();
        c.arm(TcpTimer.RETRANSMIT, now + c.rto.rto());
    }

    private void establish() {
        // The SYN backoff does not carry into data transfer; RFC 6298 5.7 restarts at 3 s instead
        // when the SYN had to be retransmitted and no RTT sample exists.
        c.rto.resetBackoff();
        if (synRetransmitted) {
            c.rto.synRetransmitted();
        }
        c.setState(TcpState.ESTABLISHED);
        if (c.passive) {
            c.events.post(AppEvents.ACCEPT);
        }
        c.events.post(AppEvents.CONNECTED);
        if (c.snd.finQueued) {
            c.setState(TcpState.FIN_WAIT_1); // a CLOSE issued in SYN-RECEIVED (RFC 9293 3.10.4)
        }
    }

    private void sendSyn() {
        TcpConfig cfg = c.cfg;
        TcpOptions o = new TcpOptions(c.advMss, cfg.windowScaling() ? c.ourScale : -1, cfg.sack(), null,
                cfg.timestamps(), c.tsNow(), 0);
        c.snd.emit(TcpRepr.control(c.localPort, c.remotePort, c.iss, 0, SYN, synWindow(), o), 0);
    }

    void sendSynAck() {
        TcpOptions o = new TcpOptions(c.advMss, c.wsOk ? c.ourScale : -1, c.sackOk, null, c.tsOk, c.tsNow(), c.tsRecent);
        c.snd.emit(TcpRepr.control(c.localPort, c.remotePort, c.iss, c.rcv.nxt, SYN | ACK,
                synWindow(), o), 0);
    }

    /**
     * The window our SYN or SYN,ACK offers, as Linux's tcp_select_initial_window: the buffer's
     * window up to 65535, rounded down to whole segments: 64240 (44 x 1460) in a SYN, 65160
     * (45 x 1448) in a SYN,ACK answering a SYN with timestamps, with the default buffers.
     */
    int synWindow() {
        int space = Math.min(c.rcv.buf.capacity(), 0xffff);
        int mss = c.advMss - (c.passive && c.tsOk ? 12 : 0);
        return space > mss ? space / mss * mss : space;
    }

    /** Adopts the options of the peer's SYN (RFC 9293 3.7.1, RFC 7323 2.2 and 3.2, RFC 2018 2). */
    private void negotiate(TcpOptions o) {
        TcpConfig cfg = c.cfg;
        int peerMss = o.mss() != 0 ? o.mss() : TcpConfig.DEFAULT_MSS;
        c.wsOk = cfg.windowScaling() && o.windowScale() >= 0;
        c.sndScale = c.wsOk ? o.windowScale() : 0;

        c.sackOk = cfg.sack() && o.sackPermitted();
        c.tsOk = cfg.timestamps() && o.timestamp();
        if (c.tsOk) {
            c.tsRecent = o.tsVal();
        }
        c.sndMssBase = Math.min(peerMss, c.advMss);
        c.smss = c.sndMssBase - (c.tsOk ? 12 : 0);
        c.cc.init(c.smss);
        c.lastAckSent = c.rcv.nxt;
        // Our SYN or SYN,ACK offers an unscaled window (RFC 7323 2.2).
        c.rcv.window.start(c.rcv.nxt, c.wsOk ? c.ourScale : 0, synWindow());
        c.rcv.autotuning.start(c.env.now(), c.rcv.buf.readOffset());
        if (c.env.traceEnabled()) {
            c.env.trace(c, TcpEvents.OPTIONS, c.smss, peerMss, c.sndScale, c.rcv.window.scale(), c.sackOk, c.tsOk,
                    cfg.congestionControl().lower());
        }
    }
}
