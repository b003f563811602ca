package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpListener;
import dev.minternet.transport.tcp.TcpSocket;
import dev.minternet.wire.Ip4;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * netstat from net-tools, socket listing only: {@code -t} TCP, {@code -u} UDP, {@code -a} all
 * sockets, {@code -l} listening only, {@code -n} numeric. Columns as Linux prints them.
 */
public final class Netstat implements Tool {
    /** A few /etc/services names, used without -n. */
    static final Map<Integer, String> SERVICES = Map.of(22, "ssh", 25, "smtp", 53, "domain", 80, "http",
            443, "https", 9, "discard", 7, "echo", 5001, "commplex-link");

    @Override
    public String name() {
        return "netstat";
    }

    @Override
    public String synopsis() {
        return "netstat [-tulan]";
    }

    @Override
    public void validate(List<String> argv) {
        parse(argv);
    }

    private static Args parse(List<String> argv) {
        Args a = new Args(argv, "", "tulanp");
        if (!a.operands.isEmpty()) {
            throw new IllegalArgumentException("unexpected argument '" + a.operands.get(0) + "'");
        }
        return a;
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        Args a;
        try {
            a = parse(argv);
        } catch (IllegalArgumentException e) {
            term.println("netstat: " + e.getMessage());
            term.println("usage: " + synopsis());
            term.exit(1);
            return;
        }
        boolean tcp = a.has('t') || !a.has('u');
        boolean udp = a.has('u') || !a.has('t');
        boolean listening = a.has('l');
        boolean all = a.has('a');
        boolean numeric = a.has('n');
        term.println("Active Internet connections " + (all ? "(servers and established)" : listening ? "(only servers)" : "(w/o servers)"));
        term.println("Proto Recv-Q Send-Q Local Address           Foreign Address         State      ");
        if (tcp) {
            for (TcpSocket o : node.tcp().sockets()) {
                if (o instanceof TcpListener l) {
                    if (all || listening) {
                        term.println(row("tcp", l.pending(), 0, endpoint(node, l.localAddress(), l.port(), numeric),
                                endpoint(node, 0, -1, numeric), "LISTEN"));
                    }
                } else if (o instanceof TcpConnection c && !listening) {
                    term.println(row("tcp", c.available(), c.sendQueue(), endpoint(node, c.localAddress(), c.localPort(), numeric),
                            endpoint(node, c.remoteAddress(), c.remotePort(), numeric), c.state().netstatName()));
                }
            }
        }
        if (udp && (all || listening)) {
            for (int port : node.udp().boundPorts()) {
                term.println(row("udp", 0, 0, endpoint(node, 0, port, numeric), endpoint(node, 0, -1, numeric), ""));
            }
        }
        term.exit(0);
    }

    static String row(String proto, long recvQ, long sendQ, String local, String remote, String state) {
        return String.format(Locale.ROOT, "%-4s  %6d %6d %-23s %-23s %-11s", proto, recvQ, sendQ, local, remote, state).stripTrailing();
    }

    /** addr:port, names for both unless numeric; port -1 prints "*". */
    static String endpoint(Node node, int addr, int port, boolean numeric) {
        String host = Ip4.str(addr);
        if (!numeric && addr != 0) {
            String name = node.world().reverse(addr);
            if (name != null) {
                host = name;
            }
        }
        String p = port < 0 ? "*" : (!numeric && SERVICES.containsKey(port) ? SERVICES.get(port) : Integer.toString(port));
        return host + ":" + p;
    }
}
