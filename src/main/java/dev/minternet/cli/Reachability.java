package dev.minternet.cli;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip.Route;
import dev.minternet.link.Link;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.bgp.BgpSpeaker;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For {@code minternet check}: the subnets some host has no route to. From every host toward
 * every link's subnet it follows the routes hop by hop (each node's own table and the world's
 * global routing, as forwarding would) until a node that owns the address answers, a node has no
 * route, or the walk loops. Only routes are judged: a firewall or a NAT that stops the traffic
 * is the scenario's intent, not a mistake. Routes that BGP learns during the run are not known
 * before it, so a world with BGP speakers is not judged.
 */
final class Reachability {
    /** Above this many (host, subnet) pairs the walk is skipped: a warning is not worth minutes. */
    static final long MAX_PAIRS = 250_000;
    private static final int MAX_HOPS = 64;

    private Reachability() {
    }

    /** One line per subnet some hosts cannot reach: {@code no route reaches 10.0.2.0/24 (link l1) from a, b}. */
    static List<String> warnings(World w) {
        List<Node> hosts = w.nodes().stream().filter(n -> n.kind() == Node.Kind.HOST).toList();
        Map<String, NetInterface> subnets = new LinkedHashMap<>();
        for (Link l : w.links()) {
            for (var end : List.of(l.endA(), l.endB())) {
                if (end instanceof NetInterface i) {
                    subnets.putIfAbsent(Ip4.str(i.cidr().network()) + "/" + i.cidr().length() + " (link " + l.name() + ")", i);
                }
            }
        }
        List<String> out = new ArrayList<>();
        if (w.nodes().stream().anyMatch(n -> n.service(BgpSpeaker.class) != null)) {
            return out;
        }
        if ((long) hosts.size() * subnets.size() > MAX_PAIRS) {
            return out;
        }
        for (Map.Entry<String, NetInterface> s : subnets.entrySet()) {
            List<String> cannot = new ArrayList<>();
            for (Node h : hosts) {
                if (!reaches(w, h, s.getValue().address())) {
                    cannot.add(h.name());
                }
            }
            if (!cannot.isEmpty()) {
                out.add("no route reaches " + s.getKey() + " from " + (cannot.size() <= 5 ? String.join(", ", cannot)
                        : String.join(", ", cannot.subList(0, 5)) + " and " + (cannot.size() - 5) + " more"));
            }
        }
        return out;
    }

    /** Whether the routes lead from {@code from} to the node that owns {@code dst}. */
    static boolean reaches(World w, Node from, int dst) {
        Node n = from;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            if (n.ip().isLocalAddress(dst)) {
                return true;
            }
            Route r = n.ip().route(dst);
            if (r == null || r.iface().peer() == null) {
                return false;
            }
            n = w.node(r.iface().peer().nodeName());
            if (n == null) {
                return false;
            }
        }
        return false;
    }
}
