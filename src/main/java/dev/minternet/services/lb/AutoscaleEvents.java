package dev.minternet.services.lb;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code autoscale}: an instance group's metric, scale-outs, boots and scale-ins. */
public final class AutoscaleEvents {
    private AutoscaleEvents() {
    }

    public static final Catalog CATALOG = new Catalog("autoscale",
            "The autoscaling group behind a load balancer (services.lb.Autoscaler): its metric each evaluation, instances "
                    + "booted, registered after their health checks, drained and removed.");

    public static final Field<Double> QUEUE = Field.real("queue", Unit.NONE,
            "requests in flight per in-service instance, averaged over the evaluation period (sampled each second)");
    public static final Field<Long> IN_SERVICE = Field.integer("in_service", Unit.NONE, "instances taking requests");
    public static final Field<Long> BOOTING = Field.integer("booting", Unit.NONE, "instances booting or waiting for their health checks");
    public static final Field<String> INSTANCE = Field.text("instance", "the instance (backend node name)");
    public static final Field<String> WHY = Field.text("why", "the reason in words");

    public static final EventType METRIC = CATALOG.event("metric", "an evaluation of the group's metric", QUEUE, IN_SERVICE, BOOTING);
    public static final EventType SCALE_OUT = CATALOG.event("scale-out", "a standby instance starts booting", INSTANCE, WHY);
    public static final EventType BOOTED = CATALOG.event("booted",
            "an instance finished booting: registered with the load balancer, which health-checks it", INSTANCE);
    public static final EventType IN_SERVICE_EVENT = CATALOG.event("in-service", "a new instance passed its health checks and takes requests",
            INSTANCE);
    public static final EventType SCALE_IN = CATALOG.event("scale-in", "an instance is drained: no new requests", INSTANCE, WHY);
    public static final EventType REMOVED = CATALOG.event("removed", "a drained instance finished its requests and left the group", INSTANCE);
}
