package dev.minternet.netfilter;

import dev.minternet.wire.TcpPacket;

/**
 * Conntrack's view of a TCP connection, from the flags it sees pass in each direction (a
 * simplified form of the state table in Linux's nf_conntrack_proto_tcp.c; sequence numbers are
 * not checked).
 */
public enum TcpState {
    NONE, SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT, CLOSE;

    /**
     * The state after a segment with {@code flags} travels in the original ({@code reply ==
     * false}) or reply direction; {@code finReply} says which direction sent the first FIN.
     */
    TcpState next(int flags, boolean reply, boolean finReply) {
        boolean syn = (flags & TcpPacket.SYN) != 0;
        boolean ack = (flags & TcpPacket.ACK) != 0;
        boolean fin = (flags & TcpPacket.FIN) != 0;
        if ((flags & TcpPacket.RST) != 0) {
            return CLOSE; // either side aborts
        }
        if (syn && !ack) {
            // An initial SYN opens (or, after TIME_WAIT/CLOSE, reopens) the connection.
            if (!reply && (this == NONE || this == SYN_SENT || this == TIME_WAIT || this == CLOSE)) {
                return SYN_SENT;
            }
            return reply && this == SYN_SENT ? SYN_RECV : this; // simultaneous open
        }
        if (syn) {
            return reply && this == SYN_SENT ? SYN_RECV : this; // the SYN-ACK answers the SYN
        }
        if (fin) {
            return switch (this) {
                case SYN_RECV, ESTABLISHED -> FIN_WAIT;
                case FIN_WAIT, CLOSE_WAIT -> reply != finReply ? LAST_ACK : this;
                default -> this;
            };
        }
        if (ack) {
            return switch (this) {
                case SYN_RECV -> reply ? this : ESTABLISHED; // the handshake's third segment
                case FIN_WAIT -> reply != finReply ? CLOSE_WAIT : this; // the first FIN is acknowledged
                case LAST_ACK -> reply == finReply ? TIME_WAIT : this; // the second FIN is acknowledged
                default -> this;
            };
        }
        return this;
    }

    /** How long an idle connection in this state is kept. */
    long timeout(Timeouts t) {
        return switch (this) {
            case NONE, SYN_SENT -> t.tcpSynSent();
            case SYN_RECV -> t.tcpSynRecv();
            case ESTABLISHED -> t.tcpEstablished();
            case FIN_WAIT -> t.tcpFinWait();
            case CLOSE_WAIT -> t.tcpCloseWait();
            case LAST_ACK -> t.tcpLastAck();
            case TIME_WAIT -> t.tcpTimeWait();
            case CLOSE -> t.tcpClose();
        };
    }
}
