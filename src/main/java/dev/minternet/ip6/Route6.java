package dev.minternet.ip6;

import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip6;

/**
 * One IPv6 route: a prefix, the interface, the next hop (null when the prefix is on the link),
 * the metric, who installed it (kernel: an address's prefix and fe80::/64; ra: a router
 * advertisement's default route) and when it expires ({@link Long#MAX_VALUE}: never); its
 * administrative distance as IPv4's {@link dev.minternet.ip.Route#distance}: 0 for the kernel's own
 * routes, FRR's defaults for a routing daemon's (eBGP 20, OSPFv3 110, iBGP 200).
 */
public record Route6(Ip6 prefix, int length, Ip6Interface iface, Ip6 gateway, int metric, String proto,
                     long expiresAt, int hopLimit, int distance) {
    /** A route of the kernel's own (distance 0), or OSPFv3's at its default distance (110). */
    public Route6(Ip6 prefix, int length, Ip6Interface iface, Ip6 gateway, int metric, String proto,
                  long expiresAt, int hopLimit) {
        this(prefix, length, iface, gateway, metric, proto, expiresAt, hopLimit,
                "ospf".equals(proto) ? dev.minternet.ip.Route.OSPF : dev.minternet.ip.Route.KERNEL);
    }

    /** Whether a routing daemon put it there through zebra (distance above 0), not the kernel itself. */
    public boolean fromDaemon() {
        return distance > 0;
    }

    /** Linux's metric for a connected prefix and for fe80::/64 (IP6_RT_PRIO_ADDRCONF). */
    public static final int METRIC_KERNEL = 256;
    /** Linux's metric for a default route learnt from a router advertisement (IP6_RT_PRIO_USER). */
    public static final int METRIC_RA = 1024;
    /** Linux's metric for a route added without one ({@code ip -6 route add}, IP6_RT_PRIO_USER). */
    public static final int METRIC_USER = 1024;
    /** A route from the scenario's {@code routes:} (proto static, as IPv4's and as systemd-networkd installs them). */
    public static final String PROTO_STATIC = "static";

    public boolean isDefault() {
        return length == 0;
    }

    /**
     * Whether this route can be one next hop of a multipath route (rt6_qualify_for_ecmp: through a
     * gateway, not learnt from a router advertisement).
     */
    public boolean multipathCapable() {
        return gateway != null && !"ra".equals(proto);
    }

    /**
     * Whether this route and {@code o} are next hops of one multipath route: the same prefix, distance,
     * metric and protocol, both through gateways (Linux's siblings, {@code fib6_siblings}).
     */
    public boolean siblingOf(Route6 o) {
        return multipathCapable() && o.multipathCapable() && length == o.length && metric == o.metric && distance == o.distance
                && proto.equals(o.proto) && prefix.network(length).equals(o.prefix.network(o.length));
    }

    /**
     * iproute2's {@code ip -6 route} entry for a multipath route (two or more siblings, first
     * first): the prefix with protocol, metric and preference, then a {@code nexthop} line per
     * next hop as {@code print_rta_multipath} prints it (tab, gateway, device, weight, flags, each
     * followed by a space); a next hop whose device has no carrier is flagged {@code linkdown}.
     */
    public static String show(java.util.List<Route6> siblings) {
        Route6 first = siblings.get(0);
        StringBuilder sb = new StringBuilder();
        sb.append(first.isDefault() ? "default" : first.prefix.network(first.length) + "/" + first.length);
        sb.append(" proto ").append(first.proto).append(" metric ").append(first.metric).append(" pref medium");
        for (Route6 r : siblings) {
            sb.append("\n\tnexthop via ").append(r.gateway).append(" dev ").append(r.iface.name()).append(" weight 1 ");
            if (!r.iface.net().isUp()) {
                sb.append("linkdown ");
            }
        }
        return sb.toString();
    }

    /** iproute2's {@code ip -6 route} line at time {@code now}. */
    public String show(long now) {
        StringBuilder sb = new StringBuilder();
        sb.append(isDefault() ? "default" : prefix.network(length) + "/" + length);
        if (gateway != null) {
            sb.append(" via ").append(gateway);
        }
        sb.append(" dev ").append(iface.name()).append(" proto ").append(proto).append(" metric ").append(metric);
        if (expiresAt != Long.MAX_VALUE) {
            sb.append(" expires ").append(Math.max(0, (expiresAt - now) / Durations.S)).append("sec");
        }
        if (hopLimit > 0) {
            sb.append(" hoplimit ").append(hopLimit);
        }
        if (!iface.net().isUp()) {
            sb.append(" linkdown"); // RTNH_F_LINKDOWN: the device has no carrier (the route is not used here)
        }
        return sb.append(" pref medium").toString();
    }

    /**
     * Whether the kernel holds route {@code r} among {@code routes}: always its own; a daemon's when no kernel route to
     * the prefix is usable and {@code r} is of the protocol and distance zebra selected (the best
     * daemon route by usable, distance, then metric).
     */
    static boolean inFib(Route6 r, java.util.List<Route6> routes) {
        if (!r.fromDaemon()) {
            return true;
        }
        Route6 pick = r;
        for (Route6 o : routes) {
            if (o.length() != r.length() || !o.prefix().equals(r.prefix())) {
                continue;
            }
            if (!o.fromDaemon()) {
                if (o.iface().net().isUp()) {
                    return false;
                }
            } else if (better(o, pick)) {
                pick = o;
            }
        }
        return pick.distance() == r.distance() && pick.proto().equals(r.proto());
    }

    /** Zebra's order for two routes to one prefix: usable first, then distance, then metric. */
    private static boolean better(Route6 r, Route6 than) {
        boolean up = r.iface().net().isUp();
        if (up != than.iface().net().isUp()) {
            return up;
        }
        return r.distance() != than.distance() ? r.distance() < than.distance() : r.metric() < than.metric();
    }
}
