package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.NodeKind;
import dev.minternet.scenario.Scenario.Routing;
import dev.minternet.scenario.Topology.EndDraft;
import dev.minternet.scenario.Topology.LinkDraft;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.sim.RandomStreams;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code attacks: botnet:}: N bot hosts generated instead of listed. Each is placed at one of the
 * world's access routers (a router with a host on one of its links), chosen from the seed's
 * stream {@code attack:botnet}, on a /30 link of its own carved in order from {@code addresses}
 * (router .1, bot .2). The nodes and links are written as scenario YAML and read like the file's
 * own, right after them, so every later check applies; floods name them with {@code bots: botnet}.
 * Their links' routes come from {@code routing: global}, which a botnet therefore needs.
 */
final class BotnetReader {
    static final String[] FIELDS = {"count", "name", "addresses", "bandwidth", "delay"};
    /** Bots at most: each is a node and a link. */
    static final int MAX_BOTS = 5000;
    static final String FILE = "attacks.botnet (generated)";

    private BotnetReader() {
    }

    /** A number and a unit (checked again when the generated link is read). */
    private static String plain(Val x) throws ScenarioException {
        String t = x.text().strip();
        if (!t.matches("[0-9][0-9.]*[A-Za-z/]*")) {
            throw x.error("expected a number and a unit, e.g. 100Mbps or 2ms");
        }
        return t;
    }

    /** The generated nodes and links as YAML lists. */
    static String plan(Topology world, Val v, TopLevel head) throws ScenarioException {
        Obj o = v.obj(FIELDS);
        if (head.routing() != Routing.GLOBAL) {
            throw v.error("generated bots get routes from routing: global; set it (routing: global) or list bots as hosts");
        }
        int count = (int) o.req("count", "how many bots, e.g. 20").integer(1, MAX_BOTS);
        Val nameVal = o.opt("name");
        String prefix = nameVal == null ? "bot" : nameVal.text().strip();
        if (!Topology.NAME.matcher(prefix).matches()) {
            throw nameVal.error("bad name '" + Yaml.oneLine(prefix) + "' (" + Topology.NAME_RULE + ")");
        }
        Val addrVal = o.opt("addresses");
        Cidr pool = Cidr.parse("100.96.0.0/12");
        if (addrVal != null) {
            try {
                pool = Cidr.parse(addrVal.text().strip());
            } catch (IllegalArgumentException e) {
                throw addrVal.error("bad prefix: " + Yaml.oneLine(e.getMessage()) + " (expected address/prefix, e.g. 100.96.0.0/12)");
            }
        }
        Val where = addrVal != null ? addrVal : v;
        if (pool.length() > 30 || (1L << (32 - pool.length())) / 4 < count) {
            throw where.error(pool + " holds " + (pool.length() > 30 ? 0 : (1L << (32 - pool.length())) / 4) + " /30 links, fewer than "
                    + count + " bots");
        }
        String bandwidth = o.opt("bandwidth", "100Mbps", BotnetReader::plain);
        String delay = o.opt("delay", "2ms", BotnetReader::plain);
        for (LinkDraft l : world.links.values()) {
            for (EndDraft e : List.of(l.a(), l.b())) {
                if (e.cidr != null && (pool.contains(e.cidr.address()) || e.cidr.contains(pool.network()))) {
                    throw where.error(pool + " overlaps " + e.cidr + " of link '" + l.name() + "'; give the botnet other addresses");
                }
            }
        }
        List<String> access = new ArrayList<>();
        for (NodeDraft n : world.nodes.values()) {
            if (n.kind != NodeKind.ROUTER) {
                continue;
            }
            for (EndDraft e : n.ends) {
                if (e.link != null) {
                    EndDraft other = e.link.a() == e ? e.link.b() : e.link.a();
                    if (other.node.kind == NodeKind.HOST) {
                        access.add(n.name);
                        break;
                    }
                }
            }
        }
        if (access.isEmpty()) {
            throw v.error("no access router to place bots at (a router with a host on one of its links)");
        }
        SplittableRandom r = new RandomStreams(head.seed()).stream("attack:botnet");
        StringBuilder nodes = new StringBuilder("nodes:\n");
        StringBuilder links = new StringBuilder("links:\n");
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = prefix + "-" + i;
            if (world.nodes.containsKey(name)) {
                throw v.error("a node named '" + name + "' already exists; give the botnet another name (name: ...)");
            }
            String at = access.get(r.nextInt(access.size()));
            int net = pool.network() + 4 * (i - 1);
            nodes.append("  - {name: ").append(name).append(", kind: host}\n");
            links.append("  - {a: \"").append(at).append(' ').append(Ip4.str(net + 1)).append("/30\", b: \"").append(name).append(' ')
                    .append(Ip4.str(net + 2)).append("/30\", bandwidth: \"").append(bandwidth).append("\", delay: \"").append(delay)
                    .append("\"}\n");
            names.add(name);
        }
        world.botnet = List.copyOf(names);
        return nodes + links.toString();
    }
}
