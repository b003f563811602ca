package dev.minternet.tools;

import dev.minternet.netfilter.FilterChains;
import dev.minternet.netfilter.Firewall;
import dev.minternet.netfilter.Firewall6;
import dev.minternet.netfilter.FirewallConfig.Action;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.netfilter.FirewallConfig.Rule;
import dev.minternet.netfilter.Nat;
import dev.minternet.netfilter.NatConfig.PortForward;
import dev.minternet.netfilter.Netfilter;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;

/**
 * {@code iptables -S} and {@code ip6tables -S}: a table's policies and rules as iptables-save specifications, in the
 * order iptables prints a rule's parts (addresses, interfaces, protocol, matches, target).
 */
final class IptablesSpecs {
    private IptablesSpecs() {
    }

    static void print(Netfilter nf, boolean natTable, String chain, Terminal term) {
        if (natTable) {
            printNat(nf == null ? null : nf.nat(), chain, term);
        } else {
            printFilter(nf == null ? null : nf.firewall(), 4, chain, term);
        }
    }

    /** ip6tables -S: the IPv6 rules of firewall {@code fw} (null: none); the nat table is empty. */
    static void print6(Firewall6 fw, boolean natTable, String chain, Terminal term) {
        if (natTable) {
            printNat(null, chain, term);
        } else {
            printFilter(fw, 6, chain, term);
        }
    }

    private static final Direction[] ORDER = {Direction.IN, Direction.FORWARD, Direction.OUT};

    private static boolean shown(String chain, String name) {
        return chain == null || chain.equals(name);
    }

    /** The filter table's policies, then its rules, as {@code family}'s -S writes them (fw null: policies ACCEPT, no rules). */
    private static void printFilter(FilterChains fw, int family, String chain, Terminal term) {
        for (Direction d : ORDER) {
            if (shown(chain, d.chain())) {
                term.println("-P " + d.chain() + " " + (fw == null ? "ACCEPT" : fw.policy(d).target()));
            }
        }
        if (fw == null) {
            return;
        }
        for (Direction d : ORDER) {
            if (shown(chain, d.chain())) {
                for (Firewall.Entry e : fw.chain(d)) {
                    term.println(spec(e.rule(), family));
                }
            }
        }
    }

    /**
     * One filter rule ({@code -A INPUT -s 10.0.0.0/8 -p udp -m udp --dport 5000:5010 -j REJECT ...}) as iptables (4) or ip6tables (6) prints it: ip6tables' addresses always
     * with their length ({@code -d 2001:db8::80/128}), ICMP as {@code -p ipv6-icmp}.
     */
    static String spec(Rule r, int family) {
        StringBuilder b = new StringBuilder("-A ").append(r.direction().chain());
        if (family == 6) {
            if (r.from6() != null) {
                b.append(" -s ").append(r.from6().networkString());
            }
            if (r.to6() != null) {
                b.append(" -d ").append(r.to6().networkString());
            }
        } else {
            if (r.from() != null) {
                b.append(" -s ").append(r.from().networkString());
            }
            if (r.to() != null) {
                b.append(" -d ").append(r.to().networkString());
            }
        }
        if (r.proto() != Rule.ANY) {
            b.append(" -p ").append(r.protoName(family));
        }
        if (r.portLo() >= 0) {
            b.append(" -m ").append(r.protoName()).append(" --dport ").append(r.portLo());
            if (r.portHi() != r.portLo()) {
                b.append(':').append(r.portHi());
            }
        }
        if (!r.states().isEmpty()) {
            b.append(" -m conntrack --ctstate ").append(r.stateList(","));
        }
        b.append(" -j ").append(r.action().target());
        if (r.action() == Action.REJECT) {
            b.append(" --reject-with ").append(r.rejectWith(family));
        }
        return b.toString();
    }

    private static void printNat(Nat nat, String chain, Terminal term) {
        for (String c : new String[] {"PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"}) {
            if (shown(chain, c)) {
                term.println("-P " + c + " ACCEPT");
            }
        }
        if (nat == null) {
            return;
        }
        if (shown(chain, "PREROUTING")) {
            for (PortForward p : nat.config().forwards()) {
                String proto = Ipv4Packet.protocolName(p.proto());
                term.println("-A PREROUTING -d " + Ip4.str(nat.outside().address()) + "/32 -i " + nat.outside().name()
                        + " -p " + proto + " -m " + proto + " --dport " + p.port() + " -j DNAT --to-destination "
                        + Ip4.str(p.toAddr()) + ":" + p.toPort());
            }
        }
        if (shown(chain, "POSTROUTING")) {
            term.println("-A POSTROUTING -o " + nat.outside().name() + " -j MASQUERADE");
        }
    }
}
