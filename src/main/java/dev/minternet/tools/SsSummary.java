package dev.minternet.tools;

import dev.minternet.ip6.Ip6Stack;
import dev.minternet.node.Node;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpListener;
import dev.minternet.transport.tcp.TcpSocket;
import dev.minternet.transport.tcp.TcpState;
import java.util.List;
import java.util.Locale;

/**
 * {@code ss -s}: iproute2's summary, read from the node's sockets as Linux's
 * /proc/net/sockstat{,6} would give them. TCP sockets are hashed in any state but CLOSED (TIME-WAIT
 * included), allocated in any state but TIME-WAIT; established counts ESTABLISHED and CLOSE-WAIT
 * (the MIB's tcpCurrEstab); orphaned are the ones the application closed that still finish their
 * close (FIN-WAIT-1/2, CLOSING, LAST-ACK); a listener on a node with IPv6 is an IPv6 socket (dual
 * stack). FRAG counts the datagrams being reassembled. Modelled: a node has only these sockets
 * (no UNIX or netlink ones in Total) and no raw sockets.
 */
final class SsSummary {
    private SsSummary() {
    }

    static void print(Node node, Terminal term) {
        int tcp4 = 0;
        int tcp6 = 0;
        int tw = 0;
        int estab = 0;
        int orphans = 0;
        int closed = 0;
        int all = 0;
        boolean ip6 = node.hasIp6();
        for (TcpSocket s : node.tcp().sockets()) {
            all++;
            boolean v6;
            TcpState st;
            if (s instanceof TcpListener l) {
                st = TcpState.LISTEN;
                v6 = l.localAddress() == 0 && ip6;
            } else if (s instanceof TcpConnection c) {
                st = c.state();
                v6 = c.ipv6() != null;
            } else {
                continue;
            }
            switch (st) {
                case CLOSED -> closed++;
                case TIME_WAIT -> tw++;
                case ESTABLISHED, CLOSE_WAIT -> estab++;
                case FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK -> orphans++;
                default -> {
                }
            }
            if (st != TcpState.CLOSED) {
                if (v6) {
                    tcp6++;
                } else {
                    tcp4++;
                }
            }
        }
        int udp4 = node.udp().boundPorts().size();
        int udp6 = node.udp().boundPorts6().size();
        Ip6Stack stack6 = node.ip6IfMade();
        int frag4 = node.ip().counters().reassemblyQueues();
        int frag6 = stack6 == null ? 0 : stack6.fragCounters().queuesInUse;
        // sockets: used (a socket with a file: neither TIME-WAIT nor orphaned)
        lines(all - tw - orphans + udp4 + udp6, all, estab, closed, orphans, tw, new int[] {0, 0, udp4, udp6, tcp4, tcp6, frag4, frag6})
                .forEach(term::println);
    }

    /** The summary's lines: {@code v} holds RAW, UDP, TCP (hashed) and FRAG, each IPv4 then IPv6. */
    static List<String> lines(int sockets, int tcp, int estab, int closed, int orphans, int tw, int[] v) {
        return List.of("Total: " + sockets,
                "TCP:   " + tcp + " (estab " + estab + ", closed " + closed + ", orphaned " + orphans + ", timewait " + tw + ")",
                "",
                "Transport Total     IP        IPv6",
                row("RAW", v[0], v[1]),
                row("UDP", v[2], v[3]),
                row("TCP", v[4], v[5]),
                row("INET", v[0] + v[2] + v[4], v[1] + v[3] + v[5]),
                row("FRAG", v[6], v[7]),
                "");
    }

    private static String row(String what, int v4, int v6) {
        return String.format(Locale.ROOT, "%s\t  %-9d %-9d %-9d", what, v4 + v6, v4, v6);
    }
}
