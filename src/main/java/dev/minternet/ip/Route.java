package dev.minternet.ip;

import dev.minternet.wire.Ip4;

/**
 * A route: datagrams for {@code network/length} leave by {@code iface}, toward gateway
 * {@code gateway} (0 when the destination is on the link itself).
 *
 * @param proto where the route came from: "kernel" (connected), "static", "global"
 */
public record Route(int network, int length, NetInterface iface, int gateway, int metric, String proto) {

    public boolean isDefault() {
        return length == 0;
    }

    /** Formats like {@code ip route}: "default via 192.168.1.1 dev eth0 proto static". */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(length == 0 ? "default" : Ip4.str(network) + "/" + length);
        if (gateway != 0) {
            sb.append(" via ").append(Ip4.str(gateway));
        }
        sb.append(" dev ").append(iface.name());
        sb.append(" proto ").append(proto);
        if ("kernel".equals(proto)) {
            sb.append(" scope link src ").append(Ip4.str(iface.address()));
        }
        if (metric != 0) {
            sb.append(" metric ").append(metric);
        }
        if (!iface.isUp()) {
            sb.append(" linkdown");
        }
        return sb.toString();
    }
}
