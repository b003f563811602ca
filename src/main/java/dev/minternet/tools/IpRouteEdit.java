package dev.minternet.tools;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip.Route;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;
import java.util.List;

/**
 * {@code ip route add|del PREFIX [via GATEWAY] [dev IFACE] [metric N]}: changes the node's own
 * IPv4 table as the kernel does for iproute2 (proto boot, which {@code ip route} does not print),
 * with its refusals: a gateway on no connected network, a device that does not exist, host bits
 * set past the prefix length, the same prefix and metric twice, a route that is not there.
 */
final class IpRouteEdit {
    private IpRouteEdit() {
    }

    /** Runs {@code ip route add} ({@code add} true) or {@code ip route del} with {@code args}; returns the exit status. */
    static int run(Node node, boolean add, List<String> args, Terminal term) {
        if (args.isEmpty()) {
            term.println("Usage: ip route { list | flush } SELECTOR");
            term.println("       ip route get [ ROUTE_GET_FLAGS ] ADDRESS");
            term.println("       ip route { add | del | change | append | replace } ROUTE");
            return 255;
        }
        String prefix = args.get(0);
        int network;
        int length;
        if (prefix.equals("default")) {
            network = 0;
            length = 0;
        } else {
            int slash = prefix.indexOf('/');
            String addr = slash < 0 ? prefix : prefix.substring(0, slash);
            String len = slash < 0 ? "32" : prefix.substring(slash + 1);
            if (!Ip4.isAddress(addr) || !len.matches("\\d{1,2}") || Integer.parseInt(len) > 32) {
                term.println("Error: any valid prefix is expected rather than \"" + prefix + "\".");
                return 1;
            }
            network = Ip4.parse(addr);
            length = Integer.parseInt(len);
            if ((network & ~Ip4.mask(length)) != 0) {
                term.println("Error: Invalid prefix for given prefix length.");
                return 2;
            }
        }
        int gateway = 0;
        String dev = null;
        int metric = -1;
        for (int k = 1; k < args.size(); k++) {
            String w = args.get(k);
            if (k + 1 >= args.size() && (w.equals("via") || w.equals("dev") || w.equals("metric"))) {
                term.println("Command line is not complete. Try option \"help\"");
                return 255;
            }
            switch (w) {
                case "via" -> {
                    String g = args.get(++k);
                    if (!Ip4.isAddress(g)) {
                        term.println("Error: inet address is expected rather than \"" + g + "\".");
                        return 1;
                    }
                    gateway = Ip4.parse(g);
                }
                case "dev" -> dev = args.get(++k);
                case "metric" -> {
                    String m = args.get(++k);
                    if (!m.matches("\\d{1,9}")) {
                        term.println("Error: argument \"" + m + "\" is wrong: \"metric\" value is invalid");
                        term.println("");
                        return 255;
                    }
                    metric = Integer.parseInt(m);
                }
                default -> {
                    term.println("Error: either \"to\" is duplicate, or \"" + w + "\" is a garbage.");
                    return 255;
                }
            }
        }
        NetInterface iface = null;
        if (dev != null) {
            iface = node.ip().iface(dev);
            if (iface == null) {
                term.println("Cannot find device \"" + dev + "\"");
                return 1;
            }
        }
        return add ? add(node, network, length, gateway, iface, Math.max(metric, 0), term)
                : del(node, network, length, gateway, iface, metric, term);
    }

    private static int add(Node node, int network, int length, int gateway, NetInterface iface, int metric, Terminal term) {
        if (gateway != 0) {
            NetInterface on = null;
            for (NetInterface i : node.ip().interfaces()) {
                if (i.cidr() != null && i.cidr().contains(gateway) && (iface == null || i == iface)) {
                    on = i;
                    break;
                }
            }
            if (on == null) {
                term.println("Error: Nexthop has invalid gateway.");
                return 2;
            }
            iface = on;
        } else if (iface == null) {
            term.println("RTNETLINK answers: No such device");
            return 2;
        }
        for (Route r : node.ip().table().routes()) {
            if (r.network() == network && r.length() == length && r.metric() == metric) {
                term.println("RTNETLINK answers: File exists");
                return 2;
            }
        }
        node.ip().table().add(new Route(network, length, iface, gateway, metric, "boot"));
        return 0;
    }

    private static int del(Node node, int network, int length, int gateway, NetInterface iface, int metric, Terminal term) {
        Route match = null;
        for (Route r : node.ip().table().routes()) {
            if (r.network() == network && r.length() == length && (gateway == 0 || r.gateway() == gateway)
                    && (iface == null || r.iface() == iface) && (metric < 0 || r.metric() == metric)
                    && (match == null || r.metric() < match.metric())) {
                match = r;
            }
        }
        if (match == null) {
            term.println("RTNETLINK answers: No such process");
            return 2;
        }
        Route gone = match;
        node.ip().table().remove(gone);
        return 0;
    }
}
