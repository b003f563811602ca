package dev.minternet.transport.tcp;

import dev.minternet.sim.Durations;
import dev.minternet.transport.tcp.TcpConnection.Recovery;

/**
 * Loss detection and recovery of one connection (gVisor's {@code sack_recovery.go} and the
 * retransmit parts of {@code snd.go}), in three modes, Linux's "CA states" simplified:
 * <ul>
 * <li>OPEN: no loss known. Duplicate ACKs are counted (RFC 5681 2), allow limited transmit (RFC
 * 3042) and, at DupThresh or when SACK marks data lost (RFC 6675 IsLost), start fast retransmit.</li>
 * <li>RECOVERY, entered by fast retransmit: with SACK, RFC 6675's pipe and NextSeg() choose what
 * to send and PRR (RFC 6937) how much per ACK; without SACK, NewReno (RFC 6582) inflates cwnd per
 * duplicate ACK and retransmits at each partial ACK.</li>
 * <li>LOSS, entered by the retransmission timer (RFC 6298 5.4-5.7, RFC 5681 3.1): every unSACKed
 * segment below the point of the timeout is resent in slow start.</li>
 * </ul>
 * The congestion control algorithm ({@link CongestionControl}) decides cwnd and ssthresh; this
 * class decides which segments go again, and sends them through the {@link Sender}.
 *
 * <p>With SACK and Linux's defaults ({@code tcp_recovery=1}, {@code tcp_early_retrans=3}) losses
 * are found as Linux 6.x finds them, by RACK-TLP (RFC 8985, {@link Rack}): a segment is lost when
 * one sent after it was delivered and a reordering window has passed (tcp_rack_mark_lost); in
 * RECOVERY and LOSS exactly the segments marked lost are resent (tcp_xmit_retransmit_queue), and
 * a lost retransmission is found again without a timeout. The retransmission timer is shared, as
 * Linux's icsk_retransmit_timer is, by the RTO, the tail loss probe (tcp_schedule_loss_probe,
 * tcp_send_loss_probe) and RACK's reordering timer (tcp_rack_reo_timeout). With
 * {@code tcp_recovery=0} losses are found by RFC 6675's DupThresh rule instead.
 */
final class LossRecovery {
    private final TcpConnection c;
    private final Sender snd;
    private final TcpEnv env;
    private final CongestionControl cc;
    private final RtoEstimator rto;

    Recovery mode = Recovery.OPEN;
    /** RFC 6582 "recover" + 1 / RFC 6675 RecoveryPoint: SND.NXT when the episode began. */
    private int recoverSeq;
    /** In LOSS: SND.NXT at the timeout; everything unSACKed below it is deemed lost. */
    private int lossEnd;
    /** RFC 6675 HighRxt: the highest sequence number retransmitted, plus one. */
    private int highRxt;
    /** RFC 6675 RescueRxt. */
    private int rescueRxt;
    private int dupAcks;
    private final SackScoreboard scoreboard = new SackScoreboard();
    private final Prr prr = new Prr();
    /** The latest ACK's DeliveredData and whether it advanced SND.UNA. */
    private int ackDelivered;
    private boolean ackAdvanced;
    /** RACK's count of segments marked lost when the latest ACK arrived (Linux's tp->lost before tcp_ack). */
    private long lostAtAck;
    final Rack rack;

    /** What the retransmission timer is armed for (Linux icsk_pending). */
    enum XmitTimer { RTO, TLP, REO }

    XmitTimer pending = XmitTimer.RTO;
    /** Linux tlp_high_seq: SND.NXT when the tail loss probe went, while its outcome is open. */
    private boolean tlpOpen;
    private int tlpHighSeq;
    /** Linux tlp_retrans: the probe resent the last segment (rather than new data). */
    private boolean tlpRetrans;
    long tlpProbes;
    long tlpRecoveries;

    long fastRecoveries;
    long timeouts;
    private int lastTracedCwnd = -1;
    private int lastTracedSsthresh = -1;

    LossRecovery(TcpConnection c) {
        this.c = c;
        this.snd = c.snd;
        this.env = c.env;
        this.cc = c.cc;
        this.rto = c.rto;
        this.recoverSeq = c.iss;
        this.rack = new Rack(c.iss);
    }

    /** RACK loss detection (RFC 8985) is on: SACK was negotiated and tcp_recovery has bit 0. */
    boolean rackOn() {
        return c.sackOk && c.cfg.rack();
    }

    // ------------------------------------------------------------------ ACK input (from Sender.processAck)

    /** Bytes the receiver SACKed above SND.UNA (0 without SACK). */
    int sackedBytes() {
        return c.sackOk ? scoreboard.sackedBytes() : 0;
    }

    /** Records an ACK's SACK blocks; returns whether they SACKed new data. */
    boolean onSackBlocks(int[] blocks) {
        if (c.sackOk && blocks.length > 0) {
            return scoreboard.update(snd.una, snd.nxt, blocks);
        }
        return false;
    }

    /** SND.UNA advanced to {@code ack}: the duplicate count restarts, SACK state below it goes. */
    void onCumulativeAck(int ack) {
        dupAcks = 0;
        if (c.sackOk) {
            scoreboard.prune(ack);
        }
    }

    /**
     * RFC 6937: DeliveredData = change_in(snd.una) + change_in(SACKd), which PRR paces by. An ACK
     * that starts recovery counts too (Linux tcp_cwnd_reduction runs after tcp_enter_recovery).
     */
    void onDelivered(int acked, int sackedBefore) {
        int delivered = acked + (c.sackOk ? scoreboard.sackedBytes() - sackedBefore : 0);
        ackDelivered = delivered;
        ackAdvanced = acked > 0;
        if (mode == Recovery.RECOVERY && c.sackOk && delivered > 0) {
            prr.onDelivered(delivered, ackAdvanced);
        }
    }

    /** {@code acked} bytes of new data were cumulatively acknowledged. */
    void onNewAck(int acked, long now) {
        switch (mode) {
            case OPEN -> {
                cc.onAck(now, acked, rto.srtt(), snd.cwndLimited, snd.una, snd.nxt, snd.ackRtt);
            }
            case RECOVERY -> {
                if (Seq.ge(snd.una, recoverSeq)) {
                    // RFC 6582 3.2 step 3 / RFC 6675 5: a full acknowledgment ends recovery;
                    // with PRR (RFC 6937) "on exiting recovery: cwnd = ssthresh".
                    mode = Recovery.OPEN;
                    rack.onRecoveryEnd();
                    if (c.sackOk) {
                        cc.setCwnd(cc.ssthresh());
                    } else {
                        cc.onRecoveryExit(now, snd.nxt - snd.una);
                    }
                } else if (!c.sackOk) {
                    // RFC 6582 3.2 step 4, partial acknowledgment: retransmit the first unacknowledged
                    // segment and deflate cwnd by the amount acknowledged, adding back one SMSS.
                    retransmit(snd.una, "fast");
                    int w = cc.cwnd() - acked + (acked >= c.smss ? c.smss : 0);
                    cc.setCwnd(w);
                }
            }
            case LOSS -> {
                cc.onAck(now, acked, rto.srtt(), true);
                if (Seq.ge(snd.una, recoverSeq)) {
                    mode = Recovery.OPEN;
                }
                if (Seq.lt(highRxt, snd.una)) {
                    highRxt = snd.una;
                }
            }
        }
        traceCwnd();
    }

    /**
     * An ACK that did not advance SND.UNA: a duplicate ACK ({@code dup}: RFC 5681 2, or with SACK,
     * RFC 6675 2, one that SACKs new data), or new SACK information that changes pipe.
     */
    void onAckWithoutProgress(boolean dup, boolean sackGrew, long now) {
        if (dup) {
            dupAcks++;
            onDupAck(now);
        } else if (sackGrew && mode != Recovery.OPEN) {
            // New SACK information during recovery changes pipe; the output that follows uses it.
            dupAcks++;
        }
    }

    private void onDupAck(long now) {
        switch (mode) {
            case OPEN -> {
                if (rackOn()) {
                    return; // Linux tcp_time_to_recover with RACK: only a RACK-marked loss starts recovery
                }
                boolean lost = dupAcks >= TcpConfig.DUP_THRESH
                        || (c.sackOk && Seq.gt(scoreboard.lossBoundary(snd.una, c.smss, TcpConfig.DUP_THRESH), snd.una));
                // RFC 6582 3.2 step 2: no new recovery unless the ACK covers more than "recover"
                // (the highest sequence number sent when the last one began: recoverSeq - 1).
                if (lost && Seq.ge(snd.una, recoverSeq)) {
                    enterRecovery(now, true);
                }
            }
            case RECOVERY -> {
                if (!c.sackOk) {
                    cc.setCwnd(cc.cwnd() + c.smss); // RFC 6582 3.2 step 3: inflate by one SMSS
                }
            }
            case LOSS -> {
            }
        }
    }

    /** RFC 6675 5 steps (4.1)-(4.3) / RFC 6582 3.2 step 2: fast retransmit starts recovery. */
    private void enterRecovery(long now, boolean onAck) {
        fastRecoveries++;
        mode = Recovery.RECOVERY;
        recoverSeq = snd.nxt;
        highRxt = snd.una;
        tlpOpen = false; // Linux tcp_init_cwnd_reduction
        cc.stopHyStart();
        int priorCwnd = cc.cwnd();
        cc.onCongestionEvent(now);
        prr.start(priorCwnd);
        if (onAck && c.sackOk && ackDelivered > 0) {
            prr.onDelivered(ackDelivered, ackAdvanced);
        }
        if (rackOn()) {
            // Linux tcp_enter_recovery, then tcp_xmit_retransmit_queue: the first segment RACK marked lost.
            Rack.Seg g = rack.firstToRetransmit();
            if (g != null) {
                retransmitSeg(g, "fast");
            }
            traceCwnd();
            return;
        }
        retransmit(snd.una, "fast");
        // RFC 6675 (4.3): "set both HighRxt and RescueRxt to the highest sequence number in the
        // retransmitted segment", so no rescue happens before a partial ACK passes it.
        rescueRxt = highRxt;
        if (!c.sackOk) {
            cc.setCwnd(cc.ssthresh() + 3 * c.smss);
        }
        traceCwnd();
    }

    // ------------------------------------------------------------------ timeouts

    /**
     * RFC 6298 5.4-5.7 and RFC 5681 3.1, in a synchronized state with data outstanding: the
     * retransmission timer expired (the connection counted the retry and checked R2).
     */
    void onRetransmitTimeout() {
        long now = env.now();
        timeouts++;
        // RFC 5681 eq. 4 applies once per loss episode: not again on a backed-off timer, nor
        // (like Linux tcp_enter_loss) when fast recovery already lowered ssthresh for it.
        boolean first = rto.backoffCount() == 0 && mode != Recovery.RECOVERY;
        cc.stopHyStart();
        cc.onRetransmitTimeout(now, first);
        cc.onLossState(now, snd.nxt);
        mode = Recovery.LOSS;
        recoverSeq = snd.nxt;
        lossEnd = snd.nxt;
        highRxt = snd.una;
        dupAcks = 0;
        tlpOpen = false; // Linux tcp_retransmit_timer
        if (c.sackOk) {
            rack.onTimeout(now, rackOn()); // Linux tcp_timeout_mark_lost
        }
        snd.rttTiming = false;
        rto.backOff();
        if (env.traceEnabled()) {
            env.trace(c, TcpEvents.RTO, rto.rto() / (double) Durations.MS, rto.backoffCount(), Seq.str(snd.una));
        }
        traceCwnd();
        c.arm(TcpTimer.RETRANSMIT, now + rto.rto());
        snd.output();
    }

    /** RFC 1191 6.4: a smaller path MTU; what was sent with the old size is resent as after a timeout. */
    void onPathMtuReduced() {
        highRxt = snd.una;
        if (c.sackOk) {
            rack.onTimeout(env.now(), false);
        }
        if (mode == Recovery.OPEN) {
            mode = Recovery.LOSS;
            recoverSeq = snd.nxt;
            lossEnd = snd.nxt;
        }
    }

    // ------------------------------------------------------------------ output (from Sender.output)

    /** Whether {@link #output} picks what to send: RECOVERY with SACK, and LOSS. */
    boolean pipeMode() {
        return mode == Recovery.LOSS || (mode == Recovery.RECOVERY && c.sackOk);
    }

    /** RFC 3042 limited transmit: the segments the first DupThresh - 1 duplicate ACKs add to cwnd. */
    int limitedTransmitSegments() {
        return mode == Recovery.OPEN && dupAcks > 0 && dupAcks < TcpConfig.DUP_THRESH ? dupAcks : 0;
    }

    /** RFC 6937: "On any data transmission or retransmission: prr_out += (data sent)". */
    void onSent(int bytes) {
        if (mode == Recovery.RECOVERY) {
            prr.onSent(bytes);
        }
    }

    /** RFC 6675 IsLost() boundary: unSACKed data below it is deemed lost. */
    private int lostBelow() {
        int b = snd.una;
        if (c.sackOk) {
            b = scoreboard.lossBoundary(snd.una, c.smss, TcpConfig.DUP_THRESH);
        }
        if (mode == Recovery.LOSS) {
            b = Seq.max(b, lossEnd);
        }
        return b;
    }

    /**
     * RFC 6675 5 (C): while the rule allows, send the segment NextSeg() names. In RECOVERY the
     * amount per ACK is PRR's sndcnt (RFC 6937); in LOSS, pipe &lt; cwnd (slow start).
     */
    void output() {
        if (rackOn()) {
            outputRack();
            return;
        }
        int smss = c.smss;
        int lost = lostBelow();
        int pipe = scoreboard.pipe(snd.una, snd.nxt, lost, highRxt);
        boolean proportional = mode == Recovery.RECOVERY;
        long sndcnt = proportional ? prr.quota(pipe, cc.ssthresh(), smss, false) : 0;
        for (int guard = 0; guard < 100_000; guard++) {
            int room = room(proportional, sndcnt, pipe, smss);
            if (room < 0) {
                break;
            }
            // NextSeg (1): the lowest lost, unSACKed, not yet retransmitted segment.
            int s = scoreboard.holeAt(Seq.max(highRxt, snd.una));
            if (Seq.lt(s, lost) && Seq.lt(s, snd.nxt)) {
                int n = retransmitHole(s, mode == Recovery.LOSS ? "rto" : "sack");
                highRxt = s + n;
                pipe += n;
                sndcnt -= n;
                continue;
            }
            // NextSeg (2): new data.
            int n = snd.sendNewData(room, false);
            if (n > 0) {
                pipe += n;
                sndcnt -= n;
                continue;
            }
            snd.cwndLimited |= snd.blockedByCwnd;
            if (mode == Recovery.RECOVERY) {
                // NextSeg (3): unSACKed data below the highest SACKed byte.
                int high = scoreboard.highestSacked(snd.una);
                if (Seq.lt(s, high) && Seq.lt(s, snd.nxt)) {
                    int m = retransmitHole(s, "sack");
                    highRxt = s + m;
                    pipe += m;
                    sndcnt -= m;
                    continue;
                }
                // NextSeg (4): "If HighACK is greater than RescueRxt", one rescue retransmission
                // of the highest unSACKed data; RescueRxt becomes RecoveryPoint.
                if (Seq.gt(snd.una, rescueRxt)) {
                    int last = Seq.max(snd.una, snd.nxt - smss);
                    int hs = scoreboard.holeAt(last);
                    if (Seq.lt(hs, snd.nxt)) {
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
    }

    /** Retransmits from {@code seq} up to one SMSS, stopping at the next SACKed block. */
    private int retransmitHole(int seq, String cause) {
        int end = scoreboard.holeEnd(seq, snd.nxt);
        int n = Math.min(end - seq, snd.maxPayload() + (snd.finAt(seq, end) ? 1 : 0));
        return snd.retransmitRange(seq, n, cause);
    }

    // ------------------------------------------------------------------ RACK-TLP (RFC 8985)

    /** The figures of Linux's tcp_info that ss -i prints; lost and SACKed in segments of {@code mss}. */
    LossInfo lossInfo(int mss, long rcvOooPack) {
        int m = Math.max(1, mss);
        return new LossInfo((rack.lostOut + m - 1) / m, (rack.sackedOut + m - 1) / m, rack.dsackDups, rack.reordering,
                rack.reordSeen, rcvOooPack, tlpProbes, tlpRecoveries);
    }

    /** A segment of {@code len} sequence numbers at {@code seq} was (re)sent now. */
    void onTransmit(int seq, int len, boolean retransmission) {
        if (c.sackOk) {
            rack.onSent(seq, len, env.now(), retransmission);
        }
    }

    /** An acceptable ACK arrived (before SND.UNA moves): RACK's SACK and cumulative bookkeeping. */
    void onAckArrived(int ack, int[] blocks, long now) {
        lostAtAck = rack.lostTotal;
        if (c.sackOk) {
            int una = Seq.gt(ack, snd.una) ? ack : snd.una;
            rack.onAck(una, snd.una, blocks, now, rto.minRtt(), c.smss, snd.maxWnd, c.retransmittedSegments(),
                    tlpOpen ? tlpHighSeq : 0);
        }
    }

    /**
     * After an ACK (Linux tcp_ack: tcp_fastretrans_alert's tcp_identify_packet_loss, then
     * tcp_process_tlp_ack): RACK marks what is lost, recovery starts when something is, and the
     * outcome of an open tail loss probe is settled.
     */
    void afterAck(int acked, boolean sackGrew, long now) {
        if (!c.sackOk) {
            return;
        }
        if (rackOn()) {
            rack.updateReoWnd((c.cfg.recovery() & TcpConfig.RECOVERY_STATIC_REO_WND) != 0);
            if (rack.advanced()) {
                markLost(now, true);
            }
            if (mode == Recovery.OPEN && rack.lostOut > 0) {
                enterRecovery(now, true); // Linux tcp_time_to_recover: "the loss is proven"
            }
        }
        if (tlpOpen) {
            processTlpAck(acked, sackGrew, now);
        }
    }

    /** Linux tcp_rack_mark_lost / tcp_rack_detect_loss; arms the reordering timer for what may still expire. */
    private void markLost(long now, boolean arm) {
        boolean noDupThresh = (c.cfg.recovery() & TcpConfig.RECOVERY_NO_DUPTHRESH) != 0;
        long reo = rack.reoWnd(mode != Recovery.OPEN, c.smss, noDupThresh, rto.minRtt(), rto.srtt());
        long wait = rack.detectLoss(now, reo, this::traceLost);
        if (wait > 0 && arm) {
            // timeout = usecs_to_jiffies(timeout) + TCP_TIMEOUT_MIN (2 jiffies at HZ = 1000)
            armXmit(XmitTimer.REO, now + Rack.ceilMs(wait) + 2 * Durations.MS);
        }
    }

    private void traceLost(Rack.Seg g) {
        if (env.traceEnabled()) {
            env.trace(c, TcpEvents.RACK_LOST, Seq.str(rack.seqOf(g.start)), g.len(),
                    (env.now() - g.xmit) / (double) Durations.MS);
        }
    }

    /** Linux tcp_rack_reo_timeout: the reordering window passed; mark, recover, resend. */
    private void onReoTimeout(long now) {
        int before = rack.inFlight(snd.una, snd.nxt);
        markLost(now, false);
        if (before != rack.inFlight(snd.una, snd.nxt)) {
            if (mode == Recovery.OPEN) {
                enterRecovery(now, false);
            }
            snd.output();
        }
        if (pending != XmitTimer.RTO || c.deadline(TcpTimer.RETRANSMIT) == Long.MAX_VALUE) {
            rearmRto(now);
        }
    }

    /**
     * The retransmission timer expired armed for a tail loss probe or RACK's reordering timer
     * (Linux tcp_write_timer_handler): handles it and returns true; false for an RTO.
     */
    boolean onProbeTimer() {
        XmitTimer kind = pending;
        pending = XmitTimer.RTO;
        long now = env.now();
        switch (kind) {
            case TLP -> onLossProbe(now);
            case REO -> onReoTimeout(now);
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * Linux tcp_send_loss_probe (RFC 8985 7.3): one probe per episode, new data if the peer's
     * window takes it (cwnd ignored), else the last segment again; then the RTO runs from now.
     */
    private void onLossProbe(long now) {
        if (tlpOpen) {
            rearmRto(now);
            return;
        }
        tlpRetrans = false;
        int highBefore = snd.nxt;
        int n = snd.sendNewData(Integer.MAX_VALUE, true);
        int seq = highBefore;
        if (n == 0) {
            Rack.Seg g = rack.lastUnsacked();
            if (g == null) {
                rearmRto(now);
                return;
            }
            seq = rack.seqOf(g.start);
            n = retransmitSeg(g, "tlp");
            tlpRetrans = true;
        }
        tlpOpen = true;
        tlpHighSeq = snd.nxt;
        tlpProbes++;
        if (env.traceEnabled()) {
            env.trace(c, TcpEvents.TLP, Seq.str(seq), n, tlpRetrans ? "last" : "new", rto.srtt() / (double) Durations.MS);
        }
        armXmit(XmitTimer.RTO, now + rto.rto());
    }

    /** Linux tcp_process_tlp_ack: a probe that repaired a loss reduces cwnd once (CWR). */
    private void processTlpAck(int acked, boolean sackGrew, long now) {
        if (Seq.lt(snd.una, tlpHighSeq)) {
            return;
        }
        if (!tlpRetrans || rack.dsackTlp) {
            tlpOpen = false; // new data was the probe, or the DSACK says both copies arrived
        } else if (Seq.gt(snd.una, tlpHighSeq)) {
            tlpOpen = false;
            tlpRecoveries++;
            cc.stopHyStart();
            cc.onCongestionEvent(now);
            cc.setCwnd(cc.ssthresh());
            traceCwnd();
        } else if (acked == 0 && !sackGrew && !rack.dsackOnLastAck) {
            tlpOpen = false; // a pure duplicate ACK: original and probe both arrived
        }
    }

    /**
     * Linux tcp_schedule_loss_probe (RFC 8985 7.2): in OPEN, with SACK and data outstanding, the
     * probe timeout is 2 SRTT, plus tcp_rto_min (200 ms, the delayed ACK allowance) when one segment
     * is out, else plus 2 ms; 1 s before any RTT sample; never later than the RTO would fire.
     */
    boolean scheduleLossProbe(boolean advancingRto, long now) {
        if (!c.sackOk || !c.cfg.tlp() || snd.una == snd.nxt || mode != Recovery.OPEN) {
            return false;
        }
        long timeout = RtoEstimator.INITIAL_RTO;
        if (rto.hasSample()) {
            timeout = Rack.ceilMs(2 * rto.srtt() + (rack.segments() == 1 ? RtoEstimator.MIN_RTO : 2 * Durations.MS));
        }
        long head = rack.headXmit();
        long rtoDelta = advancingRto ? rto.rto() : head >= 0 ? head + rto.rto() - now : 0;
        if (rtoDelta > 0) {
            timeout = Math.min(timeout, Rack.ceilMs(rtoDelta));
        }
        armXmit(XmitTimer.TLP, now + timeout);
        return true;
    }

    /** Linux tcp_set_xmit_timer, after an ACK of new data: the probe if it applies, else the RTO. */
    void setXmitTimer(long now) {
        if (!scheduleLossProbe(true, now)) {
            c.arm(TcpTimer.RETRANSMIT, now + rto.rto());
        }
    }

    /** Linux tcp_rearm_rto from a probe or reordering timer: the RTO counted from the first segment's transmission. */
    private void rearmRto(long now) {
        if (snd.una == snd.nxt) {
            c.disarm(TcpTimer.RETRANSMIT);
            return;
        }
        long head = rack.headXmit();
        long at = head >= 0 ? head + rto.rto() : now + rto.rto();
        c.arm(TcpTimer.RETRANSMIT, Math.max(at, now + Durations.MS));
    }

    private void armXmit(XmitTimer kind, long deadline) {
        c.arm(TcpTimer.RETRANSMIT, deadline);
        pending = kind;
    }

    /**
     * What this ACK may send: in RECOVERY PRR's quota (RFC 6937: a partial quota rounds up to a
     * segment), otherwise the room under cwnd; -1 when nothing (and then, outside RECOVERY, the
     * sender was cwnd-limited).
     */
    private int room(boolean proportional, long sndcnt, int pipe, int smss) {
        if (proportional) {
            return sndcnt <= 0 ? -1 : smss;
        }
        int room = cc.cwnd() - pipe;
        if (room < smss && !(room > 0 && pipe == 0)) {
            snd.cwndLimited = true;
            return -1;
        }
        return room;
    }

    /**
     * RACK's output in RECOVERY (PRR's sndcnt per ACK, RFC 6937) and LOSS (pipe &lt; cwnd): the
     * segments marked lost first, lowest first (Linux tcp_xmit_retransmit_queue), then new data.
     */
    private void outputRack() {
        int smss = c.smss;
        int pipe = rack.inFlight(snd.una, snd.nxt);
        boolean proportional = mode == Recovery.RECOVERY;
        long sndcnt = proportional ? prr.quota(pipe, cc.ssthresh(), smss, rack.lostTotal != lostAtAck) : 0;
        for (int guard = 0; guard < 100_000; guard++) {
            int room = room(proportional, sndcnt, pipe, smss);
            if (room < 0) {
                break;
            }
            Rack.Seg g = rack.firstToRetransmit();
            int n = g != null ? retransmitSeg(g, mode == Recovery.LOSS ? "rto" : "sack") : snd.sendNewData(room, false);
            if (n > 0) {
                pipe += n;
                sndcnt -= n;
                continue;
            }
            snd.cwndLimited |= snd.blockedByCwnd;
            break;
        }
    }

    /** Resends (up to one segment of) {@code g}; returns the sequence space used. */
    private int retransmitSeg(Rack.Seg g, String cause) {
        int seq = rack.seqOf(g.start);
        int n = Math.min(g.len(), snd.maxPayload() + (snd.finAt(seq, seq + g.len()) ? 1 : 0));
        int used = snd.retransmitRange(seq, n, cause);
        if (Seq.gt(seq + used, highRxt)) {
            highRxt = seq + used;
        }
        return used;
    }

    /** Retransmits the segment starting at {@code seq} (fast retransmit, partial ACK). */
    private void retransmit(int seq, String cause) {
        int end = c.sackOk ? scoreboard.holeEnd(seq, snd.nxt) : snd.nxt;
        int n = Math.min(end - seq, snd.maxPayload() + (snd.finAt(seq, end) ? 1 : 0));
        if (n > 0) {
            int used = snd.retransmitRange(seq, n, cause);
            if (Seq.gt(seq + used, highRxt)) {
                highRxt = seq + used;
            }
        }
    }

    /**
     * A cwnd event when the window or the threshold changed. The last values are kept while nobody
     * traces too, so a trace that starts later (after a world's warm-up, in the shell) tells the
     * changes from then on, not the values it had not seen.
     */
    private void traceCwnd() {
        if (cc.cwnd() != lastTracedCwnd || cc.ssthresh() != lastTracedSsthresh) {
            lastTracedCwnd = cc.cwnd();
            lastTracedSsthresh = cc.ssthresh();
            if (env.traceEnabled()) {
                env.trace(c, TcpEvents.CWND, cc.cwnd(), c.ssthreshForTrace(), mode.name().toLowerCase(), snd.bytesAcked);
            }
        }
    }
}
