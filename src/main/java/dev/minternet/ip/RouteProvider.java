package dev.minternet.ip;

import java.util.List;

/**
 * Routes computed outside the node (global routing now, routing protocols later). Consulted after
 * the node's own table; the longer prefix wins, and the node's own table wins a tie.
 */
public interface RouteProvider {
    /** The best usable route toward {@code dst}, or null. */
    Route lookup(int dst);

    /** Every route this provider holds for the node, for display ({@code ip route}). */
    List<Route> routes();
}
