package dev.minternet.tools;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip6.Ip6Interface;
import dev.minternet.ip6.Ip6Stack;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Mac;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ifconfig of net-tools 2.10 (Debian 12, /usr/sbin/ifconfig): {@code ifconfig [-a] [-s] [-v]
 * [IFACE]}, lib/interface.c's ife_print_long and ife_print_short over the node's interfaces, the
 * same data {@code ip -s addr} shows (lo, then the interfaces; net-tools lists them sorted by
 * name, numbers compared as numbers). Each block: {@code flags=N<...>  mtu M}; the IPv4 address
 * with {@code netmask} and {@code broadcast} (Ethernet) or {@code destination} (a raw
 * point-to-point link: the kernel's dstaddr, the address itself when no peer is set); the IPv6
 * addresses in {@code ip addr}'s order with {@code prefixlen} and {@code scopeid 0x0<global>},
 * {@code 0x20<link>}, {@code 0x10<host>}; the hardware line ({@code ether MAC}, {@code loop} or,
 * for a raw link's ARPHRD_NONE, {@code unspec 00-00-...}) with {@code txqueuelen}; the counters
 * with the bytes in net-tools' binary units ({@code (1.2 KiB)}). A failed link has no RUNNING.
 * Without {@code -a} an interface not UP is left out (none is here: a failed link's interface
 * stays UP, as Linux keeps it without carrier). Changing an interface is not modelled.
 */
public final class Ifconfig implements Tool {
    static final int IFF_UP = 0x1;
    static final int IFF_BROADCAST = 0x2;
    static final int IFF_LOOPBACK = 0x8;
    static final int IFF_POINTOPOINT = 0x10;
    static final int IFF_RUNNING = 0x40;
    static final int IFF_NOARP = 0x80;
    static final int IFF_MULTICAST = 0x1000;

    @Override
    public String name() {
        return "ifconfig";
    }

    @Override
    public String synopsis() {
        return "ifconfig [-a] [-s] [-v] [interface]";
    }

    @Override
    public void validate(List<String> args) {
        parse(args);
    }

    /** The options (a, s, v) and the interface named, or a refusal. */
    private static Object[] parse(List<String> args) {
        boolean all = false;
        boolean brief = false;
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-")) {
            switch (args.get(i)) {
                case "-a" -> all = true;
                case "-s" -> brief = true;
                case "-v" -> { }
                default -> throw new IllegalArgumentException("option " + args.get(i) + " is not modelled in Minternet");
            }
            i++;
        }
        List<String> rest = args.subList(i, args.size());
        if (rest.size() > 1) {
            throw new IllegalArgumentException("changing an interface (" + String.join(" ", rest)
                    + ") is not modelled in Minternet; the scenario sets the addresses");
        }
        return new Object[] {all, brief, rest.isEmpty() ? null : rest.get(0)};
    }

    @Override
    public void start(Node node, List<String> args, Terminal term) {
        Object[] p;
        try {
            p = parse(args);
        } catch (IllegalArgumentException e) {
            term.println("ifconfig: " + e.getMessage());
            term.exit(1);
            return;
        }
        boolean all = (Boolean) p[0];
        boolean brief = (Boolean) p[1];
        String dev = (String) p[2];
        List<String> names = new ArrayList<>();
        names.add("lo");
        node.ip().interfaces().forEach(n -> names.add(n.name()));
        names.sort(Ifconfig::nstrcmp);
        if (dev != null && !names.contains(dev)) {
            term.println(dev + ": error fetching interface information: Device not found");
            term.exit(1);
            return;
        }
        if (brief) {
            term.println("Iface      MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg");
        }
        for (String name : names) {
            NetInterface ni = name.equals("lo") ? null : node.ip().iface(name);
            int flags = flags(ni);
            if (dev != null ? !dev.equals(name) : (flags & IFF_UP) == 0 && !all) {
                continue;
            }
            if (brief) {
                term.println(shortLine(node, name, ni, flags));
            } else {
                longBlock(node, name, ni, flags).forEach(term::println);
            }
        }
        term.exit(0);
    }

    /** The interface's flags as SIOCGIFFLAGS gives them (null: lo). */
    static int flags(NetInterface ni) {
        if (ni == null) {
            return IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
        }
        int kind = ni.isEthernet() ? IFF_BROADCAST | IFF_MULTICAST : IFF_POINTOPOINT | IFF_NOARP | IFF_MULTICAST;
        return kind | IFF_UP | (ni.isUp() ? IFF_RUNNING : 0);
    }

    /** ife_print_long's flag names, in its order. */
    static String flagNames(int f) {
        String[] names = {"UP", "BROADCAST", "LOOPBACK", "POINTOPOINT", "RUNNING", "NOARP", "MULTICAST"};
        int[] bits = {IFF_UP, IFF_BROADCAST, IFF_LOOPBACK, IFF_POINTOPOINT, IFF_RUNNING, IFF_NOARP, IFF_MULTICAST};
        List<String> out = new ArrayList<>();
        for (int k = 0; k < bits.length; k++) {
            if ((f & bits[k]) != 0) {
                out.add(names[k]);
            }
        }
        return "flags=" + f + "<" + String.join(",", out) + ">";
    }

    /** ife_print_short's flag letters: B, L, M, O (NOARP), P (POINTOPOINT), R, U. */
    static String flagLetters(int f) {
        StringBuilder b = new StringBuilder();
        b.append((f & IFF_BROADCAST) != 0 ? "B" : "").append((f & IFF_LOOPBACK) != 0 ? "L" : "")
                .append((f & IFF_MULTICAST) != 0 ? "M" : "").append((f & IFF_NOARP) != 0 ? "O" : "")
                .append((f & IFF_POINTOPOINT) != 0 ? "P" : "").append((f & IFF_RUNNING) != 0 ? "R" : "")
                .append((f & IFF_UP) != 0 ? "U" : "");
        return b.toString();
    }

    static String shortLine(Node node, String name, NetInterface ni, int flags) {
        long[][] c = IpLinks.counters(node, ni);
        return String.format(Locale.ROOT, "%-15.15s %5d %8d %6d %6d %-6d %8d %6d %6d %6d %s", name,
                ni == null ? 65536 : ni.mtu(), c[0][1], c[0][2], c[0][3], 0, c[1][1], c[1][2], c[1][3], 0, flagLetters(flags));
    }

    static List<String> longBlock(Node node, String name, NetInterface ni, int flags) {
        List<String> out = new ArrayList<>();
        out.add(name + ": " + flagNames(flags) + "  mtu " + (ni == null ? 65536 : ni.mtu()));
        Ip6Stack ip6 = node.hasIp6() ? node.ip6IfMade() : null;
        if (ni == null) {
            out.add("        inet 127.0.0.1  netmask 255.0.0.0");
            if (ip6 != null) {
                out.add("        inet6 ::1  prefixlen 128  scopeid 0x10<host>");
            }
            out.add("        loop  txqueuelen 1000  (Local Loopback)");
        } else {
            if (ni.cidr() != null) {
                Ip4.Cidr c = ni.cidr();
                out.add("        inet " + Ip4.str(ni.address()) + "  netmask " + Ip4.str(Ip4.mask(c.length()))
                        + (ni.isEthernet() ? "  broadcast " + Ip4.str(c.broadcast()) : "  destination " + Ip4.str(ni.address())));
            }
            Ip6Interface i6 = ip6 == null ? null : ip6.iface(ni);
            if (i6 != null) {
                for (Ip6Interface.Address a : i6.addresses()) {
                    out.add("        inet6 " + a.address() + "  prefixlen " + a.cidr().length() + "  scopeid "
                            + (a.linkLocal() ? "0x20<link>" : "0x0<global>"));
                }
            }
            out.add(ni.isEthernet() ? "        ether " + Mac.str(ni.mac()) + "  txqueuelen " + IpLinks.txQueueLen(ni) + "  (Ethernet)"
                    : "        unspec 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  txqueuelen " + IpLinks.txQueueLen(ni) + "  (UNSPEC)");
        }
        long[][] c = IpLinks.counters(node, ni);
        out.add("        RX packets " + c[0][1] + "  bytes " + c[0][0] + " (" + human(c[0][0]) + ")");
        out.add("        RX errors " + c[0][2] + "  dropped " + c[0][3] + "  overruns 0  frame 0");
        out.add("        TX packets " + c[1][1] + "  bytes " + c[1][0] + " (" + human(c[1][0]) + ")");
        out.add("        TX errors " + c[1][2] + "  dropped " + c[1][3] + " overruns 0  carrier " + c[1][4] + "  collisions " + c[1][5]);
        out.add("");
        return out;
    }

    /** ife_print_long's short form of a byte count: tenths, in B, KiB, MiB, ... (a unit once past it, rounded down). */
    static String human(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        long tenths = bytes * 10;
        String unit = "B";
        long scale = 1L << 50;
        for (int k = units.length - 1; k >= 0; k--, scale >>= 10) {
            if (bytes > scale) {
                tenths = bytes * 10 / scale;
                unit = units[k];
                break;
            }
        }
        return tenths / 10 + "." + tenths % 10 + " " + unit;
    }

    /** net-tools' nstrcmp: names compared as text, a run of digits as a number (eth2 before eth10). */
    static int nstrcmp(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int ei = i;
                int ej = j;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                int cmp = Long.compare(Long.parseLong(a.substring(i, Math.min(ei, i + 18))), Long.parseLong(b.substring(j, Math.min(ej, j + 18))));
                if (cmp != 0) {
                    return cmp;
                }
                i = ei;
                j = ej;
            } else if (x != y) {
                return Character.compare(x, y);
            } else {
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
