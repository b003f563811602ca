package dev.minternet.routing.ospf;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code ospf}: packets, adjacencies, LSAs and SPF runs (RFC 2328). */
public final class OspfEvents {
    private OspfEvents() {
    }

    public static final Catalog CATALOG = new Catalog("ospf",
            "OSPFv2 (routing.ospf.Ospf): protocol-89 packets, the neighbour state machine, LSA origination and flooding, SPF runs.");

    public static final Field<String> IFACE = Field.text("iface", "the interface");
    public static final Field<String> TYPE = Field.text("type", "packet type: hello, db-description, ls-request, ls-update, ls-ack");
    public static final Field<Long> LENGTH = Field.integer("length", Unit.BYTES, "OSPF packet length (header included)");
    public static final Field<Long> ITEMS = Field.integer("items", Unit.COUNT,
            "neighbours listed (hello), LSA headers (db-description, ls-ack), requests (ls-request), LSAs (ls-update)");
    public static final Field<String> NEIGHBOR = Field.text("neighbor", "the neighbour's router ID");
    public static final Field<String> ADDRESS = Field.text("address", "the neighbour's interface address (OSPFv3: its link-local address)");
    public static final Field<String> FROM = Field.text("from", "state before: Down, Init, 2-Way, ExStart, Exchange, Loading, Full");
    public static final Field<String> TO = Field.text("to", "state after");
    public static final Field<String> EVENT = Field.text("event",
            "what moved it (RFC 2328 10.2, 9.2): HelloReceived, 2-WayReceived, NegotiationDone, ExchangeDone, LoadingDone, "
                    + "AdjOK?, InactivityTimer, 1-WayReceived, SeqNumberMismatch, BadLSReq, KillNbr; for an election "
                    + "WaitTimer, BackupSeen, NeighborChange");
    public static final Field<String> LSA = Field.text("lsa",
            "the LSA: type, link state ID, advertising router (router 10.0.0.1 10.0.0.1, network 10.0.5.3 10.0.0.3, "
                    + "summary 10.0.2.0 10.255.0.1)");
    public static final Field<Long> SEQ = Field.integer("seq", Unit.NONE, "LS sequence number (signed, from 0x80000001)");
    public static final Field<Long> AGE = Field.integer("age", Unit.SECONDS, "LS age");
    public static final Field<Long> LINKS = Field.integer("links", Unit.COUNT,
            "links in the Router-LSA, attached routers in the Network-LSA (0: flushed)");
    public static final Field<String> ORIGIN = Field.text("origin", "who sent it: self, or the neighbour's router ID");
    public static final Field<Long> NEIGHBORS = Field.integer("neighbors", Unit.COUNT, "neighbours it was sent to");
    public static final Field<String> REASON = Field.text("reason", "why");
    public static final Field<String> AREA = Field.text("area",
            "the area (dotted) whose database the LSA is in; for an SPF run, every area it covered (comma-separated)");
    public static final Field<String> PREFIX = Field.text("prefix", "the network a Summary-LSA advertises (A.B.C.D/N)");
    public static final Field<Long> METRIC = Field.integer("metric", Unit.NONE,
            "the Summary-LSA's metric: the cost of the route it summarizes (16777215, LSInfinity, when flushed)");
    public static final Field<Long> RUN = Field.integer("run", Unit.COUNT, "SPF runs on this router, this one included");
    public static final Field<Long> DELAY = Field.integer("delay", Unit.NANOSECONDS, "throttle delay between the first request and the run");
    public static final Field<Long> ROUTERS = Field.integer("routers", Unit.COUNT, "routers reached");
    public static final Field<Long> ROUTES = Field.integer("routes", Unit.COUNT, "prefixes with an OSPF route");
    public static final Field<String> DST = Field.text("dst",
            "where it went: 224.0.0.5 / ff02::5 (AllSPFRouters), 224.0.0.6 / ff02::6 (AllDRouters) or a neighbour's address");
    public static final Field<String> STATE = Field.text("state", "the interface's state after: DR, Backup, DROther");
    public static final Field<String> DR = Field.text("dr", "the Designated Router's router ID (0.0.0.0: none)");
    public static final Field<String> DR_ADDRESS = Field.text("dr-address", "the Designated Router's interface address (OSPFv3 names the DR by router ID: the same as dr)");
    public static final Field<String> BDR = Field.text("bdr", "the Backup Designated Router's router ID (0.0.0.0: none)");
    public static final Field<String> BDR_ADDRESS = Field.text("bdr-address", "the Backup Designated Router's interface address (OSPFv3: the same as bdr)");
    public static final Field<Long> INTER_AREA = Field.integer("inter-area", Unit.COUNT,
            "routes found through Summary-LSAs (RFC 2328 16.2), included in routes");
    public static final Field<Long> CHANGED = Field.integer("changed", Unit.COUNT, "prefixes whose route changed, appeared or went");

    /**
     * The events one OSPF version's machinery emits (the same kinds in layer ospf and ospf6);
     * {@code summary} is OSPFv2's only (null in OSPFv3, which runs one area).
     */
    public record Kinds(EventType send, EventType receive, EventType drop, EventType adjacency, EventType originate,
                        EventType install, EventType flush, EventType summary, EventType retransmit, EventType election,
                        EventType spf) {
    }

    private static Kinds kinds(Catalog c, boolean summaries) {
        return new Kinds(
                c.event("send", "an OSPF packet sent out of an interface", IFACE, TYPE, LENGTH, ITEMS, DST),
                c.event("receive", "an OSPF packet accepted", IFACE, TYPE, LENGTH, ITEMS, NEIGHBOR),
                c.event("drop", "an OSPF packet or LSA discarded (bad checksum, mismatched timers or area...)",
                        IFACE, TYPE, REASON),
                c.event("adjacency", "a neighbour changed state", IFACE, NEIGHBOR, ADDRESS, FROM, TO, EVENT),
                c.event("originate", "this router made a new instance of one of its LSAs (Router-LSA, one per area; as DR"
                        + " a Network-LSA; in OSPFv3 also Link-LSAs and Intra-Area-Prefix-LSAs), or flushed one", LSA, SEQ,
                        LINKS, REASON, AREA),
                c.event("install", "a newer LSA entered an area's database and was flooded on", LSA, SEQ, AGE, ORIGIN,
                        NEIGHBORS, AREA),
                c.event("flush", "an LSA reached MaxAge and left the area's database", LSA, SEQ, AREA),
                summaries ? c.event("summary",
                        "an area border router originated a Summary-LSA (type 3) for a network (or a range, or the default"
                                + " route into a stub area) or an ASBR-summary-LSA (type 4; prefix: the AS boundary router's"
                                + " ID/32) into an attached area, or flushed one no longer wanted (RFC 2328 12.4.3)", LSA, AREA, PREFIX, METRIC, SEQ, REASON)
                        : null,
                c.event("retransmit", "LSAs not acknowledged within RxmtInterval, sent again", IFACE, NEIGHBOR, ITEMS),
                c.event("election", "the DR/BDR election on a broadcast interface (RFC 2328 9.4) changed its outcome",
                        IFACE, STATE, DR, DR_ADDRESS, BDR, BDR_ADDRESS, EVENT),
                c.event("spf", "a shortest-path-first run and the routes it installed", AREA, RUN, DELAY, ROUTERS,
                        ROUTES, CHANGED, INTER_AREA));
    }

    /** OSPFv2's events (layer ospf). */
    public static final Kinds V2 = kinds(CATALOG, true);

    /** {@link #TO}'s value for a neighbour fully adjacent (RFC 2328 10.1). */
    public static final String FULL = Neighbor.State.FULL.label;

    public static final EventType SEND = V2.send();
    public static final EventType RECEIVE = V2.receive();
    public static final EventType DROP = V2.drop();
    public static final EventType ADJACENCY = V2.adjacency();
    public static final EventType ORIGINATE = V2.originate();
    public static final EventType INSTALL = V2.install();
    public static final EventType FLUSH = V2.flush();
    public static final EventType SUMMARY = V2.summary();
    public static final EventType RETRANSMIT = V2.retransmit();
    public static final EventType ELECTION = V2.election();
    public static final EventType SPF = V2.spf();
    /** OSPFv2's AS boundary routers: an AS-external-LSA originated or flushed. */
    public static final EventType EXTERNAL = CATALOG.event("external",
            "an AS boundary router originated an AS-external-LSA (type 5) for a route it redistributes, or an"
                    + " NSSA-external-LSA (type 7, RFC 3101) into an NSSA; an NSSA translator a type 5 from a type 7, an"
                    + " NSSA border router the default type 7; or one of them flushed one no longer wanted (RFC 2328"
                    + " 12.4.4)", LSA, PREFIX, METRIC, SEQ, REASON);
    public static final Field<String> TRANSLATOR_STATE = Field.text("translator",
            "enabled: this router translates the NSSA's type-7 LSAs into type 5; disabled: it does not");
    /** An NSSA border router's translator election (RFC 3101 3.1) changed its outcome. */
    public static final EventType TRANSLATOR = CATALOG.event("nssa-translator",
            "an NSSA border router's translator election (RFC 3101 3.1) changed its outcome", AREA, TRANSLATOR_STATE,
            REASON);

    /** Layer ospf6: OSPFv3 for IPv6 (RFC 5340), the same kinds of event as OSPFv2's. */
    public static final Catalog CATALOG6 = new Catalog("ospf6",
            "OSPFv3 (routing.ospf.Ospf6, RFC 5340): IPv6 next-header-89 packets to ff02::5 and ff02::6 from link-local"
                    + " addresses, the neighbour state machine, LSA origination and flooding, SPF runs; fields as in"
                    + " layer ospf, with IPv6 addresses and OSPFv3's LSA names (router, network, link, intra-prefix).");

    /** OSPFv3's events (layer ospf6); one area (0.0.0.0), no summaries. */
    public static final Kinds V3 = kinds(CATALOG6, false);
}
