package dev.minternet.scenario;

import dev.minternet.netfilter.FirewallConfig;
import dev.minternet.netfilter.NatConfig;
import dev.minternet.routing.ospf.OspfConfig;
import dev.minternet.services.web.Certificates;
import dev.minternet.wire.Ip4.Cidr;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Record;

/**
 * A parsed and validated scenario (docs/design.md decision 8): the world's topology plus a timeline.
 * Produced by {@link ScenarioLoader}; turned into a running world by {@code WorldBuilder}.
 *
 * @param durationNs run length limit in simulated ns, or -1 to run until nothing is left to do
 * @param warmUpNs how long the routers run before 0 s ({@code warm-up:}), so that routing has
 *     converged when the timeline starts; 0 for none
 */
public record Scenario(String file, String name, String description, long seed, Instant start,
                       Routing routing, long durationNs, List<NodeSpec> nodes, List<LinkSpec> links,
                       List<TimelineEntry> timeline, DnsSpec dns, List<CertificateSpec> certificates,
                       List<LanSpec> lans, CloudSpec cloud, AttacksSpec attacks, long warmUpNs) {

    /** A scenario without a {@code warm-up:}. */
    public Scenario(String file, String name, String description, long seed, Instant start, Routing routing,
                    long durationNs, List<NodeSpec> nodes, List<LinkSpec> links, List<TimelineEntry> timeline,
                    DnsSpec dns, List<CertificateSpec> certificates, List<LanSpec> lans, CloudSpec cloud,
                    AttacksSpec attacks) {
        this(file, name, description, seed, start, routing, durationNs, nodes, links, timeline, dns, certificates,
                lans, cloud, attacks, 0);
    }

    /** A scenario without an {@code attacks:} section. */
    public Scenario(String file, String name, String description, long seed, Instant start, Routing routing,
                    long durationNs, List<NodeSpec> nodes, List<LinkSpec> links, List<TimelineEntry> timeline,
                    DnsSpec dns, List<CertificateSpec> certificates, List<LanSpec> lans, CloudSpec cloud) {
        this(file, name, description, seed, start, routing, durationNs, nodes, links, timeline, dns, certificates,
                lans, cloud, null);
    }

    /**
     * The {@code attacks:} section: a DDoS drill watching {@code victim} (may be null), with a
     * legitimate {@code probe} (may be null) and the floods.
     */
    public record AttacksSpec(String victim, dev.minternet.attack.Drill.Probe probe,
                              List<dev.minternet.attack.Drill.Attack> floods, dev.minternet.attack.Drill.Blackhole blackhole, Loc loc) {
        public AttacksSpec(String victim, dev.minternet.attack.Drill.Probe probe, List<dev.minternet.attack.Drill.Attack> floods, Loc loc) {
            this(victim, probe, floods, null, loc);
        }
    }

    /** A scenario without a {@code lans:} or a {@code cloud:} section. */
    public Scenario(String file, String name, String description, long seed, Instant start, Routing routing,
                    long durationNs, List<NodeSpec> nodes, List<LinkSpec> links, List<TimelineEntry> timeline,
                    DnsSpec dns, List<CertificateSpec> certificates) {
        this(file, name, description, seed, start, routing, durationNs, nodes, links, timeline, dns, certificates,
                List.of(), null);
    }

    /** A scenario without a {@code cloud:} section. */
    public Scenario(String file, String name, String description, long seed, Instant start, Routing routing,
                    long durationNs, List<NodeSpec> nodes, List<LinkSpec> links, List<TimelineEntry> timeline,
                    DnsSpec dns, List<CertificateSpec> certificates, List<LanSpec> lans) {
        this(file, name, description, seed, start, routing, durationNs, nodes, links, timeline, dns, certificates,
                lans, null);
    }

    /** A scenario without DNS and without a {@code tls:} section. */
    public Scenario(String file, String name, String description, long seed, Instant start, Routing routing,
                    long durationNs, List<NodeSpec> nodes, List<LinkSpec> links, List<TimelineEntry> timeline) {
        this(file, name, description, seed, start, routing, durationNs, nodes, links, timeline, null, List.of());
    }

    /** A scenario without a {@code tls:} section. */
    public Scenario(String file, String name, String description, long seed, Instant start, Routing routing,
                    long durationNs, List<NodeSpec> nodes, List<LinkSpec> links, List<TimelineEntry> timeline,
                    DnsSpec dns) {
        this(file, name, description, seed, start, routing, durationNs, nodes, links, timeline, dns, List.of());
    }

    /**
     * The folder the scenario reads its files from (web roots, seeds, zone files, {@code nc -f}):
     * its file's folder; null for a built-in world, whose name is written in angle brackets.
     */
    public Path folder() {
        return folderOf(file);
    }

    /** The folder of the scenario file named {@code file} (see {@link #folder()}). */
    public static Path folderOf(String file) {
        if (file == null || file.startsWith("<")) {
            return null;
        }
        try {
            Path p = Path.of(file).toAbsolutePath().getParent();
            return p == null ? Path.of("").toAbsolutePath() : p;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The same scenario with another seed. */
    public Scenario withSeed(long newSeed) {
        return new Scenario(file, name, description, newSeed, start, routing, durationNs, nodes, links, timeline, dns,
                certificates, lans, cloud, attacks, warmUpNs);
    }

    public enum Routing { STATIC, GLOBAL }

    public enum NodeKind { HOST, ROUTER }

    /**
     * A host or router. {@code routes} are static routes written on the node; {@code nat} (routers
     * only) and {@code firewall} are null when the node has none; {@code resolver} is its stub
     * resolver configuration, or null; {@code ospf} its OSPF configuration (routers only), or null;
     * {@code ecmp} how it spreads equal-cost routes ("per-flow", "per-packet"), or null (per flow);
     * {@code anycast} the addresses it holds on its loopback, which other nodes may hold too;
     * {@code routes6} its static IPv6 routes; {@code ospf6} its OSPFv3 configuration (routers with
     * IPv6 LAN ports), or null.
     */
    public record NodeSpec(String name, NodeKind kind, List<RouteSpec> routes, Loc loc, NatConfig nat,
                           FirewallConfig firewall, ResolverSpec resolver, List<ServiceSpec> services, long as,
                           dev.minternet.routing.bgp.BgpConfig bgp, OspfConfig ospf, String ecmp, String group,
                           List<Integer> anycast, List<Route6Spec> routes6, OspfConfig ospf6) {
        /** A node without OSPFv3. */
        public NodeSpec(String name, NodeKind kind, List<RouteSpec> routes, Loc loc, NatConfig nat,
                        FirewallConfig firewall, ResolverSpec resolver, List<ServiceSpec> services, long as,
                        dev.minternet.routing.bgp.BgpConfig bgp, OspfConfig ospf, String ecmp, String group,
                        List<Integer> anycast, List<Route6Spec> routes6) {
            this(name, kind, routes, loc, nat, firewall, resolver, services, as, bgp, ospf, ecmp, group, anycast, routes6,
                    null);
        }

        /** A node without static IPv6 routes or OSPFv3. */
        public NodeSpec(String name, NodeKind kind, List<RouteSpec> routes, Loc loc, NatConfig nat,
                        FirewallConfig firewall, ResolverSpec resolver, List<ServiceSpec> services, long as,
                        dev.minternet.routing.bgp.BgpConfig bgp, OspfConfig ospf, String ecmp, String group,
                        List<Integer> anycast) {
            this(name, kind, routes, loc, nat, firewall, resolver, services, as, bgp, ospf, ecmp, group, anycast, List.of());
        }

        /** A node without anycast addresses. */
        public NodeSpec(String name, NodeKind kind, List<RouteSpec> routes, Loc loc, NatConfig nat,
                        FirewallConfig firewall, ResolverSpec resolver, List<ServiceSpec> services, long as,
                        dev.minternet.routing.bgp.BgpConfig bgp, OspfConfig ospf, String ecmp, String group) {
            this(name, kind, routes, loc, nat, firewall, resolver, services, as, bgp, ospf, ecmp, group, List.of());
        }

        /** A node in no group ({@code group:} left out). */
        public NodeSpec(String name, NodeKind kind, List<RouteSpec> routes, Loc loc, NatConfig nat,
                        FirewallConfig firewall, ResolverSpec resolver, List<ServiceSpec> services, long as,
                        dev.minternet.routing.bgp.BgpConfig bgp, OspfConfig ospf, String ecmp) {
            this(name, kind, routes, loc, nat, firewall, resolver, services, as, bgp, ospf, ecmp, null);
        }

        /** A node without BGP, OSPF or an ECMP setting. */
        public NodeSpec(String name, NodeKind kind, List<RouteSpec> routes, Loc loc, NatConfig nat,
                        FirewallConfig firewall, ResolverSpec resolver, List<ServiceSpec> services) {
            this(name, kind, routes, loc, nat, firewall, resolver, services, -1, null, null, null);
        }

        public NodeSpec(String name, NodeKind kind, List<RouteSpec> routes, Loc loc) {
            this(name, kind, routes, loc, null, null, null, List.of());
        }

        public NodeSpec(String name, NodeKind kind, List<RouteSpec> routes, Loc loc, NatConfig nat,
                        FirewallConfig firewall) {
            this(name, kind, routes, loc, nat, firewall, null, List.of());
        }

        public NodeSpec(String name, NodeKind kind, List<RouteSpec> routes, Loc loc, NatConfig nat,
                        FirewallConfig firewall, ResolverSpec resolver) {
            this(name, kind, routes, loc, nat, firewall, resolver, List.of());
        }
    }

    /**
     * A server a node runs, from its {@code services:} list: the spec record its
     * {@code ServiceType} reads (one per type, e.g. {@code WebServiceType.WebSpec}).
     */
    public interface ServiceSpec {
        int port();

        /** The host names the service answers for (a TLS certificate's names); none by default. */
        default List<String> names() {
            return List.of();
        }

        Loc loc();
    }

    /** {@code node:port}, e.g. {@code db:5432}. */
    public record HostPort(String node, int port, Loc loc) {
        @Override
        public String toString() {
            return node + ":" + port;
        }
    }

    /** A certificate the world's CA mints for {@code names}, as {@code status} (demos mint bad ones). */
    public record CertificateSpec(List<String> names, Certificates.Status status, Loc loc) {
    }

    /**
     * A host's stub resolver (resolv.conf and /etc/hosts): nameservers tried in order, each
     * attempt waiting {@code timeoutNs}; {@code hosts} maps names to addresses. {@code servers}
     * are all the name servers in order, IPv4 and IPv6; {@code nameservers} the IPv4 ones.
     */
    public record ResolverSpec(List<Integer> nameservers, long timeoutNs, int attempts, Map<String, Integer> hosts,
                               Loc loc, List<dev.minternet.dns.ServerAddress> servers) {
        /** IPv4 name servers only. */
        public ResolverSpec(List<Integer> nameservers, long timeoutNs, int attempts, Map<String, Integer> hosts, Loc loc) {
            this(nameservers, timeoutNs, attempts, hosts, loc,
                    nameservers.stream().map(dev.minternet.dns.ServerAddress::of).toList());
        }
    }

    /** The DNS of the world: zones and who serves them, recursive resolvers, forwarders. */
    public record DnsSpec(List<ZoneSpec> zones, List<RecursiveSpec> recursive, List<ForwarderSpec> forwarders,
                          Loc loc) {
    }

    /**
     * A zone served by {@code servers}. {@code records} were read from the master file
     * {@code file} (null when written inline under {@code records:}); both are null for a generated zone (the root and TLDs: SOA, NS and
     * delegations to the zones below, made by the DNS layer).
     */
    public record ZoneSpec(String name, String file, List<Record> records, List<String> servers, Loc loc) {
    }

    /** A recursive resolver on {@code node}, recursing for clients inside {@code allow}. */
    public record RecursiveSpec(String node, List<Cidr> allow, Loc loc, RateLimitSpec rateLimit, List<String> subnetZones,
                                int subnetMax) {
        public RecursiveSpec(String node, List<Cidr> allow, Loc loc) {
            this(node, allow, loc, null, List.of(), 24);
        }
    }

    /** BIND's {@code rate-limit} on a resolver: responses per second per client /24 and question, slip, window in seconds. */
    public record RateLimitSpec(int responsesPerSecond, int slip, int window) {
    }

    /** A caching forwarder on {@code node}, relaying to {@code upstream} resolvers in order. */
    public record ForwarderSpec(String node, List<dev.minternet.dns.ServerAddress> upstream, Loc loc) {
    }

    /**
     * A static route: {@code dest} (0.0.0.0/0 for "default") via gateway {@code via} (0 when the
     * route names only a device), optionally out of interface {@code dev}.
     */
    public record RouteSpec(Cidr dest, int via, String dev, Loc loc) {
    }

    /**
     * A static IPv6 route ({@code ip -6 route add}): {@code dest} (::/0 for "default") via gateway
     * {@code via} (null when the route names only a device; a link-local gateway comes with its
     * {@code dev}), optionally out of interface {@code dev}.
     */
    public record Route6Spec(dev.minternet.wire.Ip6.Cidr dest, dev.minternet.wire.Ip6 via, String dev, Loc loc) {
    }

    /**
     * One end of a link: node, optional interface name, IPv4 address with prefix length (null on
     * an IPv6-only end), IPv6 global address with prefix length (null without one), and the
     * link-local address the scenario gave (null: generated). IPv6 is on at the end when either
     * IPv6 field is set.
     */
    public record Endpoint(String node, String iface, Cidr address, Loc loc, dev.minternet.wire.Ip6.Cidr address6,
                           dev.minternet.wire.Ip6 linkLocal) {
        /** An IPv4-only end. */
        public Endpoint(String node, String iface, Cidr address, Loc loc) {
            this(node, iface, address, loc, null, null);
        }

        /** Whether IPv6 is on at this end. */
        public boolean ipv6() {
            return address6 != null || linkLocal != null;
        }
    }

    /**
     * A switch of the {@code lans:} section with its ports (each port's cable has the LAN's bandwidth, delay and MTU).
     */
    public record LanSpec(String name, boolean stp, long bandwidthBps, long delayNs, int mtu, List<LanPort> ports,
                          Loc loc, WifiSpec wifi, String slaacRouter, DhcpSpec dhcp) {
        /** A switch without IPv6 router advertisements or a DHCP server. */
        public LanSpec(String name, boolean stp, long bandwidthBps, long delayNs, int mtu, List<LanPort> ports, Loc loc) {
            this(name, stp, bandwidthBps, delayNs, mtu, ports, loc, null, null, null);
        }
    }

    /**
     * What makes a LAN a Wi-Fi access point (802.11a DCF) instead of a switch: the access point's
     * data rate and each transmitter's queue limit. Its ports are stations (with their rates) and at
     * most one wired uplink (the LAN's bandwidth and delay are the uplink cable's).
     */
    public record WifiSpec(long apRateBps, int queuePackets) {
    }

    /**
     * A switch's DHCP server: interface {@code iface} of node {@code node} leases addresses
     * {@code first..last} for {@code leaseNs}, with option 3 {@code router} (0: none) and option 6 {@code dns}.
     */
    public record DhcpSpec(String node, String iface, int first, int last, long leaseNs, int router, List<Integer> dns,
                           Loc loc) {
    }

    /**
     * A switch port: a node's interface in access VLAN {@code vlan} (then {@code trunkTo} is null; {@code mac} 0
     * means derived from the seed), or a trunk to switch {@code trunkTo} carrying {@code vlans} tagged and VLAN 1
     * untagged. {@code delayNs} is this port's cable delay, or -1 for the LAN's.
     */
    public record LanPort(Endpoint end, int vlan, long mac, String trunkTo, java.util.BitSet vlans, Loc loc, long rateBps,
                          boolean uplink, dev.minternet.wire.Ip6.Cidr ipv6, boolean slaac, boolean dhcp, long delayNs,
                          int leased) {
        /** A switch port without IPv6 (IPv6 is on when the port has an {@code ipv6} address or its node {@code slaac: true}), with the LAN's delay. */
        public LanPort(Endpoint end, int vlan, long mac, String trunkTo, java.util.BitSet vlans, Loc loc) {
            this(end, vlan, mac, trunkTo, vlans, loc, 0, false, null, false, false, -1, 0);
        }

        /** This port without the lease it held when the world started: its DHCP client starts from INIT (a cold boot). */
        public LanPort coldBoot() {
            return new LanPort(end, vlan, mac, trunkTo, vlans, loc, rateBps, uplink, ipv6, slaac, dhcp, delayNs, 0);
        }
    }

    /**
     * A point-to-point full-duplex link.
     *
     * @param queuePackets DropTail limit in packets, or 0 when the limit is in bytes
     * @param queueBytes DropTail limit in bytes, or 0 when the limit is in packets
     * @param loss random loss probability per packet, 0..1
     * @param cost global-routing metric
     */
    public record LinkSpec(String name, Endpoint a, Endpoint b, long bandwidthBps, long delayNs, int mtu,
                           int queuePackets, int queueBytes, double loss, int cost, Loc loc, boolean ethernet) {
    }

    /** Something that happens at a simulated time. */
    public sealed interface TimelineEntry {
        long atNs();

        Loc loc();
    }

    /** Runs a command line on a node, as typed into its terminal. */
    public record RunCommand(long atNs, String node, String command, Loc loc) implements TimelineEntry {
    }

    /**
     * A line typed on a node's terminal, for the command running there that reads its input
     * ({@link #END_OF_INPUT}: Ctrl-D).
     */
    public record Input(long atNs, String node, String line, Loc loc) implements TimelineEntry {
        /** What a timeline writes for Ctrl-D. */
        public static final String END_OF_INPUT = "^D";

        public boolean endOfInput() {
            return line.equals(END_OF_INPUT);
        }
    }

    /** Crashes a node ({@code up == false}: it drops everything, its services fall silent) or boots it again. */
    public record NodeState(long atNs, String node, boolean up, Loc loc) implements TimelineEntry {
    }

    /** Deregisters {@code target} from network load balancer {@code nlb}'s target groups (AWS deregister-targets). */
    public record Deregister(long atNs, String nlb, String target, Loc loc) implements TimelineEntry {
    }

    /** Takes a link down ({@code up == false}) or brings it back. */
    public record LinkState(long atNs, String link, boolean up, Loc loc) implements TimelineEntry {
    }
}
