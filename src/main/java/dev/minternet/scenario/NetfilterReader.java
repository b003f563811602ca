package dev.minternet.scenario;

import dev.minternet.netfilter.CtState;
import dev.minternet.netfilter.FirewallConfig;
import dev.minternet.netfilter.FirewallConfig.Action;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.netfilter.FirewallConfig.Rule;
import dev.minternet.netfilter.NatConfig.PortForward;
import dev.minternet.scenario.Scenario.NodeKind;
import dev.minternet.scenario.Topology.EndDraft;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv4Packet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A node's {@code nat:} and {@code firewall:} (see docs/scenarios.md), read into the netfilter
 * package's configurations. The NAT's outside interface and its forwards' targets are checked once
 * the links have named the node's interfaces ({@link #checkNatOutside}).
 */
final class NetfilterReader {
    private static final String[] NAT_FIELDS = {"outside", "forward"};
    private static final String[] FORWARD_FIELDS = {"proto", "port", "to"};
    private static final String[] FIREWALL_FIELDS = {"policy", "stateful", "rules"};
    private static final String[] POLICY_FIELDS = {"in", "out", "forward"};
    private static final String[] RULE_FIELDS = {"action", "direction", "proto", "port", "from", "to", "state",
        "ctstate"};
    /** The conntrack states a rule may match, as iptables' ctstate names them (lower case). */
    private static final Map<String, CtState> STATE_NAMES = new LinkedHashMap<>();

    static {
        for (CtState s : CtState.values()) {
            STATE_NAMES.put(s.name().toLowerCase(Locale.ROOT), s);
        }
    }

    private static final Pattern PORT_RANGE = Pattern.compile("(\\d{1,5})(?:\\s*-\\s*(\\d{1,5}))?");

    private NetfilterReader() {
    }

    /** {@code nat: {outside: IFACE, forward: [{proto: tcp, port: 443, to: 192.168.1.10:443}]}}. */
    static void readNat(NodeDraft node, Val v) throws ScenarioException {
        Obj o = v.obj(NAT_FIELDS);
        Val outside = o.req("outside", "the interface toward the internet, whose address the inside shares");
        if (!Topology.IFACE.matcher(outside.text().strip()).matches()) {
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
                throw f.error("port " + port + "/" + Ipv4Packet.protocolName(proto)
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
        ANY(Rule.ANY), TCP(6), UDP(17), ICMP(1), ICMPV6(Rule.ICMPV6);

        final int number;

        RuleProto(int number) {
            this.number = number;
        }
    }

    private enum Policy { ALLOW, DENY }

    /** {@code firewall: {policy: {in: deny}, rules: [{action: allow, direction: in, proto: tcp, port: 443}]}}. */
    static FirewallConfig readFirewall(NodeKind kind, Val v) throws ScenarioException {
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
        Set<Direction> stateful = o.opt("stateful", EnumSet.allOf(Direction.class), s -> stateful(kind, s));
        List<Rule> rules = new ArrayList<>();
        for (Val r : o.list("rules")) {
            rules.add(readRule(kind, r));
        }
        return new FirewallConfig(policy[0], policy[1], policy[2], rules, stateful);
    }

    /**
     * {@code stateful: true} (every chain starts with the stateful rule, the default), {@code false}
     * (none does), or a list of the directions whose chains do ({@code [forward]}).
     */
    private static Set<Direction> stateful(NodeKind kind, Val v) throws ScenarioException {
        Set<Direction> out = EnumSet.noneOf(Direction.class);
        if (!(v.node instanceof SequenceNode)) {
            String t = v.text().strip();
            if (!t.equals("true") && !t.equals("false")) {
                throw v.error("expected true, false or a list of directions (in, out, forward), got '"
                        + Yaml.oneLine(t) + "'");
            }
            return t.equals("true") ? EnumSet.allOf(Direction.class) : out;
        }
        for (Val d : v.list()) {
            Direction dir = d.choice(Direction.class);
            if (dir == Direction.FORWARD && kind != NodeKind.ROUTER) {
                throw d.error("a host does not forward; use in or out (forward applies to routers only)");
            }
            if (!out.add(dir)) {
                throw d.error("direction '" + d.text().strip() + "' is listed twice");
            }
        }
        return out;
    }

    /**
     * A rule's {@code state:} (or {@code ctstate:}): conntrack states as a list ({@code [established,
     * related]}) or comma-separated ({@code established,related}), any case.
     */
    private static Set<CtState> states(Obj o) throws ScenarioException {
        Val state = o.opt("state");
        Val ctstate = o.opt("ctstate");
        if (state != null && ctstate != null) {
            throw new ScenarioException(o.keyLoc("ctstate"), ctstate.path, "write 'state' or 'ctstate', not both");
        }
        Val v = state != null ? state : ctstate;
        if (v == null) {
            return Set.of();
        }
        Set<CtState> out = EnumSet.noneOf(CtState.class);
        List<Val> items = v.node instanceof SequenceNode ? v.list() : List.of(v);
        for (Val item : items) {
            for (String name : item.text().split(",", -1)) {
                String n = name.strip().toLowerCase(Locale.ROOT);
                CtState s = STATE_NAMES.get(n);
                if (s == null) {
                    throw item.error((n.isEmpty() ? "empty state" : "unknown state '" + Yaml.oneLine(n) + "'")
                            + " (allowed: " + String.join(", ", STATE_NAMES.keySet()) + ")");
                }
                if (!out.add(s)) {
                    throw item.error("state '" + n + "' is named twice");
                }
            }
        }
        if (out.isEmpty()) {
            throw v.error("no state named (allowed: " + String.join(", ", STATE_NAMES.keySet()) + ")");
        }
        return out;
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
            Matcher m = PORT_RANGE.matcher(p);
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
        Val fromVal = o.opt("from");
        Val toVal = o.opt("to");
        boolean v6 = isIp6(fromVal) || isIp6(toVal);
        if (v6) {
            if (fromVal != null && toVal != null && isIp6(fromVal) != isIp6(toVal)) {
                throw toVal.error("'from' and 'to' must be of one family (IPv4 or IPv6), as a rule is iptables'"
                        + " or ip6tables'");
            }
            Ip6.Cidr from6 = o.opt("from", null, NetfilterReader::ruleCidr6);
            Ip6.Cidr to6 = o.opt("to", null, NetfilterReader::ruleCidr6);
            return new Rule(action, dir, proto.number, null, null, lo, hi, states(o), from6, to6);
        }
        if (proto == RuleProto.ICMPV6 && (fromVal != null || toVal != null)) {
            throw protoVal.error("icmpv6 is IPv6's; an IPv4 address needs proto: icmp");
        }
        Cidr from = o.opt("from", null, NetfilterReader::ruleCidr);
        Cidr to = o.opt("to", null, NetfilterReader::ruleCidr);
        return new Rule(action, dir, proto.number, from, to, lo, hi, states(o));
    }

    private static boolean isIp6(Val v) throws ScenarioException {
        return v != null && v.text().contains(":");
    }

    /** An IPv6 address (one host, /128) or a prefix without host bits. */
    private static Ip6.Cidr ruleCidr6(Val v) throws ScenarioException {
        String t = v.text().strip();
        Ip6.Cidr c;
        try {
            c = t.contains("/") ? Ip6.Cidr.parse(t) : new Ip6.Cidr(Ip6.parse(t), 128);
        } catch (IllegalArgumentException e) {
            throw v.error("bad address or prefix: " + Yaml.oneLine(e.getMessage()) + " (e.g. 2001:db8:151::/48 or"
                    + " 2001:db8::7)");
        }
        if (!c.address().equals(c.network())) {
            throw v.error(t + " has host bits set (did you mean " + c.network() + "/" + c.length() + "?)");
        }
        return c;
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
    static void checkNatOutside(NodeDraft n) throws ScenarioException {
        if (n.natOutsideName != null) {
            return; // chosen by the cloud section, which made the interface
        }
        String name = n.natOutside.text().strip();
        if (!n.ifaces.containsKey(name)) {
            throw n.natOutside.error("no such interface on " + n.name + " (" + Topology.interfaces(n) + ")");
        }
        if (n.ifaces.size() < 2) {
            throw n.natOutside.error(n.name + " has only the outside interface; NAT needs an inside one too");
        }
        EndDraft outside = n.ifaces.get(name);
        if (outside.cidr == null) {
            throw n.natOutside.error(name + " of " + n.name + " gets its address by DHCP; NAT's outside interface"
                    + " needs a static address here");
        }
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

}
