package dev.minternet.scenario;

import dev.minternet.dns.Dns;
import dev.minternet.dns.SteeringServer;
import dev.minternet.node.Node;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.sim.Durations;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: cdn-dns}: a CDN's steering name server on port 53, authoritative for {@code zone}
 * (e.g. cdn.example.net): every A question below it is answered with the nearest of {@code edges}
 * (node names) to the client (its EDNS Client Subnet, else the asking resolver), with {@code ttl}
 * (20s). The parent zone delegates to it: {@code cdn NS ns.cdn.example.net.} with the glue
 * {@code ns.cdn A <this node's address>}. See docs/cache.md.
 */
final class CdnDnsServiceType extends ServiceType<CdnDnsServiceType.CdnDnsSpec> {
    /** A steering name server. */
    record CdnDnsSpec(int port, String zone, List<String> edges, long ttlS, Loc loc) implements ServiceSpec {
    }

    CdnDnsServiceType() {
        super("cdn-dns", CdnDnsSpec.class, "zone", "edges", "ttl");
    }

    @Override
    CdnDnsSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        Val zv = o.req("zone", "the CDN's zone, e.g. cdn.example.net");
        String zone = zv.text().strip().toLowerCase(java.util.Locale.ROOT);
        if (!zone.matches("([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]*[a-z0-9])?\\.?")) {
            throw zv.error("bad zone name '" + Yaml.oneLine(zone) + "' (e.g. cdn.example.net)");
        }
        Val ev = o.req("edges", "the CDN edges' node names, e.g. [edge-paris, edge-tokyo]");
        List<String> edges = new ArrayList<>();
        for (Val e : ev.list()) {
            String n = e.text().strip();
            if (!n.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw e.error("a node name, e.g. edge-paris");
            }
            edges.add(n);
        }
        if (edges.isEmpty()) {
            throw ev.error("needs at least one edge");
        }
        long ttl = o.opt("ttl", SteeringServer.DEFAULT_TTL * Durations.S, Fields::positive);
        if (ttl % Durations.S != 0) {
            throw o.raw("ttl").error("a DNS TTL is whole seconds, e.g. 20s");
        }
        return new CdnDnsSpec(53, zone, List.copyOf(edges), ttl / Durations.S, o.loc());
    }

    @Override
    void start(CdnDnsSpec s, Host on) {
        List<SteeringServer.Edge> edges = new ArrayList<>();
        for (String e : s.edges()) {
            Node n = on.world().node(e);
            if (n == null) {
                throw new IllegalArgumentException("edges: no node '" + e + "'");
            }
            edges.add(new SteeringServer.Edge(n, n.ip().primaryAddress()));
        }
        new SteeringServer(on.node(), Dns.name(s.zone()), s.ttlS(), edges).start();
    }

    @Override
    String summary(CdnDnsSpec s) {
        return "port 53, zone " + s.zone() + ", edges " + String.join(", ", s.edges()) + ", ttl " + s.ttlS() + "s";
    }
}
