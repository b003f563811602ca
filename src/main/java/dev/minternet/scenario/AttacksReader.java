package dev.minternet.scenario;

import dev.minternet.attack.Drill;
import dev.minternet.scenario.Scenario.NodeKind;
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
    private static final String[] FIELDS = {"victim", "probe", "floods"};
    private static final String[] PROBE_FIELDS = {"from", "to", "port", "every", "timeout"};
    private static final String[] FLOOD_FIELDS = {"name", "type", "bots", "rate", "start", "duration", "target", "port",
        "spoof", "victim", "resolvers", "qname", "qtype"};
    private static final List<String> TYPES = List.of("syn-flood", "dns-reflection");
    /** Packets per second all bots together may send: past this a run is mostly the flood's events. */
    static final int MAX_RATE = 100_000;

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
        return new Scenario.AttacksSpec(victim, probe, List.copyOf(floods), o.loc());
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
        String to = node(o.req("to", "the node it connects to"));
        int port = Fields.port(o.req("port", "the TCP port it connects to"));
        long every = o.opt("every", 200 * 1_000_000L, Fields::positive);
        long timeout = o.opt("timeout", 3_000_000_000L, Fields::positive);
        return new Drill.Probe(from, to, port, every, timeout);
    }

    private Drill.Attack flood(Val v) throws ScenarioException {
        Obj o = v.obj(FLOOD_FIELDS);
        Val nameVal = o.req("name", "a short name for this flood");
        String name = nameVal.text().strip();
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw nameVal.error("bad name '" + Yaml.oneLine(name) + "' (lower-case letters, digits and '-')");
        }
        String type = o.req("type", "syn-flood or dns-reflection").choice(TYPES);
        Val botsVal = o.req("bots", "the attacking hosts, e.g. [bot1, bot2]");
        List<String> bots = new ArrayList<>();
        for (Val b : botsVal.list()) {
            bots.add(host(b));
        }
        if (bots.isEmpty()) {
            throw botsVal.error("needs at least one bot");
        }
        int rate = (int) o.req("rate", "packets per second, all bots together").integer(1, MAX_RATE);
        long start = o.opt("start", 0L, w -> w.parse(dev.minternet.units.Units::durationNs));
        long duration = o.opt("duration", head.durationNs() - Math.min(start, head.durationNs()), Fields::positive);
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
