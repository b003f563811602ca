package dev.minternet.transport.tcp;

/**
 * A listening socket (RFC 9293 3.10.1 passive OPEN). Each SYN for its port creates a connection
 * in LISTEN that answers with SYN,ACK; when the handshake completes the connection is handed to
 * {@link AcceptHandler#onAccept}, which installs the connection's handler (event-driven accept).
 *
 * <p>The backlog bounds connections still in SYN-RECEIVED; a SYN beyond it is dropped silently,
 * as Linux drops SYNs when its queue is full, so the client retries.
 */
public final class TcpListener implements TcpSocket {
    /** Receives each connection once its three-way handshake completed. */
    @FunctionalInterface
    public interface AcceptHandler {
        void onAccept(TcpConnection c);
    }

    private final TcpStack stack;
    private final int localAddr;
    private final int port;
    private final int backlog;
    private final TcpConfig config;
    private AcceptHandler handler;
    int halfOpen;
    private long accepted;
    private long overflows;
    private boolean closed;

    TcpListener(TcpStack stack, int localAddr, int port, int backlog, TcpConfig config, AcceptHandler handler) {
        this.stack = stack;
        this.localAddr = localAddr;
        this.port = port;
        this.backlog = backlog;
        this.config = config;
        this.handler = handler;
    }

    @Override
    public int localAddress() {
        return localAddr;
    }

    public int port() {
        return port;
    }

    public int backlog() {
        return backlog;
    }

    /** Settings given to every accepted connection (a copy each). */
    public TcpConfig config() {
        return config;
    }

    public void setHandler(AcceptHandler h) {
        this.handler = h;
    }

    /** Connections in SYN-RECEIVED (netstat's Recv-Q of a listener counts these). */
    public int pending() {
        return halfOpen;
    }

    public long accepted() {
        return accepted;
    }

    /** SYNs dropped because the backlog was full (netstat -s "SYNs to LISTEN sockets dropped"). */
    public long overflows() {
        return overflows;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Stops listening; established connections are not affected. */
    public void close() {
        if (!closed) {
            closed = true;
            stack.unlisten(this);
        }
    }

    boolean full() {
        return halfOpen >= backlog;
    }

    void overflowed() {
        overflows++;
    }

    void accept(TcpConnection c) {
        accepted++;
        if (handler != null) {
            handler.onAccept(c);
        }
    }
}
