package dev.minternet.transport;

/**
 * A connected, reliable, ordered byte stream (a TCP connection as applications see it), the seam
 * between transports and the application layer. TCP sockets implement it; so does an in-memory
 * pipe for tests. Everything happens on the simulator thread; callbacks arrive in simulated time.
 */
public interface StreamSocket {

    /** What an application hears from its connection. */
    interface Handler {
        /** Bytes arrived, in order. The array is the handler's to keep. */
        void onData(StreamSocket s, byte[] data);

        /** The peer finished sending (FIN received): no more {@link #onData} will come. */
        default void onPeerClosed(StreamSocket s) {
        }

        /** Send-buffer space became available again after {@link #send} accepted fewer bytes than offered. */
        default void onWritable(StreamSocket s) {
        }

        /** The connection is gone: closed cleanly, reset, or timed out ({@code error} null when clean). */
        default void onClosed(StreamSocket s, String error) {
        }
    }

    void setHandler(Handler h);

    /**
     * Queues bytes for sending; returns how many were accepted (less than {@code len} when the
     * send buffer is full: wait for {@link Handler#onWritable}).
     */
    int send(byte[] data, int off, int len);

    default int send(byte[] data) {
        return send(data, 0, data.length);
    }

    /** Free space in the send buffer. */
    int sendBufferSpace();

    /**
     * Whether this end can send nothing more, ever: closed, or (TLS) its close_notify sent, as the
     * engine does on the peer's. {@link #send} then accepts nothing and no {@link
     * Handler#onWritable} will come, so bytes still waiting to be sent are lost, as a write to
     * such a connection fails.
     */
    default boolean sendClosed() {
        return false;
    }

    /** Half-close: send FIN after the queued bytes; receiving continues. */
    void shutdownOutput();

    /** Graceful close of both directions. */
    void close();

    /** Abortive close (RST). */
    void abort();

    int localAddress();

    int localPort();

    int remoteAddress();

    int remotePort();

    /** The local address as text: a dotted quad, or an IPv6 address as RFC 5952 writes it. */
    default String localHost() {
        return dev.minternet.wire.Ip4.str(localAddress());
    }

    /** The remote address as text, as {@link #localHost}. */
    default String remoteHost() {
        return dev.minternet.wire.Ip4.str(remoteAddress());
    }

    /** The node name, for traces. */
    String nodeName();
}
