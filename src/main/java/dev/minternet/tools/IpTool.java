package dev.minternet.tools;

import dev.minternet.ip.IpStack;
import dev.minternet.ip.NeighbourMachine;
import dev.minternet.ip.Neighbours;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip.PathMtuCache;
import dev.minternet.ip.Route;
import dev.minternet.ip6.Ip6Interface;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Mac;
import java.util.List;

/**
 * ip addr / ip link (printed by {@link IpLinks}) / ip route / ip route get / ip neigh, as iproute2
 * prints them (the parts that apply here). {@code ip route get} shows the route a datagram to an address takes and, on its
 * {@code cache} line, the path MTU learnt for it and when that expires (Linux's route exceptions).
 */
public final class IpTool implements Tool {
    @Override
    public String name() {
        return "ip";
    }

    @Override
    public String synopsis() {
        return "ip [-4|-6] [-s [-s]] [-br] [-o] addr|link [show [dev] IFACE] | ip route [get ADDRESS | add|del PREFIX [via GW] [dev IFACE] [metric N]] | ip neigh [show|flush] [dev IFACE|all] | ip -6 route|neigh | ip [-6] rule";
    }

    /** The options before the object ({@code -4}, {@code -6}, {@code -s} as often as given) and what follows them. */
    private record Parsed(int family, int stats, boolean brief, boolean oneline, String obj, List<String> rest) {
    }

    /** show, list or lst, or a beginning of one, as iproute2's matches() takes them. */
    static boolean listVerb(String w) {
        return !w.isEmpty() && ("show".startsWith(w) || "list".startsWith(w) || "lst".startsWith(w));
    }

    /**
     * The verb that changes addresses or links, as iproute2 matches a beginning of it before
     * "show" (ipaddress.c: add, change, replace, delete; iplink.c: add, set, change, replace,
     * delete, so "ip link s" is set and "ip a s" show), or null.
     */
    static String changeVerb(boolean addr, String w) {
        List<String> verbs = addr ? List.of("add", "change", "replace", "delete", "flush")
                : List.of("add", "set", "change", "replace", "delete");
        for (String v : verbs) {
            if (!w.isEmpty() && v.startsWith(w)) {
                return v;
            }
        }
        return addr && w.equals("chg") ? "change" : null;
    }

    /** Reads the options; throws with iproute2's message for an unknown one. */
    private static Parsed parse(List<String> args) {
        int family = 0;
        int stats = 0;
        boolean brief = false;
        boolean oneline = false;
        int k = 0;
        for (; k < args.size() && args.get(k).startsWith("-") && args.get(k).length() > 1; k++) {
            String o = args.get(k);
            switch (o) {
                case "-4" -> family = 4;
                case "-6" -> family = 6;
                case "-s", "-stats", "-statistics" -> stats++;
                case "-br", "-brief" -> brief = true;
                case "-o", "-oneline" -> oneline = true;
                default -> throw new IllegalArgumentException("Option \"" + o + "\" is unknown, try \"ip -help\".");
            }
        }
        String obj = k < args.size() ? args.get(k) : "";
        boolean known = !obj.isEmpty() && ("route".startsWith(obj) || "addr".startsWith(obj) || "address".startsWith(obj)
                || "link".startsWith(obj) || "neighbour".startsWith(obj) || "neighbor".startsWith(obj)
                || "rule".startsWith(obj));
        if (obj.isEmpty()) {
            throw new IllegalArgumentException("Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }");
        }
        if (!known) {
            throw new IllegalArgumentException("Object \"" + obj + "\" is unknown, try \"ip help\".");
        }
        return new Parsed(family, stats, brief, oneline, obj, args.subList(Math.min(k + 1, args.size()), args.size()));
    }

    @Override
    public void validate(List<String> args) {
        parse(args);
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        Parsed p;
        try {
            p = parse(args);
        } catch (IllegalArgumentException e) {
            term.println(e.getMessage());
            if (e.getMessage().startsWith("Usage: ip ")) {
                // usage(): the rest of iproute2 6.1's text
                try (java.io.InputStream in = IpTool.class.getResourceAsStream("ip-usage.txt")) {
                    String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    text.substring(0, text.length() - 1).lines().forEach(term::println);
                } catch (java.io.IOException io) {
                    throw new java.io.UncheckedIOException(io);
                }
            }
            term.exit(e.getMessage().startsWith("Object") ? 1 : 255);
            return;
        }
        String obj = p.obj();
        if ("rule".startsWith(obj) && !"route".startsWith(obj)) { // ip r is ip route: route comes first in ip.c's table
            term.exit(rules(p.family(), p.rest(), term));
            return;
        }
        if ("neighbour".startsWith(obj) || "neighbor".startsWith(obj)) {
            term.exit(neigh(node, p.family(), p.rest(), term));
            return;
        }
        if ("route".startsWith(obj)) {
            if (p.family() == 6) {
                term.exit(Ip6Show.run(node, args.subList(args.indexOf(obj), args.size()), term));
            } else if (!p.rest().isEmpty() && (p.rest().get(0).equals("add") || p.rest().get(0).equals("del")
                    || p.rest().get(0).equals("delete"))) {
                term.exit(IpRouteEdit.run(node, p.rest().get(0).equals("add"), p.rest().subList(1, p.rest().size()), term));
            } else if (!p.rest().isEmpty() && !(listVerb(p.rest().get(0))
                    || "get".startsWith(p.rest().get(0)))) {
                String verb = p.rest().get(0);
                boolean real = List.of("flush", "change", "append", "replace", "save", "restore", "showdump").contains(verb);
                term.println(real ? "ip route " + verb + ": not simulated (ip route add and del change the table)"
                        : "Command \"" + verb + "\" is unknown, try \"ip route help\".");
                term.exit(real ? 2 : 255);
            } else if (p.rest().size() > 1 && "get".startsWith(p.rest().get(0)) && p.family() == 0
                    && dev.minternet.wire.Ip6.isAddress(p.rest().get(1))) {
                // the family of the address given (iproute2's get_prefix with AF_UNSPEC)
                term.exit(Ip6Show.run(node, args.subList(args.indexOf(obj), args.size()), term));
            } else if (!p.rest().isEmpty() && "get".startsWith(p.rest().get(0))) {
                term.exit(routeGet(node, p.rest().size() > 1 ? p.rest().get(1) : "", term));
            } else {
                List<String> sel = p.rest().isEmpty() ? p.rest() : p.rest().subList(1, p.rest().size());
                term.exit(IpRouteShow.run(node, sel, p.family() == 0, term));
            }
            return;
        }
        boolean addr = !"link".startsWith(obj);
        List<String> rest = p.rest();
        int k = 0;
        String change = k < rest.size() ? changeVerb(addr, rest.get(k)) : null;
        if (change != null) {
            if (!addr && change.equals("set") && rest.size() == 1) {
                term.println("Not enough information: \"dev\" argument is required.");
                term.exit(255);
                return;
            }
            term.println("ip " + (addr ? "address" : "link") + " " + change + ": not simulated (the shell's link down|up LINK"
                    + " takes a cable down; addresses come from the scenario)");
            term.exit(2);
            return;
        }
        if (k < rest.size() && listVerb(rest.get(k))) {
            k++;
        } else if (k < rest.size()) {
            // add, del, set...: the shell's link down|up changes a link; addresses come from the scenario
            term.println("Command \"" + rest.get(k) + "\" is unknown, try \"ip " + (addr ? "address" : "link") + " help\".");
            term.exit(255);
            return;
        }
        String dev = null;
        boolean up = false;
        for (; k < rest.size(); k++) {
            if (rest.get(k).equals("up")) {
                up = true; // only the interfaces that are up
            } else if (dev == null) {
                dev = rest.get(k).equals("dev") && k + 1 < rest.size() ? rest.get(++k) : rest.get(k);
            }
        }
        if (!p.oneline() || p.brief()) {
            term.exit(IpLinks.show(node, addr, p.family(), p.stats(), p.brief(), dev, up, term));
            return;
        }
        List<String> lines = new java.util.ArrayList<>();
        int code = IpLinks.show(node, addr, p.family(), p.stats(), false, dev, up, new Terminal() {
            @Override
            public void println(String line) {
                lines.add(line);
            }

            @Override
            public void exit(int status) {
            }
        });
        oneline(lines, addr).forEach(term::println);
        term.exit(code);
    }

    /**
     * {@code ip -o}: each record on one line, its line breaks as {@code \}: for addresses, one
     * line per address after its interface's number and name (no link/ line); for links, each
     * interface's lines joined.
     */
    static List<String> oneline(List<String> lines, boolean addr) {
        List<String> out = new java.util.ArrayList<>();
        String dev = null;
        StringBuilder cur = null;
        for (String l : lines) {
            if (!l.startsWith(" ")) {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
                if (addr) {
                    int colon = l.indexOf(": ");
                    String name = l.substring(colon + 2, l.indexOf(':', colon + 2));
                    int at = name.indexOf('@');
                    dev = l.substring(0, colon) + ": " + (at < 0 ? name : name.substring(0, at));
                } else {
                    cur = new StringBuilder(l);
                }
            } else if (!addr) {
                cur.append('\\').append(l);
            } else if (l.startsWith("    inet")) {
                if (cur != null) {
                    out.add(cur.toString());
                }
                cur = new StringBuilder(dev).append(l);
            } else if (cur != null && !l.startsWith("    link/")) {
                cur.append('\\').append(l);
            }
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }

    /** {@code ip [-6] rule [show|list]}: the kernel's default rules (the one routing table of a node is main). */
    private static int rules(int family, List<String> rest, Terminal term) {
        if (!rest.isEmpty() && !listVerb(rest.get(0))) {
            boolean real = List.of("add", "del", "delete", "flush", "save", "restore").contains(rest.get(0));
            term.println(real ? "ip rule " + rest.get(0) + ": not simulated (a node has one routing table)"
                    : "Command \"" + rest.get(0) + "\" is unknown, try \"ip rule help\".");
            return real ? 2 : 255;
        }
        term.println("0:\tfrom all lookup local");
        term.println("32766:\tfrom all lookup main");
        if (family != 6) {
            term.println("32767:\tfrom all lookup default");
        }
        return 0;
    }

    /**
     * {@code ip [-4|-6] neigh [show] [dev IFACE]} and {@code ip neigh flush dev IFACE|all}: the IPv4
     * neighbours (ARP, the node's Ethernet interfaces) and the IPv6 ones (neighbour discovery), or
     * one family's, as iproute2 prints them (the kernel dumps its ARP table before its ND table for
     * a request of no family); returns the exit status.
     */
    private static int neigh(Node node, int family, List<String> args, Terminal term) {
        String verb = args.isEmpty() ? "show" : args.get(0);
        boolean flush = !verb.isEmpty() && "flush".startsWith(verb) && verb.length() >= 1;
        if (!flush && !("show".startsWith(verb) || "list".startsWith(verb))) {
            term.println("Command \"" + verb + "\" is unknown, try \"ip neigh help\".");
            return 255;
        }
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        String dev = null;
        boolean all = false;
        for (int k = 0; k < rest.size(); k++) {
            String w = rest.get(k);
            if (w.equals("dev") && k + 1 < rest.size()) {
                dev = rest.get(++k);
            } else if (w.equals("all")) {
                all = true;
            } else {
                term.println("Error: either \"to\" is duplicate, or \"" + w + "\" is a garbage.");
                return 255;
            }
        }
        if (flush && dev == null && !all) {
            term.println("Flush requires arguments.");
            return 255;
        }
        if (dev != null && node.ip().iface(dev) == null) {
            term.println("Cannot find device \"" + dev + "\"");
            return 1;
        }
        for (NetInterface i : node.ip().interfaces()) {
            if (family == 6 || !i.isEthernet() || dev != null && !i.name().equals(dev)) {
                continue;
            }
            Neighbours nb = i.neighbours();
            if (flush) {
                nb.flush();
            } else {
                for (NeighbourMachine.Entry<Integer> e : nb.entries()) {
                    term.println(nb.show(e, dev == null));
                }
            }
        }
        if (family == 4) {
            return 0;
        }
        for (NetInterface ni : node.ip().interfaces()) {
            Ip6Interface i = node.ip6().iface(ni);
            if (i == null || dev != null && !ni.name().equals(dev)) {
                continue;
            }
            if (flush) {
                i.neighbours().flush();
            } else {
                for (NeighbourMachine.Entry<Ip6> e : i.neighbours().entries()) {
                    term.println(i.neighbours().show(e, dev == null));
                }
            }
        }
        return 0;
    }

    /** {@code ip route get ADDRESS}; returns the exit status. */
    private static int routeGet(Node node, String target, Terminal term) {
        if (target.isEmpty()) {
            term.println("need at least a destination address");
            return 1;
        }
        if (!Ip4.isAddress(target)) {
            term.println("Error: any valid prefix is expected rather than \"" + target + "\".");
            return 1;
        }
        IpStack ip = node.ip();
        int dst = Ip4.parse(target);
        if (ip.isLocalAddress(dst)) {
            term.println("local " + Ip4.str(dst) + " dev lo src " + Ip4.str(ip.sourceAddressFor(dst)) + " uid 0 ");
            term.println("    cache <local> ");
            return 0;
        }
        Route r = ip.route(dst);
        if (r == null) {
            term.println("RTNETLINK answers: Network is unreachable");
            return 2;
        }
        term.println(Ip4.str(dst) + (r.gateway() != 0 ? " via " + Ip4.str(r.gateway()) : "") + " dev " + r.iface().name()
                + " src " + Ip4.str(ip.sourceAddressFor(dst)) + " uid 0 ");
        PathMtuCache.Entry e = ip.pathMtuEntry(dst);
        long now = node.sim().now();
        term.println(e == null ? "    cache " : "    cache expires " + (e.expiresAt() - now) / Durations.S + "sec mtu "
                + (e.locked() ? "lock " : "") + e.mtu() + " ");
        return 0;
    }
}
