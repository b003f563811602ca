package dev.minternet.live;

import dev.minternet.ip.NetInterface;
import dev.minternet.link.LinkEnd;
import dev.minternet.link.Link;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.WorldGuide;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The world's map for the web view: each node (name, host or router, its group, its addresses) and each
 * link (name, its two ends, bandwidth and delay as the scenario writes them), in the world's
 * order. Read once, on the simulation thread, before the clock starts.
 */
final class TopologyJson {
    private TopologyJson() {
    }

    /**
     * As {@link #of(World, String)}, each node with its group: the scenario's {@code group:}
     * (home, ISP A, data centre...), else {@code AS N} for a node with an {@code as:}, else none.
     */
    static String of(World world, String bridgeNode, Scenario scenario) {
        Map<String, String> groups = new HashMap<>();
        for (Scenario.NodeSpec n : scenario.nodes()) {
            String g = n.group() != null ? n.group() : n.as() >= 0 ? "AS " + n.as() : null;
            if (g != null) {
                groups.put(n.name(), g);
            }
        }
        return of(world, bridgeNode, groups);
    }

    static String of(World world, String bridgeNode) {
        return of(world, bridgeNode, Map.of());
    }

    private static String of(World world, String bridgeNode, Map<String, String> groups) {
        StringBuilder b = new StringBuilder("{\"bridge\":").append(Json.str(bridgeNode))
                .append(",\"nodes\":[");
        boolean first = true;
        for (Node n : world.nodes()) {
            List<String> addrs = new ArrayList<>();
            for (NetInterface i : n.ip().interfaces()) {
                if (i.cidr() == null) {
                    continue;
                }
                addrs.add(Json.str(i.name() + " " + Ip4.str(i.address()) + "/" + i.cidr().length()));
            }
            b.append(first ? "" : ",").append("{\"name\":").append(Json.str(n.name())).append(",\"role\":")
                    .append(Json.str(n.kind() == Node.Kind.ROUTER ? "router" : "host"));
            if (groups.containsKey(n.name())) {
                b.append(",\"group\":").append(Json.str(groups.get(n.name())));
            }
            b.append(",\"addresses\":[")
                    .append(String.join(",", addrs)).append("]}");
            first = false;
        }
        // switches and access points: the other ends of LAN cables and radio links
        List<String> bridges = new ArrayList<>();
        for (var sw : world.switches()) {
            bridges.add("{\"name\":" + Json.str(sw.name()) + ",\"role\":\"switch\",\"addresses\":[]}");
        }
        for (var ap : world.accessPoints()) {
            bridges.add("{\"name\":" + Json.str(ap.name()) + ",\"role\":\"access-point\",\"addresses\":[]}");
        }
        for (String br : bridges) {
            b.append(first ? "" : ",").append(br);
            first = false;
        }
        b.append("],\"links\":[");
        first = true;
        for (Link l : world.links()) {
            LinkEnd a = l.endA();
            LinkEnd z = l.endB();
            b.append(first ? "" : ",").append("{\"name\":").append(Json.str(l.name())).append(",\"a\":")
                    .append(Json.str(a.nodeName())).append(",\"b\":").append(Json.str(z.nodeName()))
                    .append(",\"bandwidth\":").append(Json.str(WorldGuide.rate(l.bandwidthBps())))
                    .append(",\"delay\":").append(Json.str(WorldGuide.delay(l.delayNs()))).append(",\"delayNs\":")
                    .append(l.delayNs()).append('}');
            first = false;
        }
        return b.append("]}").toString();
    }
}
