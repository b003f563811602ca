package dev.minternet.routing;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip6.Ip6Interface;
import dev.minternet.ip6.Ip6Stack;
import dev.minternet.ip6.Route6;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip6;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code routing: global} for IPv6: the same oracle as {@link GlobalRouting}'s for IPv4 (its
 * Dijkstra, its owners of prefixes, its nearest-owner choice), over the links with IPv6 at both
 * ends, installed as routes in each node's IPv6 table ({@code proto global}, the path cost as
 * metric). A next hop is the neighbour's link-local address, as a routing daemon installs it; a
 * single-homed host gets {@code default via} its neighbour's link-local address. A node's own
 * routes win: a prefix it already routes itself (connected, static), or a default route it has
 * (static, or from a router advertisement), gets no computed route.
 */
final class GlobalRouting6 {
    static final String PROTO = "global";

    private GlobalRouting6() {
    }

    /** An IPv6 prefix of the world (network address and length), in address order. */
    private record Prefix(Ip6 net, int length) implements Comparable<Prefix> {
        @Override
        public int compareTo(Prefix o) {
            int c = net.compareTo(o.net);
            return c != 0 ? c : Integer.compare(length, o.length);
        }
    }

    static void install(GlobalRouting g, List<Node> all, Map<Object, Node> nodeOf, Map<Node, Integer> coreIndex) {
        int[][][] distOut = new int[1][][];
        NetInterface[][][] hopOut = new NetInterface[1][][];
        g.shortestPaths(nodeOf, coreIndex, i -> GlobalRouting.ipv6(nodeOf, i) && GlobalRouting.ipv6(nodeOf, i.peer()),
                distOut, hopOut);
        int[][] dist = distOut[0];
        NetInterface[][] firstHop = hopOut[0];

        // The prefixes of every IPv6 address but link-local ones, and the core nodes that own them.
        TreeMap<Prefix, int[]> owners = new TreeMap<>();
        for (Node n : all) {
            if (!n.hasIp6()) {
                continue;
            }
            for (Ip6Interface v : n.ip6().interfaces()) {
                for (Ip6Interface.Address a : v.addresses()) {
                    if (a.linkLocal() || a.state() == Ip6Interface.AddrState.DADFAILED) {
                        continue;
                    }
                    Prefix p = new Prefix(a.cidr().network(), a.cidr().length());
                    int o = GlobalRouting.owner(n, v.net(), nodeOf, coreIndex);
                    owners.put(p, GlobalRouting.addOwner(owners.getOrDefault(p, new int[0]), o));
                }
            }
        }

        for (Node n : all) {
            if (!n.hasIp6()) {
                continue;
            }
            Ip6Stack ip6 = n.ip6();
            ip6.removeProto(PROTO);
            Integer self = coreIndex.get(n);
            if (self == null) {
                leaf(n, ip6, nodeOf);
                continue;
            }
            List<Route6> own = ip6.routes();
            for (Map.Entry<Prefix, int[]> e : owners.entrySet()) {
                Prefix p = e.getKey();
                int best = GlobalRouting.nearest(self, e.getValue(), dist[self]);
                if (best < 0 || firstHop[self][best] == null || routes(own, p)) {
                    continue; // connected, out of reach over IPv6, or routed by the node itself
                }
                NetInterface out = firstHop[self][best];
                Ip6 via = gateway(nodeOf, out);
                if (via != null) {
                    ip6.addProtoRoute(new Route6(p.net(), p.length(), ip6.iface(out), via, dist[self][best], PROTO,
                            Long.MAX_VALUE, 0));
                }
            }
        }
    }

    /** A single-homed host: {@code default via} its neighbour's link-local address, unless it has a default route. */
    private static void leaf(Node n, Ip6Stack ip6, Map<Object, Node> nodeOf) {
        List<Ip6Interface> ifaces = ip6.interfaces();
        if (ifaces.size() != 1 || routes(ip6.routes(), new Prefix(Ip6.UNSPECIFIED, 0))) {
            return;
        }
        NetInterface only = ifaces.get(0).net();
        Ip6 via = only.peer() == null || !GlobalRouting.ipv6(nodeOf, only.peer()) ? null : gateway(nodeOf, only);
        if (via != null) {
            ip6.addProtoRoute(new Route6(Ip6.UNSPECIFIED, 0, ifaces.get(0), via, 0, PROTO, Long.MAX_VALUE, 0));
        }
    }

    /** The link-local address of the interface at the other end of {@code out}'s link. */
    private static Ip6 gateway(Map<Object, Node> nodeOf, NetInterface out) {
        NetInterface peer = out.peer();
        Node other = nodeOf.get(peer.ip());
        return other == null ? null : other.ip6().linkLocal(peer);
    }

    /** Whether a route of the node's own (not a computed one) has exactly prefix {@code p}. */
    private static boolean routes(List<Route6> routes, Prefix p) {
        for (Route6 r : routes) {
            if (!r.proto().equals(PROTO) && r.length() == p.length() && r.prefix().network(r.length()).equals(p.net())) {
                return true;
            }
        }
        return false;
    }
}
