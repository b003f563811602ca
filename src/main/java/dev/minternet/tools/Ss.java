package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.transport.tcp.CongestionControl;
import dev.minternet.transport.tcp.RtoEstimator;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpListener;
import dev.minternet.transport.tcp.TcpSocket;
import dev.minternet.transport.tcp.TcpState;
import java.util.List;
import java.util.Locale;

/**
 * ss from iproute2, TCP sockets: {@code -t}, {@code -a} all, {@code -l} listening, {@code -n}
 * numeric, {@code -i} internal TCP information (congestion control, RTT, cwnd, retransmissions).
 */
public final class Ss implements Tool {
    @Override
    public String name() {
        return "ss";
    }

    @Override
    public String synopsis() {
        return "ss [-tanli]";
    }

    @Override
    public void validate(List<String> argv) {
        parse(argv);
    }

    private static Args parse(List<String> argv) {
        Args a = new Args(argv, "", "tanliuHp");
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
            term.println("ss: " + e.getMessage());
            term.println("usage: " + synopsis());
            term.exit(1);
            return;
        }
        boolean all = a.has('a');
        boolean listening = a.has('l');
        boolean numeric = a.has('n');
        boolean info = a.has('i');
        if (!a.has('H')) {
            term.println(String.format(Locale.ROOT, "%-10s %-6s %-6s %25s %25s", "State", "Recv-Q", "Send-Q",
                    "Local Address:Port", "Peer Address:Port"));
        }
        for (TcpSocket o : node.tcp().sockets()) {
            if (o instanceof TcpListener l) {
                if (all || listening) {
                    term.println(line("LISTEN", l.pending(), l.backlog(),
                            Netstat.endpoint(node, l.localAddress(), l.port(), numeric), Netstat.endpoint(node, 0, -1, numeric)));
                }
            } else if (o instanceof TcpConnection c && !listening) {
                // Without -a, ss shows "connected" sockets: not TIME-WAIT, SYN-RECV or CLOSED.
                if (!all && (c.state() == TcpState.TIME_WAIT || c.state() == TcpState.SYN_RECEIVED
                        || c.state() == TcpState.CLOSED)) {
                    continue;
                }
                term.println(line(c.state().ssName(), c.available(), c.sendQueue(),
                        Netstat.endpoint(node, c.localAddress(), c.localPort(), numeric),
                        Netstat.endpoint(node, c.remoteAddress(), c.remotePort(), numeric)));
                if (info) {
                    term.println("\t " + info(c));
                }
            }
        }
        term.exit(0);
    }

    private static String line(String state, long recvQ, long sendQ, String local, String peer) {
        return String.format(Locale.ROOT, "%-10s %-6d %-6d %25s %25s", state, recvQ, sendQ, local, peer);
    }

    /** The -i line, in ss's "key:value" style. */
    static String info(TcpConnection c) {
        CongestionControl cc = c.congestionControl();
        RtoEstimator r = c.rtoEstimator();
        StringBuilder sb = new StringBuilder();
        sb.append(cc.name());
        if (c.sendWindowScale() > 0 || c.receiveWindowScale() > 0) {
            sb.append(" wscale:").append(c.sendWindowScale()).append(',').append(c.receiveWindowScale());
        }
        sb.append(String.format(Locale.ROOT, " rto:%d", r.rto() / Durations.MS));
        if (r.hasSample()) {
            sb.append(String.format(Locale.ROOT, " rtt:%.3f/%.3f", r.srtt() / 1e6, r.rttvar() / 1e6));
        }
        sb.append(" mss:").append(c.mss());
        sb.append(" cwnd:").append(Math.max(1, cc.cwnd() / Math.max(1, c.mss())));
        if (cc.ssthresh() != Integer.MAX_VALUE) {
            sb.append(" ssthresh:").append(Math.max(1, cc.ssthresh() / Math.max(1, c.mss())));
        }
        sb.append(" bytes_acked:").append(c.bytesAcked());
        sb.append(" bytes_received:").append(c.bytesDelivered());
        sb.append(" segs_out:").append(c.segmentsSent());
        sb.append(" segs_in:").append(c.segmentsReceived());
        if (c.retransmittedSegments() > 0) {
            sb.append(" retrans:0/").append(c.retransmittedSegments());
        }
        if (c.sackEnabled()) {
            sb.insert(0, "sack ");
        }
        if (c.timestampsEnabled()) {
            sb.insert(0, "ts ");
        }
        return sb.toString();
    }
}
