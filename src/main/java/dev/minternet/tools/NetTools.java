package dev.minternet.tools;

import dev.minternet.ip.NeighbourMachine;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip.Neighbours;
import dev.minternet.ip.Route;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Mac;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The tables of net-tools 2.10: {@code route} and {@code netstat -r} (the IPv4 routes, as
 * /proc/net/route lists them: by destination, the longest prefix first), {@code netstat -i} (the
 * interfaces' packet counters, sorted by name) and {@code arp} (the IPv4 neighbour tables).
 * Without {@code -n} an address is named from the world's hosts table (node names), a network
 * from /etc/networks (default, loopback, link-local), as net-tools asks the resolver.
 */
final class NetTools {
    private NetTools() {
    }

    /** {@code route [-n]} ({@code netstat} false: Metric Ref Use) or {@code netstat -r[n]} (MSS Window irtt). */
    static void routes(Node node, boolean numeric, boolean netstat, Terminal term) {
        routes(node, numeric, netstat ? 2 : 1, term);
    }

    /**
     * rprint_fib's three widths: {@code ext} 1 (Metric Ref Use, route's default), 2 (MSS Window
     * irtt, netstat -r and route -e), 3 (all of them, route -ee).
     */
    static void routes(Node node, boolean numeric, int ext, Terminal term) {
        boolean netstat = ext == 2;
        term.println("Kernel IP routing table");
        term.println(ext >= 3 ? "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt"
                : netstat ? "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface"
                : "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface");
        for (Route r : kernelOrder(node)) {
            String dest = numeric ? Ip4.str(r.network()) : network(r.network(), r.length());
            String gw = r.gateway() == 0 || numeric ? Ip4.str(r.gateway()) : host(node, r.gateway());
            String flags = "U" + (r.gateway() != 0 ? "G" : "") + (r.length() == 32 ? "H" : "");
            String mask = Ip4.str(Ip4.mask(r.length()));
            term.println(ext >= 3
                    ? String.format(Locale.ROOT, "%-15s %-15s %-15s %-5s %-6d %-3d %6d %-6.6s   %-5d %-6d %d", dest, gw, mask, flags,
                            r.metric(), 0, 0, r.iface().name(), 0, 0, 0)
                    : netstat
                    ? String.format(Locale.ROOT, "%-15s %-15s %-15s %-5s %5d %-5d %6d %s", dest, gw, mask, flags, 0, 0, 0, r.iface().name())
                    : String.format(Locale.ROOT, "%-15s %-15s %-15s %-5s %-6d %-2d %7d %s", dest, gw, mask, flags, r.metric(), 0, 0,
                            r.iface().name()));
        }
    }

    /**
     * The node's IPv4 routes in the kernel's order, as /proc/net/route and {@code ip route} list
     * them (the trie's): by destination, and for one destination the longest prefix first.
     */
    static List<Route> kernelOrder(Node node) {
        List<Route> routes = new ArrayList<>(node.ip().routes());
        routes.sort(Comparator.comparingLong((Route r) -> Integer.toUnsignedLong(r.network())).thenComparingInt(r -> -r.length()));
        return routes;
    }

    /**
     * What {@code -V} prints in net-tools 2.10's tools: the version, the tool's own build flags,
     * and the address and hardware families (the hardware line's label differs between tools).
     */
    private static void version(Terminal term, String flags, String hwLabel) {
        term.println("net-tools 2.10");
        term.println(flags);
        term.println("AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH");
        term.println(hwLabel + " +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 ");
    }

    /**
     * A net-tools command line ({@code arp}, {@code route}) with the options {@code withValue}
     * and {@code flags}; a bad one prints "TOOL: message" and the usage, and exits
     * {@code badStatus}: null then.
     */
    static Args parse(List<String> argv, String withValue, String flags, String tool, List<String> usage, int badStatus,
                      Terminal term) {
        try {
            return new Args(argv, withValue, flags);
        } catch (IllegalArgumentException e) {
            term.println(tool + ": " + e.getMessage());
            usage.forEach(term::println);
            term.exit(badStatus);
            return null;
        }
    }

    /** -V (the version block with the tool's flags and hardware label) or -h (the usage), each exiting 0: whether it was one. */
    static boolean versionOrHelp(Args a, Terminal term, String flags, String hwLabel, List<String> usage) {
        if (a.has('V')) {
            version(term, flags, hwLabel);
        } else if (a.has('h')) {
            usage.forEach(term::println);
        } else {
            return false;
        }
        term.exit(0);
        return true;
    }

    /** A network's name from /etc/networks (Debian's), or its address. */
    private static String network(int net, int length) {
        if (net == 0 && length == 0) {
            return "default";
        }
        if (net == 0x7f000000) {
            return "loopback";
        }
        return net == 0xa9fe0000 ? "link-local" : Ip4.str(net);
    }

    /** An address as net-tools names it: the hosts table's name, or the dotted quad. */
    static String host(Node node, int a) {
        String name = node.world().reverse(a);
        return name != null ? name : Ip4.str(a);
    }

    /** {@code netstat -i}: lo and the interfaces, sorted by name, with their packet counters and flags. */
    static void interfaces(Node node, Terminal term) {
        term.println("Kernel Interface table");
        term.println("Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg");
        List<NetInterface> all = new ArrayList<>(node.ip().interfaces());
        List<String> names = new ArrayList<>();
        names.add("lo");
        all.forEach(i -> names.add(i.name()));
        names.sort(Comparator.naturalOrder());
        for (String name : names) {
            NetInterface i = name.equals("lo") ? null : node.ip().iface(name);
            long[][] c = IpLinks.counters(node, i);
            String flags = i == null ? "LRU"
                    : (i.isEthernet() ? "BM" : "MOP") + (i.isUp() ? "R" : "") + "U";
            term.println(String.format(Locale.ROOT, "%-15.15s %5d %8d %6d %6d %-6d %8d %6d %6d %6d %s", name,
                    i == null ? 65536 : i.mtu(), c[0][1], c[0][2], c[0][3], 0, c[1][1], c[1][2], c[1][3], 0, flags));
        }
    }

    /**
     * {@code arp [-n]} (the table) or {@code arp -a [-n]} (BSD style): the IPv4 neighbours of
     * every interface, or of {@code device} alone, or the entry of {@code host} alone (0: all).
     * Returns arp_show's counts: the entries in the table and those shown.
     */
    static int[] arp(Node node, boolean numeric, boolean bsd, String device, int host, Terminal term) {
        boolean header = false;
        int entries = 0;
        int shown = 0;
        for (NetInterface i : node.ip().interfaces()) {
            if (!i.isEthernet()) {
                continue;
            }
            Neighbours nb = i.neighbours();
            for (NeighbourMachine.Entry<Integer> e : nb.entries()) {
                entries++;
                if (host != 0 && e.addr() != host || device != null && !device.equals(i.name())) {
                    continue;
                }
                shown++;
                String name = numeric ? null : node.world().reverse(e.addr());
                boolean complete = e.hasLinkAddress() && e.state() != NeighbourMachine.State.FAILED
                        && e.state() != NeighbourMachine.State.INCOMPLETE;
                if (bsd) {
                    term.println((name != null ? name : "?") + " (" + Ip4.str(e.addr()) + ") at "
                            + (complete ? Mac.str(e.mac()) + " [ether]" : "<incomplete>") + " on " + i.name());
                    continue;
                }
                if (!header) {
                    term.println("Address                  HWtype  HWaddress           Flags Mask            Iface");
                    header = true;
                }
                term.println(String.format(Locale.ROOT, "%-23.23s  %-8.8s%-20.20s%-6.6s%-15.15s %s",
                        name != null ? name : Ip4.str(e.addr()), complete ? "ether" : "",
                        complete ? Mac.str(e.mac()) : "(incomplete)", complete ? "C" : "", "", i.name()));
            }
        }
        return new int[] {entries, shown};
    }
}
