package dev.minternet.routing.ospf;

import dev.minternet.ip.NetInterface;
import java.util.List;

/**
 * A route SPF found: to {@code network/length} at {@code cost}, either directly connected (one
 * of this router's own stub networks: {@code nextHops} empty, {@code connected} its interface)
 * or through the next hops; {@code sinceNs} is when it last changed.
 */
public record OspfRoute(int network, int length, int cost, NetInterface connected, List<NextHop> nextHops,
                        long sinceNs) {

    /** A next hop of an OSPF route: out of {@code iface} to {@code gateway}. */
    public record NextHop(NetInterface iface, int gateway) implements Comparable<NextHop> {
        @Override
        public int compareTo(NextHop o) {
            if (iface.index() != o.iface.index()) {
                return Integer.compare(iface.index(), o.iface.index());
            }
            return Integer.compareUnsigned(gateway, o.gateway);
        }
    }
}
