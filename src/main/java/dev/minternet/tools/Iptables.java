package dev.minternet.tools;

import dev.minternet.ip6.Ip6Stack;
import dev.minternet.netfilter.FilterChains;
import dev.minternet.netfilter.Firewall;
import dev.minternet.netfilter.Firewall6;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.netfilter.FirewallConfig.Rule;
import dev.minternet.netfilter.Nat;
import dev.minternet.netfilter.NatConfig.PortForward;
import dev.minternet.netfilter.Netfilter;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv4Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code iptables -L} and {@code ip6tables -L}: the node's firewall (filter table) or NAT (nat
 * table) as iptables 1.8 lists them, with packet and byte counters under {@code -v} and rule
 * numbers under {@code --line-numbers}. iptables shows the firewall's rules that apply to IPv4
 * ({@link Firewall}), ip6tables those that apply to IPv6 ({@link Firewall6}: its own counters,
 * {@code ::/0} for any address, {@code ipv6-icmp}); IPv6 is never translated, so ip6tables' nat
 * table is empty. The firewall's stateful rule ({@code -m conntrack --ctstate RELATED,ESTABLISHED
 * -j ACCEPT}) is listed where the chain has it, first by default. {@code -S} prints the same rules
 * as iptables-save specifications ({@code -P INPUT DROP}, {@code -A INPUT -p tcp -m tcp --dport
 * 22 -j ACCEPT}). Options: -L [CHAIN], -S [CHAIN], -v, -n, -x, --line-numbers, -t filter|nat
 * (mangle, raw and security list their built-in chains, empty: nothing puts rules there) (and the long forms --list, --list-rules, --verbose, --numeric, --exact, --table). Rules are
 * the scenario's: nothing changes them at run time (-A, -I, -D, -P, -F are refused).
 */
public final class Iptables implements Tool {
    private static final String[] FILTER_CHAINS = {"INPUT", "FORWARD", "OUTPUT"};
    private static final String[] NAT_CHAINS = {"PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"};
    /** The tables the simulator has no rules in: their built-in chains, empty, policy ACCEPT. */
    private static final java.util.Map<String, String[]> EMPTY_TABLES = java.util.Map.of(
            "mangle", new String[] {"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"},
            "raw", new String[] {"PREROUTING", "OUTPUT"},
            "security", new String[] {"INPUT", "FORWARD", "OUTPUT"});

    /** 4 for iptables, 6 for ip6tables. */
    private final int family;

    /** iptables. */
    public Iptables() {
        this(4);
    }

    /** iptables (4) or ip6tables (6). */
    public Iptables(int family) {
        if (family != 4 && family != 6) {
            throw new IllegalArgumentException("family 4 or 6");
        }
        this.family = family;
    }

    @Override
    public String name() {
        return family == 6 ? "ip6tables" : "iptables";
    }

    @Override
    public String synopsis() {
        return name() + " [-t filter|nat|mangle|raw|security] -L [CHAIN] [-v] [-n] [-x] [--line-numbers] | -S [CHAIN]";
    }

    /** A command line: the short options parsed by {@link Args}, {@code --line-numbers} apart. */
    private record Line(Args args, boolean lineNumbers) {
        static Line parse(List<String> argv) {
            List<String> shortForm = new ArrayList<>();
            boolean lineNumbers = false;
            for (String a : argv) {
                String opt = a.startsWith("--") && a.length() > 2 ? a.substring(2) : null;
                if (opt == null) {
                    int at = a.startsWith("-") && !a.startsWith("--") ? indexOfListing(a) : -1;
                    if (at > 0 && at + 1 < a.length()) {
                        shortForm.add(a.substring(0, at + 1)); // -L and -S take an optional argument (L::): "-Ly" lists chain y
                        shortForm.add(a.substring(at + 1));
                    } else {
                        shortForm.add(a);
                    }
                    continue;
                }
                int eq = opt.indexOf('=');
                String name = eq < 0 ? opt : opt.substring(0, eq);
                String value = eq < 0 ? null : opt.substring(eq + 1);
                String letter = switch (name) {
                    case "list" -> "-L";
                    case "list-rules" -> "-S";
                    case "verbose" -> "-v";
                    case "numeric" -> "-n";
                    case "exact" -> "-x";
                    case "table" -> "-t";
                    case "line-numbers" -> "";
                    default -> throw new IllegalArgumentException("unknown option \"" + a + "\"");
                };
                if (letter.isEmpty()) {
                    lineNumbers = true;
                } else {
                    shortForm.add(letter);
                    if (value != null) {
                        shortForm.add(value);
                    }
                }
            }
            return new Line(new Args(shortForm, "t", "LSvnx"), lineNumbers);
        }

        /** Where -L or -S sits in a cluster of short options, or -1 (a -t value before it ends the search). */
        private static int indexOfListing(String w) {
            for (int i = 1; i < w.length(); i++) {
                char c = w.charAt(i);
                if (c == 'L' || c == 'S') {
                    return i;
                }
                if (c == 't') {
                    return -1;
                }
            }
            return -1;
        }

        String table() {
            return args.str('t', "filter");
        }

        /** The one chain named after -L or -S, or null for all. */
        String chain() {
            return args.operands.isEmpty() ? null : args.operands.get(0);
        }
    }

    /** The word holding a bad option letter, as iptables quotes it (argv[optind-1]). */
    private static String badWord(List<String> argv, char option) {
        for (String w : argv) {
            if (w.startsWith("-") && !w.startsWith("--") && w.indexOf(option) > 0) {
                return w;
            }
        }
        return "-" + option;
    }

    @Override
    public void validate(List<String> argv) {
        if (changes(argv)) {
            throw new IllegalArgumentException("only listing (-L, -S) is available");
        }
        String missing = noTable(Line.parse(argv));
        if (missing != null) {
            throw new IllegalArgumentException(missing);
        }
        String problem = problem(Line.parse(argv));
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** What is wrong with the command line, or null. */
    private static String problem(Line line) {
        Args a = line.args;
        if (a.has('L') && a.has('S')) {
            return "Illegal option `-S' with this command";
        }
        if (!(a.has('L') || a.has('S'))) {
            return "no command specified";
        }
        if (a.operands.size() > 1) {
            return "only listing (-L, -S) is available";
        }
        return null;
    }

    /** A table iptables does not know: status 3 (OTHER_PROBLEM) with the kernel hint, or null. */
    private static String noTable(Line line) {
        String table = line.table();
        return table.equals("filter") || table.equals("nat") || EMPTY_TABLES.containsKey(table) ? null
                : "table '" + table + "' does not exist\nPerhaps iptables or your kernel needs to be upgraded.";
    }

    /** Whether the line changes the rules (append, insert, delete, flush, policy, chains): not modelled. */
    private static boolean changes(List<String> argv) {
        for (String w : argv) {
            if (w.matches("-[A-Za-z]*[ACDIRFZNXPE][A-Za-z]*") || List.of("--append", "--check", "--delete", "--insert", "--replace",
                    "--flush", "--zero", "--new-chain", "--delete-chain", "--policy", "--rename-chain").contains(w)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        String version = name() + " v1.8.9 (nf_tables): ";
        String tryHelp = "Try `" + name() + " -h' or '" + name() + " --help' for more information.";
        if (changes(argv)) {
            term.println(version + "only listing (-L, -S) is available"); // the simulator's words: rules come from the scenario
            term.println(tryHelp);
            term.exit(2);
            return;
        }
        Line line;
        try {
            line = Line.parse(argv);
        } catch (Args.BadOption e) {
            term.println(version + "unknown option \"" + badWord(argv, e.option) + "\""); // do_parse's words for getopt's '?'
            term.println(tryHelp);
            term.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            term.println(version + e.getMessage());
            if (e.getMessage().startsWith("unknown option")) {
                term.println(tryHelp);
            }
            term.exit(2);
            return;
        }
        String missing = noTable(line);
        if (missing != null) {
            for (String l : (version + missing).split("\n")) {
                term.println(l);
            }
            term.exit(3);
            return;
        }
        String problem = problem(line);
        if (problem != null) {
            term.println(version + problem);
            term.println("Try `" + name() + " -h' or '" + name() + " --help' for more information.");
            term.exit(2);
            return;
        }
        boolean nat = line.table().equals("nat");
        String chain = line.chain();
        String[] empty = EMPTY_TABLES.get(line.table());
        if (chain != null && !List.of(empty != null ? empty : nat ? NAT_CHAINS : FILTER_CHAINS).contains(chain)) {
            // iptables-nft's words for a chain the table does not have
            term.println(version + "chain `" + chain + "' in table `" + line.table() + "' is incompatible, use 'nft' tool.");
            term.exit(1);
            return;
        }
        Args a = line.args;
        Format f = new Format(family, a.has('v'), a.has('n'), a.has('x'), line.lineNumbers);
        if (empty != null) {
            // mangle, raw, security: nothing in the simulator puts rules there
            if (a.has('S')) {
                for (String c : empty) {
                    if (chain == null || chain.equals(c)) {
                        term.println("-P " + c + " ACCEPT");
                    }
                }
            } else {
                listEmpty(empty, chain, f, term);
            }
            term.exit(0);
            return;
        }
        Netfilter nf = Netfilter.of(node.ip());
        if (family == 6) {
            Ip6Stack ip6 = node.ip6IfMade();
            Firewall6 fw6 = ip6 != null && ip6.filter() instanceof Firewall6 x ? x : null;
            if (a.has('S')) {
                IptablesSpecs.print6(fw6, nat, chain, term);
            } else if (nat) {
                listEmpty(NAT_CHAINS, chain, f, term); // IPv6 needs no NAT: ip6tables' nat table is empty
            } else {
                listFilter(fw6, chain, f, term);
            }
        } else if (a.has('S')) {
            IptablesSpecs.print(nf, nat, chain, term);
        } else if (nat) {
            listNat(nf == null ? null : nf.nat(), chain, f, term);
        } else {
            listFilter(nf == null ? null : nf.firewall(), chain, f, term);
        }
        term.exit(0);
    }

    /** How the listing prints (iptables' FMT_* flags). */
    private record Format(int family, boolean verbose, boolean numeric, boolean exact, boolean lineNumbers) {
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

        /** Any address: {@code 0.0.0.0/0} or {@code ::/0} with -n, {@code anywhere} without. */
        String any() {
            return numeric ? family == 6 ? "::/0" : "0.0.0.0/0" : "anywhere";
        }

        String addr(Cidr c) {
            if (c == null || c.length() == 0) {
                return any();
            }
            return c.length() == 32 ? Ip4.str(c.address()) : c.networkString(); // iptables drops a host's /32
        }

        String addr6(Ip6.Cidr c) {
            if (c == null || c.length() == 0) {
                return any();
            }
            return c.length() == 128 ? c.network().toString() : c.networkString(); // and ip6tables a host's /128
        }

        /** The counters' columns: {@code %5s %5s}, or with -x packets {@code %8s} and bytes {@code %10s} (rows {@code %8s}). */
        String counters(String packets, String bytes, boolean header) {
            if (!exact) {
                return String.format("%5s %5s ", packets, bytes);
            }
            return header ? String.format("%8s %10s ", packets, bytes) : String.format("%8s %8s ", packets, bytes);
        }

        void header(Terminal term, String chain, String policy, long packets, long bytes) {
            term.println("Chain " + chain + " (policy " + policy
                    + (verbose ? " " + num(packets) + " packets, " + num(bytes) + " bytes)" : ")"));
            String num = lineNumbers ? String.format("%-4s ", "num") : "";
            term.println((verbose
                    ? num + counters("pkts", "bytes", true) + String.format("%-10s %-4s %-3s %-6s %-7s %-20s %-20s",
                    "target", "prot", "opt", "in", "out", "source", "destination")
                    : num + String.format("%-10s %-4s %-3s %-20s %-20s", "target", "prot", "opt", "source",
                    "destination")).stripTrailing());
        }

        /** An interface column: its name, or any interface ({@code *} with -n, {@code any} without). */
        String iface(String name) {
            return name != null ? name : numeric ? "*" : "any";
        }

        /**
         * One rule. An address takes 19 columns and a space after a space (iptables' {@code
         * " %-19s "}), so a longer one (an IPv6 address) pushes the next column on.
         */
        void row(Terminal term, int number, long packets, long bytes, String target, String prot, String inName,
                 String outName, String src, String dst, String options) {
            String in = iface(inName);
            String out = iface(outName);
            String num = lineNumbers ? String.format("%-4d ", number) : "";
            String addresses = String.format("%-19s  %-19s %s", src, dst, options.isEmpty() ? "" : " " + options);
            String line = verbose
                    ? num + counters(num(packets), num(bytes), false) + String.format("%-10s %-4s %-3s %-6s %-7s %s",
                    target, prot, "--", in, out, addresses)
                    : num + String.format("%-10s %-4s %-3s %s", target, prot, "--", addresses);
            term.println(line.stripTrailing());
        }
    }

    private static boolean shown(String chain, String name) {
        return chain == null || chain.equals(name);
    }

    /** The filter table's chains (fw null: none made, every policy ACCEPT), rules as {@code f.family()} lists them. */
    private static void listFilter(FilterChains fw, String only, Format f, Terminal term) {
        if (fw == null) {
            listEmpty(FILTER_CHAINS, only, f, term);
            return;
        }
        boolean first = true;
        for (Direction d : new Direction[] {Direction.IN, Direction.FORWARD, Direction.OUT}) {
            if (!shown(only, d.chain())) {
                continue;
            }
            if (!first) {
                term.println("");
            }
            first = false;
            Firewall.Counter p = fw.policyCounter(d);
            f.header(term, d.chain(), fw.policy(d).target(), p.packets(), p.bytes());
            int n = 0;
            boolean v6 = f.family() == 6;
            for (Firewall.Entry e : fw.chain(d)) {
                Rule r = e.rule();
                Firewall.Counter c = e.counter();
                f.row(term, ++n, c.packets(), c.bytes(), r.action().target(), r.protoName(f.family()), null, null,
                        v6 ? f.addr6(r.from6()) : f.addr(r.from()), v6 ? f.addr6(r.to6()) : f.addr(r.to()),
                        r.options(f.family()));
            }
        }
    }

    /** Chains with policy ACCEPT and no rules. */
    private static void listEmpty(String[] chains, String only, Format f, Terminal term) {
        boolean first = true;
        for (String c : chains) {
            if (!shown(only, c)) {
                continue;
            }
            if (!first) {
                term.println("");
            }
            first = false;
            f.header(term, c, "ACCEPT", 0, 0);
        }
    }

    private static void listNat(Nat nat, String only, Format f, Terminal term) {
        boolean first = true;
        if (shown(only, "PREROUTING")) {
            first = false;
            f.header(term, "PREROUTING", "ACCEPT", 0, 0);
            if (nat != null) {
                List<PortForward> fw = nat.config().forwards();
                for (int i = 0; i < fw.size(); i++) {
                    PortForward p = fw.get(i);
                    Firewall.Counter c = nat.forwardCounter(i);
                    String proto = Ipv4Packet.protocolName(p.proto());
                    f.row(term, i + 1, c.packets(), c.bytes(), "DNAT", proto, nat.outside().name(), null, f.addr(null),
                            f.addr(new Cidr(nat.outside().address(), 32)), proto + " dpt:" + p.port() + " to:"
                            + Ip4.str(p.toAddr()) + ":" + p.toPort());
                }
            }
        }
        for (String c : new String[] {"INPUT", "OUTPUT"}) {
            if (only != null && only.equals(c)) { // listed alone only: the full listing shows the two chains NAT uses
                f.header(term, c, "ACCEPT", 0, 0);
                first = false;
            }
        }
        if (shown(only, "POSTROUTING")) {
            if (!first) {
                term.println("");
            }
            f.header(term, "POSTROUTING", "ACCEPT", 0, 0);
            if (nat != null) {
                Firewall.Counter c = nat.masqueradeCounter();
                f.row(term, 1, c.packets(), c.bytes(), "MASQUERADE", "all", null, nat.outside().name(), f.addr(null),
                        f.addr(null), "");
            }
        }
    }
}
