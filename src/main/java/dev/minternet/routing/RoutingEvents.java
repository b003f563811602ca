package dev.minternet.routing;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code routing}: route computations, and a world's routing warm-up. */
public final class RoutingEvents {
    private RoutingEvents() {
    }

    public static final Catalog CATALOG = new Catalog("routing",
            "Route computation (routing.GlobalRouting): shortest paths over the router graph, on start and on every link change; "
                    + "the warm-up of a world whose routers boot before 0 s (warm-up:), measured from its OSPF and BGP events.");

    public static final Field<String> MODE = Field.text("mode", "how routes are computed (global: an ideal IGP)");
    public static final Field<Long> ROUTERS = Field.integer("routers", Unit.COUNT, "routers in the graph");
    public static final Field<Long> PREFIXES = Field.integer("prefixes", Unit.COUNT, "prefixes resolved to their nearest owner");
    public static final Field<Long> COMPUTATION = Field.integer("computation", Unit.COUNT, "how many computations this run has made, this one included");

    public static final Field<Long> WARM_UP = Field.integer("warm_up", Unit.NANOSECONDS,
            "how long before 0 s the routers booted (the scenario's warm-up:)");
    public static final Field<Long> OSPF_FULL = Field.integer("ospf_full", Unit.NANOSECONDS,
            "from boot to the last OSPF adjacency reaching Full (-1: none)");
    public static final Field<Long> ADJACENCIES = Field.integer("adjacencies", Unit.COUNT, "OSPF adjacencies Full at 0 s (each end counts)");
    public static final Field<Long> BGP_CONVERGED = Field.integer("bgp_converged", Unit.NANOSECONDS,
            "from boot to the last BGP best-path change (-1: none)");
    public static final Field<Long> SESSIONS = Field.integer("sessions", Unit.COUNT, "BGP sessions Established at 0 s (each end counts)");
    public static final Field<Long> UPDATES = Field.integer("updates", Unit.COUNT, "BGP UPDATE messages sent during the warm-up");

    /** Emitted on node "-": the whole world's routes. */
    public static final EventType COMPUTED = CATALOG.event("computed", "routes were (re)computed for the whole world (node -)",
            MODE, ROUTERS, PREFIXES, COMPUTATION);

    /**
     * Emitted on node "-" at 0 s in a world with a warm-up: what its routers did before 0 s, from the
     * OSPF and BGP events of the warm-up (which no trace subscriber sees: they happen while the world is built).
     */
    public static final EventType WARMED_UP = CATALOG.event("warmed-up",
            "the routers of a world with a warm-up: had booted before 0 s; how long OSPF and BGP took to converge (node -, at 0 s)",
            WARM_UP, OSPF_FULL, ADJACENCIES, BGP_CONVERGED, SESSIONS, UPDATES);
}
