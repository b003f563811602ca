package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.Routing;
import dev.minternet.scenario.Topology.EndDraft;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.wire.Ip4;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's {@code anycast:} addresses: service addresses held on its loopback ({@code ip addr add
 * A/32 dev lo}) that several nodes may hold at once, such as a CDN's edges in several cities. An
 * interface address stays unique: an address is either anycast on every node that holds it or the
 * address of one interface. The routers of each site route the address to their node and announce
 * it (BGP {@code networks}); {@code routing: global} does not route to it.
 */
final class AnycastReader {
    private AnycastReader() {
    }

    /** Reads the list: addresses ({@code A} or {@code A/32}), unicast, each once. */
    static void read(NodeDraft node, List<Val> vals) throws ScenarioException {
        for (Val v : vals) {
            String text = v.text().strip();
            String addr = text.endsWith("/32") ? text.substring(0, text.length() - 3) : text;
            int a;
            try {
                a = Ip4.parse(addr);
            } catch (IllegalArgumentException e) {
                throw v.error("bad anycast address '" + Yaml.oneLine(text) + "': " + Yaml.oneLine(e.getMessage())
                        + " (an address such as 151.101.64.1, or 151.101.64.1/32)");
            }
            String kind = notUnicast(a);
            if (kind != null) {
                throw v.error("anycast address " + Ip4.str(a) + " is " + kind + "; an anycast address is a unicast"
                        + " address that several nodes hold");
            }
            int i = node.anycast.indexOf(a);
            if (i >= 0) {
                throw v.error("anycast address " + Ip4.str(a) + " is listed twice on " + node.name + " (first on line "
                        + node.anycastVals.get(i).loc().line() + ")");
            }
            node.anycast.add(a);
            node.anycastVals.add(v);
        }
    }

    /** Once the links and LANs are read: no anycast address is an interface's, and global routing is off. */
    static void check(Topology world, Routing routing) throws ScenarioException {
        Map<Integer, EndDraft> ifaces = new HashMap<>();
        for (NodeDraft n : world.nodes.values()) {
            for (EndDraft e : n.ends) {
                if (e.cidr != null) {
                    ifaces.putIfAbsent(e.cidr.address(), e);
                }
            }
        }
        for (NodeDraft n : world.nodes.values()) {
            for (int i = 0; i < n.anycast.size(); i++) {
                Val v = n.anycastVals.get(i);
                if (routing == Routing.GLOBAL) {
                    throw v.error("routing: global does not route to anycast addresses: leave it out and have each"
                            + " site's router route " + Ip4.str(n.anycast.get(i)) + " to its node and announce it"
                            + " by BGP (bgp: networks)");
                }
                EndDraft e = ifaces.get(n.anycast.get(i));
                if (e != null) {
                    throw v.error("anycast address " + Ip4.str(n.anycast.get(i)) + " is also the address of "
                            + e.node.name + " " + e.iface + (e.val == null ? "" : " (line " + e.val.loc().line() + ")") + ": an address is either"
                            + " anycast on every node that holds it or the address of one interface");
                }
            }
        }
    }

    private static String notUnicast(int a) {
        int first = a >>> 24;
        if (a == 0) {
            return "the unspecified address";
        }
        if (a == 0xffffffff) {
            return "the limited broadcast address";
        }
        if (first == 0) {
            return "in 0.0.0.0/8 (this network, RFC 1122)";
        }
        if (first == 127) {
            return "a loopback address (127.0.0.0/8)";
        }
        if (first >= 224 && first < 240) {
            return "a multicast address (224.0.0.0/4)";
        }
        if (first >= 240) {
            return "reserved (240.0.0.0/4)";
        }
        return null;
    }
}
