package dev.minternet.tools;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip.Route;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ip route show|list [SELECTORS]} over IPv4 as iproute2 6.1 selects and prints: {@code table
 * main|local|all|N}, {@code dev}, {@code proto}, {@code scope}, {@code via}, a prefix that must be
 * the route's own ({@code exact}, or bare, {@code default} among them), {@code root} (routes inside
 * it) and {@code match} (routes that contain it); a field the filter fixes is left out of each
 * line, as iproute2 leaves it out. The local table is the kernel's, made from the addresses:
 * {@code local} for each address and {@code broadcast} for each subnet's broadcast address.
 * {@code table all} without {@code -4} shows the IPv6 tables after them ({@link Ip6RouteShow}).
 */
final class IpRouteShow {
    private IpRouteShow() {
    }

    /** One line of a table: a main-table route, or a local-table entry. */
    private record Line(String type, int network, int length, Route route, NetInterface iface, int src, String scope,
                        String proto, boolean local) {
    }

    /** @param unspec no family was asked ({@code -4} not given): {@code table all} shows the IPv6 tables after IPv4's */
    static int run(Node node, List<String> args, boolean unspec, Terminal term) {
        String table = "main";
        String dev = null;
        String proto = null;
        String scope = null;
        Integer via = null;
        int[] prefix = null; // network, length, mode (0 exact, 1 root, 2 match)
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String v = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (a) {
                case "table", "dev", "oif", "proto", "protocol", "scope", "via", "root", "match", "exact" -> {
                    if (v == null) {
                        term.println("Command line is not complete. Try option \"help\"");
                        return 255;
                    }
                    i++;
                    switch (a) {
                        case "table" -> table = v;
                        case "dev", "oif" -> dev = v;
                        case "proto", "protocol" -> proto = v;
                        case "scope" -> scope = v;
                        case "via" -> {
                            if (!Ip4.isAddress(v)) {
                                term.println("Error: inet address is expected rather than \"" + v + "\".");
                                return 1;
                            }
                            via = Ip4.parse(v);
                        }
                        default -> {
                            prefix = prefix(v, a.equals("root") ? 1 : a.equals("match") ? 2 : 0);
                            if (prefix == null) {
                                term.println("Error: any valid prefix is expected rather than \"" + v + "\".");
                                return 1;
                            }
                        }
                    }
                }
                default -> {
                    prefix = prefix(a, 0);
                    if (prefix == null) {
                        term.println("Error: any valid prefix is expected rather than \"" + a + "\".");
                        return 1;
                    }
                }
            }
        }
        boolean all = table.equals("all") || table.equals("0");
        if (!all && !table.equals("main") && !table.equals("local") && !table.equals("254") && !table.equals("255")) {
            if (!table.matches("\\d+")) {
                term.println("Error: argument \"" + table + "\" is wrong: table id value is invalid");
                term.println(""); // iproute2's invarg ends its message with a newline of its own
                return 255;
            }
            term.println("Error: ipv4: FIB table does not exist.");
            term.println("Dump terminated");
            return 2;
        }
        String device = dev;
        if (dev != null && node.ip().interfaces().stream().noneMatch(f -> f.name().equals(device)) && !dev.equals("lo")) {
            term.println("Cannot find device \"" + dev + "\"");
            return 1;
        }
        List<Line> lines = new ArrayList<>();
        if (all || table.equals("main") || table.equals("254")) {
            for (Route r : NetTools.kernelOrder(node)) {
                String sc = "kernel".equals(r.proto()) || r.gateway() == 0 ? "link" : "global";
                lines.add(new Line(null, r.network(), r.length(), r, r.iface(), 0, sc, r.proto(), false));
            }
        }
        if (all || table.equals("local") || table.equals("255")) {
            lines.addAll(localTable(node));
        }
        for (int k = 0; k < lines.size(); k++) {
            Line l = lines.get(k);
            String name = l.iface() == null ? "lo" : l.iface().name();
            if (dev != null && !dev.equals(name) || proto != null && !proto.equals(l.proto())
                    || scope != null && !scope.equals(l.scope())
                    || via != null && (l.route() == null || l.route().gateway() != via)
                    || prefix != null && !selects(prefix, l.network(), l.length())) {
                continue;
            }
            if (l.route() != null && l.route().gateway() != 0 && dev == null && proto == null && scope == null && via == null) {
                // equal-cost routes of one prefix: one entry with a nexthop each, as ip route prints them
                List<Route> hops = new ArrayList<>(List.of(l.route()));
                while (k + 1 < lines.size() && lines.get(k + 1).route() != null && sameMultipath(l.route(), lines.get(k + 1).route())) {
                    hops.add(lines.get(++k).route());
                }
                if (hops.size() > 1) {
                    term.println(multipath(hops));
                    continue;
                }
            }
            term.println(render(l, all, dev != null, proto != null, scope != null, via != null));
        }
        if (all && unspec && via == null && prefix == null && (scope == null || scope.equals("global"))) {
            // iproute2 asks for AF_UNSPEC when no table id narrows the family: the kernel dumps IPv6 after IPv4
            Ip6RouteShow.print(node, true, true, true, dev, proto, null, term);
        }
        return 0;
    }

    private static boolean sameMultipath(Route r, Route o) {
        return o.network() == r.network() && o.length() == r.length() && o.gateway() != 0 && o.metric() == r.metric()
                && o.proto().equals(r.proto());
    }

    static String multipath(List<Route> hops) {
        Route r = hops.get(0);
        StringBuilder b = new StringBuilder(r.length() == 0 ? "default" : Ip4.str(r.network()) + "/" + r.length())
                .append(" proto ").append(r.proto()).append(r.metric() != 0 ? " metric " + r.metric() : "").append(' ');
        for (Route h : hops) {
            b.append("\n\tnexthop via ").append(Ip4.str(h.gateway())).append(" dev ").append(h.iface().name())
                    .append(" weight 1 ").append(h.iface().isUp() ? "" : "linkdown ");
        }
        return b.toString();
    }

    /** A, A/N or default as iproute2's get_prefix reads them, with the mode; null when it is none. */
    private static int[] prefix(String s, int mode) {
        if (s.equals("default") || s.equals("all") || s.equals("any")) {
            return new int[] {0, 0, s.equals("default") ? mode : 1};
        }
        String[] p = s.split("/", 2);
        if (!Ip4.isAddress(p[0])) {
            return null;
        }
        int len = 32;
        if (p.length == 2) {
            if (!p[1].matches("\\d{1,2}") || Integer.parseInt(p[1]) > 32) {
                return null;
            }
            len = Integer.parseInt(p[1]);
        }
        int mask = len == 0 ? 0 : -1 << (32 - len);
        return new int[] {Ip4.parse(p[0]) & mask, len, mode};
    }

    /** Whether a route to {@code net/len} is selected: its own prefix (exact), inside (root) or containing (match). */
    private static boolean selects(int[] p, int net, int len) {
        int mode = p[2];
        if (mode == 0) {
            return net == p[0] && len == p[1];
        }
        int shorter = mode == 1 ? p[1] : len;
        if (mode == 1 ? len < p[1] : len > p[1]) {
            return false;
        }
        int mask = shorter == 0 ? 0 : -1 << (32 - shorter);
        return (net & mask) == (p[0] & mask);
    }

    /** The local table as the kernel fills it: local A for each address, broadcast for each subnet's last address. */
    private static List<Line> localTable(Node node) {
        List<Line> l = new ArrayList<>();
        int lo = 0x7f000001;
        l.add(new Line("local", 0x7f000000, 8, null, null, lo, "host", "kernel", true));
        l.add(new Line("local", lo, 32, null, null, lo, "host", "kernel", true));
        l.add(new Line("broadcast", 0x7fffffff, 32, null, null, lo, "link", "kernel", true));
        for (int a : node.ip().lo().addresses()) {
            l.add(new Line("local", a, 32, null, null, a, "host", "kernel", true));
        }
        for (NetInterface f : node.ip().interfaces()) {
            int a = f.address();
            if (a == 0 || f.cidr() == null) {
                continue;
            }
            l.add(new Line("local", a, 32, null, f, a, "host", "kernel", true));
            int len = f.cidr().length();
            if (len < 31) {
                int bcast = a | (len == 0 ? -1 : ~(-1 << (32 - len)));
                l.add(new Line("broadcast", bcast, 32, null, f, a, "link", "kernel", true));
            }
        }
        l.sort(java.util.Comparator.comparingLong((Line x) -> Integer.toUnsignedLong(x.network())).thenComparingInt(x -> -x.length()));
        return l;
    }

    /** One line as iproute2 prints it, without the fields the filter fixed. */
    private static String render(Line l, boolean showTable, boolean noDev, boolean noProto, boolean noScope, boolean noVia) {
        StringBuilder b = new StringBuilder();
        if (l.type() != null) {
            b.append(l.type()).append(' ');
        }
        b.append(l.length() == 0 ? "default" : l.length() == 32 ? Ip4.str(l.network()) : Ip4.str(l.network()) + "/" + l.length());
        Route r = l.route();
        if (r != null && r.gateway() != 0 && !noVia) {
            b.append(" via ").append(Ip4.str(r.gateway()));
        }
        if (!noDev) {
            b.append(" dev ").append(l.iface() == null ? "lo" : l.iface().name());
        }
        if (showTable && l.local()) {
            b.append(" table local");
        }
        if (!noProto && !"boot".equals(l.proto())) {
            b.append(" proto ").append(l.proto());
        }
        if (!noScope && !l.scope().equals("global")) {
            b.append(" scope ").append(l.scope());
        }
        if (l.local()) {
            b.append(" src ").append(Ip4.str(l.src()));
        } else if ("kernel".equals(l.proto())) {
            b.append(" src ").append(Ip4.str(r.iface().address()));
        }
        if (r != null && r.metric() != 0) {
            b.append(" metric ").append(r.metric());
        }
        if (r != null && !r.iface().isUp()) {
            b.append(" linkdown");
        }
        return b.append(' ').toString();
    }
}
