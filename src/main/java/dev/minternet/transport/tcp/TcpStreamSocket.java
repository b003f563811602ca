package dev.minternet.transport.tcp;

import dev.minternet.transport.StreamSocket;
import dev.minternet.wire.Ip6;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A TCP connection seen through the application seam {@link StreamSocket}: what HTTP, TLS,
 * DNS over TCP and the PostgreSQL protocol run on. Readable bytes are drained into arrays and
 * handed to the handler in order; until a handler is set, they wait in TCP's receive buffer (and
 * the advertised window shrinks, as with a real socket nobody reads).
 */
public final class TcpStreamSocket implements StreamSocket, TcpHandler {
    private final TcpConnection c;
    private final String nodeName;
    private Handler handler;
    private boolean peerClosedSeen;
    private boolean peerClosedDelivered;
    private boolean closedDelivered;
    private String closeError;
    private boolean closed;
    private ReadGate gate;

    /**
     * Paces the application's reads (curl's --limit-rate): asked before each read how many of the
     * {@code available} bytes to take now; 0 leaves them in the receive buffer, so the advertised
     * window shrinks and TCP slows the sender, until {@link #resumeReading()}.
     */
    @FunctionalInterface
    public interface ReadGate {
        int allowance(int available);
    }

    /** Installs (or with null removes) a gate on reading; removing it delivers what waits. */
    public void setReadGate(ReadGate g) {
        gate = g;
        if (g == null) {
            pump();
        }
    }

    /** Reads what the gate now allows (it calls this when its pause is over). */
    public void resumeReading() {
        pump();
    }

    private TcpStreamSocket(TcpConnection c, String nodeName) {
        this.c = c;
        this.nodeName = nodeName;
    }

    /**
     * Opens a connection to {@code dst:port}; calls {@code connected} once the handshake completes,
     * or {@code failed} with the errno text ("connection refused", "connection timed out",
     * "Network is unreachable"). Returns the connection being opened (abort it to give up: a
     * connect timeout), or null when it could not even start.
     */
    public static TcpConnection connect(TcpStack stack, int dst, int port, Consumer<StreamSocket> connected, Consumer<String> failed) {
        return connect(stack, dst, port, null, connected, failed);
    }

    /** {@link #connect(TcpStack, int, int, Consumer, Consumer)} with socket options ({@code cfg} null: the node's defaults). */
    public static TcpConnection connect(TcpStack stack, int dst, int port, TcpConfig cfg, Consumer<StreamSocket> connected,
            Consumer<String> failed) {
        return open(stack, h -> cfg == null ? stack.connect(dst, port, h) : stack.connect(dst, port, cfg, h), connected, failed);
    }

    /** {@link #connect(TcpStack, int, int, TcpConfig, Consumer, Consumer)} over IPv6 to {@code [dst]:port}. */
    public static TcpConnection connect(TcpStack stack, Ip6 dst, int port, TcpConfig cfg, Consumer<StreamSocket> connected,
            Consumer<String> failed) {
        return open(stack, h -> stack.connect(0, dst, port, cfg == null ? stack.defaults().copy() : cfg, h), connected, failed);
    }

    private static TcpConnection open(TcpStack stack, java.util.function.Function<TcpHandler, TcpConnection> connect,
            Consumer<StreamSocket> connected, Consumer<String> failed) {
        TcpStreamSocket[] holder = new TcpStreamSocket[1];
        TcpHandler pre = new TcpHandler() {
            @Override
            public void onConnected(TcpConnection c) {
                TcpStreamSocket s = holder[0];
                c.setHandler(s);
                connected.accept(s);
                s.pump();
            }

            @Override
            public void onClosed(TcpConnection c, TcpError error) {
                failed.accept(error == null ? "connection closed" : error.message());
            }
        };
        TcpConnection c;
        try {
            c = connect.apply(pre);
        } catch (IllegalStateException e) {
            stack.ip().sim().schedule(0, () -> failed.accept(e.getMessage()));
            return null;
        }
        holder[0] = new TcpStreamSocket(c, stack.ip().nodeName());
        return c;
    }

    /** Listens on {@code port}; every accepted connection is handed to {@code accepted}. */
    public static TcpListener listen(TcpStack stack, int port, Consumer<StreamSocket> accepted) {
        return listen(stack, port, null, accepted);
    }

    /** Listens with socket options for the accepted connections ({@code cfg} null: the node's defaults). */
    public static TcpListener listen(TcpStack stack, int port, TcpConfig cfg, Consumer<StreamSocket> accepted) {
        String node = stack.ip().nodeName();
        TcpListener.AcceptHandler h = c -> {
            TcpStreamSocket s = new TcpStreamSocket(c, node);
            c.setHandler(s);
            accepted.accept(s);
            s.pump();
        };
        return cfg == null ? stack.listen(port, h) : stack.listen(0, port, TcpStack.DEFAULT_BACKLOG, cfg, h);
    }

    /** The node's TCP defaults with TCP_NODELAY on, as curl and nginx set it on their sockets. */
    public static TcpConfig noDelay(TcpStack stack) {
        return stack.defaults().copy().noDelay(true);
    }

    /** The underlying connection (for statistics and tools). */
    public TcpConnection connection() {
        return c;
    }

    @Override
    public void setHandler(Handler h) {
        this.handler = h;
        pump();
    }

    @Override
    public int send(byte[] data, int off, int len) {
        if (closed) {
            return 0;
        }
        return c.send(data, off, len);
    }

    @Override
    public boolean sendClosed() {
        return closed;
    }

    @Override
    public int sendBufferSpace() {
        return closed ? 0 : c.sendBufferFree();
    }

    @Override
    public void shutdownOutput() {
        c.shutdownOutput();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            c.close();
        }
    }

    @Override
    public void abort() {
        closed = true;
        c.abort();
    }

    @Override
    public int localAddress() {
        return c.localAddress();
    }

    @Override
    public int localPort() {
        return c.localPort();
    }

    @Override
    public int remoteAddress() {
        return c.remoteAddress();
    }

    @Override
    public String localHost() {
        return Tcp6.localHost(c);
    }

    @Override
    public String remoteHost() {
        return Tcp6.remoteHost(c);
    }

    @Override
    public int remotePort() {
        return c.remotePort();
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    // TcpHandler: events from the connection

    @Override
    public void onReadable(TcpConnection conn) {
        pump();
    }

    @Override
    public void onWritable(TcpConnection conn) {
        if (handler != null) {
            handler.onWritable(this);
        }
    }

    @Override
    public void onPeerClosed(TcpConnection conn) {
        peerClosedSeen = true;
        pump();
    }

    @Override
    public void onClosed(TcpConnection conn, TcpError error) {
        closeError = error == null ? null : error.message();
        closedDelivered = false;
        closed = true;
        pump();
        if (handler != null && !closedDelivered) {
            closedDelivered = true;
            handler.onClosed(this, closeError);
        }
    }

    /** Delivers readable bytes, then the end of the stream, to the handler once one is set. */
    private void pump() {
        if (handler == null) {
            return;
        }
        int n;
        while ((n = c.available()) > 0) {
            if (gate != null) {
                n = Math.min(n, gate.allowance(n));
                if (n <= 0) {
                    return; // the gate calls resumeReading when reading may go on
                }
            }
            byte[] b = new byte[n];
            int got = c.read(b, 0, n);
            if (got <= 0) {
                break;
            }
            handler.onData(this, got == n ? b : Arrays.copyOf(b, got));
            if (handler == null) {
                return;
            }
        }
        if (peerClosedSeen && !peerClosedDelivered && c.available() == 0) {
            peerClosedDelivered = true;
            handler.onPeerClosed(this);
        }
    }
}
