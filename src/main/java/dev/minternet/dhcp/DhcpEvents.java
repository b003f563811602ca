package dev.minternet.dhcp;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code dhcp}: DHCPv4 messages, a client's states and a server's leases (dhcp package). */
public final class DhcpEvents {
    private DhcpEvents() {
    }

    public static final Catalog CATALOG = new Catalog("dhcp",
            "DHCPv4 (RFC 2131, options RFC 2132): messages, the client's states and the server's leases (dhcp package).");

    public static final Field<String> IFACE = Field.text("iface", "the interface");
    public static final Field<String> MSG = Field.text("msg", "the message type: DISCOVER, OFFER, REQUEST, DECLINE, ACK, NAK, RELEASE");
    public static final Field<String> XID = Field.text("xid", "the transaction ID, 0x and 8 hex digits (tshark's dhcp.id)");
    public static final Field<String> CIADDR = Field.text("ciaddr", "the client's address field");
    public static final Field<String> YIADDR = Field.text("yiaddr", "'your' address: the address offered or acknowledged");
    public static final Field<String> CHADDR = Field.text("chaddr", "the client's hardware address");
    public static final Field<String> SRC = Field.text("src", "the datagram's source address");
    public static final Field<String> DST = Field.text("dst", "the datagram's destination address");
    public static final Field<String> OPTIONS = Field.text("options", "the option codes in wire order, comma-separated (END not listed)");
    public static final Field<Long> SECS = Field.integer("secs", Unit.SECONDS, "the secs field: seconds since the client began");
    public static final Field<String> FROM = Field.text("from", "the previous state");
    public static final Field<String> TO = Field.text("to", "the new state (RFC 2131 figure 5: INIT, SELECTING, REQUESTING, BOUND, RENEWING, REBINDING)");
    public static final Field<String> ADDR = Field.text("addr", "the leased address");
    public static final Field<Long> PREFIX = Field.integer("prefix", Unit.NONE, "the prefix length (from option 1)");
    public static final Field<String> ROUTER = Field.text("router", "the default gateway (option 3), - when none");
    public static final Field<String> SERVER = Field.text("server", "the server identifier (option 54)");
    public static final Field<Long> LEASE = Field.integer("lease", Unit.SECONDS, "the lease time (option 51)");
    public static final Field<Long> T1 = Field.integer("t1", Unit.SECONDS, "the renewal time (option 58, default 0.5 x lease)");
    public static final Field<Long> T2 = Field.integer("t2", Unit.SECONDS, "the rebinding time (option 59, default 0.875 x lease)");
    public static final Field<String> ACTION = Field.text("action", "offer, bind, nak, decline, release or expire");
    public static final Field<String> REASON = Field.text("reason", "why");
    public static final Field<Long> WAIT = Field.integer("wait", Unit.NANOSECONDS, "the time until the next retransmission");

    public static final EventType SEND = CATALOG.event("send", "a DHCP message was sent (client or server)",
            IFACE, MSG, XID, SECS, CIADDR, YIADDR, CHADDR, SRC, DST, OPTIONS);
    public static final EventType RECEIVE = CATALOG.event("receive", "a DHCP message arrived at a client or server",
            IFACE, MSG, XID, SECS, CIADDR, YIADDR, CHADDR, SRC, DST, OPTIONS);
    public static final EventType STATE = CATALOG.event("state", "a client changed state", IFACE, FROM, TO);
    public static final EventType BOUND = CATALOG.event("bound",
            "a client installed a lease: address, netmask, default route and nameservers from the ACK",
            IFACE, ADDR, PREFIX, ROUTER, SERVER, LEASE, T1, T2);
    public static final EventType EXPIRE = CATALOG.event("expire", "a client's lease ran out: the address and its routes are gone",
            IFACE, ADDR);
    public static final EventType RETRY = CATALOG.event("retry",
            "a client got no answer and will send again (RFC 2131 4.1: 4, 8, 16, 32, 64 s, each +-1 s)", IFACE, MSG, WAIT);
    public static final EventType LEASE_EVENT = CATALOG.event("lease", "a server's lease changed", IFACE, ACTION, ADDR, CHADDR, LEASE);
    public static final EventType NO_FREE = CATALOG.event("no-free",
            "a server had no address to offer (the pool is exhausted): the DISCOVER gets no answer", IFACE, CHADDR, REASON);
}
