package dev.minternet.routing.ospf;

import dev.minternet.ip.NetInterface;
import java.util.List;

/**
 * A route SPF found: to {@code network/length} at {@code cost}, either directly connected (one
 * of this router's own stub networks: {@code nextHops} empty, {@code connected} its interface)
 * or through the next hops; {@code sinceNs} is when it last changed. {@code area} is the area it
 * was found in, {@code interArea} whether it came from a Summary-LSA (RFC 2328 16.2) rather than
 * from the area's own topology (16.1). {@code type2Cost} is an AS-external route's type 2 metric
 * (16.4; -1 for an intra- or inter-area route), {@code cost} then the cost to its AS boundary router.
 */
public record OspfRoute(int network, int length, int cost, NetInterface connected, List<NextHop> nextHops,
                        long sinceNs, int area, boolean interArea, int type2Cost) {

    /** An intra- or inter-area route. */
    public OspfRoute(int network, int length, int cost, NetInterface connected, List<NextHop> nextHops, long sinceNs,
                     int area, boolean interArea) {
        this(network, length, cost, connected, nextHops, sinceNs, area, interArea, -1);
    }

    /** Whether it is an AS-external route with a type 2 metric ({@code O E2}, 16.4). */
    public boolean external() {
        return type2Cost >= 0;
    }

    /** The same route with another {@code sinceNs}. */
    OspfRoute since(long ns) {
        return new OspfRoute(network, length, cost, connected, nextHops, ns, area, interArea, type2Cost);
    }

    /** Whether it equals {@code o} but for when it changed. */
    boolean sameAs(OspfRoute o) {
        return o != null && cost == o.cost && connected == o.connected && nextHops.equals(o.nextHops) && area == o.area
                && interArea == o.interArea && type2Cost == o.type2Cost;
    }

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
