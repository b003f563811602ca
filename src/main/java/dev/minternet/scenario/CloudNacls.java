package dev.minternet.scenario;

import dev.minternet.netfilter.FirewallConfig;
import dev.minternet.netfilter.FirewallConfig.Action;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.netfilter.FirewallConfig.Rule;
import dev.minternet.scenario.CloudSpec.CloudNode;
import dev.minternet.scenario.CloudSpec.Role;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.wire.Ip4.Cidr;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network ACLs of one VPC in the {@code cloud:} section (docs/cloud.md): their rules are
 * checked as they are read, then compiled per subnet into the subnet router's stateless FORWARD
 * chain (numbered rules, lowest first, explicit deny at the end); and the protocol and port
 * fields that security group rules share with them.
 */
final class CloudNacls {
    private static final String[] NACL_RULE_FIELDS = {"rule", "action", "proto", "port", "from", "to"};
    private static final Pattern PORT_RANGE = Pattern.compile("(\\d{1,5})(?:\\s*-\\s*(\\d{1,5}))?");

    enum Proto {
        ALL(Rule.ANY), TCP(6), UDP(17), ICMP(1);

        final int number;

        Proto(int number) {
            this.number = number;
        }
    }

    private enum NaclAction { ALLOW, DENY }

    private final Map<String, Obj> naclVals = new LinkedHashMap<>();

    boolean has(String name) {
        return naclVals.containsKey(name);
    }

    record PortRange(int lo, int hi) {
    }

    static PortRange ports(Obj o, Proto proto) throws ScenarioException {
        Val pv = o.opt("port");
        if (pv == null) {
            return new PortRange(-1, -1);
        }
        if (proto != Proto.TCP && proto != Proto.UDP) {
            throw pv.error("a port needs proto: tcp or proto: udp");
        }
        String p = pv.text().strip();
        Matcher m = PORT_RANGE.matcher(p);
        if (!m.matches()) {
            throw pv.error("bad port '" + Yaml.oneLine(p) + "' (expected a port such as 443 or a range such as"
                    + " 1024-65535)");
        }
        int lo = Integer.parseInt(m.group(1));
        int hi = m.group(2) == null ? lo : Integer.parseInt(m.group(2));
        if (lo < 1 || hi > 65535 || hi < lo) {
            throw pv.error("bad port range " + p + " (1-65535, lower port first)");
        }
        return new PortRange(lo, hi);
    }

    static String what(Proto proto, PortRange pr) {
        String s = proto == Proto.ALL ? "all" : proto.name().toLowerCase(java.util.Locale.ROOT);
        if (pr.lo() >= 0) {
            s += " " + (pr.lo() == pr.hi() ? String.valueOf(pr.lo()) : pr.lo() + "-" + pr.hi());
        }
        return s;
    }

    /** Checks a network ACL's rules; they are compiled per subnet (the subnet's block goes in each rule). */
    void read(Obj no, String name) throws ScenarioException {
        for (String dir : new String[] {"inbound", "outbound"}) {
            Map<Integer, Val> seen = new TreeMap<>();
            for (Val rv : no.list(dir)) {
                Obj ro = rv.obj(NACL_RULE_FIELDS);
                int n = (int) ro.req("rule", "its number, 1-32766; lower numbers are tried first").integer(1, 32766);
                Val first = seen.putIfAbsent(n, rv);
                if (first != null) {
                    throw ro.raw("rule").error("rule " + n + " is already " + dir + " rule on line " + first.loc().line());
                }
                ro.req("action", "allow or deny").choice(NaclAction.class);
                boolean in = dir.equals("inbound");
                if (ro.opt(in ? "to" : "from") != null) {
                    throw new ScenarioException(ro.keyLoc(in ? "to" : "from"), rv.path + "." + (in ? "to" : "from"),
                            "an " + dir + " rule names the " + (in ? "source (from)" : "destination (to)") + " only");
                }
                Proto proto = ro.opt("proto", Proto.ALL, x -> x.choice(Proto.class));
                ports(ro, proto);
                CloudReader.prefix(ro.req(in ? "from" : "to", "a CIDR block such as 0.0.0.0/0"));
            }
        }
        naclVals.put(name, no);
    }

    /** The subnet's network ACL (or the default one, allowing all) as its router's stateless FORWARD chain. */
    CloudNode compile(String vpc, CloudReader.Subnet s, int resolver) throws ScenarioException {
        List<Rule> rules = new ArrayList<>();
        List<String> names = new ArrayList<>();
        rules.add(new Rule(Action.ALLOW, Direction.FORWARD, Rule.ANY, s.cidr, s.cidr, -1, -1));
        names.add("traffic inside subnet " + s.name + " (network ACLs filter only what crosses the subnet's edge)");
        for (Map.Entry<Rule, String> e : s.fabricRules.entrySet()) {
            rules.add(e.getKey());
            names.add(e.getValue());
        }
        if (resolver != 0) {
            // AWS: network ACLs do not filter traffic to and from the Amazon DNS server.
            Cidr r = new Cidr(resolver, 32);
            rules.add(new Rule(Action.ALLOW, Direction.FORWARD, Rule.ANY, null, r, -1, -1));
            names.add("to the VPC resolver " + r.networkString() + " (network ACLs do not filter Amazon DNS)");
            rules.add(new Rule(Action.ALLOW, Direction.FORWARD, Rule.ANY, r, null, -1, -1));
            names.add("from the VPC resolver " + r.networkString() + " (network ACLs do not filter Amazon DNS)");
        }
        String nn = s.nacl == null ? "default network ACL of " + vpc : "network ACL " + s.nacl;
        if (s.nacl != null && !naclVals.containsKey(s.nacl)) {
            Val nv = s.val.obj(CloudReader.SUBNET_FIELDS).raw("nacl");
            throw nv.error("unknown network ACL '" + Yaml.oneLine(s.nacl) + "' (nacls of " + vpc + ": "
                    + (naclVals.isEmpty() ? "none" : String.join(", ", naclVals.keySet())) + ")");
        }
        for (String dir : new String[] {"inbound", "outbound"}) {
            boolean in = dir.equals("inbound");
            TreeMap<Integer, Obj> sorted = new TreeMap<>();
            if (s.nacl == null) {
                sorted.put(100, null);
            } else {
                for (Val rv : naclVals.get(s.nacl).list(dir)) {
                    Obj ro = rv.obj(NACL_RULE_FIELDS);
                    sorted.put((int) ro.raw("rule").integer(1, 32766), ro);
                }
            }
            for (Map.Entry<Integer, Obj> e : sorted.entrySet()) {
                Obj ro = e.getValue();
                Action action = Action.ALLOW;
                Proto proto = Proto.ALL;
                PortRange pr = new PortRange(-1, -1);
                Cidr peer = new Cidr(0, 0);
                if (ro != null) {
                    action = ro.raw("action").choice(NaclAction.class) == NaclAction.ALLOW ? Action.ALLOW : Action.DENY;
                    proto = ro.opt("proto", Proto.ALL, x -> x.choice(Proto.class));
                    pr = ports(ro, proto);
                    peer = CloudReader.prefix(ro.raw(in ? "from" : "to"));
                }
                rules.add(new Rule(action, Direction.FORWARD, proto.number, in ? peer : s.cidr, in ? s.cidr : peer,
                        pr.lo(), pr.hi()));
                names.add(nn + " " + dir + " rule " + e.getKey() + " (" + action.name().toLowerCase(java.util.Locale.ROOT)
                        + " " + what(proto, pr) + " " + (in ? "from " : "to ") + peer.networkString() + ")");
            }
            rules.add(new Rule(Action.DENY, Direction.FORWARD, Rule.ANY, in ? null : s.cidr, in ? s.cidr : null, -1, -1));
            names.add(nn + " " + dir + " rule * (deny all)");
        }
        s.router.firewall = new FirewallConfig(Action.ALLOW, Action.ALLOW, Action.DENY, rules,
                EnumSet.noneOf(Direction.class));
        return new CloudNode(Role.SUBNET, "subnet " + s.name + " of vpc " + vpc + " ("
                + s.cidr.networkString() + ", " + s.zone + ", " + nn + ")", names,
                "no route table entry or network ACL rule covers it");
    }
}
