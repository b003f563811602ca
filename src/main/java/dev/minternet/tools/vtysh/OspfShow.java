package dev.minternet.tools.vtysh;

import dev.minternet.node.Node;
import dev.minternet.routing.ospf.Ospf;
import dev.minternet.routing.ospf.OspfRoute;
import dev.minternet.tools.Terminal;
import dev.minternet.wire.Ip4;

/** {@code show ip ospf neighbor}, {@code show ip ospf database} and {@code show ip ospf route} as FRR 8.4 prints them. */
final class OspfShow {
    static final String NOT_FOUND = "% OSPF instance not found";

    private OspfShow() {
    }

    private static Ospf ospf(Node node, Terminal term) {
        Ospf o = node.service(Ospf.class);
        if (o == null) {
            term.println(NOT_FOUND);
        }
        return o;
    }

    static int neighbor(Node node, Terminal term) {
        Ospf o = ospf(node, term);
        if (o == null) {
            return 0;
        }
        term.println("");
        term.println("Neighbor ID     Pri State           Up Time         Dead Time Address         Interface"
                + "                        RXmtL RqstL DBsmL");
        for (Ospf.NeighborView n : o.neighbors()) {
            term.println(String.format("%-15s %3d %-15s %-15s %9s %-15s %-32s %5d %5d %5d", Ip4.str(n.routerId()),
                    n.priority(), n.state() + "/-", Uptime.ospf(n.upNs()), Uptime.ospf(n.deadInNs()),
                    Ip4.str(n.address()), n.iface().name() + ":" + Ip4.str(n.iface().address()), n.retransmits(),
                    n.requests(), n.summaries()));
        }
        term.println("");
        return 0;
    }

    static int database(Node node, Terminal term) {
        Ospf o = ospf(node, term);
        if (o == null) {
            return 0;
        }
        term.println("");
        term.println("       OSPF Router with ID (" + Ip4.str(o.routerId()) + ")");
        term.println("");
        term.println("                Router Link States (Area " + Ip4.str(o.area()) + ")");
        term.println("");
        term.println("Link ID         ADV Router      Age  Seq#       CkSum  Link count");
        for (Ospf.LsaView l : o.database()) {
            term.println(String.format("%-15s%-15s %4d 0x%08x 0x%04x %d", Ip4.str(l.id()), Ip4.str(l.advRouter()), l.age(),
                    l.seq(), l.checksum(), l.links()));
        }
        term.println("");
        term.println("");
        return 0;
    }

    static int route(Node node, Terminal term) {
        Ospf o = ospf(node, term);
        if (o == null) {
            return 0;
        }
        term.println("============ OSPF network routing table ============");
        for (OspfRoute r : o.routes()) {
            term.println(String.format("N    %-18s    [%d] area: %s", Ip4.str(r.network()) + "/" + r.length(), r.cost(),
                    Ip4.str(o.area())));
            if (r.connected() != null) {
                term.println(String.format("%24s   directly attached to %s", "", r.connected().name()));
            }
            for (OspfRoute.NextHop h : r.nextHops()) {
                term.println(String.format("%24s   via %s, %s", "", Ip4.str(h.gateway()), h.iface().name()));
            }
        }
        term.println("");
        term.println("============ OSPF router routing table =============");
        term.println("");
        term.println("============ OSPF external routing table ===========");
        term.println("");
        return 0;
    }
}
