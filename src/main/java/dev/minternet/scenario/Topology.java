package dev.minternet.scenario;

import dev.minternet.netfilter.FirewallConfig;
import dev.minternet.netfilter.NatConfig;
import dev.minternet.netfilter.NatConfig.PortForward;
import dev.minternet.scenario.Scenario.Endpoint;
import dev.minternet.scenario.Scenario.LinkSpec;
import dev.minternet.scenario.Scenario.NodeKind;
import dev.minternet.scenario.Scenario.NodeSpec;
import dev.minternet.scenario.Scenario.RouteSpec;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.wire.Ip4.Cidr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The world as the section readers have drafted it so far: nodes and links by name in file order,
 * each with the YAML value that located it, so that a problem found in a later phase (an interface
 * name taken twice, a gateway off every subnet) still points at the line that caused it. The
 * drafts become the immutable {@link Scenario} records once every phase has passed.
 */
final class Topology {
    /** The most names an error lists before it says "and N more". */
    static final int MAX_LISTED = 10;
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    static final String NAME_RULE = "use lower-case letters, digits and '-', starting with a letter or digit";
    /** Linux interface names are at most 15 characters (IFNAMSIZ - 1). */
    static final Pattern IFACE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,14}");

    final Map<String, NodeDraft> nodes = new LinkedHashMap<>();
    final Map<String, LinkDraft> links = new LinkedHashMap<>();
    final Map<String, LansReader.LanDraft> lans = new LinkedHashMap<>();
    /** The hosts {@code attacks: botnet:} generated ({@link BotnetReader}), in order. */
    java.util.List<String> botnet = java.util.List.of();

    /** The problem of naming a node that does not exist; {@code shown} is the name as the message quotes it. */
    String unknownNode(String shown) {
        return "unknown node '" + shown + "' (known nodes: " + Yaml.listSome(new ArrayList<>(nodes.keySet()), MAX_LISTED)
                + ")";
    }

    /** The node {@code v} names, which must exist. */
    String knownNode(Val v) throws ScenarioException {
        String n = v.text().strip();
        if (!nodes.containsKey(n)) {
            throw v.error(unknownNode(Yaml.oneLine(n)));
        }
        return n;
    }

    /**
     * Whether {@code n} is {@code SWITCH:swpN}, a host port's cable of the {@code lans:} section:
     * switch SWITCH has at least N ports (its own, plus the trunks other switches declare to it).
     */
    private boolean isSwitchPort(String n) {
        int colon = n.indexOf(':');
        if (colon < 0 || !n.startsWith("swp", colon + 1) || !n.substring(colon + 4).matches("[1-9]\\d{0,3}")) {
            return false;
        }
        LansReader.LanDraft sw = lans.get(n.substring(0, colon));
        if (sw == null) {
            return false;
        }
        int ports = sw.ports.size();
        for (LansReader.LanDraft o : lans.values()) {
            for (LansReader.PortDraft p : o.ports) {
                if (sw.name.equals(p.trunkTo)) {
                    ports++;
                }
            }
        }
        return Integer.parseInt(n.substring(colon + 4)) <= ports;
    }

    /** The link {@code v} names, which must exist. */
    String knownLink(Val v) throws ScenarioException {
        String n = v.text().strip();
        if (!links.containsKey(n) && !wifiLink(n) && !isSwitchPort(n)) {
            throw v.error("unknown link '" + Yaml.oneLine(n) + "' (known links: "
                    + Yaml.listSome(new ArrayList<>(links.keySet()), MAX_LISTED) + ")");
        }
        return n;
    }

    /** Whether {@code n} names a Wi-Fi access point's link: {@code AP:staN} (its Nth station) or {@code AP:uplink}. */
    private boolean wifiLink(String n) {
        int c = n.lastIndexOf(':');
        LansReader.LanDraft l = c < 0 ? null : lans.get(n.substring(0, c));
        if (l == null || !l.wifi) {
            return false;
        }
        String port = n.substring(c + 1);
        long stations = l.ports.stream().filter(p -> !p.uplink).count();
        if (port.equals("uplink")) {
            return stations < l.ports.size();
        }
        return port.matches("sta[1-9][0-9]{0,5}") && Integer.parseInt(port.substring(3)) <= stations;
    }

    /** Whether one of {@code node}'s interfaces has address {@code addr}. */
    boolean holds(String node, int addr) {
        for (EndDraft e : nodes.get(node).ends) {
            if (e.cidr != null && e.cidr.address() == addr) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code node} holds the IPv6 address {@code addr} on a link end or a LAN port. */
    boolean holds6(String node, dev.minternet.wire.Ip6 addr) {
        NodeDraft n = nodes.get(node);
        for (List<EndDraft> l : List.of(n.ends, n.ends6)) {
            for (EndDraft e : l) {
                if (e.cidr6 != null && e.cidr6.address().equals(addr)) {
                    return true;
                }
            }
        }
        for (LansReader.LanDraft o : lans.values()) {
            for (LansReader.PortDraft p : o.ports) {
                if (p.end != null && p.end.node == n && p.ipv6 != null && p.ipv6.address().equals(addr)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** "router has eth0 10.0.0.0/30, eth1 192.168.1.0/24", for errors about a node's interfaces. */
    static String interfaces(NodeDraft n) {
        if (n.ends.isEmpty() && n.ends6.isEmpty()) {
            return n.name + " has no interfaces: no link attaches to it";
        }
        List<String> list = new ArrayList<>();
        for (EndDraft e : n.ends) {
            list.add(e.iface + " " + e.cidr.networkString() + (e.cidr6 != null ? " " + e.cidr6.networkString() : ""));
        }
        for (EndDraft e : n.ends6) {
            if (e.cidr == null) {
                list.add(e.iface + " " + (e.cidr6 != null ? e.cidr6.networkString() : "fe80::/64 (link-local only)"));
            }
        }
        return n.name + " has " + Yaml.listSome(list, MAX_LISTED);
    }

    List<NodeSpec> nodeSpecs() throws ScenarioException {
        List<NodeSpec> out = new ArrayList<>();
        for (NodeDraft n : nodes.values()) {
            List<RouteSpec> routes = new ArrayList<>();
            for (RouteDraft r : n.routes) {
                routes.add(r.build());
            }
            List<Scenario.Route6Spec> routes6 = new ArrayList<>();
            for (Route6Draft r : n.routes6) {
                routes6.add(new Scenario.Route6Spec(r.dest(), r.via(), r.dev(), r.val().loc()));
            }
            NatConfig nat = n.natOutside == null ? null : new NatConfig(n.natOutsideName != null ? n.natOutsideName
                    : n.natOutside.text().strip(), n.forwards, n.statics, n.masquerade);
            out.add(new NodeSpec(n.name, n.kind, List.copyOf(routes), n.loc, nat, n.firewall, n.resolver,
                    n.services, n.as, n.bgp, n.ospf == null ? null : n.ospf.config, n.ecmp, n.group,
                    List.copyOf(n.anycast), List.copyOf(routes6), n.ospf6 == null ? null : n.ospf6.config));
        }
        return List.copyOf(out);
    }

    List<LinkSpec> linkSpecs() {
        List<LinkSpec> out = new ArrayList<>();
        for (LinkDraft l : links.values()) {
            out.add(l.build());
        }
        return List.copyOf(out);
    }

    /** A node as read: its own fields, and its link ends once the links are read. */
    static final class NodeDraft {
        final String name;
        final NodeKind kind;
        final Loc loc;
        Scenario.ResolverSpec resolver;
        final List<RouteDraft> routes = new ArrayList<>();
        /** This node's IPv4-addressed link ends in link order; their interface names are filled in later. */
        final List<EndDraft> ends = new ArrayList<>();
        /** This node's link ends with IPv6 (dual stack or IPv6 only) in link order. */
        final List<EndDraft> ends6 = new ArrayList<>();
        /** The static IPv6 routes ({@code routes:} entries of the IPv6 family). */
        final List<Route6Draft> routes6 = new ArrayList<>();
        final Map<String, EndDraft> ifaces = new HashMap<>();
        int nextEth;
        /** The nat.outside value (checked once interfaces are named), or null. */
        Val natOutside;
        List<PortForward> forwards;
        /** The outside interface when a section other than nat: chose it (the cloud's gateways), else null. */
        String natOutsideName;
        /** One-to-one mappings (a cloud's internet gateway). */
        List<NatConfig.StaticMap> statics = List.of();
        boolean masquerade = true;
        /** The {@code to} value of each forward, for errors found once interfaces are named. */
        final List<Val> forwardTargets = new ArrayList<>();
        FirewallConfig firewall;
        List<Scenario.ServiceSpec> services = List.of();
        /** The {@code anycast:} addresses, and their values for errors. */
        final List<Integer> anycast = new ArrayList<>();
        final List<Val> anycastVals = new ArrayList<>();
        /** The node's AS number ({@code as:}), or -1. */
        long as = -1;
        /** The {@code bgp:} value, read by {@link BgpReader} once the links are read; null without one. */
        Val bgpVal;
        dev.minternet.routing.bgp.BgpConfig bgp;
        /** The ospf: section, or null. */
        OspfReader.OspfDraft ospf;
        OspfReader.OspfDraft ospf6;
        /** The ecmp: value (per-flow, per-packet), or null. */
        String ecmp;
        /** The {@code group:} label (home, ISP A, data centre...), or null. */
        String group;
        /** {@code slaac: true}: IPv6 on every LAN interface, addresses from router advertisements (docs/ipv6.md). */
        boolean slaac;

        NodeDraft(String name, NodeKind kind, Loc loc) {
            this.name = name;
            this.kind = kind;
            this.loc = loc;
        }
    }

    /** One end of a link: its node, address and (given, or named later) interface. */
    static final class EndDraft {
        final Val val;
        final NodeDraft node;
        final Cidr cidr;
        String iface;
        final boolean explicit;
        LinkDraft link;
        /** The switch of a LAN port's interface (then {@link #link} is null). */
        String lan;
        /** An address this node holds on several links on purpose (a cloud subnet router's .1). */
        boolean shared;
        /** The IPv6 global address with its prefix (a link end's), or null. */
        dev.minternet.wire.Ip6.Cidr cidr6;
        /** The link-local address the scenario gave this end, or null (generated). */
        dev.minternet.wire.Ip6 linkLocal6;

        /** Whether IPv6 is on at this end. */
        boolean ipv6() {
            return cidr6 != null || linkLocal6 != null;
        }

        EndDraft(Val val, NodeDraft node, String iface, Cidr cidr) {
            this.val = val;
            this.node = node;
            this.iface = iface;
            this.explicit = iface != null;
            this.cidr = cidr;
        }

        /** "link 'a--b'" or "LAN 'sw1'": where this interface is plugged. */
        String where() {
            return link != null ? "link '" + link.name() + "'" : "LAN '" + lan + "'";
        }

        Endpoint build() {
            return new Endpoint(node.name, iface, cidr, val.loc(), cidr6, linkLocal6);
        }
    }

    record Route6Draft(Val val, dev.minternet.wire.Ip6.Cidr dest, dev.minternet.wire.Ip6 via, String dev) {
    }

    record RouteDraft(Val val, Cidr dest, int via, String dev) {
        RouteSpec build() {
            return new RouteSpec(dest, via, dev, val.loc());
        }
    }

    record LinkDraft(Val val, String name, EndDraft a, EndDraft b, long bandwidthBps,
                     long delayNs, int mtu, int queuePackets, int queueBytes, double loss, int cost, boolean ethernet) {
        LinkSpec build() {
            return new LinkSpec(name, a.build(), b.build(), bandwidthBps, delayNs, mtu, queuePackets, queueBytes,
                    loss, cost, val.loc(), ethernet);
        }
    }
}
