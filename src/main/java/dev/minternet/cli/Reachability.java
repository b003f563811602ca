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
                if (end instanceof NetInterface i && i.cidr() != null && (i.cidr().network() & 0xffff0000) != 0xa9fe0000) {
                    // 169.254.0.0/16 is link-local (RFC 3927): a cloud's subnet mesh, never routed to hosts
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

    private static Node owner(World w, int address) {
        for (Node m : w.nodes()) {
            if (m.ip().isLocalAddress(address)) {
                return m;
            }
        }
        return null;
    }

    /** Whether the routes lead from {@code from} to the node that owns {@code dst}. */
    static boolean reaches(World w, Node from, int dst) {
        Node n = from;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            if (n.ip().isLocalAddress(dst)) {
                return true;
            }
            Route r = n.ip().route(dst);
            if (r == null) {
                return false;
            }
            if (r.iface().peer() == null) {
                // a LAN port: the next hop is whichever node on the segment holds the address (VLANs not judged)
                n = owner(w, r.gateway() != 0 ? r.gateway() : dst);
                if (n == null) {
                    return false;
                }
                continue;
            }
            n = w.node(r.iface().peer().nodeName());
            if (n == null) {
                return false;
            }
        }
        return false;
    }
}
