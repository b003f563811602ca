package dev.minternet.tools;

import dev.minternet.netfilter.Firewall;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.netfilter.FirewallConfig.Rule;
import dev.minternet.netfilter.Nat;
import dev.minternet.netfilter.NatConfig.PortForward;
import dev.minternet.netfilter.Netfilter;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Ipv4Packet;
import java.util.List;

/**
 * {@code iptables -L}: the node's firewall (filter table) or NAT (nat table) as iptables lists
 * them, with packet and byte counters under {@code -v}. The firewall's stateful rule ({@code -m
 * conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT}) is listed where the chain has it, first by
 * default. {@code -S} prints the same rules as iptables-save specifications ({@code -P INPUT
 * DROP}, {@code -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT}). Options: -L, -S, -v, -n, -x, -t
 * filter|nat.
 */
public final class Iptables implements Tool {
    @Override
    public String name() {
        return "iptables";
    }

    @Override
    public String synopsis() {
        return "iptables [-t filter|nat] -L [-v] [-n] [-x] | -S";
    }

    @Override
    public void validate(List<String> argv) {
        String problem = problem(new Args(argv, "t", "LSvnx"));
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** What is wrong with the command line, or null. */
    private static String problem(Args a) {
        String table = a.str('t', "filter");
        if (!table.equals("filter") && !table.equals("nat")) {
            return "table '" + table + "' does not exist";
        }
        if (a.has('L') && a.has('S')) {
            return "Illegal option `-S' with this command";
        }
        if (!(a.has('L') || a.has('S')) || !a.operands.isEmpty()) {
            return "only listing (-L, -S) is available";
        }
        return null;
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        Args a;
        try {
            a = new Args(argv, "t", "LSvnx");
        } catch (IllegalArgumentException e) {
            term.println("iptables v1.8.9 (nf_tables): " + e.getMessage());
            term.exit(2);
            return;
        }
        String problem = problem(a);
        if (problem != null) {
            term.println("iptables v1.8.9 (nf_tables): " + problem);
            term.println("Try `iptables -h' or 'iptables --help' for more information.");
            term.exit(2);
            return;
        }
        String table = a.str('t', "filter");
        Format f = new Format(a.has('v'), a.has('n'), a.has('x'));
        Netfilter nf = Netfilter.of(node.ip());
        if (a.has('S')) {
            IptablesSpecs.print(nf, table.equals("nat"), term);
        } else if (table.equals("nat")) {
            listNat(nf == null ? null : nf.nat(), f, term);
        } else {
            listFilter(nf == null ? null : nf.firewall(), f, term);
        }
        term.exit(0);
    }

    private record Format(boolean verbose, boolean numeric, boolean exact) {
        String num(long n) {
            if (exact || n <= 99999) {
                return Long.toString(n);
            }
            // iptables' print_num: K, M, G, T with rounding, once a count outgrows five digits.
            String[] units = {"K", "M", "G", "T"};
            int u = -1;
            while (n > 99999 && u < units.length - 1) {
                n = (n + 500) / 1000;
                u++;
            }
            return n + units[u];
        }

        String addr(Cidr c) {
            if (c == null || c.length() == 0) {
                return numeric ? "0.0.0.0/0" : "anywhere";
            }
            return c.length() == 32 ? Ip4.str(c.address()) : c.networkString(); // iptables drops a host's /32
        }

        void header(Terminal term, String chain, String policy, long packets, long bytes) {
            term.println("Chain " + chain + " (policy " + policy
                    + (verbose ? " " + num(packets) + " packets, " + num(bytes) + " bytes)" : ")"));
            term.println(verbose
                    ? String.format("%5s %5s %-10s %-4s %-3s %-6s %-7s %-20s %-20s", "pkts", "bytes", "target", "prot",
                    "opt", "in", "out", "source", "destination").stripTrailing()
                    : String.format("%-10s %-4s %-3s %-20s %-20s", "target", "prot", "opt", "source", "destination")
                    .stripTrailing());
        }

        /** An interface column: its name, or any interface ({@code *} with -n, {@code any} without). */
        String iface(String name) {
            return name != null ? name : numeric ? "*" : "any";
        }

        void row(Terminal term, long packets, long bytes, String target, String prot, String inName, String outName,
                 String src, String dst, String options) {
            String in = iface(inName);
            String out = iface(outName);
            String line = verbose
                    ? String.format("%5s %5s %-10s %-4s %-3s %-6s %-7s %-20s %-20s %s", num(packets), num(bytes), target,
                    prot, "--", in, out, src, dst, options)
                    : String.format("%-10s %-4s %-3s %-20s %-20s %s", target, prot, "--", src, dst, options);
            term.println(line.stripTrailing());
        }
    }

    private static void listFilter(Firewall fw, Format f, Terminal term) {
        boolean first = true;
        for (Direction d : new Direction[] {Direction.IN, Direction.FORWARD, Direction.OUT}) {
            if (!first) {
                term.println("");
            }
            first = false;
            if (fw == null) {
                f.header(term, d.chain(), "ACCEPT", 0, 0);
                continue;
            }
            Firewall.Counter p = fw.policyCounter(d);
            f.header(term, d.chain(), fw.policy(d).target(), p.packets(), p.bytes());
            for (Firewall.Entry e : fw.chain(d)) {
                Rule r = e.rule();
                Firewall.Counter c = e.counter();
                f.row(term, c.packets(), c.bytes(), r.action().target(), r.protoName(), null, null, f.addr(r.from()),
                        f.addr(r.to()), r.options());
            }
        }
    }

    private static void listNat(Nat nat, Format f, Terminal term) {
        f.header(term, "PREROUTING", "ACCEPT", 0, 0);
        if (nat != null) {
            List<PortForward> fw = nat.config().forwards();
            for (int i = 0; i < fw.size(); i++) {
                PortForward p = fw.get(i);
                Firewall.Counter c = nat.forwardCounter(i);
                String proto = Ipv4Packet.protocolName(p.proto());
                f.row(term, c.packets(), c.bytes(), "DNAT", proto, nat.outside().name(), null, f.addr(null),
                        f.addr(new Cidr(nat.outside().address(), 32)), proto + " dpt:" + p.port() + " to:"
                        + Ip4.str(p.toAddr()) + ":" + p.toPort());
            }
        }
        term.println("");
        f.header(term, "POSTROUTING", "ACCEPT", 0, 0);
        if (nat != null) {
            Firewall.Counter c = nat.masqueradeCounter();
            f.row(term, c.packets(), c.bytes(), "MASQUERADE", "all", null, nat.outside().name(), f.addr(null),
                    f.addr(null), "");
        }
    }
}
