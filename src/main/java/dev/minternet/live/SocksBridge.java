package dev.minternet.live;

import dev.minternet.node.Node;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.wire.Ip4;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A SOCKS5 proxy on 127.0.0.1 (RFC 1928, no authentication, CONNECT only) whose connections open
 * from a node of the simulated world, as {@link ProxyBridge}'s do: a real client (curl
 * {@code --socks5-hostname}, a browser) names the target by domain name (resolved inside the
 * world) or IPv4 address; the success reply goes back once the simulated TCP handshake is done,
 * with the node's own address and port as BND, and then bytes are copied both ways. Only targets
 * inside the world ({@link WorldScope}) are allowed: anything else gets reply 0x02 (not allowed
 * by ruleset); an IPv6 address 0x08 (address type not supported), UDP ASSOCIATE and BIND 0x07
 * (command not supported).
 */
final class SocksBridge extends TcpBridge {
    static final int VERSION = 5;
    static final int NO_AUTH = 0;
    static final int NO_ACCEPTABLE = 0xFF;
    static final int CMD_CONNECT = 1;
    static final int ATYP_IPV4 = 1;
    static final int ATYP_DOMAIN = 3;
    static final int ATYP_IPV6 = 4;
    static final int REP_OK = 0;
    static final int REP_GENERAL = 1;
    static final int REP_NOT_ALLOWED = 2;
    static final int REP_REFUSED = 5;
    static final int REP_COMMAND = 7;
    static final int REP_ADDRESS_TYPE = 8;

    SocksBridge(Live live, Node node, int port, Connections connections, Consumer<String> log) throws IOException {
        super("socks", live, node, port, connections, log);
    }

    @Override
    void serve(Socket real) {
        if (!connections.acquire()) {
            Listen.close(real);
            return;
        }
        String host;
        int port;
        try {
            real.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(real.getInputStream());
            OutputStream out = real.getOutputStream();
            // the greeting: version, the methods the client offers; "no authentication" is the one we take
            if (in.readUnsignedByte() != VERSION) {
                throw new IOException("not SOCKS5");
            }
            int n = in.readUnsignedByte();
            boolean noAuth = false;
            for (int i = 0; i < n; i++) {
                noAuth |= in.readUnsignedByte() == NO_AUTH;
            }
            out.write(new byte[] {VERSION, (byte) (noAuth ? NO_AUTH : NO_ACCEPTABLE)});
            out.flush();
            if (!noAuth) {
                throw new IOException("no acceptable method");
            }
            // the request: version, command, reserved, address type, address, port
            if (in.readUnsignedByte() != VERSION) {
                throw new IOException("not SOCKS5");
            }
            int cmd = in.readUnsignedByte();
            in.readUnsignedByte();
            int atyp = in.readUnsignedByte();
            if (atyp == ATYP_IPV4) {
                host = Ip4.str(in.readInt());
            } else if (atyp == ATYP_DOMAIN) {
                byte[] name = new byte[in.readUnsignedByte()];
                in.readFully(name);
                host = new String(name, StandardCharsets.US_ASCII);
            } else {
                in.skipNBytes(atyp == ATYP_IPV6 ? 16 : 0);
                finish(real, REP_ADDRESS_TYPE);
                return;
            }
            port = in.readUnsignedShort();
            if (cmd != CMD_CONNECT) {
                finish(real, REP_COMMAND);
                return;
            }
            real.setSoTimeout(0);
        } catch (IOException e) {
            connections.release();
            Listen.close(real);
            return;
        }
        String h = host;
        int p = port;
        try {
            live.submit(() -> open(real, h, p));
        } catch (IllegalStateException stopping) {
            connections.release();
            Listen.close(real);
        }
    }

    /** Resolves the target inside the world, then opens the simulated connection (simulation thread). */
    private void open(Socket real, String host, int port) {
        WorldScope.resolve(node, host, target -> {
            if (!target.allowed()) {
                log.accept("socks: refused " + host + ":" + port + ": " + target.refusal());
                Listen.thread("live-socks-reply", () -> finish(real, REP_NOT_ALLOWED));
                return;
            }
            // TCP_NODELAY, as the real clients set it on their own sockets (ProxyBridge)
            TcpStreamSocket.connect(node.tcp(), target.address(), port, TcpStreamSocket.noDelay(node.tcp()), sim -> {
                byte[] ok = reply(REP_OK, sim.localAddress(), sim.localPort());
                Relay.start(live, real, sim, ok, new byte[0], connections.byteLimit(), connections::release);
            }, error -> {
                log.accept("socks: " + host + ":" + port + ": " + error);
                Listen.thread("live-socks-reply", () -> finish(real, error.contains("refused") ? REP_REFUSED : REP_GENERAL));
            });
        });
    }

    /** A reply with BND.ADDR and BND.PORT (IPv4). */
    static byte[] reply(int rep, int address, int port) {
        return new byte[] {VERSION, (byte) rep, 0, ATYP_IPV4, (byte) (address >>> 24), (byte) (address >>> 16),
                (byte) (address >>> 8), (byte) address, (byte) (port >>> 8), (byte) port};
    }

    /** A failure reply, then the connection closes (off the simulation thread). */
    private void finish(Socket real, int rep) {
        try (Socket s = real; OutputStream out = s.getOutputStream()) {
            out.write(reply(rep, 0, 0));
            out.flush();
        } catch (IOException e) {
            // the client left first
        } finally {
            connections.release();
        }
    }
}
