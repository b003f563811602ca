package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Mac;
import java.util.HashMap;
import java.util.Map;

/**
 * How tcpdump names what it prints (addrtoname.c): with {@code -n} every address and port as a
 * number; without it an address by the name the node's resolver gives for it (gethostbyaddr: the
 * hosts table, where a node's name stands for its addresses, link-local ones aside, {@code localhost},
 * and /etc/hosts' {@code ip6-allnodes} and {@code ip6-allrouters}), else as a number (a PTR question that finds
 * nothing: modelled, no query is sent); a port by its /etc/services name ({@link Services}); a
 * MAC address followed by its OUI's vendor ({@code (oui Unknown)} for every address the world
 * derives: they are locally administered); a protocol number by its /etc/protocols name. Each
 * address is looked up once a capture, as tcpdump caches them.
 */
final class TcpdumpNames {
    /** {@code -n}. */
    static final TcpdumpNames NUMERIC = new TcpdumpNames(null, false);

    /** tcpdump's oui.c table (the first of a number named twice). */
    private static final Map<Integer, String> OUIS = new HashMap<>();

    static {
        Object[] t = {0x000000, "Ethernet", 0x00000c, "Cisco", 0x00005e, "IANA", 0x000081, "Nortel Networks SONMP",
            0x0000f8, "Cisco bridged", 0x0080c2, "Ethernet bridged", 0x00a03e, "ATM Forum", 0x00e02f, "DOCSIS Spanning Tree",
            0x080007, "Appletalk", 0x009069, "Juniper", 0x080009, "Hewlett-Packard", 0x00120f, "IEEE 802.3 Private",
            0x0012bb, "ANSI/TIA", 0x001b21, "DCBX", 0x002320, "Nicira Networks", 0x5c16c7, "Big Switch Networks",
            0xb0d2f5, "Vello Systems", 0x002481, "HP", 0x0004ea, "HP-Labs", 0x748771, "Infoblox Inc",
            0xa42305, "Open Networking Lab", 0x00049f, "Freescale", 0x0015ad, "Netronome", 0x001018, "Broadcom",
            0x00e004, "PMC-Sierra", 0xd0f0db, "Ericsson"};
        for (int i = 0; i < t.length; i += 2) {
            OUIS.putIfAbsent((Integer) t[i], (String) t[i + 1]);
        }
    }

    /** Whose resolver names addresses (null: none does). */
    private final Node node;
    /** Without -n: ports, MACs and protocols by name. */
    private final boolean named;
    private final Map<Integer, String> v4 = new HashMap<>();
    private final Map<Ip6, String> v6 = new HashMap<>();

    private TcpdumpNames(Node node, boolean named) {
        this.node = node;
        this.named = named;
    }

    /** Names as {@code node}'s tcpdump without {@code -n} prints them. */
    static TcpdumpNames of(Node node) {
        return new TcpdumpNames(node, true);
    }

    /** Without -n on a host whose resolver names no address (every PTR question unanswered). */
    static TcpdumpNames withoutResolver() {
        return new TcpdumpNames(null, true);
    }

    String ip(int a) {
        if (node == null) {
            return Ip4.str(a);
        }
        return v4.computeIfAbsent(a, x -> {
            String n = node.world().reverse(x);
            return n != null ? n : Ip4.str(x);
        });
    }

    String ip6(Ip6 a) {
        if (node == null) {
            return a.toString();
        }
        return v6.computeIfAbsent(a, x -> {
            String s = x.toString();
            if (s.equals("ff02::1")) {
                return "ip6-allnodes";
            }
            if (s.equals("ff02::2")) {
                return "ip6-allrouters";
            }
            return x.isLoopback() ? "localhost" : s; // /etc/hosts names no other IPv6 address
        });
    }

    String tcpPort(int port) {
        String n = named ? Services.byPort(port, "tcp") : null;
        return n != null ? n : Integer.toString(port);
    }

    String udpPort(int port) {
        String n = named ? Services.byPort(port, "udp") : null;
        return n != null ? n : Integer.toString(port);
    }

    /** etheraddr_string: the address, and without -n its OUI's vendor, or tcpdump's own name for the broadcast address. */
    String mac(long mac) {
        String s = Mac.str(mac);
        if (!named) {
            return s;
        }
        if (mac == 0xffff_ffff_ffffL) {
            return "Broadcast";
        }
        return s + " (oui " + OUIS.getOrDefault((int) (mac >>> 24) & 0xffffff, "Unknown") + ")";
    }

    /** A protocol number, by its /etc/protocols name without -n ("ip-proto-N" unnamed). */
    String protocol(int p) {
        String n = !named ? null : switch (p) {
            case 1 -> "icmp";
            case 2 -> "igmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 47 -> "gre";
            case 58 -> "ipv6-icmp";
            case 89 -> "ospf";
            case 132 -> "sctp";
            default -> null;
        };
        return n != null ? n : "ip-proto-" + p;
    }
}
