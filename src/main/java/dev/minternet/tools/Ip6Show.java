package dev.minternet.tools;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip6.Ip6Interface;
import dev.minternet.ip6.Route6;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip6;
import java.util.List;

/**
 * {@code ip -6 addr} and {@code ip -6 route}, as iproute2 prints them ({@code ip -6 neigh} is
 * {@link IpTool}'s, with the IPv4 neighbours): the
 * interfaces IPv6 is on with their addresses (global ones first, as Linux keeps them; tentative
 * while DAD runs, dadfailed after a conflict; SLAAC ones dynamic with their lifetimes), the IPv6
 * routes (kernel prefixes, fe80::/64, the default route an advertisement gave, multipath routes with
 * their nexthop lines).
 */
final class Ip6Show {
    private Ip6Show() {
    }

    static boolean knows(String obj) {
        return !obj.isEmpty() && ("route".startsWith(obj) || "addr".startsWith(obj) || "address".startsWith(obj)
                || "neighbour".startsWith(obj) || "neighbor".startsWith(obj));
    }

    /** Runs {@code ip -6 OBJECT}; returns the exit status. */
    static int run(Node node, List<String> args, Terminal term) {
        String obj = args.isEmpty() ? "" : args.get(0);
        long now = node.sim().now();
        if (!knows(obj)) {
            term.println("Usage: ip -6 { addr | route | neigh }");
            return 255;
        }
        if ("route".startsWith(obj) && args.size() > 1 && "get".startsWith(args.get(1))) {
            return routeGet(node, args.size() > 2 ? args.get(2) : "", term);
        }
        if ("route".startsWith(obj)) {
            return Ip6RouteShow.run(node, args.subList(1, args.size()), term);
        } else {
            List<NetInterface> all = node.ip().interfaces();
            for (int k = 0; k < all.size(); k++) {
                NetInterface ni = all.get(k);
                Ip6Interface i = node.ip6().iface(ni);
                if (i == null) {
                    continue;
                }
                term.println((k + 1) + ": " + ni.name() + ": <" + (ni.isEthernet() ? "BROADCAST,MULTICAST," : "POINTOPOINT,NOARP,")
                        + (ni.isUp() ? "UP,LOWER_UP" : "DOWN") + "> mtu " + i.mtu() + " state " + (ni.isUp() ? "UP" : "DOWN"));
                inet6Lines(i, now, term);
            }
        }
        return 0;
    }

    /**
     * {@code ip -6 route get ADDRESS}: the route a datagram to it takes and the source it leaves
     * with, as iproute2 prints the kernel's answer ("DST from :: via GW dev IF proto P src SRC
     * metric M [hoplimit H] pref medium"); returns the exit status.
     */
    private static int routeGet(Node node, String target, Terminal term) {
        if (target.isEmpty()) {
            term.println("need at least a destination address");
            return 1;
        }
        if (!Ip6.isAddress(target)) {
            term.println("Error: inet6 prefix is expected rather than \"" + target + "\".");
            return 1;
        }
        Ip6 dst = Ip6.parse(target);
        if (node.ip6().isLocal(dst)) {
            term.println("local " + dst + " from :: dev lo table local proto kernel src " + dst + " metric 0 pref medium");
            return 0;
        }
        Route6 r = node.ip6().route(dst);
        Ip6 src = node.ip6().sourceFor(dst);
        if (r == null) {
            term.println("RTNETLINK answers: Network is unreachable");
            return 2;
        }
        term.println(dst + " from :: " + (r.gateway() != null ? "via " + r.gateway() + " " : "") + "dev " + r.iface().name()
                + " proto " + r.proto() + (src != null ? " src " + src : "") + " metric " + r.metric()
                + (r.hopLimit() > 0 ? " hoplimit " + r.hopLimit() : "") + " pref medium");
        return 0;
    }

    /** The {@code inet6} lines of interface {@code i} (two per address), as {@code ip addr} prints them under the interface. */
    static void inet6Lines(Ip6Interface i, long now, Terminal term) {
        for (Ip6Interface.Address a : i.addresses()) {
            StringBuilder sb = new StringBuilder("    inet6 ").append(a.cidr()).append(" scope ")
                    .append(a.linkLocal() ? "link " : "global ");
            if (a.how().equals("slaac")) {
                sb.append("dynamic ");
            }
            if (a.how().equals("stable-privacy")) {
                sb.append("stable-privacy ");
            }
            if (a.state() == Ip6Interface.AddrState.DADFAILED) {
                sb.append("dadfailed tentative ");
            } else if (a.state() == Ip6Interface.AddrState.TENTATIVE) {
                sb.append("tentative ");
            }
            term.println(sb.toString());
            term.println("       valid_lft " + lifetime(a.validUntil(), now) + " preferred_lft "
                    + lifetime(a.preferredUntil(), now));
        }
    }

    private static String lifetime(long until, long now) {
        return until == Long.MAX_VALUE ? "forever" : Math.max(0, (until - now) / Durations.S) + "sec";
    }
}
