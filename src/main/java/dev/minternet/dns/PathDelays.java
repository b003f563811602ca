package dev.minternet.dns;

import dev.minternet.ip.NetInterface;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The one-way propagation delay of the shortest path (by delay) between nodes, over the world's
 * point-to-point links as they are built (links through switches and link failures are not
 * seen): what a GSLB's latency map holds, measured here from the topology instead of by probes.
 */
public final class PathDelays {
    private final World world;
    private final Map<Node, Map<Node, Long>> from = new IdentityHashMap<>();

    public PathDelays(World world) {
        this.world = world;
    }

    /** The node that holds {@code address} or whose interface's subnet holds it (the first, in node order), or null. */
    public Node nodeOf(int address) {
        NetInterface i = world.interfaceAt(address);
        for (Node n : world.nodes()) {
            for (NetInterface x : n.ip().interfaces()) {
                if (i != null ? x == i : x.cidr() != null && x.cidr().contains(address)) {
                    return n;
                }
            }
        }
        return null;
    }

    /** The delay in ns from {@code a} to {@code b}, or Long.MAX_VALUE when no path joins them. */
    public long delay(Node a, Node b) {
        Map<Node, Long> d = from.computeIfAbsent(a, this::dijkstra);
        return d.getOrDefault(b, Long.MAX_VALUE);
    }

    private Map<Node, Long> dijkstra(Node src) {
        Map<NetInterface, Node> owner = new IdentityHashMap<>();
        Collection<Node> nodes = world.nodes();
        for (Node n : nodes) {
            for (NetInterface x : n.ip().interfaces()) {
                owner.put(x, n);
            }
        }
        Map<Node, Long> dist = new IdentityHashMap<>();
        record Item(Node node, long d, int seq) {
        }
        PriorityQueue<Item> q = new PriorityQueue<>((x, y) -> x.d != y.d ? Long.compare(x.d, y.d) : Integer.compare(x.seq, y.seq));
        int seq = 0;
        q.add(new Item(src, 0, seq++));
        while (!q.isEmpty()) {
            Item it = q.poll();
            if (dist.containsKey(it.node)) {
                continue;
            }
            dist.put(it.node, it.d);
            List<NetInterface> ifs = new ArrayList<>(it.node.ip().interfaces());
            for (NetInterface x : ifs) {
                NetInterface p = x.peer();
                Node next = p == null ? null : owner.get(p);
                if (next != null && !dist.containsKey(next)) {
                    q.add(new Item(next, it.d + x.link().delayNs(), seq++));
                }
            }
        }
        return dist;
    }
}
