package dev.minternet.transport.tcp;

/**
 * One row of a node's TCP socket table, as {@code netstat} and {@code ss} list it: a
 * {@link TcpListener} (LISTEN) or a {@link TcpConnection} (every other state).
 */
public sealed interface TcpSocket permits TcpListener, TcpConnection {
    /** The bound local address, 0 for any (0.0.0.0). */
    int localAddress();
}
