package dev.minternet.tools;

import dev.minternet.link.ethernet.Switch;
import dev.minternet.node.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * bridge fdb show / bridge vlan show / bridge link show, as iproute2 prints them, for the world's
 * switches. A switch is not a node with a terminal of its own, so the command reads the switches
 * from any node's terminal, as if logged in on each: {@code br SWITCH} (fdb) or {@code dev PORT}
 * with {@code br}'s switch narrows it; without it every switch is listed in scenario order, each
 * port named {@code SWITCH:PORT} on {@code vlan} and {@code link} when there are several switches.
 */
public final class BridgeTool implements Tool {
    @Override
    public String name() {
        return "bridge";
    }

    @Override
    public String synopsis() {
        return "bridge { fdb | vlan | link } [show] [br SWITCH]";
    }

    @Override
    public void validate(List<String> args) {
        parse(args);
    }

    private record Cmd(String object, String sw) {
    }

    private static Cmd parse(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\n"
                    + "       bridge [ -force ] -batch filename\n"
                    + "where  OBJECT := { link | fdb | mdb | vlan | monitor }\n"
                    + "       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |\n"
                    + "                    -o[neline] | -t[imestamp] | -n[etns] name |\n"
                    + "                    -c[ompressvlans] -color -p[retty] -j[son] }");
        }
        String o = args.get(0);
        String object;
        if (!o.isEmpty() && "fdb".startsWith(o)) {
            object = "fdb";
        } else if (!o.isEmpty() && "vlan".startsWith(o)) {
            object = "vlan";
        } else if (!o.isEmpty() && "link".startsWith(o)) {
            object = "link";
        } else {
            throw new IllegalArgumentException("Object \"" + o + "\" is unknown, try \"bridge help\".");
        }
        int k = 1;
        if (k < args.size() && ("show".startsWith(args.get(k)) || "list".startsWith(args.get(k))) && !args.get(k).isEmpty()) {
            k++;
        }
        String sw = null;
        while (k < args.size()) {
            String w = args.get(k);
            if ((w.equals("br") || w.equals("dev")) && k + 1 < args.size()) {
                sw = args.get(k + 1);
                k += 2;
            } else {
                throw new IllegalArgumentException("Command \"" + w + "\" is unknown, try \"bridge " + object + " help\".");
            }
        }
        return new Cmd(object, sw);
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        Cmd c;
        try {
            c = parse(args);
        } catch (IllegalArgumentException e) {
            for (String l : e.getMessage().split("\n")) {
                term.println(l);
            }
            term.exit(255);
            return;
        }
        List<Switch> sws = new ArrayList<>();
        for (Switch s : node.world().switches()) {
            if (c.sw() == null || s.name().equals(c.sw())) {
                sws.add(s);
            }
        }
        if (c.sw() != null && sws.isEmpty()) {
            term.println("Cannot find bridge device \"" + c.sw() + "\"");
            term.exit(1);
            return;
        }
        boolean prefix = sws.size() > 1;
        switch (c.object()) {
            case "fdb" -> {
                for (Switch s : sws) {
                    s.fdbShow().forEach(term::println);
                }
            }
            case "vlan" -> {
                boolean header = true;
                for (Switch s : sws) {
                    List<String> lines = s.vlanShow();
                    for (int i = header ? 0 : 1; i < lines.size(); i++) {
                        String l = lines.get(i);
                        if (i > 0 && prefix && !l.startsWith(" ")) {
                            String port = l.substring(0, 16).strip();
                            l = String.format("%-16s", s.name() + ":" + port) + l.substring(16);
                        }
                        term.println(l);
                    }
                    header = false;
                }
            }
            default -> {
                int n = 1;
                for (Switch s : sws) {
                    for (Switch.Port p : s.ports()) {
                        term.println(n++ + ": " + (prefix ? s.name() + ":" : "") + p.name() + ": <BROADCAST,MULTICAST,"
                                + (p.link().isUp() ? "UP,LOWER_UP" : "DOWN") + "> mtu " + p.link().mtu() + " master "
                                + s.name() + " state " + p.state().name().toLowerCase(Locale.ROOT) + " priority 32 cost "
                                + p.cost());
                    }
                }
            }
        }
        term.exit(0);
    }
}
