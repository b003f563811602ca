package dev.minternet.ip;

import java.util.List;

/**
 * Routes computed outside the node (global routing now, routing protocols later). Consulted after
 * the node's own table; the longer prefix wins, and the node's own table wins a tie.
 */
public interface RouteProvider {
    /** The best usable route toward {@code dst}, or null. */
    Route lookup(int dst);

    /**
     * What forwarding asks for each datagram: a route equal to {@link #lookup}'s in its length,
     * interface and gateway, which forwarding alone reads; its network may be another (a provider
     * may give one route for every destination it reaches through the same neighbour, instead of
     * making one per datagram).
     */
    default Route forwardingLookup(int dst) {
        return lookup(dst);
    }

    /** Every route this provider holds for the node, for display ({@code ip route}). */
    List<Route> routes();
}
