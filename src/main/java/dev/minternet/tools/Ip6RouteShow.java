package dev.minternet.tools;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip6.Ip6Interface;
import dev.minternet.ip6.Route6;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code ip -6 route show|list [table main|local|all|N] [dev IFACE] [proto P] [PREFIX]}, and the IPv6
 * half of {@code ip route show table all}, as iproute2 6.1 prints the kernel's IPv6 tables: the main
 * table's routes ({@link dev.minternet.ip6.Ip6Stack#routes} order), then the local table as addrconf fills it:
 * {@code local} for ::1 and each address past duplicate address detection, {@code anycast} for the
 * subnet-router anycast address of each prefix shorter than /127 on a node that forwards (RFC 4291
 * 2.6.1), {@code multicast ff00::/8} on each interface, in address order. A field the filter fixes
 * is left out of each line, as iproute2 leaves it out; {@code table local} is written on local
 * entries when all tables are shown.
 */
final class Ip6RouteShow {
    private Ip6RouteShow() {
    }

    /** One entry: a main-table route, or a local-table one (type local, anycast or multicast). */
    private record Line(String type, Ip6 address, int length, Route6 route, String dev, int metric) {
    }

    /** Runs {@code ip -6 route [show|list] SELECTORS}; returns the exit status. */
    static int run(Node node, List<String> args, Terminal term) {
        int i = 0;
        if (!args.isEmpty() && IpTool.listVerb(args.get(0))) {
            i = 1;
        } else if (!args.isEmpty() && List.of("add", "del", "delete", "change", "append", "replace", "flush").contains(args.get(0))) {
            term.println("ip -6 route " + args.get(0) + ": not simulated (IPv6 routes come from the scenario, addresses and advertisements)");
            return 2;
        } else if (!args.isEmpty()) {
            term.println("Command \"" + args.get(0) + "\" is unknown, try \"ip route help\".");
            return 255;
        }
        String table = "main";
        String dev = null;
        String proto = null;
        Ip6.Cidr prefix = null;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (List.of("table", "dev", "oif", "proto", "protocol").contains(a)) {
                if (i + 1 == args.size()) {
                    term.println("Command line is not complete. Try option \"help\"");
                    return 255;
                }
                String v = args.get(++i);
                switch (a) {
                    case "table" -> table = v;
                    case "dev", "oif" -> dev = v;
                    default -> proto = v;
                }
                continue;
            }
            prefix = a.equals("default") ? new Ip6.Cidr(Ip6.parse("::"), 0) : cidr(a);
            if (prefix == null) {
                term.println("Error: inet6 prefix is expected rather than \"" + a + "\".");
                return 1;
            }
        }
        boolean all = table.equals("all") || table.equals("0");
        boolean main = all || table.equals("main") || table.equals("254");
        boolean local = all || table.equals("local") || table.equals("255");
        if (!main && !local) {
            if (!table.matches("\\d+")) {
                term.println("Error: argument \"" + table + "\" is wrong: table id value is invalid");
                term.println("");
                return 255;
            }
            term.println("Error: ipv6: FIB table does not exist.");
            term.println("Dump terminated");
            return 2;
        }
        String device = dev;
        if (dev != null && !dev.equals("lo") && node.ip().interfaces().stream().noneMatch(f -> f.name().equals(device))) {
            term.println("Cannot find device \"" + dev + "\"");
            return 1;
        }
        print(node, main, local, all, dev, proto, prefix, term);
        return 0;
    }

    /** The selected tables' lines, filtered by {@code dev}, {@code proto} and {@code prefix} (each null for any). */
    static void print(Node node, boolean main, boolean local, boolean all, String dev, String proto, Ip6.Cidr prefix, Terminal term) {
        long now = node.sim().now();
        List<Line> lines = new ArrayList<>();
        if (main && node.ip6IfMade() != null) {
            for (Route6 r : node.ip6IfMade().routes()) {
                lines.add(new Line(null, r.prefix(), r.length(), r, r.iface().name(), r.metric()));
            }
        }
        if (local) {
            lines.addAll(localTable(node));
        }
        boolean filtered = dev != null || proto != null;
        for (int k = 0; k < lines.size(); k++) {
            Line l = lines.get(k);
            String p = l.route() != null ? l.route().proto() : "kernel";
            if (dev != null && !dev.equals(l.dev()) || proto != null && !proto.equals(p)
                    || prefix != null && !(prefix.length() == l.length() && prefix.address().network(l.length()).equals(l.address()))) {
                continue;
            }
            if (l.route() != null && !filtered) {
                List<Route6> siblings = new ArrayList<>(List.of(l.route()));
                while (k + 1 < lines.size() && lines.get(k + 1).route() != null && lines.get(k + 1).route().siblingOf(l.route())) {
                    siblings.add(lines.get(++k).route());
                }
                // a multipath route is one entry with a nexthop line per next hop, as the kernel dumps it
                term.println(siblings.size() == 1 ? l.route().show(now) : Route6.show(siblings));
                continue;
            }
            term.println(render(l, now, all, dev != null, proto != null));
        }
    }

    private static Ip6.Cidr cidr(String s) {
        String[] p = s.split("/", 2);
        if (!Ip6.isAddress(p[0]) || p.length == 2 && (!p[1].matches("\\d{1,3}") || Integer.parseInt(p[1]) > 128)) {
            return null;
        }
        int len = p.length == 2 ? Integer.parseInt(p[1]) : 128;
        return new Ip6.Cidr(Ip6.parse(p[0]).network(len), len);
    }

    /** The local table as addrconf fills it, in the kernel's dump order (by address; one address's entries by interface). */
    private static List<Line> localTable(Node node) {
        List<Line> l = new ArrayList<>();
        l.add(new Line("local", Ip6.parse("::1"), 128, null, "lo", 0)); // every node's, IPv6 on its interfaces or not
        if (node.ip6IfMade() == null) {
            return l;
        }
        boolean router = node.ip6().isForwarding();
        for (NetInterface ni : node.ip().interfaces()) {
            Ip6Interface i = node.ip6().iface(ni);
            if (i == null) {
                continue;
            }
            for (Ip6Interface.Address a : i.addresses()) {
                if (a.state() != Ip6Interface.AddrState.PREFERRED) {
                    continue; // a tentative address gets its local route when duplicate address detection ends
                }
                l.add(new Line("local", a.address(), 128, null, ni.name(), 0));
                int len = a.cidr().length();
                Ip6 anycast = a.address().network(len);
                if (router && len < 127 && l.stream().noneMatch(x -> x.type().equals("anycast") && x.address().equals(anycast)
                        && x.dev().equals(ni.name()))) {
                    l.add(new Line("anycast", anycast, 128, null, ni.name(), 0));
                }
            }
            if (ni.isUp()) {
                l.add(new Line("multicast", Ip6.parse("ff00::"), 8, null, ni.name(), Route6.METRIC_KERNEL));
            }
        }
        l.sort(Comparator.comparing(Line::address));
        return l;
    }

    /** A line without the fields the filter fixed: a local-table entry, or a main-table route when {@code dev} or {@code proto} is fixed. */
    private static String render(Line l, long now, boolean showTable, boolean noDev, boolean noProto) {
        StringBuilder b = new StringBuilder();
        if (l.type() != null) {
            b.append(l.type()).append(' ');
        }
        b.append(l.length() == 0 ? "default" : l.length() == 128 ? l.address().toString() : l.address() + "/" + l.length());
        Route6 r = l.route();
        if (r != null && r.gateway() != null) {
            b.append(" via ").append(r.gateway());
        }
        if (!noDev) {
            b.append(" dev ").append(l.dev());
        }
        if (showTable && r == null) {
            b.append(" table local");
        }
        if (!noProto) {
            b.append(" proto ").append(r != null ? r.proto() : "kernel");
        }
        b.append(" metric ").append(l.metric());
        if (r != null && r.expiresAt() != Long.MAX_VALUE) {
            b.append(" expires ").append(Math.max(0, (r.expiresAt() - now) / Durations.S)).append("sec");
        }
        if (r != null && r.hopLimit() > 0) {
            b.append(" hoplimit ").append(r.hopLimit());
        }
        if (r != null && !r.iface().net().isUp()) {
            b.append(" linkdown");
        }
        return b.append(" pref medium").toString();
    }
}
