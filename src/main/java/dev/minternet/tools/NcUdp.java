package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.transport.udp.UdpSocket;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * nc in UDP mode ({@code -u}); TCP mode comes with the TCP module, whose nc can hand {@code -u} to
 * this class. Options follow that nc where they overlap ({@code -m text}, {@code -w}, {@code -v},
 * {@code -l}, {@code -p}). The client sends its message ({@code -m}, or the words after the port)
 * as one line and prints every datagram that comes back until {@code -w} seconds pass in silence; an ICMP
 * port unreachable ends it with "Connection refused", as a connected UDP socket reports it. The
 * listener prints what arrives (with {@code -v}, who sent it, as OpenBSD nc's "Connection received
 * on"); with {@code -e cat} it sends each datagram back, as traditional nc running /bin/cat does
 * (a simulated terminal has no keyboard to type replies on).
 */
final class NcUdp implements Tool {
    /** How long the client waits for replies after its last datagram, when -w is not given. */
    static final long DEFAULT_WAIT_NS = 2 * Durations.S;
    /**
     * netcat-openbsd reads its input 16 KiB at a time (BUFSIZE) and sends each read as one
     * datagram, so a message longer than a datagram can carry (65,507 bytes) still goes out,
     * in pieces. Measured: a 70,001-byte line piped into nc -u left as 16384 x 4 + 4465 bytes.
     */
    static final int READ_CHUNK = 16384;
    /** netcat-openbsd takes -w in whole seconds up to INT_MAX / 1000 ("nc: timeout too large"). */
    static final long MAX_TIMEOUT_NS = Integer.MAX_VALUE / 1000 * Durations.S;

    /** -w in ns, refused past netcat-openbsd's bound. */
    static long timeout(Args a, long defNs) {
        long ns = a.seconds('w', defNs);
        if (ns > MAX_TIMEOUT_NS) {
            throw new IllegalArgumentException("timeout too large: " + a.str('w', ""));
        }
        return ns;
    }

    @Override
    public String name() {
        return "nc";
    }

    @Override
    public String synopsis() {
        return "nc -u [-v] [-w secs] [-p srcport] [-m text] host port [message...] | nc -zu [-v] [-w secs] host port | nc -u -l [-v] [-e cat] [-p] port";
    }

    @Override
    public void validate(List<String> argv) {
        if (!new Args(argv, "wpem", "ulvnz").has('u')) {
            throw new IllegalArgumentException("only UDP mode (-u) is available");
        }
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        Args a;
        try {
            a = new Args(argv, "wpem", "ulvnz");
            if (!a.has('u')) {
                throw new IllegalArgumentException("only UDP mode (-u) is available");
            }
            if (a.has('l')) {
                listen(node, a, term);
            } else {
                connect(node, a, term);
            }
        } catch (IllegalArgumentException e) {
            term.println("nc: " + e.getMessage());
            term.exit(1);
        }
    }

    /** nc's strtoport, in its words ("port number too large: 70000"), as over TCP. */
    private static int port(String s) {
        return PortRange.port(s, "udp");
    }

    private static void listen(Node node, Args a, Terminal term) {
        String portText = a.has('p') ? a.str('p', "") : a.operands.isEmpty() ? null : a.operands.get(0);
        if (portText == null) {
            throw new IllegalArgumentException("missing port number");
        }
        String exec = a.str('e', null);
        if (exec != null && !exec.equals("cat") && !exec.equals("/bin/cat")) {
            throw new IllegalArgumentException("-e: only cat is available");
        }
        boolean verbose = a.has('v');
        int port = port(portText);
        UdpSocket s;
        try {
            s = node.udp().open(port);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("Address already in use");
        }
        if (verbose) {
            term.println("Bound on 0.0.0.0 " + port);
        }
        LinePrinter lines = new LinePrinter(term);
        s.onReceive((src, srcPort, payload, datagram) -> {
            if (verbose) {
                term.println("Connection received on " + Ip4.str(src) + " " + srcPort);
            }
            lines.write(payload, 0, payload.length);
            if (exec != null) {
                s.send(src, srcPort, payload);
            }
        });
        term.onInterrupt(() -> {
            lines.flush();
            s.close();
            term.exit(0);
        });
    }

    private static void connect(Node node, Args a, Terminal term) {
        if (a.operands.size() < 2) {
            throw new IllegalArgumentException("usage: nc -u [-v] [-w secs] [-p srcport] [-m text] host port [message...]");
        }
        String host = a.operands.get(0);
        if (a.has('z')) { // a scan takes a range of ports, as over TCP
            int[] ports = PortRange.ports(a.operands.subList(1, a.operands.size()), "udp"); // every operand after the host a port
            long probes = a.has('w') ? timeout(a, DEFAULT_WAIT_NS) / Durations.S : UDP_SCAN_TIMEOUT;
            int srcPort = a.has('p') ? port(a.str('p', "")) : 0;
            Names.resolve(node, host, dst -> {
                if (dst == 0 || ports.length == 1) {
                    scan(node, term, host, dst, ports[0], probes, srcPort, a.has('v'), a.has('n')); // getaddrinfo fails once
                } else {
                    PortRange.each(node, term, ports, (t, p) -> scan(node, t, host, dst, p, probes, srcPort, a.has('v'), a.has('n')));
                }
            });
            return;
        }
        int port = port(a.operands.get(1));
        String message = (a.has('m') ? a.str('m', "") : String.join(" ", a.operands.subList(2, a.operands.size()))) + "\n";
        long wait = timeout(a, DEFAULT_WAIT_NS);
        int srcPort = a.has('p') ? port(a.str('p', "")) : 0;
        boolean verbose = a.has('v');
        boolean numeric = a.has('n');
        // getaddrinfo: the hosts table, then DNS through the node's stub resolver (may take a while).
        Names.resolve(node, host, dst -> send(node, term, host, dst, port, message, wait, srcPort, verbose, numeric));
    }

    /** OpenBSD nc's UDP_SCAN_TIMEOUT: the seconds a UDP scan writes for (or -w's). */
    static final long UDP_SCAN_TIMEOUT = 3;

    /**
     * {@code nc -zu}: OpenBSD nc's udptest. An "X" twice, then one a second for {@code probes}
     * seconds; a write after an ICMP port unreachable came back fails (ECONNREFUSED on a connected
     * UDP socket), which ends it refused; otherwise the port counts as open (or silent).
     */
    private static void scan(Node node, Terminal term, String host, int dst, int port, long probes, int srcPort,
                             boolean verbose, boolean numeric) {
        UdpSocket s = socket(node, term, host, dst, port, srcPort);
        if (s == null) {
            return;
        }
        boolean[] refused = {false};
        boolean[] done = {false};
        s.onError((from, type, code, mtu, quoted) -> refused[0] |= type == IcmpPacket.DEST_UNREACHABLE
                && code == IcmpPacket.CODE_PORT_UNREACHABLE);
        byte[] x = {'X'};
        s.send(dst, port, x);
        s.send(dst, port, x);
        long[] left = {probes};
        Timer[] tick = new Timer[1];
        tick[0] = new Timer(node.sim(), () -> {
            if (done[0]) {
                return;
            }
            if (refused[0]) {
                done[0] = true;
                s.close();
                if (verbose) {
                    term.println("nc: connect to " + host + " port " + port + " (udp) failed: Connection refused");
                }
                term.exit(1);
                return;
            }
            s.send(dst, port, x);
            if (--left[0] > 0) {
                tick[0].setAfter(Durations.S);
                return;
            }
            done[0] = true;
            s.close();
            term.println(Services.ncSucceeded(host, Ip4.str(dst), port, "udp", numeric));
            term.exit(0);
        });
        term.onInterrupt(() -> {
            if (!done[0]) {
                done[0] = true;
                tick[0].cancel();
                s.close();
                term.exit(130);
            }
        });
        if (probes <= 0) {
            done[0] = true;
            s.close();
            term.println(Services.ncSucceeded(host, Ip4.str(dst), port, "udp", numeric));
            term.exit(0);
            return;
        }
        tick[0].setAfter(Durations.S);
    }

    private static void send(Node node, Terminal term, String host, int dst, int port, String message, long wait,
                             int srcPort, boolean verbose, boolean numeric) {
        UdpSocket s = socket(node, term, host, dst, port, srcPort);
        if (s == null) {
            return;
        }
        boolean[] done = {false};
        Runnable finish = () -> {
            if (!done[0]) {
                done[0] = true;
                s.close();
                term.exit(0);
            }
        };
        Timer idle = new Timer(node.sim(), finish);
        s.onReceive((src, sp, payload, datagram) -> {
            if (!done[0] && src == dst && sp == port) {
                term.println(text(payload));
                idle.setAfter(wait);
            }
        });
        s.onError((from, type, code, mtu, quoted) -> {
            if (!done[0] && type == IcmpPacket.DEST_UNREACHABLE && code == IcmpPacket.CODE_PORT_UNREACHABLE) {
                done[0] = true;
                idle.cancel();
                s.close();
                term.println("nc: read(net): Connection refused");
                term.exit(1);
            }
        });
        term.onInterrupt(finish);
        if (verbose) {
            term.println(Services.ncSucceeded(host, Ip4.str(dst), port, "udp", numeric));
        }
        byte[] data = message.getBytes(StandardCharsets.UTF_8);
        for (int off = 0; off < data.length; off += READ_CHUNK) {
            s.send(dst, port, Arrays.copyOfRange(data, off, Math.min(data.length, off + READ_CHUNK)));
        }
        idle.setAfter(wait);
    }

    /** The client's socket, or null once it said why there is none (the name did not resolve, the port is taken). */
    private static UdpSocket socket(Node node, Terminal term, String host, int dst, int port, int srcPort) {
        if (dst == 0) {
            term.println("nc: getaddrinfo for host \"" + host + "\" port " + port + ": Name or service not known");
            term.exit(1);
            return null;
        }
        try {
            return node.udp().open(srcPort);
        } catch (IllegalStateException e) {
            term.println("nc: Address already in use");
            term.exit(1);
            return null;
        }
    }

    private static String text(byte[] payload) {
        String t = new String(payload, StandardCharsets.UTF_8);
        return t.endsWith("\n") ? t.substring(0, t.length() - 1) : t;
    }
}
