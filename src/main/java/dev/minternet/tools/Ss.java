package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.transport.tcp.CongestionAlgorithm;
import dev.minternet.transport.tcp.CongestionControl;
import dev.minternet.transport.tcp.LossInfo;
import dev.minternet.transport.tcp.PendingTimer;
import dev.minternet.transport.tcp.RtoEstimator;
import dev.minternet.transport.tcp.Tcp6;
import dev.minternet.transport.tcp.TcpConfig;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpState;
import dev.minternet.transport.tcp.TcpListener;
import dev.minternet.transport.tcp.TcpSocket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.util.List;
import java.util.Locale;

/**
 * ss from iproute2 in any combination of {@code -t} TCP, {@code -u} UDP, {@code -l} listening,
 * {@code -a} all, {@code -n} numeric ports, {@code -o} timers ({@link PendingTimer}), {@code -p} processes (not modelled: the column stays
 * empty, as for another user's sockets), {@code -i} internal TCP information (congestion control,
 * RTT, cwnd, retransmissions; for a listener its congestion control and initial window,
 * {@code cubic cwnd:10}), {@code -e} extended and {@code -m} memory, laid out by
 * {@link SsTable} as iproute2 6.1 lays them out.
 */
public final class Ss extends FlagsTool {
    public Ss() {
        super("ss", "ss [-tulnapiemoHs] [state STATE]... [exclude STATE]... [dport|sport OP :PORT]...", "tulnapiemoHrs");
    }

    /** iproute2 6.1's usage text (ss -h's), after getopt's complaint; ss exits 255 then. */
    @Override
    String usage() {
        return "ss-usage.txt";
    }

    @Override
    int usageStatus() {
        return 255;
    }

    @Override
    void operands(Args a) {
        SsFilter.parse(a.operands);
    }

    @Override
    void run(Node node, Args a, Terminal term) {
        SsFilter filter = SsFilter.parse(a.operands);
        if (a.has('s')) {
            SsSummary.print(node, term);
            if (!a.has('t') && !a.has('u')) {
                term.exit(0); // ss -s alone: the summary only (ss.c's do_default with no filter)
                return;
            }
        }
        // a state filter says which states show, whatever -a and -l say
        int states = filter.states >= 0 ? filter.states
                : a.has('a') ? SsFilter.ALL
                : a.has('l') ? 1 << SsFilter.LISTEN | 1 << SsFilter.CLOSE
                : SsFilter.ALL & ~(1 << SsFilter.LISTEN | 1 << SsFilter.CLOSE | 1 << SsFilter.SYN_RECV | 1 << SsFilter.TIME_WAIT);
        boolean numeric = a.has('n');
        boolean info = a.has('i');
        boolean tcp = a.has('t') || !a.has('u');
        boolean udp = a.has('u') || !a.has('t');
        SsTable table = new SsTable(tcp && udp, filter.stateColumn(), !a.has('H'));
        List<TcpSocket> sockets = node.tcp().sockets();
        // ss lists UDP before TCP; an unconnected UDP socket is UNCONN, shown with -l or -a
        boolean unconn = (states & 1 << SsFilter.CLOSE) != 0;
        if (udp && unconn) {
            for (int port : node.udp().boundPorts()) {
                if (!filter.ports(port, 0)) {
                    continue;
                }
                table.add("udp", "UNCONN", 0, 0, "0.0.0.0", service(port, "udp", numeric), "0.0.0.0", "*",
                        details(a, sockets.size() + port, TcpState.ESTABLISHED), ext(a, null, 0, 0, 0));
            }
            // IPv6 sockets (IPV6_V6ONLY, bound to every address): [::]:port, peer [::]:*
            for (int port : node.udp().boundPorts6()) {
                if (!filter.ports(port, 0)) {
                    continue;
                }
                table.add("udp", "UNCONN", 0, 0, "[::]", service(port, "udp", numeric), "[::]", "*",
                        details(a, sockets.size() + 65536 + port, TcpState.ESTABLISHED), ext(a, null, 0, 0, 0));
            }
        }
        if (tcp) {
            for (int k = 0; k < sockets.size(); k++) {
                TcpSocket o = sockets.get(k);
                if (o instanceof TcpListener l) {
                    if ((states & 1 << SsFilter.LISTEN) != 0 && filter.ports(l.port(), 0)) {
                        // on a node with IPv6 a wildcard listener is dual stack (bound to [::],
                        // IPV6_V6ONLY off), which ss prints as "*"
                        boolean dual = l.localAddress() == 0 && node.ip6().enabled();
                        table.add("tcp", "LISTEN", l.acceptQueue(), l.backlog(), dual ? "*" : Ip4.str(l.localAddress()),
                                service(l.port(), "tcp", numeric), dual ? "*" : "0.0.0.0", "*", details(a, k, TcpState.LISTEN),
                                listenerExt(a, l.config()));
                    }
                } else if (o instanceof TcpConnection c) {
                    // Without -a or a state filter, ss shows "connected" sockets: not TIME-WAIT,
                    // SYN-RECV or CLOSED; with -l, listening ones only.
                    if ((states & SsFilter.bit(c.state())) == 0 || !filter.ports(c.localPort(), c.remotePort())) {
                        continue;
                    }
                    // IPv6 addresses in brackets, as ss prints numeric IPv6 addresses
                    table.add("tcp", c.state().ssName(), c.available(), c.sendQueue(), ssHost(Tcp6.localHost(c)),
                            service(c.localPort(), "tcp", numeric), ssHost(Tcp6.remoteHost(c)),
                            service(c.remotePort(), "tcp", numeric), (a.has('o') ? timer(PendingTimer.of(c, node.sim().now())) : "")
                                    + details(a, k, c.state()), ext(a, info ? c : null, k, c.available(), c.sendQueue()));
                }
            }
        }
        table.render().forEach(term::println);
        term.exit(0);
    }

    /**
     * -o: the pending timer as ss.c's tcp_timer_print writes it after the process,
     * {@code timer:(on,200ms,0)}, nothing when none is pending (inet_diag's idiag_timer 0).
     */
    static String timer(PendingTimer t) {
        if (t.kind() == PendingTimer.NONE) {
            return "";
        }
        String name = switch (t.kind()) {
            case PendingTimer.ON -> "on";
            case PendingTimer.TIMEWAIT -> "timewait";
            default -> "persist";
        };
        return " timer:(" + name + "," + msTimer(t.remaining() / Durations.MS) + "," + t.count() + ")";
    }

    /** print_ms_timer of iproute2 6.1: {@code 200ms}, {@code 1.234ms} (sic), {@code 59sec}, {@code 2min30sec}, {@code 119min}. */
    static String msTimer(long ms) {
        long secs = ms / 1000;
        long minutes = secs / 60;
        secs %= 60;
        long msecs = ms % 1000;
        StringBuilder b = new StringBuilder();
        if (minutes != 0) {
            msecs = 0;
            b.append(minutes).append("min");
            if (minutes > 9) {
                secs = 0;
            }
        }
        if (secs != 0) {
            if (secs > 9) {
                msecs = 0;
            }
            b.append(secs).append(msecs != 0 ? "." : "sec");
        }
        if (msecs != 0) {
            b.append(String.format(Locale.ROOT, "%03dms", msecs));
        }
        return b.toString();
    }

    private static String ssHost(String h) {
        return Ip6.bracketed(h);
    }

    /**
     * {@code -e} on the socket's own line, after the process and the timer, as iproute2 6.1's
     * sock_details_print and the shutdown mask print it: no uid (the node's tools run as root, and
     * ss leaves out uid 0), socket numbers in the node's order where Linux prints the inode and
     * the kernel address, the cgroup (v2, the root's), then {@code <->} with a {@code -} for each
     * direction shut down (receive first). A TIME-WAIT socket is the kernel's small time-wait
     * socket: inode 0, no cgroup, no mask.
     */
    static String details(Args a, int index, TcpState st) {
        if (!a.has('e')) {
            return "";
        }
        String sk = " sk:" + Integer.toHexString(index + 1);
        if (st == TcpState.TIME_WAIT) {
            return " ino:0" + sk;
        }
        boolean rcv = st == TcpState.CLOSE_WAIT || st == TcpState.CLOSING || st == TcpState.LAST_ACK;
        boolean snd = st == TcpState.FIN_WAIT_1 || st == TcpState.FIN_WAIT_2 || st == TcpState.CLOSING || st == TcpState.LAST_ACK;
        return " ino:" + (index + 1) + sk + " cgroup:/ " + (rcv ? '-' : '<') + "-" + (snd ? '-' : '>');
    }

    /**
     * The extension lines: {@code -m} (skmem from the socket's buffers) and {@code -i} (TCP
     * internals), after a newline and a tab as ss prints them.
     */
    private static String ext(Args a, TcpConnection c, int index, int recvQ, int sendQ) {
        StringBuilder b = new StringBuilder();
        if (a.has('m') && c != null) {
            b.append(" skmem:(r").append(recvQ).append(",rb").append(2L * c.receiveBufferSize()).append(",t").append(sendQ)
                    .append(",tb").append(c.sendBufferSize()).append(",f0,w0,o0,bl0,d0)");
        }
        if (a.has('i') && c != null) {
            b.append(" ").append(info(c));
        }
        return b.length() == 0 ? "" : "\n\t" + b;
    }

    /**
     * A listener's extension lines as ss prints them: {@code -m} its buffers (tcp_rmem's and
     * tcp_wmem's defaults, nothing queued) and {@code -i} its congestion control and initial
     * window, {@code cubic cwnd:10} (a listening socket has no RTT or MSS yet).
     */
    private static String listenerExt(Args a, TcpConfig cfg) {
        StringBuilder b = new StringBuilder();
        if (a.has('m')) {
            b.append(" skmem:(r0,rb").append(cfg.rmemDefault()).append(",t0,tb").append(cfg.sendBuffer())
                    .append(",f0,w0,o0,bl0,d0)");
        }
        if (a.has('i')) {
            b.append(' ').append(cfg.congestionControl() == CongestionAlgorithm.NEWRENO ? "reno" : "cubic")
                    .append(" cwnd:").append(TcpConfig.INITIAL_CWND_SEGMENTS);
        }
        return b.length() == 0 ? "" : "\n\t" + b;
    }

    /** A port by its /etc/services name unless -n; Linux's ephemeral ports (32768-60999) stay numbers. */
    static String service(int port, String proto, boolean numeric) {
        String name = numeric || (port >= 32768 && port <= 60999) ? null : Services.byPort(port, proto);
        return name != null ? name : Integer.toString(port);
    }

    /** The -i line, in ss's "key:value" style. */
    public static String info(TcpConnection c) {
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
        // As iproute2's ss prints tcpi_lost, tcpi_sacked, tcpi_dsack_dups, tcpi_reordering (when
        // not 3) and tcpi_reord_seen, after retrans and before rcv_rtt, each when non-zero.
        LossInfo li = LossInfo.of(c);
        if (li.lost() > 0) {
            sb.append(" lost:").append(li.lost());
        }
        if (li.sacked() > 0) {
            sb.append(" sacked:").append(li.sacked());
        }
        if (li.dsackDups() > 0) {
            sb.append(" dsack_dups:").append(li.dsackDups());
        }
        if (li.reordering() != TcpConfig.DUP_THRESH) {
            sb.append(" reordering:").append(li.reordering());
        }
        if (li.reordSeen() > 0) {
            sb.append(" reord_seen:").append(li.reordSeen());
        }
        // As ss prints tcpi_rcv_rtt (ms), tcpi_rcv_space and tcpi_rcv_ssthresh, each when non-zero.
        if (c.rcvRtt() > 0) {
            sb.append(" rcv_rtt:").append(Formats.g(c.rcvRtt() / 1e6));
        }
        if (c.rcvSpace() > 0) {
            sb.append(" rcv_space:").append(c.rcvSpace());
        }
        if (c.rcvSsthresh() > 0) {
            sb.append(" rcv_ssthresh:").append(c.rcvSsthresh());
        }
        if (li.rcvOooPack() > 0) {
            sb.append(" rcv_ooopack:").append(li.rcvOooPack()); // ss prints it after minrtt, before snd_wnd
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
