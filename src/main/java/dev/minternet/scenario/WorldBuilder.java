package dev.minternet.scenario;

import dev.minternet.tls.KeyAlgorithm;
import dev.minternet.tls.WorldTls;

import dev.minternet.dns.Dns;
import dev.minternet.dns.DnsSetup;
import dev.minternet.dns.RecursiveResolver;
import dev.minternet.dns.ResponseRateLimit;
import dev.minternet.dns.VpcResolver;
import dev.minternet.ip.Multipath;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip6.Ip6Interface;
import dev.minternet.ip.Route;
import dev.minternet.netfilter.Netfilter;
import dev.minternet.dhcp.DhcpClient;
import dev.minternet.dhcp.DhcpServer;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.routing.bgp.AutonomousSystem;
import dev.minternet.routing.bgp.Bgp;
import dev.minternet.routing.bgp.BgpConfig;
import dev.minternet.routing.ospf.Ospf;
import dev.minternet.scenario.Scenario.LinkSpec;
import dev.minternet.scenario.Scenario.NodeSpec;
import dev.minternet.scenario.Scenario.RouteSpec;
import dev.minternet.services.web.Certificates;
import dev.minternet.wire.Ip4;
import dev.minternet.node.Partitioning;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a validated {@link Scenario} into a running {@link World}. */
public final class WorldBuilder {
    private WorldBuilder() {
    }

    public static World build(Scenario s) throws ScenarioException {
        return build(s, KeyAlgorithm.ED25519);
    }

    /** The world with certificates of {@code keys}' kind (live mode mints ECDSA P-256 for real browsers). */
    public static World build(Scenario s, KeyAlgorithm keys) throws ScenarioException {
        return build(s, keys, null);
    }

    /**
     * The world split into regions, node {@code i} (file order) in region {@code regions[i]}
     * ({@link ScenarioSplit}, docs/partitioning.md), or in one region when {@code regions} is null.
     * What the builder starts on a node (IPv6, netfilter, OSPF, BGP) is scheduled in its region.
     */
    public static World build(Scenario s, int[] regions) throws ScenarioException {
        return build(s, KeyAlgorithm.ED25519, regions);
    }

    /**
     * The world split into {@code regionCount} regions, node {@code i} in region {@code regions[i]}
     * (regions beyond the nodes' for what the caller adds before it seals again: {@link
     * Partitioning#reopen}). A LAN's switch is in the region of its ports' nodes (all in one), and
     * what a node's LAN port, DHCP, DNS server or resolver and services schedule as they start is
     * its region's.
     */
    public static World build(Scenario s, int[] regions, int regionCount) throws ScenarioException {
        if (regionCount <= Arrays.stream(regions).max().orElse(0)) {
            throw new IllegalArgumentException("a node's region is beyond the region count");
        }
        return build(s, KeyAlgorithm.ED25519, regions, regionCount);
    }

    private static World build(Scenario s, KeyAlgorithm keys, int[] regions) throws ScenarioException {
        return build(s, keys, regions, regions == null ? 1 : Arrays.stream(regions).max().orElse(0) + 1);
    }

    private static World build(Scenario s, KeyAlgorithm keys, int[] regions, int regionCount) throws ScenarioException {
        World w = new World(s.seed(), s.start());
        Partitioning split = null;
        if (regions != null) {
            split = Partitioning.split(w, regionCount);
        }
        WarmUp.boot(w, s.warmUpNs());
        if (keys != KeyAlgorithm.ED25519) {
            WorldTls.install(w, keys);
        }
        for (NodeSpec n : s.nodes()) {
            Node node = w.addNode(n.name(), n.kind() == Scenario.NodeKind.ROUTER ? Node.Kind.ROUTER : Node.Kind.HOST);
            if (split != null) {
                split.place(node, regions[w.nodes().size() - 1]);
            }
            if (n.as() >= 0) {
                node.attach(AutonomousSystem.class, new AutonomousSystem(n.as()));
            }
        }
        for (LinkSpec l : s.links()) {
            LinkParams p = new LinkParams(l.bandwidthBps(), l.delayNs(), l.mtu(), l.queuePackets(), l.queueBytes(),
                    l.loss(), l.cost());
            if (l.ethernet()) {
                w.connectEthernet(l.name(), w.node(l.a().node()), l.a().iface(), l.a().address(),
                        w.node(l.b().node()), l.b().iface(), l.b().address(), p);
            } else {
                w.connect(l.name(), w.node(l.a().node()), l.a().iface(), l.a().address(),
                        w.node(l.b().node()), l.b().iface(), l.b().address(), p);
            }
        }
        if (split != null) {
            split.seal(); // before anything is scheduled: links between regions stamp what they send
            split.checkRegions();
        }
        for (LinkSpec l : s.links()) {
            enableIpv6(w, l.a());
            enableIpv6(w, l.b());
        }
        buildLans(s, w, split);
        for (int i = 0; i < s.nodes().size(); i++) {
            NodeSpec n = s.nodes().get(i);
            Node node = w.node(n.name());
            for (int j = 0; j < n.routes().size(); j++) {
                RouteSpec r = n.routes().get(j);
                NetInterface out = null;
                if (r.dev() != null) {
                    out = node.ip().iface(r.dev());
                } else {
                    for (NetInterface candidate : node.ip().interfaces()) {
                        if (candidate.cidr() != null && candidate.cidr().contains(r.via())) {
                            out = candidate;
                            break;
                        }
                    }
                }
                if (out == null) {
                    throw new ScenarioException(r.loc(), "nodes[" + i + "].routes[" + j + "]",
                            "no interface of " + n.name() + " reaches gateway " + Ip4.str(r.via()));
                }
                node.ip().table().add(new Route(r.dest().network(), r.dest().length(), out, r.via(), 0, "static"));
            }
        }
        for (int i = 0; i < s.nodes().size(); i++) {
            addRoutes6(s.nodes().get(i), w.node(s.nodes().get(i).name()), i);
        }
        for (NodeSpec n : s.nodes()) {
            if (n.nat() != null || n.firewall() != null) {
                Node node = w.node(n.name());
                node.enterRegion();
                Netfilter.install(node.ip(), node.random("nat-ports"), n.nat(), n.firewall());
                if (n.firewall() != null) {
                    dev.minternet.netfilter.Firewall6.install(node.ip6(), n.firewall()); // ip6tables
                }
            }
        }
        if (s.cloud() != null) {
            for (dev.minternet.netfilter.NlbFabric.Spec nlb : s.cloud().nlbs()) {
                dev.minternet.services.lb.NetworkLoadBalancer.install(w, nlb);
            }
        }
        for (NodeSpec n : s.nodes()) {
            Node node = w.node(n.name());
            for (int a : n.anycast()) {
                node.ip().addLoopbackAddress(a);
            }
            if ("per-packet".equals(n.ecmp())) {
                node.ip().setMultipath(Multipath.perPacket(node.random("ecmp-spray")));
            } else if (n.ecmp() != null || n.ospf() != null
                    || n.bgp() != null && (n.bgp().maxPaths() > 1 || n.bgp().maxPathsIbgp() > 1)) {
                node.ip().setMultipath(Multipath.perFlow(node.random("ecmp-hash-key").nextLong()));
            }
            // IPv6 multipath routes (OSPFv3's equal-cost next hops): Linux's IPv6 hash, or the same spraying
            if ("per-packet".equals(n.ecmp())) {
                node.ip6().setMultipath(Multipath.perPacket(node.random("ecmp6-spray")));
            } else if (n.ecmp() != null || n.ospf6() != null) {
                node.ip6().setMultipath(dev.minternet.ip6.Ip6Multipath.perFlow(node.random("ecmp6-hash-key").nextLong()));
            }
        }
        for (NodeSpec n : s.nodes()) {
            w.node(n.name()).enterRegion();
            if (n.ospf() != null) {
                Ospf.start(w.node(n.name()), n.ospf());
            }
            if (n.ospf6() != null) {
                dev.minternet.routing.ospf.Ospf6.start(w.node(n.name()), n.ospf6());
            }
        }
        if (s.routing() == Scenario.Routing.GLOBAL) {
            GlobalRouting.install(w);
        }
        Map<String, BgpConfig> bgp = new LinkedHashMap<>();
        for (NodeSpec n : s.nodes()) {
            if (n.bgp() != null) {
                bgp.put(n.name(), n.bgp());
            }
        }
        if (!bgp.isEmpty()) {
            Bgp.install(w, bgp);
        }
        WarmUp.run(w, s.warmUpNs()); // the routers alone until 0 s; everything below starts at 0 s
        installDns(s, w);
        startDhcp(s, w);
        startServices(s, w);
        return w;
    }

    /** IPv6 on a link end that has an IPv6 address: its link-local address (given or generated) and its global one. */
    private static void enableIpv6(World w, Scenario.Endpoint e) {
        if (!e.ipv6()) {
            return;
        }
        Node node = w.node(e.node());
        node.enterRegion();
        NetInterface ni = node.ip().iface(e.iface());
        Ip6Interface i6 = node.ip6().enable(ni, node.random("ndp:" + ni.name()), e.linkLocal());
        if (e.address6() != null) {
            node.ip6().addAddress(i6, e.address6());
        }
    }

    /** A node's static IPv6 routes: out of their {@code dev}, or of the interface whose IPv6 subnet holds the gateway. */
    private static void addRoutes6(NodeSpec n, Node node, int index) throws ScenarioException {
        for (int j = 0; j < n.routes6().size(); j++) {
            Scenario.Route6Spec r = n.routes6().get(j);
            Ip6Interface out = null;
            for (Ip6Interface i : node.ip6().interfaces()) {
                if (r.dev() != null ? i.name().equals(r.dev()) : i.addresses().stream()
                        .anyMatch(a -> !a.linkLocal() && a.cidr().contains(r.via()))) {
                    out = i;
                    break;
                }
            }
            if (out == null) {
                throw new ScenarioException(r.loc(), "nodes[" + index + "].routes",
                        "no IPv6 interface of " + n.name() + " reaches " + (r.via() != null ? "gateway " + r.via() : r.dev()));
            }
            node.ip6().addStaticRoute(r.dest(), out, r.via());
        }
    }

    /** The switches first, then their host ports in file order, then the trunks. */
    private static void buildLans(Scenario s, World w, Partitioning split) {
        if (split != null && !s.lans().isEmpty()) {
            split.reopen();
        }
        for (Scenario.LanSpec l : s.lans()) {
            if (l.wifi() != null) {
                w.addAccessPoint(l.name(), l.wifi().apRateBps(), l.wifi().queuePackets());
            } else {
                var sw = w.addSwitch(l.name(), l.stp());
                if (split != null) {
                    split.place(sw, lanRegion(l, w));
                }
            }
        }
        for (Scenario.LanSpec l : s.lans()) {
            if (l.wifi() != null) {
                buildWifi(l, w);
                continue;
            }
            LinkParams p = new LinkParams(l.bandwidthBps(), l.delayNs(), l.mtu(), LinksReader.DEFAULT_QUEUE_PACKETS, 0,
                    0.0, 1);
            for (Scenario.LanPort port : l.ports()) {
                if (port.trunkTo() != null) {
                    w.trunk(w.switchNamed(l.name()), w.switchNamed(port.trunkTo()), port.vlans(), p);
                } else {
                    LinkParams pp = port.delayNs() < 0 ? p : new LinkParams(l.bandwidthBps(), port.delayNs(), l.mtu(),
                            LinksReader.DEFAULT_QUEUE_PACKETS, 0, 0.0, 1);
                    w.node(port.end().node()).enterRegion(); // what attaching schedules (gratuitous ARP) is the node's
                    NetInterface ni = w.attachToSwitch(w.node(port.end().node()), port.end().iface(), port.end().address(),
                            port.mac(), w.switchNamed(l.name()), port.vlan(), pp);
                    if (port.ipv6() != null || port.slaac()) {
                        Node node = w.node(port.end().node());
                        Ip6Interface i6 = node.ip6().enable(ni, node.random("ndp:" + ni.name()));
                        if (port.ipv6() != null) {
                            node.ip6().addAddress(i6, port.ipv6());
                        }
                        if (node.name().equals(l.slaacRouter())) {
                            node.ip6().advertise(i6, port.ipv6());
                        }
                    }
                }
            }
        }
        if (split != null && !s.lans().isEmpty()) {
            split.seal(); // the LANs' cables too
        }
    }

    /** The region of a switch: its ports' nodes', which must all be in one (a LAN is not cut: its cables may be 0 s long). */
    private static int lanRegion(Scenario.LanSpec l, World w) {
        int r = -1;
        for (Scenario.LanPort port : l.ports()) {
            if (port.trunkTo() == null) {
                int pr = w.node(port.end().node()).region();
                if (r >= 0 && pr != r) {
                    throw new IllegalArgumentException("LAN " + l.name() + " has ports in regions " + r + " and " + pr);
                }
                r = pr;
            }
        }
        return Math.max(r, 0);
    }

    /** An access point's uplink cable (the LAN's bandwidth and delay), then its stations in file order. */
    private static void buildWifi(Scenario.LanSpec l, World w) {
        var ap = w.accessPoint(l.name());
        for (Scenario.LanPort port : l.ports()) {
            if (port.uplink()) {
                w.wireToAccessPoint(w.node(port.end().node()), port.end().iface(), port.end().address(), port.mac(), ap,
                        new LinkParams(l.bandwidthBps(), l.delayNs(), l.mtu(), LinksReader.DEFAULT_QUEUE_PACKETS, 0, 0.0, 1));
            }
        }
        for (Scenario.LanPort port : l.ports()) {
            if (!port.uplink()) {
                w.joinWifi(w.node(port.end().node()), port.end().iface(), port.end().address(), port.mac(), ap,
                        port.rateBps(), l.mtu());
            }
        }
    }

    /**
     * Each switch's DHCP server, then the clients in file order: those with a {@code leased} address
     * hold it from 0 s, the others start from INIT (their DISCOVERs go 1..10 s after 0 s).
     */
    private static void startDhcp(Scenario s, World w) {
        Map<String, DhcpServer> servers = new LinkedHashMap<>();
        for (Scenario.LanSpec l : s.lans()) {
            Scenario.DhcpSpec d = l.dhcp();
            if (d != null) {
                Node n = w.node(d.node());
                n.enterRegion();
                servers.put(l.name(), DhcpServer.start(n, n.ip().iface(d.iface()),
                        new DhcpServer.Config(d.first(), d.last(), d.leaseNs(), d.router(), d.dns())));
            }
        }
        for (Scenario.LanSpec l : s.lans()) {
            for (Scenario.LanPort p : l.ports()) {
                if (p.dhcp()) {
                    Node n = w.node(p.end().node());
                    n.enterRegion();
                    NetInterface nic = n.ip().iface(p.end().iface());
                    n.attach(DhcpClient.class, p.leased() != 0
                            ? DhcpClient.startLeased(n, nic, servers.get(l.name()), p.leased())
                            : DhcpClient.start(n, nic));
                }
            }
        }
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
                for (String name : svc.names()) {
                    w.addHostName(name, node.ip().primaryAddress());
                }
            }
        }
        for (int i = 0; i < s.nodes().size(); i++) {
            NodeSpec n = s.nodes().get(i);
            Node node = w.node(n.name());
            node.enterRegion(); // what the node's services schedule is its region's
            for (int j = 0; j < n.services().size(); j++) {
                Scenario.ServiceSpec svc = n.services().get(j);
                String path = "nodes[" + i + "].services[" + j + "]";
                try {
                    ServiceTypes.start(svc, new ServiceType.Host(w, node, certs, s, path));
                } catch (IllegalArgumentException e) {
                    throw new ScenarioException(svc.loc(), path, e.getMessage());
                }
            }
        }
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
                dns.forwarder6(w.node(f.node()), f.upstream());
            }
        }
        if (s.cloud() != null) {
            for (CloudSpec.VpcDns d : s.cloud().resolvers()) {
                List<dev.minternet.dns.Zone> zones = new ArrayList<>();
                for (CloudSpec.PrivateZone z : d.zones()) {
                    zones.add(new dev.minternet.dns.Zone(Dns.name(z.name()), z.records()));
                }
                Node node = w.node(d.node());
                node.enterRegion();
                node.attach(VpcResolver.class, new VpcResolver(node, d.vpc(), zones, d.upstream()).start());
            }
        }
        for (NodeSpec n : s.nodes()) {
            Scenario.ResolverSpec r = n.resolver();
            if (r != null) {
                any = true;
                dns.stub6(w.node(n.name()), r.servers(), r.timeoutNs(), r.attempts(), r.hosts());
            }
        }
        if (any) {
            try {
                dns.install();
                if (s.dns() != null) {
                    for (Scenario.RecursiveSpec r : s.dns().recursive()) {
                        if (!r.subnetZones().isEmpty()) {
                            List<org.xbill.DNS.Name> zones = new ArrayList<>();
                            for (String z : r.subnetZones()) {
                                zones.add(org.xbill.DNS.Name.fromConstantString(z.endsWith(".") ? z : z + "."));
                            }
                            w.node(r.node()).service(RecursiveResolver.class).clientSubnet(zones, r.subnetMax());
                        }
                        Scenario.RateLimitSpec l = r.rateLimit();
                        if (l != null) {
                            w.node(r.node()).service(RecursiveResolver.class)
                                    .rateLimit(new ResponseRateLimit(l.responsesPerSecond(), l.slip(), l.window()));
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(s.dns() == null ? Loc.file(s.file()) : s.dns().loc(), "dns",
                        e.getMessage());
            }
        }
    }
}
