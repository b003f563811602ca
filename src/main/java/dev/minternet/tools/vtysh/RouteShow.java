package dev.minternet.tools.vtysh;

import dev.minternet.ip.Route;
import dev.minternet.node.Node;
import dev.minternet.routing.bgp.BgpSpeaker;
import dev.minternet.routing.bgp.RibEntry;
import dev.minternet.routing.ospf.Ospf;
import dev.minternet.routing.ospf.OspfRoute;
import dev.minternet.tools.Terminal;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code show ip route} as zebra (FRR 8.4) prints it: the codes legend, then per prefix its
 * routes, newest source first: OSPF ({@code O}, distance 110, with the routes to its own networks
 * shown but not selected), routes the kernel holds from the scenario's {@code routes:}
 * ({@code K}, as {@code ip route add} would have put them there) and connected networks
 * ({@code C}), and BGP's ({@code B}, distance 20 for eBGP and 200 for iBGP, the MED as metric; a
 * next hop that is not on a connected network is shown "(recursive)" with the gateway it resolves
 * to indented below it, as zebra shows it). {@code >} marks the selected route, {@code *} a next hop
 * in the FIB; an equal-cost route's further next hops (OSPF ECMP, BGP multipath) follow on their
 * own lines. When OSPF and BGP both have a route to a prefix, both are listed (the one installed
 * last first) and only the one the routing table selected by administrative distance
 * ({@link dev.minternet.ip.RoutingTable#selected}) carries {@code >*}, as zebra shows its RIB.
 * {@code show ip route A.B.C.D[/M]} prints the same entries of one prefix in zebra's detail form.
 */
final class RouteShow {
    static final int OSPF_DISTANCE = Route.OSPF;
    static final String[] LEGEND = {
        "Codes: K - kernel route, C - connected, S - static, R - RIP,",
        "       O - OSPF, I - IS-IS, B - BGP, E - EIGRP, N - NHRP,",
        "       T - Table, v - VNC, V - VNC-Direct, A - Babel, F - PBR,",
        "       f - OpenFabric,",
        "       > - selected route, * - FIB route, q - queued, r - rejected, b - backup",
        "       t - trapped, o - offload failure",
    };

    private RouteShow() {
    }

    /**
     * One route entry of a prefix: its code letter, its lines in {@code show ip route} and its block
     * in {@code show ip route A.B.C.D[/M]} (vty_show_ip_route_detail: "Routing entry for", "Known
     * via", "Last update", a line per next hop with {@code *} when in the FIB, then a blank line).
     */
    private record Block(String code, List<String> summary, List<String> detail) {
    }

    /** The detail block of an entry: {@code hops} already in show_nexthop_detail_helper's form. */
    private static List<String> detail(String prefix, String type, int distance, long metric, boolean best, String age,
                                       List<String> hops) {
        List<String> d = new ArrayList<>();
        d.add("Routing entry for " + prefix);
        d.add("  Known via \"" + type + "\", distance " + distance + ", metric " + metric + (best ? ", best" : ""));
        d.add("  Last update " + age + " ago");
        d.addAll(hops);
        d.add("");
        return d;
    }

    static int route(Node node, Terminal term) {
        return route(node, null, term);
    }

    /**
     * {@code show ip route [PROTOCOL]}: with a protocol (connected, kernel, static, ospf, bgp) only
     * its routes, by their code letter, and zebra's legend only above a first route, as zebra prints
     * it (nothing when none is of that protocol).
     */
    static int route(Node node, String protocol, Terminal term) {
        String code = protocol == null ? null : switch (protocol) {
            case "connected" -> "C";
            case "kernel" -> "K";
            case "static" -> "S";
            case "ospf" -> "O";
            default -> "B";
        };
        Map<Long, List<Block>> lines = rib(node);
        boolean header = false;
        for (List<Block> l : lines.values()) {
            for (Block b : l) {
                if (code != null && !b.code().equals(code)) {
                    continue;
                }
                if (!header) {
                    for (String g : LEGEND) {
                        term.println(g);
                    }
                    term.println("");
                    header = true;
                }
                b.summary().forEach(term::println);
            }
        }
        return 0;
    }

    /**
     * {@code show ip route A.B.C.D} (the most specific prefix holding it) or {@code show ip route
     * A.B.C.D/M} (that prefix): each of its entries in zebra's detail form, or {@code % Network not
     * in table}.
     */
    static int detail(Node node, String what, Terminal term) {
        String[] p = what.split("/", 2);
        int addr = Ip4.parse(p[0]);
        Map<Long, List<Block>> lines = rib(node);
        List<Block> found = null;
        int from = p.length == 2 ? Integer.parseInt(p[1]) : 32;
        int to = p.length == 2 ? from : 0;
        for (int len = from; len >= to && found == null; len--) {
            found = lines.get(key(len == 0 ? 0 : addr & (-1 << (32 - len)), len));
        }
        if (found == null) {
            term.println("% Network not in table");
            return 1;
        }
        for (Block b : found) {
            b.detail().forEach(term::println);
        }
        return 0;
    }

    /** The RIB's entries by prefix, newest first within one, as zebra keeps and lists them. */
    private static Map<Long, List<Block>> rib(Node node) {
        Ospf o = node.service(Ospf.class);
        long now = node.sim().now();
        Map<Long, List<Block>> lines = new TreeMap<>();
        Map<Long, Boolean> selected = new TreeMap<>();
        // connected and kernel routes are what the kernel table holds; OSPF's own come from its SPF
        for (Route r : node.ip().table().routes()) {
            long key = key(r.network(), r.length());
            if (r.proto().equals("kernel") && r.iface().isUp()) {
                // since the interface came up: when the router booted (before 0 s after a warm-up), or its last carrier
                long since = o == null ? node.sim().startTime() : o.upSince(r.iface());
                String age = Uptime.route(now - since);
                String pfx = prefix(r.network(), r.length());
                add(lines, key, new Block("C", List.of("C>* " + pfx + " is directly connected, " + r.iface().name() + ", " + age),
                        detail(pfx, "connected", 0, 0, true, age, List.of("  * directly connected, " + r.iface().name()))));
                selected.put(key, true);
            }
        }
        for (Route r : node.ip().table().routes()) {
            long key = key(r.network(), r.length());
            if (r.proto().equals("static") && r.iface().isUp()) {
                boolean sel = !selected.containsKey(key);
                String pfx = prefix(r.network(), r.length());
                String age = Uptime.route(now - node.sim().startTime());
                String head = "K" + (sel ? ">*" : "  ") + " " + pfx + " [0/" + r.metric() + "]";
                String hop = "  " + (sel ? "*" : " ") + (r.gateway() != 0 ? " " + Ip4.str(r.gateway()) + ", via " + r.iface().name()
                        : " directly connected, " + r.iface().name());
                add(lines, key, new Block("K", List.of(head + (r.gateway() != 0 ? " via " + Ip4.str(r.gateway()) + ", " + r.iface().name()
                        : " is directly connected, " + r.iface().name()) + ", " + age),
                        detail(pfx, "kernel", 0, r.metric(), sel, age, List.of(hop))));
                selected.put(key, true);
            }
        }
        // OSPF's and BGP's candidates for one prefix, newest first: when each was last installed
        Map<Long, Long> ospfSince = new TreeMap<>();
        if (o != null) {
            for (OspfRoute r : o.routes()) {
                long key = key(r.network(), r.length());
                String age = Uptime.route(now - r.sinceNs());
                String p = prefix(r.network(), r.length()) + " [" + OSPF_DISTANCE + "/" + r.zebraMetric() + "]";
                List<String> own = new ArrayList<>();
                List<String> hops = new ArrayList<>();
                boolean best = false;
                if (r.connected() != null) {
                    own.add("O   " + p + " is directly connected, " + r.connected().name() + ", weight 1, " + age);
                    hops.add("    directly connected, " + r.connected().name() + ", weight 1");
                } else {
                    boolean sel = !selected.containsKey(key) && zebraSelected(node, r.network(), r.length(), "ospf");
                    ospfSince.put(key, r.sinceNs());
                    String head = "O" + (sel ? ">*" : "  ") + " " + p;
                    for (int i = 0; i < r.nextHops().size(); i++) {
                        OspfRoute.NextHop h = r.nextHops().get(i);
                        String via = " via " + Ip4.str(h.gateway()) + ", " + h.iface().name() + ", weight 1, " + age;
                        own.add(i == 0 ? head + via : "  " + (sel ? "*" : " ") + " ".repeat(head.length() - 3) + via);
                        hops.add("  " + (sel ? "*" : " ") + " " + Ip4.str(h.gateway()) + ", via " + h.iface().name() + ", weight 1");
                    }
                    best = sel;
                }
                add(lines, key, new Block("O", own, detail(prefix(r.network(), r.length()), "ospf", OSPF_DISTANCE, r.zebraMetric(),
                        best, age, hops))); // newest first, as zebra lists them
            }
        }
        BgpSpeaker bgp = node.service(BgpSpeaker.class);
        if (bgp != null) {
            for (RibEntry e : bgp.rib()) {
                if (e.best() == null || e.best().local()) {
                    continue;
                }
                List<BgpSpeaker.Path> hops = new ArrayList<>();
                for (BgpSpeaker.Path p : e.multipaths()) {
                    if (p.iface() != null) {
                        hops.add(p);
                    }
                }
                if (hops.isEmpty()) {
                    continue;
                }
                long key = key(e.prefix().network(), e.prefix().length());
                boolean sel = !selected.containsKey(key)
                        && zebraSelected(node, e.prefix().network(), e.prefix().length(), "bgp");
                String age = Uptime.route(now - e.installedSinceNs());
                BgpSpeaker.Path best = e.best();
                long med = Math.max(best.attrs().med(), 0);
                String p = e.prefix() + " [" + (best.external() ? 20 : 200) + "/" + med + "]";
                List<String> own = new ArrayList<>();
                List<String> detailHops = new ArrayList<>();
                int headLen = 4 + p.length();
                java.util.Set<String> fib = new java.util.TreeSet<>();
                for (int i = 0; i < hops.size(); i++) {
                    BgpSpeaker.Path h = hops.get(i);
                    int nh = h.attrs().nextHop();
                    boolean recursive = h.gateway() != nh;
                    String gw = h.gateway() + "/" + h.iface().name();
                    boolean dup = !fib.add(gw);
                    String star = sel && !recursive && !dup ? "*" : " ";
                    String via = recursive ? " via " + Ip4.str(nh) + " (recursive), weight 1, " + age
                            : " via " + Ip4.str(nh) + ", " + h.iface().name() + ", weight 1, " + age;
                    own.add(i == 0 ? "B" + (sel ? ">" : " ") + star + " " + p + via
                            : "  " + star + " ".repeat(headLen - 3) + via);
                    detailHops.add(recursive ? "    " + Ip4.str(nh) + " (recursive), weight 1"
                            : "  " + star + " " + Ip4.str(nh) + ", via " + h.iface().name() + ", weight 1");
                    if (recursive) {
                        own.add("  " + (sel && !dup ? "*" : " ") + " ".repeat(headLen - 1) + " via "
                                + Ip4.str(h.gateway()) + ", " + h.iface().name() + ", weight 1, " + age);
                        detailHops.add("  " + (sel && !dup ? "*" : " ") + "   " + Ip4.str(h.gateway()) + ", via " + h.iface().name()
                                + ", weight 1");
                    }
                }
                // after OSPF's route when that was installed later (zebra links the newest first)
                Long ospf = ospfSince.get(key);
                int at = ospf != null && ospf > e.installedSinceNs() ? 1 : 0;
                lines.computeIfAbsent(key, k -> new ArrayList<>()).add(at, new Block("B", own,
                        detail(e.prefix().toString(), "bgp", best.external() ? 20 : 200, med, sel, age, detailHops)));
            }
        }
        return lines;
    }

    /**
     * Whether zebra selected {@code proto}'s route for the prefix: the routing table's choice by
     * administrative distance, or nothing installed for it at all (the protocol's own view stands).
     */
    private static boolean zebraSelected(Node node, int network, int length, String proto) {
        Route r = node.ip().table().selected(network, length);
        return r == null || r.proto().equals(proto);
    }

    private static void add(Map<Long, List<Block>> lines, long key, Block b) {
        lines.computeIfAbsent(key, k -> new ArrayList<>()).add(0, b);
    }

    private static long key(int network, int length) {
        return (Integer.toUnsignedLong(network) << 6) | length;
    }

    private static String prefix(int network, int length) {
        return Ip4.str(network) + "/" + length;
    }
}
