package dev.minternet.ip6;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/**
 * Trace events of layer {@code ip6}: IPv6 datagrams (RFC 8200), ICMPv6 errors (RFC 4443), address
 * configuration with duplicate address detection and SLAAC (RFC 4862), router advertisements and
 * the neighbour cache of Neighbor Discovery (RFC 4861) (ip6.Ip6Stack, ip6.Ip6Interface, ip6.NeighbourCache).
 */
public final class Ip6Events {
    private Ip6Events() {
    }

    public static final Catalog CATALOG = new Catalog("ip6",
            "IPv6 (RFC 8200), ICMPv6 (RFC 4443), Neighbor Discovery (RFC 4861) and SLAAC (RFC 4862) on Ethernet "
                    + "interfaces (ip6.Ip6Stack, ip6.Ip6Interface, ip6.NeighbourCache).");

    public static final Field<String> IFACE = Field.text("iface", "the interface");
    public static final Field<String> SRC = Field.text("src", "source address");
    public static final Field<String> DST = Field.text("dst", "destination address");
    public static final Field<String> NEXT = Field.text("next", "the next header by name (icmp6, tcp, udp, ospf) or number");
    public static final Field<String> TYPE = Field.text("type", "the ICMPv6 message (echo request, neighbor solicitation, ...)");
    public static final Field<Long> LEN = Field.integer("len", Unit.BYTES, "the whole datagram's length");
    public static final Field<Long> HOP_LIMIT = Field.integer("hlim", Unit.COUNT, "the hop limit in the header");
    public static final Field<String> IN = Field.text("in", "the interface it arrived on");
    public static final Field<String> OUT = Field.text("out", "the interface it leaves by");
    public static final Field<String> VIA = Field.text("via", "the next hop's address, or direct");
    public static final Field<String> REASON = Field.text("reason",
            "why: no-route, hop-limit-exceeded, packet-too-big, bad-checksum, malformed, unknown-next-header, "
                    + "not-a-router, address-unreachable, tentative-source, bad-fragment, martian (::1 arriving on an interface); of reassembly-failed: timeout, overlap, "
                    + "inconsistent-length, queue-full");
    public static final Field<String> ADDR = Field.text("addr", "the address (with its prefix length where it has one)");
    public static final Field<String> STATE = Field.text("state", "tentative, preferred or dadfailed");
    public static final Field<String> HOW = Field.text("how",
            "static, link-local (modified EUI-64), stable-privacy (a raw link's generated link-local) or slaac (prefix + EUI-64)");
    public static final Field<String> LLADDR = Field.text("lladdr", "a MAC address, - when unknown");
    public static final Field<String> FROM = Field.text("from", "the previous state (NONE for a new entry)");
    public static final Field<String> TO = Field.text("to", "the new state");
    public static final Field<String> ROUTER = Field.text("router", "the router's link-local address");
    public static final Field<String> PREFIXES = Field.text("prefixes", "the advertised prefixes, comma-separated");
    public static final Field<Long> LIFETIME = Field.integer("lifetime", Unit.COUNT, "the router lifetime in seconds");
    public static final Field<Long> MTU = Field.integer("mtu", Unit.BYTES, "an MTU");
    public static final Field<Long> CODE = Field.integer("code", Unit.NONE, "the ICMPv6 code");
    public static final Field<Long> QUEUED = Field.integer("queued", Unit.COUNT, "datagrams waiting for the address");
    public static final Field<Long> ID = Field.integer("id", Unit.NONE, "the Fragment header's identification (RFC 8200 4.5)");
    public static final Field<Long> OFFSET = Field.integer("offset", Unit.BYTES, "the fragment's offset in the fragmentable part");
    public static final Field<Boolean> MF = Field.flag("mf", "more fragments follow (the M flag)");
    public static final Field<Long> FRAGMENTS = Field.integer("fragments", Unit.COUNT, "how many fragments made the datagram");

    public static final EventType SEND = CATALOG.event("send", "a datagram this node originated leaves",
            SRC, DST, NEXT, TYPE, LEN, HOP_LIMIT, OUT);
    public static final EventType PMTU = CATALOG.event("pmtu",
            "a Packet Too Big lowered the path MTU to a destination (RFC 8201; kept 10 minutes)", DST, MTU);
    public static final EventType RECEIVE = CATALOG.event("receive", "a datagram for this node is delivered",
            SRC, DST, NEXT, TYPE, LEN, HOP_LIMIT, IN);
    public static final EventType FORWARD = CATALOG.event("forward",
            "a router forwards a datagram (hlim is the value before the decrement)", SRC, DST, LEN, HOP_LIMIT, IN, OUT, VIA);
    public static final EventType DROP = CATALOG.event("drop", "a datagram is dropped", REASON, SRC, DST, LEN, IFACE);
    public static final EventType ICMP_ERROR = CATALOG.event("icmp-error",
            "an ICMPv6 error is sent back to a datagram's source (type destination unreachable, packet too big, "
                    + "time exceeded, parameter problem)", TYPE, CODE, SRC, DST, MTU);
    public static final EventType FRAGMENT = CATALOG.event("fragment",
            "one fragment of a datagram this node originated that was larger than the path MTU (fragmented at "
                    + "the source, RFC 8200 4.5; len is the fragment's whole length)", SRC, DST, ID, OFFSET, LEN, MF, OUT);
    public static final EventType REASSEMBLED = CATALOG.event("reassembled",
            "the fragments of a datagram are all in: the whole datagram (len) goes on to the upper layer, or on a "
                    + "router with a firewall (defragmentation before the filter) to the FORWARD check",
            SRC, DST, ID, LEN, FRAGMENTS);
    public static final EventType REASSEMBLY_FAILED = CATALOG.event("reassembly-failed",
            "the fragments gathered for a datagram are discarded (reason timeout: 60 s without the last ones, time "
                    + "exceeded sent when the first had come; overlap: RFC 5722; inconsistent-length; queue-full)",
            REASON, SRC, DST, ID, FRAGMENTS);
    public static final EventType ADDRESS = CATALOG.event("address",
            "an address of an interface changed state: tentative while duplicate address detection runs "
                    + "(RFC 4862 5.4), then preferred", IFACE, ADDR, STATE, HOW);
    public static final EventType DAD_CONFLICT = CATALOG.event("dad-conflict",
            "duplicate address detection found the tentative address in use (a solicitation from :: or an "
                    + "advertisement for it arrived): the address is not used (Linux: dadfailed)", IFACE, ADDR, LLADDR);
    public static final EventType RA_SEND = CATALOG.event("ra-send",
            "a router advertisement was sent (periodic or in answer to a solicitation)", IFACE, DST, PREFIXES, LIFETIME, MTU);
    public static final EventType RA_RECEIVE = CATALOG.event("ra-receive",
            "a host took a router advertisement: a default route via the router, SLAAC for autonomous prefixes",
            IFACE, ROUTER, PREFIXES, LIFETIME, MTU);
    public static final EventType RS_SEND = CATALOG.event("rs-send",
            "a host solicited routers (after its link-local address passed DAD; every 4 s until an advertisement comes)",
            IFACE, SRC);
    public static final EventType NEIGH_STATE = CATALOG.event("neigh-state",
            "a neighbour cache entry changed state (INCOMPLETE, REACHABLE, STALE, DELAY, PROBE, FAILED)",
            IFACE, ADDR, LLADDR, FROM, TO);
    public static final EventType NEIGH_UNREACHABLE = CATALOG.event("neigh-unreachable",
            "neighbour resolution failed after 3 solicitations: the waiting datagrams are answered with "
                    + "destination unreachable (address unreachable)", IFACE, ADDR, QUEUED);
}
