package dev.minternet.ip;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code arp}: ARP packets and the neighbour table of an Ethernet interface (ip.Neighbours). */
public final class ArpEvents {
    private ArpEvents() {
    }

    public static final Catalog CATALOG = new Catalog("arp",
            "ARP (RFC 826) and the neighbour table of each Ethernet interface, with Linux's states (ip.Neighbours).");

    public static final Field<String> IFACE = Field.text("iface", "the interface");
    public static final Field<String> OP = Field.text("op", "request or reply");
    public static final Field<String> SENDER_MAC = Field.text("sender_mac", "the sender hardware address");
    public static final Field<String> SENDER_IP = Field.text("sender_ip", "the sender protocol address");
    public static final Field<String> TARGET_MAC = Field.text("target_mac", "the target hardware address");
    public static final Field<String> TARGET_IP = Field.text("target_ip", "the target protocol address");
    public static final Field<String> DST = Field.text("dst", "the frame's destination MAC address");
    public static final Field<String> ADDR = Field.text("addr", "the neighbour's IPv4 address");
    public static final Field<String> LLADDR = Field.text("lladdr", "the neighbour's MAC address, - when unknown");
    public static final Field<String> FROM = Field.text("from", "the previous state (NONE for a new entry)");
    public static final Field<String> TO = Field.text("to", "the new state");
    public static final Field<Long> QUEUED = Field.integer("queued", Unit.COUNT, "datagrams waiting for the address");

    public static final EventType SEND = CATALOG.event("send", "an ARP packet was sent",
            IFACE, OP, SENDER_MAC, SENDER_IP, TARGET_MAC, TARGET_IP, DST);
    public static final EventType RECEIVE = CATALOG.event("receive", "an ARP packet arrived",
            IFACE, OP, SENDER_MAC, SENDER_IP, TARGET_MAC, TARGET_IP);
    public static final EventType STATE = CATALOG.event("state",
            "a neighbour entry changed state (INCOMPLETE, REACHABLE, STALE, DELAY, PROBE, FAILED)",
            IFACE, ADDR, LLADDR, FROM, TO);
    public static final EventType QUEUE_DROP = CATALOG.event("queue-drop",
            "the queue of datagrams waiting for an address was full (unres_qlen 101): the oldest was dropped",
            IFACE, ADDR, QUEUED);
    public static final EventType UNREACHABLE = CATALOG.event("unreachable",
            "resolution failed after 3 requests: the waiting datagrams are dropped with ICMP host unreachable",
            IFACE, ADDR, QUEUED);
}
