package dev.minternet.tools.vtysh;

import dev.minternet.node.Node;
import dev.minternet.tools.Terminal;
import dev.minternet.tools.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * FRRouting's shell, as {@code vtysh -c "COMMAND"} runs one command (or several, each after its
 * own {@code -c}) and prints what FRR 8.4 prints. The commands are dispatched on their words:
 * {@link RouteShow} for {@code show ip route}, {@link OspfShow} for {@code show ip ospf ...}.
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
        return "vtysh -c \"show ip route | show ip ospf neighbor | show ip ospf database | show ip ospf route\"";
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
            code = Math.max(code, run(node, c, term));
        }
        term.exit(code);
    }

    /** One command: a switch on its leading words. */
    static int run(Node node, String cmd, Terminal term) {
        if (cmd.equals("show ip route")) {
            return RouteShow.route(node, term);
        }
        if (cmd.equals("show ip ospf neighbor")) {
            return OspfShow.neighbor(node, term);
        }
        if (cmd.equals("show ip ospf database")) {
            return OspfShow.database(node, term);
        }
        if (cmd.equals("show ip ospf route")) {
            return OspfShow.route(node, term);
        }
        term.println("% Unknown command: " + cmd);
        return 1;
    }
}
