package dev.minternet.transport.tcp;

/**
 * Application callbacks of a connection (the event-driven socket API). All callbacks run after
 * the connection finished processing the input that caused them, so a handler may call back into
 * the connection (read, send, close) freely.
 */
public interface TcpHandler {
    /** The three-way handshake completed (active or passive open). */
    default void onConnected(TcpConnection c) {
    }

    /** In-order bytes are waiting to be read ({@link TcpConnection#available()}). */
    default void onReadable(TcpConnection c) {
    }

    /** Space freed in the send buffer after a send filled it or could not queue everything. */
    default void onWritable(TcpConnection c) {
    }

    /** The peer sent FIN: after the available bytes, the stream ends (EOF). */
    default void onPeerClosed(TcpConnection c) {
    }

    /**
     * The connection reached CLOSED (or TIME-WAIT, after which nothing more can happen to the
     * user). {@code error} is null for an orderly close.
     */
    default void onClosed(TcpConnection c, TcpError error) {
    }

    /** A handler that ignores everything. */
    TcpHandler NONE = new TcpHandler() {
    };
}
