package dev.minternet.tools;

import dev.minternet.netfilter.Firewall;
import dev.minternet.netfilter.FirewallConfig.Action;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.netfilter.FirewallConfig.Rule;
import dev.minternet.netfilter.Nat;
import dev.minternet.netfilter.NatConfig.PortForward;
import dev.minternet.netfilter.Netfilter;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;

/**
 * {@code iptables -S}: a table's policies and rules as iptables-save specifications, in the
 * order iptables prints a rule's parts (addresses, interfaces, protocol, matches, target).
 */
final class IptablesSpecs {
    private IptablesSpecs() {
    }

    static void print(Netfilter nf, boolean natTable, Terminal term) {
        if (natTable) {
            printNat(nf == null ? null : nf.nat(), term);
            return;
        }
        Firewall fw = nf == null ? null : nf.firewall();
        Direction[] order = {Direction.IN, Direction.FORWARD, Direction.OUT};
        for (Direction d : order) {
            term.println("-P " + d.chain() + " " + (fw == null ? "ACCEPT" : fw.policy(d).target()));
        }
        if (fw == null) {
            return;
        }
        for (Direction d : order) {
            for (Firewall.Entry e : fw.chain(d)) {
                term.println(spec(e.rule()));
            }
        }
    }

    /** One filter rule: {@code -A INPUT -s 10.0.0.0/8 -p udp -m udp --dport 5000:5010 -j REJECT ...}. */
    static String spec(Rule r) {
        StringBuilder b = new StringBuilder("-A ").append(r.direction().chain());
        if (r.from() != null) {
            b.append(" -s ").append(r.from().networkString());
        }
        if (r.to() != null) {
            b.append(" -d ").append(r.to().networkString());
        }
        if (r.proto() != Rule.ANY) {
            b.append(" -p ").append(r.protoName());
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
            b.append(" --reject-with ").append(r.proto() == Ipv4Packet.PROTO_TCP ? "tcp-reset" : "icmp-port-unreachable");
        }
        return b.toString();
    }

    private static void printNat(Nat nat, Terminal term) {
        for (String chain : new String[] {"PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"}) {
            term.println("-P " + chain + " ACCEPT");
        }
        if (nat == null) {
            return;
        }
        for (PortForward p : nat.config().forwards()) {
            String proto = Ipv4Packet.protocolName(p.proto());
            term.println("-A PREROUTING -d " + Ip4.str(nat.outside().address()) + "/32 -i " + nat.outside().name()
                    + " -p " + proto + " -m " + proto + " --dport " + p.port() + " -j DNAT --to-destination "
                    + Ip4.str(p.toAddr()) + ":" + p.toPort());
        }
        term.println("-A POSTROUTING -o " + nat.outside().name() + " -j MASQUERADE");
    }
}
