package dev.minternet.live;

import dev.minternet.node.Node;
import dev.minternet.transport.tcp.TcpStreamSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * An HTTP forward proxy on 127.0.0.1 (RFC 9110 9.3.6 CONNECT, and absolute-form requests for
 * plain HTTP) whose connections are opened from a node of the simulated world. With CONNECT the
 * proxy answers {@code 200 Connection established} once the simulated TCP handshake is done and
 * then copies bytes, so a real client's TLS handshake runs end to end with the simulated server,
 * its records crossing the simulated links. A plain request is rewritten to origin form (with
 * {@code Connection: close}, one request per connection) and sent on a fresh connection.
 *
 * <p>Only targets inside the world are allowed ({@link WorldScope}): anything else gets
 * {@code 403 Forbidden} with the reason, and nothing is ever opened on the real network.
 */
final class ProxyBridge extends TcpBridge {
    /** The longest request head the proxy reads. */
    static final int MAX_HEAD = 16 * 1024;

    ProxyBridge(Live live, Node node, int port, Connections connections, Consumer<String> log) throws IOException {
        super("proxy", live, node, port, connections, log);
    }

    /** A request, as the proxy reads it: what to open and what to send once open. */
    record Request(String host, int port, boolean connect, byte[] forward) {
    }

    @Override
    void serve(Socket real) {
        if (!connections.acquire()) {
            reply(real, 503, "Service Unavailable", "too many connections through the live proxy");
            return;
        }
        Request req;
        try {
            real.setSoTimeout(30_000);
            req = parse(readHead(real.getInputStream()));
            real.setSoTimeout(0);
        } catch (IOException | IllegalArgumentException e) {
            connections.release();
            reply(real, 400, "Bad Request", e.getMessage());
            return;
        }
        try {
            live.submit(() -> open(real, req));
        } catch (IllegalStateException stopping) {
            connections.release();
            Listen.close(real);
        }
    }

    /** Resolves the target inside the world, then opens the simulated connection (simulation thread). */
    private void open(Socket real, Request req) {
        WorldScope.resolve(node, req.host(), target -> {
            if (!target.allowed()) {
                log.accept("proxy: refused " + req.host() + ":" + req.port() + ": " + target.refusal());
                connections.release();
                reply(real, 403, "Forbidden", target.refusal());
                return;
            }
            // TCP_NODELAY, as the real clients set it on their own sockets (curl, Chromium): with Nagle on,
            // a ClientHello longer than one segment (Chromium's, 1,923 B with its ML-KEM key share) had its
            // tail held until the server's delayed ACK, 40 ms and a round trip late
            TcpStreamSocket.connect(node.tcp(), target.address(), req.port(), TcpStreamSocket.noDelay(node.tcp()), sim -> {
                byte[] greeting = req.connect()
                        ? "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII) : new byte[0];
                Relay.start(live, real, sim, greeting, req.forward(), connections.byteLimit(), connections::release);
            }, error -> {
                connections.release();
                reply(real, 502, "Bad Gateway", req.host() + ":" + req.port() + ": " + error);
            });
        });
    }

    /** The request head up to and including the blank line, and whatever followed it in the same read. */
    static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalArgumentException("the request ended before its head did");
            }
            head.write(b);
            if (head.size() > MAX_HEAD) {
                throw new IllegalArgumentException("request head longer than " + MAX_HEAD + " bytes");
            }
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toByteArray();
    }

    /**
     * Reads a proxy request head: {@code CONNECT host:port HTTP/1.1}, or a request in absolute
     * form ({@code GET http://host[:port]/path HTTP/1.1}), which becomes the same request in
     * origin form with {@code Connection: close} and without the hop-by-hop proxy headers.
     */
    static Request parse(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        String[] start = lines[0].split(" ");
        if (start.length != 3 || !start[2].startsWith("HTTP/1.")) {
            throw new IllegalArgumentException("not an HTTP/1.x request line: " + lines[0]);
        }
        String method = start[0];
        if (method.equals("CONNECT")) {
            int colon = start[1].lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("CONNECT needs host:port");
            }
            return new Request(start[1].substring(0, colon), port(start[1].substring(colon + 1)), true, new byte[0]);
        }
        URI uri;
        try {
            uri = new URI(start[1]);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad request target: " + start[1]);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("a proxy request needs an absolute http:// URL (or CONNECT for https)");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        StringBuilder out = new StringBuilder(method).append(' ').append(path).append(' ').append(start[2]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String name = lines[i].contains(":") ? lines[i].substring(0, lines[i].indexOf(':')).strip().toLowerCase(Locale.ROOT) : "";
            if (lines[i].isEmpty() || name.equals("connection") || name.equals("proxy-connection")
                    || name.equals("keep-alive") || name.startsWith("proxy-")) {
                continue;
            }
            out.append(lines[i]).append("\r\n");
        }
        out.append("Connection: close\r\n\r\n");
        return new Request(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort(), false,
                out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A port number 1-65535, or a refusal naming what was given. */
    private static int port(String s) {
        int p = s.matches("[0-9]{1,5}") ? Integer.parseInt(s) : 0;
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("bad port: " + s);
        }
        return p;
    }

    /** A short error answer, then the connection closes (written off the simulation thread). */
    static void reply(Socket real, int code, String reason, String why) {
        Listen.thread("live-proxy-reply", () -> {
            byte[] body = (why + "\n").getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + code + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n";
            try (Socket s = real; OutputStream out = s.getOutputStream()) {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // the client left first
            }
        });
    }
}
