package dev.minternet.routing.bgp;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code bgp}: sessions, messages, UPDATEs and best-path changes. */
public final class BgpEvents {
    private BgpEvents() {
    }

    public static final Catalog CATALOG = new Catalog("bgp",
            "BGP-4 (routing.bgp): session state changes, every message sent and received, each route "
                    + "announced or withdrawn, and each best-path change with the step that decided it.");

    public static final Field<String> PEER = Field.text("peer", "the neighbour's address");
    public static final Field<String> FROM = Field.text("from", "the state the session leaves");
    public static final Field<String> TO = Field.text("to", "the state the session enters");
    public static final Field<String> REASON = Field.text("reason", "why (a timer, a NOTIFICATION, carrier loss, ...)");
    public static final Field<String> TYPE = Field.text("type", "OPEN, UPDATE, NOTIFICATION or KEEPALIVE");
    public static final Field<Long> LENGTH = Field.integer("length", Unit.BYTES, "the message's length field");
    public static final Field<String> PREFIX = Field.text("prefix", "the route's prefix");
    public static final Field<String> AS_PATH = Field.text("as_path", "the AS_PATH (empty for a local route)");
    public static final Field<String> NEXT_HOP = Field.text("next_hop", "the NEXT_HOP");
    public static final Field<Long> LOCAL_PREF = Field.integer("local_pref", Unit.COUNT, "LOCAL_PREF (-1: absent)");
    public static final Field<Long> MED = Field.integer("med", Unit.COUNT, "MULTI_EXIT_DISC (-1: absent)");
    public static final Field<String> COMMUNITIES = Field.text("communities", "communities, space-separated");
    public static final Field<String> BEST = Field.text("best", "the new best path: its next hop and AS path, or none");
    public static final Field<Long> PATHS = Field.integer("paths", Unit.COUNT, "paths known for the prefix");
    public static final Field<String> DIRECTION = Field.text("direction", "in (received) or out (sent)");
    public static final Field<String> CODE = Field.text("code", "NOTIFICATION error code/subcode");
    public static final Field<String> ORIGINATOR_ID = Field.text("originator_id",
            "ORIGINATOR_ID (RFC 4456): the router ID of the route's originator in the AS");
    public static final Field<String> CLUSTER_LIST = Field.text("cluster_list",
            "CLUSTER_LIST (RFC 4456): the cluster IDs the route was reflected through, newest first");
    public static final Field<String> NEXT_HOPS = Field.text("next_hops",
            "the next hops installed together (ECMP), space-separated; empty: none");

    /** {@link #TO}'s value for a session that is up (RFC 4271 8.2.2). */
    public static final String ESTABLISHED = BgpSession.State.ESTABLISHED.text;
    /** {@link #TYPE}'s value for an UPDATE. */
    public static final String UPDATE = "UPDATE";
    /** {@link #BEST}'s value when no valid path is left. */
    public static final String NO_PATH = "none";

    public static final EventType STATE = CATALOG.event("state", "a session changed state (RFC 4271 section 8)",
            PEER, FROM, TO, REASON);
    public static final EventType SENT = CATALOG.event("sent", "a message was written to a session's TCP connection",
            PEER, TYPE, LENGTH);
    public static final EventType RECEIVED = CATALOG.event("received", "a whole message was read from a session",
            PEER, TYPE, LENGTH);
    public static final EventType NOTIFICATION = CATALOG.event("notification",
            "a NOTIFICATION was sent (direction out) or received (in)", PEER, CODE, DIRECTION);
    public static final EventType ANNOUNCE_IN = CATALOG.event("announce-in", "an UPDATE announced a route to this router",
            PEER, PREFIX, AS_PATH, NEXT_HOP, LOCAL_PREF, MED, COMMUNITIES);
    public static final EventType WITHDRAW_IN = CATALOG.event("withdraw-in", "an UPDATE withdrew a route from this router",
            PEER, PREFIX);
    public static final EventType ANNOUNCE_OUT = CATALOG.event("announce-out", "this router announced a route in an UPDATE",
            PEER, PREFIX, AS_PATH, NEXT_HOP, LOCAL_PREF, MED, COMMUNITIES);
    public static final EventType WITHDRAW_OUT = CATALOG.event("withdraw-out", "this router withdrew a route in an UPDATE",
            PEER, PREFIX);
    public static final EventType REFLECT_OUT = CATALOG.event("reflect-out",
            "this route reflector sent a route it learned over iBGP to another iBGP peer (RFC 4456); "
                    + "the announce-out event with the same peer and prefix precedes it",
            PEER, PREFIX, ORIGINATOR_ID, CLUSTER_LIST);
    public static final EventType REFLECTION_LOOP = CATALOG.event("reflection-loop",
            "a reflected route came back and was dropped (RFC 4456 8): its ORIGINATOR_ID is this router's ID, "
                    + "or its CLUSTER_LIST holds this router's cluster ID",
            PEER, PREFIX, ORIGINATOR_ID, CLUSTER_LIST, REASON);
    public static final EventType MULTIPATH = CATALOG.event("multipath",
            "the set of equal paths to a prefix installed together changed (maximum-paths)",
            PREFIX, PATHS, NEXT_HOPS);
    public static final EventType BEST_PATH = CATALOG.event("best-path",
            "the best path to a prefix changed (decision process, RFC 4271 9.1.2)", PREFIX, BEST, PATHS, REASON);
}
