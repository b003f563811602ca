package dev.minternet.scenario;

import dev.minternet.scenario.Topology.EndDraft;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Topology.RouteDraft;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's static {@code routes:}, written as {@code ip route add} takes them. The syntax is read
 * with the node; the devices and gateways are checked once the links have named the interfaces.
 */
final class RoutesReader {
    private static final String ROUTE_SYNTAX =
            "expected '<dest> [via <gateway>] [dev <iface>]', dest being 'default', an address or address/prefix";

    private RoutesReader() {
    }

    /** Reads {@code node}'s routes: one per destination. */
    static void read(NodeDraft node, List<Val> routes) throws ScenarioException {
        Map<Cidr, RouteDraft> byDest = new HashMap<>();
        for (Val r : routes) {
            RouteDraft route = parseRoute(r);
            RouteDraft same = byDest.putIfAbsent(route.dest(), route);
            if (same != null) {
                throw r.error("a route to " + route.dest() + " is already on line " + same.val().loc().line()
                        + " (one route per destination)");
            }
            node.routes.add(route);
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
        Integer via = null;
        String dev = null;
        for (int i = 1; i < tok.length; i += 2) {
            String keyword = tok[i];
            if (!keyword.equals("via") && !keyword.equals("dev")) {
                throw v.error(bad + "unexpected '" + Yaml.oneLine(keyword) + "' (" + ROUTE_SYNTAX + ")");
            }
            if (i + 1 >= tok.length) {
                throw v.error(bad + "'" + keyword + "' needs a value (" + ROUTE_SYNTAX + ")");
            }
            String arg = tok[i + 1];
            if (keyword.equals("via")) {
                if (via != null) {
                    throw v.error(bad + "'via' given twice");
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
            } else {
                if (dev != null) {
                    throw v.error(bad + "'dev' given twice");
                }
                dev = arg;
            }
        }
        if (via == null && dev == null) {
            throw v.error(bad + "needs 'via <gateway>' or 'dev <iface>' or both (" + ROUTE_SYNTAX + ")");
        }
        return new RouteDraft(v, dest, via == null ? 0 : via, dev);
    }

    /** A route's device must exist on the node and its gateway must be a neighbour on a connected subnet. */
    static void check(NodeDraft n, RouteDraft r) throws ScenarioException {
        Val v = r.val();
        EndDraft dev = null;
        if (r.dev() != null) {
            dev = n.ifaces.get(r.dev());
            if (dev == null) {
                throw v.error("dev " + r.dev() + ": no such interface on " + n.name + " (" + Topology.interfaces(n) + ")");
            }
        }
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
}
