package dev.minternet.services.lb;

import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.Steps;
import dev.minternet.http.Exchange;
import dev.minternet.http.Headers;
import dev.minternet.http.HttpClient;
import dev.minternet.http.HttpServer;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.http.ResponseStream;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.tls.TlsIdentity;
import dev.minternet.trace.Trace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * An L7 load balancer and reverse proxy, as nginx or HAProxy in front of a pool of web servers:
 * it accepts HTTP (HTTP/2 or HTTP/1.1, over TLS when given a certificate: TLS terminates here),
 * picks a backend for each request, and forwards the request over a kept-alive HTTP/1.1
 * connection to it with {@code X-Forwarded-For} appended, then passes the response back.
 *
 * <p>Algorithms (the three the articles name): round-robin (each healthy backend in turn),
 * least-connections (the backend with the fewest requests in flight; ties go to the next in
 * rotation), source-IP hash (a hash of the client's whole address picks a slot in the list of
 * all backends, so a client stays on one; when that backend is down, the next healthy one after
 * it in the list). As with nginx's {@code ip_hash}, the slot is taken over the whole list,
 * healthy or not, so only a down backend's clients move, and they move back when it returns;
 * nginx finds their substitute by hashing again (and hashes only the first three octets), this
 * balancer takes the next in the list, which the trace's {@code why} can say in a few words.
 *
 * <p>Active health checks, as HAProxy's {@code check inter 2s rise 2 fall 3}: every interval a
 * fresh connection asks each backend {@code GET /health}; no 2xx or 3xx answer within the timeout
 * is a failure. After {@code fall} failures in a row a backend is removed (its idle connections
 * closed); after {@code rise} successes in a row it returns. A backend that refuses or times out
 * a new connection is skipped for that request (nginx's proxy_next_upstream error timeout).
 *
 * <p>An HTTP/1.1 request to switch protocols (a WebSocket's Upgrade) becomes a {@link Tunnel}
 * to the chosen backend: long-lived, closed after an idle timeout, reset when its backend goes
 * down.
 *
 * <p>Trace events, layer "lb": {@code choose} (algorithm, backend, why), {@code forward}
 * (backend, status, ms), {@code health} (backend, ok, detail), {@code backend-down} and
 * {@code backend-up}, {@code retry}, {@code no-backend}, {@code tunnel-open} and
 * {@code tunnel-close}.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>health path, interval, timeout, rise, fall</td><td>/health, 2 s, 1 s, 2, 3 (HAProxy's inter 2s, rise 2, fall 3)</td></tr>
 *   <tr><td>connect timeout to a backend</td><td>1 s</td></tr>
 *   <tr><td>response timeout</td><td>30 s (then 504)</td></tr>
 * </table>
 */
public final class LoadBalancer {
    /** How a backend is chosen. */
    public enum Algorithm {
        ROUND_ROBIN, LEAST_CONNECTIONS, SOURCE_HASH;

        /** The scenario spelling: round-robin, least-connections, source-hash. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Active health check settings. */
    public record Health(String path, long intervalNs, long timeoutNs, int rise, int fall) {
        public static final Health DEFAULT = new Health("/health", 2 * Durations.S, Durations.S, 2, 3);
    }

    /** A backend as configured: a name for traces and its address and port. */
    public record Target(String name, int address, int port) {
    }

    /** One backend's live state. */
    public static final class Backend {
        final Target target;
        final ArrayDeque<HttpClient> idle = new ArrayDeque<>();
        final List<HttpClient> busy = new ArrayList<>();
        /** Protocol switches passed through to this backend and still open. */
        final List<Tunnel> tunnels = new ArrayList<>();
        boolean up = true;
        /** Registered with the balancer (an autoscaling group's standby instances are not). */
        boolean registered = true;
        /** Registered but taking no new requests (scale-in): deregistered once its requests finish. */
        boolean draining;
        int active;
        int okRun;
        int failRun;
        long requests;
        long connections;

        Backend(Target target) {
            this.target = target;
        }

        public String name() {
            return target.name();
        }

        public boolean isUp() {
            return up;
        }

        /** Up, registered and not draining: it takes new requests. */
        public boolean inService() {
            return up && registered && !draining;
        }

        public boolean registered() {
            return registered;
        }

        public boolean draining() {
            return draining;
        }

        /** Requests in flight to this backend now. */
        public int active() {
            return active;
        }

        /** Requests forwarded to this backend so far. */
        public long requests() {
            return requests;
        }

        /** Connections opened to this backend for requests (not health checks). */
        public long connections() {
            return connections;
        }
    }

    private final Node node;
    private final Trace trace;
    private final Algorithm algorithm;
    private final Health health;
    /** The port it listens on (0: none, the owner hands it requests): its pool's name in the trace. */
    private final int port;
    private final List<Backend> backends = new ArrayList<>();
    private final HttpServer front;
    private long connectTimeoutNs = Durations.S;
    private long responseTimeoutNs = 30 * Durations.S;
    private long tunnelIdleNs = 60 * Durations.S;
    private int next;
    private long failed;
    private Consumer<Backend> backendUp = b -> { };

    /**
     * Creates the load balancer and starts listening on {@code port} (over TLS with {@code
     * identity}, else clear text; port 0: no listener, the owner passes requests to {@link
     * #handle}, as a web server's {@code location /api/ { proxy_pass ... }}) and health-checking
     * the backends.
     */
    public LoadBalancer(Node node, int port, List<TlsIdentity> identity, Algorithm algorithm, Health health, List<Target> targets) {
        this.node = node;
        this.trace = node.trace();
        this.algorithm = algorithm;
        this.health = health;
        this.port = port;
        for (Target t : targets) {
            backends.add(new Backend(t));
        }
        this.front = new HttpServer(node.sim(), node.world().epoch()).trace(trace).nginxTimeouts()
                .serverName(null).fallback(this::proxy)
                .streamWhen(LoadBalancer::eventStream, this::handleStream)
                .upgrade((req, up) -> Tunnel.open(this, req, up, tunnelIdleNs));
        if (port > 0) {
            Endpoints.serve(node, port, front, identity);
        }
        for (Backend b : backends) {
            Timer[] timer = new Timer[1];
            timer[0] = new Timer(node.sim(), () -> {
                check(b);
                timer[0].setAfter(health.intervalNs());
            });
            timer[0].setAfter(health.intervalNs());
        }
    }

    public LoadBalancer connectTimeout(long ns) {
        this.connectTimeoutNs = ns;
        return this;
    }

    public LoadBalancer responseTimeout(long ns) {
        this.responseTimeoutNs = ns;
        return this;
    }

    /**
     * Closes a passed-through protocol switch (a WebSocket) after this long without a byte either
     * way (nginx's proxy_read_timeout, 60 s); see {@link Tunnel}.
     */
    public LoadBalancer tunnelIdleTimeout(long ns) {
        this.tunnelIdleNs = ns;
        return this;
    }

    Node node() {
        return node;
    }

    /**
     * Takes {@code name} out of the balancer (an autoscaling group's standby or drained instance): no
     * requests, no health checks.
     */
    public void deregister(String name) {
        Backend b = backend(name);
        b.registered = false;
        b.draining = false;
        for (HttpClient c : b.idle) {
            c.close();
        }
        b.idle.clear();
    }

    /**
     * Registers {@code name} (a booted instance): it is health-checked and takes requests after
     * {@code rise} good checks, as a new target of a cloud load balancer does.
     */
    public void register(String name) {
        Backend b = backend(name);
        b.registered = true;
        b.draining = false;
        b.up = false;
        b.okRun = 0;
        b.failRun = 0;
    }

    /** Stops sending {@code name} new requests; those in flight finish ({@link Backend#active()}). */
    public void drain(String name) {
        backend(name).draining = true;
    }

    /** Called when a backend passes rise checks and rejoins (or joins) the rotation. */
    public void onBackendUp(Consumer<Backend> listener) {
        this.backendUp = listener;
    }

    long connectTimeoutNs() {
        return connectTimeoutNs;
    }

    public List<Backend> backends() {
        return Collections.unmodifiableList(backends);
    }

    public Backend backend(String name) {
        for (Backend b : backends) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        return null;
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    /** The front HTTP server (request counts). */
    public HttpServer front() {
        return front;
    }

    /** Requests answered with a 502, 503 or 504 of the load balancer's own. */
    public long failed() {
        return failed;
    }

    // ---- choosing

    private List<Backend> healthy(List<Backend> exclude) {
        List<Backend> l = new ArrayList<>();
        for (Backend b : backends) {
            if (b.up && b.registered && !b.draining && !exclude.contains(b)) {
                l.add(b);
            }
        }
        return l;
    }

    /** Picks a backend for {@code req}, or null when none is healthy; traces the choice and its reason. */
    Backend choose(Request req, List<Backend> exclude) {
        List<Backend> ok = healthy(exclude);
        if (ok.isEmpty()) {
            return null;
        }
        Backend chosen;
        String why = null; // said only to a trace that listens: the words cost more than the choice
        boolean traced = trace.enabled();
        switch (algorithm) {
            case ROUND_ROBIN -> {
                chosen = nextInRotation(ok);
                if (traced) {
                    why = "next in rotation among " + names(ok);
                }
            }
            case LEAST_CONNECTIONS -> {
                int min = Integer.MAX_VALUE;
                for (Backend b : ok) {
                    min = Math.min(min, b.active);
                }
                List<Backend> least = new ArrayList<>();
                for (Backend b : ok) {
                    if (b.active == min) {
                        least.add(b);
                    }
                }
                chosen = nextInRotation(least);
                if (traced) {
                    StringBuilder counts = new StringBuilder();
                    for (Backend b : ok) {
                        counts.append(counts.length() == 0 ? "" : ", ").append(b.name()).append('=').append(b.active);
                    }
                    why = "fewest active requests (" + counts + ")" + (least.size() > 1 ? ", tie broken by rotation" : "");
                }
            }
            case SOURCE_HASH -> {
                int h = hash(req.peer().indexOf(':') < 0 ? req.remoteAddress() : req.peer().hashCode());
                int slot = Math.floorMod(h, backends.size());
                Backend home = backends.get(slot);
                chosen = home;
                for (int i = 0; i < backends.size() && !ok.contains(chosen); i++) {
                    chosen = backends.get((slot + i + 1) % backends.size());
                }
                if (traced) {
                    why = "hash of client " + req.peer() + " -> slot " + slot + " (" + home.name() + ")"
                            + (chosen == home ? "" : ", which is unavailable: next healthy");
                }
            }
            default -> throw new AssertionError(algorithm);
        }
        if (traced) {
            trace.emit(node.name(), LbEvents.CHOOSE, algorithm.id(), chosen.name(), why, req.peer(), req.path());
        }
        return chosen;
    }

    /** The first of {@code among} at or after the rotation pointer; advances the pointer past it. */
    private Backend nextInRotation(List<Backend> among) {
        int n = backends.size();
        for (int i = 0; i < n; i++) {
            Backend b = backends.get((next + i) % n);
            if (among.contains(b)) {
                next = (backends.indexOf(b) + 1) % n;
                return b;
            }
        }
        return among.get(0);
    }

    /** A fixed integer mix (the murmur3 finalizer): the same client address, the same slot, in every run. */
    static int hash(int a) {
        int h = a;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static String names(List<Backend> l) {
        StringBuilder sb = new StringBuilder("[");
        for (Backend b : l) {
            sb.append(sb.length() == 1 ? "" : ", ").append(b.name());
        }
        return sb.append(']').toString();
    }

    // ---- proxying

    /** Proxies one request to a backend (what the listener does with every request). */
    public void handle(Request req, Consumer<Response> reply) {
        proxy(req, reply);
    }

    private void proxy(Request req, Consumer<Response> reply) {
        forward(req, reply, new ArrayList<>());
    }

    private void forward(Request req, Consumer<Response> reply, List<Backend> tried) {
        Backend b = choose(req, tried);
        if (b == null) {
            reply.accept(noBackend(req, tried));
            return;
        }
        b.active++;
        b.requests++;
        long start = node.sim().now();
        Request out = upstream(req);
        withConnection(b, client -> send(b, client, out, req, reply, tried, start), error -> {
            b.active--;
            tried.add(b);
            if (trace.enabled()) {
                trace.emit(node.name(), LbEvents.RETRY, b.name(), error);
            }
            forward(req, reply, tried);
        });
    }

    /** No backend left to try: 503 when none was healthy, 502 when those tried failed. */
    private Response noBackend(Request req, List<Backend> tried) {
        failed++;
        if (trace.enabled()) {
            trace.emit(node.name(), LbEvents.NO_BACKEND, req.path());
        }
        return Response.text(tried.isEmpty() ? 503 : 502, tried.isEmpty() ? "no healthy backend\n" : "bad gateway\n");
    }

    /** Sends {@code out} to {@code b} on {@code client} and passes the answer back (or retries elsewhere). */
    private void send(Backend b, HttpClient client, Request out, Request req, Consumer<Response> reply, List<Backend> tried,
            long start) {
        b.busy.add(client);
        client.send(out, responseTimeoutNs, (Exchange ex) -> {
            b.active--;
            b.busy.remove(client);
            if (client.isOpen() && b.up) {
                b.idle.add(client);
            }
            if (trace.enabled()) {
                trace.emit(node.name(), LbEvents.FORWARD, b.name(), ex.ok() ? ex.response().status() : 0,
                        (node.sim().now() - start) / (double) Durations.MS, ex.error() == null ? "" : ex.error());
            }
            if (ex.ok()) {
                reply.accept(ex.response().forwarded());
            } else if (idempotent(req)) {
                // nginx's proxy_next_upstream error timeout: a GET or HEAD that got no answer goes to the next backend
                tried.add(b);
                if (trace.enabled()) {
                    trace.emit(node.name(), LbEvents.RETRY, b.name(), ex.error());
                }
                forward(req, reply, tried);
            } else {
                failed++;
                boolean timeout = ex.error().startsWith("timeout");
                reply.accept(Response.text(timeout ? 504 : 502, timeout ? "gateway timeout\n" : "bad gateway\n"));
            }
        });
    }

    /** A request for server-sent events (a GET that accepts text/event-stream): passed on as it streams. */
    public static boolean eventStream(Request r) {
        String accept = r.headers().get("Accept");
        return r.method().equals("GET") && accept != null && accept.toLowerCase(Locale.ROOT).contains("text/event-stream");
    }

    /**
     * Proxies one streamed request (server-sent events) without buffering, as nginx does with
     * {@code proxy_buffering off}: the backend's status and headers go to the client as soon as
     * they arrive and each piece of its body as it comes, on a backend connection held for the
     * stream's life; when the client goes away the backend connection is closed. A backend that
     * cannot be reached is retried on the next one, as for any GET.
     */
    public void handleStream(Request req, ResponseStream rs) {
        stream(req, rs, new ArrayList<>());
    }

    private void stream(Request req, ResponseStream rs, List<Backend> tried) {
        Backend b = choose(req, tried);
        if (b == null) {
            rs.start(noBackend(req, tried));
            rs.end();
            return;
        }
        b.active++;
        b.requests++;
        long start = node.sim().now();
        withConnection(b, client -> {
            b.busy.add(client);
            boolean[] started = new boolean[1];
            rs.onClose(() -> {
                if (b.busy.contains(client)) {
                    client.close(); // the client left: so does the stream's backend connection
                }
            });
            client.send(upstream(req), 0, head -> {
                started[0] = true;
                if (trace.enabled()) {
                    trace.emit(node.name(), LbEvents.FORWARD, b.name(), head.status(),
                            (node.sim().now() - start) / (double) Durations.MS, "");
                }
                rs.start(new Response(head.status(), head.headers().withoutHopByHop().without("Content-Length")
                        .without("Content-Encoding"), new byte[0]));
            }, rs::write, (Exchange ex) -> {
                b.active--;
                b.busy.remove(client);
                if (started[0]) {
                    if (ex.ok() && client.isOpen() && b.up) {
                        b.idle.add(client);
                    }
                    rs.end();
                    return;
                }
                if (trace.enabled()) {
                    trace.emit(node.name(), LbEvents.FORWARD, b.name(), 0,
                            (node.sim().now() - start) / (double) Durations.MS, ex.error() == null ? "" : ex.error());
                }
                tried.add(b);
                stream(req, rs, tried);
            });
        }, error -> {
            b.active--;
            tried.add(b);
            if (trace.enabled()) {
                trace.emit(node.name(), LbEvents.RETRY, b.name(), error);
            }
            stream(req, rs, tried);
        });
    }

    private static boolean idempotent(Request r) {
        return r.method().equals("GET") || r.method().equals("HEAD");
    }

    /** The request as it goes to a backend: hop-by-hop and HTTP/2 extension headers gone, X-Forwarded-For added. */
    private static Request upstream(Request req) {
        Headers h = Headers.EMPTY;
        for (Headers.Field f : req.headers().fields()) {
            if (!f.name().toLowerCase(Locale.ROOT).startsWith("x-http2-")) {
                h = h.with(f.name(), f.value());
            }
        }
        Request fwd = new Request(req.method(), req.target(), h, req.body(), req.protocol(), req.remoteAddress(),
                req.remotePort(), req.peer()).forwardedFor();
        return Request.of(req.method(), req.target(), fwd.headers(), req.body());
    }

    /** A kept-alive connection to {@code b} (an idle one, or a new one). */
    private void withConnection(Backend b, Consumer<HttpClient> ready, Consumer<String> failed) {
        while (!b.idle.isEmpty()) {
            HttpClient c = b.idle.poll();
            if (c.isOpen()) {
                ready.accept(c);
                return;
            }
        }
        Dial d = Dial.http(b.target.address(), b.target.port(), HttpClient.Options.curl(b.name()).withUserAgent(null))
                .withTimeout(connectTimeoutNs);
        Endpoints.connect(node, d, new Steps() {
            @Override
            public void ready(HttpClient c) {
                b.connections++;
                ready.accept(c);
            }

            @Override
            public void failed(Steps.Failure f) {
                failed.accept(f.error());
            }
        });
    }

    // ---- health checks

    private void check(Backend b) {
        if (node.isCrashed() || !b.registered) {
            return; // a crashed machine runs nothing
        }
        long start = node.sim().now();
        boolean[] reported = new boolean[1];
        Consumer<String> result = detail -> {
            if (reported[0]) {
                return;
            }
            reported[0] = true;
            healthResult(b, detail == null, detail == null ? "200" : detail);
        };
        Dial d = Dial.http(b.target.address(), b.target.port(),
                HttpClient.Options.curl(b.name()).withUserAgent("minternet-health-check")).withTimeout(health.timeoutNs()).untraced();
        Endpoints.connect(node, d, new Steps() {
            @Override
            public void ready(HttpClient c) {
                long left = Math.max(1, health.timeoutNs() - (node.sim().now() - start));
                c.send(Request.get(health.path()), left, ex -> {
                    if (ex.ok() && ex.response().status() < 400) {
                        result.accept(null);
                    } else {
                        result.accept(ex.ok() ? "status " + ex.response().status() : ex.error());
                    }
                    c.close();
                });
            }

            @Override
            public void failed(Steps.Failure f) {
                result.accept(f.error());
            }
        });
    }

    private void healthResult(Backend b, boolean ok, String detail) {
        if (trace.enabled()) {
            trace.emit(node.name(), LbEvents.HEALTH, b.name(), ok, detail);
        }
        if (ok) {
            b.failRun = 0;
            b.okRun++;
            if (!b.up && b.okRun >= health.rise()) {
                b.up = true;
                backendUp.accept(b);
                if (trace.enabled()) {
                    trace.emit(node.name(), LbEvents.BACKEND_UP, b.name(), b.okRun + " checks passed (rise " + health.rise() + ")",
                            (long) port);
                }
            }
        } else {
            b.okRun = 0;
            b.failRun++;
            if (b.up && b.failRun >= health.fall()) {
                b.up = false;
                // its connections are of no use: idle ones close, requests waiting on it go elsewhere
                for (HttpClient c : b.idle) {
                    c.bridge().abort();
                }
                b.idle.clear();
                for (HttpClient c : new ArrayList<>(b.busy)) {
                    c.bridge().abort();
                }
                for (Tunnel t : new ArrayList<>(b.tunnels)) {
                    t.end("backend down", true);
                }
                if (trace.enabled()) {
                    trace.emit(node.name(), LbEvents.BACKEND_DOWN, b.name(), b.failRun + " checks failed (fall " + health.fall() + "): " + detail,
                            (long) port);
                }
            }
        }
    }
}
