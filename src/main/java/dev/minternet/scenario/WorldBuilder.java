package dev.minternet.scenario;

import dev.minternet.dns.Dns;
import dev.minternet.dns.DnsSetup;
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
import dev.minternet.services.db.SeedException;
import dev.minternet.services.lb.LoadBalancer;
import dev.minternet.services.lb.LoadBalancers;
import dev.minternet.services.web.Certificates;
import dev.minternet.services.web.Services;
import dev.minternet.wire.Ip4;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

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
        installDns(s, w);
        startServices(s, w);
        return w;
    }

    /** Mints the certificates the {@code tls:} section asks for and starts every node's services. */
    private static void startServices(Scenario s, World w) throws ScenarioException {
        Certificates certs = Certificates.of(w);
        for (Scenario.CertificateSpec c : s.certificates()) {
            certs.declare(c.names(), c.status());
        }
        // Without DNS, a service's names go in the world's hosts table; with a dns: section the
        // zones publish them (the scenario writes the A records), so clients really look them up.
        for (NodeSpec n : s.dns() != null ? List.<NodeSpec>of() : s.nodes()) {
            Node node = w.node(n.name());
            for (Scenario.ServiceSpec svc : n.services()) {
                List<String> names = svc instanceof Scenario.WebSpec web ? web.names()
                        : svc instanceof Scenario.AppSpec app ? app.names()
                        : svc instanceof Scenario.LbSpec lb ? lb.names() : List.<String>of();
                for (String name : names) {
                    w.addHostName(name, node.ip().primaryAddress());
                }
            }
        }
        for (NodeSpec n : s.nodes()) {
            Node node = w.node(n.name());
            for (int i = 0; i < n.services().size(); i++) {
                Scenario.ServiceSpec svc = n.services().get(i);
                try {
                    start(w, node, svc, certs);
                } catch (SeedException e) {
                    // "seed.sql:3: CREATE ALIAS is not allowed in a seed (...)"
                    throw new ScenarioException(svc.loc(), "nodes." + n.name() + ".services[" + i + "].seed",
                            seedName(s, ((Scenario.DbSpec) svc).seed()) + ":" + e.line() + ": " + e.problem());
                } catch (IllegalArgumentException e) {
                    throw new ScenarioException(svc.loc(), "nodes." + n.name() + ".services", e.getMessage());
                }
            }
        }
    }

    /** A seed file as the scenario's reader knows it: relative to the scenario's folder when inside. */
    private static String seedName(Scenario s, java.nio.file.Path seed) {
        if (seed == null) {
            return "seed";
        }
        java.nio.file.Path folder = s.folder();
        try {
            java.nio.file.Path real = folder == null ? null : folder.toRealPath();
            if (real != null && seed.startsWith(real)) {
                return real.relativize(seed).toString();
            }
        } catch (IOException e) {
            // fall back to the file name
        }
        return String.valueOf(seed.getFileName());
    }

    private static void start(World w, Node node, Scenario.ServiceSpec svc, Certificates certs) {
        if (svc instanceof Scenario.WebSpec web) {
            LoadBalancer.Target api = web.api() == null ? null
                    : new LoadBalancer.Target(web.api().node(), w.resolve(web.api().node()), web.api().port());
            Services.web(node, web.port(), web.root(), web.tls() ? certs.identities(names(web.names(), node)) : List.of(), api);
        } else if (svc instanceof Scenario.AppSpec app) {
            Services.app(node, app.port(), app.workers(), app.cpuNs(), w.resolve(app.db().node()), app.db().port(),
                    app.pool(), app.tls() ? certs.identities(names(app.names(), node)) : List.of());
        } else if (svc instanceof Scenario.DbSpec db) {
            List<String> seed = List.of();
            if (db.seed() != null) {
                try {
                    seed = List.of(Files.readString(db.seed()));
                } catch (java.nio.charset.CharacterCodingException e) {
                    throw new IllegalArgumentException("cannot read seed " + db.seed().getFileName() + ": not UTF-8 text");
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read seed " + db.seed().getFileName() + ": "
                            + dev.minternet.files.FilePolicy.reason(e));
                }
            }
            Services.db(node, db.port(), seed, db.queryTimeNs(), db.executors());
        } else if (svc instanceof Scenario.LbSpec lb) {
            List<LoadBalancer.Target> targets = new ArrayList<>();
            for (Scenario.HostPort b : lb.backends()) {
                targets.add(new LoadBalancer.Target(b.node(), w.resolve(b.node()), b.port()));
            }
            LoadBalancer balancer = new LoadBalancer(node, lb.port(), lb.tls() ? certs.identities(names(lb.names(), node)) : List.of(),
                    lb.algorithm(), lb.health(), targets);
            LoadBalancers.of(w).put(node.name(), balancer);
        }
    }

    private static List<String> names(List<String> names, Node node) {
        return names.isEmpty() ? List.of(node.name()) : names;
    }

    /** Zones on their servers, resolvers, forwarders, and a stub resolver on each node that has one. */
    private static void installDns(Scenario s, World w) throws ScenarioException {
        DnsSetup dns = new DnsSetup(w);
        boolean any = false;
        if (s.dns() != null) {
            any = true;
            for (Scenario.ZoneSpec z : s.dns().zones()) {
                List<Node> servers = new ArrayList<>();
                for (String n : z.servers()) {
                    servers.add(w.node(n));
                }
                dns.zone(Dns.name(z.name()), z.records(), servers);
            }
            for (Scenario.RecursiveSpec r : s.dns().recursive()) {
                dns.recursive(w.node(r.node()), r.allow());
            }
            for (Scenario.ForwarderSpec f : s.dns().forwarders()) {
                dns.forwarder(w.node(f.node()), f.upstream());
            }
        }
        for (NodeSpec n : s.nodes()) {
            Scenario.ResolverSpec r = n.resolver();
            if (r != null) {
                any = true;
                dns.stub(w.node(n.name()), r.nameservers(), r.timeoutNs(), r.attempts(), r.hosts());
            }
        }
        if (any) {
            try {
                dns.install();
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(s.dns() == null ? Loc.file(s.file()) : s.dns().loc(), "dns",
                        e.getMessage());
            }
        }
    }
}
