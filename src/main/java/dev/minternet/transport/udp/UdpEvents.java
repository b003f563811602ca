package dev.minternet.transport.udp;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code udp}: datagrams sent, received and dropped (RFC 768). */
public final class UdpEvents {
    private UdpEvents() {
    }

    public static final Catalog CATALOG = new Catalog("udp",
            "UDP (RFC 768): port demultiplexing and port unreachable (transport.udp.UdpStack).");

    public static final Field<String> SRC = Field.text("src", "the sender's address");
    public static final Field<String> DST = Field.text("dst", "the destination address");
    public static final Field<Long> SPORT = Field.integer("sport", Unit.NONE, "source port");
    public static final Field<Long> DPORT = Field.integer("dport", Unit.NONE, "destination port");
    public static final Field<Long> LEN = Field.integer("len", Unit.BYTES, "payload length");
    public static final Field<String> REASON = Field.text("reason", "malformed or port-unreachable");
    public static final Field<String> DETAIL = Field.text("detail", "what the parser found wrong");

    public static final EventType SEND = CATALOG.event("send", "a datagram leaves a socket", DST, SPORT, DPORT, LEN);
    public static final EventType RECEIVE = CATALOG.event("receive", "a datagram is delivered to a socket", SRC, SPORT, DPORT, LEN);
    public static final EventType DROP = CATALOG.event("drop",
            "no socket on the port: dropped, and ICMP port unreachable sent (reason port-unreachable)", REASON, SRC, SPORT, DPORT);
    public static final EventType DROP_MALFORMED = CATALOG.event("drop",
            "a datagram with a bad length or checksum (reason malformed)", REASON, DETAIL, SRC);
}
