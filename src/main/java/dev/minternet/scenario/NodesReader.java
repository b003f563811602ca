package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.NodeKind;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import java.util.List;

/**
 * Reads one entry of {@code nodes:}: its name and kind, then the sections written on the node in
 * this order: {@code routes} ({@link RoutesReader}), {@code nat} and {@code firewall}
 * ({@link NetfilterReader}), {@code resolver} ({@link DnsReader}) and {@code services}
 * ({@link ServicesReader}), {@code ospf} ({@link OspfReader}), {@code ecmp} (per-flow or per-packet) and {@code group} (a label
 * for the part of the world it belongs to: home, ISP, exchange, data centre...). What needs the links (interface names, gateways) is checked later.
 */
final class NodesReader {
    private static final String[] NODE_FIELDS = {"name", "kind", "routes", "nat", "firewall", "resolver", "services", "as", "bgp", "ospf", "ospf6", "ecmp", "group", "slaac", "anycast"};

    private final Topology world;
    private final ServicesReader services;

    NodesReader(Topology world, ServicesReader services) {
        this.world = world;
        this.services = services;
    }

    void read(Val v) throws ScenarioException {
        Obj o = v.obj(NODE_FIELDS);
        Val nameVal = o.req("name", "a lower-case name such as laptop");
        String name = nameVal.text().strip();
        if (!Topology.NAME.matcher(name).matches()) {
            throw nameVal.error("bad node name '" + Yaml.oneLine(name) + "': " + Topology.NAME_RULE);
        }
        NodeDraft first = world.nodes.get(name);
        if (first != null) {
            throw nameVal.error("duplicate node name '" + name + "' (" + (first.loc.file().equals(InternetReader.FILE)
                    ? "generate: internet makes a node of that name)" : "first at line " + first.loc.line() + ")"));
        }
        NodeKind kind = o.req("kind", "allowed: host, router").choice(NodeKind.class);
        NodeDraft node = new NodeDraft(name, kind, o.loc());
        RoutesReader.read(node, o.list("routes"));
        Val nat = o.opt("nat");
        if (nat != null) {
            if (kind != NodeKind.ROUTER) {
                throw new ScenarioException(o.keyLoc("nat"), nat.path, "nat needs a router (kind: router); a host"
                        + " does not forward");
            }
            NetfilterReader.readNat(node, nat);
        }
        Val firewall = o.opt("firewall");
        if (firewall != null) {
            node.firewall = NetfilterReader.readFirewall(kind, firewall);
        }
        node.resolver = o.opt("resolver", null, DnsReader::readResolver);
        Val svc = o.opt("services");
        if (svc != null) {
            node.services = List.copyOf(services.read(svc));
        }
        node.as = o.opt("as", -1L, BgpReader::readAs);
        node.bgpVal = o.opt("bgp");
        Val ospf = o.opt("ospf");
        if (ospf != null) {
            if (kind != NodeKind.ROUTER) {
                throw new ScenarioException(o.keyLoc("ospf"), ospf.path, "ospf needs a router (kind: router); a host"
                        + " does not route");
            }
            node.ospf = OspfReader.read(ospf);
        }
        Val ospf6 = o.opt("ospf6");
        if (ospf6 != null) {
            if (kind != NodeKind.ROUTER) {
                throw new ScenarioException(o.keyLoc("ospf6"), ospf6.path, "ospf6 needs a router (kind: router); a host"
                        + " does not route");
            }
            node.ospf6 = OspfReader.read(ospf6);
        }
        Val ecmp = o.opt("ecmp");
        if (ecmp != null) {
            if (kind != NodeKind.ROUTER) {
                throw new ScenarioException(o.keyLoc("ecmp"), ecmp.path, "ecmp needs a router (kind: router)");
            }
            node.ecmp = ecmp.choice(List.of("per-flow", "per-packet"));
        }
        Val group = o.opt("group");
        if (group != null) {
            String g = group.text().strip();
            if (!GROUP.matcher(g).matches()) {
                throw group.error("bad group '" + Yaml.oneLine(g) + "': " + GROUP_RULE);
            }
            node.group = g;
        }
        Val slaac = o.opt("slaac");
        if (slaac != null) {
            node.slaac = Fields.bool(slaac);
            if (node.slaac && kind != NodeKind.HOST) {
                throw new ScenarioException(o.keyLoc("slaac"), slaac.path, "slaac: true needs a host (kind: host); a"
                        + " router advertises prefixes instead (the LAN's slaac: field, docs/ipv6.md)");
            }
        }
        AnycastReader.read(node, o.list("anycast"));
        world.nodes.put(name, node);
    }

    /** A group's label: what a map's box says, such as {@code home}, {@code ISP A}, {@code data centre (example.com)}. */
    static final java.util.regex.Pattern GROUP = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9 .,'()/-]{0,47}");
    static final String GROUP_RULE = "1 to 48 characters: letters, digits, spaces and . , ' ( ) / -, starting with a letter or digit";
}
