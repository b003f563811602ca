package dev.minternet.routing;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code routing}: route computations. */
public final class RoutingEvents {
    private RoutingEvents() {
    }

    public static final Catalog CATALOG = new Catalog("routing",
            "Route computation (routing.GlobalRouting): shortest paths over the router graph, on start and on every link change.");

    public static final Field<String> MODE = Field.text("mode", "how routes are computed (global: an ideal IGP)");
    public static final Field<Long> ROUTERS = Field.integer("routers", Unit.COUNT, "routers in the graph");
    public static final Field<Long> PREFIXES = Field.integer("prefixes", Unit.COUNT, "prefixes resolved to their nearest owner");
    public static final Field<Long> COMPUTATION = Field.integer("computation", Unit.COUNT, "how many computations this run has made, this one included");

    /** Emitted on node "-": the whole world's routes. */
    public static final EventType COMPUTED = CATALOG.event("computed", "routes were (re)computed for the whole world (node -)",
            MODE, ROUTERS, PREFIXES, COMPUTATION);
}
