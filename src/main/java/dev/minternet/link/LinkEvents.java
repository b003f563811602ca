package dev.minternet.link;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code link}: a channel's queue and drops, a link going down or up. */
public final class LinkEvents {
    private LinkEvents() {
    }

    public static final Catalog CATALOG = new Catalog("link",
            "Point-to-point links: one channel per direction with a DropTail queue (link.Channel, link.Link).");

    public static final Field<String> IFACE = Field.text("iface", "the sending interface");
    public static final Field<String> LINK = Field.text("link", "the link's name");
    public static final Field<Long> LEN = Field.integer("len", Unit.BYTES, "the datagram's length");
    public static final Field<Long> QLEN = Field.integer("qlen", Unit.COUNT, "datagrams waiting in the queue, this one included");
    public static final Field<String> REASON = Field.text("reason", "link-down, queue-full or random-loss");
    public static final Field<String> SRC = Field.text("src", "the datagram's IPv4 source (? when too short)");
    public static final Field<String> DST = Field.text("dst", "the datagram's IPv4 destination (? when too short)");
    public static final Field<String> A = Field.text("a", "one end, node:iface");
    public static final Field<String> B = Field.text("b", "the other end, node:iface");

    public static final EventType ENQUEUE = CATALOG.event("enqueue",
            "the channel is busy, so the datagram waits in the queue", IFACE, LINK, LEN, QLEN);
    public static final EventType DROP = CATALOG.event("drop",
            "the channel dropped a datagram (queue full, random loss, link down)", IFACE, LINK, REASON, LEN, SRC, DST);
    public static final EventType DOWN = CATALOG.event("down",
            "the link failed: both queues are flushed and both interfaces lose carrier", LINK, A, B);
    public static final EventType UP = CATALOG.event("up", "the link came back", LINK, A, B);
}
