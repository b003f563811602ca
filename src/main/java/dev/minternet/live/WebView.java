package dev.minternet.live;

import dev.minternet.trace.PcapWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The web view's server on 127.0.0.1 ({@link WebServer}, on Netty): the page and its script
 * and style (resources of this package; nothing is loaded from elsewhere), and its API:
 * <ul>
 *   <li>{@code GET /api/topology}: nodes and links;</li>
 *   <li>{@code GET /api/status}: the clock;</li>
 *   <li>{@code GET /api/events}: server-sent events (HTML's EventSource): {@code packet} per
 *       datagram put on a link, {@code status} four times a second;</li>
 *   <li>{@code GET /api/packet?id=N}: a packet's decoded headers and hex;</li>
 *   <li>{@code POST /api/control?do=pause|resume|step|speed&x=N}: the clock's controls;</li>
 *   <li>{@code GET /api/node?name=N}: a node's routes, addresses and sockets;</li>
 *   <li>{@code GET /api/pcap[?link=NAME]}: the recent packets as a pcap file;</li>
 *   <li>{@code GET /api/trace}: the recent trace events as JSON lines (as {@code --trace} writes them);</li>
 *   <li>{@code GET /api/keylog}: the run's TLS secrets as an SSLKEYLOGFILE (as {@code --keylog} writes it);</li>
 *   <li>{@code GET /api/term}: a node's terminal over a WebSocket, see {@link #terminal};</li>
 *   <li>{@code /api/run}: a node's terminal (commands and their output), see {@link #run};</li>
 *   <li>{@code GET /ca.pem}: the world's root certificate, for real clients to trust.</li>
 * </ul>
 */
final class WebView implements AutoCloseable {
    /** Event streams open at once; the page opens one. */
    static final int MAX_STREAMS = 16;
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html", "/live.js", "live.js", "/live.css", "live.css",
            "/vendor/xterm.js", "vendor/xterm.js", "/vendor/xterm.css", "vendor/xterm.css",
            "/vendor/xterm-LICENSE.txt", "vendor/xterm-LICENSE.txt");
    /** How long a node's panel waits for the simulation thread to read the node. */
    static final long NODE_WAIT_MS = 3000;
    /** A header a page of this server sends with commands; another site's form cannot (CORS preflight). */
    static final String COMMAND_HEADER = "X-Minternet";

    private final Live live;
    private final Terminals terminals;
    private final PacketFeed feed;
    private final RunFiles files;
    private final String topology;
    private final String caPem;
    private final WebServer server;
    private final ExecutorService pool;
    private volatile boolean closing;

    WebView(Live live, PacketFeed feed, RunFiles files, String topology, String caPem, int port) throws IOException {
        this.live = live;
        this.files = files;
        this.terminals = new Terminals(live);
        this.feed = feed;
        this.topology = topology;
        this.caPem = caPem;
        this.pool = new ThreadPoolExecutor(2, MAX_STREAMS + 8, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "live-web");
            t.setDaemon(true);
            return t;
        });
        this.server = new WebServer(port, pool, this::handle);
    }

    int port() {
        return server.port();
    }

    void start() {
        // Netty listens from construction on; the clock and the API start with the server
    }

    private void handle(WebServer.Exchange x) throws IOException {
        route(x);
    }

    private void route(WebServer.Exchange x) throws IOException {
        try {
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            String host = x.requestHeader("Host");
            if (host == null || !(host.equals("127.0.0.1:" + port()) || host.equals("localhost:" + port()))) {
                send(x, 421, "text/plain", "this server answers only to 127.0.0.1:" + port() + "\n");
                return;
            }
            if (STATIC.containsKey(path) && method.equals("GET")) {
                String name = STATIC.get(path);
                send(x, 200, type(name), resource(name));
            } else if (path.equals("/api/topology")) {
                send(x, 200, "application/json", topology);
            } else if (path.equals("/api/status")) {
                send(x, 200, "application/json", live.status());
            } else if (path.equals("/ca.pem")) {
                send(x, 200, "application/x-pem-file", caPem);
            } else if (path.equals("/api/packet")) {
                PacketFeed.Packet p = feed.packet(longParam(x.getRequestURI(), "id"));
                if (p == null) {
                    send(x, 404, "application/json", "{\"error\":\"no such packet (too old?)\"}");
                } else {
                    send(x, 200, "application/json", PacketDecoder.json(p));
                }
            } else if (path.equals("/api/pcap")) {
                pcap(x);
            } else if (path.equals("/api/trace") && method.equals("GET")) {
                download(x, "application/x-ndjson", "minternet-live-trace.jsonl", files.trace());
            } else if (path.equals("/api/keylog") && method.equals("GET")) {
                download(x, "text/plain; charset=us-ascii", "minternet-live-keylog.txt", files.keyLog());
            } else if (path.equals("/api/node")) {
                node(x);
            } else if (path.equals("/api/term")) {
                terminal(x);
            } else if (path.startsWith("/api/run")) {
                run(x, path, method);
            } else if (path.equals("/api/control") && method.equals("POST")) {
                control(x);
            } else if (path.equals("/api/events")) {
                events(x);
            } else if (path.equals("/favicon.ico")) {
                send(x, 204, "text/plain", "");
            } else {
                send(x, 404, "text/plain", "not found: " + path + "\n");
            }
        } catch (IllegalArgumentException e) {
            send(x, 400, "application/json", "{\"error\":" + Json.str(e.getMessage()) + "}");
        }
    }

    /**
     * The packets the feed still holds ({@link PacketFeed#KEEP}, all links or the one {@code
     * link=NAME} names) as a pcap file for Wireshark: each datagram once per link it crossed, at
     * the simulated instant it left, dated from the world's epoch as {@code --pcap-dir} dates them.
     */
    private void pcap(WebServer.Exchange x) throws IOException {
        String link = query(x.getRequestURI()).get("link");
        if (link != null && live.world().links().stream().noneMatch(l -> l.name().equals(link))) {
            send(x, 404, "application/json", "{\"error\":" + Json.str("no link named " + link) + "}");
            return;
        }
        List<PacketFeed.Packet> packets;
        try {
            packets = feed.after(1, PacketFeed.KEEP, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(bytes, live.world().epoch())) {
            for (PacketFeed.Packet p : packets) {
                if (link == null || p.link().equals(link)) {
                    w.write(p.departNs(), p.bytes());
                }
            }
        }
        String name = "minternet-" + (link == null ? "all-links" : link.replaceAll("[^A-Za-z0-9._-]", "_")) + ".pcap";
        x.responseHeader("Content-Type", "application/vnd.tcpdump.pcap");
        x.responseHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        x.responseHeader("Cache-Control", "no-store");
        byte[] b = bytes.toByteArray();
        x.sendResponseHeaders(200, b.length);
        x.getResponseBody().write(b);
    }

    private static void download(WebServer.Exchange x, String type, String name, byte[] b) throws IOException {
        x.responseHeader("Content-Type", type);
        x.responseHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        x.responseHeader("Cache-Control", "no-store");
        x.sendResponseHeaders(200, b.length);
        x.getResponseBody().write(b);
    }

    /**
     * A node's routing table, addresses, interfaces with their counters and sockets, as {@code ip
     * route}, {@code ip addr}, {@code ip -s link} and {@code ss -tuan} print them.
     */
    private void node(WebServer.Exchange x) throws IOException {
        String name = query(x.getRequestURI()).getOrDefault("name", "");
        if (live.world().node(name) == null) {
            send(x, 404, "application/json", "{\"error\":" + Json.str("no node named " + name) + "}");
            return;
        }
        Terminals.Reading read = terminals.now(name, List.of("ip route", "ip addr", "ip -s link", "ss -tuan"), NODE_WAIT_MS);
        if (read == null) {
            send(x, 200, "application/json", "{\"name\":" + Json.str(name) + ",\"busy\":"
                    + Json.str("the simulation did not answer within " + NODE_WAIT_MS + " ms (a busy machine); try again") + "}");
            return;
        }
        StringBuilder b = new StringBuilder("{\"name\":").append(Json.str(name)).append(",\"simNs\":").append(read.simNs());
        String[] keys = {"routes", "addrs", "links", "sockets"};
        for (int i = 0; i < keys.length; i++) {
            b.append(",\"").append(keys[i]).append("\":").append(lines(read.lines().get(i)));
        }
        send(x, 200, "application/json", b.append('}').toString());
    }

    /**
     * A node's terminal: {@code POST /api/run?node=N} with the command line as the body starts it
     * ({@code {"id":N}}), {@code GET /api/run?id=N&from=K} reads its lines from K on, {@code POST
     * /api/run/interrupt?id=N} is Ctrl-C. Commands need the {@link #COMMAND_HEADER} header.
     */
    private void run(WebServer.Exchange x, String path, String method) throws IOException {
        Map<String, String> q = query(x.getRequestURI());
        if (method.equals("POST") && x.requestHeader(COMMAND_HEADER) == null) {
            send(x, 403, "application/json", "{\"error\":\"commands come from the web view's page (" + COMMAND_HEADER + " header)\"}");
            return;
        }
        if (path.equals("/api/run") && method.equals("POST")) {
            byte[] body = x.getRequestBody().readNBytes(4097);
            long id = terminals.start(q.getOrDefault("node", ""), new String(body, StandardCharsets.UTF_8).strip());
            send(x, 200, "application/json", "{\"id\":" + id + "}");
        } else if (path.equals("/api/run") && method.equals("GET")) {
            int from;
            try {
                from = Integer.parseInt(q.getOrDefault("from", "0"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("from must be a number");
            }
            Terminals.Output o = terminals.output(longParam(x.getRequestURI(), "id"), from);
            send(x, 200, "application/json", "{\"lines\":" + lines(o.lines()) + ",\"next\":" + o.next()
                    + ",\"done\":" + o.done() + ",\"exit\":" + o.exit() + ",\"report\":" + o.report() + "}");
        } else if ((path.equals("/api/run/report") || path.equals("/api/run/har")) && method.equals("GET")) {
            long id = longParam(x.getRequestURI(), "id");
            boolean har = path.endsWith("/har");
            boolean running = terminals.running(id); // asked first: a run that ends in between has its report
            Terminals.Report r = har ? terminals.report(id) : terminals.reportSoFar(id);
            if (r == null && !har && running) {
                send(x, 204, "text/plain", ""); // nothing to draw yet (the page polls again), not an error
            } else if (r == null) {
                send(x, 404, "application/json", "{\"error\":\"no visit report for that command\"}");
            } else if (har) {
                x.responseHeader("Content-Disposition", "attachment; filename=\"visit-" + id + ".har\"");
                send(x, 200, "application/json", r.har());
            } else {
                send(x, 200, "text/html; charset=utf-8", r.html());
            }
        } else if (path.equals("/api/run/interrupt") && method.equals("POST")) {
            terminals.interrupt(longParam(x.getRequestURI(), "id"));
            send(x, 200, "application/json", "{\"ok\":true}");
        } else {
            send(x, 404, "text/plain", "not found: " + path + "\n");
        }
    }

    /**
     * A node's terminal over a WebSocket (RFC 6455): {@code GET /api/term} with {@code Upgrade:
     * websocket}, from the web view's own page only (its {@code Origin} must be this server: a
     * browser always sends it with a WebSocket, and another site's page cannot forge it). The page
     * sends text messages {@code run NODE\nCOMMAND LINE} and {@code interrupt} (Ctrl-C); the server
     * answers {@code {"id":N,"started":true}} (or {@code {"error":...}}), then each line as the command
     * prints it, {@code {"id":N,"line":...}}, and its end, {@code {"id":N,"done":true,"exit":E,"report":B}}.
     * One command at a time per socket; closing the socket interrupts it (a hang-up).
     */
    private void terminal(WebServer.Exchange x) throws IOException {
        if (!x.isWebSocket()) {
            send(x, 426, "application/json", "{\"error\":\"the terminal is a WebSocket (Upgrade: websocket)\"}");
            return;
        }
        String origin = x.requestHeader("Origin");
        if (origin == null || !(origin.equals("http://127.0.0.1:" + port()) || origin.equals("http://localhost:" + port()))) {
            send(x, 403, "application/json", "{\"error\":\"the terminal opens only from the web view's own page (Origin)\"}");
            return;
        }
        x.upgrade(TermSocket::new);
    }

    /** One WebSocket terminal: at most one command running, its lines sent as they are printed. */
    private final class TermSocket implements WebServer.Socket {
        private final WebServer.Sender out;
        private volatile long running = -1;

        TermSocket(WebServer.Sender out) {
            this.out = out;
        }

        @Override
        public void onText(String text) {
            if (text.equals("interrupt")) {
                long id = running;
                if (id > 0) {
                    terminals.interrupt(id);
                }
                return;
            }
            int nl = text.indexOf('\n');
            if (!text.startsWith("run ") || nl < 0) {
                out.send("{\"error\":\"messages are 'run NODE\\nLINE' or 'interrupt'\"}");
                return;
            }
            if (running > 0) {
                out.send("{\"error\":\"a command is running; interrupt it first\"}");
                return;
            }
            String node = text.substring(4, nl);
            try {
                long[] id = {0};
                synchronized (this) {
                    id[0] = terminals.start(node, text.substring(nl + 1).strip(), new Terminals.Watcher() {
                        @Override
                        public void line(String line) {
                            synchronized (TermSocket.this) {
                                out.send("{\"id\":" + id[0] + ",\"line\":" + Json.str(line) + "}");
                            }
                        }

                        @Override
                        public void done(int exit, boolean report) {
                            synchronized (TermSocket.this) {
                                running = -1;
                                out.send("{\"id\":" + id[0] + ",\"done\":true,\"exit\":" + exit + ",\"report\":" + report + "}");
                            }
                        }
                    });
                    running = id[0];
                    out.send("{\"id\":" + id[0] + ",\"started\":true}");
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                out.send("{\"error\":" + Json.str(String.valueOf(e.getMessage())) + "}");
            }
        }

        @Override
        public void onClose() {
            long id = running;
            if (id > 0) {
                try {
                    terminals.interrupt(id);
                } catch (RuntimeException e) {
                    // the world is stopping
                }
            }
        }
    }

    private static String lines(List<String> ls) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < ls.size(); i++) {
            b.append(i == 0 ? "" : ",").append(Json.str(ls.get(i)));
        }
        return b.append(']').toString();
    }

    private void control(WebServer.Exchange x) throws IOException {
        Map<String, String> q = query(x.getRequestURI());
        String what = q.getOrDefault("do", "");
        switch (what) {
            case "pause" -> live.pause();
            case "resume" -> live.resume();
            case "step" -> live.step();
            case "speed" -> {
                try {
                    live.speed(Double.parseDouble(q.getOrDefault("x", "")));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("speed needs x=NUMBER");
                }
            }
            default -> throw new IllegalArgumentException("do must be pause, resume, step or speed");
        }
        send(x, 200, "application/json", "{\"ok\":true}");
    }

    /** The event stream: every packet since the page connected, and the clock, until the page or the server goes. */
    private void events(WebServer.Exchange x) throws IOException {
        x.responseHeader("Content-Type", "text/event-stream; charset=utf-8");
        x.responseHeader("Cache-Control", "no-store");
        x.sendResponseHeaders(200, 0);
        OutputStream out = x.getResponseBody();
        long next = feed.nextId();
        long lastStatus = 0;
        try {
            while (!closing) {
                List<PacketFeed.Packet> ps = feed.after(next, 500, 100);
                StringBuilder b = new StringBuilder();
                for (PacketFeed.Packet p : ps) {
                    b.append("event: packet\ndata: ").append(p.json()).append("\n\n");
                    next = p.id() + 1;
                }
                long now = System.nanoTime();
                if (now - lastStatus > 250_000_000L) {
                    b.append("event: status\ndata: ").append(live.status()).append("\n\n");
                    lastStatus = now;
                }
                if (b.length() > 0) {
                    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the page went away
        }
    }

    private static long longParam(URI u, String name) {
        try {
            return Long.parseLong(query(u).getOrDefault(name, ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number");
        }
    }

    private static Map<String, String> query(URI u) {
        Map<String, String> q = new LinkedHashMap<>();
        if (u.getQuery() != null) {
            for (String kv : u.getQuery().split("&")) {
                int eq = kv.indexOf('=');
                q.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
        }
        return q;
    }

    private static String type(String name) {
        return name.endsWith(".html") ? "text/html; charset=utf-8" : name.endsWith(".js") ? "text/javascript; charset=utf-8"
                : name.endsWith(".txt") ? "text/plain; charset=utf-8" : "text/css; charset=utf-8";
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WebView.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void send(WebServer.Exchange x, int code, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.responseHeader("Content-Type", type);
        x.responseHeader("Cache-Control", "no-store");
        x.responseHeader("X-Content-Type-Options", "nosniff");
        x.sendResponseHeaders(code, code == 204 ? -1 : b.length);
        if (code != 204) {
            x.getResponseBody().write(b);
        }
    }

    @Override
    public void close() {
        closing = true;
        server.close();
        pool.shutdownNow();
    }
}
