package dev.minternet.scenario;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip.Route;
import dev.minternet.netfilter.Netfilter;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.scenario.Scenario.LinkSpec;
import dev.minternet.scenario.Scenario.NodeSpec;
import dev.minternet.scenario.Scenario.RouteSpec;
import dev.minternet.wire.Ip4;

/** Turns a validated {@link Scenario} into a running {@link World}. */
public final class WorldBuilder {
    private WorldBuilder() {
    }

    public static World build(Scenario s) throws ScenarioException {
        World w = new World(s.seed(), s.start());
        for (NodeSpec n : s.nodes()) {
            w.addNode(n.name(), n.kind() == Scenario.NodeKind.ROUTER ? Node.Kind.ROUTER : Node.Kind.HOST);
        }
        for (LinkSpec l : s.links()) {
            LinkParams p = new LinkParams(l.bandwidthBps(), l.delayNs(), l.mtu(), l.queuePackets(), l.queueBytes(),
                    l.loss(), l.cost());
            w.connect(l.name(), w.node(l.a().node()), l.a().iface(), l.a().address(),
                    w.node(l.b().node()), l.b().iface(), l.b().address(), p);
        }
        for (NodeSpec n : s.nodes()) {
            Node node = w.node(n.name());
            for (RouteSpec r : n.routes()) {
                NetInterface out = null;
                if (r.dev() != null) {
                    out = node.ip().iface(r.dev());
                } else {
                    for (NetInterface i : node.ip().interfaces()) {
                        if (i.cidr().contains(r.via())) {
                            out = i;
                            break;
                        }
                    }
                }
                if (out == null) {
                    throw new ScenarioException(r.loc(), "nodes." + n.name() + ".routes",
                            "no interface of " + n.name() + " reaches gateway " + Ip4.str(r.via()));
                }
                node.ip().table().add(new Route(r.dest().network(), r.dest().length(), out, r.via(), 0, "static"));
            }
        }
        for (NodeSpec n : s.nodes()) {
            if (n.nat() != null || n.firewall() != null) {
                Node node = w.node(n.name());
                Netfilter.install(node.ip(), node.random("nat-ports"), n.nat(), n.firewall());
            }
        }
        if (s.routing() == Scenario.Routing.GLOBAL) {
            GlobalRouting.install(w);
        }
        return w;
    }
}
