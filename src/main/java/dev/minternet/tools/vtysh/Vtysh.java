package dev.minternet.tools.vtysh;

import dev.minternet.node.Node;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.routing.bgp.BgpSpeaker;
import dev.minternet.tools.Terminal;
import dev.minternet.tools.Tool;
import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * FRRouting's shell, as {@code vtysh -c "COMMAND"} runs one command (or several, each after its
 * own {@code -c}) and prints what FRR 8.4 prints. The commands are dispatched on their words:
 * {@link RouteShow} for {@code show ip route}, {@link OspfShow} for {@code show ip ospf ...},
 * {@link Ospf6Show} for {@code show ipv6 ospf6 ...},
 * {@link BgpShow} for {@code show bgp summary} and {@code show ip bgp [PREFIX]}.
 * Without {@code -c} it would be interactive, which a timeline cannot drive.
 */
public final class Vtysh implements Tool {
    static final String USAGE = "Usage : vtysh [OPTION...]";

    @Override
    public String name() {
        return "vtysh";
    }

    @Override
    public String synopsis() {
        return "vtysh -c \"show ip route [connected|kernel|static|ospf|bgp|A.B.C.D[/M]] | show ip ospf [neighbor|interface|database|route] | show ipv6 ospf6 neighbor|database|route | show bgp summary | show bgp ipv6 unicast [summary] | show bgp neighbors [A.B.C.D] | show ip bgp [A.B.C.D[/N]]\"";
    }

    @Override
    public void validate(List<String> args) {
        commands(args);
    }

    /** The commands of {@code -c} options, normalised to single spaces; throws on a bad command line. */
    static List<String> commands(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-c") || a.equals("--command")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("vtysh: option requires an argument -- 'c'");
                }
                out.add(args.get(++i).strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
            } else if (a.startsWith("-c") && a.length() > 2) {
                out.add(a.substring(2).strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException("vtysh: invalid option '" + a + "' (" + USAGE + " -c COMMAND)");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("vtysh: the interactive shell is not modelled; give a command with -c");
        }
        return out;
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        List<String> cmds;
        try {
            cmds = commands(args);
        } catch (IllegalArgumentException e) {
            term.println(e.getMessage());
            term.exit(1);
            return;
        }
        int code = 0;
        for (String c : cmds) {
            String full;
            try {
                full = expand(c);
            } catch (IllegalArgumentException e) {
                term.println(e.getMessage());
                code = 1;
                continue;
            }
            code = Math.max(code, run(node, full, term));
        }
        term.exit(code);
    }

    /** The commands modelled, as FRR's command tree spells them (A.B.C.D an address, A.B.C.D/M a prefix). */
    static final List<String> GRAMMAR = List.of(
            "show ip route", "show ip route connected", "show ip route kernel", "show ip route static", "show ip route ospf",
            "show ip route bgp", "show ip route A.B.C.D", "show ip route A.B.C.D/M", "show ip ospf", "show ip ospf neighbor",
            "show ip ospf interface", "show ip ospf database",
            "show ip ospf route", "show ipv6 ospf6 neighbor", "show ipv6 ospf6 database", "show ipv6 ospf6 route",
            "show bgp summary", "show ip bgp summary", "show bgp ipv4 unicast summary", "show bgp ipv6 unicast summary",
            "show bgp ipv6 summary", "show bgp ipv6 unicast", "show bgp ipv6", "show bgp neighbors", "show bgp neighbors A.B.C.D",
            "show ip bgp neighbors", "show ip bgp neighbors A.B.C.D", "show ip bgp", "show bgp ipv4 unicast", "show bgp",
            "show ip bgp A.B.C.D", "show ip bgp A.B.C.D/M", "show bgp ipv4 unicast A.B.C.D", "show bgp ipv4 unicast A.B.C.D/M");

    /**
     * Keywords FRR 8.4 also has beside the modelled ones, so that an abbreviation ambiguous there
     * ({@code sh b}: bfd, bgp) stays ambiguous here; matched in full they are not modelled.
     */
    static final List<String> OTHERS = List.of("show bfd", "show babel", "show bmp", "show interface", "show isis", "show ipv6 route",
            "show version", "show running-config", "show router-id", "show route-map", "show ip rip", "show ip rpf",
            "show ip router-id", "show ip nht", "show ip protocols", "show ip prefix-list", "show ip pim", "show ip igmp",
            "show ip bgp statistics", "show bgp statistics", "show ip ospf border-routers", "show ip ospf neighbor detail");

    /**
     * The command with its words completed, as FRR's matcher takes abbreviations ({@code sh ip bgp
     * sum}): each word is a keyword's prefix or fills an address slot; where several keywords
     * fit, an exact one wins; still several is {@code % Ambiguous command}, a line that stops
     * short of a command is {@code % Command incomplete}, and one that fits none {@code %
     * Unknown command}. (Only the commands modelled are in the tree, so an abbreviation that
     * FRR finds ambiguous with a command not modelled is taken here.)
     */
    static String expand(String cmd) {
        String[] words = cmd.isEmpty() ? new String[0] : cmd.split(" ");
        List<String[]> complete = new ArrayList<>();
        boolean incomplete = false;
        List<String> tree = new ArrayList<>(GRAMMAR);
        tree.addAll(OTHERS);
        for (String g : tree) {
            String[] t = g.split(" ");
            boolean ok = words.length <= t.length;
            for (int i = 0; ok && i < words.length; i++) {
                ok = fits(t[i], words[i]) > 0;
            }
            if (ok && words.length == t.length) {
                complete.add(t);
            } else if (ok) {
                incomplete = true;
            }
        }
        for (int i = 0; i < words.length && complete.size() > 1; i++) {
            final int at = i;
            int best = complete.stream().mapToInt(t -> fits(t[at], words[at])).max().orElse(0);
            complete.removeIf(t -> fits(t[at], words[at]) < best);
        }
        if (complete.size() > 1) {
            throw new IllegalArgumentException("% Ambiguous command: " + cmd);
        }
        if (complete.isEmpty()) {
            throw new IllegalArgumentException((incomplete ? "% Command incomplete: " : "% Unknown command: ") + cmd);
        }
        String[] t = complete.get(0);
        if (!GRAMMAR.contains(String.join(" ", t))) {
            throw new IllegalArgumentException("% Unknown command: " + cmd); // FRR has it; the simulator does not model it
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < t.length; i++) {
            b.append(i == 0 ? "" : " ").append(t[i].startsWith("A.B.C.D") ? words[i] : t[i]);
        }
        return b.toString();
    }

    /** How a word fits a token: 2 exactly (or an address in its slot), 1 as a keyword's prefix, 0 not. */
    private static int fits(String token, String word) {
        // FRR's match_ipv4 and match_ipv4_prefix: octets to 255 and a length to 32, else the
        // word fits no slot ("% Unknown command: show ip route 300.1.1.1/99")
        if (token.equals("A.B.C.D")) {
            return word.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") && dev.minternet.wire.Ip4.isAddress(word) ? 2 : 0;
        }
        if (token.equals("A.B.C.D/M")) {
            int slash = word.indexOf('/');
            return slash > 0 && fits("A.B.C.D", word.substring(0, slash)) == 2 && word.substring(slash + 1).matches("\\d{1,2}")
                    && Integer.parseInt(word.substring(slash + 1)) <= 32 ? 2 : 0;
        }
        return token.equals(word) ? 2 : token.startsWith(word) ? 1 : 0;
    }

    /** One command: a switch on its leading words. */
    static int run(Node node, String cmd, Terminal term) {
        if (cmd.equals("show ip route")) {
            return RouteShow.route(node, term);
        }
        if (cmd.matches("show ip route [0-9.]+(/[0-9]+)?")) {
            return RouteShow.detail(node, cmd.substring("show ip route ".length()), term);
        }
        if (cmd.startsWith("show ip route ")) {
            return RouteShow.route(node, cmd.substring("show ip route ".length()), term);
        }
        if (cmd.equals("show ip ospf")) {
            return OspfShow.process(node, term);
        }
        if (cmd.equals("show ip ospf neighbor")) {
            return OspfShow.neighbor(node, term);
        }
        if (cmd.equals("show ip ospf interface")) {
            return OspfShow.iface(node, term);
        }
        if (cmd.equals("show ip ospf database")) {
            return OspfShow.database(node, term);
        }
        if (cmd.equals("show ip ospf route")) {
            return OspfShow.route(node, term);
        }
        if (cmd.equals("show ipv6 ospf6 neighbor")) {
            return Ospf6Show.neighbor(node, term);
        }
        if (cmd.equals("show ipv6 ospf6 database")) {
            return Ospf6Show.database(node, term);
        }
        if (cmd.equals("show ipv6 ospf6 route")) {
            return Ospf6Show.route(node, term);
        }
        return bgp(node, cmd, term);
    }

    /** The BGP commands (and the unknown-command answer). */
    private static int bgp(Node node, String cmd, Terminal term) {
        BgpSpeaker sp = node.service(BgpSpeaker.class);
        String rest;
        if (cmd.equals("show bgp summary") || cmd.equals("show ip bgp summary")
                || cmd.equals("show bgp ipv4 unicast summary")) {
            if (sp == null) {
                term.println("% No BGP neighbors found in VRF default");
                return 0;
            }
            BgpShow.summary(sp, node.sim().now()).forEach(term::println);
            return 0;
        }
        if (cmd.equals("show bgp ipv6 unicast summary") || cmd.equals("show bgp ipv6 summary")) {
            if (sp == null) {
                term.println("% No BGP neighbors found in VRF default");
                return 0;
            }
            BgpShow6.summary(sp, node.sim().now()).forEach(term::println);
            return 0;
        }
        if (cmd.equals("show bgp ipv6 unicast") || cmd.equals("show bgp ipv6")) {
            if (sp == null) {
                term.println("% BGP instance not found");
                return 1;
            }
            BgpShow6.table(sp).forEach(term::println);
            return 0;
        }
        for (String pre : new String[] {"show bgp neighbors", "show ip bgp neighbors"}) {
            if (cmd.equals(pre) || cmd.startsWith(pre + " ")) {
                if (sp == null) {
                    term.println("% No BGP neighbors found in VRF default");
                    return 0;
                }
                Integer only = null;
                if (cmd.length() > pre.length()) {
                    try {
                        only = Ip4.parse(cmd.substring(pre.length() + 1).strip());
                    } catch (IllegalArgumentException e) {
                        term.println("% Malformed address: " + cmd.substring(pre.length() + 1).strip());
                        return 1;
                    }
                }
                List<String> lines = BgpShow.neighbors(sp, only, node.sim().now());
                if (lines == null) {
                    term.println("% No such neighbor in this view/vrf");
                    return 1;
                }
                lines.forEach(term::println);
                return 0;
            }
        }
        if (cmd.equals("show ip bgp") || cmd.equals("show bgp ipv4 unicast") || cmd.equals("show bgp")) {
            rest = "";
        } else if (cmd.startsWith("show ip bgp ")) {
            rest = cmd.substring("show ip bgp ".length());
        } else if (cmd.startsWith("show bgp ipv4 unicast ")) {
            rest = cmd.substring("show bgp ipv4 unicast ".length());
        } else {
            term.println("% Unknown command: " + cmd);
            return 1;
        }
        if (sp == null) {
            term.println("% BGP instance not found");
            return 1;
        }
        if (rest.isEmpty()) {
            BgpShow.table(sp).forEach(term::println);
            return 0;
        }
        Prefix exact = null;
        int addr = 0;
        try {
            if (rest.contains("/")) {
                Cidr c = Cidr.parse(rest);
                exact = new Prefix(c.address(), c.length());
            } else {
                addr = Ip4.parse(rest);
            }
        } catch (IllegalArgumentException e) {
            term.println("% Unknown command: " + cmd);
            return 1;
        }
        List<String> lines = BgpShow.prefix(sp, exact, addr, node.world().epoch());
        if (lines == null) {
            term.println("% Network not in table");
            return 1;
        }
        lines.forEach(term::println);
        return 0;
    }
}
