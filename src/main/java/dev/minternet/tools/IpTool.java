package dev.minternet.tools;

import dev.minternet.ip.IpStack;
import dev.minternet.ip.NeighbourMachine;
import dev.minternet.ip.Neighbours;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip.PathMtuCache;
import dev.minternet.ip.Route;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Mac;
import java.util.List;

/**
 * ip addr / ip route / ip route get / ip -s link, as iproute2 prints them (the parts that apply
 * here). {@code ip route get} shows the route a datagram to an address takes and, on its
 * {@code cache} line, the path MTU learnt for it and when that expires (Linux's route exceptions).
 */
public final class IpTool implements Tool {
    @Override
    public String name() {
        return "ip";
    }

    @Override
    public String synopsis() {
        return "ip addr | ip route [get ADDRESS] | ip link | ip neigh [show|flush] [dev IFACE|all] | ip -6 addr|route|neigh";
    }

    @Override
    public void validate(List<String> args) {
        if (!args.isEmpty() && args.get(0).equals("-6")) {
            if (args.size() < 2 || !Ip6Show.knows(args.get(1))) {
                throw new IllegalArgumentException("Usage: ip -6 { addr | route | neigh }");
            }
            return;
        }
        String obj = args.isEmpty() ? "" : args.get(0);
        if (obj.isEmpty() || !("route".startsWith(obj) || "addr".startsWith(obj) || "address".startsWith(obj)
                || "link".startsWith(obj) || "neighbour".startsWith(obj) || "neighbor".startsWith(obj))) {
            throw new IllegalArgumentException("Usage: ip { addr | route | link | neigh }");
        }
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        if (!args.isEmpty() && args.get(0).equals("-6")) {
            term.exit(Ip6Show.run(node, args.subList(1, args.size()), term));
            return;
        }
        String obj = args.isEmpty() ? "" : args.get(0);
        if (!obj.isEmpty() && ("neighbour".startsWith(obj) || "neighbor".startsWith(obj))) {
            term.exit(neigh(node, args.subList(1, args.size()), term));
            return;
        }
        if ("route".startsWith(obj) && !obj.isEmpty() || obj.equals("r")) {
            if (args.size() > 1 && "get".startsWith(args.get(1))) {
                term.exit(routeGet(node, args.size() > 2 ? args.get(2) : "", term));
                return;
            }
            for (Route r : node.ip().routes()) {
                term.println(r.toString());
            }
            term.exit(0);
        } else if (!obj.isEmpty() && ("addr".startsWith(obj) || "address".startsWith(obj))) {
            int n = 1;
            for (NetInterface i : node.ip().interfaces()) {
                term.println(n++ + ": " + i.name() + ": <" + (i.isEthernet() ? "BROADCAST,MULTICAST," : "POINTOPOINT,NOARP,")
                        + (i.isUp() ? "UP,LOWER_UP" : "DOWN") + "> mtu " + i.mtu() + " state " + (i.isUp() ? "UP" : "DOWN"));
                if (i.isEthernet()) {
                    term.println("    link/ether " + Mac.str(i.mac()) + " brd ff:ff:ff:ff:ff:ff");
                    if (i.cidr() == null) {
                        continue; // a DHCP client without a lease: no inet line, as iproute2 shows it
                    }
                    boolean dynamic = i.validUntil() >= 0;
                    term.println("    inet " + i.cidr() + " brd " + Ip4.str(i.cidr().broadcast()) + " scope global "
                            + (dynamic ? "dynamic " : "") + i.name());
                    if (dynamic) {
                        // iproute2 prints the lifetimes left in whole seconds (the kernel's cstamp arithmetic rounds down)
                        long now = node.sim().now();
                        term.println("       valid_lft " + Math.max(0, (i.validUntil() - now) / 1_000_000_000L)
                                + "sec preferred_lft " + Math.max(0, (i.preferredUntil() - now) / 1_000_000_000L) + "sec");
                    }
                } else if (i.cidr() != null) { // an IPv6-only link has no inet line
                    term.println("    inet " + i.cidr() + " scope global " + i.name());
                }
            }
            term.exit(0);
        } else if (!obj.isEmpty() && "link".startsWith(obj)) {
            int n = 1;
            for (NetInterface i : node.ip().interfaces()) {
                term.println(n++ + ": " + i.name() + ": mtu " + i.mtu() + " state " + (i.isUp() ? "UP" : "DOWN")
                        + " link " + i.link().name());
                term.println("    TX: " + i.out().counters());
            }
            term.exit(0);
        } else {
            term.println("Usage: ip { addr | route | link }");
            term.exit(255);
        }
    }

    /**
     * {@code ip neigh [show] [dev IFACE]} and {@code ip neigh flush dev IFACE|all}: the neighbour
     * tables of the node's Ethernet interfaces, as iproute2 prints them; returns the exit status.
     */
    private static int neigh(Node node, List<String> args, Terminal term) {
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
            if (!i.isEthernet() || dev != null && !i.name().equals(dev)) {
                continue;
            }
            Neighbours nb = i.neighbours();
            if (flush) {
                nb.flush();
            } else {
                for (NeighbourMachine.Entry<Integer> e : nb.entries()) {
                    term.println(nb.show(e));
                }
            }
        }
        return 0;
    }

    /** {@code ip route get ADDRESS}; returns the exit status. */
    private static int routeGet(Node node, String target, Terminal term) {
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
