package dev.minternet.tools.vtysh;

import dev.minternet.ip.Route;
import dev.minternet.node.Node;
import dev.minternet.routing.bgp.BgpSpeaker;
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
        Ospf o = node.service(Ospf.class);
        long now = node.sim().now();
        Map<Long, List<String>> lines = new TreeMap<>();
        Map<Long, Boolean> selected = new TreeMap<>();
        // connected and kernel routes are what the kernel table holds; OSPF's own come from its SPF
        for (Route r : node.ip().table().routes()) {
            long key = key(r.network(), r.length());
            if (r.proto().equals("kernel") && r.iface().isUp()) {
                // since the interface came up: when the router booted (before 0 s after a warm-up), or its last carrier
                long since = o == null ? node.sim().startTime() : o.upSince(r.iface());
                add(lines, key, "C>* " + prefix(r.network(), r.length()) + " is directly connected, " + r.iface().name()
                        + ", " + Uptime.route(now - since));
                selected.put(key, true);
            }
        }
        for (Route r : node.ip().table().routes()) {
            long key = key(r.network(), r.length());
            if (r.proto().equals("static") && r.iface().isUp()) {
                boolean sel = !selected.containsKey(key);
                String head = "K" + (sel ? ">*" : "  ") + " " + prefix(r.network(), r.length()) + " [0/" + r.metric() + "]";
                add(lines, key, head + (r.gateway() != 0 ? " via " + Ip4.str(r.gateway()) + ", " + r.iface().name()
                        : " is directly connected, " + r.iface().name()) + ", " + Uptime.route(now - node.sim().startTime()));
                selected.put(key, true);
            }
        }
        // OSPF's and BGP's candidates for one prefix, newest first: when each was last installed
        Map<Long, Long> ospfSince = new TreeMap<>();
        Map<Long, Integer> ospfLines = new TreeMap<>();
        if (o != null) {
            for (OspfRoute r : o.routes()) {
                long key = key(r.network(), r.length());
                String age = Uptime.route(now - r.sinceNs());
                String p = prefix(r.network(), r.length()) + " [" + OSPF_DISTANCE + "/" + r.zebraMetric() + "]";
                List<String> own = new ArrayList<>();
                if (r.connected() != null) {
                    own.add("O   " + p + " is directly connected, " + r.connected().name() + ", weight 1, " + age);
                } else {
                    boolean sel = !selected.containsKey(key) && zebraSelected(node, r.network(), r.length(), "ospf");
                    ospfSince.put(key, r.sinceNs());
                    ospfLines.put(key, r.nextHops().size());
                    String head = "O" + (sel ? ">*" : "  ") + " " + p;
                    for (int i = 0; i < r.nextHops().size(); i++) {
                        OspfRoute.NextHop h = r.nextHops().get(i);
                        String via = " via " + Ip4.str(h.gateway()) + ", " + h.iface().name() + ", weight 1, " + age;
                        own.add(i == 0 ? head + via : "  " + (sel ? "*" : " ") + " ".repeat(head.length() - 3) + via);
                    }
                }
                lines.computeIfAbsent(key, k -> new ArrayList<>()).addAll(0, own); // newest first, as zebra lists them
            }
        }
        BgpSpeaker bgp = node.service(BgpSpeaker.class);
        if (bgp != null) {
            for (BgpSpeaker.RibEntry e : bgp.rib()) {
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
                    if (recursive) {
                        own.add("  " + (sel && !dup ? "*" : " ") + " ".repeat(headLen - 1) + " via "
                                + Ip4.str(h.gateway()) + ", " + h.iface().name() + ", weight 1, " + age);
                    }
                }
                // after OSPF's route when that was installed later (zebra links the newest first)
                Long ospf = ospfSince.get(key);
                int at = ospf != null && ospf > e.installedSinceNs() ? ospfLines.get(key) : 0;
                lines.computeIfAbsent(key, k -> new ArrayList<>()).addAll(at, own);
            }
        }
        boolean header = false;
        boolean keep = false;
        for (List<String> l : lines.values()) {
            for (String s : l) {
                keep = s.startsWith(" ") ? keep : code == null || s.startsWith(code);
                if (keep && !header) {
                    for (String g : LEGEND) {
                        term.println(g);
                    }
                    term.println("");
                    header = true;
                }
                if (keep) {
                    term.println(s);
                }
            }
        }
        return 0;
    }

    /**
     * Whether zebra selected {@code proto}'s route for the prefix: the routing table's choice by
     * administrative distance, or nothing installed for it at all (the protocol's own view stands).
     */
    private static boolean zebraSelected(Node node, int network, int length, String proto) {
        Route r = node.ip().table().selected(network, length);
        return r == null || r.proto().equals(proto);
    }

    private static void add(Map<Long, List<String>> lines, long key, String line) {
        lines.computeIfAbsent(key, k -> new ArrayList<>()).add(0, line);
    }

    private static long key(int network, int length) {
        return (Integer.toUnsignedLong(network) << 6) | length;
    }

    private static String prefix(int network, int length) {
        return Ip4.str(network) + "/" + length;
    }
}
