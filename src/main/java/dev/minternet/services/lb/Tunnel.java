package dev.minternet.services.lb;

import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.Steps;
import dev.minternet.http.Headers;
import dev.minternet.http.HttpClient;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.http.Upgrade;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.trace.Trace;
import dev.minternet.transport.Outbox;
import dev.minternet.transport.StreamSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A protocol switch passed through the load balancer (nginx's {@code proxy_set_header Upgrade
 * $http_upgrade; Connection "upgrade"}): the client's upgrade request goes to a chosen backend
 * on a fresh connection with {@code X-Forwarded-For} added; when the backend answers {@code 101
 * Switching Protocols} the balancer passes the answer on and from then on copies bytes both ways
 * without reading them (a WebSocket is opaque to it); any other answer goes back as an ordinary
 * response.
 *
 * <p>A tunnel is long-lived: it counts as one active request of its backend for as long as it
 * lasts (what least-connections balances), and ends when either side closes (the FIN is passed
 * on), is reset (the other side is reset too), when nothing has crossed it for the idle timeout
 * (nginx's proxy_read_timeout, 60 s: both sides are closed), or when its backend is marked down
 * (both sides are reset, as HAProxy's {@code on-marked-down shutdown-sessions}), so a client
 * hears at once that it must reconnect.
 *
 * <p>Trace events, layer "lb": {@code tunnel-open} (backend, client, path), {@code tunnel-close}
 * (backend, why, bytes_up, bytes_down, open_ns).
 */
final class Tunnel {
    /** The longest response head a backend may send (nginx's proxy_buffer_size is 4-8 KiB). */
    static final int MAX_HEAD = 16 * 1024;

    private final LoadBalancer lb;
    private final LoadBalancer.Backend backend;
    private final Node node;
    private final Trace trace;
    /** The client's request and its connection's switch: let go once spliced (the HTTP pipeline they hold is done). */
    private Request req;
    private Upgrade upgrade;
    private final Timer idle;
    private final long idleNs;
    private StreamSocket client;
    private StreamSocket server;
    private ByteArrayOutputStream head = new ByteArrayOutputStream();
    private boolean spliced;
    private boolean ended;
    private long opened;
    private long up;
    private long down;
    private Outbox toServer;
    private Outbox toClient;
    private Handler clientHandler;
    private Handler serverHandler;

    private Tunnel(LoadBalancer lb, LoadBalancer.Backend backend, Request req, Upgrade upgrade, long idleNs) {
        this.lb = lb;
        this.backend = backend;
        this.node = lb.node();
        this.trace = node.trace();
        this.req = req;
        this.upgrade = upgrade;
        this.idleNs = idleNs;
        this.idle = new Timer(node.sim(), () -> end("idle timeout (" + Durations.seconds(idleNs) + " without traffic)", false));
    }

    /** Passes {@code req} to a backend the balancer chooses; answers 503 when none is healthy. */
    static void open(LoadBalancer lb, Request req, Upgrade upgrade, long idleNs) {
        LoadBalancer.Backend b = lb.choose(req, List.of());
        if (b == null) {
            upgrade.refuse(Response.text(503, "no healthy backend\n"));
            return;
        }
        new Tunnel(lb, b, req, upgrade, idleNs).connect();
    }

    private void connect() {
        backend.active++;
        backend.requests++;
        Dial d = Dial.http(backend.target.address(), backend.target.port(), HttpClient.Options.curl(backend.name()))
                .withTimeout(lb.connectTimeoutNs());
        Endpoints.connect(node, d, Steps.takingStream(this::sendRequest, f -> {
            backend.active--;
            upgrade.refuse(Response.text(502, "bad gateway\n"));
        }));
    }

    /** The upgrade request as it goes to the backend: hop-by-hop headers gone except the switch itself. */
    private void sendRequest(StreamSocket s) {
        server = s;
        Request fwd = req.forwardedFor();
        StringBuilder sb = new StringBuilder(req.method()).append(' ').append(req.target()).append(" HTTP/1.1\r\n");
        for (Headers.Field f : fwd.headers().fields()) {
            String n = f.name().toLowerCase(Locale.ROOT);
            if (n.equals("connection") || n.equals("upgrade") || n.equals("keep-alive") || n.equals("proxy-connection") || n.equals("te")
                    || n.equals("trailer") || n.equals("transfer-encoding") || n.startsWith("x-http2-")
                    || (n.equals("content-length") && f.value().equals("0"))) { // the aggregator's, not the client's
                continue;
            }
            sb.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        sb.append("Upgrade: ").append(req.headers().get("Upgrade")).append("\r\nConnection: upgrade\r\n\r\n");
        server.setHandler(new StreamSocket.Handler() {
            @Override
            public void onData(StreamSocket so, byte[] data) {
                responseBytes(data);
            }

            @Override
            public void onPeerClosed(StreamSocket so) {
                notSwitched();
            }

            @Override
            public void onClosed(StreamSocket so, String error) {
                notSwitched();
            }
        });
        byte[] b = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        server.send(b, 0, b.length);
    }

    /** Reads the backend's response head; a 101 starts the splice, anything else goes back as HTTP. */
    private void responseBytes(byte[] data) {
        head.write(data, 0, data.length);
        byte[] all = head.toByteArray();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0) {
            if (all.length > MAX_HEAD) {
                server.abort();
                backend.active--;
                upgrade.refuse(Response.text(502, "bad gateway\n"));
            }
            return;
        }
        String headText = new String(all, 0, end, StandardCharsets.ISO_8859_1);
        int eol = headText.indexOf("\r\n");
        String[] status = (eol < 0 ? headText : headText.substring(0, eol)).split(" ", 3);
        int code = status.length >= 2 && threeDigits(status[1]) ? Integer.parseInt(status[1]) : 502;
        if (code != 101) {
            answerPlainly(code, headText.split("\r\n"), Arrays.copyOfRange(all, end + 4, all.length));
            return;
        }
        client = upgrade.take();
        if (client == null) {
            server.abort();
            backend.active--;
            return;
        }
        spliced = true;
        opened = node.sim().now();
        backend.tunnels.add(this);
        toServer = new Outbox(server);
        toClient = new Outbox(client);
        clientHandler = new Handler(toServer, true);
        serverHandler = new Handler(toClient, false);
        client.setHandler(clientHandler);
        server.setHandler(serverHandler);
        if (trace.enabled()) {
            trace.emit(node.name(), LbEvents.TUNNEL_OPEN, backend.name(),
                    dev.minternet.wire.Ip6.hostPort(client.remoteHost(), client.remotePort()), req.path());
        }
        toClient.write(all); // the 101 as the backend sent it, and whatever followed it
        down += all.length;
        idle.setAfter(idleNs);
        // a tunnel lives as long as its WebSocket: keep nothing of the HTTP exchange (the client's
        // request and, through its Upgrade, the balancer's HTTP pipeline for that connection)
        req = null;
        upgrade = null;
        head = null;
    }

    /** A backend that did not switch: its answer goes back to the client as an ordinary response. */
    private void answerPlainly(int code, String[] lines, byte[] body) {
        Headers h = Headers.EMPTY;
        int length = 0;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String n = lines[i].substring(0, colon).strip();
                String v = lines[i].substring(colon + 1).strip();
                if (n.equalsIgnoreCase("content-length") && v.matches("\\d{1,9}")) {
                    length = Integer.parseInt(v);
                }
                h = h.with(n, v);
            }
        }
        if (body.length < length) {
            return; // wait for the rest of the body
        }
        server.setHandler(new StreamSocket.Handler() {
            @Override
            public void onData(StreamSocket so, byte[] data) {
            }
        });
        server.close();
        backend.active--;
        upgrade.refuse(new Response(code, h.withoutHopByHop().without("Content-Length"), Arrays.copyOf(body, length)));
    }

    private void notSwitched() {
        if (!spliced && !ended) {
            ended = true;
            backend.active--;
            upgrade.refuse(Response.text(502, "bad gateway\n"));
        }
    }

    /** Ends the tunnel: both sides reset ({@code reset}) or closed. */
    void end(String why, boolean reset) {
        if (ended) {
            return;
        }
        ended = true;
        idle.cancel();
        backend.active--;
        backend.tunnels.remove(this);
        if (reset) {
            client.abort();
            server.abort();
        } else {
            client.close();
            server.close();
        }
        if (trace.enabled()) {
            trace.emit(node.name(), LbEvents.TUNNEL_CLOSE, backend.name(), why, up, down, node.sim().now() - opened);
        }
    }

    private static boolean threeDigits(String s) {
        return s.length() == 3 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static int indexOf(byte[] a, byte[] pat) {
        outer:
        for (int i = 0; i + pat.length <= a.length; i++) {
            for (int j = 0; j < pat.length; j++) {
                if (a[i + j] != pat[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** What one socket of the tunnel hears: its bytes go to the other side. */
    private final class Handler implements StreamSocket.Handler {
        private final Outbox other;
        private final boolean fromClient;
        private boolean finSeen;

        Handler(Outbox other, boolean fromClient) {
            this.other = other;
            this.fromClient = fromClient;
        }

        @Override
        public void onData(StreamSocket s, byte[] data) {
            if (ended) {
                return;
            }
            if (fromClient) {
                up += data.length;
            } else {
                down += data.length;
            }
            idle.setAfter(idleNs);
            other.write(data);
        }

        @Override
        public void onPeerClosed(StreamSocket s) {
            if (ended || finSeen) {
                return;
            }
            finSeen = true;
            other.shutdownAfterFlush(); // pass the half-close on
            Handler otherHandler = fromClient ? serverHandler : clientHandler;
            if (otherHandler.finSeen) {
                end((fromClient ? "client" : "backend") + " closed after the other side", false);
            }
        }

        @Override
        public void onWritable(StreamSocket s) {
            (fromClient ? toClient : toServer).flush();
        }

        @Override
        public void onClosed(StreamSocket s, String error) {
            if (!ended) {
                end((fromClient ? "client " : "backend ") + (error == null ? "closed" : error), error != null);
            }
        }
    }
}
