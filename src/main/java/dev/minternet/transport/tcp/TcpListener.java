package dev.minternet.transport.tcp;

/**
 * A listening socket (RFC 9293 3.10.1 passive OPEN). Each SYN for its port creates a connection
 * in LISTEN that answers with SYN,ACK; when the handshake completes the connection is handed to
 * {@link AcceptHandler#onAccept}, which installs the connection's handler (event-driven accept).
 *
 * <p>Like Linux, the backlog (capped by net.core.somaxconn) bounds the SYN queue: connections
 * still in SYN-RECEIVED. A SYN beyond it gets a SYN cookie when net.ipv4.tcp_syncookies is 1 or
 * 2 (RFC 4987 3.6, {@link SynCookies}) and is dropped silently when it is 0, so the client
 * retries. Linux's accept queue (handshaken connections waiting for accept()) is always empty
 * here: the application accepts in the event that completes the handshake.
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
    /** When a SYN last found the SYN queue full (Linux tcp_synq_overflow), or -1. */
    long lastOverflow = -1;
    /** "Possible SYN flooding" was reported once (Linux queue->synflood_warned). */
    boolean synFloodWarned;
    private long cookiesSent;
    private long cookiesReceived;
    private long cookiesFailed;

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

    /** Connections in SYN-RECEIVED: the SYN queue's length (Linux inet_csk_reqsk_queue_len). */
    public int pending() {
        return halfOpen;
    }

    /**
     * Handshaken connections waiting for accept() (ss's Recv-Q of a listener): always 0, since
     * the application accepts each connection in the event that completes its handshake.
     */
    public int acceptQueue() {
        return 0;
    }

    /** SYN,ACKs sent with a cookie instead of a SYN queue entry (TcpExt SyncookiesSent). */
    public long cookiesSent() {
        return cookiesSent;
    }

    /** ACKs whose cookie was valid: connections created without queue state (SyncookiesRecv). */
    public long cookiesReceived() {
        return cookiesReceived;
    }

    /** ACKs whose cookie did not check out (SyncookiesFailed): answered with a reset. */
    public long cookiesFailed() {
        return cookiesFailed;
    }

    void cookieSent() {
        cookiesSent++;
    }

    void cookieReceived() {
        cookiesReceived++;
    }

    void cookieFailed() {
        cookiesFailed++;
    }

    public long accepted() {
        return accepted;
    }

    /** SYNs dropped because the SYN queue was full (netstat -s "SYNs to LISTEN sockets dropped"). */
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
