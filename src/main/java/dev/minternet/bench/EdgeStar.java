package dev.minternet.bench;

import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of the service benchmarks: a core router, ceil(sqrt(N)) edge routers on
 * {@code backbone} links to it (10.128.0.0/30s), and N client hosts named {@code prefix-i}, each
 * on its own {@code access} link (10.0.0.0/30s) to edge {@code i mod edges}, as an ISP's
 * subscribers hang off its aggregation routers.
 */
final class EdgeStar {
    /** A subscriber's access line: 100 Mbit/s, 5 ms. */
    static final LinkParams ACCESS = LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelay(5 * Durations.MS);
    /** An edge router's uplink to the core: 10 Gbit/s, 2 ms. */
    static final LinkParams BACKBONE = LinkParams.DEFAULT.withBandwidth(10_000_000_000L).withDelay(2 * Durations.MS);
    /** A server's link in the data centre: 10 Gbit/s, 50 us. */
    static final LinkParams DATACENTRE = LinkParams.DEFAULT.withBandwidth(10_000_000_000L).withDelay(50 * Durations.US);

    private EdgeStar() {
    }

    /** A server host {@code name} on its own data-centre link to {@code core}: 10.NET.0.2/24, the core at .1. */
    static Node server(World w, Node core, String name, int net) {
        Node n = w.addHost(name);
        w.connect(n, Cidr.parse("10." + net + ".0.2/24"), core, Cidr.parse("10." + net + ".0.1/24"), DATACENTRE);
        return n;
    }

    /** Adds the edges and the clients to {@code w} around {@code core}; returns the clients in order. */
    static List<Node> clients(World w, Node core, String prefix, int n, LinkParams access, LinkParams backbone) {
        return clients(w, core, prefix, n, access, backbone, "edge", Ip4.parse("10.128.0.0"), Ip4.parse("10.0.0.0"));
    }

    /**
     * The same with the edges named {@code edgePrefix-k}, their links' /30s from {@code edgeBase}
     * and the clients' from {@code clientBase}.
     */
    static List<Node> clients(World w, Node core, String prefix, int n, LinkParams access, LinkParams backbone,
            String edgePrefix, int edgeBase, int clientBase) {
        return clients(w, core, prefix, n, access, backbone, edgePrefix, edgeBase, clientBase, e -> { });
    }

    /** How many edge routers {@code n} clients hang off. */
    static int edges(int n) {
        return Math.max(1, (int) Math.ceil(Math.sqrt(n)));
    }

    /**
     * The same, calling {@code beforeClient} with a client's edge before it makes that client
     * (client i is on edge i mod edges; the edges are made first).
     */
    static List<Node> clients(World w, Node core, String prefix, int n, LinkParams access, LinkParams backbone,
            String edgePrefix, int edgeBase, int clientBase, java.util.function.IntConsumer beforeClient) {
        int edges = edges(n);
        List<Node> edgeRouters = new ArrayList<>();
        int next = edgeBase;
        for (int e = 0; e < edges; e++) {
            Node r = w.addRouter(edgePrefix + "-" + e);
            w.connect(r, new Cidr(next + 1, 30), core, new Cidr(next + 2, 30), backbone);
            next += 4;
            edgeRouters.add(r);
        }
        List<Node> clients = new ArrayList<>();
        int a = clientBase;
        for (int i = 0; i < n; i++) {
            beforeClient.accept(i % edges);
            Node c = w.addHost(prefix + "-" + i);
            w.connect(c, new Cidr(a + 1, 30), edgeRouters.get(i % edges), new Cidr(a + 2, 30), access);
            a += 4;
            clients.add(c);
        }
        return clients;
    }
}
