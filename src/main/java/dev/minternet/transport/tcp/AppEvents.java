package dev.minternet.transport.tcp;

/**
 * The application events of one connection. They are collected while the connection processes
 * an input (a segment, a timer, a user call) and delivered to its {@link TcpHandler} once the
 * input is done, so that a handler may call back into the connection (read, send, close) freely;
 * events raised by such calls during delivery are folded into the running loop.
 */
final class AppEvents {
    /** A passively opened connection completed its handshake: the listener accepts it. */
    static final int ACCEPT = 1;
    static final int CONNECTED = 2;
    static final int READABLE = 4;
    static final int PEER_CLOSED = 8;
    static final int WRITABLE = 16;
    static final int CLOSED = 32;

    private final TcpConnection c;
    private int pending;
    private boolean delivering;
    private boolean closeNotified;
    private TcpError closeError;

    AppEvents(TcpConnection c) {
        this.c = c;
    }

    /** Queues {@code event} (one of the constants) for {@link #deliver}. */
    void post(int event) {
        pending |= event;
    }

    /** Queues the end of the connection, once: {@code error} null for an orderly close. */
    void closed(TcpError error) {
        if (!closeNotified) {
            closeNotified = true;
            closeError = error;
            post(CLOSED);
        }
    }

    /** Runs the callbacks queued while processing; re-entrant calls are folded in. */
    void deliver() {
        if (delivering || pending == 0) {
            return;
        }
        delivering = true;
        try {
            while (pending != 0) {
                int ev = pending;
                pending = 0;
                if ((ev & ACCEPT) != 0) {
                    c.env.accepted(c);
                }
                if ((ev & CONNECTED) != 0) {
                    c.handler().onConnected(c);
                }
                if ((ev & READABLE) != 0 && c.available() > 0) {
                    c.handler().onReadable(c);
                }
                if ((ev & PEER_CLOSED) != 0) {
                    c.handler().onPeerClosed(c);
                }
                if ((ev & WRITABLE) != 0) {
                    c.handler().onWritable(c);
                }
                if ((ev & CLOSED) != 0) {
                    c.handler().onClosed(c, closeError);
                }
            }
        } finally {
            delivering = false;
        }
    }
}
