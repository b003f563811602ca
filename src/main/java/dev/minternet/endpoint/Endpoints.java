package dev.minternet.endpoint;

import dev.minternet.http.ConnectionClock;
import dev.minternet.http.HttpProtocol;
import dev.minternet.http.HttpServer;
import dev.minternet.node.Node;
import dev.minternet.tls.TlsIdentity;
import dev.minternet.tls.TlsServerContext;
import dev.minternet.tls.TlsStreamSocket;
import dev.minternet.tls.WorldTls;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpConfig;
import dev.minternet.transport.tcp.TcpListener;
import dev.minternet.transport.tcp.TcpStreamSocket;
import java.util.List;
import java.util.function.Consumer;

/**
 * HTTP on a node's TCP, both ways, as one chain: TCP, then TLS when there is a certificate (or a
 * server name to reach), then HTTP on the protocol ALPN chose (RFC 7301), or in clear text
 * HTTP/1.1 or h2 with prior knowledge.
 *
 * <p>{@link #serve} is a web server's or a load balancer's {@code listen} line. {@link #connect}
 * is what the browser, curl, the load balancer's upstream connections and the web benchmark do
 * to reach one; it reports each step ({@link Steps}) so that callers print or trace it as it
 * happens.
 */
public final class Endpoints {
    private Endpoints() {
    }

    /**
     * Listens on {@code port}; with {@code identity} non-null every connection first does a TLS
     * handshake presenting it (a failed handshake just ends the connection; the trace says why).
     */
    public static TcpListener serve(Node node, int port, HttpServer server, TlsIdentity identity) {
        return serve(node, port, server, identity == null ? List.of() : List.of(identity));
    }

    /**
     * Like {@link #serve(Node, int, HttpServer, TlsIdentity)} with several certificates, chosen by
     * the client's SNI (the first when none matches, as nginx's default server); none: clear text.
     * Sockets have TCP_NODELAY on, as nginx sets it (tcp_nodelay on). The server's timeouts
     * ({@link HttpServer#timeouts}) start at the TCP accept, so a TLS handshake counts against the
     * header timeout as in nginx.
     */
    public static TcpListener serve(Node node, int port, HttpServer server, List<TlsIdentity> identities) {
        if (identities.isEmpty()) {
            return serveStreams(node, port, identities, null, server::serve);
        }
        TlsServerContext ctx = context(node, identities, null);
        return TcpStreamSocket.listen(node.tcp(), port, TcpStreamSocket.noDelay(node.tcp()), s -> {
            ConnectionClock clock = server.accepted(s);
            TlsStreamSocket.start(ctx.accept(), s, node.trace(), t -> server.serve(t,
                    HttpProtocol.fromAlpn(((TlsStreamSocket) t).applicationProtocol()), clock), f -> { });
        });
    }

    /**
     * Listens on {@code port} and hands each connection to {@code accepted}: the TCP socket, or
     * with {@code identities} the {@link TlsStreamSocket} once its handshake is done, accepting the
     * ALPN protocols {@code alpn} (null: the context's default, h2 and http/1.1). A WebSocket
     * server takes its connections this way (ALPN http/1.1: the Upgrade is HTTP/1.1's).
     */
    public static TcpListener serveStreams(Node node, int port, List<TlsIdentity> identities, List<String> alpn,
            Consumer<StreamSocket> accepted) {
        TcpConfig cfg = TcpStreamSocket.noDelay(node.tcp());
        if (identities.isEmpty()) {
            return TcpStreamSocket.listen(node.tcp(), port, cfg, accepted);
        }
        TlsServerContext ctx = context(node, identities, alpn);
        return TcpStreamSocket.listen(node.tcp(), port, cfg, s -> TlsStreamSocket.start(ctx.accept(), s, node.trace(),
                accepted::accept, f -> { }));
    }

    /** The node's TLS server context presenting {@code identities}, offering {@code alpn} (null: h2 and http/1.1). */
    private static TlsServerContext context(Node node, List<TlsIdentity> identities, List<String> alpn) {
        TlsServerContext.Builder b = WorldTls.of(node.world()).server(node.name());
        identities.forEach(b::identity);
        if (alpn != null) {
            b.alpn(alpn.toArray(new String[0]));
        }
        return b.build();
    }

    /**
     * Connects from {@code node} as {@code dial} says and reports each step to {@code steps}; the
     * returned attempt can be aborted (a timeout of the caller's, Ctrl-C).
     */
    public static Attempt connect(Node node, Dial dial, Steps steps) {
        Attempt a = new Attempt(node, dial, steps);
        a.start();
        return a;
    }
}
