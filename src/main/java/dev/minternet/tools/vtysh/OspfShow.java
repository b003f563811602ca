package dev.minternet.tools.vtysh;

import dev.minternet.ip.NetInterface;
import dev.minternet.node.Node;
import dev.minternet.routing.ospf.Ospf;
import dev.minternet.routing.ospf.OspfConfig;
import dev.minternet.routing.ospf.OspfRoute;
import dev.minternet.tools.Terminal;
import dev.minternet.wire.Ip4;

/**
 * {@code show ip ospf neighbor}, {@code show ip ospf interface}, {@code show ip ospf database} and
 * {@code show ip ospf route} as FRR 8.4 prints them, and {@code show ip ospf} (the process and its areas).
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

    /**
     * {@code show ip ospf database}: area by area, the Router-, Net-, Summary-, ASBR-Summary- and
     * NSSA-external-LSAs, then the AS-external ones once, as FRR 8.4 lists them.
     */
    static int database(Node node, Terminal term) {
        Ospf o = ospf(node, term);
        if (o == null) {
            return 0;
        }
        term.println("");
        term.println("       OSPF Router with ID (" + Ip4.str(o.routerId()) + ")");
        term.println("");
        String[] titles = {"", "Router Link States", "Net Link States", "Summary Link States", "ASBR-Summary Link States",
                "", "", "NSSA-external Link States"};
        String[] columns = {"", "  Link count", "", "  Route", "", "", "", "  Route"};
        java.util.List<Ospf.LsaView> all = o.database();
        for (int area : o.areaIds()) {
            OspfConfig.AreaConfig ac = o.config().area(area);
            for (int type : new int[] {1, 2, 3, 4, 7}) {
                int t = type;
                java.util.List<Ospf.LsaView> lsas = all.stream().filter(l -> l.area() == area && l.type() == t).toList();
                if (lsas.isEmpty()) {
                    continue;
                }
                term.println("                " + titles[type] + " (Area " + Ip4.str(area)
                        + (ac.stub() ? " [Stub]" : ac.nssa() ? " [NSSA]" : "") + ")");
                term.println("");
                term.println("Link ID         ADV Router      Age  Seq#       CkSum" + columns[type]);
                for (Ospf.LsaView l : lsas) {
                    String tail = type == 1 ? " " + l.links()
                            : type == 3 ? " " + Ip4.str(l.id() & l.mask()) + "/" + Integer.bitCount(l.mask())
                            : type == 7 ? " " + external(l) : "";
                    term.println(String.format("%-15s%-15s %4d 0x%08x 0x%04x", Ip4.str(l.id()), Ip4.str(l.advRouter()),
                            l.age(), l.seq(), l.checksum()) + tail);
                }
                term.println("");
            }
        }
        java.util.List<Ospf.LsaView> external = all.stream().filter(l -> l.type() == 5).toList();
        if (!external.isEmpty()) { // AS scope: once, after the areas
            term.println("                AS External Link States");
            term.println("");
            term.println("Link ID         ADV Router      Age  Seq#       CkSum  Route");
            for (Ospf.LsaView l : external) {
                term.println(String.format("%-15s%-15s %4d 0x%08x 0x%04x %s", Ip4.str(l.id()),
                        Ip4.str(l.advRouter()), l.age(), l.seq(), l.checksum(), external(l)));
            }
            term.println("");
        }
        term.println("");
        return 0;
    }

    /** An AS- or NSSA-external LSA's route column: metric type, prefix and route tag, as ospfd's show_lsa_summary. */
    private static String external(Ospf.LsaView l) {
        return String.format("%s %s/%d [0x0]", l.type2() ? "E2" : "E1", Ip4.str(l.id() & l.mask()),
                Integer.bitCount(l.mask()));
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
                    + Ip4.str(nic.cidr().network() | ~Ip4.mask(len)) + ", Area " + Ip4.str(i.area()));
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

    /**
     * {@code show ip ospf route}: the network routing table (intra-area routes {@code N}, inter-area
     * ones {@code N IA}), then the router routing table (the area border routers reached, with the
     * area each was reached in), then the external one (empty: no AS-external LSAs).
     */
    static int route(Node node, Terminal term) {
        Ospf o = ospf(node, term);
        if (o == null) {
            return 0;
        }
        term.println("============ OSPF network routing table ============");
        java.util.List<OspfConfig.Range> discards = new java.util.ArrayList<>(o.discardRoutes());
        discards.sort((x, y) -> x.network() != y.network() ? Integer.compareUnsigned(x.network(), y.network())
                : Integer.compare(x.length(), y.length()));
        for (OspfRoute r : o.routes()) {
            if (r.external()) {
                continue;
            }
            while (!discards.isEmpty() && before(discards.get(0), r)) {
                discard(term, discards.remove(0));
            }
            term.println(String.format("%s %-18s    [%d] area: %s", r.interArea() ? "N IA" : "N   ",
                    Ip4.str(r.network()) + "/" + r.length(), r.cost(), Ip4.str(r.area())));
            if (r.connected() != null) {
                term.println(String.format("%24s   directly attached to %s", "", r.connected().name()));
            }
            hops(term, r.nextHops());
        }
        for (OspfConfig.Range d : discards) {
            discard(term, d);
        }
        term.println("");
        term.println("============ OSPF router routing table =============");
        int last = 0;
        boolean first = true;
        for (Ospf.BorderRouterView b : o.borderRouters()) {
            String head = !first && b.routerId() == last ? String.format("%24s", "")
                    : String.format("R    %-15s    ", Ip4.str(b.routerId()));
            term.println(head + String.format("%s [%d] area: %s%s%s", b.interArea() ? "IA" : "  ", b.cost(),
                    Ip4.str(b.area()), b.abr() ? ", ABR" : "", b.asbr() ? ", ASBR" : ""));
            hops(term, b.nextHops());
            last = b.routerId();
            first = false;
        }
        term.println("");
        term.println("============ OSPF external routing table ===========");
        for (OspfRoute r : o.routes()) {
            if (r.metricType() == 2) {
                term.println(String.format("N E2 %-18s    [%d/%d] tag: 0", Ip4.str(r.network()) + "/" + r.length(),
                        r.cost(), r.type2Cost()));
                hops(term, r.nextHops());
            } else if (r.metricType() == 1) {
                term.println(String.format("N E1 %-18s    [%d] tag: 0", Ip4.str(r.network()) + "/" + r.length(),
                        r.cost()));
                hops(term, r.nextHops());
            }
        }
        term.println("");
        return 0;
    }

    /** Whether a discard entry comes before route {@code r} in the table's prefix order. */
    private static boolean before(OspfConfig.Range d, OspfRoute r) {
        return d.network() != r.network() ? Integer.compareUnsigned(d.network(), r.network()) < 0
                : d.length() < r.length();
    }

    /** An active range's discard route, as ospfd lists it. */
    private static void discard(Terminal term, OspfConfig.Range d) {
        term.println(String.format("D IA %-18s    Discard entry", Ip4.str(d.network()) + "/" + d.length()));
    }

    private static void hops(Terminal term, java.util.List<OspfRoute.NextHop> hops) {
        for (OspfRoute.NextHop h : hops) {
            term.println(String.format("%24s   via %s, %s", "", Ip4.str(h.gateway()), h.iface().name()));
        }
    }

    /** {@code show ip ospf}: the process (router ID, timers, whether it is an area border router), then each area. */
    static int process(Node node, Terminal term) {
        Ospf o = ospf(node, term);
        if (o == null) {
            return 0;
        }
        OspfConfig c = o.config();
        Ospf.ProcessView p = o.process();
        term.println("");
        term.println(" OSPF Routing Process, Router ID: " + Ip4.str(o.routerId()));
        term.println(" Supports only single TOS (TOS0) routes");
        term.println(" This implementation conforms to RFC2328");
        term.println(" RFC1583Compatibility flag is disabled");
        term.println(" OpaqueCapability flag is disabled");
        term.println(" Initial SPF scheduling delay " + c.spfDelayNs() / 1_000_000 + " millisec(s)");
        term.println(" Minimum hold time between consecutive SPFs " + c.spfHoldNs() / 1_000_000 + " millisec(s)");
        term.println(" Maximum hold time between consecutive SPFs " + c.spfMaxHoldNs() / 1_000_000 + " millisec(s)");
        term.println(" Hold time multiplier is currently " + p.holdMultiplier());
        if (p.lastSpfAgoNs() < 0) {
            term.println(" SPF algorithm has not been run");
        } else {
            term.println(" SPF algorithm last executed " + Uptime.ospf(p.lastSpfAgoNs()) + " ago");
            term.println(" Last SPF duration " + Uptime.ospf(0)); // SPF takes no simulated time
        }
        term.println(" SPF timer " + (p.spfDueNs() < 0 ? "is inactive" : "due in " + Uptime.ospf(p.spfDueNs())));
        term.println(" LSA minimum interval 5000 msecs");
        term.println(" LSA minimum arrival 1000 msecs");
        term.println(" Write Multiplier set to 20 ");
        term.println(" Refresh timer 10 secs");
        term.println(" Maximum multiple paths(ECMP) supported 256");
        term.println(" Administrative distance 110");
        if (o.isAbr()) {
            term.println(" This router is an ABR, ABR type is: Alternative Cisco");
        }
        if (o.isAsbr()) {
            term.println(" This router is an ASBR (injecting external routing information)");
        }
        long[] ext = o.externalCount();
        term.println(String.format(" Number of external LSA %d. Checksum Sum 0x%08x", ext[0], ext[1]));
        term.println(" Number of opaque AS LSA 0. Checksum Sum 0x00000000");
        java.util.List<Ospf.AreaView> areas = o.areaViews();
        term.println(" Number of areas attached to this router: " + areas.size());
        term.println(" All adjacency changes are logged");
        String[] names = {"", "router", "network", "summary", "ASBR summary"};
        for (Ospf.AreaView a : areas) {
            if (a.id() == 0) {
                term.println(" Area ID: 0.0.0.0 (Backbone)");
            } else {
                term.println(" Area ID: " + Ip4.str(a.id()) + (a.stub() || a.nssa() ? " (" + (a.stub() ? "Stub" : "NSSA")
                        + (a.noSummary() ? ", no summary" : "") + ")" : ""));
                term.println("   Shortcutting mode: Default, S-bit consensus: " + (a.otherRouters() ? "no" : "ok"));
            }
            term.println("   Number of interfaces in this area: Total: " + a.interfaces() + ", Active: " + a.active());
            if (a.nssa()) { // as ospfd's show_ip_ospf_area
                term.println("   It is an NSSA configuration.");
                term.println("   Elected NSSA/ABR performs type-7/type-5 LSA translation.");
                boolean[] t = o.translator(a.id());
                String role = o.config().area(a.id()).translate();
                if (!t[0]) {
                    term.println("   It is not ABR, therefore not Translator.");
                } else if (t[1]) {
                    term.println("   We are an ABR and " + (OspfConfig.TRANSLATE_ALWAYS.equals(role)
                            ? "always an NSSA Translator." : "the NSSA Elected Translator."));
                } else {
                    term.println("   We are an ABR, but " + (OspfConfig.TRANSLATE_NEVER.equals(role)
                            ? "never an NSSA Translator." : "not the NSSA Elected Translator."));
                }
            }
            term.println("   Number of fully adjacent neighbors in this area: " + a.fullNeighbors());
            term.println("   Area has no authentication");
            if (a.id() != 0) {
                term.println("   Number of full virtual adjacencies going through this area: 0");
            }
            term.println("   SPF algorithm executed " + a.spfRuns() + " times");
            term.println("   Number of LSA " + a.lsas());
            for (int t = 1; t <= 4; t++) {
                term.println(String.format("   Number of %s LSA %d. Checksum Sum 0x%08x", names[t], a.counts()[t],
                        a.checksums()[t]));
            }
            term.println(String.format("   Number of NSSA LSA %d. Checksum Sum 0x%08x", a.counts()[7], a.checksums()[7]));
            term.println("   Number of opaque link LSA 0. Checksum Sum 0x00000000");
            term.println("   Number of opaque area LSA 0. Checksum Sum 0x00000000");
            term.println("");
        }
        term.println("");
        return 0;
    }
}
