package dev.minternet.transport.tcp;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/**
 * Trace events of layer {@code tcp}: segments sent and received, listeners and drops (from
 * {@link TcpStack}), and per connection the state machine, retransmissions, timers, RTT samples,
 * the congestion window and negotiated options (through {@link TcpEnv#trace}, which puts the
 * connection's id in {@link #CONN} first).
 */
public final class TcpEvents {
    private TcpEvents() {
    }

    public static final Catalog CATALOG = new Catalog("tcp",
            "TCP (RFC 9293) with SACK, PRR, NewReno and CUBIC: segments, states, recovery, timers (transport.tcp).");

    public static final Field<String> CONN = Field.text("conn", "the connection: local-addr:port>remote-addr:port");
    public static final Field<String> SRC = Field.text("src", "the segment's source address");
    public static final Field<Long> SPORT = Field.integer("sport", Unit.NONE, "source port");
    public static final Field<String> DST = Field.text("dst", "the segment's destination address");
    public static final Field<Long> DPORT = Field.integer("dport", Unit.NONE, "destination port");
    public static final Field<String> FLAGS = Field.text("flags", "the control bits set, comma-separated: SYN, SYN,ACK, ACK, FIN,ACK, RST, PSH,ACK");
    public static final Field<String> SEQ = Field.text("seq", "sequence number (unsigned 32-bit, in decimal)");
    public static final Field<String> ACK = Field.text("ack", "acknowledgment number (unsigned 32-bit, in decimal)");
    public static final Field<Long> WIN = Field.integer("win", Unit.NONE, "the window field as sent (before scaling)");
    public static final Field<Long> LEN = Field.integer("len", Unit.BYTES, "payload length (retransmit: the sequence space resent)");
    public static final Field<String> ADDR = Field.text("addr", "the local address listened on (0.0.0.0 for any)");
    public static final Field<Long> PORT = Field.integer("port", Unit.NONE, "the port listened on");
    public static final Field<Long> BACKLOG = Field.integer("backlog", Unit.COUNT, "half-open connections the listener holds");
    public static final Field<String> REASON = Field.text("reason", "malformed, backlog-full (the SYN queue is full, tcp_syncookies 0) or syn-backlog (tcp_max_syn_backlog's last quarter)");
    public static final Field<String> DETAIL = Field.text("detail", "what the parser found wrong");
    public static final Field<String> FROM = Field.text("from", "the state before (RFC 9293 names: SYN-SENT, ESTABLISHED, ...)");
    public static final Field<String> TO = Field.text("to", "the state after");
    public static final Field<String> CAUSE = Field.text("cause", "rto, fast (fast retransmit), sack (SACK recovery) or tlp (tail loss probe)");
    /** The JSON's {@code cwnd}. */
    public static final Field<Long> CWND_BYTES = Field.integer("cwnd", Unit.BYTES, "congestion window");
    public static final Field<Long> SSTHRESH = Field.integer("ssthresh", Unit.BYTES, "slow-start threshold; -1 while still arbitrarily high (RFC 5681 3.1)");
    public static final Field<Double> RTO_MS = Field.real("rto_ms", Unit.MILLISECONDS, "the retransmission timeout (RFC 6298)");
    public static final Field<Long> BACKOFF = Field.integer("backoff", Unit.COUNT, "consecutive timeouts (the RTO doubles each time)");
    public static final Field<String> UNA = Field.text("una", "SND.UNA, the oldest unacknowledged sequence number");
    public static final Field<Double> SAMPLE_MS = Field.real("sample_ms", Unit.MILLISECONDS, "the RTT sample just taken");
    public static final Field<Double> SRTT_MS = Field.real("srtt_ms", Unit.MILLISECONDS, "smoothed RTT");
    public static final Field<Double> RTTVAR_MS = Field.real("rttvar_ms", Unit.MILLISECONDS, "RTT variation");
    /** The JSON's {@code state} of a cwnd event. */
    public static final Field<String> RECOVERY = Field.text("state", "the recovery state: open, fast, sack or loss");
    public static final Field<Long> ACKED = Field.integer("acked", Unit.BYTES, "bytes acknowledged so far on the connection");
    public static final Field<Long> MSS = Field.integer("mss", Unit.BYTES, "the sender's maximum segment size (options excluded)");
    public static final Field<Long> PEER_MSS = Field.integer("peer_mss", Unit.BYTES, "the MSS option the peer sent");
    public static final Field<Long> WSCALE_SND = Field.integer("wscale_snd", Unit.NONE, "the peer's window scale shift (RFC 7323)");
    public static final Field<Long> WSCALE_RCV = Field.integer("wscale_rcv", Unit.NONE, "our window scale shift");
    public static final Field<Boolean> SACK = Field.flag("sack", "SACK permitted on both sides (RFC 2018)");
    public static final Field<Boolean> TS = Field.flag("ts", "timestamps on both sides (RFC 7323)");
    public static final Field<String> CC = Field.text("cc", "the congestion control algorithm of this end (cubic, newreno)");
    public static final Field<Double> AGE_MS = Field.real("age_ms", Unit.MILLISECONDS, "time since the segment was last sent");
    public static final Field<String> PROBE = Field.text("probe", "what the probe sent: new (unsent data) or last (the last segment again)");
    public static final Field<String> ACTION = Field.text("action", "what the listener does with SYNs now: cookies or drop");
    public static final Field<String> RESULT = Field.text("result", "sent (a SYN,ACK carries a cookie), ok (an ACK's cookie checked out) or bad (it did not: reset)");
    public static final Field<Long> COOKIE_MSS = Field.integer("mss", Unit.BYTES, "the MSS the cookie encodes (Linux msstab: 536, 1300, 1440, 1460); 0 when bad");
    public static final Field<Long> MTU = Field.integer("mtu", Unit.BYTES, "the path MTU learned from ICMP (RFC 1191)");

    public static final EventType SEND = CATALOG.event("send", "a segment leaves", SRC, SPORT, DST, DPORT, FLAGS, SEQ, ACK, WIN, LEN);
    public static final EventType RECEIVE = CATALOG.event("receive", "a segment arrives (before demultiplexing)", SRC, SPORT, DST, DPORT, FLAGS, SEQ, ACK, WIN, LEN);
    public static final EventType LISTEN = CATALOG.event("listen", "a socket listens", ADDR, PORT, BACKLOG);
    public static final EventType DROP = CATALOG.event("drop", "a SYN is dropped: the listener's SYN queue is full and tcp_syncookies is 0 (reason backlog-full), or, without cookies, it holds over 3/4 of tcp_max_syn_backlog (reason syn-backlog)", REASON, SRC, DPORT);
    public static final EventType SYNFLOOD = CATALOG.event("synflood",
            "a listener's SYN queue overflowed for the first time (Linux: \"Possible SYN flooding on port N. Sending cookies.\")", PORT, ACTION);
    public static final EventType SYNCOOKIE = CATALOG.event("syncookie",
            "a SYN cookie (RFC 4987 3.6) went out in a SYN,ACK or came back in an ACK", RESULT, SRC, DPORT, COOKIE_MSS);
    public static final EventType DROP_MALFORMED = CATALOG.event("drop", "a segment with a bad header or checksum (reason malformed)", REASON, DETAIL, SRC);
    public static final EventType STATE = CATALOG.event("state", "the connection's state changes (RFC 9293 3.3.2)", CONN, FROM, TO);
    public static final EventType RETRANSMIT = CATALOG.event("retransmit", "sequence space is sent again", CONN, SEQ, LEN, CAUSE, CWND_BYTES, SSTHRESH);
    public static final EventType RTO = CATALOG.event("rto", "the retransmission timer expired (RFC 6298 5.4-5.7)", CONN, RTO_MS, BACKOFF, UNA);
    public static final EventType RTT = CATALOG.event("rtt", "an RTT sample updated the estimator (RFC 6298 2)", CONN, SAMPLE_MS, SRTT_MS, RTTVAR_MS, RTO_MS);
    public static final EventType CWND = CATALOG.event("cwnd", "cwnd or ssthresh changed", CONN, CWND_BYTES, SSTHRESH, RECOVERY, ACKED);
    public static final EventType OPTIONS = CATALOG.event("options", "what the handshake negotiated",
            CONN, MSS, PEER_MSS, WSCALE_SND, WSCALE_RCV, SACK, TS, CC.optional());
    public static final EventType RACK_LOST = CATALOG.event("rack-lost",
            "RACK (RFC 8985) marked a segment lost: one sent after it was delivered and the reordering window passed",
            CONN, SEQ, LEN, AGE_MS);
    public static final EventType TLP = CATALOG.event("tlp", "a tail loss probe went (RFC 8985 7.3) after the probe timeout",
            CONN, SEQ, LEN, PROBE, SRTT_MS);
    public static final EventType PMTU = CATALOG.event("pmtu", "the path MTU shrank: segments get smaller", CONN, MTU, MSS);
}
