package dev.minternet.netfilter;

/**
 * One tracked flow: its two tuples as each side sends them, like Linux's tuplehash pair. The
 * original tuple is what the initiator sent; the reply tuple is what the responder sends. Without
 * NAT the reply tuple is the original reversed; NAT rewrites the reply tuple, and a packet is
 * translated into the reverse of the other direction's tuple.
 */
public final class Conn {
    final Tuple orig;
    Tuple reply;
    boolean seenReply;
    /** Passed every hook at least once (Linux "confirmed"); an unconfirmed flow dies with a dropped packet. */
    boolean confirmed;
    TcpState tcp = TcpState.NONE;
    /** Which direction sent the first FIN. */
    boolean finReply;
    long expiresAt;
    /** Removed from the table. */
    boolean dead;
    /** NAT has decided about this flow (translate or not). */
    boolean natDecided;
    /** The NAT mapping this flow uses, or null. */
    Nat.Mapping mapping;
    /** The reply tuple is not the original reversed (kept with {@link #reply}). */
    boolean translated;
    final long[] packets = new long[2];
    final long[] bytes = new long[2];

    Conn(Tuple orig) {
        this.orig = orig;
        this.reply = orig.reverse();
    }

    public Tuple orig() {
        return orig;
    }

    public Tuple reply() {
        return reply;
    }

    public boolean seenReply() {
        return seenReply;
    }

    public TcpState tcpState() {
        return tcp;
    }

    public long expiresAt() {
        return expiresAt;
    }

    /** Whether NAT rewrites this flow's packets. */
    public boolean translated() {
        return translated;
    }

    /** The tuple a packet in direction {@code reply} must carry after translation. */
    Tuple target(boolean replyDir) {
        return replyDir ? orig.reverse() : reply.reverse();
    }

    /** The tuple a packet in direction {@code reply} carried when it was sent. */
    Tuple sent(boolean replyDir) {
        return replyDir ? reply : orig;
    }
}
