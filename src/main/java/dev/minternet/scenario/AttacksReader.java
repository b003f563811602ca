package dev.minternet.scenario;

import dev.minternet.attack.Drill;
import dev.minternet.scenario.Scenario.NodeKind;
import dev.minternet.sim.Durations;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.wire.Ip4.Cidr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Type;

/**
 * The {@code attacks:} section: a DDoS drill ({@link Drill}). The node it watches, the
 * legitimate client that probes the target, and the floods, each from a botnet of named hosts:
 * {@code syn-flood} (spoofed SYNs) and {@code dns-reflection} (queries spoofed from the victim to
 * open resolvers). Read after the nodes (bots, targets and resolvers must exist) and with the
 * scenario's duration known (a drill needs one: its table has one row per second).
 */
final class AttacksReader {
    static final String[] FIELDS = {"victim", "probe", "floods", "botnet", "blackhole"};
    private static final String[] PROBE_FIELDS = {"from", "to", "port", "url", "every", "timeout"};
    private static final String[] FLOOD_FIELDS = {"name", "type", "bots", "rate", "start", "duration", "target", "port",
        "spoof", "victim", "resolvers", "qname", "qtype", "url", "timeout"};
    private static final String[] BLACKHOLE_FIELDS = {"router", "prefix", "at"};
    private static final List<String> TYPES = List.of("syn-flood", "dns-reflection", "http-flood");
    /** The value of a flood's {@code bots:} that means every host of the {@code botnet:}. */
    static final String BOTNET = "botnet";
    /** Packets per second all bots together may send: past this a run is mostly the flood's events. */
    static final int MAX_RATE = 100_000;
    /**
     * What a drill schedules before the run starts (each flood packet, each probe, each row of the
     * table): 20 million, a few hundred megabytes of events; the examples plan at most 2 million.
     */
    static final long MAX_PLANNED = 20_000_000L;
    /** Requests per second of an HTTP flood: each is a connection with a few dozen events. */
    static final int MAX_HTTP_RATE = 20_000;

    private final Topology world;
    private final TopLevel head;

    AttacksReader(Topology world, TopLevel head) {
        this.world = world;
        this.head = head;
    }

    Scenario.AttacksSpec read(Val v) throws ScenarioException {
        Obj o = v.obj(FIELDS);
        if (!head.hasDuration()) {
            throw v.error("a drill prints one row per second: give the scenario a duration (e.g. duration: 30s)");
        }
        String victim = o.opt("victim", null, this::node);
        Drill.Probe probe = o.opt("probe", null, this::probe);
        o.opt("botnet"); // read with the links (BotnetReader)
        Drill.Blackhole blackhole = o.opt("blackhole", null, this::blackhole);
        if (blackhole != null && victim == null) {
            throw o.raw("blackhole").error("needs the drill's victim (victim: NODE) to measure what still reaches it");
        }
        List<Drill.Attack> floods = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Val list = o.req("floods", "a list of attacks: syn-flood or dns-reflection");
        for (Val f : list.list()) {
            Drill.Attack a = flood(f);
            if (!names.add(a.name())) {
                throw f.error("a second flood named '" + a.name() + "' (names must be unique)");
            }
            floods.add(a);
        }
        if (floods.isEmpty() && probe == null) {
            throw list.error("needs at least one flood (or a probe)");
        }
        long planned = head.durationNs() / Durations.S + (probe == null ? 0 : head.durationNs() / probe.everyNs());
        for (Drill.Attack a : floods) {
            planned += Math.min(a.durationNs(), head.durationNs() - a.startNs()) / Durations.S * a.rate();
        }
        if (planned > MAX_PLANNED) {
            throw (probe != null && head.durationNs() / probe.everyNs() > MAX_PLANNED / 2 ? o.raw("probe") : list).error(
                    "the drill plans " + Limits.count(planned) + " packets, probes and rows in advance, over "
                    + Limits.count(MAX_PLANNED) + ": shorten the scenario's duration, lower the rates or probe less often");
        }
        return new Scenario.AttacksSpec(victim, probe, List.copyOf(floods), blackhole, o.loc());
    }

    /** A duration greater than zero and no longer than the run (a flood's length, a probe's timeout). */
    private long withinRun(Val v) throws ScenarioException {
        long ns = Fields.positive(v);
        if (ns > head.durationNs()) {
            throw v.error("must be at most the scenario's duration (" + Durations.seconds(head.durationNs()) + ")");
        }
        return ns;
    }

    private String node(Val v) throws ScenarioException {
        String n = v.text().strip();
        NodeDraft d = world.nodes.get(n);
        if (d == null) {
            throw v.error("no node named '" + Yaml.oneLine(n) + "'");
        }
        return n;
    }

    private String host(Val v) throws ScenarioException {
        String n = node(v);
        if (world.nodes.get(n).kind != NodeKind.HOST) {
            throw v.error("'" + n + "' is a router; bots and probes are hosts");
        }
        return n;
    }

    private Drill.Probe probe(Val v) throws ScenarioException {
        Obj o = v.obj(PROBE_FIELDS);
        String from = host(o.req("from", "the host of the legitimate client"));
        long every = o.opt("every", 200 * 1_000_000L, Fields::positive);
        long timeout = o.opt("timeout", 3_000_000_000L, this::withinRun);
        if (o.has("url")) {
            for (String f : List.of("to", "port")) {
                if (o.has(f)) {
                    throw o.raw(f).error("the url gives the node and port; leave " + f + " out");
                }
            }
            Drill.Url u = url(o.raw("url"));
            return new Drill.Probe(from, u.host(), u.port(), u.path(), every, timeout);
        }
        String to = node(o.req("to", "the node it connects to (or url: http://NODE/PATH for HTTP GETs)"));
        int port = Fields.port(o.req("port", "the TCP port it connects to"));
        return new Drill.Probe(from, to, port, every, timeout);
    }

    /** http://NODE[:PORT]/PATH, NODE a node of the scenario. */
    private Drill.Url url(Val v) throws ScenarioException {
        String text = v.text().strip();
        if (!text.startsWith("http://")) {
            throw v.error("expected http://NODE[:PORT]/PATH, got '" + Yaml.oneLine(text) + "' (https is not drilled)");
        }
        String rest = text.substring("http://".length());
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        if (!path.matches("/[\\x21-\\x7e]*")) {
            throw v.error("bad path '" + Yaml.oneLine(path) + "' (printable ASCII without spaces)");
        }
        int port = 80;
        int colon = authority.indexOf(':');
        String host = colon < 0 ? authority : authority.substring(0, colon);
        if (colon >= 0) {
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw v.error("bad port in '" + Yaml.oneLine(text) + "' (1 to 65535)");
            }
        }
        if (world.nodes.get(host) == null) {
            throw v.error("no node named '" + Yaml.oneLine(host) + "' (the URL's host is a node)");
        }
        return new Drill.Url(host, port, path);
    }

    private Drill.Blackhole blackhole(Val v) throws ScenarioException {
        Obj o = v.obj(BLACKHOLE_FIELDS);
        String router = node(o.req("router", "the BGP router of the victim's AS that announces the blackhole"));
        NodeDraft d = world.nodes.get(router);
        if (d.bgpVal == null) {
            throw o.raw("router").error("'" + router + "' does not speak BGP (give it a bgp: section)");
        }
        Val pv = o.req("prefix", "the victim's address as a /32, e.g. 10.4.1.10/32");
        Cidr p = cidr(pv);
        if (p.length() < 24) {
            throw pv.error("a blackhole is for a host or a small prefix (/24 to /32), not /" + p.length());
        }
        long at = o.req("at", "when the victim's AS announces it, e.g. 10s").parse(dev.minternet.units.Units::durationNs);
        if (at < 0 || at >= head.durationNs()) {
            throw o.raw("at").error("must fall within the scenario's duration");
        }
        return new Drill.Blackhole(router, p.network(), p.length(), at);
    }

    private Drill.Attack flood(Val v) throws ScenarioException {
        Obj o = v.obj(FLOOD_FIELDS);
        Val nameVal = o.req("name", "a short name for this flood");
        String name = nameVal.text().strip();
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw nameVal.error("bad name '" + Yaml.oneLine(name) + "' (lower-case letters, digits and '-')");
        }
        String type = o.req("type", "syn-flood, dns-reflection or http-flood").choice(TYPES);
        Val botsVal = o.req("bots", "the attacking hosts, e.g. [bot1, bot2], or botnet (the generated ones)");
        List<String> bots = new ArrayList<>();
        if (botsVal.isScalar() && botsVal.text().strip().equals(BOTNET)) {
            if (world.botnet.isEmpty()) {
                throw botsVal.error("no botnet: generate one (attacks: botnet: {count: N}) or list the bots");
            }
            bots.addAll(world.botnet);
        } else {
            for (Val b : botsVal.list()) {
                bots.add(host(b));
            }
        }
        if (bots.isEmpty()) {
            throw botsVal.error("needs at least one bot");
        }
        int rate = (int) o.req("rate", "packets per second, all bots together").integer(1, MAX_RATE);
        long start = o.opt("start", 0L, w -> {
            long ns = w.parse(dev.minternet.units.Units::durationNs);
            if (ns >= head.durationNs()) {
                throw w.error("must fall within the scenario's duration (" + Durations.seconds(head.durationNs()) + ")");
            }
            return ns;
        });
        long duration = o.opt("duration", head.durationNs() - start, this::withinRun);
        if (type.equals("http-flood")) {
            for (String f : List.of("target", "port", "spoof", "victim", "resolvers", "qname", "qtype")) {
                if (o.has(f)) {
                    throw o.raw(f).error("is not for http-flood; an http-flood has url and timeout");
                }
            }
            if (rate > MAX_HTTP_RATE) {
                throw o.raw("rate").error("at most " + MAX_HTTP_RATE + " requests a second (each is a TCP connection)");
            }
            Drill.Url u = url(o.req("url", "what the bots GET, e.g. http://gw/api/users"));
            long timeout = o.opt("timeout", 10_000_000_000L, this::withinRun);
            return new Drill.HttpFlood(name, List.copyOf(bots), rate, start, duration, u, timeout);
        }
        for (String f : List.of("url", "timeout")) {
            if (o.has(f)) {
                throw o.raw(f).error("is for http-flood");
            }
        }
        if (type.equals("syn-flood")) {
            for (String f : List.of("victim", "resolvers", "qname", "qtype")) {
                if (o.has(f)) {
                    throw o.raw(f).error("is for dns-reflection; a syn-flood has target, port and spoof");
                }
            }
            String target = node(o.req("target", "the node flooded with SYNs"));
            int port = Fields.port(o.req("port", "the TCP port flooded"));
            Cidr spoof = o.opt("spoof", Drill.defaultSpoof(), AttacksReader::cidr);
            return new Drill.SynFlood(name, List.copyOf(bots), rate, start, duration, target, port, spoof);
        }
        for (String f : List.of("target", "port", "spoof")) {
            if (o.has(f)) {
                throw o.raw(f).error("is for syn-flood; a dns-reflection has victim, resolvers, qname and qtype");
            }
        }
        String victim = node(o.req("victim", "the node whose address the queries carry"));
        Val resVal = o.req("resolvers", "the open resolvers the queries go to");
        List<String> resolvers = new ArrayList<>();
        for (Val r : resVal.list()) {
            resolvers.add(node(r));
        }
        if (resolvers.isEmpty()) {
            throw resVal.error("needs at least one resolver");
        }
        String qname = o.req("qname", "the name asked for, e.g. big.example.com").text().strip();
        if (qname.isEmpty() || qname.length() > 253) {
            throw o.raw("qname").error("a domain name of 1 to 253 characters");
        }
        try {
            Drill.reflectionQuery(qname, Type.TXT, 0);
        } catch (IllegalArgumentException e) {
            throw o.raw("qname").error("bad name '" + Yaml.oneLine(qname) + "'");
        }
        int qtype = o.opt("qtype", Type.ANY, q -> {
            int t = Type.value(q.text().strip().toUpperCase(java.util.Locale.ROOT));
            if (t < 0) {
                throw q.error("unknown type '" + Yaml.oneLine(q.text().strip()) + "' (e.g. TXT, ANY, A)");
            }
            return t;
        });
        return new Drill.Reflection(name, List.copyOf(bots), rate, start, duration, victim, List.copyOf(resolvers), qname, qtype);
    }

    private static Cidr cidr(Val v) throws ScenarioException {
        try {
            return Cidr.parse(v.text().strip());
        } catch (IllegalArgumentException e) {
            throw v.error("bad prefix: " + Yaml.oneLine(e.getMessage()) + " (expected address/prefix, e.g. 198.18.0.0/15)");
        }
    }
}
