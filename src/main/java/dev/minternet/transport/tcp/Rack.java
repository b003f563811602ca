package dev.minternet.transport.tcp;

import dev.minternet.sim.Durations;

/**
 * The sender's per-segment record for RACK-TLP (RFC 8985), as Linux 6.x keeps it: the
 * retransmission queue with each segment's last transmission time and its TCPCB bits (SACKed,
 * lost, retransmitted), the time-sorted list RACK walks ({@code tsorted_sent_queue}), the counters
 * {@code sacked_out}, {@code lost_out} and {@code retrans_out}, and RACK's own state
 * ({@code struct tcp_rack}: the most recently sent delivered segment, its RTT, the reordering
 * window in steps of min_rtt/4 widened by DSACKs).
 *
 * <p>The rules follow net/ipv4/tcp_recovery.c ({@code tcp_rack_advance}, {@code tcp_rack_detect_loss},
 * {@code tcp_rack_reo_wnd}, {@code tcp_rack_update_reo_wnd}) and the SACK bookkeeping of
 * tcp_input.c ({@code tcp_sacktag_one}, {@code tcp_clean_rtx_queue}, {@code tcp_check_sack_reordering},
 * {@code tcp_dsack_seen}, {@code tcp_timeout_mark_lost}, {@code tcp_mark_skb_lost}). Counts are in
 * bytes of sequence space where Linux counts packets; {@link LossRecovery} decides what to do with
 * the losses found here.
 *
 * <p>Segments are held by 64-bit positions as in {@link SackScoreboard}: a sequence number
 * {@code s} sits at {@code origin + (s - base)}, {@code base} following SND.UNA.
 */
final class Rack {
    /** Linux TCP_RACK_RECOVERY_THRESH: recoveries a DSACK-widened window persists for. */
    static final int RECOVERY_THRESH = 16;
    /** Linux sysctl_tcp_max_reordering. */
    static final int MAX_REORDERING = 300;

    /** One transmitted segment (Linux's skb in the retransmission queue). */
    static final class Seg {
        long start;
        long end;
        /** The time of its last (re)transmission. */
        long xmit;
        /** TCPCB_RETRANS: retransmitted at least once. */
        boolean everRetrans;
        /** TCPCB_SACKED_RETRANS: a retransmission of it is in flight. */
        boolean rtx;
        boolean sacked;
        boolean lost;
        Seg prev;
        Seg next;
        boolean listed;

        Seg(long start, long end, long xmit) {
            this.start = start;
            this.end = end;
            this.xmit = xmit;
        }

        int len() {
            return (int) (end - start);
        }
    }

    private final SegQueue queue = new SegQueue();
    /** The time-sorted list: segments neither SACKed nor lost-and-not-yet-retransmitted. */
    private Seg head;
    private Seg tail;
    private int base;
    private long origin;

    /** Linux sacked_out, lost_out, retrans_out, in bytes. */
    int sackedOut;
    int lostOut;
    int retransOut;
    /** Linux tp->delivered: segments acknowledged or SACKed so far. */
    long delivered;
    /** Linux tp->lost: segments marked lost so far. */
    long lostTotal;
    long reordSeen;
    /** Linux tp->reordering, in segments (ss prints it when it is not 3). */
    int reordering = TcpConfig.DUP_THRESH;
    long dsackDups;
    /** The highest SACKed position plus one (Linux tcp_highest_sack_seq), or -1. */
    private long fack = -1;

    // struct tcp_rack
    private long mstamp = Long.MIN_VALUE;
    private long rackEnd;
    long rttNs;
    private boolean advanced;
    int reoWndSteps = 1;
    private int reoWndPersist;
    private boolean dsackSeen;
    private long lastDelivered;

    /** Whether the last ACK DSACKed the tail loss probe (Linux FLAG_DSACK_TLP). */
    boolean dsackTlp;
    /** Whether the last ACK carried a DSACK. */
    boolean dsackOnLastAck;

    Rack(int iss) {
        this.base = iss;
    }

    int segments() {
        return queue.size();
    }

    // ------------------------------------------------------------------ transmissions

    /** A segment of {@code len} sequence numbers at {@code seq} left at {@code now}. */
    void onSent(int seq, int len, long now, boolean retransmission) {
        if (len <= 0) {
            return;
        }
        long s = pos(seq);
        long e = s + len;
        Seg last = queue.last();
        if (last == null || s >= last.end) {
            Seg g = new Seg(s, e, now);
            queue.add(g);
            append(g);
            return;
        }
        split(s);
        split(e);
        for (int i = queue.ceiling(s); i < queue.size() && queue.get(i).start < e; i++) {
            Seg g = queue.get(i);
            if (g.sacked) {
                continue;
            }
            g.xmit = now;
            if (retransmission) {
                g.everRetrans = true;
                if (!g.rtx) {
                    g.rtx = true;
                    retransOut += g.len();
                }
            }
            unlink(g);
            append(g);
        }
    }

    // ------------------------------------------------------------------ ACK input

    /**
     * An ACK arrived: its SACK blocks (Linux tcp_sacktag_write_queue, DSACK first) and the
     * cumulative acknowledgment (tcp_clean_rtx_queue). Advances RACK's delivered segment and
     * counts reordering: a never-retransmitted segment delivered below the highest SACKed one.
     */
    void onAck(int una, int oldUna, int[] blocks, long now, long minRtt, int mss, int maxWindow, long totalRetrans,
               int tlpHighSeq) {
        dsackTlp = false;
        dsackOnLastAck = false;
        lastAckt = Long.MIN_VALUE;
        lastSackt = Long.MIN_VALUE;
        retransAcked = false;
        long priorFack = fack >= 0 ? fack : pos(oldUna);
        long priorDelivered = delivered;
        long reord = Long.MAX_VALUE;
        if (blocks != null && blocks.length >= 2) {
            int first = 0;
            boolean dsack = Seq.lt(blocks[0], una)
                    || (blocks.length >= 4 && Seq.le(blocks[1], blocks[3]) && Seq.ge(blocks[0], blocks[2]));
            if (dsack) {
                first = 2;
                dsackSeen(blocks[0], blocks[1], mss, maxWindow, totalRetrans, tlpHighSeq);
            }
            for (int k = first; k + 1 < blocks.length; k += 2) {
                reord = Math.min(reord, sack(blocks[k], blocks[k + 1], oldUna, now, minRtt, priorFack));
            }
        }
        rebase(una);
        long p = pos(una);
        while (!queue.isEmpty()) {
            Seg g = queue.first();
            if (g.start >= p) {
                break;
            }
            if (g.everRetrans) {
                retransAcked = true; // Linux FLAG_RETRANS_DATA_ACKED: no RTT from the cumulative ACK
            } else if (!g.sacked) {
                lastAckt = g.xmit;
            }
            if (g.end > p) {
                trim(g, p);
                break;
            }
            queue.removeFirst();
            if (!g.sacked) {
                delivered++;
                advance(g, now, minRtt);
                if (!g.everRetrans && g.start < priorFack) {
                    reord = Math.min(reord, g.start);
                }
            }
            drop(g);
        }
        if (fack >= 0 && fack <= p) {
            fack = -1;
        }
        if (reord < priorFack) {
            // tcp_check_sack_reordering: "This exciting event is worth to be remembered."
            long metric = priorFack - reord;
            if (mss > 0 && metric > (long) reordering * mss) {
                reordering = (int) Math.min(MAX_REORDERING, (metric + mss - 1) / mss);
            }
            reordSeen++;
        }
        lastPriorDelivered = priorDelivered;
    }

    private long lastPriorDelivered;
    private long lastAckt;
    private long lastSackt;
    private boolean retransAcked;

    /**
     * The last ACK's RTT sample for congestion control in ns, -1 when it has none (Linux's
     * ca_rtt_us in tcp_clean_rtx_queue): from the newest never-retransmitted segment it SACKed,
     * else from the newest it acknowledged cumulatively, unless it also acknowledged a
     * retransmitted one.
     */
    long caRtt(long now) {
        if (lastSackt != Long.MIN_VALUE) {
            return now - lastSackt;
        }
        if (lastAckt != Long.MIN_VALUE && !retransAcked) {
            return now - lastAckt;
        }
        return -1;
    }

    /** Marks {@code [l, r)} SACKed; returns the lowest never-retransmitted newly SACKed position. */
    private long sack(int l, int r, int una, long now, long minRtt, long priorFack) {
        long reord = Long.MAX_VALUE;
        if (!Seq.lt(l, r) || Seq.le(r, una)) {
            return reord;
        }
        long s = Math.max(pos(l), pos(una));
        long e = pos(r);
        Seg last = queue.last();
        if (last == null || e > last.end) {
            return reord; // bogus: never sent
        }
        split(s);
        split(e);
        for (int i = queue.ceiling(s); i < queue.size() && queue.get(i).start < e; i++) {
            Seg g = queue.get(i);
            if (g.sacked) {
                continue;
            }
            advance(g, now, minRtt);
            if (!g.everRetrans) {
                lastSackt = g.xmit; // tcp_sacktag_one: state->last_sackt
            }
            if (g.rtx) {
                g.rtx = false;
                retransOut -= g.len();
            } else if (!g.everRetrans && g.start < priorFack) {
                reord = Math.min(reord, g.start);
            }
            if (g.lost) {
                g.lost = false;
                lostOut -= g.len();
            }
            g.sacked = true;
            sackedOut += g.len();
            delivered++;
            unlink(g);
            fack = Math.max(fack, g.end);
        }
        return reord;
    }

    /** Linux tcp_dsack_seen: counts the duplicate segments and notes a DSACK for the reordering window. */
    private void dsackSeen(int l, int r, int mss, int maxWindow, long totalRetrans, int tlpHighSeq) {
        if (!Seq.lt(l, r)) {
            return;
        }
        int len = r - l;
        if (len > maxWindow) {
            return; // dubious: more than the largest window
        }
        int dups = 1;
        if (len > mss) {
            dups = (len + mss - 1) / mss;
        } else if (tlpHighSeq != 0 && tlpHighSeq == r) {
            dsackTlp = true;
        }
        dsackDups += dups;
        dsackOnLastAck = true;
        if (dsackDups > totalRetrans) {
            return; // the duplicates were not our retransmissions
        }
        if (reordSeen > 0 && !dsackTlp) {
            dsackSeen = true;
        }
    }

    /** Linux tcp_rack_advance: the delivered segment sent last, and its RTT. */
    private void advance(Seg g, long now, long minRtt) {
        long rtt = now - g.xmit;
        if (g.everRetrans && rtt < minRtt) {
            return; // ambiguous: the original may have been delivered, not the retransmission
        }
        advanced = true;
        rttNs = rtt;
        if (sentAfter(g.xmit, mstamp, g.end, rackEnd)) {
            mstamp = g.xmit;
            rackEnd = g.end;
        }
    }

    private static boolean sentAfter(long t1, long t2, long seq1, long seq2) {
        return t1 > t2 || (t1 == t2 && seq1 > seq2);
    }

    /**
     * Linux tcp_rack_update_reo_wnd, once per ACK: a DSACK widens the reordering window by one
     * step (min_rtt/4), at most once per round trip; the widening persists for 16 recoveries.
     */
    void updateReoWnd(boolean staticWindow) {
        if (staticWindow || lastPriorDelivered == 0) {
            return;
        }
        if (lastPriorDelivered < lastDelivered) {
            dsackSeen = false;
        }
        if (dsackSeen) {
            reoWndSteps = Math.min(0xff, reoWndSteps + 1);
            dsackSeen = false;
            lastDelivered = delivered;
            reoWndPersist = RECOVERY_THRESH;
        } else if (reoWndPersist == 0) {
            reoWndSteps = 1;
        }
    }

    /** A recovery ended (the DSACK-widened window persists for RECOVERY_THRESH of them). */
    void onRecoveryEnd() {
        if (reoWndPersist > 0) {
            reoWndPersist--;
        }
    }

    /**
     * Linux tcp_rack_reo_wnd: none while no reordering was seen and either recovery runs or
     * DupThresh segments are SACKed; otherwise min_rtt/4 per step, at most SRTT.
     */
    long reoWnd(boolean inRecovery, int mss, boolean noDupThresh, long minRtt, long srtt) {
        if (reordSeen == 0) {
            if (inRecovery) {
                return 0;
            }
            if (sackedOut >= (long) reordering * mss && !noDupThresh) {
                return 0;
            }
        }
        long quarter = minRtt > 0 ? minRtt >> 2 : Long.MAX_VALUE / 256;
        return Math.min(quarter * reoWndSteps, srtt);
    }

    /** Whether an ACK delivered a segment since the last detection (Linux rack.advanced). */
    boolean advanced() {
        return advanced;
    }

    /**
     * Linux tcp_rack_detect_loss: every segment sent before the most recently delivered one and
     * not delivered within RACK.rtt + reoWnd of its transmission is lost. Returns the longest wait
     * (ns) before another such segment expires, 0 if none; {@code lost} receives each newly lost one.
     */
    long detectLoss(long now, long reoWnd, java.util.function.Consumer<Seg> lost) {
        advanced = false;
        long wait = 0;
        Seg g = head;
        while (g != null) {
            Seg next = g.next;
            if (g.lost && !g.rtx) {
                g = next;
                continue;
            }
            if (!sentAfter(mstamp, g.xmit, rackEnd, g.end)) {
                break;
            }
            long remaining = rttNs + reoWnd - (now - g.xmit);
            if (remaining <= 0) {
                markLost(g);
                unlink(g);
                lost.accept(g);
            } else {
                wait = Math.max(wait, remaining);
            }
            g = next;
        }
        return wait;
    }

    /**
     * Linux tcp_timeout_mark_lost: at a retransmission timeout the first segment is lost, and
     * every other one sent longer than RACK.rtt ago (RACK on); all of them with RACK off.
     */
    void onTimeout(long now, boolean rack) {
        boolean first = true;
        for (int i = 0; i < queue.size(); i++) {
            Seg g = queue.get(i);
            if (g.sacked) {
                continue;
            }
            if (g.rtx) {
                g.rtx = false;
                retransOut -= g.len();
            }
            if (!first && rack && rttNs - (now - g.xmit) > 0) {
                continue;
            }
            first = false;
            if (!g.lost) {
                g.lost = true;
                lostOut += g.len();
                lostTotal++;
            }
        }
    }

    /** Linux tcp_mark_skb_lost. */
    private void markLost(Seg g) {
        if (g.sacked) {
            return;
        }
        if (g.lost) {
            if (g.rtx) {
                g.rtx = false;
                retransOut -= g.len();
            }
        } else {
            g.lost = true;
            lostOut += g.len();
            lostTotal++;
        }
    }

    // ------------------------------------------------------------------ what to send

    /** Linux tcp_packets_in_flight in bytes: outstanding, less SACKed and lost, plus retransmitted. */
    int inFlight(int una, int nxt) {
        return (nxt - una) - sackedOut - lostOut + retransOut;
    }

    /** The first lost segment not yet retransmitted (Linux tcp_xmit_retransmit_queue), or null. */
    Seg firstToRetransmit() {
        if (lostOut == 0) {
            return null;
        }
        for (int i = 0; i < queue.size(); i++) {
            Seg g = queue.get(i);
            if (g.lost && !g.rtx && !g.sacked) {
                return g;
            }
        }
        return null;
    }

    /** The highest segment not SACKed (tcp_send_loss_probe's last segment), or null. */
    Seg lastUnsacked() {
        for (int i = queue.size() - 1; i >= 0; i--) {
            Seg g = queue.get(i);
            if (!g.sacked) {
                return g;
            }
        }
        return null;
    }

    /** The first segment's transmission time (Linux's RTO is counted from it), or -1. */
    long headXmit() {
        return queue.isEmpty() ? -1 : queue.first().xmit;
    }

    int seqOf(long position) {
        return base + (int) (position - origin);
    }

    // ------------------------------------------------------------------ bookkeeping

    private void split(long p) {
        int at = queue.floor(p);
        if (at < 0) {
            return;
        }
        Seg g = queue.get(at);
        if (g.start >= p || g.end <= p) {
            return;
        }
        Seg h = new Seg(p, g.end, g.xmit);
        h.everRetrans = g.everRetrans;
        h.rtx = g.rtx;
        h.sacked = g.sacked;
        h.lost = g.lost;
        g.end = p;
        queue.insert(at + 1, h);
        if (g.listed) {
            h.listed = true;
            h.prev = g;
            h.next = g.next;
            if (g.next != null) {
                g.next.prev = h;
            } else {
                tail = h;
            }
            g.next = h;
        }
    }

    /** A partial acknowledgment: the segment now starts at {@code p}. */
    private void trim(Seg g, long p) {
        int cut = (int) (p - g.start);
        if (g.sacked) {
            sackedOut -= cut;
        }
        if (g.lost) {
            lostOut -= cut;
        }
        if (g.rtx) {
            retransOut -= cut;
        }
        g.start = p; // the first segment: still before the second
    }

    private void drop(Seg g) {
        if (g.sacked) {
            sackedOut -= g.len();
        }
        if (g.lost) {
            lostOut -= g.len();
        }
        if (g.rtx) {
            retransOut -= g.len();
        }
        unlink(g);
    }

    private void append(Seg g) {
        g.listed = true;
        g.next = null;
        g.prev = tail;
        if (tail != null) {
            tail.next = g;
        } else {
            head = g;
        }
        tail = g;
    }

    private void unlink(Seg g) {
        if (!g.listed) {
            return;
        }
        if (g.prev != null) {
            g.prev.next = g.next;
        } else {
            head = g.next;
        }
        if (g.next != null) {
            g.next.prev = g.prev;
        } else {
            tail = g.prev;
        }
        g.prev = null;
        g.next = null;
        g.listed = false;
    }

    private void rebase(int una) {
        origin += una - base;
        base = una;
    }

    long pos(int seq) {
        return origin + (seq - base);
    }

    /** Milliseconds rounded up, as Linux's usecs_to_jiffies with HZ = 1000. */
    static long ceilMs(long ns) {
        return (ns + Durations.MS - 1) / Durations.MS * Durations.MS;
    }
}
