package dev.minternet.scenario;

import dev.minternet.netfilter.FirewallConfig.Action;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.netfilter.FirewallConfig.Rule;
import dev.minternet.netfilter.FirewallConfig;
import dev.minternet.netfilter.NatConfig.PortForward;
import dev.minternet.netfilter.NatConfig;
import dev.minternet.scenario.Scenario.Endpoint;
import dev.minternet.scenario.Scenario.LinkSpec;
import dev.minternet.scenario.Scenario.LinkState;
import dev.minternet.scenario.Scenario.NodeKind;
import dev.minternet.scenario.Scenario.NodeSpec;
import dev.minternet.scenario.Scenario.RouteSpec;
import dev.minternet.scenario.Scenario.Routing;
import dev.minternet.scenario.Scenario.RunCommand;
import dev.minternet.scenario.Scenario.TimelineEntry;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.units.Units;
import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Ip4;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a scenario YAML file (DESIGN.md decision 8) into a validated {@link Scenario}. Problems
 * are reported as a {@link ScenarioException} whose one-line message names the file, line,
 * column and field path of what is wrong, and says what is allowed.
 *
 * <p>Checks are made in file order, phase by phase: top-level fields, nodes (and route syntax),
 * links, interface names, addresses, route gateways and devices, services' references, then the
 * timeline. The first
 * problem found is reported.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>field</th><th>default</th></tr>
 *   <tr><td>seed</td><td>1</td></tr>
 *   <tr><td>start</td><td>2026-01-01T00:00:00Z</td></tr>
 *   <tr><td>routing</td><td>static</td></tr>
 *   <tr><td>duration</td><td>none (-1: run until idle)</td></tr>
 *   <tr><td>link name</td><td>{@code <nodeA>--<nodeB>}</td></tr>
 *   <tr><td>link bandwidth, delay, mtu</td><td>1Gbps, 0, 1500</td></tr>
 *   <tr><td>link queue, loss, cost</td><td>100 packets, 0, 1</td></tr>
 *   <tr><td>interface</td><td>eth0, eth1, ... per node in link order, skipping names given explicitly</td></tr>
 *   <tr><td>nat forward port</td><td>the outside port</td></tr>
 *   <tr><td>firewall policy in, out, forward</td><td>allow</td></tr>
 *   <tr><td>firewall rule proto, port, from, to</td><td>any</td></tr>
 *   <tr><td>services (see {@link ServicesReader})</td><td>web 80 (443 with tls), app 8080 with 4 workers
 *       and a pool of 4, db 5432 with 1 ms per query and 4 executors, lb round-robin with
 *       LoadBalancer.Health.DEFAULT</td></tr>
 *   <tr><td>tls certificate status</td><td>valid</td></tr>
 * </table>
 */
public final class ScenarioLoader {
    static final long DEFAULT_SEED = 1;
    static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    static final long DEFAULT_BANDWIDTH_BPS = 1_000_000_000L;
    static final int DEFAULT_MTU = 1500;
    /** The smallest MTU every IPv4 link must carry (RFC 791: a 60-byte header plus 8 data bytes). */
    static final int MIN_MTU = 68;
    static final int DEFAULT_QUEUE_PACKETS = 100;
    /** Interface costs are 16-bit, as OSPF's (RFC 2328 appendix C.3), so path sums cannot overflow. */
    static final int MAX_COST = 65535;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final String NAME_RULE = "use lower-case letters, digits and '-', starting with a letter or digit";
    /** Linux interface names are at most 15 characters (IFNAMSIZ - 1). */
    private static final Pattern IFACE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,14}");
    private static final int MAX_LISTED = 10;

    private static final String[] TOP_FIELDS =
            {"name", "description", "seed", "start", "routing", "duration", "tls", "nodes", "links", "dns", "timeline"};
    private static final String[] NODE_FIELDS = {"name", "kind", "routes", "nat", "firewall", "resolver", "services"};
    private static final String[] NAT_FIELDS = {"outside", "forward"};
    private static final String[] FORWARD_FIELDS = {"proto", "port", "to"};
    private static final String[] FIREWALL_FIELDS = {"policy", "rules"};
    private static final String[] POLICY_FIELDS = {"in", "out", "forward"};
    private static final String[] RULE_FIELDS = {"action", "direction", "proto", "port", "from", "to"};
    private static final String[] RESOLVER_FIELDS = {"nameservers", "timeout", "attempts", "hosts"};
    private static final String[] DNS_FIELDS = {"zones", "recursive", "forwarders"};
    private static final String[] ZONE_FIELDS = {"name", "file", "records", "servers"};
    private static final String[] RECURSIVE_FIELDS = {"node", "allow"};
    private static final String[] FORWARDER_FIELDS = {"node", "upstream"};
    /** glibc reads at most this many nameservers from resolv.conf (MAXNS) and at most 5 attempts. */
    private static final int MAX_NAMESERVERS = 3;
    private static final int MAX_ATTEMPTS = 5;
    private static final String[] LINK_FIELDS =
            {"name", "a", "b", "bandwidth", "delay", "mtu", "queue", "loss", "cost"};
    private static final String[] EVENT_FIELDS = {"at", "on", "run", "fail-link", "restore-link", "crash", "restore"};
    private static final String[] ACTIONS = {"run", "fail-link", "restore-link", "crash", "restore"};
    private static final String ENDPOINT_SYNTAX =
            "expected 'node[:iface] address/prefix', e.g. 'laptop 192.168.1.10/24' or 'router:eth1 10.0.0.1/30'";
    private static final String ROUTE_SYNTAX =
            "expected '<dest> [via <gateway>] [dev <iface>]', dest being 'default', an address or address/prefix";

    private final String file;
    private final Limits limits;
    private final Map<String, NodeDraft> nodes = new LinkedHashMap<>();
    private final Map<String, LinkDraft> links = new LinkedHashMap<>();

    private final ServicesReader services;

    private final ScenarioFiles files;

    /** When the run ends: the scenario's duration, or the runner's limit without one. */
    private long runEndNs = ScenarioRunner.DEFAULT_LIMIT_NS;
    private boolean hasDuration;

    private ScenarioLoader(String file, Limits limits) {
        this.file = file;
        this.limits = limits;
        this.files = new ScenarioFiles(Scenario.folderOf(file));
        this.services = new ServicesReader(files);
    }

    /** Reads and validates the scenario in {@code file} (UTF-8) within {@link Limits#DEFAULT}. */
    public static Scenario load(Path file) throws ScenarioException {
        return load(file, Limits.DEFAULT);
    }

    /**
     * Reads and validates the scenario in {@code file} (UTF-8). The size is checked before the
     * file is read, and no more than the limit is ever read (a device or a pipe never ends).
     */
    public static Scenario load(Path file, Limits limits) throws ScenarioException {
        String name = file.toString();
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw unreadable(name, "is a directory");
            }
            if (Files.size(file) > limits.scenarioBytes()) {
                throw tooLarge(name, Files.size(file), limits);
            }
            byte[] bytes;
            try (java.io.InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.scenarioBytes() + 1));
            }
            if (bytes.length > limits.scenarioBytes()) {
                throw tooLarge(name, -1, limits); // a device or a pipe: its size was not known beforehand
            }
            // A strict decoder: a file in another encoding is reported, not read as replacement characters.
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw unreadable(name, "no such file");
        } catch (AccessDeniedException e) {
            throw unreadable(name, "permission denied");
        } catch (CharacterCodingException e) {
            throw unreadable(name, "not UTF-8 text");
        } catch (IOException e) {
            throw unreadable(name, Yaml.oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        return parse(name, text, limits);
    }

    /** Parses and validates scenario text; {@code fileName} is used only in locations and messages. */
    public static Scenario parse(String fileName, String yamlText) throws ScenarioException {
        return parse(fileName, yamlText, Limits.DEFAULT);
    }

    /** Parses and validates scenario text within {@code limits}. */
    public static Scenario parse(String fileName, String yamlText, Limits limits) throws ScenarioException {
        String text = yamlText.startsWith("\uFEFF") ? yamlText.substring(1) : yamlText;
        return new ScenarioLoader(fileName, limits).read(Yaml.compose(fileName, text, limits));
    }

    private static ScenarioException tooLarge(String file, long size, Limits limits) {
        return new ScenarioException(Loc.file(file), "", "the file is " + (size < 0 ? "more than the limit of "
                : Limits.count(size) + " bytes, over the limit of ") + Limits.count(limits.scenarioBytes()) + " bytes ("
                + Limits.howToRaise("scenario-size") + ")");
    }

    private static ScenarioException unreadable(String file, String why) {
        return new ScenarioException(Loc.file(file), "", "cannot read scenario file: " + why);
    }

    // ---- drafts: what has been read so far, with the values that located it

    private static final class NodeDraft {
        final String name;
        final NodeKind kind;
        final Loc loc;
        Scenario.ResolverSpec resolver;
        final List<RouteDraft> routes = new ArrayList<>();
        /** This node's link ends in link order; their interface names are filled in later. */
        final List<EndDraft> ends = new ArrayList<>();
        final Map<String, EndDraft> ifaces = new HashMap<>();
        int nextEth;
        /** The nat.outside value (checked once interfaces are named), or null. */
        Val natOutside;
        List<PortForward> forwards;
        /** The {@code to} value of each forward, for errors found once interfaces are named. */
        final List<Val> forwardTargets = new ArrayList<>();
        FirewallConfig firewall;
        List<Scenario.ServiceSpec> services = List.of();

        NodeDraft(String name, NodeKind kind, Loc loc) {
            this.name = name;
            this.kind = kind;
            this.loc = loc;
        }
    }

    private static final class EndDraft {
        final Val val;
        final NodeDraft node;
        final Cidr cidr;
        String iface;
        final boolean explicit;
        LinkDraft link;

        EndDraft(Val val, NodeDraft node, String iface, Cidr cidr) {
            this.val = val;
            this.node = node;
            this.iface = iface;
            this.explicit = iface != null;
            this.cidr = cidr;
        }

        Endpoint build() {
            return new Endpoint(node.name, iface, cidr, val.loc());
        }
    }

    private record RouteDraft(Val val, Cidr dest, int via, String dev) {
        RouteSpec build() {
            return new RouteSpec(dest, via, dev, val.loc());
        }
    }

    private record LinkDraft(Val val, String name, EndDraft a, EndDraft b, long bandwidthBps,
                             long delayNs, int mtu, int queuePackets, int queueBytes, double loss, int cost) {
        LinkSpec build() {
            return new LinkSpec(name, a.build(), b.build(), bandwidthBps, delayNs, mtu, queuePackets, queueBytes,
                    loss, cost, val.loc());
        }
    }

    // ---- the walk

    private Scenario read(Val root) throws ScenarioException {
        Obj top = root.obj(TOP_FIELDS);
        String name = nonBlank(top.req("name", "a short name for this scenario"));
        String description = top.opt("description", "", v -> v.text().strip());
        long seed = top.opt("seed", DEFAULT_SEED, v -> v.integer(Long.MIN_VALUE, Long.MAX_VALUE));
        Instant start = top.opt("start", DEFAULT_START, ScenarioLoader::instant);
        Routing routing = top.opt("routing", Routing.STATIC, v -> v.choice(Routing.class));
        long durationNs = top.opt("duration", -1L, ScenarioLoader::positiveDuration);
        List<Scenario.CertificateSpec> certificates = top.opt("tls", List.of(), ServicesReader::tls);

        hasDuration = durationNs >= 0;
        runEndNs = hasDuration ? durationNs : ScenarioRunner.DEFAULT_LIMIT_NS;

        Val nodeList = top.req("nodes", "a list of hosts and routers");
        List<Val> nodeVals = nodeList.list();
        if (nodeVals.isEmpty()) {
            throw nodeList.error("needs at least one node");
        }
        WorldSize.check(nodeVals, limits.nodes(), "nodes");
        for (Val v : nodeVals) {
            readNode(v);
        }
        List<Val> linkVals = top.list("links");
        WorldSize.check(linkVals, limits.links(), "links");
        for (Val v : linkVals) {
            readLink(v);
        }
        if (routing == Routing.GLOBAL) {
            WorldSize.checkGlobalRouting(top.raw("routing"), nodes.values().stream()
                    .filter(n -> n.kind == NodeKind.ROUTER || n.ends.size() > 1).count(), limits.globalRouters());
        }
        nameInterfaces();
        checkAddressesUnique();
        for (NodeDraft n : nodes.values()) {
            for (RouteDraft r : n.routes) {
                checkRoute(n, r);
            }
            if (n.natOutside != null) {
                checkNatOutside(n);
            }
        }
        checkServices(durationNs);
        Scenario.DnsSpec dns = top.opt("dns", null, this::readDns);
        List<TimelineEntry> timeline = new ArrayList<>();
        for (Val v : top.list("timeline")) {
            timeline.add(readEvent(v));
        }

        List<NodeSpec> nodeSpecs = new ArrayList<>();
        for (NodeDraft n : nodes.values()) {
            List<RouteSpec> routes = new ArrayList<>();
            for (RouteDraft r : n.routes) {
                routes.add(r.build());
            }
            NatConfig nat = n.natOutside == null ? null : new NatConfig(n.natOutside.text().strip(), n.forwards);
            nodeSpecs.add(new NodeSpec(n.name, n.kind, List.copyOf(routes), n.loc, nat, n.firewall, n.resolver,
                    n.services));
        }
        List<LinkSpec> linkSpecs = new ArrayList<>();
        for (LinkDraft l : links.values()) {
            linkSpecs.add(l.build());
        }
        return new Scenario(file, name, description, seed, start, routing, durationNs, List.copyOf(nodeSpecs),
                List.copyOf(linkSpecs), List.copyOf(timeline), dns, certificates);
    }

    /** Services name nodes that exist; a load balancer's endless health checks need a duration. */
    private void checkServices(long durationNs) throws ScenarioException {
        for (NodeDraft n : nodes.values()) {
            for (Scenario.ServiceSpec s : n.services) {
                List<Scenario.HostPort> refs = new ArrayList<>();
                if (s instanceof Scenario.AppSpec a) {
                    refs.add(a.db());
                } else if (s instanceof Scenario.WebSpec web && web.api() != null) {
                    refs.add(web.api());
                    if (durationNs < 0) {
                        throw new ScenarioException(s.loc(), "nodes." + n.name + ".services", "a web server with an"
                                + " api checks the application server forever: set the scenario's duration (e.g. duration: 30s)");
                    }
                } else if (s instanceof Scenario.LbSpec lb) {
                    refs.addAll(lb.backends());
                    if (durationNs < 0) {
                        throw new ScenarioException(s.loc(), "nodes." + n.name + ".services", "a load balancer checks"
                                + " its backends forever: set the scenario's duration (e.g. duration: 30s)");
                    }
                }
                for (Scenario.HostPort r : refs) {
                    if (!nodes.containsKey(r.node())) {
                        throw new ScenarioException(r.loc(), "nodes." + n.name + ".services", "unknown node '"
                                + Yaml.oneLine(r.node()) + "' (known nodes: " + Yaml.listSome(new ArrayList<>(nodes.keySet()),
                                MAX_LISTED) + ")");
                    }
                }
            }
        }
    }

    private static String nonBlank(Val v) throws ScenarioException {
        String s = v.text().strip();
        if (s.isEmpty()) {
            throw v.error("must not be empty");
        }
        return s;
    }

    private static Instant instant(Val v) throws ScenarioException {
        String s = v.text().strip();
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw v.error("bad start time '" + Yaml.oneLine(s)
                    + "' (expected an ISO-8601 UTC instant such as 2026-01-01T00:00:00Z)");
        }
    }

    private static long positiveDuration(Val v) throws ScenarioException {
        long ns = v.parse(Units::durationNs);
        if (ns == 0) {
            throw v.error("duration must be greater than zero (leave it out to run until nothing is left to do)");
        }
        return ns;
    }

    private void readNode(Val v) throws ScenarioException {
        Obj o = v.obj(NODE_FIELDS);
        Val nameVal = o.req("name", "a lower-case name such as laptop");
        String name = nameVal.text().strip();
        if (!NAME.matcher(name).matches()) {
            throw nameVal.error("bad node name '" + Yaml.oneLine(name) + "': " + NAME_RULE);
        }
        NodeDraft first = nodes.get(name);
        if (first != null) {
            throw nameVal.error("duplicate node name '" + name + "' (first at line " + first.loc.line() + ")");
        }
        NodeKind kind = o.req("kind", "allowed: host, router").choice(NodeKind.class);
        NodeDraft node = new NodeDraft(name, kind, o.loc());
        Map<Cidr, RouteDraft> byDest = new HashMap<>();
        for (Val r : o.list("routes")) {
            RouteDraft route = parseRoute(r);
            RouteDraft same = byDest.putIfAbsent(route.dest(), route);
            if (same != null) {
                throw r.error("a route to " + route.dest() + " is already on line " + same.val().loc().line()
                        + " (one route per destination)");
            }
            node.routes.add(route);
        }
        Val nat = o.opt("nat");
        if (nat != null) {
            if (kind != NodeKind.ROUTER) {
                throw new ScenarioException(o.keyLoc("nat"), nat.path, "nat needs a router (kind: router); a host"
                        + " does not forward");
            }
            readNat(node, nat);
        }
        Val firewall = o.opt("firewall");
        if (firewall != null) {
            node.firewall = readFirewall(kind, firewall);
        }
        node.resolver = o.opt("resolver", null, ScenarioLoader::readResolver);
        Val svc = o.opt("services");
        if (svc != null) {
            node.services = List.copyOf(services.read(svc));
        }
        nodes.put(name, node);
    }

    /** {@code nat: {outside: IFACE, forward: [{proto: tcp, port: 443, to: 192.168.1.10:443}]}}. */
    private static void readNat(NodeDraft node, Val v) throws ScenarioException {
        Obj o = v.obj(NAT_FIELDS);
        Val outside = o.req("outside", "the interface toward the internet, whose address the inside shares");
        if (!IFACE.matcher(outside.text().strip()).matches()) {
            throw outside.error("bad interface name '" + Yaml.oneLine(outside.text().strip()) + "'");
        }
        node.natOutside = outside;
        List<PortForward> forwards = new ArrayList<>();
        Map<String, Val> seen = new HashMap<>();
        for (Val f : o.list("forward")) {
            Obj fo = f.obj(FORWARD_FIELDS);
            int proto = fo.req("proto", "allowed: tcp, udp").choice(ForwardProto.class).number;
            int port = (int) fo.req("port", "the outside port, 1-65535").integer(1, 65535);
            Val toVal = fo.req("to", "the inside host as address[:port], e.g. 192.168.1.10:443");
            String to = toVal.text().strip();
            int colon = to.indexOf(':');
            int toAddr;
            int toPort = port;
            try {
                toAddr = Ip4.parse(colon >= 0 ? to.substring(0, colon) : to);
            } catch (IllegalArgumentException e) {
                throw toVal.error("bad address: " + Yaml.oneLine(e.getMessage()) + " (expected address[:port], e.g."
                        + " 192.168.1.10:443)");
            }
            if (colon >= 0) {
                String p = to.substring(colon + 1);
                if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
                    throw toVal.error("bad port '" + Yaml.oneLine(p) + "' (expected 1-65535)");
                }
                toPort = Integer.parseInt(p);
            }
            String key = proto + "/" + port;
            Val first = seen.putIfAbsent(key, f);
            if (first != null) {
                throw f.error("port " + port + "/" + dev.minternet.wire.Ipv4Packet.protocolName(proto)
                        + " is already forwarded on line " + first.loc().line());
            }
            forwards.add(new PortForward(proto, port, toAddr, toPort));
            node.forwardTargets.add(toVal);
        }
        node.forwards = List.copyOf(forwards);
    }

    /** Protocols a port forward may name. */
    private enum ForwardProto {
        TCP(6), UDP(17);

        final int number;

        ForwardProto(int number) {
            this.number = number;
        }
    }

    /** Protocols a firewall rule may name. */
    private enum RuleProto {
        ANY(Rule.ANY), TCP(6), UDP(17), ICMP(1);

        final int number;

        RuleProto(int number) {
            this.number = number;
        }
    }

    private enum Policy { ALLOW, DENY }

    /** {@code firewall: {policy: {in: deny}, rules: [{action: allow, direction: in, proto: tcp, port: 443}]}}. */
    private static FirewallConfig readFirewall(NodeKind kind, Val v) throws ScenarioException {
        Obj o = v.obj(FIREWALL_FIELDS);
        Action[] policy = {Action.ALLOW, Action.ALLOW, Action.ALLOW};
        Val pv = o.opt("policy");
        if (pv != null) {
            Obj po = pv.obj(POLICY_FIELDS);
            for (int i = 0; i < POLICY_FIELDS.length; i++) {
                Val d = po.opt(POLICY_FIELDS[i]);
                if (d == null) {
                    continue;
                }
                if (i == 2 && kind != NodeKind.ROUTER) {
                    throw new ScenarioException(po.keyLoc("forward"), d.path, "a host does not forward; 'forward'"
                            + " applies to routers only");
                }
                policy[i] = d.choice(Policy.class) == Policy.ALLOW ? Action.ALLOW : Action.DENY;
            }
        }
        List<Rule> rules = new ArrayList<>();
        for (Val r : o.list("rules")) {
            rules.add(readRule(kind, r));
        }
        return new FirewallConfig(policy[0], policy[1], policy[2], rules);
    }

    private static Rule readRule(NodeKind kind, Val v) throws ScenarioException {
        Obj o = v.obj(RULE_FIELDS);
        Action action = o.req("action", "allowed: allow, deny, reject").choice(Action.class);
        Val dirVal = o.req("direction", "allowed: in, out, forward");
        Direction dir = dirVal.choice(Direction.class);
        if (dir == Direction.FORWARD && kind != NodeKind.ROUTER) {
            throw dirVal.error("a host does not forward; use in or out (forward applies to routers only)");
        }
        Val protoVal = o.opt("proto");
        RuleProto proto = protoVal == null ? RuleProto.ANY : protoVal.choice(RuleProto.class);
        int lo = -1;
        int hi = -1;
        Val portVal = o.opt("port");
        if (portVal != null) {
            if (proto != RuleProto.TCP && proto != RuleProto.UDP) {
                throw portVal.error("a port needs proto: tcp or proto: udp"
                        + (proto == RuleProto.ANY ? " (proto is any)" : " (" + Yaml.oneLine(protoVal.text().strip())
                        + " has no ports)"));
            }
            String p = portVal.text().strip();
            java.util.regex.Matcher m = Pattern.compile("(\\d{1,5})(?:\\s*-\\s*(\\d{1,5}))?").matcher(p);
            if (!m.matches()) {
                throw portVal.error("bad port '" + Yaml.oneLine(p) + "' (expected a port such as 443 or a range"
                        + " such as 5000-5010)");
            }
            lo = Integer.parseInt(m.group(1));
            hi = m.group(2) == null ? lo : Integer.parseInt(m.group(2));
            if (lo < 1 || hi > 65535) {
                throw portVal.error("port " + (lo < 1 ? lo : hi) + " out of range 1-65535");
            }
            if (hi < lo) {
                throw portVal.error("empty port range " + lo + "-" + hi + " (write the lower port first)");
            }
        }
        Cidr from = o.opt("from", null, ScenarioLoader::ruleCidr);
        Cidr to = o.opt("to", null, ScenarioLoader::ruleCidr);
        return new Rule(action, dir, proto.number, from, to, lo, hi);
    }

    /** An address (one host) or a prefix without host bits. */
    private static Cidr ruleCidr(Val v) throws ScenarioException {
        String t = v.text().strip();
        Cidr c;
        try {
            c = t.contains("/") ? Cidr.parse(t) : new Cidr(Ip4.parse(t), 32);
        } catch (IllegalArgumentException e) {
            throw v.error("bad address or prefix: " + Yaml.oneLine(e.getMessage()) + " (e.g. 10.0.0.0/8 or"
                    + " 203.0.113.7)");
        }
        if (c.address() != c.network()) {
            throw v.error(c + " has host bits set (did you mean " + c.networkString() + "?)");
        }
        return c;
    }

    /** The NAT's outside interface must be one of the node's. */
    private static void checkNatOutside(NodeDraft n) throws ScenarioException {
        String name = n.natOutside.text().strip();
        if (!n.ifaces.containsKey(name)) {
            throw n.natOutside.error("no such interface on " + n.name + " (" + interfaces(n) + ")");
        }
        if (n.ifaces.size() < 2) {
            throw n.natOutside.error(n.name + " has only the outside interface; NAT needs an inside one too");
        }
        EndDraft outside = n.ifaces.get(name);
        for (int i = 0; i < n.forwards.size(); i++) {
            int to = n.forwards.get(i).toAddr();
            Val v = n.forwardTargets.get(i);
            for (EndDraft e : n.ends) {
                if (e.cidr.address() == to) {
                    throw v.error(Ip4.str(to) + " is " + n.name + "'s own address on " + e.iface
                            + " (forward to an inside host)");
                }
            }
            if (outside.cidr.contains(to)) {
                throw v.error(Ip4.str(to) + " is on the outside subnet " + outside.cidr.networkString()
                        + " (forward to an inside host)");
            }
        }
    }

    /** Parses {@code <dest> [via <gateway>] [dev <iface>]}, as {@code ip route add} takes it. */
    private static RouteDraft parseRoute(Val v) throws ScenarioException {
        String text = v.text().strip();
        String bad = "bad route '" + Yaml.oneLine(text) + "': ";
        if (text.isEmpty()) {
            throw v.error("empty route (" + ROUTE_SYNTAX + ")");
        }
        String[] tok = text.split("\\s+");
        Cidr dest;
        if (tok[0].equals("default")) {
            dest = new Cidr(0, 0);
        } else {
            try {
                dest = tok[0].contains("/") ? Cidr.parse(tok[0]) : new Cidr(Ip4.parse(tok[0]), 32);
            } catch (IllegalArgumentException e) {
                throw v.error(bad + "bad destination: " + Yaml.oneLine(e.getMessage()) + " (" + ROUTE_SYNTAX + ")");
            }
            if (dest.address() != dest.network()) {
                throw v.error(bad + "destination " + dest + " has host bits set (did you mean "
                        + dest.networkString() + "?)");
            }
        }
        Integer via = null;
        String dev = null;
        for (int i = 1; i < tok.length; i += 2) {
            String keyword = tok[i];
            if (!keyword.equals("via") && !keyword.equals("dev")) {
                throw v.error(bad + "unexpected '" + Yaml.oneLine(keyword) + "' (" + ROUTE_SYNTAX + ")");
            }
            if (i + 1 >= tok.length) {
                throw v.error(bad + "'" + keyword + "' needs a value (" + ROUTE_SYNTAX + ")");
            }
            String arg = tok[i + 1];
            if (keyword.equals("via")) {
                if (via != null) {
                    throw v.error(bad + "'via' given twice");
                }
                try {
                    via = Ip4.parse(arg);
                } catch (IllegalArgumentException e) {
                    throw v.error(bad + "bad gateway: " + Yaml.oneLine(e.getMessage()));
                }
                if (via == 0) {
                    throw v.error(bad + "gateway 0.0.0.0 is not an address; leave 'via' out for a route"
                            + " straight out of a device");
                }
            } else {
                if (dev != null) {
                    throw v.error(bad + "'dev' given twice");
                }
                dev = arg;
            }
        }
        if (via == null && dev == null) {
            throw v.error(bad + "needs 'via <gateway>' or 'dev <iface>' or both (" + ROUTE_SYNTAX + ")");
        }
        return new RouteDraft(v, dest, via == null ? 0 : via, dev);
    }

    private void readLink(Val v) throws ScenarioException {
        Obj o = v.obj(LINK_FIELDS);
        EndDraft a = readEnd(o.req("a", "a link needs both ends, e.g. a: laptop 192.168.1.10/24"));
        EndDraft b = readEnd(o.req("b", "a link needs both ends, e.g. b: router:eth0 192.168.1.1/24"));
        if (a.node == b.node) {
            throw b.val.error("both ends are on node '" + a.node.name + "'; a link joins two different nodes");
        }
        if (a.cidr.length() != b.cidr.length()) {
            throw b.val.error("prefix length /" + b.cidr.length() + " differs from /" + a.cidr.length()
                    + " at end a (" + a.cidr + "); both ends of a link share one subnet");
        }
        if (a.cidr.network() != b.cidr.network()) {
            throw b.val.error(b.cidr + " is not in the same subnet as end a " + a.cidr + " ("
                    + b.cidr.networkString() + " vs " + a.cidr.networkString() + ")");
        }

        Val nameVal = o.opt("name");
        String name;
        if (nameVal != null) {
            name = nameVal.text().strip();
            if (!NAME.matcher(name).matches()) {
                throw nameVal.error("bad link name '" + Yaml.oneLine(name) + "': " + NAME_RULE);
            }
        } else {
            name = a.node.name + "--" + b.node.name;
        }
        LinkDraft first = links.get(name);
        if (first != null) {
            Val at = nameVal != null ? nameVal : v;
            throw at.error("duplicate link name '" + name + "' (first at line " + first.val().loc().line() + ")"
                    + (nameVal == null ? "; a link's name defaults to <a-node>--<b-node>: give this one a 'name'"
                    : ""));
        }

        long bandwidth = o.opt("bandwidth", DEFAULT_BANDWIDTH_BPS, x -> x.parse(Units::bitsPerSecond));
        long delay = o.opt("delay", 0L, x -> x.parse(Units::durationNs));
        int mtu = (int) (long) o.opt("mtu", (long) DEFAULT_MTU, x -> x.integer(MIN_MTU, 65535));
        int queuePackets = DEFAULT_QUEUE_PACKETS;
        int queueBytes = 0;
        Val queue = o.opt("queue");
        if (queue != null) {
            String q = queue.text().strip();
            if (q.matches("[-+]?\\d+")) {
                queuePackets = (int) queue.integer(1, Integer.MAX_VALUE);
            } else {
                long bytes;
                try {
                    bytes = Units.bytes(q);
                } catch (IllegalArgumentException e) {
                    throw queue.error(Yaml.oneLine(e.getMessage())
                            + "; a queue is a plain number of packets (100) or a size in bytes (64KB, 128KiB)");
                }
                if (bytes < 1 || bytes > Integer.MAX_VALUE) {
                    throw queue.error("queue size must be from 1 byte to " + Integer.MAX_VALUE + " bytes, got " + bytes);
                }
                queuePackets = 0;
                queueBytes = (int) bytes;
            }
        }
        double loss = o.opt("loss", 0.0, x -> x.parse(Units::probability));
        int cost = (int) (long) o.opt("cost", 1L, x -> x.integer(1, MAX_COST));

        LinkDraft link = new LinkDraft(v, name, a, b, bandwidth, delay, mtu, queuePackets,
                queueBytes, loss, cost);
        a.link = link;
        b.link = link;
        a.node.ends.add(a);
        b.node.ends.add(b);
        links.put(name, link);
    }

    private EndDraft readEnd(Val v) throws ScenarioException {
        String text = v.text().strip();
        String[] parts = text.split("\\s+");
        if (parts.length != 2) {
            throw v.error(ENDPOINT_SYNTAX + "; got '" + Yaml.oneLine(text) + "'");
        }
        String nodeName = parts[0];
        String iface = null;
        int colon = nodeName.indexOf(':');
        if (colon >= 0) {
            iface = nodeName.substring(colon + 1);
            nodeName = nodeName.substring(0, colon);
            if (!IFACE.matcher(iface).matches()) {
                throw v.error("bad interface name '" + iface + "': use at most 15 lower-case letters, digits,"
                        + " '.', '_' or '-', starting with a letter or digit");
            }
        }
        NodeDraft node = nodes.get(nodeName);
        if (node == null) {
            throw v.error("unknown node '" + nodeName + "' (known nodes: "
                    + Yaml.listSome(new ArrayList<>(nodes.keySet()), MAX_LISTED) + ")");
        }
        Cidr cidr;
        try {
            cidr = Cidr.parse(parts[1]);
        } catch (IllegalArgumentException e) {
            throw v.error("bad address: " + Yaml.oneLine(e.getMessage()));
        }
        checkHostAddress(v, cidr);
        return new EndDraft(v, node, iface, cidr);
    }

    /** An interface address must be a unicast host address of its subnet. */
    private static void checkHostAddress(Val v, Cidr c) throws ScenarioException {
        int a = c.address();
        String addr = Ip4.str(a);
        int firstOctet = a >>> 24;
        if (firstOctet == 0) {
            throw v.error(addr + " is in 0.0.0.0/8 ('this network', RFC 1122), not usable on an interface");
        }
        if (firstOctet == 127) {
            throw v.error(addr + " is a loopback address (127.0.0.0/8), not usable on a link");
        }
        if (firstOctet >= 224) {
            throw v.error(addr + " is a multicast or reserved address (224.0.0.0 and above), not usable on an"
                    + " interface");
        }
        // RFC 3021: on a /31 both addresses are hosts; /32 has only the one address.
        if (c.length() < 31) {
            String hosts = "use a host address from " + Ip4.str(c.network() + 1) + " to "
                    + Ip4.str(c.broadcast() - 1);
            if (a == c.network()) {
                throw v.error(addr + " is the network address of " + c.networkString() + " (" + hosts + ")");
            }
            if (a == c.broadcast()) {
                throw v.error(addr + " is the broadcast address of " + c.networkString() + " (" + hosts + ")");
            }
        }
    }

    /**
     * Names interfaces: first the explicit {@code node:iface} names (which must be unique on their
     * node), then eth0, eth1, ... per node in link order, skipping the names already taken.
     */
    private void nameInterfaces() throws ScenarioException {
        for (LinkDraft l : links.values()) {
            for (EndDraft e : new EndDraft[] {l.a(), l.b()}) {
                if (e.explicit) {
                    EndDraft prev = e.node.ifaces.putIfAbsent(e.iface, e);
                    if (prev != null) {
                        throw e.val.error("interface " + e.iface + " of " + e.node.name
                                + " is already used by link '" + prev.link.name() + "' (line "
                                + prev.val.loc().line() + ")");
                    }
                }
            }
        }
        for (LinkDraft l : links.values()) {
            for (EndDraft e : new EndDraft[] {l.a(), l.b()}) {
                if (!e.explicit) {
                    NodeDraft n = e.node;
                    while (n.ifaces.containsKey("eth" + n.nextEth)) {
                        n.nextEth++;
                    }
                    e.iface = "eth" + n.nextEth++;
                    n.ifaces.put(e.iface, e);
                }
            }
        }
    }

    private void checkAddressesUnique() throws ScenarioException {
        Map<Integer, EndDraft> used = new HashMap<>();
        for (LinkDraft l : links.values()) {
            for (EndDraft e : new EndDraft[] {l.a(), l.b()}) {
                EndDraft prev = used.putIfAbsent(e.cidr.address(), e);
                if (prev != null) {
                    throw e.val.error("address " + Ip4.str(e.cidr.address()) + " is already used by "
                            + prev.node.name + " " + prev.iface + " (line " + prev.val.loc().line() + ")");
                }
            }
        }
    }

    private static String interfaces(NodeDraft n) {
        if (n.ends.isEmpty()) {
            return n.name + " has no interfaces: no link attaches to it";
        }
        List<String> list = new ArrayList<>();
        for (EndDraft e : n.ends) {
            list.add(e.iface + " " + e.cidr.networkString());
        }
        return n.name + " has " + Yaml.listSome(list, MAX_LISTED);
    }

    /** A route's device must exist on the node and its gateway must be a neighbour on a connected subnet. */
    private static void checkRoute(NodeDraft n, RouteDraft r) throws ScenarioException {
        Val v = r.val();
        EndDraft dev = null;
        if (r.dev() != null) {
            dev = n.ifaces.get(r.dev());
            if (dev == null) {
                throw v.error("dev " + r.dev() + ": no such interface on " + n.name + " (" + interfaces(n) + ")");
            }
        }
        if (r.via() == 0) {
            return;
        }
        String gw = Ip4.str(r.via());
        List<EndDraft> candidates = dev != null ? List.of(dev) : n.ends;
        EndDraft on = null;
        for (EndDraft e : candidates) {
            if (e.cidr.address() == r.via()) {
                throw v.error("gateway " + gw + " is " + n.name + "'s own address on " + e.iface
                        + " (the gateway is the next router's address)");
            }
            if (on == null && e.cidr.contains(r.via())) {
                on = e;
            }
        }
        if (on == null) {
            throw v.error(dev != null
                    ? "gateway " + gw + " is not inside " + dev.iface + "'s subnet " + dev.cidr.networkString()
                    : "gateway " + gw + " is not inside any subnet of " + n.name + "'s interfaces ("
                    + interfaces(n) + ")");
        }
        if (on.cidr.length() < 31 && (r.via() == on.cidr.network() || r.via() == on.cidr.broadcast())) {
            throw v.error("gateway " + gw + " is the " + (r.via() == on.cidr.network() ? "network" : "broadcast")
                    + " address of " + on.cidr.networkString() + ", not a router");
        }
    }

    private TimelineEntry readEvent(Val v) throws ScenarioException {
        Obj o = v.obj(EVENT_FIELDS);
        List<String> actions = new ArrayList<>();
        for (String a : ACTIONS) {
            if (o.has(a)) {
                actions.add(a);
            }
        }
        Val atVal = o.req("at", "when it happens, e.g. at: 1s");
        long at = atVal.parse(Units::durationNs);
        if (at > runEndNs) {
            throw atVal.error("never happens: the run ends at " + dev.minternet.sim.Durations.seconds(runEndNs)
                    + (hasDuration ? " (the scenario's duration)"
                    : " (the limit of a run without a duration; set duration: to run longer)"));
        }
        if (actions.isEmpty()) {
            throw new ScenarioException(o.loc(), v.path, "no action (write one of: " + String.join(", ", ACTIONS) + ")");
        }
        if (actions.size() > 1) {
            String second = actions.get(1);
            throw new ScenarioException(o.keyLoc(second), o.raw(second).path, "more than one action ('"
                    + actions.get(0) + "' and '" + second + "'); write one action per timeline entry");
        }
        String action = actions.get(0);
        if (action.equals("crash") || action.equals("restore")) {
            if (o.has("on")) {
                throw new ScenarioException(o.keyLoc("on"), o.raw("on").path, "'on' goes only with 'run' (write "
                        + action + ": NODE)");
            }
            Val nodeVal = o.req(action, "the name of a node");
            String nodeName = nodeVal.text().strip();
            if (!nodes.containsKey(nodeName)) {
                throw nodeVal.error("unknown node '" + Yaml.oneLine(nodeName) + "' (known nodes: "
                        + Yaml.listSome(new ArrayList<>(nodes.keySet()), MAX_LISTED) + ")");
            }
            return new Scenario.NodeState(at, nodeName, action.equals("restore"), o.loc());
        }
        if (!action.equals("run")) {
            if (o.has("on")) {
                throw new ScenarioException(o.keyLoc("on"), o.raw("on").path, "'on' goes only with 'run' ("
                        + action + " names a link, not a node)");
            }
            Val linkVal = o.req(action, "the name of a link");
            String linkName = linkVal.text().strip();
            if (!links.containsKey(linkName)) {
                throw linkVal.error("unknown link '" + Yaml.oneLine(linkName) + "' (known links: "
                        + Yaml.listSome(new ArrayList<>(links.keySet()), MAX_LISTED) + ")");
            }
            return new LinkState(at, linkName, action.equals("restore-link"), o.loc());
        }
        Val run = o.raw("run");
        String command = run.isNull() ? "" : run.text().strip();
        if (command.isEmpty()) {
            throw new ScenarioException(run.isNull() ? o.keyLoc("run") : run.loc(), run.path,
                    "empty command (write the command line to type, e.g. run: \"ping -c 4 server\")");
        }
        if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
            throw run.error("a command must be a single line");
        }
        Val onVal = o.req("on", "'run' needs the node whose terminal runs the command");
        String node = onVal.text().strip();
        if (!nodes.containsKey(node)) {
            throw onVal.error("unknown node '" + Yaml.oneLine(node) + "' (known nodes: "
                    + Yaml.listSome(new ArrayList<>(nodes.keySet()), MAX_LISTED) + ")");
        }
        return new RunCommand(at, node, command, o.loc());
    }

    // ---- DNS

    private static int address(Val v) throws ScenarioException {
        String t = v.text().strip();
        try {
            return Ip4.parse(t);
        } catch (IllegalArgumentException e) {
            throw v.error("bad address '" + Yaml.oneLine(t) + "': " + Yaml.oneLine(e.getMessage()));
        }
    }

    /** A node's resolv.conf and hosts file: {nameservers: [..], timeout: 5s, attempts: 2, hosts: ["addr name", ..]}. */
    private static Scenario.ResolverSpec readResolver(Val v) throws ScenarioException {
        Obj o = v.obj(RESOLVER_FIELDS);
        List<Integer> ns = new ArrayList<>();
        List<Val> nsVals = o.list("nameservers");
        if (nsVals.size() > MAX_NAMESERVERS) {
            throw nsVals.get(MAX_NAMESERVERS).error("at most " + MAX_NAMESERVERS
                    + " nameservers (glibc's MAXNS); the rest would be ignored");
        }
        for (Val n : nsVals) {
            ns.add(address(n));
        }
        long timeout = o.opt("timeout", dev.minternet.dns.StubResolver.DEFAULT_TIMEOUT_NS, ScenarioLoader::positiveDuration);
        int attempts = (int) (long) o.opt("attempts", (long) dev.minternet.dns.StubResolver.DEFAULT_ATTEMPTS,
                x -> x.integer(1, MAX_ATTEMPTS));
        Map<String, Integer> hosts = new LinkedHashMap<>();
        for (Val h : o.list("hosts")) {
            String line = h.text().strip();
            String[] f = line.split("\\s+");
            if (f.length < 2) {
                throw h.error("bad hosts entry '" + Yaml.oneLine(line) + "' (expected 'address name [alias...]',"
                        + " as in /etc/hosts, e.g. '192.168.1.20 printer')");
            }
            int addr;
            try {
                addr = Ip4.parse(f[0]);
            } catch (IllegalArgumentException e) {
                throw h.error("bad hosts entry '" + Yaml.oneLine(line) + "': bad address: " + Yaml.oneLine(e.getMessage()));
            }
            for (int i = 1; i < f.length; i++) {
                try {
                    dev.minternet.dns.Dns.name(f[i]);
                } catch (IllegalArgumentException e) {
                    throw h.error("bad hosts entry '" + Yaml.oneLine(line) + "': " + Yaml.oneLine(e.getMessage()));
                }
                hosts.putIfAbsent(f[i].toLowerCase(java.util.Locale.ROOT), addr);
            }
        }
        if (ns.isEmpty() && hosts.isEmpty()) {
            throw v.error("a resolver needs 'nameservers' or 'hosts' (or both)");
        }
        return new Scenario.ResolverSpec(List.copyOf(ns), timeout, attempts, java.util.Collections.unmodifiableMap(hosts),
                o.loc());
    }

    private String knownNode(Val v) throws ScenarioException {
        String n = v.text().strip();
        if (!nodes.containsKey(n)) {
            throw v.error("unknown node '" + Yaml.oneLine(n) + "' (known nodes: "
                    + Yaml.listSome(new ArrayList<>(nodes.keySet()), MAX_LISTED) + ")");
        }
        return n;
    }

    private boolean holds(String node, int addr) {
        for (EndDraft e : nodes.get(node).ends) {
            if (e.cidr.address() == addr) {
                return true;
            }
        }
        return false;
    }

    private Scenario.DnsSpec readDns(Val v) throws ScenarioException {
        Obj o = v.obj(DNS_FIELDS);
        List<Scenario.ZoneSpec> zones = new ArrayList<>();
        Map<org.xbill.DNS.Name, Val> seen = new HashMap<>();
        Map<String, String> port53 = new HashMap<>();
        boolean hasRoot = false;
        for (Val z : o.list("zones")) {
            Obj zo = z.obj(ZONE_FIELDS);
            Val nameVal = zo.req("name", "the zone's domain, e.g. example.com, or '.' for the root");
            String name = nameVal.text().strip();
            org.xbill.DNS.Name origin;
            try {
                origin = dev.minternet.dns.Dns.name(name);
            } catch (IllegalArgumentException e) {
                throw nameVal.error(Yaml.oneLine(e.getMessage()));
            }
            Val first = seen.putIfAbsent(origin, nameVal);
            if (first != null) {
                throw nameVal.error("duplicate zone '" + name + "' (first at line " + first.loc().line() + ")");
            }
            boolean root = origin.equals(org.xbill.DNS.Name.root);
            hasRoot |= root;
            Val serversVal = zo.req("servers", "the nodes serving this zone, e.g. [ns1]");
            List<Val> sv = serversVal.list();
            if (sv.isEmpty()) {
                throw serversVal.error("a zone needs at least one server");
            }
            List<String> servers = new ArrayList<>();
            for (Val s : sv) {
                String n = knownNode(s);
                if (root && rootAddressOf(n) == null) {
                    throw s.error("root server '" + n + "' must hold one of the 13 root server addresses (e.g."
                            + " a.root-servers.net 198.41.0.4, k.root-servers.net 193.0.14.129)");
                }
                servers.add(n);
                port53.put(n, "authoritative server");
            }
            Val fileVal = zo.opt("file");
            Val textVal = zo.opt("records");
            String file = null;
            List<org.xbill.DNS.Record> records = null;
            if (fileVal != null && textVal != null) {
                throw new ScenarioException(zo.keyLoc("records"), textVal.path,
                        "give the zone's records either in 'file' or in 'records', not both");
            }
            if (textVal != null) {
                try {
                    records = List.copyOf(dev.minternet.dns.DnsSetup.readMasterText(textVal.text(), origin));
                    new dev.minternet.dns.Zone(origin, records);
                } catch (IllegalArgumentException e) {
                    throw textVal.error("zone records: " + Yaml.oneLine(e.getMessage()) + " (lines counted from the first record line)");
                }
            }
            if (fileVal != null) {
                file = fileVal.text().strip();
                Path p;
                try {
                    p = files.existing(fileVal);
                } catch (java.nio.file.NoSuchFileException e) {
                    p = null;
                }
                if (p == null || !Files.isRegularFile(p)) {
                    throw fileVal.error("cannot read zone file '" + Yaml.oneLine(file) + "': no such file");
                }
                try {
                    records = List.copyOf(dev.minternet.dns.DnsSetup.readMasterFile(p, origin));
                    new dev.minternet.dns.Zone(origin, records);
                } catch (IllegalArgumentException e) {
                    throw fileVal.error("zone file '" + Yaml.oneLine(file) + "': " + Yaml.oneLine(e.getMessage()));
                }
            }
            zones.add(new Scenario.ZoneSpec(dev.minternet.dns.Dns.show(origin), file, records, List.copyOf(servers), zo.loc()));
        }
        List<Scenario.RecursiveSpec> recursive = new ArrayList<>();
        for (Val r : o.list("recursive")) {
            Obj ro = r.obj(RECURSIVE_FIELDS);
            Val nodeVal = ro.req("node", "the node running the resolver");
            String n = knownNode(nodeVal);
            checkPort53(port53, nodeVal, n, "recursive resolver");
            if (!hasRoot) {
                throw nodeVal.error("a recursive resolver starts from the root: add a zone named '.' with root servers");
            }
            List<Cidr> allow = new ArrayList<>();
            for (Val a : ro.list("allow")) {
                try {
                    allow.add(Cidr.parse(a.text().strip()));
                } catch (IllegalArgumentException e) {
                    throw a.error("bad prefix: " + Yaml.oneLine(e.getMessage()) + " (expected address/prefix, e.g. 10.0.0.0/8)");
                }
            }
            if (allow.isEmpty()) {
                // BIND's allow-recursion default: localhost and localnets.
                for (EndDraft e : nodes.get(n).ends) {
                    allow.add(new Cidr(e.cidr.network(), e.cidr.length()));
                }
            }
            recursive.add(new Scenario.RecursiveSpec(n, List.copyOf(allow), ro.loc()));
        }
        List<Scenario.ForwarderSpec> forwarders = new ArrayList<>();
        for (Val f : o.list("forwarders")) {
            Obj fo = f.obj(FORWARDER_FIELDS);
            Val nodeVal = fo.req("node", "the node running the forwarder");
            String n = knownNode(nodeVal);
            checkPort53(port53, nodeVal, n, "forwarder");
            Val up = fo.req("upstream", "the resolvers to forward to, e.g. [100.64.0.53]");
            List<Integer> upstream = new ArrayList<>();
            for (Val a : up.list()) {
                upstream.add(address(a));
            }
            if (upstream.isEmpty()) {
                throw up.error("a forwarder needs at least one upstream resolver");
            }
            forwarders.add(new Scenario.ForwarderSpec(n, List.copyOf(upstream), fo.loc()));
        }
        return new Scenario.DnsSpec(List.copyOf(zones), List.copyOf(recursive), List.copyOf(forwarders), o.loc());
    }

    private static void checkPort53(Map<String, String> port53, Val at, String node, String what) throws ScenarioException {
        String other = port53.putIfAbsent(node, what);
        if (other != null) {
            throw at.error("node '" + node + "' already runs a DNS " + other + " on port 53; one DNS server per node");
        }
    }

    private String rootAddressOf(String node) {
        for (dev.minternet.dns.RootServers.Root r : dev.minternet.dns.RootServers.ALL) {
            if (holds(node, r.address())) {
                return r.name().toString();
            }
        }
        return null;
    }
}
