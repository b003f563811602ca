package dev.minternet.tools.vtysh;

import dev.minternet.node.Node;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.routing.bgp.BgpSpeaker;
import dev.minternet.tools.Terminal;
import dev.minternet.tools.Tool;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vtysh -c "CMD" [-c "CMD" ...]}: FRRouting's shell, one command per {@code -c}, run in
 * order. A simple dispatcher on the command's words; the BGP commands are {@link BgpShow}'s.
 */
public final class Vtysh implements Tool {
    @Override
    public String name() {
        return "vtysh";
    }

    @Override
    public String synopsis() {
        return "vtysh -c \"show bgp summary|show ip bgp [A.B.C.D[/N]]\" ...";
    }

    private static List<String> commands(List<String> args) {
        List<String> cmds = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-c") || a.equals("--command")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("vtysh: option requires an argument -- 'c'");
                }
                cmds.add(String.join(" ", args.get(++i).strip().split("\\s+")));
            } else if (a.startsWith("-c") && a.length() > 2) {
                cmds.add(String.join(" ", a.substring(2).strip().split("\\s+")));
            } else {
                throw new IllegalArgumentException("vtysh: unrecognized option '" + a + "'");
            }
        }
        if (cmds.isEmpty()) {
            throw new IllegalArgumentException("vtysh: only -c \"command\" is supported here (no interactive shell)");
        }
        return cmds;
    }

    @Override
    public void validate(List<String> args) {
        commands(args);
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
            code = Math.max(code, run(node, c, term));
        }
        term.exit(code);
    }

    private static int run(Node node, String cmd, Terminal term) {
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
