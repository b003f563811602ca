package dev.minternet.services.lb;

import dev.minternet.node.World;
import java.util.LinkedHashMap;
import java.util.Map;

/** The load balancers of a world by node name (for tests and tools that inspect their state). */
public final class LoadBalancers {
    private final Map<String, LoadBalancer> byNode = new LinkedHashMap<>();

    public static LoadBalancers of(World w) {
        return w.attachment(LoadBalancers.class, LoadBalancers::new);
    }

    public void put(String node, LoadBalancer lb) {
        byNode.put(node, lb);
    }

    /** The load balancer on {@code node}, or null. */
    public LoadBalancer get(String node) {
        return byNode.get(node);
    }
}
