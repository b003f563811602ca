package dev.minternet.netfilter;

import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv4Packet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A node's stateful firewall (a security group): an ordered rule list whose first match decides,
 * and a policy per direction for packets no rule matches. Each chain in {@code stateful} starts
 * with the stateful rule ({@link Rule#established}: {@code -m conntrack --ctstate
 * RELATED,ESTABLISHED -j ACCEPT}), so by default a written rule only ever decides about a flow's
 * first packet. A chain whose written rules already say something about ESTABLISHED packets (a
 * {@code state} match naming it) gets no implicit one: those rules place it themselves.
 *
 * @param rules the rules as written, every chain's, in order; {@link #chain} adds the stateful rule
 * @param stateful the chains that start with the implicit stateful rule (all three by default)
 */
public record FirewallConfig(Action policyIn, Action policyOut, Action policyForward, List<Rule> rules,
                             Set<Direction> stateful) {
    public FirewallConfig {
        rules = List.copyOf(rules);
        stateful = Collections.unmodifiableSet(stateful.isEmpty() ? EnumSet.noneOf(Direction.class) : EnumSet.copyOf(stateful));
        if (policyIn == Action.REJECT || policyOut == Action.REJECT || policyForward == Action.REJECT) {
            throw new IllegalArgumentException("a policy is allow or deny");
        }
    }

    /** The usual firewall: the stateful rule first in every chain. */
    public FirewallConfig(Action policyIn, Action policyOut, Action policyForward, List<Rule> rules) {
        this(policyIn, policyOut, policyForward, rules, EnumSet.allOf(Direction.class));
    }

    /** Everything allowed, no rules. */
    public static final FirewallConfig OPEN = new FirewallConfig(Action.ALLOW, Action.ALLOW, Action.ALLOW, List.of());

    /** The policy of chain {@code d}. */
    public Action policy(Direction d) {
        return switch (d) {
            case IN -> policyIn;
            case OUT -> policyOut;
            case FORWARD -> policyForward;
        };
    }

    /**
     * The rules of chain {@code d} in the order they are tried: the implicit stateful rule first
     * when the chain has one (see the class comment), then the written rules of that direction.
     */
    public List<Rule> chain(Direction d) {
        return chain(d, 0);
    }

    /** {@link #chain(Direction)} of one family: 4 (iptables), 6 (ip6tables), or 0 for every rule. */
    public List<Rule> chain(Direction d, int family) {
        List<Rule> out = new ArrayList<>();
        boolean placed = false;
        for (Rule r : rules) {
            if (r.direction() == d && (family != 4 || r.appliesTo4()) && (family != 6 || r.appliesTo6())) {
                out.add(r);
                placed |= r.names(CtState.ESTABLISHED);
            }
        }
        if (stateful.contains(d) && !placed) {
            out.add(0, Rule.established(d));
        }
        return out;
    }

    /** What happens to a matching packet. */
    public enum Action {
        /** Let it pass (iptables ACCEPT). */
        ALLOW,
        /** Drop it silently (iptables DROP): a SYN simply vanishes and the client times out. */
        DENY,
        /**
         * Drop it and tell the sender (iptables REJECT): a TCP segment is answered with a RST,
         * anything else with ICMP port unreachable (iptables' default reject-with). Only packets
         * arriving at or crossing the node are answered; a rejected outgoing packet is dropped.
         */
        REJECT;

        public String target() {
            return switch (this) {
                case ALLOW -> "ACCEPT";
                case DENY -> "DROP";
                case REJECT -> "REJECT";
            };
        }
    }

    /** Which traffic a rule looks at, as iptables' built-in chains split it. */
    public enum Direction {
        /** To this node (INPUT). */
        IN,
        /** From this node (OUTPUT). */
        OUT,
        /** Through this node, a router (FORWARD). */
        FORWARD;

        public String chain() {
            return switch (this) {
                case IN -> "INPUT";
                case OUT -> "OUTPUT";
                case FORWARD -> "FORWARD";
            };
        }
    }

    /**
     * One rule. {@code proto} is an IP protocol number or {@link #ANY}; {@code from} and {@code to}
     * are null for any address; {@code portLo..portHi} is a destination port range (TCP, UDP) or
     * -1..-1 for any port; {@code states} is the set of conntrack states the packet must be in
     * (iptables' {@code -m conntrack --ctstate}), empty for any state. {@code from6} and {@code to6}
     * are the IPv6 prefixes of a rule about IPv6 (ip6tables'), null for any address. A rule with an
     * IPv4 address is iptables' only, a rule with an IPv6 prefix (or {@code proto: icmpv6}) ip6tables' only, a rule with no address
     * both, as iptables and ip6tables configured alike.
     */
    public record Rule(Action action, Direction direction, int proto, Cidr from, Cidr to, int portLo, int portHi,
                       Set<CtState> states, Ip6.Cidr from6, Ip6.Cidr to6) {
        public static final int ANY = -1;
        /** The order in which iptables prints a ctstate list (libxt_conntrack's print_state). */
        private static final CtState[] PRINT_ORDER = {CtState.INVALID, CtState.NEW, CtState.RELATED,
            CtState.ESTABLISHED, CtState.UNTRACKED};

        /** IPv6's ICMP (next header 58), {@code proto: icmpv6}: a rule about IPv6 only. */
        public static final int ICMPV6 = 58;

        public Rule {
            states = Collections.unmodifiableSet(states.isEmpty() ? EnumSet.noneOf(CtState.class) : EnumSet.copyOf(states));
            if ((from != null || to != null) && (from6 != null || to6 != null || proto == ICMPV6)) {
                throw new IllegalArgumentException("a rule is about IPv4 or IPv6, not both");
            }
        }

        /** A rule about IPv4 addresses (or none). */
        public Rule(Action action, Direction direction, int proto, Cidr from, Cidr to, int portLo, int portHi,
                    Set<CtState> states) {
            this(action, direction, proto, from, to, portLo, portHi, states, null, null);
        }

        /** A rule that matches packets in any conntrack state. */
        public Rule(Action action, Direction direction, int proto, Cidr from, Cidr to, int portLo, int portHi) {
            this(action, direction, proto, from, to, portLo, portHi, Set.of());
        }

        /** The stateful rule: packets of known flows and the ICMP errors about them are accepted. */
        public static Rule established(Direction d) {
            return new Rule(Action.ALLOW, d, ANY, null, null, -1, -1, EnumSet.of(CtState.RELATED, CtState.ESTABLISHED));
        }

        /** Whether the rule is one of iptables' (IPv4): no IPv6 prefix, not {@code icmpv6}. */
        public boolean appliesTo4() {
            return from6 == null && to6 == null && proto != ICMPV6;
        }

        /**
         * Whether the rule is one of ip6tables' (IPv6): no IPv4 address. Its {@code proto: icmp}
         * matches ICMPv6 there (see {@link #protoMatches6}).
         */
        public boolean appliesTo6() {
            return from == null && to == null;
        }

        /** Whether IPv6 next header {@code next} is this rule's protocol: icmp and icmpv6 both mean ICMPv6. */
        boolean protoMatches6(int next) {
            return proto == ANY || proto == next || proto == Ipv4Packet.PROTO_ICMP && next == ICMPV6;
        }

        /** Whether this rule's state match names {@code s}. */
        public boolean names(CtState s) {
            return states.contains(s);
        }

        /**
         * Whether this is an ACCEPT of later packets only (a state match of ESTABLISHED and/or
         * RELATED, nothing else): its matches are not traced one by one, the flow's first packet
         * had the verdict.
         */
        boolean passesKnownFlows() {
            return action == Action.ALLOW && !states.isEmpty() && proto == ANY && from == null && to == null
                    && from6 == null && to6 == null && portLo < 0 && EnumSet.of(CtState.ESTABLISHED, CtState.RELATED).containsAll(states);
        }

        boolean matches(byte[] d, Tuple t, CtState state) {
            if (!states.isEmpty() && !states.contains(state)) {
                return false;
            }
            if (proto != ANY && Ipv4Packet.protocol(d, 0) != proto) {
                return false;
            }
            if (from != null && !from.contains(Ipv4Packet.src(d, 0))) {
                return false;
            }
            if (to != null && !to.contains(Ipv4Packet.dst(d, 0))) {
                return false;
            }
            if (portLo >= 0) {
                if (t == null || (t.proto() != Ipv4Packet.PROTO_TCP && t.proto() != Ipv4Packet.PROTO_UDP)) {
                    return false;
                }
                return t.dstPort() >= portLo && t.dstPort() <= portHi;
            }
            return true;
        }

        /**
         * Whether a packet described by its fields matches, as {@link #matches(byte[], Tuple, CtState)}
         * decides for the packet itself: {@code dstPort} is ignored unless {@code proto} is TCP or UDP.
         */
        public boolean matches(int pktProto, int src, int dst, int dstPort, CtState state) {
            if (!states.isEmpty() && !states.contains(state)) {
                return false;
            }
            if (proto != ANY && pktProto != proto) {
                return false;
            }
            if (from != null && !from.contains(src)) {
                return false;
            }
            if (to != null && !to.contains(dst)) {
                return false;
            }
            if (portLo >= 0) {
                if (pktProto != Ipv4Packet.PROTO_TCP && pktProto != Ipv4Packet.PROTO_UDP) {
                    return false;
                }
                return dstPort >= portLo && dstPort <= portHi;
            }
            return true;
        }

        /** "tcp", "udp", "icmp" or "all", as iptables -L prints the protocol column. */
        public String protoName() {
            return proto == ANY ? "all" : proto == ICMPV6 ? "ipv6-icmp" : Ipv4Packet.protocolName(proto);
        }

        /**
         * The protocol column of {@code family}'s listing (4: iptables, 6: ip6tables): for ip6tables
         * {@code icmp} and {@code icmpv6} are both ICMPv6, which /etc/protocols names {@code ipv6-icmp}.
         */
        public String protoName(int family) {
            return family == 6 && proto == Ipv4Packet.PROTO_ICMP ? "ipv6-icmp" : protoName();
        }

        /** The REJECT's answer as iptables (4) or ip6tables (6) names it: TCP's RST, else port unreachable. */
        public String rejectWith(int family) {
            return proto == Ipv4Packet.PROTO_TCP ? "tcp-reset"
                    : family == 6 ? "icmp6-port-unreachable" : "icmp-port-unreachable";
        }

        /** The match and target options iptables -L prints after the addresses. */
        public String options() {
            return options(4);
        }

        /** The match and target options iptables (4) or ip6tables (6) -L prints after the addresses. */
        public String options(int family) {
            StringBuilder b = new StringBuilder();
            if (portLo >= 0) {
                b.append(protoName()).append(portLo == portHi ? " dpt:" + portLo : " dpts:" + portLo + ":" + portHi);
            }
            if (!states.isEmpty()) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append("ctstate ").append(stateList(","));
            }
            if (action == Action.REJECT) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append("reject-with ").append(rejectWith(family));
            }
            return b.toString();
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(action.name().toLowerCase(Locale.ROOT)).append(' ')
                    .append(direction.name().toLowerCase(Locale.ROOT)).append(' ').append(protoName());
            if (from != null) {
                b.append(" from ").append(from.networkString());
            }
            if (to != null) {
                b.append(" to ").append(to.networkString());
            }
            if (from6 != null) {
                b.append(" from ").append(from6.network()).append('/').append(from6.length());
            }
            if (to6 != null) {
                b.append(" to ").append(to6.network()).append('/').append(to6.length());
            }
            if (portLo >= 0) {
                b.append(" port ").append(portLo == portHi ? String.valueOf(portLo) : portLo + "-" + portHi);
            }
            if (!states.isEmpty()) {
                b.append(" state ").append(stateList(",").toLowerCase(Locale.ROOT));
            }
            return b.toString();
        }

        /** The states in iptables' order, upper case, joined by {@code sep}: {@code RELATED,ESTABLISHED}. */
        public String stateList(String sep) {
            StringBuilder b = new StringBuilder();
            for (CtState s : PRINT_ORDER) {
                if (states.contains(s)) {
                    b.append(b.length() > 0 ? sep : "").append(s.name());
                }
            }
            return b.toString();
        }
    }
}
