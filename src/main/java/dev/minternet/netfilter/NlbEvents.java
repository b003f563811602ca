package dev.minternet.netfilter;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;

/** Trace events of layer {@code nlb}: a network load balancer's flows and its targets' health. */
public final class NlbEvents {
    private NlbEvents() {
    }

    public static final Catalog CATALOG = new Catalog("nlb",
            "Network (L4) load balancers in a VPC's subnet routers: flow hashing, health checks, resets"
                    + " (netfilter.NlbFabric, services.lb.NetworkLoadBalancer).");

    public static final Field<String> NLB = Field.text("nlb", "the load balancer's name");
    public static final Field<String> ZONE = Field.text("zone", "the availability zone of the load balancer node");
    public static final Field<String> FLOW = Field.text("flow", "the flow as the client sent it: proto src:port -> dst:port");
    public static final Field<String> TARGET = Field.text("target", "the target instance and its address:port");
    public static final Field<String> RULE = Field.text("rule", "what decided: the hash and the targets it chose among");
    public static final Field<String> REASON = Field.text("reason", "why");
    public static final Field<Boolean> OK = Field.flag("ok", "whether the health check passed");
    public static final Field<String> DETAIL = Field.text("detail", "what the health check saw");

    public static final EventType FLOW_NEW = CATALOG.event("flow",
            "a new flow to a listener: the target chosen (destination rewritten, the client's address kept)",
            NLB, ZONE, FLOW, TARGET, RULE);
    public static final EventType FLOW_END = CATALOG.event("flow-end",
            "a flow leaves the flow table (idle timeout, reset, target unhealthy or deregistered)", NLB, FLOW, TARGET,
            REASON);
    public static final EventType RESET = CATALOG.event("reset",
            "a TCP segment of no known flow is answered with a RST from the listener's address", NLB, FLOW, REASON);
    public static final EventType NO_TARGET = CATALOG.event("no-target",
            "a new flow is dropped: the listener's target group has no target for this zone", NLB, ZONE, FLOW, REASON);
    public static final EventType HEALTH = CATALOG.event("health",
            "a health check (TCP connect) of a target from a load balancer node", NLB, ZONE, TARGET, OK, DETAIL);
    public static final EventType TARGET_HEALTHY = CATALOG.event("target-healthy",
            "a target passed healthy-threshold checks in a row: it takes new flows", NLB, ZONE, TARGET, REASON);
    public static final EventType TARGET_UNHEALTHY = CATALOG.event("target-unhealthy",
            "a target failed unhealthy-threshold checks in a row: no new flows, its flows are ended", NLB, ZONE,
            TARGET, REASON);
}
