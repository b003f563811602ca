package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.transport.tcp.PendingTimer;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpListener;
import dev.minternet.transport.tcp.TcpSocket;
import dev.minternet.wire.Ip4;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * netstat from net-tools, socket listing only, in any combination of {@code -t} TCP, {@code -u}
 * UDP, {@code -a} all sockets, {@code -l} listening only, {@code -n} numeric and {@code -p}
 * programs (not modelled: "-", as for a socket of another user), {@code -e} user and inode, {@code -o} timers; {@code -r} the routing table and
 * {@code -i} the interfaces ({@link NetTools}); {@code -s} the protocol counters ({@link NetstatStats}). Columns as net-tools 2.10 prints them.
 */
public final class Netstat extends FlagsTool {
    public Netstat() {
        super("netstat", "netstat [-tulanpeo] | netstat -r[n] | netstat -i | netstat -s[tu]", "tulanpriseo");
    }

    /** net-tools 2.10's usage text, after getopt's complaint; netstat exits 3 (E_OPTERR) then. */
    @Override
    String usage() {
        return "netstat-usage.txt";
    }

    @Override
    int usageStatus() {
        return 3;
    }

    @Override
    void run(Node node, Args a, Terminal term) {
        if (a.has('s')) {
            NetstatStats.print(node, a.has('t') && !a.has('u'), a.has('u') && !a.has('t'), term);
            term.exit(0);
            return;
        }
        if (a.has('r') || a.has('i')) {
            if (a.has('r')) {
                NetTools.routes(node, a.has('n'), true, term);
            } else {
                NetTools.interfaces(node, term);
            }
            term.exit(0);
            return;
        }
        boolean tcp = a.has('t') || !a.has('u');
        boolean udp = a.has('u') || !a.has('t');
        boolean listening = a.has('l');
        boolean all = a.has('a');
        boolean numeric = a.has('n');
        boolean programs = a.has('p');
        Extra x = new Extra(a.has('e'), numeric, programs, a.has('o'), node.sim().now());
        term.println("Active Internet connections " + (all ? "(servers and established)" : listening ? "(only servers)" : "(w/o servers)"));
        term.println("Proto Recv-Q Send-Q Local Address           Foreign Address         State      " + (x.user ? " User       Inode     " : "")
                + (programs ? " PID/Program name    " : "") + (x.timers ? " Timer" : ""));
        List<TcpSocket> sockets = node.tcp().sockets();
        if (tcp) {
            for (int k = 0; k < sockets.size(); k++) {
                TcpSocket o = sockets.get(k);
                if (o instanceof TcpListener l) {
                    if (all || listening) {
                        if (l.localAddress() == 0 && node.ip6().enabled()) {
                            // a dual-stack listener (bound to [::]) is a tcp6 socket to net-tools
                            term.println(row("tcp6", l.acceptQueue(), 0, endpoint6("::", l.port(), numeric),
                                    endpoint6("::", -1, numeric), "LISTEN", false) + x.of(k + 1, null));
                        } else {
                            term.println(row("tcp", l.acceptQueue(), 0, endpoint(node, l.localAddress(), l.port(), numeric),
                                    endpoint(node, 0, -1, numeric), "LISTEN", false) + x.of(k + 1, null));
                        }
                    }
                } else if (o instanceof TcpConnection c && !listening) {
                    if (c.ipv6() != null) {
                        term.println(row("tcp6", c.available(), c.sendQueue(), endpoint6(c.ipv6().local().toString(), c.localPort(), numeric),
                                endpoint6(c.ipv6().remote().toString(), c.remotePort(), numeric), c.state().netstatName(), false) + x.of(k + 1, c));
                    } else {
                        term.println(row("tcp", c.available(), c.sendQueue(), endpoint(node, c.localAddress(), c.localPort(), numeric),
                                endpoint(node, c.remoteAddress(), c.remotePort(), numeric), c.state().netstatName(), false) + x.of(k + 1, c));
                    }
                }
            }
        }
        if (udp && (all || listening)) {
            int inode = sockets.size(); // UDP sockets numbered after the TCP ones
            for (int port : node.udp().boundPorts()) {
                term.println(row("udp", 0, 0, endpoint(node, 0, port, numeric), endpoint(node, 0, -1, numeric), "", false) + x.of(++inode, null));
            }
            // net-tools: an IPv6 socket is "udp6", the wildcard address "::" then ":port"
            for (int port : node.udp().boundPorts6()) {
                String name = numeric ? null : Services.byPort(port, "udp");
                term.println(row("udp6", 0, 0, ":::" + (name != null ? name : Integer.toString(port)), ":::*", "", false) + x.of(++inode, null));
            }
        }
        term.exit(0);
    }

    /**
     * One socket as net-tools prints it, trailing spaces included; with -p the program column
     * says "-", as netstat does for a socket whose process it cannot see (processes are not modelled).
     */
    static String row(String proto, long recvQ, long sendQ, String local, String remote, String state, boolean programs) {
        return String.format(Locale.ROOT, "%-5s %6d %6d %-23s %-23s %-11s", proto, recvQ, sendQ, local, remote, state)
                + (programs ? String.format(Locale.ROOT, " %-20s", "-") : "");
    }

    /**
     * What netstat.c's finish_this_one prints after the state: with -e the user (root, or 0 with
     * -n: every simulated socket is root's) and the inode (the socket's number in the node's order,
     * as ss -e numbers it; 0 in TIME-WAIT, as Linux's time-wait sockets have none), with -p the
     * program, with -o the timer ({@link PendingTimer}: {@code off (0.00/0/0)}, {@code on
     * (0.20/0/0)}, {@code probe (..)}, {@code timewait (59.99/0/0)}, seconds in /proc/net/tcp's
     * hundredths).
     */
    record Extra(boolean user, boolean numeric, boolean programs, boolean timers, long now) {
        String of(int inode, TcpConnection c) {
            StringBuilder b = new StringBuilder();
            if (user) {
                b.append(String.format(Locale.ROOT, " %-10s %-10d", numeric ? "0" : "root",
                        c != null && c.state() == dev.minternet.transport.tcp.TcpState.TIME_WAIT ? 0 : inode));
            }
            if (programs) {
                b.append(String.format(Locale.ROOT, " %-20s", "-"));
            }
            if (timers) {
                PendingTimer t = c == null ? new PendingTimer(PendingTimer.NONE, 0, 0) : PendingTimer.of(c, now);
                String when = String.format(Locale.ROOT, "%2.2f", t.remaining() / 10_000_000L / 100.0);
                b.append(' ').append(switch (t.kind()) {
                    case PendingTimer.ON -> "on (" + when + "/" + t.count() + "/0)";
                    case PendingTimer.TIMEWAIT -> "timewait (" + when + "/0/0)";
                    case PendingTimer.PERSIST -> "probe (" + when + "/0/" + t.count() + ")";
                    default -> "off (0.00/0/0)";
                });
            }
            return b.toString();
        }
    }

    /**
     * An IPv6 endpoint as net-tools prints it: the address without brackets, cut so that address
     * and port fit 22 characters (netstat.c without --wide), then ":port".
     */
    static String endpoint6(String addr, int port, boolean numeric) {
        String name = port < 0 || numeric ? null : Services.byPort(port, "tcp");
        String p = port < 0 ? "*" : name != null ? name : Integer.toString(port);
        String host = addr.length() + p.length() > 22 ? addr.substring(0, 22 - p.length()) : addr;
        return host + ":" + p;
    }

    /** addr:port, names for both unless numeric; port -1 prints "*". */
    static String endpoint(Node node, int addr, int port, boolean numeric) {
        String host = numeric || addr == 0 ? Ip4.str(addr) : NetTools.host(node, addr);
        String name = port < 0 || numeric ? null : Services.byPort(port, "tcp");
        String p = port < 0 ? "*" : name != null ? name : Integer.toString(port);
        return host + ":" + p;
    }
}
