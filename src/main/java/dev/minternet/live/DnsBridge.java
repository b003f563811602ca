package dev.minternet.live;

import dev.minternet.dns.StubResolver;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.transport.udp.UdpSocket;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS listener on 127.0.0.1 (UDP and TCP) whose queries enter the simulated world from a node:
 * each real query's bytes leave that node, unchanged, for the first name server of its stub
 * resolver (on a fresh UDP port, or a fresh TCP connection to port 53, as the node's own stub
 * would send them), and the answer's bytes come back unchanged. So a real {@code dig} gets the
 * answer the node's resolver gives, having walked the simulated chain (forwarder, recursive
 * resolver, root, TLD and authoritative servers) in paced simulated time.
 */
final class DnsBridge implements AutoCloseable {
    /** How long (simulated) an unanswered UDP query keeps its port on the node. */
    static final long UDP_TIMEOUT_NS = 10 * Durations.S;
    /** Queries in flight at once over UDP; more are dropped, as a busy server drops them. */
    static final int MAX_UDP_IN_FLIGHT = 256;
    private static final int DNS_PORT = 53;

    private final Live live;
    private final Node node;
    private final int nameserver;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Connections connections;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** Binds 127.0.0.1:{@code port} (0: a free port) for UDP and TCP on the same port number. */
    DnsBridge(Live live, Node node, int port, Connections connections) throws IOException {
        this.live = live;
        this.node = node;
        this.connections = connections;
        StubResolver stub = node.service(StubResolver.class);
        if (stub == null || stub.nameservers().isEmpty()) {
            throw new IllegalArgumentException("node " + node.name() + " has no resolver to send DNS queries to");
        }
        this.nameserver = stub.nameservers().get(0);
        ServerSocket t = null;
        DatagramSocket u = null;
        for (int attempt = 0; attempt < 20 && u == null; attempt++) {
            t = Listen.tcp(port);
            try {
                u = new DatagramSocket(new InetSocketAddress(Listen.LOOPBACK, t.getLocalPort()));
            } catch (IOException e) {
                t.close();
                if (port != 0) {
                    throw e;
                }
            }
        }
        if (u == null) {
            throw new IOException("no free port for both UDP and TCP");
        }
        this.tcp = t;
        this.udp = u;
    }

    int port() {
        return tcp.getLocalPort();
    }

    void start() {
        Listen.thread("live-dns-udp", this::serveUdp);
        Listen.thread("live-dns-tcp", () -> Listen.accept(tcp, this::serveTcp));
    }

    private void serveUdp() {
        byte[] buf = new byte[65535];
        while (!udp.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                udp.receive(p);
            } catch (IOException e) {
                return;
            }
            if (inFlight.get() >= MAX_UDP_IN_FLIGHT) {
                continue;
            }
            byte[] query = Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
            SocketAddress client = p.getSocketAddress();
            inFlight.incrementAndGet();
            try {
                live.submit(() -> query(query, client));
            } catch (IllegalStateException stopping) {
                return;
            }
        }
    }

    /** One query over UDP, from a fresh port on the node (simulation thread). */
    private void query(byte[] query, SocketAddress client) {
        UdpSocket s = node.udp().open(0);
        boolean[] done = {false};
        Runnable finish = () -> {
            if (!done[0]) {
                done[0] = true;
                s.close();
                inFlight.decrementAndGet();
            }
        };
        s.onReceive((src, srcPort, payload, datagram) -> {
            if (src != nameserver || srcPort != DNS_PORT || done[0]) {
                return;
            }
            try {
                udp.send(new DatagramPacket(payload, payload.length, client));
            } catch (IOException e) {
                // the client went away; the answer is dropped as a real server's would be
            }
            finish.run();
        });
        node.sim().schedule(UDP_TIMEOUT_NS, finish);
        s.send(nameserver, DNS_PORT, query);
    }

    /** One TCP connection: a simulated connection to the name server's port 53, bytes relayed both ways. */
    private void serveTcp(Socket real) {
        if (!connections.acquire()) {
            Listen.close(real);
            return;
        }
        live.submit(() -> TcpStreamSocket.connect(node.tcp(), nameserver, DNS_PORT,
                sim -> Relay.start(live, real, sim, new byte[0], new byte[0], connections.byteLimit(), connections::release),
                error -> {
                    Listen.close(real);
                    connections.release();
                }));
    }

    @Override
    public void close() {
        udp.close();
        Listen.close(tcp);
    }
}
