package dev.minternet.tools.vtysh;

import dev.minternet.ip.NetInterface;
import dev.minternet.node.Node;
import dev.minternet.routing.ospf.Ospf;
import dev.minternet.routing.ospf.OspfRoute;
import dev.minternet.tools.Terminal;
import dev.minternet.wire.Ip4;

/**
 * {@code show ip ospf neighbor}, {@code show ip ospf interface}, {@code show ip ospf database} and
 * {@code show ip ospf route} as FRR 8.4 prints them.
 */
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
                    n.priority(), n.state() + "/" + n.role(), Uptime.ospf(n.upNs()), Uptime.ospf(n.deadInNs()),
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
        String[] titles = {"", "Router Link States", "Net Link States"};
        for (int type = 1; type <= 2; type++) {
            int t = type;
            java.util.List<Ospf.LsaView> lsas = o.database().stream().filter(l -> l.type() == t).toList();
            if (lsas.isEmpty()) {
                continue;
            }
            term.println("                " + titles[type] + " (Area " + Ip4.str(o.area()) + ")");
            term.println("");
            term.println("Link ID         ADV Router      Age  Seq#       CkSum" + (type == 1 ? "  Link count" : ""));
            for (Ospf.LsaView l : lsas) {
                term.println(String.format("%-15s%-15s %4d 0x%08x 0x%04x", Ip4.str(l.id()), Ip4.str(l.advRouter()), l.age(),
                        l.seq(), l.checksum()) + (type == 1 ? " " + l.links() : ""));
            }
            term.println("");
        }
        term.println("");
        return 0;
    }

    /** {@code show ip ospf interface}: FRR's block per OSPF interface (timers, state, DR and Backup, neighbour counts). */
    static int iface(Node node, Terminal term) {
        Ospf o = ospf(node, term);
        if (o == null) {
            return 0;
        }
        for (Ospf.InterfaceView i : o.interfaces()) {
            NetInterface nic = i.iface();
            term.println(nic.name() + " is " + (nic.isUp() ? "up" : "down"));
            String flags = (nic.isUp() ? "UP," : "") + (nic.isEthernet() ? "BROADCAST," : "POINTOPOINT,")
                    + (nic.isUp() ? "RUNNING," : "") + (nic.isEthernet() ? "MULTICAST" : "NOARP");
            term.println(String.format("  ifindex %d, MTU %d bytes, BW %d Mbit <%s>", nic.index() + 1, nic.mtu(),
                    nic.link() == null ? 0 : nic.link().bandwidthBps() / 1_000_000, flags)); // ifindex as `ip addr` numbers
            int len = nic.cidr().length();
            term.println("  Internet Address " + Ip4.str(nic.address()) + "/" + len + ", Broadcast "
                    + Ip4.str(nic.cidr().network() | ~Ip4.mask(len)) + ", Area " + Ip4.str(o.area()));
            term.println("  MTU mismatch detection: enabled");
            term.println("  Router ID " + Ip4.str(o.routerId()) + ", Network Type " + (i.broadcast() ? "BROADCAST"
                    : "POINTOPOINT") + ", Cost: " + i.cost());
            term.println("  Transmit Delay is 1 sec, State " + i.state() + ", Priority " + i.priority());
            if (i.dr() != 0) {
                term.println("  Designated Router (ID) " + Ip4.str(i.drId()) + " Interface Address " + Ip4.str(i.dr()) + "/"
                        + len);
            }
            if (i.bdr() == 0) {
                term.println("  No backup designated router on this network");
            } else {
                term.println("  Backup Designated Router (ID) " + Ip4.str(i.bdrId()) + ", Interface Address "
                        + Ip4.str(i.bdr()));
            }
            String groups = i.passive() ? "<None>" : i.state().equals("DR") || i.state().equals("Backup")
                    ? "OSPFAllRouters OSPFDesignatedRouters" : "OSPFAllRouters";
            term.println("  Multicast group memberships: " + groups);
            term.println("  Timer intervals configured, Hello " + i.helloSec() + "s, Dead " + i.deadSec() + "s, Wait "
                    + i.deadSec() + "s, Retransmit 5");
            term.println(i.passive() ? "    No Hellos (Passive interface)"
                    : "    Hello due in " + (i.helloDueNs() < 0 ? "inactive" : Uptime.ospf(i.helloDueNs())));
            term.println("  Neighbor Count is " + i.neighbors() + ", Adjacent neighbor count is " + i.adjacent());
        }
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
