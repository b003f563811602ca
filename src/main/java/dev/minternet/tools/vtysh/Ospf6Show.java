package dev.minternet.tools.vtysh;

import dev.minternet.ip.NetInterface;
import dev.minternet.node.Node;
import dev.minternet.routing.ospf.Ospf6;
import dev.minternet.tools.Terminal;
import dev.minternet.wire.Ip4;
import java.util.List;

/**
 * {@code show ipv6 ospf6 neighbor}, {@code show ipv6 ospf6 database} and {@code show ipv6 ospf6
 * route} with the printf formats of FRR 8.4's ospf6d (ospf6_neighbor.c, ospf6_lsa.c, ospf6d.c,
 * ospf6_route.c).
 */
final class Ospf6Show {
    static final String NOT_FOUND = "% OSPFv3 instance not found";

    private Ospf6Show() {
    }

    private static Ospf6 ospf6(Node node, Terminal term) {
        Ospf6 o = node.service(Ospf6.class);
        if (o == null) {
            term.println(NOT_FOUND);
        }
        return o;
    }

    static int neighbor(Node node, Terminal term) {
        Ospf6 o = ospf6(node, term);
        if (o == null) {
            return 0;
        }
        long now = node.sim().now();
        term.println(String.format("%-15s %3s %11s %8s/%-12s %11s %s[%s]", "Neighbor ID", "Pri", "DeadTime", "State",
                "IfState", "Duration", "I/F", "State"));
        for (Ospf6.NeighborView n : o.neighbors()) {
            long dead = n.deadInNs() / 1_000_000_000L;
            term.println(String.format("%-15s %3d %11s %8s/%-12s %11s %s[%s]", Ip4.str(n.routerId()), n.priority(),
                    String.format("%02d:%02d:%02d", dead / 3600, dead / 60 % 60, dead % 60), n.state(), n.role(),
                    Uptime.ospf6(now - n.sinceNs()), n.iface().name(), n.ifState()));
        }
        return 0;
    }

    static int database(Node node, Terminal term) {
        Ospf6 o = ospf6(node, term);
        if (o == null) {
            return 0;
        }
        List<Ospf6.LsaView> all = o.database();
        String area = Ip4.str(o.area());
        title(term, "Area Scoped Link State Database (Area " + area + ")");
        rows(term, all.stream().filter(l -> l.scope() == null).toList());
        for (NetInterface i : o.interfaces()) {
            title(term, "I/F Scoped Link State Database (I/F " + i.name() + " in Area " + area + ")");
            rows(term, all.stream().filter(l -> l.scope() == i).toList());
        }
        title(term, "AS Scoped Link State Database");
        rows(term, List.of());
        term.println("");
        return 0;
    }

    private static void title(Terminal term, String t) {
        term.println("");
        term.println("        " + t);
        term.println("");
    }

    /** ospf6_lsa_show_summary: a line for each neighbour, attached router or prefix of the LSA. */
    private static void rows(Terminal term, List<Ospf6.LsaView> lsas) {
        term.println(String.format("%-4s %-15s%-15s%4s %8s %30s", "Type", "LSId", "AdvRouter", "Age", "SeqNum", "Payload"));
        for (Ospf6.LsaView l : lsas) {
            for (String p : l.payload()) {
                term.println(String.format("%-4s %-15s%-15s%4d %8x %30s", Ospf6.shortName(l.type()), Ip4.str(l.id()),
                        Ip4.str(l.advRouter()), l.age(), l.seq(), p));
            }
        }
    }

    /** ospf6_route_show: best mark, N (a network), IA (intra-area), the prefix, each next hop with its interface and the age. */
    static int route(Node node, Terminal term) {
        Ospf6 o = ospf6(node, term);
        if (o == null) {
            return 0;
        }
        long now = node.sim().now();
        for (Ospf6.Route r : o.routes()) {
            boolean first = true;
            for (Ospf6.Hop h : r.hops()) {
                String via = h.gateway() == null ? "::" : h.gateway().toString();
                if (first) {
                    term.println(String.format("%c%1s %2s %-30s %-25s %6.16s %s", '*', "N", "IA",
                            r.prefix() + "/" + r.length(), via, h.iface().name(), Uptime.ospf6(now - r.sinceNs())));
                    first = false;
                } else {
                    term.println(String.format("%c%1s %2s %-30s %-25s %6.16s %s", ' ', "", "", "", via, h.iface().name(),
                            ""));
                }
            }
        }
        return 0;
    }
}
