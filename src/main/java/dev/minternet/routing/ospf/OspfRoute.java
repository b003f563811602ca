package dev.minternet.routing.ospf;

import dev.minternet.ip.NetInterface;
import java.util.List;

/**
 * A route SPF found: to {@code network/length} at {@code cost}, either directly connected (one
 * of this router's own stub networks: {@code nextHops} empty, {@code connected} its interface)
 * or through the next hops; {@code sinceNs} is when it last changed. {@code area} is the area it
 * was found in, {@code interArea} whether it came from a Summary-LSA (RFC 2328 16.2) rather than
 * from the area's own topology (16.1). An AS-external route (16.4) has {@code metricType} 1 or 2:
 * type 1, {@code cost} the whole distance (to the AS boundary router or forwarding address, plus
 * the LSA's metric); type 2, {@code type2Cost} the LSA's metric and {@code cost} the distance to
 * the AS boundary router or forwarding address. {@code nssa}: it came from an NSSA-external-LSA
 * (type 7, RFC 3101 2.5) of {@code area}.
 */
public record OspfRoute(int network, int length, int cost, NetInterface connected, List<NextHop> nextHops,
                        long sinceNs, int area, boolean interArea, int type2Cost, int metricType, boolean nssa) {

    /** An intra- or inter-area route. */
    public OspfRoute(int network, int length, int cost, NetInterface connected, List<NextHop> nextHops, long sinceNs,
                     int area, boolean interArea) {
        this(network, length, cost, connected, nextHops, sinceNs, area, interArea, -1, 0, false);
    }

    /** An intra- or inter-area route, or (type2Cost 0 or more) a type 2 AS-external one. */
    public OspfRoute(int network, int length, int cost, NetInterface connected, List<NextHop> nextHops, long sinceNs,
                     int area, boolean interArea, int type2Cost) {
        this(network, length, cost, connected, nextHops, sinceNs, area, interArea, type2Cost, type2Cost >= 0 ? 2 : 0,
                false);
    }

    /** Whether it is an AS-external route ({@code O E1}/{@code O E2}, 16.4), from a type 5 or a type 7. */
    public boolean external() {
        return metricType != 0;
    }

    /** The metric zebra installs it with: the cost, but a type 2 external route's LSA metric (as FRR's ospf_zebra_add). */
    public int zebraMetric() {
        return metricType == 2 ? type2Cost : cost;
    }

    /** The same route with another {@code sinceNs}. */
    OspfRoute since(long ns) {
        return new OspfRoute(network, length, cost, connected, nextHops, ns, area, interArea, type2Cost, metricType, nssa);
    }

    /** Whether it equals {@code o} but for when it changed. */
    boolean sameAs(OspfRoute o) {
        return o != null && cost == o.cost && connected == o.connected && nextHops.equals(o.nextHops) && area == o.area
                && interArea == o.interArea && type2Cost == o.type2Cost && metricType == o.metricType && nssa == o.nssa;
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
