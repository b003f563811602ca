package dev.minternet.scenario;

import dev.minternet.scenario.Topology.EndDraft;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Topology.Route6Draft;
import dev.minternet.scenario.Topology.RouteDraft;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Ip6;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's static {@code routes:}, written as {@code ip route add} takes them. The syntax is read
 * with the node; the devices and gateways are checked once the links have named the interfaces.
 */
final class RoutesReader {
    private static final String ROUTE_SYNTAX =
            "expected '<dest> [via <gateway>] [dev <iface>]', dest being 'default', an address or address/prefix"
            + " (IPv4 or IPv6)";

    private RoutesReader() {
    }

    /** Reads {@code node}'s routes: one per destination. */
    static void read(NodeDraft node, List<Val> routes) throws ScenarioException {
        Map<Cidr, RouteDraft> byDest = new HashMap<>();
        Map<Ip6.Cidr, Route6Draft> byDest6 = new HashMap<>();
        for (Val r : routes) {
            if (isIpv6(r)) {
                Route6Draft route = parseRoute6(r);
                Route6Draft same = byDest6.putIfAbsent(route.dest(), route);
                if (same != null) {
                    throw r.error("a route to " + shown(route.dest()) + " is already on line " + same.val().loc().line()
                            + " (one route per destination)");
                }
                node.routes6.add(route);
                continue;
            }
            RouteDraft route = parseRoute(r);
            RouteDraft same = byDest.putIfAbsent(route.dest(), route);
            if (same != null) {
                throw r.error("a route to " + route.dest() + " is already on line " + same.val().loc().line()
                        + " (one route per destination)");
            }
            node.routes.add(route);
        }
    }

    /** Whether a route is of the IPv6 family: an IPv6 destination, or {@code default via} an IPv6 gateway. */
    private static boolean isIpv6(Val v) throws ScenarioException {
        String[] tok = v.text().strip().split("\\s+");
        if (tok[0].contains(":")) {
            return true;
        }
        return tok[0].equals("default") && tok.length > 2 && tok[1].equals("via") && tok[2].contains(":");
    }

    private static String shown(Ip6.Cidr c) {
        return c.length() == 0 ? "default" : c.networkString();
    }

    /**
     * Parses {@code <dest> [via <gateway>] [dev <iface>]} of the IPv6 family, as {@code ip -6 route
     * add} takes it: dest an IPv6 prefix, an address (/128), {@code ::/0} or {@code default}.
     */
    private static Route6Draft parseRoute6(Val v) throws ScenarioException {
        String text = v.text().strip();
        String bad = "bad route '" + Yaml.oneLine(text) + "': ";
        String[] tok = text.split("\\s+");
        Ip6.Cidr dest;
        if (tok[0].equals("default")) {
            dest = new Ip6.Cidr(Ip6.UNSPECIFIED, 0);
        } else {
            try {
                dest = tok[0].contains("/") ? Ip6.Cidr.parse(tok[0]) : new Ip6.Cidr(Ip6.parse(tok[0]), 128);
            } catch (IllegalArgumentException e) {
                throw v.error(bad + "bad IPv6 prefix: " + Yaml.oneLine(e.getMessage()) + " (" + ROUTE_SYNTAX + ")");
            }
            if (!dest.address().equals(dest.network())) {
                throw v.error(bad + "destination " + dest + " has host bits set (did you mean "
                        + dest.networkString() + "?)");
            }
            if (dest.address().isMulticast()) {
                throw v.error(bad + "destination " + dest + " is multicast (ff00::/8); a route leads to unicast"
                        + " addresses");
            }
        }
        ViaDev words = viaDev(v, bad, tok);
        Ip6 via = null;
        String dev = words.dev();
        if (words.via() != null) {
            String arg = words.via();
            if (!arg.contains(":")) {
                throw v.error(bad + "family mismatch: the destination is IPv6, so the gateway must be too (iproute2:"
                        + " inet6 address is expected rather than \"" + Yaml.oneLine(arg) + "\")");
            }
            try {
                via = Ip6.parse(arg);
            } catch (IllegalArgumentException e) {
                throw v.error(bad + "bad gateway: " + Yaml.oneLine(e.getMessage()));
            }
            if (via.isUnspecified() || via.isMulticast() || via.isLoopback()) {
                throw v.error(bad + "gateway " + via + " is not a unicast address of a neighbour");
            }
        }
        return new Route6Draft(v, dest, via, dev);
    }

    /**
     * An IPv6 route's device must exist on the node with IPv6 on; a link-local gateway needs its
     * device (Linux: "Egress device not specified"); a global gateway must be a neighbour on a
     * connected IPv6 subnet (of the device, when one is given).
     */
    static void check6(NodeDraft n, Route6Draft r) throws ScenarioException {
        Val v = r.val();
        EndDraft dev = device(n, r.dev(), v);
        if (dev != null && !dev.ipv6()) {
            throw v.error("dev " + r.dev() + " of " + n.name + " has no IPv6 (give its link end an IPv6 address,"
                    + " e.g. '" + n.name + " 2001:db8:1::1/64')");
        }
        if (r.via() == null) {
            if (dev == null) {
                throw v.error("the route needs 'via <gateway>' or 'dev <iface>'");
            }
            return;
        }
        String gw = r.via().toString();
        if (r.via().isLinkLocal()) {
            if (dev == null) {
                throw v.error("gateway " + gw + " is link-local: name its interface, e.g. '" + shown(r.dest()) + " via "
                        + gw + " dev eth0' (Linux: Egress device not specified)");
            }
            if (r.via().equals(dev.linkLocal6)) {
                throw v.error("gateway " + gw + " is " + n.name + "'s own link-local address on " + dev.iface
                        + " (the gateway is the next router's address)");
            }
            return;
        }
        List<EndDraft> candidates = dev != null ? List.of(dev) : n.ends6;
        EndDraft on = null;
        for (EndDraft e : candidates) {
            if (e.cidr6 != null && e.cidr6.address().equals(r.via())) {
                throw v.error("gateway " + gw + " is " + n.name + "'s own address on " + e.iface
                        + " (the gateway is the next router's address)");
            }
            if (on == null && e.cidr6 != null && e.cidr6.contains(r.via())) {
                on = e;
            }
        }
        if (on == null) {
            throw v.error(dev != null
                    ? "gateway " + gw + " is not inside " + dev.iface + "'s IPv6 subnet"
                    + (dev.cidr6 != null ? " " + dev.cidr6.networkString() : "s (it has a link-local address only)")
                    : "gateway " + gw + " is not inside any connected IPv6 subnet of " + n.name + " ("
                    + Topology.interfaces(n) + ")");
        }
    }

    /** Parses {@code <dest> [via <gateway>] [dev <iface>]}, as {@code ip route add} takes it. */
    private static RouteDraft parseRoute(Val v) throws ScenarioException {
        String text = v.text().strip();
        String bad = "bad route '" + Yaml.oneLine(text) + "': ";
        if (text.isEmpty()) {
            throw v.error("empty route (" + ROUTE_SYNTAX + ")");
        }
        String[] tok = text.split("\\s+");
        Cidr dest;
        if (tok[0].equals("default")) {
            dest = new Cidr(0, 0);
        } else {
            try {
                dest = tok[0].contains("/") ? Cidr.parse(tok[0]) : new Cidr(Ip4.parse(tok[0]), 32);
            } catch (IllegalArgumentException e) {
                throw v.error(bad + "bad destination: " + Yaml.oneLine(e.getMessage()) + " (" + ROUTE_SYNTAX + ")");
            }
            if (dest.address() != dest.network()) {
                throw v.error(bad + "destination " + dest + " has host bits set (did you mean "
                        + dest.networkString() + "?)");
            }
        }
        ViaDev words = viaDev(v, bad, tok);
        Integer via = null;
        String dev = words.dev();
        if (words.via() != null) {
            String arg = words.via();
            if (arg.contains(":")) {
                throw v.error(bad + "family mismatch: the destination is IPv4, so the gateway must be too (iproute2:"
                        + " inet address is expected rather than \"" + Yaml.oneLine(arg) + "\")");
            }
            try {
                via = Ip4.parse(arg);
            } catch (IllegalArgumentException e) {
                throw v.error(bad + "bad gateway: " + Yaml.oneLine(e.getMessage()));
            }
            if (via == 0) {
                throw v.error(bad + "gateway 0.0.0.0 is not an address; leave 'via' out for a route"
                        + " straight out of a device");
            }
        }
        return new RouteDraft(v, dest, via == null ? 0 : via, dev);
    }

    /** Node {@code n}'s interface {@code dev} of the route at {@code v}, null when none is named; it must exist. */
    private static EndDraft device(NodeDraft n, String dev, Val v) throws ScenarioException {
        if (dev == null) {
            return null;
        }
        EndDraft e = n.ifaces.get(dev);
        if (e == null) {
            throw v.error("dev " + dev + ": no such interface on " + n.name + " (" + Topology.interfaces(n) + ")");
        }
        return e;
    }

    /** A route's device must exist on the node and its gateway must be a neighbour on a connected subnet. */
    static void check(NodeDraft n, RouteDraft r) throws ScenarioException {
        Val v = r.val();
        EndDraft dev = device(n, r.dev(), v);
        if (r.via() == 0) {
            return;
        }
        if (dev != null && dev.cidr == null) {
            throw v.error("dev " + r.dev() + " of " + n.name + " gets its address by DHCP, which also gives its"
                    + " default route; a route via a gateway needs a statically addressed interface");
        }
        String gw = Ip4.str(r.via());
        List<EndDraft> candidates = dev != null ? List.of(dev) : n.ends;
        EndDraft on = null;
        for (EndDraft e : candidates) {
            if (e.cidr.address() == r.via()) {
                throw v.error("gateway " + gw + " is " + n.name + "'s own address on " + e.iface
                        + " (the gateway is the next router's address)");
            }
            if (on == null && e.cidr.contains(r.via())) {
                on = e;
            }
        }
        if (on == null) {
            throw v.error(dev != null
                    ? "gateway " + gw + " is not inside " + dev.iface + "'s subnet " + dev.cidr.networkString()
                    : "gateway " + gw + " is not inside any subnet of " + n.name + "'s interfaces ("
                    + Topology.interfaces(n) + ")");
        }
        if (on.cidr.length() < 31 && (r.via() == on.cidr.network() || r.via() == on.cidr.broadcast())) {
            throw v.error("gateway " + gw + " is the " + (r.via() == on.cidr.network() ? "network" : "broadcast")
                    + " address of " + on.cidr.networkString() + ", not a router");
        }
    }

    /** A route's {@code via} and {@code dev} words, as written (null when absent). */
    private record ViaDev(String via, String dev) {
    }

    /**
     * Reads the keyword pairs after a route's destination: {@code via GATEWAY}, {@code dev IFACE},
     * each at most once and at least one of them.
     */
    private static ViaDev viaDev(Val v, String bad, String[] tok) throws ScenarioException {
        String via = null;
        String dev = null;
        for (int i = 1; i < tok.length; i += 2) {
            String keyword = tok[i];
            if (!keyword.equals("via") && !keyword.equals("dev")) {
                throw v.error(bad + "unexpected '" + Yaml.oneLine(keyword) + "' (" + ROUTE_SYNTAX + ")");
            }
            if (i + 1 >= tok.length) {
                throw v.error(bad + "'" + keyword + "' needs a value (" + ROUTE_SYNTAX + ")");
            }
            if (keyword.equals("via") ? via != null : dev != null) {
                throw v.error(bad + "'" + keyword + "' given twice");
            }
            if (keyword.equals("via")) {
                via = tok[i + 1];
            } else {
                dev = tok[i + 1];
            }
        }
        if (via == null && dev == null) {
            throw v.error(bad + "needs 'via <gateway>' or 'dev <iface>' or both (" + ROUTE_SYNTAX + ")");
        }
        return new ViaDev(via, dev);
    }
}
