package dev.minternet.routing.ospf;

import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;

/** The example tests' view of a router's OSPF routing table. */
final class OspfRouteLines {
    private OspfRouteLines() {
    }

    /**
     * {@code ospf}'s routes as "prefix kind cost[/type2] on iface | via gateways" lines, in table
     * order; kind N (intra-area), IA (inter-area), E1/E2 from a type 5, N1/N2 from a type 7.
     */
    static List<String> of(Ospf ospf) {
        List<String> out = new ArrayList<>();
        for (OspfRoute r : ospf.routes()) {
            String kind = r.external() ? (r.nssa() ? "N" : "E") + r.metricType() : r.interArea() ? "IA" : "N";
            StringBuilder b = new StringBuilder(Ip4.str(r.network()) + "/" + r.length() + " " + kind + " " + r.cost()
                    + (r.external() && r.metricType() == 2 ? "/" + r.type2Cost() : ""));
            if (r.connected() != null) {
                b.append(" on ").append(r.connected().name());
            }
            for (OspfRoute.NextHop h : r.nextHops()) {
                b.append(" via ").append(Ip4.str(h.gateway()));
            }
            out.add(b.toString());
        }
        return out;
    }
}
