package dev.minternet.ip;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code icmp}: echo messages, errors sent and received (RFC 792, RFC 1812 4.3). */
public final class IcmpEvents {
    private IcmpEvents() {
    }

    public static final Catalog CATALOG = new Catalog("icmp",
            "ICMP (RFC 792): echo request and reply, the errors routers and hosts send, rate limiting (ip.Icmp).");

    public static final Field<String> TYPE = Field.text("type", "the message type (and code) by name, e.g. echo-request, time-exceeded");
    public static final Field<String> PEER = Field.text("peer", "the other end of the echo exchange");
    public static final Field<Long> ID = Field.integer("id", Unit.NONE, "the echo identifier");
    public static final Field<Long> SEQ = Field.integer("seq", Unit.NONE, "the echo sequence number");
    public static final Field<Long> LEN = Field.integer("len", Unit.BYTES, "the ICMP message's length");
    public static final Field<String> FROM = Field.text("from", "the address the error comes from");
    public static final Field<String> TO = Field.text("to", "the address the error is sent to (the offending datagram's source)");
    public static final Field<Long> ICMP_TYPE = Field.integer("icmp_type", Unit.NONE, "the type number");
    public static final Field<Long> ICMP_CODE = Field.integer("icmp_code", Unit.NONE, "the code number");
    public static final Field<String> QUOTED_DST = Field.text("quoted_dst", "the destination of the datagram the error quotes");
    public static final Field<Long> MTU = Field.integer("mtu", Unit.BYTES, "next-hop MTU of fragmentation-needed (RFC 1191), else 0");
    public static final Field<String> REASON = Field.text("reason", "why the message was dropped (malformed)");
    public static final Field<String> DETAIL = Field.text("detail", "what the parser found wrong");

    public static final EventType SEND = CATALOG.event("send", "an echo request or reply leaves", TYPE, PEER, ID, SEQ, LEN);
    public static final EventType RECEIVE = CATALOG.event("receive", "an echo request or reply arrives", TYPE, PEER, ID, SEQ, LEN);
    public static final EventType RECEIVE_ERROR = CATALOG.event("receive",
            "an error (destination unreachable, time exceeded) arrives and goes to the socket that sent the quoted datagram",
            TYPE, FROM, ICMP_TYPE, ICMP_CODE, QUOTED_DST);
    public static final EventType SEND_ERROR = CATALOG.event("send-error", "this node sends an error about a datagram",
            TYPE, TO, FROM, ICMP_TYPE, ICMP_CODE, QUOTED_DST, MTU);
    public static final EventType RATE_LIMITED = CATALOG.event("rate-limited",
            "an error was not sent: the token bucket is empty (like Linux icmp_ratelimit)", TYPE, TO);
    public static final EventType DROP = CATALOG.event("drop", "a malformed ICMP message is dropped", REASON, DETAIL);
}
