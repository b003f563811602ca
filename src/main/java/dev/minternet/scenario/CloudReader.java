package dev.minternet.scenario;

import dev.minternet.netfilter.FirewallConfig;
import dev.minternet.netfilter.FirewallConfig.Action;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.netfilter.FirewallConfig.Rule;
import dev.minternet.netfilter.NatConfig;
import dev.minternet.scenario.CloudNacls.PortRange;
import dev.minternet.scenario.CloudNacls.Proto;
import dev.minternet.scenario.CloudSpec.CloudNode;
import dev.minternet.scenario.CloudSpec.Role;
import dev.minternet.scenario.Scenario.NodeKind;
import dev.minternet.scenario.Topology.EndDraft;
import dev.minternet.scenario.Topology.LinkDraft;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Topology.RouteDraft;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.units.Units;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.dns.StubResolver;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code cloud:} section: regions and zones, VPCs with subnets, route tables, an internet
 * gateway, NAT gateways, security groups, network ACLs, instances, and peerings between VPCs,
 * compiled into the ordinary drafts (docs/cloud.md):
 * <ul>
 *   <li>each subnet is a router node named {@code <vpc>-<subnet>}, the subnet's share of the VPC
 *       router: it holds the subnet's route table as static routes and its network ACL as a
 *       stateless FORWARD chain; subnets of one VPC are joined in a full mesh (the local route),
 *       with the zone delay between zones;</li>
 *   <li>each instance is a host on its own link to its subnet's router, whose side has the
 *       subnet's first address (shared by all those links, as a VPC router answers on .1 in
 *       every subnet); its security groups are its stateful firewall, deny by default inbound;</li>
 *   <li>the internet gateway is a router {@code <vpc>-igw} between the subnets and the scenario's
 *       {@code internet} node, translating each public address one to one (static NAT);</li>
 *   <li>a NAT gateway is a router in its public subnet that masquerades what the private subnets
 *       routed to it send;</li>
 *   <li>a peering is a router joined to every subnet of its two VPCs that forwards only traffic
 *       between them (so peering is not transitive).</li>
 * </ul>
 * The plumbing links between these routers use 169.254.0.0/16 /30s (the provider's fabric).
 */
final class CloudReader {
    private static final String[] CLOUD_FIELDS = {"internet", "regions", "region-delay", "vpcs", "peerings",
        "private-zones", "public-resolvers", "transit-gateways"};
    private static final String[] REGION_FIELDS = {"name", "zones", "zone-delay"};
    private static final String[] VPC_FIELDS = {"name", "region", "cidr", "internet-gateway", "subnets",
        "route-tables", "nat-gateways", "security-groups", "nacls", "instances", "network-load-balancers"};
    private static final String[] IGW_FIELDS = {"public-cidr", "delay"};
    static final String[] SUBNET_FIELDS = {"name", "zone", "cidr", "route-table", "nacl"};
    private static final String[] TABLE_FIELDS = {"name", "routes"};
    private static final String[] ROUTE_FIELDS = {"to", "via"};
    private static final String[] NATGW_FIELDS = {"name", "subnet", "ip", "public-ip"};
    private static final String[] SG_FIELDS = {"name", "inbound", "outbound"};
    private static final String[] SG_RULE_FIELDS = {"proto", "port", "from", "to"};
    private static final String[] NACL_FIELDS = {"name", "inbound", "outbound"};
    private static final String[] INSTANCE_FIELDS = {"name", "subnet", "ip", "public-ip", "security-groups",
        "services", "resolver"};
    private static final String[] PEERING_FIELDS = {"name", "a", "b"};
    static final int FABRIC = Ip4.parse("169.254.0.0");

    private final Topology world;
    private final ServicesReader services;
    private CloudNacls nacls = new CloudNacls();
    final Map<String, CloudNode> labels = new LinkedHashMap<>();
    int fabricNext;
    private long regionDelay;
    final Map<String, Region> regions = new LinkedHashMap<>();
    final Map<String, Vpc> vpcs = new LinkedHashMap<>();
    NodeDraft internet;
    /** Whether VPCs get a resolver at base + 2 (the cloud has private-zones or public-resolvers). */
    private boolean dnsOn;
    final List<Integer> publicResolvers = new ArrayList<>();
    final List<CloudSpec.PrivateZone> privateZones = new ArrayList<>();
    final List<CloudSpec.VpcDns> resolvers = new ArrayList<>();
    final Map<String, CloudTgws.Tgw> tgws = new LinkedHashMap<>();
    private final CloudTgws transit = new CloudTgws(this);
    private final CloudDns dns = new CloudDns(this);
    private final CloudNlbs nlbs = new CloudNlbs(this);
    final List<dev.minternet.netfilter.NlbFabric.Spec> nlbSpecs = new ArrayList<>();

    record Region(String name, List<String> zones, long zoneDelay) {
    }

    static final class Vpc {
        final Val val;
        final String name;
        final Region region;
        final Cidr cidr;
        final Map<String, Subnet> subnets = new LinkedHashMap<>();
        final Map<String, Sg> groups = new LinkedHashMap<>();
        final Map<String, Val> tables = new LinkedHashMap<>();
        final Map<String, NodeDraft> natGateways = new LinkedHashMap<>();
        final Map<String, Peering> peerings = new LinkedHashMap<>();
        NodeDraft igw;
        EndDraft igwOutside;
        Cidr publicCidr;
        final List<NatConfig.StaticMap> statics = new ArrayList<>();
        /** The subnet routers' mesh links, by "a/b" subnet names in file order. */
        final Map<String, LinkDraft> mesh = new LinkedHashMap<>();
        /** The private zones associated with this VPC, with the value that associated each. */
        final Map<String, Val> zoneVals = new LinkedHashMap<>();
        final List<CloudSpec.PrivateZone> zones = new ArrayList<>();
        /** The transit gateways this VPC is attached to, by name. */
        final Map<String, CloudTgws.Tgw> tgws = new LinkedHashMap<>();
        /** The resolver's address (base + 2), or 0 when the cloud has no DNS. */
        int resolverAddr;
        /** Each instance's subnet and address, by name (for load balancers' targets). */
        final Map<String, Map.Entry<Subnet, Integer>> instances = new LinkedHashMap<>();

        Vpc(Val val, String name, Region region, Cidr cidr) {
            this.val = val;
            this.name = name;
            this.region = region;
            this.cidr = cidr;
        }
    }

    static final class Subnet {
        final Val val;
        final String name;
        final String zone;
        final Cidr cidr;
        final NodeDraft router;
        Val table;
        String nacl;
        /** The subnet router's link to each gateway (igw, a NAT gateway, a peering), by gateway name. */
        final Map<String, EndDraft> toGateway = new LinkedHashMap<>();
        /** FORWARD rules the subnet's router needs besides its network ACL (a network load balancer's), with labels. */
        final Map<Rule, String> fabricRules = new LinkedHashMap<>();

        Subnet(Val val, String name, String zone, Cidr cidr, NodeDraft router) {
            this.val = val;
            this.name = name;
            this.zone = zone;
            this.cidr = cidr;
            this.router = router;
        }
    }

    private static final class Sg {
        final Val val;
        final String name;
        final List<String> members = new ArrayList<>();
        final List<Integer> memberAddrs = new ArrayList<>();

        Sg(Val val, String name) {
            this.val = val;
            this.name = name;
        }
    }

    private record Peering(String name, Vpc a, Vpc b, NodeDraft node) {
    }

    CloudReader(Topology world, ServicesReader services) {
        this.world = world;
        this.services = services;
    }

    /** Reads the section and adds its nodes and links to the drafts; returns the labels. */
    CloudSpec read(Val v, Scenario.Routing routing, Val routingVal) throws ScenarioException {
        Obj o = v.obj(CLOUD_FIELDS);
        if (routing == Scenario.Routing.GLOBAL) {
            throw routingVal.error("a cloud's route tables are static routes; remove 'routing: global' (write the"
                    + " outside nodes' routes, e.g. default via the internet router)");
        }
        Val inetVal = o.req("internet", "the router node (from nodes:) that internet gateways attach to");
        internet = world.nodes.get(world.knownNode(inetVal));
        if (internet.kind != NodeKind.ROUTER) {
            throw inetVal.error(internet.name + " is a host; the internet gateways attach to a router");
        }
        regionDelay = o.opt("region-delay", 30_000_000L, Fields::linkDelay);
        for (Val r : o.list("regions")) {
            Obj ro = r.obj(REGION_FIELDS);
            String name = name(ro.req("name", "e.g. eu-west-1"));
            if (regions.containsKey(name)) {
                throw ro.raw("name").error("duplicate region '" + name + "'");
            }
            List<String> zones = new ArrayList<>();
            for (Val z : ro.req("zones", "its availability zones, e.g. [eu-west-1a, eu-west-1b]").list()) {
                String zn = name(z);
                if (zones.contains(zn)) {
                    throw z.error("zone '" + zn + "' is listed twice");
                }
                zones.add(zn);
            }
            if (zones.isEmpty()) {
                throw ro.raw("zones").error("a region needs at least one zone");
            }
            long zd = ro.opt("zone-delay", 1_000_000L, Fields::linkDelay);
            regions.put(name, new Region(name, List.copyOf(zones), zd));
        }
        if (regions.isEmpty()) {
            throw new ScenarioException(o.loc(), v.path + ".regions", "a cloud needs at least one region (e.g."
                    + " regions: [{name: eu-west-1, zones: [eu-west-1a, eu-west-1b]}])");
        }
        List<Val> vpcVals = o.req("vpcs", "a list of VPCs").list();
        List<Obj> vpcObjs = new ArrayList<>();
        for (Val vv : vpcVals) {
            vpcObjs.add(readVpcHead(vv));
        }
        dnsOn = o.opt("private-zones") != null || o.opt("public-resolvers") != null;
        for (Val z : o.list("private-zones")) {
            dns.readZone(z);
        }
        for (Val a : o.list("public-resolvers")) {
            publicResolvers.add(address(a));
        }
        for (Val p : o.list("peerings")) {
            readPeering(p);
        }
        for (Val t : o.list("transit-gateways")) {
            transit.read(t);
        }
        for (Obj vo : vpcObjs) {
            readVpcBody(vo, internet);
        }
        for (CloudTgws.Tgw t : tgws.values()) {
            transit.compile(t);
        }
        return new CloudSpec(labels, resolvers, nlbSpecs);
    }

    static String name(Val v) throws ScenarioException {
        String n = v.text().strip();
        if (!Topology.NAME.matcher(n).matches()) {
            throw v.error("bad name '" + Yaml.oneLine(n) + "': " + Topology.NAME_RULE);
        }
        return n;
    }

    static Cidr prefix(Val v) throws ScenarioException {
        String t = v.text().strip();
        Cidr c;
        try {
            c = t.contains("/") ? Cidr.parse(t) : new Cidr(Ip4.parse(t), 32);
        } catch (IllegalArgumentException e) {
            throw v.error("bad address or prefix: " + Yaml.oneLine(e.getMessage()) + " (e.g. 10.0.0.0/16)");
        }
        if (c.address() != c.network()) {
            throw v.error(c + " has host bits set (did you mean " + c.networkString() + "?)");
        }
        return c;
    }

    static int address(Val v) throws ScenarioException {
        try {
            return Ip4.parse(v.text().strip());
        } catch (IllegalArgumentException e) {
            throw v.error("bad address: " + Yaml.oneLine(e.getMessage()) + " (e.g. 10.0.1.10)");
        }
    }

    static boolean overlap(Cidr a, Cidr b) {
        int len = Math.min(a.length(), b.length());
        return Ip4.inPrefix(a.network(), b.network() & Ip4.mask(len), len)
                && Ip4.inPrefix(b.network(), a.network() & Ip4.mask(len), len);
    }

    /** A new node in the drafts, refusing a name already taken. */
    NodeDraft node(Val at, String name, NodeKind kind) throws ScenarioException {
        if (!Topology.NAME.matcher(name).matches()) {
            throw at.error("bad node name '" + name + "': " + Topology.NAME_RULE);
        }
        NodeDraft first = world.nodes.get(name);
        if (first != null) {
            throw at.error("node name '" + name + "' is already taken (line " + first.loc.line() + ")");
        }
        NodeDraft n = new NodeDraft(name, kind, at.loc());
        world.nodes.put(name, n);
        return n;
    }

    /** A link between two drafts; an end without an interface name is named later like any other. */
    LinkDraft link(Val at, NodeDraft a, String ifaceA, Cidr addrA, NodeDraft b, String ifaceB, Cidr addrB,
                           long delay) throws ScenarioException {
        String name = a.name + "--" + b.name;
        if (world.links.containsKey(name)) {
            throw at.error("link name '" + name + "' is already taken");
        }
        EndDraft ea = new EndDraft(at, a, ifaceA, addrA);
        EndDraft eb = new EndDraft(at, b, ifaceB, addrB);
        LinkDraft l = new LinkDraft(at, name, ea, eb, LinksReader.DEFAULT_BANDWIDTH_BPS, delay, LinksReader.DEFAULT_MTU,
                LinksReader.DEFAULT_QUEUE_PACKETS, 0, 0, 1, false);
        ea.link = l;
        eb.link = l;
        a.ends.add(ea);
        b.ends.add(eb);
        world.links.put(name, l);
        return l;
    }

    static String nextIface(NodeDraft n) {
        return "eth" + n.ends.size();
    }

    /** A fabric link (a /30 of 169.254.0.0/16) between two cloud routers. */
    LinkDraft fabric(Val at, NodeDraft a, NodeDraft b, long delay) throws ScenarioException {
        if (fabricNext >= 1 << 14) {
            throw at.error("the cloud needs more than 16384 fabric links (169.254.0.0/16); use fewer subnets");
        }
        int net = FABRIC + 4 * fabricNext++;
        return link(at, a, nextIface(a), new Cidr(net + 1, 30), b, nextIface(b), new Cidr(net + 2, 30), delay);
    }

    static void route(NodeDraft n, Val at, Cidr dest, int via, String dev) {
        n.routes.add(new RouteDraft(at, dest, via, dev));
    }

    private Obj readVpcHead(Val v) throws ScenarioException {
        Obj o = v.obj(VPC_FIELDS);
        String name = name(o.req("name", "e.g. shop"));
        if (vpcs.containsKey(name)) {
            throw o.raw("name").error("duplicate vpc '" + name + "' (first at line " + vpcs.get(name).val.loc().line()
                    + ")");
        }
        Val rv = o.req("region", "one of the cloud's regions");
        Region region = regions.get(rv.text().strip());
        if (region == null) {
            throw rv.error("unknown region '" + Yaml.oneLine(rv.text().strip()) + "' (regions: "
                    + String.join(", ", regions.keySet()) + ")");
        }
        Val cv = o.req("cidr", "the VPC's address block, e.g. 10.0.0.0/16");
        Cidr cidr = prefix(cv);
        if (cidr.length() < 16 || cidr.length() > 28) {
            throw cv.error("a VPC's block is from /16 to /28 (as AWS allows), got /" + cidr.length());
        }
        if (overlap(cidr, new Cidr(FABRIC, 16))) {
            throw cv.error(cidr.networkString() + " overlaps 169.254.0.0/16, the cloud's fabric");
        }
        Vpc vpc = new Vpc(v, name, region, cidr);
        vpcs.put(name, vpc);
        // Security groups, by name first, so that a reference to another VPC's group is recognised
        // (members are filled as instances name them).
        for (Val g : o.list("security-groups")) {
            Obj go = g.obj(SG_FIELDS);
            String gn = name(go.req("name", "e.g. web"));
            if (vpc.groups.containsKey(gn)) {
                throw go.raw("name").error("duplicate security group '" + gn + "' in vpc " + vpc.name);
            }
            for (Vpc other : vpcs.values()) {
                if (other != vpc && other.groups.containsKey(gn)) {
                    throw go.raw("name").error("security group '" + gn + "' is already a group of vpc " + other.name
                            + " (group names are unique in the cloud)");
                }
            }
            vpc.groups.put(gn, new Sg(g, gn));
        }
        return o;
    }

    private void readPeering(Val v) throws ScenarioException {
        Obj o = v.obj(PEERING_FIELDS);
        Val nv = o.req("name", "e.g. pcx-shop-shared");
        String name = name(nv);
        Vpc a = knownVpc(o.req("a", "one VPC"));
        Vpc b = knownVpc(o.req("b", "the other VPC"));
        if (a == b) {
            throw o.raw("b").error("a peering joins two different VPCs (both are " + a.name + ")");
        }
        if (overlap(a.cidr, b.cidr)) {
            throw o.raw("b").error("cannot peer " + a.name + " " + a.cidr.networkString() + " with " + b.name + " "
                    + b.cidr.networkString() + ": their CIDR blocks overlap");
        }
        for (Peering p : a.peerings.values()) {
            if (p.a() == b || p.b() == b) {
                throw nv.error(a.name + " and " + b.name + " are already peered by " + p.name());
            }
        }
        NodeDraft node = node(nv, name, NodeKind.ROUTER);
        Peering p = new Peering(name, a, b, node);
        a.peerings.put(name, p);
        b.peerings.put(name, p);
        List<Rule> rules = List.of(
                new Rule(Action.ALLOW, Direction.FORWARD, Rule.ANY, a.cidr, b.cidr, -1, -1),
                new Rule(Action.ALLOW, Direction.FORWARD, Rule.ANY, b.cidr, a.cidr, -1, -1));
        node.firewall = new FirewallConfig(Action.ALLOW, Action.ALLOW, Action.DENY, rules, EnumSet.noneOf(Direction.class));
        labels.put(name, new CloudNode(Role.PEERING, "peering " + name + " between " + a.name + " and " + b.name,
                List.of("peering " + name + " (" + a.name + " " + a.cidr.networkString() + " to " + b.name + " "
                        + b.cidr.networkString() + ")", "peering " + name + " (" + b.name + " " + b.cidr.networkString()
                        + " to " + a.name + " " + a.cidr.networkString() + ")"),
                "peering " + name + " carries only traffic between " + a.name + " and " + b.name
                        + " (peering is not transitive)"));
    }

    Vpc knownVpc(Val v) throws ScenarioException {
        Vpc x = vpcs.get(v.text().strip());
        if (x == null) {
            throw v.error("unknown vpc '" + Yaml.oneLine(v.text().strip()) + "' (vpcs: " + String.join(", ", vpcs.keySet())
                    + ")");
        }
        return x;
    }

    private void readVpcBody(Obj o, NodeDraft internet) throws ScenarioException {
        Vpc vpc = vpcs.get(o.raw("name").text().strip());
        // Route tables, read first so subnets can name them.
        for (Val t : o.list("route-tables")) {
            Obj to = t.obj(TABLE_FIELDS);
            String tn = name(to.req("name", "e.g. private"));
            if (vpc.tables.putIfAbsent(tn, t) != null) {
                throw to.raw("name").error("duplicate route table '" + tn + "'");
            }
        }
        // Subnets.
        for (Val s : o.req("subnets", "the VPC's subnets").list()) {
            Obj so = s.obj(SUBNET_FIELDS);
            String sn = name(so.req("name", "e.g. public-a"));
            if (vpc.subnets.containsKey(sn)) {
                throw so.raw("name").error("duplicate subnet '" + sn + "' in vpc " + vpc.name);
            }
            Val zv = so.req("zone", "one of the region's zones: " + String.join(", ", vpc.region.zones()));
            String zone = zv.text().strip();
            if (!vpc.region.zones().contains(zone)) {
                throw zv.error("zone '" + Yaml.oneLine(zone) + "' is not in region " + vpc.region.name() + " (zones: "
                        + String.join(", ", vpc.region.zones()) + ")");
            }
            Val cv = so.req("cidr", "a block inside the VPC's " + vpc.cidr.networkString());
            Cidr cidr = prefix(cv);
            if (cidr.length() < vpc.cidr.length() || !vpc.cidr.contains(cidr.network())) {
                throw cv.error("subnet " + cidr.networkString() + " is outside vpc " + vpc.name + "'s "
                        + vpc.cidr.networkString());
            }
            if (cidr.length() > 28) {
                throw cv.error("a subnet is from /16 to /28 (as AWS allows), got /" + cidr.length());
            }
            for (Subnet other : vpc.subnets.values()) {
                if (overlap(other.cidr, cidr)) {
                    throw cv.error("subnet " + cidr.networkString() + " overlaps subnet " + other.name + " "
                            + other.cidr.networkString());
                }
            }
            NodeDraft router = node(so.raw("name"), vpc.name + "-" + sn, NodeKind.ROUTER);
            Subnet sub = new Subnet(s, sn, zone, cidr, router);
            Val tv = so.opt("route-table");
            if (tv != null) {
                if (!vpc.tables.containsKey(tv.text().strip())) {
                    throw tv.error("unknown route table '" + Yaml.oneLine(tv.text().strip()) + "' (route tables of "
                            + vpc.name + ": " + (vpc.tables.isEmpty() ? "none" : String.join(", ", vpc.tables.keySet()))
                            + ")");
                }
                sub.table = vpc.tables.get(tv.text().strip());
            }
            Val nv = so.opt("nacl");
            sub.nacl = nv == null ? null : nv.text().strip();
            vpc.subnets.put(sn, sub);
        }
        // The local route: a full mesh of the subnets' routers.
        List<Subnet> subs = new ArrayList<>(vpc.subnets.values());
        for (int i = 0; i < subs.size(); i++) {
            for (int j = i + 1; j < subs.size(); j++) {
                Subnet a = subs.get(i);
                Subnet b = subs.get(j);
                LinkDraft l = fabric(a.val, a.router, b.router, a.zone.equals(b.zone) ? 0 : vpc.region.zoneDelay());
                vpc.mesh.put(a.name + "/" + b.name, l);
                route(a.router, a.val, b.cidr, l.b().cidr.address(), l.a().iface);
                route(b.router, b.val, a.cidr, l.a().cidr.address(), l.b().iface);
            }
        }
        if (dnsOn) {
            dns.resolver(vpc, subs, o.raw("name"));
        }
        for (CloudTgws.Tgw t : vpc.tgws.values()) {
            CloudTgws.Attachment a = t.attachments.get(vpc.name);
            for (Subnet s : subs) {
                LinkDraft l = fabric(s.val, s.router, a.node, 0);
                route(a.node, s.val, s.cidr, l.a().cidr.address(), l.b().iface);
                s.toGateway.put(t.name, l.b());
            }
        }
        // The internet gateway.
        Val igwVal = o.opt("internet-gateway");
        if (igwVal != null) {
            Obj io = igwVal.obj(IGW_FIELDS);
            Val pv = io.req("public-cidr", "the block its public addresses come from, e.g. 198.51.100.0/24");
            Cidr pub = prefix(pv);
            if (pub.length() > 29) {
                throw pv.error("a public block needs room for addresses: at most /29, got /" + pub.length());
            }
            if (overlap(pub, vpc.cidr)) {
                throw pv.error(pub.networkString() + " overlaps the VPC's " + vpc.cidr.networkString());
            }
            long delay = io.opt("delay", 0L, Fields::linkDelay);
            vpc.publicCidr = pub;
            vpc.igw = node(igwVal, vpc.name + "-igw", NodeKind.ROUTER);
            LinkDraft l = link(igwVal, vpc.igw, "eth0", new Cidr(pub.broadcast() - 2, pub.length()), internet, null,
                    new Cidr(pub.broadcast() - 1, pub.length()), delay);
            vpc.igwOutside = l.a();
            route(vpc.igw, igwVal, new Cidr(0, 0), pub.broadcast() - 1, "eth0");
            for (Subnet s : subs) {
                LinkDraft f = fabric(igwVal, vpc.igw, s.router, 0);
                route(vpc.igw, igwVal, s.cidr, f.b().cidr.address(), f.a().iface);
                s.toGateway.put("igw", f.a());
            }
            labels.put(vpc.igw.name, new CloudNode(Role.INTERNET_GATEWAY, "internet gateway of vpc " + vpc.name,
                    List.of(), "the internet gateway translates only public addresses one to one"));
        }
        // NAT gateways.
        for (Val n : o.list("nat-gateways")) {
            Obj no = n.obj(NATGW_FIELDS);
            Val nv = no.req("name", "e.g. nat-a");
            String nn = name(nv);
            Subnet sub = subnet(vpc, no.req("subnet", "the public subnet it sits in"));
            Val ipv = no.req("ip", "its private address in the subnet");
            int ip = hostIn(sub, ipv);
            Val pubv = no.req("public-ip", "its elastic address, from the internet gateway's public-cidr");
            int pubIp = publicIp(vpc, pubv);
            NodeDraft nat = node(nv, nn, NodeKind.ROUTER);
            attach(n, nat, sub, ip);
            route(nat, n, new Cidr(0, 0), sub.cidr.network() + 1, "eth0");
            nat.natOutside = nv; // the value is checked by checkNatOutside: its text must be the interface
            nat.natOutsideName = "eth0";
            nat.forwards = List.of();
            vpc.statics.add(new NatConfig.StaticMap(ip, pubIp));
            vpc.natGateways.put(nn, nat);
            labels.put(nn, new CloudNode(Role.NAT_GATEWAY, "NAT gateway " + nn + " in subnet " + sub.name, List.of(),
                    "a NAT gateway lets private subnets out, never in"));
        }
        // Instances.
        List<Object[]> instances = new ArrayList<>();
        for (Val iv : o.list("instances")) {
            Obj io = iv.obj(INSTANCE_FIELDS);
            Val nv = io.req("name", "e.g. web-1");
            String in = name(nv);
            Subnet sub = subnet(vpc, io.req("subnet", "the subnet it runs in"));
            int ip = hostIn(sub, io.req("ip", "its private address in the subnet"));
            NodeDraft host = node(nv, in, NodeKind.HOST);
            attach(iv, host, sub, ip);
            route(host, iv, new Cidr(0, 0), sub.cidr.network() + 1, null);
            Val pubv = io.opt("public-ip");
            if (pubv != null) {
                vpc.statics.add(new NatConfig.StaticMap(ip, publicIp(vpc, pubv)));
            }
            List<Sg> groups = new ArrayList<>();
            for (Val gv : io.list("security-groups")) {
                Sg g = group(vpc, gv);
                if (groups.contains(g)) {
                    throw gv.error("security group '" + g.name + "' is attached twice");
                }
                groups.add(g);
                g.members.add(in);
                g.memberAddrs.add(ip);
            }
            host.resolver = io.opt("resolver", null, DnsReader::readResolver);
            if (host.resolver == null && vpc.resolverAddr != 0) {
                // AWS's default DHCP options: the VPC resolver.
                host.resolver = new Scenario.ResolverSpec(List.of(vpc.resolverAddr), StubResolver.DEFAULT_TIMEOUT_NS,
                        StubResolver.DEFAULT_ATTEMPTS, Map.of(), iv.loc());
            }
            Val svc = io.opt("services");
            if (svc != null) {
                host.services = List.copyOf(services.read(svc));
            }
            instances.add(new Object[] {host, groups, sub});
            vpc.instances.put(in, Map.entry(sub, ip));
        }
        for (Object[] x : instances) {
            @SuppressWarnings("unchecked")
            List<Sg> groups = (List<Sg>) x[1];
            securityGroups(vpc, (NodeDraft) x[0], groups, (Subnet) x[2]);
        }
        for (Val n : o.list("network-load-balancers")) {
            nlbs.read(vpc, n);
        }
        // The internet gateway's one-to-one mappings.
        if (vpc.igw != null) {
            vpc.igw.natOutside = vpc.val;
            vpc.igw.natOutsideName = "eth0";
            vpc.igw.forwards = List.of();
            vpc.igw.statics = List.copyOf(vpc.statics);
            vpc.igw.masquerade = false;
        }
        // Route tables: links to the gateways they name, and the routes.
        for (Subnet s : subs) {
            if (s.table == null) {
                continue;
            }
            Obj to = s.table.obj(TABLE_FIELDS);
            for (Val r : to.list("routes")) {
                Obj ro = r.obj(ROUTE_FIELDS);
                Cidr dest = prefix(ro.req("to", "a destination block, e.g. 0.0.0.0/0"));
                Val via = ro.req("via", "igw, a NAT gateway or a peering");
                String gw = via.text().strip();
                if (overlap(dest, vpc.cidr) && dest.length() >= vpc.cidr.length()) {
                    throw ro.raw("to").error(dest.networkString() + " is inside the VPC's " + vpc.cidr.networkString()
                            + ": the local route already covers it");
                }
                EndDraft end = s.toGateway.get(gw);
                if (end == null) {
                    NodeDraft target;
                    if (vpc.natGateways.containsKey(gw)) {
                        target = vpc.natGateways.get(gw);
                        LinkDraft l = fabric(r, s.router, target, 0);
                        route(target, r, s.cidr, l.a().cidr.address(), l.b().iface);
                        end = l.b();
                    } else if (vpc.peerings.containsKey(gw)) {
                        end = peeringEnd(vpc.peerings.get(gw), s, r);
                    } else {
                        List<String> known = new ArrayList<>();
                        if (vpc.igw != null) {
                            known.add("igw");
                        }
                        known.addAll(vpc.natGateways.keySet());
                        known.addAll(vpc.peerings.keySet());
                        known.addAll(vpc.tgws.keySet());
                        if (tgws.containsKey(gw)) {
                            throw via.error("route to transit gateway " + gw + ", which vpc " + vpc.name + " is not"
                                    + " attached to (attachments of " + gw + ": "
                                    + String.join(", ", tgws.get(gw).attachments.keySet()) + ")");
                        }
                        throw via.error("route to missing gateway '" + Yaml.oneLine(gw) + "' (gateways of vpc "
                                + vpc.name + ": " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
                    }
                    s.toGateway.put(gw, end);
                }
                EndDraft mine = end.link.a() == end ? end.link.b() : end.link.a();
                route(s.router, r, dest, end.cidr.address(), mine.iface);
            }
        }
        // Peerings' own routes back into this VPC: every subnet, whether or not it routes to the peer.
        for (Peering p : vpc.peerings.values()) {
            for (Subnet s : subs) {
                peeringEnd(p, s, s.val);
            }
        }
        // Network ACLs.
        nacls = new CloudNacls();
        for (Val n : o.list("nacls")) {
            Obj no = n.obj(NACL_FIELDS);
            String nn = name(no.req("name", "e.g. nacl-db"));
            if (nacls.has(nn)) {
                throw no.raw("name").error("duplicate network ACL '" + nn + "'");
            }
            nacls.read(no, nn);
        }
        for (Subnet s : subs) {
            labels.put(s.router.name, nacls.compile(vpc.name, s, vpc.resolverAddr));
        }
    }

    /** The subnet's end of its link to peering {@code p} (made on first use), and the peering's route back. */
    private EndDraft peeringEnd(Peering p, Subnet s, Val at) throws ScenarioException {
        EndDraft end = s.toGateway.get(p.name());
        if (end != null) {
            return end;
        }
        long delay = p.a().region == p.b().region ? 0 : regionDelay / 2;
        LinkDraft l = fabric(at, s.router, p.node(), delay);
        route(p.node(), at, s.cidr, l.a().cidr.address(), l.b().iface);
        s.toGateway.put(p.name(), l.b());
        return l.b();
    }

    Subnet subnet(Vpc vpc, Val v) throws ScenarioException {
        Subnet s = vpc.subnets.get(v.text().strip());
        if (s == null) {
            throw v.error("unknown subnet '" + Yaml.oneLine(v.text().strip()) + "' (subnets of " + vpc.name + ": "
                    + String.join(", ", vpc.subnets.keySet()) + ")");
        }
        return s;
    }

    private Sg group(Vpc vpc, Val v) throws ScenarioException {
        String n = v.text().strip();
        Sg g = vpc.groups.get(n);
        if (g == null) {
            for (Vpc other : vpcs.values()) {
                if (other.groups.containsKey(n)) {
                    throw v.error("security group '" + n + "' belongs to vpc " + other.name + ", not " + vpc.name
                            + " (a group is referenced only inside its own VPC)");
                }
            }
            throw v.error("unknown security group '" + Yaml.oneLine(n) + "' (groups of " + vpc.name + ": "
                    + (vpc.groups.isEmpty() ? "none" : String.join(", ", vpc.groups.keySet())) + ")");
        }
        return g;
    }

    /** A host address of the subnet, not one of the five AWS reserves (network, .1 .2 .3, broadcast). */
    int hostIn(Subnet s, Val v) throws ScenarioException {
        int a = address(v);
        if (!s.cidr.contains(a)) {
            throw v.error(Ip4.str(a) + " is outside subnet " + s.name + " " + s.cidr.networkString());
        }
        int off = a - s.cidr.network();
        if (off <= 3 || a == s.cidr.broadcast()) {
            throw v.error(Ip4.str(a) + " is reserved in " + s.cidr.networkString() + " (the network address, the"
                    + " VPC router .1, DNS .2, .3 and the broadcast address); use " + Ip4.str(s.cidr.network() + 4)
                    + " to " + Ip4.str(s.cidr.broadcast() - 1));
        }
        return a;
    }

    int publicIp(Vpc vpc, Val v) throws ScenarioException {
        int a = address(v);
        if (vpc.publicCidr == null) {
            throw v.error("vpc " + vpc.name + " has no internet-gateway to map a public address");
        }
        if (!vpc.publicCidr.contains(a) || a == vpc.publicCidr.network() || a >= vpc.publicCidr.broadcast() - 2) {
            throw v.error(Ip4.str(a) + " is not a usable address of the internet gateway's public-cidr "
                    + vpc.publicCidr.networkString() + " (use " + Ip4.str(vpc.publicCidr.network() + 1) + " to "
                    + Ip4.str(vpc.publicCidr.broadcast() - 3) + ")");
        }
        for (NatConfig.StaticMap m : vpc.statics) {
            if (m.publicAddr() == a) {
                throw v.error("public address " + Ip4.str(a) + " is already mapped to " + Ip4.str(m.insideAddr()));
            }
        }
        return a;
    }

    /** A host's link to its subnet's router: the host's address, the router's .1 (shared by its instance links). */
    void attach(Val at, NodeDraft host, Subnet s, int ip) throws ScenarioException {
        for (NodeDraft n : world.nodes.values()) {
            for (EndDraft e : n.ends) {
                if (e.cidr.address() == ip) {
                    throw at.error("address " + Ip4.str(ip) + " is already used by " + n.name);
                }
            }
        }
        LinkDraft l = link(at, host, "eth0", new Cidr(ip, s.cidr.length()), s.router, nextIface(s.router),
                new Cidr(s.cidr.network() + 1, s.cidr.length()), 0);
        l.b().shared = true;
        route(s.router, at, new Cidr(ip, 32), ip, l.b().iface);
    }

    /** An instance's security groups as its firewall: allow-only rules, stateful, inbound denied by default. */
    private void securityGroups(Vpc vpc, NodeDraft host, List<Sg> groups, Subnet sub) throws ScenarioException {
        List<Rule> rules = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> groupNames = new ArrayList<>();
        if (vpc.resolverAddr != 0) {
            rules.add(new Rule(Action.ALLOW, Direction.OUT, Rule.ANY, null, new Cidr(vpc.resolverAddr, 32), -1, -1));
            names.add("the VPC resolver " + Ip4.str(vpc.resolverAddr) + " (security groups do not filter Amazon DNS)");
        }
        for (Sg g : groups) {
            groupNames.add(g.name);
            Obj go = g.val.obj(SG_FIELDS);
            for (String dir : new String[] {"inbound", "outbound"}) {
                boolean in = dir.equals("inbound");
                List<Val> list = go.list(dir);
                if (!in && go.opt("outbound") == null) {
                    rules.add(new Rule(Action.ALLOW, Direction.OUT, Rule.ANY, null, null, -1, -1));
                    names.add("security group " + g.name + " outbound default (allow all)");
                    continue;
                }
                for (int i = 0; i < list.size(); i++) {
                    Val rv = list.get(i);
                    Obj ro = rv.obj(SG_RULE_FIELDS);
                    String peerKey = in ? "from" : "to";
                    if (ro.opt(in ? "to" : "from") != null) {
                        throw new ScenarioException(ro.keyLoc(in ? "to" : "from"), rv.path + "." + (in ? "to" : "from"),
                                "an " + dir + " rule names the " + (in ? "source (from)" : "destination (to)")
                                        + " only");
                    }
                    Proto proto = ro.opt("proto", Proto.ALL, x -> x.choice(Proto.class));
                    PortRange pr = CloudNacls.ports(ro, proto);
                    Val peer = ro.req(peerKey, "a CIDR block such as 0.0.0.0/0 or a security group name");
                    String pt = peer.text().strip();
                    String label = "security group " + g.name + " " + dir + " rule " + (i + 1) + " (allow "
                            + CloudNacls.what(proto, pr) + " " + peerKey + " " + pt + ")";
                    Direction d = in ? Direction.IN : Direction.OUT;
                    if (Character.isDigit(pt.isEmpty() ? 'x' : pt.charAt(0))) {
                        Cidr c = prefix(peer);
                        rules.add(new Rule(Action.ALLOW, d, proto.number, in ? c : null, in ? null : c, pr.lo(), pr.hi()));
                        names.add(label);
                    } else {
                        Sg ref = group(vpc, peer);
                        for (int a : ref.memberAddrs) {
                            Cidr c = new Cidr(a, 32);
                            rules.add(new Rule(Action.ALLOW, d, proto.number, in ? c : null, in ? null : c, pr.lo(),
                                    pr.hi()));
                            names.add(label);
                        }
                    }
                }
            }
        }
        host.firewall = new FirewallConfig(Action.DENY, Action.DENY, Action.ALLOW, rules,
                EnumSet.of(Direction.IN, Direction.OUT));
        String gs = groupNames.isEmpty() ? "no security group" : "security group" + (groupNames.size() > 1 ? "s " : " ")
                + String.join(", ", groupNames);
        labels.put(host.name, new CloudNode(Role.INSTANCE, "instance " + host.name + " in subnet " + sub.name + " ("
                + gs + ")", names, "no rule of " + gs + " allows it (security groups deny what they do not allow)"));
    }


}
