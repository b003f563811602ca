package dev.minternet.scenario;

import dev.minternet.netfilter.FirewallConfig;
import dev.minternet.netfilter.FirewallConfig.Action;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.netfilter.FirewallConfig.Rule;
import dev.minternet.netfilter.NatConfig;
import dev.minternet.netfilter.NlbFabric;
import dev.minternet.scenario.CloudReader.Subnet;
import dev.minternet.scenario.CloudReader.Vpc;
import dev.minternet.scenario.CloudSpec.CloudNode;
import dev.minternet.scenario.CloudSpec.Role;
import dev.minternet.scenario.Scenario.NodeKind;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.sim.Durations;
import dev.minternet.units.Units;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Ipv4Packet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A VPC's {@code network-load-balancers:} (AWS NLB), read for {@link CloudReader} and compiled
 * to a {@link NlbFabric.Spec}: per zone a node {@code <nlb>-<zone>} on the subnet (the network
 * interface that holds the zone's address and sends the health checks) and the translation in
 * that subnet's router; listeners, target groups of the VPC's instances, health checks, cross-zone
 * load balancing, and for an internet-facing balancer one elastic address per zone.
 */
final class CloudNlbs {
    static final String[] NLB_FIELDS = {"name", "scheme", "cross-zone", "subnets", "listeners", "target-groups"};
    static final String[] MAPPING_FIELDS = {"subnet", "ip", "public-ip"};
    static final String[] LISTENER_FIELDS = {"proto", "port", "target-group"};
    static final String[] GROUP_FIELDS = {"name", "proto", "port", "targets", "health-check"};
    static final String[] HEALTH_FIELDS = {"port", "interval", "timeout", "healthy-threshold", "unhealthy-threshold"};

    private enum Scheme { INTERNET_FACING, INTERNAL }

    private enum L4 { TCP, UDP }

    private final CloudReader r;

    CloudNlbs(CloudReader r) {
        this.r = r;
    }

    void read(Vpc vpc, Val v) throws ScenarioException {
        Obj o = v.obj(NLB_FIELDS);
        Val nv = o.req("name", "e.g. nlb-web");
        String name = CloudReader.name(nv);
        for (NlbFabric.Spec s : r.nlbSpecs) {
            if (s.name().equals(name)) {
                throw nv.error("duplicate network load balancer '" + name + "'");
            }
        }
        Scheme scheme = o.opt("scheme", Scheme.INTERNET_FACING, x -> x.choice(Scheme.class));
        boolean internet = scheme == Scheme.INTERNET_FACING;
        boolean crossZone = o.opt("cross-zone", false, Fields::bool);
        // Target groups first, so that listeners can name them.
        Map<String, Integer> groupIndex = new LinkedHashMap<>();
        List<NlbFabric.Group> groups = new ArrayList<>();
        List<Val> groupVals = new ArrayList<>();
        for (Val gv : o.req("target-groups", "e.g. [{name: web, port: 8080, targets: [web-1, web-2]}]").list()) {
            Obj go = gv.obj(GROUP_FIELDS);
            Val gnv = go.req("name", "e.g. web");
            String gn = CloudReader.name(gnv);
            if (groupIndex.containsKey(gn)) {
                throw gnv.error("duplicate target group '" + gn + "' in network load balancer " + name);
            }
            L4 proto = go.opt("proto", L4.TCP, x -> x.choice(L4.class));
            int port = Fields.port(go.req("port", "the port the targets listen on"));
            List<NlbFabric.Target> targets = new ArrayList<>();
            for (Val tv : go.req("targets", "instances of vpc " + vpc.name + ", e.g. [web-1, web-2]").list()) {
                String tn = tv.text().strip();
                Map.Entry<Subnet, Integer> inst = vpc.instances.get(tn);
                if (inst == null) {
                    throw tv.error("unknown instance '" + Yaml.oneLine(tn) + "' (instances of vpc " + vpc.name + ": "
                            + (vpc.instances.isEmpty() ? "none" : Yaml.listSome(new ArrayList<>(vpc.instances.keySet()),
                            8)) + ")");
                }
                for (NlbFabric.Target t : targets) {
                    if (t.node().equals(tn)) {
                        throw tv.error("target " + tn + " is registered twice in target group " + gn);
                    }
                }
                targets.add(new NlbFabric.Target(tn, inst.getValue(), inst.getKey().zone));
            }
            if (targets.isEmpty()) {
                throw go.raw("targets").error("a target group needs at least one target");
            }
            NlbFabric.HealthCheck hc = health(gv, go, proto, port);
            groupIndex.put(gn, groups.size());
            groups.add(new NlbFabric.Group(gn, proto == L4.TCP ? Ipv4Packet.PROTO_TCP : Ipv4Packet.PROTO_UDP, port,
                    targets, hc));
            groupVals.add(gv);
        }
        // Listeners.
        List<NlbFabric.Listener> listeners = new ArrayList<>();
        List<String> listening = new ArrayList<>();
        for (Val lv : o.req("listeners", "e.g. [{proto: tcp, port: 80, target-group: web}]").list()) {
            Obj lo = lv.obj(LISTENER_FIELDS);
            L4 proto = lo.opt("proto", L4.TCP, x -> x.choice(L4.class));
            Val pv = lo.req("port", "the port clients connect to");
            int port = Fields.port(pv);
            String key = proto.name().toLowerCase(java.util.Locale.ROOT) + ":" + port;
            if (listening.contains(key)) {
                throw pv.error("listener " + key + " is already defined in network load balancer " + name);
            }
            Val gv = lo.req("target-group", "one of: " + String.join(", ", groupIndex.keySet()));
            Integer g = groupIndex.get(gv.text().strip());
            if (g == null) {
                throw gv.error("unknown target group '" + Yaml.oneLine(gv.text().strip()) + "' (target groups of "
                        + name + ": " + String.join(", ", groupIndex.keySet()) + ")");
            }
            int pn = proto == L4.TCP ? Ipv4Packet.PROTO_TCP : Ipv4Packet.PROTO_UDP;
            if (groups.get(g).proto() != pn) {
                throw gv.error("listener " + key + " forwards to target group " + groups.get(g).name() + ", a "
                        + Ipv4Packet.protocolName(groups.get(g).proto()) + " group (a listener and its group have"
                        + " the same protocol)");
            }
            listening.add(key);
            listeners.add(new NlbFabric.Listener(pn, port, g));
        }
        if (listeners.isEmpty()) {
            throw o.raw("listeners").error("a network load balancer needs at least one listener");
        }
        // Subnets: one per zone, each with its address (and elastic address if internet-facing).
        List<NlbFabric.Zone> zones = new ArrayList<>();
        List<Val> subnetVals = o.req("subnets", "one per zone, e.g. [{subnet: public-a, ip: 10.0.0.50}]").list();
        if (subnetVals.isEmpty()) {
            throw o.raw("subnets").error("a network load balancer needs at least one subnet");
        }
        for (Val sv : subnetVals) {
            Obj so = sv.obj(MAPPING_FIELDS);
            Subnet sub = r.subnet(vpc, so.req("subnet", "a subnet of vpc " + vpc.name));
            for (NlbFabric.Zone z : zones) {
                if (z.zone().equals(sub.zone)) {
                    throw so.raw("subnet").error("subnets " + z.subnet() + " and " + sub.name + " are both in zone "
                            + sub.zone + " (a network load balancer has one subnet per zone)");
                }
            }
            Val ipv = so.req("ip", "its private address in " + sub.name + " " + sub.cidr.networkString());
            int ip = r.hostIn(sub, ipv);
            Val pubv = so.opt("public-ip");
            int pub = 0;
            if (internet && pubv == null) {
                throw new ScenarioException(so.loc(), sv.path + ".public-ip", "an internet-facing network load"
                        + " balancer needs an elastic address per zone (public-ip), or write scheme: internal");
            }
            if (!internet && pubv != null) {
                throw pubv.error("an internal network load balancer has no public address (remove public-ip, or"
                        + " write scheme: internet-facing)");
            }
            if (pubv != null) {
                pub = r.publicIp(vpc, pubv);
                vpc.statics.add(new NatConfig.StaticMap(ip, pub));
            }
            NodeDraft node = r.node(so.raw("subnet"), name + "-" + sub.zone, NodeKind.HOST);
            r.attach(sv, node, sub, ip);
            CloudReader.route(node, sv, new Cidr(0, 0), sub.cidr.network() + 1, null);
            node.firewall = new FirewallConfig(Action.DENY, Action.ALLOW, Action.DENY,
                    List.of(new Rule(Action.ALLOW, Direction.OUT, Rule.ANY, null, null, -1, -1)),
                    EnumSet.of(Direction.IN, Direction.OUT));
            r.labels.put(node.name, new CloudNode(Role.NLB, "network load balancer " + name + " in zone " + sub.zone
                    + " (" + Ip4.str(ip) + (pub != 0 ? ", elastic " + Ip4.str(pub) : "") + ", subnet " + sub.name + ")",
                    List.of("its health checks (outbound)"), "network load balancer " + name + " has no listener for"
                    + " it (listeners: " + String.join(", ", listening) + ")"));
            zones.add(new NlbFabric.Zone(sub.zone, sub.name, node.name, sub.router.name, ip, pub));
            for (NlbFabric.Group g : groups) {
                for (NlbFabric.Target t : g.targets()) {
                    if (!crossZone && !t.zone().equals(sub.zone)) {
                        continue;
                    }
                    Cidr tc = new Cidr(t.addr(), 32);
                    String what = "network load balancer " + name + " (" + sub.zone + ")";
                    sub.fabricRules.put(new Rule(Action.ALLOW, Direction.FORWARD, g.proto(), null, tc, g.port(), g.port()),
                            what + ": flows to target " + t.node() + " " + tc.networkString() + " "
                                    + Ipv4Packet.protocolName(g.proto()) + " port " + g.port());
                    sub.fabricRules.put(new Rule(Action.ALLOW, Direction.FORWARD, g.proto(), tc, null, -1, -1),
                            what + ": answers of target " + t.node() + " " + tc.networkString());
                }
            }
        }
        if (!crossZone) {
            for (int g = 0; g < groups.size(); g++) {
                for (int t = 0; t < groups.get(g).targets().size(); t++) {
                    NlbFabric.Target target = groups.get(g).targets().get(t);
                    if (zones.stream().noneMatch(z -> z.zone().equals(target.zone()))) {
                        Val tv = groupVals.get(g).obj(GROUP_FIELDS).raw("targets").list().get(t);
                        throw tv.error("target " + target.node() + " is in zone " + target.zone() + ", where network"
                                + " load balancer " + name + " has no subnet: with cross-zone off it would get no"
                                + " flows (add a subnet in " + target.zone() + " or write cross-zone: true)");
                    }
                }
            }
        }
        List<String> fabric = new ArrayList<>();
        for (Subnet s : vpc.subnets.values()) {
            fabric.add(s.router.name);
        }
        r.nlbSpecs.add(new NlbFabric.Spec(name, vpc.name, internet, crossZone, zones, listeners, groups, fabric));
    }

    /** The balancer's part in node {@code node}, for {@code world export}: translation, policy route, health checks. */
    static void export(StringBuilder b, NlbFabric.Spec s, String node) {
        for (NlbFabric.Zone z : s.zones()) {
            if (z.node().equals(node)) {
                b.append("    # network load balancer ").append(s.name()).append(" (").append(s.internetFacing()
                        ? "internet-facing" : "internal").append(", cross-zone ").append(s.crossZone() ? "on" : "off")
                        .append("): holds ").append(Ip4.str(z.addr())).append(" in ").append(z.zone())
                        .append(", health-checks the targets from it\n");
                for (NlbFabric.Group g : s.groups()) {
                    NlbFabric.HealthCheck h = g.health();
                    b.append("    #   target group ").append(g.name()).append(": tcp connect to port ").append(h.port())
                            .append(" every ").append(h.intervalNs() / 1_000_000).append("ms, timeout ")
                            .append(h.timeoutNs() / 1_000_000).append("ms, healthy ").append(h.healthyThreshold())
                            .append(", unhealthy ").append(h.unhealthyThreshold()).append('\n');
                }
            }
        }
        for (NlbFabric.Zone z : s.zones()) {
            if (!z.router().equals(node)) {
                continue;
            }
            b.append("    network-load-balancer:    # ").append(s.name()).append(" in ").append(z.zone())
                    .append(": prerouting dnat of new flows by 5-tuple hash, flow table, postrouting un-dnat of answers\n");
            for (NlbFabric.Listener l : s.listeners()) {
                NlbFabric.Group g = s.groups().get(l.group());
                List<String> ts = new ArrayList<>();
                for (NlbFabric.Target t : g.targets()) {
                    if (s.crossZone() || t.zone().equals(z.zone())) {
                        ts.add(t.node() + " " + Ip4.str(t.addr()) + ":" + g.port());
                    }
                }
                b.append("      - ").append(Ipv4Packet.protocolName(l.proto())).append(' ').append(Ip4.str(z.addr()))
                        .append(':').append(l.port()).append(" -> [").append(String.join(", ", ts))
                        .append("]    # listener -> target group ").append(g.name()).append('\n');
            }
        }
        if (s.fabric().contains(node)) {
            List<String> others = new ArrayList<>();
            for (NlbFabric.Zone z : s.zones()) {
                if (!z.router().equals(node)) {
                    others.add(z.router());
                }
            }
            if (!others.isEmpty()) {
                b.append("    # policy route: answers of ").append(s.name()).append("'s flows from targets go back to the"
                        + " router that translated them (").append(String.join(", ", others)).append(")\n");
            }
        }
    }

    /** A group's health check (AWS NLB defaults: 30 s, 10 s, 5, 2); a UDP group's is TCP to a port given. */
    private static NlbFabric.HealthCheck health(Val gv, Obj go, L4 proto, int port) throws ScenarioException {
        Val hv = go.opt("health-check");
        if (hv == null && proto == L4.UDP) {
            throw new ScenarioException(go.loc(), gv.path + ".health-check",
                    "a udp target group is health-checked over TCP (as AWS does): write health-check: {port: N}, a"
                            + " TCP port its targets listen on");
        }
        if (hv == null) {
            return new NlbFabric.HealthCheck(port, 30 * Durations.S, 10 * Durations.S, 5, 2);
        }
        Obj ho = hv.obj(HEALTH_FIELDS);
        if (proto == L4.UDP && ho.opt("port") == null) {
            throw new ScenarioException(ho.loc(), hv.path + ".port", "a udp target group is health-checked over TCP"
                    + " (as AWS does): give the TCP port its targets listen on");
        }
        int hport = ho.opt("port", port, Fields::port);
        long interval = ho.opt("interval", 30 * Durations.S, x -> x.parse(Units::durationNs));
        Val tv = ho.opt("timeout");
        long timeout = ho.opt("timeout", Math.min(10 * Durations.S, interval), x -> x.parse(Units::durationNs));
        if (interval < 100 * Durations.MS) {
            throw ho.raw("interval").error("a health check interval is at least 100ms");
        }
        if (timeout <= 0 || timeout > interval) {
            throw (tv != null ? tv : ho.raw("interval")).error("the health check timeout must be more than 0 and at"
                    + " most the interval");
        }
        int healthy = ho.opt("healthy-threshold", 5, x -> (int) x.integer(2, 10));
        int unhealthy = ho.opt("unhealthy-threshold", 2, x -> (int) x.integer(2, 10));
        return new NlbFabric.HealthCheck(hport, interval, timeout, healthy, unhealthy);
    }
}
