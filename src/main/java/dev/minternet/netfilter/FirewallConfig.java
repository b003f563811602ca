package dev.minternet.netfilter;

import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Ipv4Packet;
import java.util.List;
import java.util.Locale;

/**
 * A node's stateful firewall (a security group): an ordered rule list whose first match decides,
 * and a policy per direction for packets no rule matches. Packets of flows conntrack already
 * knows (ESTABLISHED) and ICMP errors about them (RELATED) pass before any rule is read, so a rule
 * only ever decides about a flow's first packet.
 */
public record FirewallConfig(Action policyIn, Action policyOut, Action policyForward, List<Rule> rules) {
    public FirewallConfig {
        rules = List.copyOf(rules);
        if (policyIn == Action.REJECT || policyOut == Action.REJECT || policyForward == Action.REJECT) {
            throw new IllegalArgumentException("a policy is allow or deny");
        }
    }

    /** Everything allowed, no rules. */
    public static final FirewallConfig OPEN = new FirewallConfig(Action.ALLOW, Action.ALLOW, Action.ALLOW, List.of());

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
     * -1..-1 for any port.
     */
    public record Rule(Action action, Direction direction, int proto, Cidr from, Cidr to, int portLo, int portHi) {
        public static final int ANY = -1;

        boolean matches(byte[] d, Tuple t) {
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

        /** "tcp", "udp", "icmp" or "all", as iptables -L prints the protocol column. */
        public String protoName() {
            return proto == ANY ? "all" : Ipv4Packet.protocolName(proto);
        }

        /** The match and target options iptables -L prints after the addresses. */
        public String options() {
            StringBuilder b = new StringBuilder();
            if (portLo >= 0) {
                b.append(protoName()).append(portLo == portHi ? " dpt:" + portLo : " dpts:" + portLo + ":" + portHi);
            }
            if (action == Action.REJECT) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append(proto == Ipv4Packet.PROTO_TCP ? "reject-with tcp-reset" : "reject-with icmp-port-unreachable");
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
            if (portLo >= 0) {
                b.append(" port ").append(portLo == portHi ? String.valueOf(portLo) : portLo + "-" + portHi);
            }
            return b.toString();
        }
    }
}
