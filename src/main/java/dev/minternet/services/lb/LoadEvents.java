package dev.minternet.services.lb;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code load}: the scripted load's per-second results ({@link LoadGenerator}). */
public final class LoadEvents {
    private LoadEvents() {
    }

    public static final Catalog CATALOG = new Catalog("load",
            "The scripted HTTP load (services.lb.LoadGenerator, type: load): each second, the requests that finished and their latency, "
                    + "the line it appends to /var/log/load/latency.csv.");

    public static final Field<Long> SECOND = Field.integer("second", Unit.NONE, "the simulated second that just ended (its end, in whole seconds)");
    public static final Field<Long> REQUESTS = Field.integer("requests", Unit.COUNT, "requests that finished in it");
    public static final Field<Long> OK = Field.integer("ok", Unit.COUNT, "of those, the ones answered 2xx");
    public static final Field<Double> MEAN_MS = Field.real("mean_ms", Unit.MILLISECONDS, "their mean latency, 0 when none finished");
    public static final Field<Double> MAX_MS = Field.real("max_ms", Unit.MILLISECONDS, "their largest latency, 0 when none finished");

    public static final EventType SECOND_DONE = CATALOG.event("second", "a second of the load ended: what finished in it", SECOND,
            REQUESTS, OK, MEAN_MS, MAX_MS);
}
