/**
 * TCP: a sans-I/O connection state machine and the per-node stack that runs it.
 *
 * <p>Start with {@link dev.minternet.transport.tcp.TcpConnection}, whose comment lists the RFCs
 * to read first, then {@link dev.minternet.transport.tcp.TcpStack}. The connection's concerns
 * sit beside it (the handshake, the sender, the receiver, loss recovery, application events),
 * and each other class is one concern too: buffers, the range set behind the out-of-order
 * assembler and the SACK scoreboard, the RTO estimator, PRR, the congestion control algorithms,
 * the configuration. The wire format is in
 * {@link dev.minternet.wire.TcpPacket}, {@link dev.minternet.wire.TcpOptions} and
 * {@link dev.minternet.wire.TcpRepr}.
 *
 * <p>Applications use the event-driven API: {@code node.tcp().listen(port, acceptHandler)} and
 * {@code node.tcp().connect(address, port, handler)} return a {@code TcpListener} and a
 * {@code TcpConnection}; a {@link dev.minternet.transport.tcp.TcpHandler} hears about
 * connection, readable data, free send space, the peer's FIN and the close.
 */
package dev.minternet.transport.tcp;
