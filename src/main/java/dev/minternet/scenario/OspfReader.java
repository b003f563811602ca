package dev.minternet.scenario;

import dev.minternet.routing.ospf.OspfConfig;
import dev.minternet.scenario.Topology.EndDraft;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.units.Units;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A router's {@code ospf:} section (FRR's {@code router ospf} and {@code ip ospf} settings):
 * router ID, SPF throttle timers, and the interfaces with their area, cost, hello and dead
 * intervals and (on a LAN, a broadcast network) router priority. The syntax is read with the node; the interface names, the default router ID and
 * the uniqueness of router IDs are checked once the links have named the interfaces.
 */
final class OspfReader {
    private static final String[] FIELDS = {"router-id", "area", "hello", "dead", "spf-delay", "spf-hold", "spf-max-hold",
            "interfaces", "areas", "redistribute"};
    private static final String[] AREA_FIELDS = {"id", "stub", "nssa", "no-summary", "default-cost", "translate", "ranges"};
    private static final String[] REDISTRIBUTE_FIELDS = {"source", "metric-type", "metric"};
    private static final List<String> TRANSLATE = List.of(OspfConfig.TRANSLATE_CANDIDATE, OspfConfig.TRANSLATE_ALWAYS,
            OspfConfig.TRANSLATE_NEVER);
    private static final String[] RANGE_FIELDS = {"prefix", "not-advertise", "cost"};
    private static final List<String> REDISTRIBUTE = List.of("connected", "static");
    private static final String[] IFACE_FIELDS = {"name", "area", "cost", "hello", "dead", "passive", "priority"};

    private OspfReader() {
    }

    /** One interface as written: null fields take the section's or FRR's default. */
    record IfaceDraft(Val val, String name, Integer area, Integer cost, Integer hello, Integer dead, boolean passive,
                      Val priorityVal, int priority) {
    }

    /** The section as read, before the interfaces are known. */
    static final class OspfDraft {
        Val val;
        Val routerIdVal;
        Integer routerId;
        /** The area of every interface that names none (default the backbone, 0.0.0.0). */
        int area;
        /** Where the section's {@code area:} is written (null: left out). */
        Val areaVal;
        int hello = OspfConfig.DEFAULT_HELLO;
        int dead = OspfConfig.DEFAULT_DEAD;
        Val deadVal;
        long spfDelay = OspfConfig.DEFAULT_SPF_DELAY_NS;
        long spfHold = OspfConfig.DEFAULT_SPF_HOLD_NS;
        long spfMaxHold = OspfConfig.DEFAULT_SPF_MAX_HOLD_NS;
        /** Null: every interface of the router, in area 0 with FRR's automatic cost. */
        List<IfaceDraft> interfaces;
        /** The {@code areas:} entries, with where each is written (OSPFv2 only). */
        List<OspfConfig.AreaConfig> areas = new ArrayList<>();
        List<Val> areaVals = new ArrayList<>();
        List<String> redistribute = new ArrayList<>();
        List<OspfConfig.External> externals = new ArrayList<>();
        Val redistributeVal;
        OspfConfig config;
    }

    static OspfDraft read(Val v) throws ScenarioException {
        OspfDraft d = new OspfDraft();
        d.val = v;
        Obj o = v.obj(FIELDS);
        d.routerIdVal = o.opt("router-id");
        if (d.routerIdVal != null) {
            d.routerId = d.routerIdVal.parse(Ip4::parse);
            if (d.routerId == 0) {
                throw d.routerIdVal.error("router ID 0.0.0.0 is not allowed (FRR refuses it too)");
            }
        }
        d.areaVal = o.opt("area");
        d.area = d.areaVal == null ? 0 : area(d.areaVal);
        d.hello = o.opt("hello", d.hello, OspfReader::seconds);
        d.deadVal = o.opt("dead");
        d.dead = d.deadVal == null ? 4 * d.hello : seconds(d.deadVal);
        if (d.deadVal != null) {
            checkDead(d.deadVal, d.dead, d.hello);
        }
        d.spfDelay = o.opt("spf-delay", d.spfDelay, OspfReader::millis);
        d.spfHold = o.opt("spf-hold", d.spfHold, OspfReader::millis);
        d.spfMaxHold = o.opt("spf-max-hold", d.spfMaxHold, OspfReader::millis);
        if (d.spfMaxHold < d.spfHold) {
            throw o.raw("spf-max-hold").error("the maximum hold time (" + d.spfMaxHold / 1_000_000 + " ms) is shorter than"
                    + " spf-hold (" + d.spfHold / 1_000_000 + " ms)");
        }
        Val areas = o.opt("areas");
        if (areas != null) {
            Map<Integer, Val> seen = new HashMap<>();
            for (Val a : areas.list()) {
                OspfConfig.AreaConfig c = readArea(a);
                Val first = seen.putIfAbsent(c.id(), a);
                if (first != null) {
                    throw a.error("area " + Ip4.str(c.id()) + " is already listed on line " + first.loc().line());
                }
                d.areas.add(c);
                d.areaVals.add(a);
            }
        }
        d.redistributeVal = o.opt("redistribute");
        if (d.redistributeVal != null) {
            for (Val r : d.redistributeVal.list()) {
                OspfConfig.External e = readRedistribute(r);
                String t = e.what();
                if (d.redistribute.contains(t)) {
                    throw r.error("redistribute " + t + " is listed twice");
                }
                d.redistribute.add(t);
                d.externals.add(e);
            }
        }
        Val list = o.opt("interfaces");
        if (list != null) {
            d.interfaces = new ArrayList<>();
            Map<String, Val> seen = new HashMap<>();
            for (Val i : list.list()) {
                IfaceDraft f = readIface(i, d);
                Val first = seen.putIfAbsent(f.name(), i);
                if (first != null) {
                    throw i.error("interface " + f.name() + " is already listed on line " + first.loc().line());
                }
                d.interfaces.add(f);
            }
            if (d.interfaces.isEmpty()) {
                throw list.error("needs at least one interface (leave interfaces out to run OSPF on all of them)");
            }
        }
        return d;
    }

    /**
     * One {@code redistribute:} entry: {@code connected}, or FRR's {@code redistribute static
     * metric-type 1 metric 30} as {@code {source: static, metric-type: 1, metric: 30}} (defaults 2 and 20).
     */
    private static OspfConfig.External readRedistribute(Val v) throws ScenarioException {
        if (!v.isMap()) {
            return new OspfConfig.External(v.choice(REDISTRIBUTE), 2, OspfConfig.DEFAULT_EXTERNAL_METRIC);
        }
        Obj o = v.obj(REDISTRIBUTE_FIELDS);
        String what = o.req("source", "the routes to redistribute: connected or static").choice(REDISTRIBUTE);
        Val typeVal = o.opt("metric-type");
        int type = typeVal == null ? 2 : Integer.parseInt(typeVal.choice(List.of("1", "2")));
        Val metricVal = o.opt("metric");
        int metric = metricVal == null ? OspfConfig.DEFAULT_EXTERNAL_METRIC : (int) metricVal.integer(0, 16777214);
        return new OspfConfig.External(what, type, metric);
    }

    /**
     * One {@code areas:} entry: FRR's {@code area A stub [no-summary]}, {@code area A default-cost C}
     * and {@code area A range P [not-advertise] [cost C]}.
     */
    private static OspfConfig.AreaConfig readArea(Val v) throws ScenarioException {
        Obj o = v.obj(AREA_FIELDS);
        Val idVal = o.req("id", "the area, e.g. 1 or 0.0.0.1");
        int id = area(idVal);
        boolean stub = o.opt("stub", false, Fields::bool);
        if (stub && id == 0) {
            throw o.raw("stub").error("the backbone (area 0.0.0.0) cannot be a stub area (RFC 2328 3.6; FRR refuses it too)");
        }
        boolean nssa = o.opt("nssa", false, Fields::bool);
        if (nssa && id == 0) {
            throw o.raw("nssa").error("the backbone (area 0.0.0.0) cannot be an NSSA (RFC 3101; FRR refuses it too)");
        }
        if (nssa && stub) {
            throw o.raw("nssa").error("an area is either stub or nssa, not both");
        }
        boolean noSummary = o.opt("no-summary", false, Fields::bool);
        if (noSummary && !stub && !nssa) {
            throw o.raw("no-summary").error("no-summary makes a stub area totally stubby (or an NSSA totally"
                    + " not-so-stubby): set stub: true or nssa: true too");
        }
        Val costVal = o.opt("default-cost");
        if (costVal != null && !stub && !nssa) {
            throw costVal.error("default-cost is the metric of the default route into a stub area or NSSA:"
                    + " set stub: true or nssa: true too");
        }
        Val translateVal = o.opt("translate");
        if (translateVal != null && !nssa) {
            throw translateVal.error("translate is an NSSA border router's translator role: set nssa: true too");
        }
        String translate = translateVal == null ? OspfConfig.TRANSLATE_CANDIDATE : translateVal.choice(TRANSLATE);
        int cost = costVal == null ? OspfConfig.DEFAULT_STUB_COST : (int) costVal.integer(0, 16777215);
        List<OspfConfig.Range> ranges = new ArrayList<>();
        Val list = o.opt("ranges");
        if (list != null) {
            for (Val r : list.list()) {
                OspfConfig.Range g = readRange(r);
                for (OspfConfig.Range other : ranges) {
                    if (other.network() == g.network() && other.length() == g.length()) {
                        throw r.error("range " + Ip4.str(g.network()) + "/" + g.length() + " is listed twice");
                    }
                }
                ranges.add(g);
            }
        }
        // the more specific range first: a route goes into the longest range that holds it
        ranges.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return new OspfConfig.AreaConfig(id, stub, noSummary, cost, List.copyOf(ranges), nssa, translate);
    }

    /** A range: {@code 10.1.0.0/16}, or {@code {prefix: 10.1.0.0/16, not-advertise: true, cost: 50}}. */
    private static OspfConfig.Range readRange(Val v) throws ScenarioException {
        if (!v.isMap()) {
            Ip4.Cidr c = prefix(v);
            return new OspfConfig.Range(c.network(), c.length(), true, -1);
        }
        Obj o = v.obj(RANGE_FIELDS);
        Ip4.Cidr c = prefix(o.req("prefix", "the range, e.g. 10.1.0.0/16"));
        boolean notAdvertise = o.opt("not-advertise", false, Fields::bool);
        Val costVal = o.opt("cost");
        if (costVal != null && notAdvertise) {
            throw costVal.error("a range that is not advertised has no cost");
        }
        int cost = costVal == null ? -1 : (int) costVal.integer(0, 16777215);
        return new OspfConfig.Range(c.network(), c.length(), !notAdvertise, cost);
    }

    private static Ip4.Cidr prefix(Val v) throws ScenarioException {
        String t = v.text().strip();
        Ip4.Cidr c;
        try {
            c = Ip4.Cidr.parse(t);
        } catch (IllegalArgumentException e) {
            throw v.error("bad range '" + Yaml.oneLine(t) + "': " + Yaml.oneLine(e.getMessage()) + " (a prefix such as"
                    + " 10.1.0.0/16)");
        }
        if (c.address() != c.network()) {
            throw v.error("range " + t + " has host bits set (did you mean " + c.networkString() + "?)");
        }
        if (c.length() == 0) {
            throw v.error("range " + t + " covers every address; an area range is a prefix such as 10.1.0.0/16");
        }
        return c;
    }

    private static IfaceDraft readIface(Val v, OspfDraft d) throws ScenarioException {
        if (!(v.node instanceof org.snakeyaml.engine.v2.nodes.MappingNode)) {
            String name = v.text().strip();
            checkName(v, name);
            return new IfaceDraft(v, name, null, null, null, null, false, null, OspfConfig.DEFAULT_PRIORITY);
        }
        Obj o = v.obj(IFACE_FIELDS);
        Val nameVal = o.req("name", "the interface, e.g. eth0");
        String name = nameVal.text().strip();
        checkName(nameVal, name);
        Integer area = o.opt("area", null, OspfReader::area);
        Integer cost = o.opt("cost", null, c -> (int) c.integer(1, 65535));
        Integer hello = o.opt("hello", null, OspfReader::seconds);
        Val deadVal = o.opt("dead");
        Integer dead = deadVal == null ? null : seconds(deadVal);
        if (deadVal != null) {
            checkDead(deadVal, dead, hello == null ? d.hello : hello);
        } else if (hello != null && d.deadVal != null && d.dead <= hello) {
            throw o.raw("hello").error("hello interval " + hello + "s is not shorter than the dead interval " + d.dead
                    + "s (set dead: too)");
        }
        boolean passive = o.opt("passive", false, Fields::bool);
        Val priorityVal = o.opt("priority");
        int priority = priorityVal == null ? OspfConfig.DEFAULT_PRIORITY : (int) priorityVal.integer(0, 255);
        return new IfaceDraft(v, name, area, cost, hello, dead, passive, priorityVal, priority);
    }

    private static void checkName(Val v, String name) throws ScenarioException {
        if (!Topology.IFACE.matcher(name).matches()) {
            throw v.error("bad interface name '" + Yaml.oneLine(name) + "' (e.g. eth0)");
        }
    }

    private static void checkDead(Val v, int dead, int hello) throws ScenarioException {
        if (dead <= hello) {
            throw v.error("dead interval " + dead + "s must be longer than the hello interval " + hello
                    + "s (FRR's default is 4 times the hello)");
        }
    }

    /** The interface's dead interval: its own, else the section's, else 4 times its hello (FRR's ratio). */
    private static int deadOf(IfaceDraft f, OspfDraft d) {
        if (f.dead() != null) {
            return f.dead();
        }
        if (d.deadVal != null || f.hello() == null) {
            return d.dead;
        }
        return (int) Math.min(65535, 4L * f.hello());
    }

    /** The bandwidth of the link or LAN cable an interface is on. */
    private static long bandwidth(EndDraft e, Map<String, LansReader.LanDraft> lans) {
        return e.link != null ? e.link.bandwidthBps() : lans.get(e.lan).bandwidth;
    }

    /** Whole seconds from 1 to 65535 (the hello field is 16 bits, the dead interval is kept as FRR keeps it). */
    private static int seconds(Val v) throws ScenarioException {
        long ns = v.parse(Units::durationNs);
        if (ns % 1_000_000_000L != 0 || ns < 1_000_000_000L || ns > 65535L * 1_000_000_000L) {
            throw v.error("expected whole seconds from 1s to 65535s, got '" + Yaml.oneLine(v.text().strip()) + "'");
        }
        return (int) (ns / 1_000_000_000L);
    }

    /** An SPF timer: whole milliseconds from 0 to 600000, as {@code timers throttle spf} takes them. */
    private static long millis(Val v) throws ScenarioException {
        long ns = v.parse(Units::durationNs);
        if (ns % 1_000_000L != 0 || ns > 600_000_000_000L) {
            throw v.error("expected whole milliseconds from 0ms to 600s, got '" + Yaml.oneLine(v.text().strip()) + "'");
        }
        return ns;
    }

    /** An area ID: a number (0 to 4294967295) or dotted like an address (0.0.0.0). */
    private static int area(Val v) throws ScenarioException {
        String t = v.text().strip();
        if (t.matches("\\d{1,10}")) {
            long n = Long.parseLong(t);
            if (n <= 0xffffffffL) {
                return (int) n;
            }
        } else if (Ip4.isAddress(t)) {
            return Ip4.parse(t);
        }
        throw v.error("bad area '" + Yaml.oneLine(t) + "' (a number such as 0, or dotted such as 0.0.0.0)");
    }

    /**
     * Once the interfaces are named: each listed interface exists (each in its own area: a router
     * in the backbone and another area is an area border router), and the router ID is set (the highest interface address by default, as FRR chooses without a loopback).
     */
    static void check(NodeDraft n, Map<Integer, NodeDraft> routerIds, Map<String, LansReader.LanDraft> lans)
            throws ScenarioException {
        check(n, n.ospf, routerIds, lans, false);
    }

    /**
     * The same for an {@code ospf6:} section (OSPFv3, FRR's ospf6d): its interfaces must carry IPv6
     * (LAN ports with an {@code ipv6} address); left out, it runs on every such interface.
     */
    static void check6(NodeDraft n, Map<Integer, NodeDraft> routerIds, Map<String, LansReader.LanDraft> lans)
            throws ScenarioException {
        check(n, n.ospf6, routerIds, lans, true);
    }

    /**
     * Whether IPv6 is on at {@code e}: a link end with an IPv6 address or a link-local address of
     * its own (an unnumbered link), or a LAN port with an {@code ipv6} address.
     */
    private static boolean ipv6(EndDraft e, Map<String, LansReader.LanDraft> lans) {
        if (e.lan == null) {
            return e.ipv6();
        }
        for (LansReader.PortDraft p : lans.get(e.lan).ports) {
            if (p.end == e) {
                return p.ipv6 != null;
            }
        }
        return false;
    }

    /**
     * The interfaces OSPF may run on: the IPv4 ends; for OSPFv3 the IPv6-only link ends too, all in
     * the order the scenario writes them.
     */
    private static List<EndDraft> candidates(NodeDraft n, boolean v6) {
        List<EndDraft> out = new ArrayList<>(n.ends);
        boolean more = false;
        for (EndDraft e : v6 ? n.ends6 : List.<EndDraft>of()) {
            if (e.cidr == null) {
                out.add(e);
                more = true;
            }
        }
        if (more) {
            out.sort(java.util.Comparator.comparingInt((EndDraft e) -> e.val.loc().line())
                    .thenComparingInt(e -> e.val.loc().column()));
        }
        return out;
    }

    private static void check(NodeDraft n, OspfDraft d, Map<Integer, NodeDraft> routerIds,
                              Map<String, LansReader.LanDraft> lans, boolean v6) throws ScenarioException {
        String what = v6 ? "ospf6" : "ospf";
        if (v6 && d.area != 0) {
            throw d.areaVal.error("area " + Ip4.str(d.area) + ": ospf6 runs in area 0.0.0.0 only (OSPFv3 area border"
                    + " routers are not modelled)");
        }
        if (v6 && !d.areaVals.isEmpty()) {
            throw d.areaVals.get(0).error("ospf6 runs in area 0.0.0.0 only: stub areas and ranges are OSPFv2's here");
        }
        if (v6 && d.redistributeVal != null) {
            throw d.redistributeVal.error("redistribute is OSPFv2's here (OSPFv3 AS-external LSAs are not modelled)");
        }
        List<OspfConfig.IfaceConfig> out = new ArrayList<>();
        List<EndDraft> ends = candidates(n, v6);
        if (ends.isEmpty()) {
            throw d.val.error(what + " needs interfaces: no link attaches to " + n.name);
        }
        if (d.interfaces == null) {
            for (EndDraft e : ends) {
                if (v6 && !ipv6(e, lans)) {
                    continue;
                }
                out.add(new OspfConfig.IfaceConfig(e.iface, d.area, OspfConfig.autoCost(bandwidth(e, lans)), d.hello,
                        d.dead, false, OspfConfig.DEFAULT_PRIORITY, e.lan != null));
            }
        } else {
            for (IfaceDraft f : d.interfaces) {
                EndDraft e = n.ifaces.get(f.name());
                if (e == null) {
                    throw f.val().error("unknown interface '" + f.name() + "' (" + Topology.interfaces(n) + ")");
                }
                if (v6 && !ipv6(e, lans)) {
                    throw f.val().error("interface '" + f.name() + "' has no IPv6 address (OSPFv3 runs on links and LAN"
                            + " ports with IPv6, e.g. 'r1 2001:db8:12::1/64' or 'NODE A.B.C.D/N ipv6 2001:db8::1/64');"
                            + " it is on " + e.where());
                }
                if (e.cidr == null && !v6) {
                    throw f.val().error("interface '" + f.name() + "' " + (e.ipv6() ? "has no IPv4 address (OSPFv2 runs"
                            + " on IPv4; ospf6 runs on IPv6)" : "gets its address by DHCP; OSPF runs on statically"
                            + " addressed interfaces"));
                }
                int area = f.area() == null ? d.area : f.area();
                if (v6 && area != 0) {
                    throw f.val().error("interface '" + f.name() + "' is in area " + Ip4.str(area) + ": ospf6 runs in"
                            + " area 0.0.0.0 only (OSPFv3 area border routers are not modelled)");
                }
                if (f.priorityVal() != null && e.lan == null) {
                    throw f.priorityVal().error("priority elects a Designated Router on a LAN; " + f.name() + " is on "
                            + e.where() + ", a point-to-point network");
                }
                out.add(new OspfConfig.IfaceConfig(f.name(), area,
                        f.cost() != null ? f.cost() : OspfConfig.autoCost(bandwidth(e, lans)),
                        f.hello() != null ? f.hello() : d.hello, deadOf(f, d), f.passive(), f.priority(), e.lan != null));
            }
        }
        if (out.isEmpty()) {
            throw d.val.error("ospf6 needs an interface with IPv6: none of " + n.name + "'s links and LAN ports has"
                    + " an IPv6 address");
        }
        int rid;
        if (d.routerId != null) {
            rid = d.routerId;
        } else {
            rid = 0;
            for (EndDraft e : n.ends) {
                if (e.cidr != null && Integer.compareUnsigned(e.cidr.address(), rid) > 0) {
                    rid = e.cidr.address();
                }
            }
            if (rid == 0) {
                throw d.val.error(n.name + " has no IPv4 address to take the router ID from (ospf6d takes the"
                        + " highest one): set router-id, e.g. router-id: 10.255.0.1");
            }
        }
        NodeDraft other = routerIds.putIfAbsent(rid, n);
        if (other != null) {
            Val at = d.routerIdVal != null ? d.routerIdVal : d.val;
            throw at.error("router ID " + Ip4.str(rid) + " is also " + other.name + "'s; each " + (v6 ? "OSPFv3" : "OSPF")
                    + " router needs its own"
                    + (d.routerIdVal == null ? " (set router-id)" : ""));
        }
        for (int k = 0; k < d.areas.size(); k++) {
            int id = d.areas.get(k).id();
            if (out.stream().noneMatch(c -> c.area() == id)) {
                throw d.areaVals.get(k).error("area " + Ip4.str(id) + ": none of " + n.name + "'s OSPF interfaces is in it"
                        + " (areas here: " + String.join(", ", out.stream().map(c -> Ip4.str(c.area())).distinct().toList())
                        + ")");
            }
        }
        if (!d.redistribute.isEmpty() && out.stream().allMatch(c -> d.areas.stream()
                .anyMatch(a -> a.id() == c.area() && a.stub()))) {
            throw d.redistributeVal.error(n.name + " is in stub areas only, where AS-external routes are not flooded"
                    + " (RFC 2328 3.6): an AS boundary router needs a normal area");
        }
        d.config = new OspfConfig(rid, List.copyOf(out), d.spfDelay, d.spfHold, d.spfMaxHold, List.copyOf(d.areas),
                List.copyOf(d.redistribute), List.copyOf(d.externals));
    }

    /**
     * Once every router is checked: the two ends of a link that both run OSPF on it are in one
     * area (RFC 2328 8.2: a hello from another area is dropped, so no adjacency would ever form).
     */
    static void checkAreas(Topology world) throws ScenarioException {
        for (Topology.LinkDraft l : world.links.values()) {
            OspfConfig.IfaceConfig a = ospfIface(l.a());
            OspfConfig.IfaceConfig b = ospfIface(l.b());
            if (a == null || b == null || a.passive() || b.passive() || a.area() == b.area()) {
                continue;
            }
            throw placeOf(l.b()).error(l.b().node.name + "'s " + b.name() + " is in area " + Ip4.str(b.area()) + " but "
                    + l.a().node.name + "'s " + a.name() + " across " + l.b().where() + " is in area " + Ip4.str(a.area())
                    + ": OSPF neighbours must share the area of their link");
        }
    }

    /** The OSPF settings of the interface at one end of a link, or null when OSPF does not run there. */
    private static OspfConfig.IfaceConfig ospfIface(EndDraft e) {
        if (e.node.ospf == null || e.node.ospf.config == null) {
            return null;
        }
        for (OspfConfig.IfaceConfig c : e.node.ospf.config.interfaces()) {
            if (c.name().equals(e.iface)) {
                return c;
            }
        }
        return null;
    }

    /** Where an interface's area was set: its entry in interfaces, else the section. */
    private static Val placeOf(EndDraft e) {
        OspfDraft d = e.node.ospf;
        if (d.interfaces != null) {
            for (IfaceDraft f : d.interfaces) {
                if (f.name().equals(e.iface)) {
                    return f.val();
                }
            }
        }
        return d.val;
    }
}
