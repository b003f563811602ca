package dev.minternet.ip;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code ip}: datagrams sent, received, forwarded, fragmented, reassembled and dropped. */
public final class IpEvents {
    private IpEvents() {
    }

    public static final Catalog CATALOG = new Catalog("ip",
            "IPv4 (RFC 791, RFC 1812): input, output, forwarding, fragmentation and reassembly (ip.IpStack, ip.Reassembler).");

    public static final Field<String> SRC = Field.text("src", "source address");
    public static final Field<String> DST = Field.text("dst", "destination address");
    public static final Field<String> PROTO = Field.text("proto", "the protocol field by name (icmp, tcp, udp) or number");
    public static final Field<Long> LEN = Field.integer("len", Unit.BYTES, "total length of the datagram");
    public static final Field<Long> TTL = Field.integer("ttl", Unit.COUNT, "time to live in the header (hops left)");
    public static final Field<Long> ID = Field.integer("id", Unit.NONE, "the identification field");
    public static final Field<String> IFACE = Field.text("iface", "the interface it left or arrived on (lo for loopback, - when none)");
    public static final Field<String> IN = Field.text("in", "the interface it arrived on");
    public static final Field<String> OUT = Field.text("out", "the interface it leaves by");
    public static final Field<String> VIA = Field.text("via", "the next hop's address, or direct");
    /** {@link #VIA} when the destination is on the router's own link. */
    public static final String VIA_DIRECT = "direct";
    public static final Field<Long> OFFSET = Field.integer("offset", Unit.BYTES, "the fragment's offset in the original payload");
    public static final Field<Boolean> MF = Field.flag("mf", "more fragments follow");
    public static final Field<String> REASON = Field.text("reason",
            "why: no-route, message-too-long, not-for-this-host, ttl-exceeded, fragmentation-needed, unknown-protocol, "
                    + "filtered-<hook>, malformed, reassembly-timeout, martian (127.0.0.0/8 arriving on an interface)");
    public static final Field<String> DETAIL = Field.text("detail", "what the header check found wrong");
    public static final Field<Long> PATH_MTU = Field.integer("mtu", Unit.BYTES,
            "the path MTU now cached for the destination (RFC 1191; Linux's route exception, 10 minutes)");

    public static final EventType SEND = CATALOG.event("send", "a datagram this node originated leaves", SRC, DST, PROTO, LEN, TTL, ID, IFACE);
    public static final EventType PMTU = CATALOG.event("pmtu",
            "a fragmentation-needed lowered the path MTU cached for a destination", DST, PATH_MTU);
    public static final EventType RECEIVE = CATALOG.event("receive", "a datagram for this node is delivered", SRC, DST, PROTO, LEN, TTL, ID, IFACE);
    public static final EventType FORWARD = CATALOG.event("forward",
            "a router forwards a datagram (ttl is the value it leaves with, after the decrement)", SRC, DST, PROTO, LEN, TTL, IN, OUT, VIA);
    public static final EventType FRAGMENT = CATALOG.event("fragment",
            "one fragment of a datagram larger than the egress MTU", SRC, DST, ID, OFFSET, LEN, MF, OUT);
    public static final EventType REASSEMBLED = CATALOG.event("reassembled", "the last fragment arrived: the whole datagram", SRC, DST, ID, LEN);
    public static final EventType DROP = CATALOG.event("drop",
            "a datagram is dropped (by a FORWARD rule: ttl already decremented, as Linux's FORWARD chain sees it)",
            REASON, SRC, DST, PROTO, LEN, TTL, IFACE);
    public static final EventType DROP_MALFORMED = CATALOG.event("drop", "a datagram failed the header checks (reason malformed)",
            REASON, DETAIL, IFACE, LEN);
    public static final EventType DROP_REASSEMBLY = CATALOG.event("drop",
            "fragments that did not complete in time are discarded (reason reassembly-timeout)", REASON, SRC, DST, ID);
}
