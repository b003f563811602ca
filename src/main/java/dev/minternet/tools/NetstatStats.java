package dev.minternet.tools;

import dev.minternet.ip.Icmp;
import dev.minternet.ip.IpCounters;
import dev.minternet.node.Node;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpStack;
import dev.minternet.transport.tcp.TcpState;
import dev.minternet.transport.udp.UdpStack;

/**
 * {@code netstat -s}: the node's IPv4 protocol counters (RFC 4293's IP-MIB, RFC 4022's TCP-MIB,
 * RFC 4113's UDP-MIB, as Linux keeps them in /proc/net/snmp) in net-tools 2.10's words and layout:
 * an entry net-tools always prints is printed at 0, the others only when they moved; the ICMP
 * histograms by type (their headings always); with {@code -t} or {@code -u} the sections net-tools
 * keeps for them; IpExt's multicast, broadcast and octet counts as /proc/net/netstat has them (no
 * datagram carries an ECN codepoint, so every one received is InNoECTPkts). Not modelled: most of
 * TcpExt (only listen drops and SYN cookies are counted; "packet headers predicted", which
 * net-tools always prints, stays 0), MPTcpExt's entries.
 */
final class NetstatStats {
    private NetstatStats() {
    }

    /** The ICMP types net-tools names in its histograms, in /proc/net/snmp's order. */
    private static final int[] ICMP_TYPES = {3, 11, 12, 4, 5, 8, 0, 13, 14, 17, 18};
    private static final String[] ICMP_NAMES = {"destination unreachable", "timeout in transit", "wrong parameters",
        "source quenches", "redirects", "echo requests", "echo replies", "timestamp request", "timestamp reply",
        "address mask request", "address mask replies"};

    static void print(Node node, boolean tcpOnly, boolean udpOnly, Terminal term) {
        boolean all = !tcpOnly && !udpOnly;
        IpCounters ip = node.ip().counters();
        Icmp icmp = node.ip().icmp();
        if (all) {
            term.println("Ip:");
            term.println("    Forwarding: " + (node.ip().isForwarding() ? 1 : 2));
            always(term, ip.inReceives, "total packets received");
            opt(term, ip.inHdrErrors(), "with invalid headers");
            opt(term, ip.inAddrErrors(), "with invalid addresses");
            always(term, ip.forwDatagrams, "forwarded");
            opt(term, ip.inUnknownProtos(), "with unknown protocol");
            always(term, ip.inDiscards(), "incoming packets discarded");
            always(term, ip.inDelivers, "incoming packets delivered");
            always(term, ip.outRequests, "requests sent out");
            opt(term, ip.outNoRoutes(), "dropped because of missing route");
            opt(term, ip.reasmReqds(), "reassemblies required");
            opt(term, ip.reasmOks(), "packets reassembled ok");
            opt(term, ip.reasmFails(), "packet reassemblies failed");
            opt(term, ip.outFragFails(), "fragments failed");
            opt(term, ip.outFragCreates(), "fragments created");
            term.println("Icmp:");
            always(term, total(icmp, false), "ICMP messages received");
            always(term, 0, "input ICMP message failed");
            histogram(term, icmp, false);
            always(term, total(icmp, true), "ICMP messages sent");
            always(term, 0, "ICMP messages failed");
            histogram(term, icmp, true);
        }
        icmpMsg(term, icmp, all ? "        " : "    ");
        TcpStack tcp = node.tcp();
        if (!udpOnly) {
            long established = 0;
            for (TcpConnection c : tcp.connections()) {
                established += c.state() == TcpState.ESTABLISHED || c.state() == TcpState.CLOSE_WAIT ? 1 : 0;
            }
            term.println("Tcp:");
            always(term, tcp.activeOpens(), "active connection openings");
            always(term, tcp.passiveOpens(), "passive connection openings");
            always(term, tcp.attemptFails(), "failed connection attempts");
            always(term, tcp.estabResets(), "connection resets received");
            always(term, established, "connections established");
            always(term, tcp.inSegments(), "segments received");
            always(term, tcp.outSegments(), "segments sent out");
            always(term, tcp.retransSegments(), "segments retransmitted");
            always(term, tcp.inErrors(), "bad segments received");
            always(term, tcp.outResets(), "resets sent");
        }
        if (!tcpOnly) {
            UdpStack udp = node.udp();
            term.println("Udp:");
            always(term, udp.inDatagrams(), "packets received");
            always(term, udp.noPorts(), "packets to unknown port received");
            always(term, udp.inErrors(), "packet receive errors");
            always(term, udp.outDatagrams(), "packets sent");
            always(term, 0, "receive buffer errors");
            always(term, 0, "send buffer errors");
        }
        term.println("UdpLite:");
        if (!udpOnly) {
            term.println("TcpExt:");
            opt(term, tcp.syncookiesSent(), "SYN cookies sent");
            opt(term, tcp.syncookiesRecv(), "SYN cookies received");
            opt(term, tcp.syncookiesFailed(), "invalid SYN cookies received");
            opt(term, tcp.listenDrops(), "SYNs to LISTEN sockets dropped");
            always(term, 0, "packet headers predicted");
        }
        ipExt(term, ip);
        term.println("MPTcpExt:");
    }

    /** IpExt in /proc/net/netstat's order, each entry that moved as "Name: value" (net-tools' form for them). */
    private static void ipExt(Terminal term, IpCounters ip) {
        term.println("IpExt:");
        IpCounters.Errors e = ip.errorsIfAny();
        long[] values = e == null ? new long[] {0, 0, 0, 0, ip.inOctets, ip.outOctets, 0, 0, 0, 0}
                : new long[] {e.inMcastPkts, e.outMcastPkts, e.inBcastPkts, e.outBcastPkts, ip.inOctets, ip.outOctets,
                    e.inMcastOctets, e.outMcastOctets, e.inBcastOctets, e.outBcastOctets};
        String[] names = {"InMcastPkts", "OutMcastPkts", "InBcastPkts", "OutBcastPkts", "InOctets", "OutOctets",
            "InMcastOctets", "OutMcastOctets", "InBcastOctets", "OutBcastOctets"};
        for (int i = 0; i < names.length; i++) {
            if (values[i] != 0) {
                term.println("    " + names[i] + ": " + values[i]);
            }
        }
        long noEct = ip.inReceives - ip.inHdrErrors();
        if (noEct != 0) {
            term.println("    InNoECTPkts: " + noEct);
        }
    }

    private static long total(Icmp icmp, boolean out) {
        long n = 0;
        for (int t = 0; t < 256; t++) {
            n += icmp.messages(t, out);
        }
        return n;
    }

    private static void histogram(Terminal term, Icmp icmp, boolean out) {
        term.println(out ? "    ICMP output histogram:" : "    ICMP input histogram:");
        for (int i = 0; i < ICMP_TYPES.length; i++) {
            long n = icmp.messages(ICMP_TYPES[i], out);
            if (n != 0) {
                term.println("        " + ICMP_NAMES[i] + ": " + n);
            }
        }
    }

    /** IcmpMsg: each type seen, InTypeN then OutTypeN by number (the kernel lists only those that moved). */
    private static void icmpMsg(Terminal term, Icmp icmp, String indent) {
        StringBuilder b = new StringBuilder();
        for (boolean out : new boolean[] {false, true}) {
            for (int t = 0; t < 256; t++) {
                long n = icmp.messages(t, out);
                if (n != 0) {
                    b.append(indent).append(out ? "OutType" : "InType").append(t).append(": ").append(n).append('\n');
                }
            }
        }
        if (b.length() > 0) {
            term.println("IcmpMsg:");
            b.toString().lines().forEach(term::println);
        }
    }

    private static void always(Terminal term, long n, String what) {
        term.println("    " + n + " " + what);
    }

    private static void opt(Terminal term, long n, String what) {
        if (n != 0) {
            always(term, n, what);
        }
    }
}
