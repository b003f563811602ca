package dev.minternet.scenario;

import dev.minternet.routing.bgp.BgpConfig;
import dev.minternet.routing.bgp.BgpConfig.Neighbor;
import dev.minternet.routing.bgp.BgpConfig.Policy;
import dev.minternet.routing.bgp.BgpConfig.PrefixRule;
import dev.minternet.routing.bgp.BgpConfig.Relationship;
import dev.minternet.routing.bgp.BgpMessage;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.scenario.Topology.EndDraft;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * A router's {@code as:} and {@code bgp:} (docs/scenarios.md "BGP"): router ID, timers, networks,
 * prefix lists and neighbours with their relationship or explicit policies. The AS number is read
 * with the node; the {@code bgp:} section once the links have given every node its addresses, so
 * that a neighbour's address can be checked against the world: it must belong to a router whose
 * {@code as:} is the {@code remote-as} and whose own {@code bgp:} lists this router back.
 */
final class BgpReader {
    private static final String[] BGP_FIELDS = {"router-id", "networks", "prefix-lists", "neighbors", "timers",
        "cluster-id", "maximum-paths", "maximum-paths-ibgp", "multipath-relax", "networks6",
        "ipv6-prefix-lists"};
    private static final String[] TIMER_FIELDS = {"hold", "keepalive", "connect-retry"};
    private static final String[] NEIGHBOR_FIELDS = {"address", "remote-as", "description", "relationship",
        "next-hop-self", "advertisement-interval", "timers", "import", "export", "route-server-client",
        "route-reflector-client", "ipv6"};
    private static final String[] POLICY_IN_FIELDS = {"prefix-list", "local-pref", "communities", "ipv6-prefix-list"};
    private static final String[] POLICY_OUT_FIELDS = {"prefix-list", "med", "communities", "prepend", "ipv6-prefix-list"};
    private static final String[] NETWORK_FIELDS = {"prefix", "origin", "communities"};
    private static final String RULE_SYNTAX = "expected '[permit|deny] <prefix> [ge N] [le N]'";

    private BgpReader() {
    }

    /** Reads {@code as:} with the node (1 to 4294967295; 23456 is AS_TRANS, RFC 6793). */
    static long readAs(Val v) throws ScenarioException {
        long as = v.integer(1, 4294967295L);
        if (as == BgpMessage.AS_TRANS) {
            throw v.error("AS 23456 is AS_TRANS (RFC 6793), reserved for 2-byte speakers; choose another");
        }
        return as;
    }

    /** Reads every node's {@code bgp:} once interfaces are known; fills {@code NodeDraft.bgp}. */
    static void readAll(Topology topology, boolean hasDuration) throws ScenarioException {
        // interface address to node: a generated internet has thousands of routers
        Map<Integer, NodeDraft> world = new java.util.HashMap<>();
        for (NodeDraft n : topology.nodes.values()) {
            for (EndDraft e : n.ends) {
                world.putIfAbsent(e.cidr.address(), n);
            }
        }
        for (NodeDraft n : topology.nodes.values()) {
            if (n.bgpVal != null) {
                if (!hasDuration) {
                    throw n.bgpVal.error("bgp needs the scenario's duration: its keepalives never let a run end"
                            + " (add e.g. 'duration: 10m')");
                }
                n.bgp = read(world, n, n.bgpVal);
            }
        }
        for (NodeDraft n : topology.nodes.values()) {
            if (n.bgp != null) {
                checkMutual(world, n);
            }
        }
    }

    private static BgpConfig read(Map<Integer, NodeDraft> world, NodeDraft node, Val v) throws ScenarioException {
        Obj o = v.obj(BGP_FIELDS);
        if (node.kind != Scenario.NodeKind.ROUTER) {
            throw v.error("bgp needs a router (kind: router)");
        }
        if (node.as < 0) {
            throw v.error("bgp needs the node's AS number: add 'as: <number>' to " + node.name);
        }
        int routerId = 0;
        Val rid = o.opt("router-id");
        if (rid != null) {
            routerId = address(rid, "router-id");
        } else {
            for (EndDraft e : node.ends) {
                if (Integer.compareUnsigned(e.cidr.address(), routerId) > 0) {
                    routerId = e.cidr.address(); // as zebra: the highest interface address
                }
            }
            if (routerId == 0) {
                throw v.error("bgp needs a router-id: " + node.name + " has no interface address to take it from");
            }
        }
        long hold = BgpConfig.DEFAULT_HOLD_NS;
        long keepalive = BgpConfig.DEFAULT_KEEPALIVE_NS;
        long retry = BgpConfig.DEFAULT_CONNECT_RETRY_NS;
        Val timers = o.opt("timers");
        if (timers != null) {
            long[] t = timers(timers);
            hold = t[0] >= 0 ? t[0] : hold;
            keepalive = t[1] >= 0 ? t[1] : keepalive;
            Obj to = timers.obj(TIMER_FIELDS);
            Val cr = to.opt("connect-retry");
            if (cr != null) {
                retry = Fields.positiveDuration(cr);
                if (retry < 1_000_000_000L || retry > 65535_000_000_000L) {
                    throw cr.error("connect-retry must be from 1s to 65535s, as FRR takes it");
                }
            }
        }
        List<BgpConfig.Network> networks = new ArrayList<>();
        for (Val nv : o.list("networks")) {
            Prefix p;
            List<Integer> comms = List.of();
            int origin = BgpMessage.ORIGIN_IGP;
            if (nv.node instanceof org.snakeyaml.engine.v2.nodes.MappingNode) {
                Obj no = nv.obj(NETWORK_FIELDS);
                p = prefix(no.req("prefix", "a prefix such as 10.1.0.0/16"));
                comms = communities(no.list("communities"));
                origin = no.opt("origin", BgpMessage.ORIGIN_IGP, x -> List.of("igp", "egp", "incomplete")
                        .indexOf(x.choice(List.of("igp", "egp", "incomplete"))));
            } else {
                p = prefix(nv);
            }
            for (BgpConfig.Network other : networks) {
                if (other.prefix().equals(p)) {
                    throw nv.error("network " + p + " is listed twice");
                }
            }
            networks.add(new BgpConfig.Network(p, origin, comms));
        }
        List<dev.minternet.routing.bgp.Mp6.Prefix6> networks6 = new ArrayList<>();
        for (Val nv : o.list("networks6")) {
            var p = prefix6(nv);
            if (networks6.contains(p)) {
                throw nv.error("network " + p + " is listed twice");
            }
            networks6.add(p);
        }
        Map<String, List<PrefixRule>> lists = prefixLists(o.opt("prefix-lists"), BgpReader::rule);
        Map<String, List<BgpConfig.PrefixRule6>> lists6 = prefixLists(o.opt("ipv6-prefix-lists"), BgpReader::rule6);
        List<Neighbor> neighbors = new ArrayList<>();
        Map<Integer, Val> seen = new LinkedHashMap<>();
        for (Val nv : o.list("neighbors")) {
            Neighbor nb = neighbor(world, node, nv, lists, lists6);
            Val first = seen.put(nb.address(), nv);
            if (first != null) {
                throw nv.error("neighbor " + Ip4.str(nb.address()) + " is already configured at line "
                        + first.loc().line());
            }
            neighbors.add(nb);
        }
        int clusterId = 0;
        Val cid = o.opt("cluster-id");
        if (cid != null) {
            String t = cid.text().strip();
            if (t.matches("\\d{1,10}")) {
                long x = cid.integer(1, 4294967295L); // FRR takes a 32-bit number too
                clusterId = (int) x;
            } else {
                clusterId = address(cid, "cluster-id");
                if (clusterId == 0) {
                    throw cid.error("cluster-id 0.0.0.0 is not allowed (FRR refuses it)");
                }
            }
        }
        int maxPaths = (int) (long) o.opt("maximum-paths", 1L, x -> x.integer(1, BgpConfig.MAX_MULTIPATH));
        int maxIbgp = (int) (long) o.opt("maximum-paths-ibgp", 1L, x -> x.integer(1, BgpConfig.MAX_MULTIPATH));
        boolean relax = o.opt("multipath-relax", false, Fields::bool);
        return new BgpConfig(node.as, routerId, List.copyOf(networks), Map.copyOf(lists), List.copyOf(neighbors),
                hold, keepalive, retry, clusterId, maxPaths, maxIbgp, relax, List.copyOf(networks6), Map.copyOf(lists6));
    }

    /** Reads one rule of a prefix list. */
    private interface RuleReader<R> {
        R read(Val v) throws ScenarioException;
    }

    /** {@code prefix-lists:} or {@code ipv6-prefix-lists:}: a mapping of names to lists of rules. */
    private static <R> Map<String, List<R>> prefixLists(Val plv, RuleReader<R> reader) throws ScenarioException {
        Map<String, List<R>> lists = new LinkedHashMap<>();
        if (plv == null) {
            return lists;
        }
        if (!(plv.node instanceof org.snakeyaml.engine.v2.nodes.MappingNode)) {
            throw plv.error("expected a mapping of prefix-list names to lists of rules, got " + plv.describe());
        }
        List<String> names = new ArrayList<>();
        for (var t : ((org.snakeyaml.engine.v2.nodes.MappingNode) plv.node).getValue()) {
            if (t.getKeyNode() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode k) {
                names.add(k.getValue());
            }
        }
        Obj pl = plv.obj(names.toArray(new String[0]));
        for (String name : names) {
            if (!Topology.NAME.matcher(name).matches()) {
                throw new ScenarioException(pl.keyLoc(name), plv.path + "." + name, "bad prefix-list name '"
                        + Yaml.oneLine(name) + "': " + Topology.NAME_RULE);
            }
            List<R> rules = new ArrayList<>();
            for (Val r : pl.list(name)) {
                rules.add(reader.read(r));
            }
            lists.put(name, List.copyOf(rules));
        }
        return lists;
    }

    /** [hold, keepalive] in ns (-1: not given); hold 0 or 3..65535 s, keepalive below hold. */
    private static long[] timers(Val v) throws ScenarioException {
        Obj o = v.obj(TIMER_FIELDS);
        long hold = -1;
        long keepalive = -1;
        Val h = o.opt("hold");
        if (h != null) {
            hold = duration(h);
            if (hold != 0 && (hold < 3_000_000_000L || hold > 65535_000_000_000L || hold % 1_000_000_000L != 0)) {
                throw h.error("hold must be 0 or whole seconds from 3s to 65535s (RFC 4271 4.2)");
            }
        }
        Val k = o.opt("keepalive");
        if (k != null) {
            keepalive = duration(k);
            if (keepalive % 1_000_000_000L != 0 || keepalive > 65535_000_000_000L) {
                throw k.error("keepalive must be whole seconds up to 65535s");
            }
        }
        if (hold > 0 && keepalive >= hold) {
            throw k.error("keepalive must be shorter than hold (usually a third of it)");
        }
        return new long[] {hold, keepalive};
    }

    private static long duration(Val v) throws ScenarioException {
        if (v.text().strip().equals("0")) {
            return 0;
        }
        return Fields.positiveDuration(v);
    }

    private static Neighbor neighbor(Map<Integer, NodeDraft> world, NodeDraft node, Val v, Map<String, List<PrefixRule>> lists,
                                     Map<String, List<BgpConfig.PrefixRule6>> lists6) throws ScenarioException {
        Obj o = v.obj(NEIGHBOR_FIELDS);
        Val av = o.req("address", "the neighbour's interface address");
        int addr = address(av, "address");
        NodeDraft peer = owner(world, addr);
        if (peer == null) {
            throw av.error("unknown neighbor address " + Ip4.str(addr) + ": no interface in the world has it");
        }
        if (peer == node) {
            throw av.error("neighbor " + Ip4.str(addr) + " is an address of " + node.name + " itself");
        }
        Val rav = o.req("remote-as", "the neighbour's AS number");
        long remoteAs = rav.integer(1, 4294967295L);
        if (peer.as < 0) {
            throw rav.error("neighbor " + Ip4.str(addr) + " is " + peer.name + ", which has no 'as:'");
        }
        if (peer.as != remoteAs) {
            throw rav.error("AS mismatch: neighbor " + Ip4.str(addr) + " is " + peer.name + " in AS " + peer.as
                    + ", not " + remoteAs);
        }
        if (peer.bgpVal == null) {
            throw av.error("neighbor " + Ip4.str(addr) + " is " + peer.name + ", which does not run bgp");
        }
        boolean ebgp = remoteAs != node.as;
        Relationship rel = o.opt("relationship", null, x -> x.choice(Relationship.class));
        if (rel != null && !ebgp) {
            throw o.raw("relationship").error("relationship applies to eBGP neighbors; " + Ip4.str(addr)
                    + " is in this router's own AS " + node.as);
        }
        String desc = o.opt("description", null, x -> Yaml.oneLine(x.text()));
        boolean nhs = o.opt("next-hop-self", false, Fields::bool);
        long mrai = -1;
        Val mv = o.opt("advertisement-interval");
        if (mv != null) {
            mrai = duration(mv);
            if (mrai > 600_000_000_000L) {
                throw mv.error("advertisement-interval must be from 0 to 600s, as FRR takes it");
            }
        }
        long[] t = o.opt("timers") == null ? new long[] {-1, -1} : timers(o.opt("timers"));
        Policy in = o.opt("import", Policy.NONE, x -> policy(x, lists, lists6, true));
        Policy out = o.opt("export", Policy.NONE, x -> policy(x, lists, lists6, false));
        boolean rs = o.opt("route-server-client", false, Fields::bool);
        if (rs && !ebgp) {
            throw o.raw("route-server-client").error("a route server's clients are in other ASes (RFC 7947)");
        }
        boolean rr = o.opt("route-reflector-client", false, Fields::bool);
        if (rr && ebgp) {
            throw o.raw("route-reflector-client").error("a route reflector's clients are in its own AS " + node.as
                    + " (RFC 4456); " + Ip4.str(addr) + " is in AS " + remoteAs);
        }
        boolean v6 = o.opt("ipv6", false, Fields::bool);
        return new Neighbor(addr, remoteAs, desc, rel, nhs, mrai, t[0], t[1], in, out, rs, rr, v6);
    }

    private static Policy policy(Val v, Map<String, List<PrefixRule>> lists, Map<String, List<BgpConfig.PrefixRule6>> lists6,
                                 boolean in) throws ScenarioException {
        Obj o = v.obj(in ? POLICY_IN_FIELDS : POLICY_OUT_FIELDS);
        String list = listName(o.opt("prefix-list"), lists.keySet(), "prefix-list");
        String list6 = listName(o.opt("ipv6-prefix-list"), lists6.keySet(), "ipv6-prefix-list");
        long lp = in ? o.opt("local-pref", -1L, x -> x.integer(0, 4294967295L)) : -1;
        long med = in ? -1 : o.opt("med", -1L, x -> x.integer(0, 4294967295L));
        int prepend = in ? 0 : (int) (long) o.opt("prepend", 0L, x -> x.integer(0, 10));
        return new Policy(list, lp, med, communities(o.list("communities")), prepend, list6);
    }

    /** A policy's prefix-list name, which must be defined (null when not given). */
    private static String listName(Val lv, java.util.Set<String> defined, String what) throws ScenarioException {
        if (lv == null) {
            return null;
        }
        String list = lv.text().strip();
        if (!defined.contains(list)) {
            throw lv.error("unknown " + what + " '" + Yaml.oneLine(list) + "' (defined: "
                    + (defined.isEmpty() ? "none" : String.join(", ", defined)) + ")");
        }
        return list;
    }

    private static List<Integer> communities(List<Val> vals) throws ScenarioException {
        List<Integer> out = new ArrayList<>();
        for (Val c : vals) {
            String t = c.text().strip();
            switch (t) {
                case "blackhole" -> out.add(BgpMessage.BLACKHOLE);
                case "no-export" -> out.add(BgpMessage.NO_EXPORT);
                default -> {
                    String[] p = t.split(":", -1);
                    if (p.length != 2 || !p[0].matches("\\d{1,5}") || !p[1].matches("\\d{1,5}")
                            || Integer.parseInt(p[0]) > 65535 || Integer.parseInt(p[1]) > 65535) {
                        throw c.error("bad community '" + Yaml.oneLine(t)
                                + "': expected AA:NN (each 0 to 65535), blackhole or no-export");
                    }
                    out.add(Integer.parseInt(p[0]) << 16 | Integer.parseInt(p[1]));
                }
            }
        }
        return List.copyOf(out);
    }

    private static PrefixRule rule(Val v) throws ScenarioException {
        RuleWords<Prefix> w = ruleWords(v, "prefix-list", 32, BgpReader::prefixText, Prefix::length);
        return new PrefixRule(w.permit(), w.prefix(), w.ge(), w.le());
    }

    /** One rule of an IPv6 prefix list: [permit|deny] PREFIX6 [ge N] [le N], N up to 128. */
    private static BgpConfig.PrefixRule6 rule6(Val v) throws ScenarioException {
        RuleWords<dev.minternet.routing.bgp.Mp6.Prefix6> w = ruleWords(v, "ipv6 prefix-list", 128,
                (Val x, String t) -> prefix6(x, t), p -> p.length());
        return new BgpConfig.PrefixRule6(w.permit(), w.prefix(), w.ge(), w.le());
    }

    /** How a prefix of one family is read from its text. */
    private interface PrefixText<P> {
        P parse(Val v, String text) throws ScenarioException;
    }

    /** A prefix-list rule's parts: permit or deny, the prefix, and ge and le (0 when absent). */
    private record RuleWords<P>(boolean permit, P prefix, int ge, int le) {
    }

    /**
     * [permit|deny] PREFIX [ge N] [le N], N from the prefix's length to {@code bits}; {@code what}
     * names the list in errors.
     */
    private static <P> RuleWords<P> ruleWords(Val v, String what, int bits, PrefixText<P> text, ToIntFunction<P> length)
            throws ScenarioException {
        String[] tok = v.text().strip().split("\\s+");
        int i = 0;
        boolean permit = true;
        if (tok[0].equals("permit") || tok[0].equals("deny")) {
            permit = tok[0].equals("permit");
            i++;
        }
        if (i >= tok.length) {
            throw v.error("bad " + what + " rule: " + RULE_SYNTAX);
        }
        P p = text.parse(v, tok[i++]);
        int len = length.applyAsInt(p);
        String digits = bits > 99 ? "\\d{1,3}" : "\\d{1,2}";
        int ge = 0;
        int le = 0;
        while (i < tok.length) {
            String k = tok[i];
            if (!(k.equals("ge") || k.equals("le")) || i + 1 >= tok.length || !tok[i + 1].matches(digits)) {
                throw v.error("bad " + what + " rule: " + RULE_SYNTAX);
            }
            int n = Integer.parseInt(tok[i + 1]);
            if (n < len || n > bits) {
                throw v.error("bad " + what + " rule: " + k + " " + n + " must be from " + len + " to " + bits);
            }
            if (k.equals("ge")) {
                ge = n;
            } else {
                le = n;
            }
            i += 2;
        }
        if (ge > 0 && le > 0 && ge > le) {
            throw v.error("bad " + what + " rule: ge " + ge + " is above le " + le);
        }
        return new RuleWords<>(permit, p, ge, le);
    }

    private static Prefix prefix(Val v) throws ScenarioException {
        return prefixText(v, v.text().strip());
    }

    /** An IPv6 prefix of networks6, e.g. 2001:db8:100::/48, without host bits. */
    private static dev.minternet.routing.bgp.Mp6.Prefix6 prefix6(Val v) throws ScenarioException {
        return prefix6(v, v.text().strip());
    }

    private static dev.minternet.routing.bgp.Mp6.Prefix6 prefix6(Val v, String t) throws ScenarioException {
        dev.minternet.wire.Ip6.Cidr c;
        try {
            c = dev.minternet.wire.Ip6.Cidr.parse(t);
        } catch (IllegalArgumentException e) {
            throw v.error("bad IPv6 prefix '" + Yaml.oneLine(t) + "': " + Yaml.oneLine(e.getMessage())
                    + " (e.g. 2001:db8:100::/48)");
        }
        if (!c.address().equals(c.network())) {
            throw v.error("prefix " + t + " has host bits set (did you mean " + c.network() + "/" + c.length() + "?)");
        }
        return new dev.minternet.routing.bgp.Mp6.Prefix6(c.network(), c.length());
    }

    private static Prefix prefixText(Val v, String t) throws ScenarioException {
        Cidr c;
        try {
            c = Cidr.parse(t);
        } catch (IllegalArgumentException e) {
            throw v.error("bad prefix '" + Yaml.oneLine(t) + "': " + Yaml.oneLine(e.getMessage()));
        }
        if (c.address() != c.network()) {
            throw v.error("prefix " + t + " has host bits set (did you mean " + c.networkString() + "?)");
        }
        return new Prefix(c.network(), c.length());
    }

    private static int address(Val v, String what) throws ScenarioException {
        String t = v.text().strip();
        try {
            return Ip4.parse(t);
        } catch (IllegalArgumentException e) {
            throw v.error("bad " + what + " '" + Yaml.oneLine(t) + "': " + Yaml.oneLine(e.getMessage()));
        }
    }

    private static NodeDraft owner(Map<Integer, NodeDraft> world, int addr) {
        return world.get(addr);
    }

    /** Each neighbour's router must list this router back (by one of its addresses). */
    private static void checkMutual(Map<Integer, NodeDraft> world, NodeDraft n) throws ScenarioException {
        List<Val> vals = n.bgpVal.obj(BGP_FIELDS).list("neighbors");
        for (int i = 0; i < n.bgp.neighbors().size(); i++) {
            Neighbor nb = n.bgp.neighbors().get(i);
            NodeDraft peer = owner(world, nb.address());
            boolean back = false;
            for (Neighbor pn : peer.bgp.neighbors()) {
                back |= owner(world, pn.address()) == n;
            }
            if (!back) {
                throw vals.get(i).error("neighbor " + Ip4.str(nb.address()) + " is " + peer.name + ", whose bgp"
                        + " has no neighbor for " + n.name + " (sessions are configured on both ends)");
            }
        }
    }
}
