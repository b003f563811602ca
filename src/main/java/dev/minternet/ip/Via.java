package dev.minternet.ip;

/**
 * A {@link Route} less its prefix: the interface, gateway, metric, protocol and distance, which
 * a routing daemon's routes to many prefixes share (every BGP route learned over one session and
 * resolved alike). The {@link RoutingTable} holds a daemon's lone route to a prefix as the shared
 * {@code Via} and makes the {@code Route} when asked for it (the prefix is the bucket's), so a
 * router of a generated internet keeps no 40-byte {@code Route} per prefix it learned by BGP.
 */
public record Via(NetInterface iface, int gateway, int metric, String proto, int distance) {
    /** The route to {@code network/length} this way. */
    public Route at(int network, int length) {
        return new Route(network, length, iface, gateway, metric, proto, distance);
    }

    /** {@code r} less its prefix. */
    public static Via of(Route r) {
        return new Via(r.iface(), r.gateway(), r.metric(), r.proto(), r.distance());
    }
}
