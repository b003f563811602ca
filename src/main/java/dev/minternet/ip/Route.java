package dev.minternet.ip;

import dev.minternet.wire.Ip4;

/**
 * A route: datagrams for {@code network/length} leave by {@code iface}, toward gateway
 * {@code gateway} (0 when the destination is on the link itself).
 *
 * @param proto where the route came from: "kernel" (connected), "static", "global", "ospf", "bgp"
 * @param distance zebra's administrative distance: 0 for the kernel's own routes (connected, the
 *     scenario's {@code routes:} as {@code ip route add} puts them, DHCP's; zebra sees them as K and
 *     C at distance 0), and for a routing daemon's FRR's default ({@link #EBGP} 20, {@link #OSPF}
 *     110, {@link #IBGP} 200). The {@link RoutingTable} forwards by the lowest distance first.
 */
public record Route(int network, int length, NetInterface iface, int gateway, int metric, String proto, int distance) {
    /** FRR's default distances (zebra's route_info table). */
    public static final int KERNEL = 0;
    public static final int EBGP = 20;
    public static final int OSPF = 110;
    public static final int IBGP = 200;

    /** A route of the kernel's own (distance 0), or OSPF's at its default distance. */
    public Route(int network, int length, NetInterface iface, int gateway, int metric, String proto) {
        this(network, length, iface, gateway, metric, proto, "ospf".equals(proto) ? OSPF : KERNEL);
    }

    /** Whether a routing daemon put it there through zebra (distance above 0), not the kernel itself. */
    public boolean fromDaemon() {
        return distance > KERNEL;
    }

    public boolean isDefault() {
        return length == 0;
    }

    /** Formats like {@code ip route}: "default via 192.168.1.1 dev eth0 proto static " (its trailing space too). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(length == 0 ? "default" : length == 32 ? Ip4.str(network) : Ip4.str(network) + "/" + length);
        if (gateway != 0) {
            sb.append(" via ").append(Ip4.str(gateway));
        }
        sb.append(" dev ").append(iface.name());
        if (!"boot".equals(proto)) { // ip route add's own protocol, which iproute2 leaves out
            sb.append(" proto ").append(proto);
        }
        if ("kernel".equals(proto)) {
            sb.append(" scope link src ").append(Ip4.str(iface.address()));
        } else if (gateway == 0) {
            sb.append(" scope link");
        }
        if (metric != 0) {
            sb.append(" metric ").append(metric);
        }
        if (!iface.isUp()) {
            sb.append(" linkdown");
        }
        return sb.append(' ').toString(); // iproute2 ends each IPv4 route with a space
    }
}
