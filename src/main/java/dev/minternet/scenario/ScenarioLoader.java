package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.CertificateSpec;
import dev.minternet.scenario.Scenario.DnsSpec;
import dev.minternet.scenario.Scenario.NodeKind;
import dev.minternet.scenario.Scenario.Routing;
import dev.minternet.scenario.Scenario.TimelineEntry;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Topology.RouteDraft;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a scenario YAML file (docs/design.md decision 8) into a validated {@link Scenario}. Problems
 * are reported as a {@link ScenarioException} whose one-line message names the file, line,
 * column and field path of what is wrong, and says what is allowed.
 *
 * <p>The loader bounds the file (size before reading, nesting while parsing: {@link Limits}) and
 * the world (nodes, links, global routers: {@link WorldSize}), and runs one reader per section,
 * phase by phase, in file order: the top-level fields ({@link TopLevel}) and {@code tls}, the
 * nodes ({@link NodesReader}: routes, netfilter, resolver, services), the links
 * ({@link LinksReader}), then what needs both: interface names, addresses, route gateways and
 * devices ({@link RoutesReader}), NAT interfaces ({@link NetfilterReader}), services' references
 * ({@link ServicesReader}); then {@code dns} ({@link DnsReader}) and the {@code timeline}
 * ({@link TimelineReader}), and {@code attacks} ({@link AttacksReader}). The first problem found is reported.
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
 *   <tr><td>services</td><td>each type's own (see {@link ServiceTypes})</td></tr>
 *   <tr><td>tls certificate status</td><td>valid</td></tr>
 * </table>
 */
public final class ScenarioLoader {
    private static final String[] TOP_FIELDS =
            {"name", "description", "seed", "start", "routing", "duration", "warm-up", "tls", "nodes", "links", "lans", "cloud",
        "dns", "timeline", "attacks", "generate"};

    private final String file;
    private final Limits limits;
    private final ScenarioFiles files;

    private ScenarioLoader(String file, Limits limits) {
        this.file = file;
        this.limits = limits;
        this.files = new ScenarioFiles(Scenario.folderOf(file));
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
        return load(file, limits, List.of());
    }

    /**
     * Reads and validates the scenario in {@code file} with {@code settings} applied over its own
     * values ({@link Overrides}), each checked as if it were written in the file.
     */
    public static Scenario load(Path file, Limits limits, List<Overrides.Setting> settings) throws ScenarioException {
        String name = file.toString();
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw ScenarioException.cannotOpen(name, "is a directory");
            }
            if (Files.size(file) > limits.scenarioBytes()) {
                throw tooLarge(name, Files.size(file), limits);
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.scenarioBytes() + 1));
            }
            if (bytes.length > limits.scenarioBytes()) {
                throw tooLarge(name, -1, limits); // a device or a pipe: its size was not known beforehand
            }
            // A strict decoder: a file in another encoding is reported, not read as replacement characters.
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw ScenarioException.cannotOpen(name, "no such file");
        } catch (AccessDeniedException e) {
            throw ScenarioException.cannotOpen(name, "permission denied");
        } catch (CharacterCodingException e) {
            throw unreadable(name, "not UTF-8 text");
        } catch (IOException e) {
            throw unreadable(name, Yaml.oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        Val root = Yaml.compose(name, body, limits);
        Overrides.apply(root, settings);
        return new ScenarioLoader(name, limits).read(root);
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

    /** The phases, in order; each reader reports the first problem of its section. */
    private Scenario read(Val root) throws ScenarioException {
        Obj top = root.obj(TOP_FIELDS);
        TopLevel head = TopLevel.read(top);
        List<CertificateSpec> certificates = top.opt("tls", List.of(), ServicesReader::tls);

        Topology world = new Topology();
        ServicesReader services = new ServicesReader(files);
        NodesReader nodes = new NodesReader(world, services);
        // generate: internet writes nodes, links and LANs that are read before the file's own
        Val genVal = top.opt("generate");
        Obj gen = null;
        if (genVal != null) {
            InternetPlan plan = InternetReader.read(genVal, head, top.raw("routing"), limits);
            gen = Yaml.compose(InternetReader.FILE, plan.yaml(), limits.with(
                    new Limits.Setting("scenario-size", Limits.CEILING))).obj("nodes", "links", "lans");
        }
        List<Val> nodeVals = new ArrayList<>(gen == null ? List.of() : gen.list("nodes"));
        if (gen == null || top.opt("nodes") != null) {
            Val nodeList = top.req("nodes", "a list of hosts and routers");
            if (nodeList.list().isEmpty()) {
                throw nodeList.error("needs at least one node");
            }
            nodeVals.addAll(nodeList.list());
        }
        WorldSize.check(nodeVals, limits.nodes(), "nodes");
        for (Val v : nodeVals) {
            nodes.read(v);
        }
        LinksReader links = new LinksReader(world);
        List<Val> linkVals = new ArrayList<>(gen == null ? List.of() : gen.list("links"));
        linkVals.addAll(top.list("links"));
        WorldSize.check(linkVals, limits.links(), "links");
        for (Val v : linkVals) {
            links.read(v);
        }
        Val attacksVal = top.opt("attacks");
        Val botnetVal = attacksVal == null || !attacksVal.isMap() ? null : attacksVal.obj(AttacksReader.FIELDS).opt("botnet");
        if (botnetVal != null) {
            Obj bots = Yaml.compose(BotnetReader.FILE, BotnetReader.plan(world, botnetVal, head), limits.with(
                    new Limits.Setting("scenario-size", Limits.CEILING))).obj("nodes", "links");
            for (Val v : bots.list("nodes")) {
                nodes.read(v);
            }
            for (Val v : bots.list("links")) {
                links.read(v);
            }
        }
        LansReader lans = new LansReader(world);
        List<Val> lanVals = new ArrayList<>(gen == null ? List.of() : gen.list("lans"));
        lanVals.addAll(top.list("lans"));
        WorldSize.check(lanVals, limits.links(), "lans");
        for (Val v : lanVals) {
            lans.read(v);
        }
        for (LansReader.LanDraft l : world.lans.values()) {
            if (l.stp && !head.hasDuration()) {
                throw l.val.error("switch '" + l.name + "' runs spanning tree, which sends a BPDU every 2 s for ever:"
                        + " give the scenario a duration (or set stp: false)");
            }
        }
        LansReader.PortDraft dhcpClient = lans.firstDhcpClient();
        if (dhcpClient != null && !head.hasDuration()) {
            throw dhcpClient.val.error("a DHCP client renews its lease for ever: give the scenario a duration");
        }
        Val cloudVal = top.opt("cloud");
        CloudSpec cloud = cloudVal == null ? null
                : new CloudReader(world, services).read(cloudVal, head.routing(), top.raw("routing"));
        if (head.routing() == Routing.GLOBAL) {
            WorldSize.checkGlobalRouting(top.raw("routing"), world.nodes.values().stream()
                    .filter(n -> n.kind == NodeKind.ROUTER || n.ends.size() > 1).count(), limits.globalRouters());
        }

        lans.claimExplicitNames();
        links.nameInterfaces();
        lans.nameRest();
        links.checkAddressesUnique();
        AnycastReader.check(world, head.routing());
        lans.check(head.seed());
        for (NodeDraft n : world.nodes.values()) {
            for (RouteDraft r : n.routes) {
                RoutesReader.check(n, r);
            }
            for (Topology.Route6Draft r : n.routes6) {
                RoutesReader.check6(n, r);
            }
            if (n.natOutside != null) {
                NetfilterReader.checkNatOutside(n);
            }
        }
        java.util.Map<Integer, NodeDraft> routerIds = new java.util.HashMap<>();
        for (NodeDraft n : world.nodes.values()) {
            if (n.ospf != null) {
                if (head.routing() == Routing.GLOBAL) {
                    throw n.ospf.val.error("routing: global computes every route itself; leave it out (routing: static,"
                            + " the default) when routers run ospf");
                }
                if (!head.hasDuration()) {
                    throw n.ospf.val.error("ospf sends hellos forever: set the scenario's duration (e.g. duration: 120s)");
                }
                OspfReader.check(n, routerIds, world.lans);
            }
        }
        OspfReader.checkAreas(world);
        java.util.Map<Integer, NodeDraft> routerIds6 = new java.util.HashMap<>();
        for (NodeDraft n : world.nodes.values()) {
            if (n.ospf6 != null) {
                if (head.routing() == Routing.GLOBAL) {
                    throw n.ospf6.val.error("routing: global computes every route itself, IPv6 ones too; leave it out"
                            + " (routing: static, the default) when routers run ospf6");
                }
                if (!head.hasDuration()) {
                    throw n.ospf6.val.error("ospf6 sends hellos forever: set the scenario's duration (e.g. duration: 120s)");
                }
                OspfReader.check6(n, routerIds6, world.lans);
            }
        }
        services.check(world, head.hasDuration());
        BgpReader.readAll(world, head.hasDuration());

        DnsSpec dns = top.opt("dns", null, new DnsReader(world, files)::read);
        TimelineReader timeline = new TimelineReader(world, head);
        timeline.nlbs = cloud == null ? List.of() : cloud.nlbs();
        List<TimelineEntry> entries = new ArrayList<>();
        for (Val v : top.list("timeline")) {
            entries.add(timeline.read(v));
        }
        Scenario.AttacksSpec attacks = top.opt("attacks", null, new AttacksReader(world, head)::read);
        return new Scenario(file, head.name(), head.description(), head.seed(), head.start(), head.routing(),
                head.durationNs(), world.nodeSpecs(), world.linkSpecs(), List.copyOf(entries), dns, certificates,
                lans.specs(), cloud, attacks, head.warmUpNs());
    }
}
