package dev.minternet.tools;

import dev.minternet.ip.Loopback;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip6.Ip6Interface;
import dev.minternet.ip6.Ip6Stack;
import dev.minternet.link.Channel;
import dev.minternet.link.Link;
import dev.minternet.link.LinkCounters;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Mac;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ip [-4|-6] [-s [-s]] addr|link [show [dev] IFACE]} as iproute2 6.1 prints them: lo first
 * (index 1: 127.0.0.1/8, ::1/128 where IPv6 is on, and the addresses added to it), then the node's
 * interfaces (index 2 on). What is modelled: an Ethernet or Wi-Fi interface is {@code link/ether},
 * a raw point-to-point link a {@code link/none} device (as a tun or PPP device shows); a failed link
 * is NO-CARRIER, state DOWN; the queue is a single-band FIFO ({@code pfifo} with {@code qlen} its
 * packet limit, or {@code bfifo} when the scenario limits it in bytes). With {@code -s} the counters
 * come from the link: RX what reached this interface, TX what it put on the wire; TX dropped is its
 * queue's drops (Linux counts those in {@code tc -s qdisc}), TX carrier (and errors) what it could
 * not send on a failed link, RX errors (crc with {@code -s -s}) the frames lost on the way to it;
 * multicast, missed and collisions are not counted (0); lo counts the datagrams the node sent
 * itself (IP bytes, as Linux's loopback does).
 */
final class IpLinks {
    private IpLinks() {
    }

    /** One row of {@code ip link} or {@code ip addr}: lo (ni null) or an interface. */
    private record Row(int index, NetInterface ni) {
        String name() {
            return ni == null ? "lo" : ni.name();
        }

        /** The interface flags, as between iproute2's angle brackets. */
        String flags() {
            if (ni == null) {
                return "LOOPBACK,UP,LOWER_UP";
            }
            String kind = ni.isEthernet() ? "BROADCAST,MULTICAST" : "POINTOPOINT,MULTICAST,NOARP";
            return ni.isUp() ? kind + ",UP,LOWER_UP" : "NO-CARRIER," + kind + ",UP";
        }

        /** The operational state. */
        String state() {
            return ni == null ? "UNKNOWN" : ni.isUp() ? "UP" : "DOWN";
        }

        /** The IPv4 addresses with their prefix lengths: lo's 127.0.0.1/8 and added /32s, or the interface's. */
        List<String> inet4(Node node) {
            List<String> out = new ArrayList<>();
            if (ni == null) {
                out.add("127.0.0.1/8");
                node.ip().lo().addresses().forEach(a -> out.add(Ip4.str(a) + "/32"));
            } else if (ni.cidr() != null) {
                out.add(ni.cidr().toString());
            }
            return out;
        }
    }

    /**
     * Prints {@code ip addr} ({@code addr} true) or {@code ip link} for the node, IPv4 and IPv6
     * ({@code family} 0), one ({@code 4}, {@code 6}), {@code stats} levels of {@code -s}, with
     * {@code brief} {@code ip -br}'s one line an interface, only device {@code dev} when not null;
     * returns the exit status.
     */
    static int show(Node node, boolean addr, int family, int stats, boolean brief, String dev, Terminal term) {
        return show(node, addr, family, stats, brief, dev, false, term);
    }

    /** As {@link #show(Node, boolean, int, int, boolean, String, Terminal)}; {@code upOnly}: iproute2's {@code up} filter. */
    static int show(Node node, boolean addr, int family, int stats, boolean brief, String dev, boolean upOnly, Terminal term) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(1, null));
        List<NetInterface> all = node.ip().interfaces();
        for (int k = 0; k < all.size(); k++) {
            rows.add(new Row(k + 2, all.get(k)));
        }
        if (dev != null) {
            rows.removeIf(r -> !r.name().equals(dev));
            if (rows.isEmpty()) {
                term.println("Device \"" + dev + "\" does not exist.");
                return 1;
            }
        }
        rows.removeIf(r -> upOnly && r.ni != null && !r.ni.isUp());
        Ip6Stack ip6 = node.hasIp6() ? node.ip6IfMade() : null;
        long now = node.sim().now();
        for (Row r : rows) {
            Ip6Interface i6 = ip6 == null || r.ni == null ? null : ip6.iface(r.ni);
            List<String> inet = addr && family != 6 ? inet(node, r, now) : List.of();
            boolean hasInet6 = r.ni == null ? ip6 != null : i6 != null && !i6.addresses().isEmpty();
            if (addr && (family == 4 && inet.isEmpty() || family == 6 && !hasInet6)) {
                continue; // ip -4/-6 addr lists only the interfaces with an address of the family
            }
            if (brief) {
                term.println(brief(node, r, addr, family, i6, ip6 != null));
                continue;
            }
            term.println(header(r, addr, family == 6 && addr));
            if (!addr || family == 0) { // ip -4 addr and ip -6 addr leave the link/ line out
                term.println(r.ni == null ? "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00"
                        : r.ni.isEthernet() ? "    link/ether " + Mac.str(r.ni.mac()) + " brd ff:ff:ff:ff:ff:ff" : "    link/none ");
            }
            inet.forEach(term::println);
            if (addr && family != 4 && hasInet6) {
                if (r.ni == null) {
                    term.println("    inet6 ::1/128 scope host ");
                    term.println("       valid_lft forever preferred_lft forever");
                } else {
                    Ip6Show.inet6Lines(i6, now, term);
                }
            }
            if (stats > 0) {
                stats(node, r, stats, term);
            }
        }
        return 0;
    }

    /** {@code ip -br}'s line for a row: name and state in columns, then its addresses, or its MAC and flags. */
    private static String brief(Node node, Row r, boolean addr, int family, Ip6Interface i6, boolean lo6) {
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "%-16s %-14s ", r.name(), r.state()));
        if (!addr) {
            if (r.ni == null || r.ni.isEthernet()) {
                b.append(r.ni == null ? "00:00:00:00:00:00" : Mac.str(r.ni.mac())).append(' ');
            }
            return b.append('<').append(r.flags()).append("> ").toString();
        }
        if (family != 6) {
            r.inet4(node).forEach(a -> b.append(a).append(' '));
        }
        if (family != 4 && r.ni == null && lo6) {
            b.append("::1/128 ");
        } else if (family != 4 && i6 != null) {
            for (Ip6Interface.Address a : i6.addresses()) {
                b.append(a.cidr()).append(' ');
            }
        }
        return b.toString();
    }

    /** The first line: index, name, flags, MTU, queue and state ({@code ip -6 addr} leaves the queue and group out). */
    private static String header(Row r, boolean addr, boolean short6) {
        int mtu;
        String qdisc;
        int qlen;
        if (r.ni == null) {
            mtu = 65536;
            qdisc = "noqueue";
            qlen = 1000;
        } else {
            mtu = r.ni.mtu();
            Link l = r.ni.link();
            qdisc = l != null && l.queueBytes() > 0 ? "bfifo" : "pfifo";
            qlen = txQueueLen(r.ni);
        }
        String head = r.index + ": " + r.name() + ": <" + r.flags() + "> mtu " + mtu;
        if (short6) {
            return head + " state " + r.state() + " qlen " + qlen;
        }
        return head + " qdisc " + qdisc + " state " + r.state() + (addr ? "" : " mode DEFAULT") + " group default qlen " + qlen;
    }

    /** The device's queue length (qlen, ifconfig's txqueuelen): its link's packet limit, else Linux's 1000. */
    static int txQueueLen(NetInterface ni) {
        Link l = ni.link();
        boolean bytes = l != null && l.queueBytes() > 0;
        return l == null || bytes || l.queuePackets() <= 0 ? 1000 : l.queuePackets();
    }

    /** The {@code inet} lines of a row (two per address). */
    private static List<String> inet(Node node, Row r, long now) {
        List<String> out = new ArrayList<>();
        String forever = "       valid_lft forever preferred_lft forever";
        if (r.ni == null) {
            for (String a : r.inet4(node)) {
                out.add("    inet " + a + (a.equals("127.0.0.1/8") ? " scope host lo" : " scope global lo"));
                out.add(forever);
            }
            return out;
        }
        NetInterface i = r.ni;
        if (i.cidr() == null) {
            return out; // a DHCP client without a lease, or an IPv6-only link
        }
        boolean dynamic = i.validUntil() >= 0;
        out.add("    inet " + i.cidr() + (i.isEthernet() ? " brd " + Ip4.str(i.cidr().broadcast()) : "") + " scope global "
                + (dynamic ? "dynamic " : "") + i.name());
        // iproute2 prints the lifetimes left in whole seconds (the kernel's cstamp arithmetic rounds down)
        out.add(dynamic ? "       valid_lft " + Math.max(0, (i.validUntil() - now) / 1_000_000_000L) + "sec preferred_lft "
                + Math.max(0, (i.preferredUntil() - now) / 1_000_000_000L) + "sec" : forever);
        return out;
    }

    /** The counters under a row, as iproute2 6.1's print_stats64 lays them out. */
    private static void stats(Node node, Row r, int level, Terminal term) {
        long[][] c = counters(node, r.ni);
        statsLines(c[0], c[1], c[0][2], c[2][0], level).forEach(term::println);
    }

    /**
     * The counters of {@code ni} (null: lo): RX (bytes, packets, errors, dropped, missed, mcast),
     * TX (bytes, packets, errors, dropped, carrier, collisions), and the carrier changes.
     */
    static long[][] counters(Node node, NetInterface ni) {
        long[] rx = new long[6];
        long[] tx = new long[6];
        long[] transns = new long[1];
        if (ni == null) {
            Loopback lo = node.ip().lo();
            rx[0] = tx[0] = lo.bytes();
            rx[1] = tx[1] = lo.packets();
        } else if (ni.out() != null && ni.link() != null) {
            Channel out = ni.out();
            Link l = ni.link();
            LinkCounters o = out.counters();
            LinkCounters in = (out == l.channelFromA() ? l.channelFromB() : l.channelFromA()).counters();
            rx[0] = in.receivedBytes();
            rx[1] = in.receivedPackets();
            rx[2] = in.droppedLoss(); // lost on the way here: a frame that failed its check (crc)
            tx[0] = o.sentBytes();
            tx[1] = o.sentPackets();
            tx[3] = o.droppedQueue();
            tx[4] = o.droppedDown();
            tx[2] = tx[4];
            transns[0] = l.carrierChanges();
        }
        return new long[][] {rx, tx, transns};
    }

    /**
     * The counter lines (RX and TX, and with {@code level} 2 their error lines: crc, and carrier
     * changes as transns), with columns as wide as their header or as the widest number
     * (print_stats64's size_columns).
     */
    static List<String> statsLines(long[] rx, long[] tx, long crc, long transns, int level) {
        int[] cols = {10, 7, 6, 7, 7, 7, 10};
        size(cols, rx);
        size(cols, tx);
        if (level > 1) {
            size(cols, new long[] {0, 0, crc, 0, 0, 0});
            size(cols, new long[] {0, 0, 0, 0, 0, 0, transns}); // iproute2 sizes transns' column by the one after it
        }
        List<String> out = new ArrayList<>();
        out.add(statsHeader("RX:", cols, cols[0] - 4, "bytes", "packets", "errors", "dropped", "missed", "mcast"));
        out.add(numbers("    ", cols, 0, rx));
        if (level > 1) {
            out.add(statsHeader("RX errors:", cols, cols[0] - 10, "", "length", "crc", "frame", "fifo", "overrun"));
            out.add(numbers(" ".repeat(cols[0] + 5), cols, 1, new long[] {0, crc, 0, 0, 0}));
        }
        out.add(statsHeader("TX:", cols, cols[0] - 4, "bytes", "packets", "errors", "dropped", "carrier", "collsns"));
        out.add(numbers("    ", cols, 0, tx));
        if (level > 1) {
            out.add(statsHeader("TX errors:", cols, cols[0] - 10, "", "aborted", "fifo", "window", "heartbt", "transns"));
            out.add(numbers(" ".repeat(cols[0] + 5), cols, 1, new long[] {0, 0, 0, 0, transns}));
        }
        return out;
    }

    /** Widens each column to the digits of its value, with iproute2's count (10 counts one digit, 11 two). */
    private static void size(int[] cols, long[] values) {
        for (int k = 0; k < values.length; k++) {
            int len = 1;
            for (long pow = 10; pow < values[k]; pow *= 10) {
                len++;
            }
            cols[k] = Math.max(cols[k], len);
        }
    }

    /**
     * {@code "    RX: %*s %*s ..."}: the first label right-aligned in {@code firstWidth}, the others in
     * their columns; the RX and TX lines end with the empty compressed column, the error lines do not.
     */
    private static String statsHeader(String what, int[] cols, int firstWidth, String first, String... rest) {
        StringBuilder b = new StringBuilder("    ").append(what).append(what.endsWith("errors:") ? "" : " ")
                .append(pad(first, firstWidth));
        for (int k = 0; k < rest.length; k++) {
            b.append(' ').append(pad(rest[k], cols[k + 1]));
        }
        return what.endsWith("errors:") ? b.toString() : b.append(' ').append(" ".repeat(cols[6])).toString();
    }

    /** The numbers, each right-aligned in its column from {@code from} and followed by a space. */
    private static String numbers(String indent, int[] cols, int from, long[] values) {
        StringBuilder b = new StringBuilder(indent);
        for (int k = 0; k < values.length; k++) {
            b.append(pad(Long.toString(values[k]), cols[from + k])).append(' ');
        }
        return b.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
