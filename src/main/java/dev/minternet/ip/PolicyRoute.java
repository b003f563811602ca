package dev.minternet.ip;

/**
 * Policy routing for forwarded datagrams (Linux's {@code ip rule}: a rule with a higher priority
 * than the main table, e.g. {@code ip rule add fwmark 1 lookup 100} after a CONNMARK), consulted
 * before the node's routes. A network load balancer in a VPC's fabric uses it to send a target's
 * answer back through the subnet router that translated the request.
 */
@FunctionalInterface
public interface PolicyRoute {
    /** The route for {@code datagram}, which arrived on {@code in}; null to use the main table. */
    Route route(byte[] datagram, NetInterface in);
}
