package dev.minternet.services.mesh;

import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.Steps;
import dev.minternet.http.Exchange;
import dev.minternet.http.Headers;
import dev.minternet.http.HttpClient;
import dev.minternet.http.HttpProtocol;
import dev.minternet.http.HttpServer;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.tls.TlsClientContext;
import dev.minternet.tls.TlsFailure;
import dev.minternet.tls.TlsIdentity;
import dev.minternet.tls.TlsServerContext;
import dev.minternet.tls.TlsStreamSocket;
import dev.minternet.tls.TrustStore;
import dev.minternet.tls.WorldPki;
import dev.minternet.tls.WorldTls;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.wire.Ip4;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A service mesh's sidecar proxy beside one service (Envoy as Istio or Consul Connect run it), transparent to
 * the service:
 * <ul>
 *   <li><b>Inbound</b>: TCP for the service's port arriving from a link is redirected to the sidecar's port
 *       15006 ({@link Redirect}, iptables REDIRECT's effect); the sidecar requires mutual TLS there (a client
 *       certificate of the mesh CA with a SPIFFE ID of its trust domain), checks the authorization policies by
 *       the client's identity (403 {@code RBAC: access denied} naming the policy), and passes allowed requests
 *       in clear text to the service, which still listens on its port, from the node itself.</li>
 *   <li><b>Outbound</b>: the application dials its sidecar on a local port per upstream (Consul Connect's
 *       {@code upstreams} with {@code local_bind_port}); the sidecar picks an endpoint of that service
 *       (round-robin over those not ejected), opens mutual TLS to it (checking the server's SPIFFE ID is the
 *       upstream's), retries 5xx and failed attempts on the next endpoint, each try bounded by the per-try
 *       timeout, and ejects an endpoint after N consecutive 5xx or failures for the base ejection time times
 *       the number of its ejections (Envoy's outlier detection).</li>
 *   <li><b>Identity</b>: a certificate whose one URI SAN is {@code spiffe://<trust-domain>/ns/<ns>/sa/<service>},
 *       issued by "Minternet Mesh CA (trust-domain)" under the world's root, valid for the certificate TTL and
 *       renewed {@code renew-before} its end, in simulated time. New connections use the new certificate;
 *       idle pooled connections made with the old one are closed (requests in flight finish on theirs).</li>
 *   <li><b>Admin</b>: port 15000 answers {@code GET /stats} (per-route counters and latencies, per-cluster
 *       retries and ejections), {@code GET /certs} and {@code GET /clusters}.</li>
 * </ul>
 *
 * <p>Modelled, not real: no control plane (the sidecars find each other in {@link MeshRegistry}, certificates
 * come straight from the world's PKI), no connection-level policy (only HTTP), no panic threshold or maximum
 * ejection percentage, and the admin port listens on the node's address (Envoy binds it to 127.0.0.1; the
 * simulated nodes have no loopback interface).
 */
public final class Sidecar {
    /** Istio's inbound capture port. */
    public static final int INBOUND_PORT = 15006;
    /** Envoy's admin port. */
    public static final int ADMIN_PORT = 15000;
    /** Envoy's default retry back-off base interval. */
    static final long RETRY_BACKOFF_NS = 25 * Durations.MS;

    /** Where the sidecar's certificate comes from. */
    public enum IdentitySource {
        /** The mesh CA of its trust domain: a member of the mesh. */
        MESH,
        /** The world's rogue CA: a certificate no sidecar trusts. */
        ROGUE,
        /** No certificate at all: it can call out (and be refused), not serve. */
        NONE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An authorization policy (Istio's AuthorizationPolicy, one rule): {@code deny} or allow requests from the
     * services {@code from} (names in this namespace or full SPIFFE IDs; empty: any mesh identity) whose path
     * starts with one of {@code paths} (empty: any) and whose method is one of {@code methods} (empty: any).
     */
    public record Policy(String name, boolean deny, List<String> from, List<String> paths, List<String> methods) {
        public Policy {
            from = List.copyOf(from);
            paths = List.copyOf(paths);
            methods = List.copyOf(methods);
        }

        boolean matches(String peerId, String peerSpiffePrefix, Request r) {
            boolean who = from.isEmpty() || from.stream().anyMatch(f -> f.equals(peerId) || (peerSpiffePrefix + f).equals(peerId));
            boolean path = paths.isEmpty() || paths.stream().anyMatch(p -> r.path().startsWith(p));
            boolean method = methods.isEmpty() || methods.contains(r.method());
            return who && path && method;
        }

        String describe() {
            return name + " (" + (deny ? "deny" : "allow") + (from.isEmpty() ? " any identity" : " from " + from)
                    + (paths.isEmpty() ? "" : " on " + paths) + (methods.isEmpty() ? "" : " " + methods) + ")";
        }
    }

    /** An upstream the application reaches on {@code localPort} of its own node. */
    public record Upstream(String service, int localPort) {
    }

    /** Everything a sidecar is told. */
    public record Config(String service, String namespace, String trustDomain, int port, IdentitySource identity,
                         long certTtlNs, long renewBeforeNs, List<Policy> policies, List<Upstream> upstreams,
                         int retries, long perTryTimeoutNs, int consecutive5xx, long baseEjectionNs) {
        public Config {
            Objects.requireNonNull(service, "service");
            policies = List.copyOf(policies);
            upstreams = List.copyOf(upstreams);
            if (renewBeforeNs >= certTtlNs) {
                throw new IllegalArgumentException("renew-before must be shorter than the certificate TTL");
            }
        }

        String spiffeId() {
            return Sidecar.spiffeId(trustDomain, namespace, service);
        }
    }

    /** {@code spiffe://<trust-domain>/ns/<ns>/sa/<service>}. */
    public static String spiffeId(String trustDomain, String namespace, String service) {
        return "spiffe://" + trustDomain + "/ns/" + namespace + "/sa/" + service;
    }

    /** One endpoint of an upstream cluster, as this sidecar sees it. */
    static final class Endpoint {
        final Sidecar target;
        final String name;
        final ArrayDeque<Pooled> idle = new ArrayDeque<>();
        int consecutive;
        int ejections;
        boolean ejected;

        Endpoint(Sidecar target) {
            this.target = target;
            this.name = target.node.name() + ":" + target.config.port();
        }
    }

    private record Pooled(HttpClient client, int generation, MeshHandshake hop) {
    }

    /** One upstream service's endpoints and rotation. */
    final class Cluster {
        final Upstream upstream;
        final String spiffeId;
        List<Endpoint> endpoints;
        int next;

        Cluster(Upstream u) {
            this.upstream = u;
            this.spiffeId = Sidecar.spiffeId(config.trustDomain(), config.namespace(), u.service());
        }

        List<Endpoint> endpoints() {
            if (endpoints == null) {
                endpoints = new ArrayList<>();
                for (Sidecar s : MeshRegistry.of(world).endpoints(spiffeId)) {
                    endpoints.add(new Endpoint(s));
                }
            }
            return endpoints;
        }

        Endpoint pick() {
            List<Endpoint> all = endpoints();
            for (int i = 0; i < all.size(); i++) {
                Endpoint e = all.get((next + i) % all.size());
                if (!e.ejected) {
                    next = (all.indexOf(e) + 1) % all.size();
                    return e;
                }
            }
            return null;
        }
    }

    private final Node node;
    private final World world;
    private final Trace trace;
    private final Config config;
    private final WorldPki pki;
    private final TrustStore meshTrust;
    private final MeshStats stats = new MeshStats();
    private final Map<String, Cluster> clusters = new TreeMap<>();
    private final ArrayDeque<HttpClient> appIdle = new ArrayDeque<>();
    private final SplittableRandom backoff;
    private final Timer renewal;
    private TlsIdentity identity;
    private int generation;
    private TlsServerContext serverContext;
    private TlsClientContext clientContext;

    /** Starts the sidecar on {@code node}: certificate, redirect, listeners, admin port. */
    public Sidecar(Node node, Config config) {
        this.node = node;
        this.world = node.world();
        this.trace = node.trace();
        this.config = config;
        this.pki = WorldTls.of(world).pki();
        this.meshTrust = TrustStore.of(pki.meshCaCertificate(config.trustDomain()));
        this.backoff = node.random("mesh/retry-backoff");
        this.renewal = new Timer(node.sim(), this::renew);
        renew();
        if (servesInbound()) {
            Redirect.install(node.ip(), config.port(), INBOUND_PORT);
            TcpStreamSocket.listen(node.tcp(), INBOUND_PORT, TcpStreamSocket.noDelay(node.tcp()), this::inboundConnection);
        }
        for (Upstream u : config.upstreams()) {
            Cluster c = new Cluster(u);
            clusters.put(u.service(), c);
            HttpServer out = new HttpServer(node.sim(), world.epoch()).trace(trace).serverName(null)
                    .fallback((req, reply) -> outbound(c, req, reply));
            Endpoints.serve(node, u.localPort(), out, List.of());
        }
        HttpServer admin = new HttpServer(node.sim(), world.epoch()).serverName("envoy")
                .route("GET", "/stats", (req, reply) -> reply.accept(Response.ok("text/plain", statsText().getBytes(StandardCharsets.UTF_8))))
                .route("GET", "/certs", (req, reply) -> reply.accept(Response.ok("text/plain", certsText().getBytes(StandardCharsets.UTF_8))))
                .route("GET", "/clusters", (req, reply) -> reply.accept(Response.ok("text/plain", clustersText().getBytes(StandardCharsets.UTF_8))));
        Endpoints.serve(node, ADMIN_PORT, admin, List.of());
        MeshRegistry.of(world).register(this);
    }

    public Node node() {
        return node;
    }

    public Config config() {
        return config;
    }

    public String spiffeId() {
        return config.spiffeId();
    }

    /** Whether it takes inbound connections: it has a port and a certificate to serve with. */
    boolean servesInbound() {
        return config.port() > 0 && config.identity() != IdentitySource.NONE;
    }

    /** The certificate it presents now (null without one). */
    public TlsIdentity identity() {
        return identity;
    }

    /** How many certificates it has had (1 after start, +1 per rotation). */
    public int generation() {
        return generation;
    }

    MeshStats stats() {
        return stats;
    }

    // ---- identity and rotation

    private void renew() {
        generation++;
        Instant now = world.date();
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notBefore.plusNanos(config.certTtlNs());
        String key = "mesh/" + spiffeId() + "/" + node.name() + "/" + generation; // each instance its own key
        identity = switch (config.identity()) {
            case MESH -> pki.workload(config.trustDomain(), config.service(), spiffeId(), notBefore, notAfter, key);
            case ROGUE -> pki.rogueWorkload(config.service(), spiffeId(), notBefore, notAfter, key);
            case NONE -> null;
        };
        WorldTls tls = WorldTls.of(world);
        String ctxName = node.name() + "/mesh/" + generation;
        if (identity != null) {
            serverContext = tls.server(ctxName).identity(identity)
                    .requireClientCertificate(new TlsServerContext.ClientAuth(meshTrust, world::date, this::peerInTrustDomain))
                    .build();
        }
        clientContext = tls.clientBuilder(ctxName, meshTrust).build();
        if (identity == null) {
            return;
        }
        long renewAt = node.sim().now() + config.certTtlNs() - config.renewBeforeNs();
        String serial = identity.leaf().getSerialNumber().toString(16);
        String renewDate = world.epoch().plusNanos(renewAt).toString();
        // the first certificate is made while the world is built, before anyone listens: told at t=0
        node.sim().schedule(0, () -> {
            if (trace.enabled()) {
                trace.emit(node.name(), MeshEvents.CERT, config.service(), spiffeId(), serial, notAfter.toString(), renewDate);
            }
        });
        renewal.setAt(renewAt);
        // idle pooled connections were made with the old certificate: close them, new ones use the new one
        for (Cluster c : clusters.values()) {
            if (c.endpoints != null) {
                for (Endpoint e : c.endpoints) {
                    for (Pooled p : e.idle) {
                        p.client().close();
                    }
                    e.idle.clear();
                }
            }
        }
    }

    /** The SPIFFE ID of a certificate (its spiffe:// URI SAN), or null. */
    static String spiffeIdOf(X509Certificate cert) {
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(6).equals(san.get(0)) && String.valueOf(san.get(1)).startsWith("spiffe://")) {
                        return String.valueOf(san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return null;
        }
        return null;
    }

    private String peerInTrustDomain(List<X509Certificate> chain) {
        String id = spiffeIdOf(chain.get(0));
        if (id == null) {
            return "the client certificate (" + chain.get(0).getSubjectX500Principal().getName() + ") has no SPIFFE ID";
        }
        if (!id.startsWith("spiffe://" + config.trustDomain() + "/")) {
            return "the client's SPIFFE ID " + id + " is not of trust domain " + config.trustDomain();
        }
        return null;
    }

    // ---- inbound

    private void inboundConnection(StreamSocket s) {
        int peer = s.remoteAddress();
        TlsStreamSocket.start(serverContext.accept(), s, trace, this::inboundReady, f -> {
            if (trace.enabled()) {
                trace.emit(node.name(), MeshEvents.REFUSED, config.service(), Ip4.str(peer), refusal(f), (long) s.remotePort());
            }
            stats.count("listener.inbound.mtls_refused");
        });
    }

    /** Why a client was refused at the handshake, in words. */
    static String refusal(TlsFailure f) {
        if (f.detail().startsWith("certificate_required")) {
            return "no client certificate: mutual TLS is required (alert certificate_required)";
        }
        return switch (f.reason()) {
            case UNTRUSTED, SELF_SIGNED_IN_CHAIN -> "the client certificate is not from the mesh CA (" + f.detail() + "): alert unknown_ca";
            case EXPIRED -> "the client certificate has expired: alert certificate_expired";
            case INVALID_CERTIFICATE -> f.detail();
            default -> f.detail().contains("UNKNOWN(") || f.detail().contains("unexpected_message")
                    ? "the client's first bytes are no TLS record (clear text?): this port requires mutual TLS"
                    : "failed handshake: " + f;
        };
    }

    private void inboundReady(TlsStreamSocket t) {
        X509Certificate peerLeaf = t.session().peerCertificates().get(0);
        String peerId = spiffeIdOf(peerLeaf);
        if (trace.enabled()) {
            trace.emit(node.name(), MeshEvents.MTLS, config.service(), peerId, peerLeaf.getSerialNumber().toString(16));
        }
        stats.count("listener.inbound.mtls_accepted");
        HttpServer http = new HttpServer(node.sim(), world.epoch()).trace(trace).serverName(null)
                .fallback((req, reply) -> inbound(peerId, req, reply));
        http.serve(t, HttpProtocol.fromAlpn(t.applicationProtocol()));
    }

    private void inbound(String peerId, Request req, Consumer<Response> reply) {
        long start = node.sim().now();
        String prefix = "spiffe://" + config.trustDomain() + "/ns/" + config.namespace() + "/sa/";
        Policy decided = null;
        String reason = null;
        for (Policy p : config.policies()) {
            if (p.deny() && p.matches(peerId, prefix, req)) {
                decided = p;
                reason = "denied by policy " + p.describe();
                break;
            }
        }
        if (decided == null) {
            List<Policy> allows = config.policies().stream().filter(p -> !p.deny()).toList();
            for (Policy p : allows) {
                if (p.matches(peerId, prefix, req)) {
                    decided = p;
                    break;
                }
            }
            if (decided == null && !allows.isEmpty()) {
                StringBuilder names = new StringBuilder();
                for (Policy p : allows) {
                    names.append(names.length() == 0 ? "" : ", ").append(p.describe());
                }
                reason = "no ALLOW policy matches; policies: " + names;
            }
        }
        if (reason != null) {
            String policy = decided == null ? "-" : decided.name();
            if (trace.enabled()) {
                trace.emit(node.name(), MeshEvents.DENY, config.service(), peerId, req.method(), req.path(), policy, reason);
            }
            stats.record("inbound", config.service(), req.path(), 403, 0);
            stats.count("http.inbound.rbac.denied");
            String body = "RBAC: access denied\n" + peerId + " may not " + req.method() + " " + req.path() + " on "
                    + config.service() + ": " + reason + "\n";
            reply.accept(Response.text(403, body).withHeader("x-mesh-policy", policy));
            return;
        }
        if (trace.enabled()) {
            trace.emit(node.name(), MeshEvents.ALLOW, config.service(), peerId, req.method(), req.path(),
                    decided == null ? "-" : decided.name());
        }
        stats.count("http.inbound.rbac.allowed");
        Request out = Request.of(req.method(), req.target(), upstreamHeaders(req)
                .set("x-forwarded-client-cert", "By=" + spiffeId() + ";URI=" + peerId), req.body());
        withAppConnection(client -> client.send(out, 0, ex -> {
            if (client.isOpen()) {
                appIdle.add(client);
            }
            Response res = ex.ok() ? ex.response().forwarded() : Response.text(503, "upstream connect error or disconnect/reset before headers. "
                    + "reset reason: " + ex.error() + "\n");
            finishInbound(peerId, req, res, start, reply);
        }), error -> finishInbound(peerId, req, Response.text(503, "upstream connect error or disconnect/reset before headers. "
                + "reset reason: connection failure, transport failure reason: " + error + "\n"), start, reply));
    }

    private void finishInbound(String peerId, Request req, Response res, long start, Consumer<Response> reply) {
        double ms = (node.sim().now() - start) / (double) Durations.MS;
        stats.record("inbound", config.service(), req.path(), res.status(), ms);
        if (trace.enabled()) {
            trace.emit(node.name(), MeshEvents.INBOUND, config.service(), peerId, req.method(), req.path(), (long) res.status(), ms);
        }
        reply.accept(res);
    }

    private void withAppConnection(Consumer<HttpClient> ready, Consumer<String> failed) {
        while (!appIdle.isEmpty()) {
            HttpClient c = appIdle.poll();
            if (c.isOpen()) {
                ready.accept(c);
                return;
            }
        }
        Dial d = Dial.http(node.ip().primaryAddress(), config.port(), HttpClient.Options.curl(config.service()).withUserAgent(null));
        Endpoints.connect(node, d, new Steps() {
            @Override
            public void ready(HttpClient c) {
                ready.accept(c);
            }

            @Override
            public void failed(Steps.Failure f) {
                failed.accept(f.error());
            }
        });
    }

    private static Headers upstreamHeaders(Request req) {
        Headers h = Headers.EMPTY;
        for (Headers.Field f : req.headers().fields()) {
            if (!f.name().toLowerCase(Locale.ROOT).startsWith("x-http2-")) {
                h = h.with(f.name(), f.value());
            }
        }
        return h;
    }

    // ---- outbound

    private void outbound(Cluster c, Request req, Consumer<Response> reply) {
        Request out = Request.of(req.method(), req.target(), upstreamHeaders(req), req.body());
        attempt(c, out, dev.minternet.wire.Ip6.hostPort(req.peer(), req.remotePort()), 1, node.sim().now(), reply);
    }

    private void attempt(Cluster c, Request req, String downstream, int attempt, long start, Consumer<Response> reply) {
        Endpoint e = c.pick();
        if (e == null) {
            finishOutbound(c, req, Response.text(503, "no healthy upstream"), start, reply);
            return;
        }
        stats.count("cluster." + c.upstream.service() + ".upstream_rq_total");
        boolean[] done = new boolean[1];
        Object[] inFlight = new Object[1];
        MeshHandshake[] hop = new MeshHandshake[1];
        Timer perTry = new Timer(node.sim(), () -> {
            if (!done[0]) {
                done[0] = true;
                abort(inFlight[0]);
                stats.count("cluster." + c.upstream.service() + ".upstream_rq_per_try_timeout");
                attemptDone(c, e, req, downstream, hop[0], attempt, start, null,
                        "per-try timeout after " + config.perTryTimeoutNs() / Durations.MS + " ms", reply);
            }
        });
        perTry.setAfter(config.perTryTimeoutNs());
        Consumer<String> failed = error -> {
            if (!done[0]) {
                done[0] = true;
                perTry.cancel();
                attemptDone(c, e, req, downstream, hop[0], attempt, start, null, error, reply);
            }
        };
        withUpstream(c, e, downstream, inFlight, hop, client -> {
            if (done[0]) {
                client.bridge().abort();
                return;
            }
            inFlight[0] = client;
            client.send(req, 0, ex -> {
                if (done[0]) {
                    return;
                }
                done[0] = true;
                perTry.cancel();
                if (ex.ok()) {
                    if (client.isOpen()) {
                        e.idle.add(new Pooled(client, generation, hop[0]));
                    }
                    attemptDone(c, e, req, downstream, hop[0], attempt, start, ex.response(), null, reply);
                } else {
                    attemptDone(c, e, req, downstream, hop[0], attempt, start, null, describeLoss(ex, client), reply);
                }
            });
        }, failed);
    }

    private static void abort(Object inFlight) {
        if (inFlight instanceof HttpClient h) {
            h.bridge().abort();
        } else if (inFlight instanceof StreamSocket s) {
            s.abort();
        } else if (inFlight instanceof TcpConnection t) {
            t.abort();
        }
    }

    private static String describeLoss(Exchange ex, HttpClient client) {
        return "connection termination: " + ex.error();
    }

    private void attemptDone(Cluster c, Endpoint e, Request req, String downstream, MeshHandshake hop, int attempt, long start,
                             Response res, String error, Consumer<Response> reply) {
        boolean failed = res == null || res.status() >= 500;
        if (trace.enabled()) {
            trace.emit(node.name(), MeshEvents.ATTEMPT, config.service(), c.upstream.service(), e.name, (long) attempt,
                    res == null ? 0L : (long) res.status(), error == null ? "" : error, downstream, hop == null ? "" : hop.local());
        }
        if (failed) {
            e.consecutive++;
            if (!e.ejected && e.consecutive >= config.consecutive5xx()) {
                eject(c, e);
            }
        } else {
            e.consecutive = 0;
        }
        if (failed && attempt <= config.retries()) {
            stats.count("cluster." + c.upstream.service() + ".upstream_rq_retry");
            // Envoy's back-off: uniform in [0, (2^n - 1) x 25 ms] before try n+1
            long cap = ((1L << Math.min(attempt, 10)) - 1) * RETRY_BACKOFF_NS;
            long wait = cap <= 0 ? 0 : backoff.nextLong(cap + 1);
            new Timer(node.sim(), () -> attempt(c, req, downstream, attempt + 1, start, reply)).setAfter(Math.max(1, wait));
            return;
        }
        Response last = res != null ? res
                : error.startsWith("per-try timeout") ? Response.text(504, "upstream request timeout")
                : Response.text(503, "upstream connect error or disconnect/reset before headers. reset reason: " + error);
        finishOutbound(c, req, last, start, reply);
    }

    private void eject(Cluster c, Endpoint e) {
        e.ejected = true;
        e.ejections++;
        long time = config.baseEjectionNs() * e.ejections;
        stats.count("cluster." + c.upstream.service() + ".outlier_detection.ejections_enforced_total");
        if (trace.enabled()) {
            trace.emit(node.name(), MeshEvents.EJECT, config.service(), c.upstream.service(), e.name, (long) e.consecutive, time);
        }
        for (Pooled p : e.idle) {
            p.client().close();
        }
        e.idle.clear();
        new Timer(node.sim(), () -> {
            e.ejected = false;
            e.consecutive = 0;
            if (trace.enabled()) {
                trace.emit(node.name(), MeshEvents.RETURN, config.service(), c.upstream.service(), e.name);
            }
        }).setAfter(time);
    }

    private void finishOutbound(Cluster c, Request req, Response res, long start, Consumer<Response> reply) {
        double ms = (node.sim().now() - start) / (double) Durations.MS;
        stats.record("outbound", c.upstream.service(), req.path(), res.status(), ms);
        if (trace.enabled()) {
            trace.emit(node.name(), MeshEvents.OUTBOUND, config.service(), c.upstream.service(), req.method(), req.path(),
                    (long) res.status(), ms);
        }
        reply.accept(res);
    }

    /** A pooled connection of the current certificate to {@code e}, or a new mutual TLS one. */
    private void withUpstream(Cluster c, Endpoint e, String downstream, Object[] inFlight, MeshHandshake[] hop,
                              Consumer<HttpClient> ready, Consumer<String> failed) {
        while (!e.idle.isEmpty()) {
            Pooled p = e.idle.poll();
            if (p.client().isOpen() && p.generation() == generation) {
                hop[0] = p.hop();
                p.hop().emit(trace, node.name(), config.service(), spiffeId(), downstream, c.upstream.service(), e.name, true);
                ready.accept(p.client());
                return;
            }
            p.client().close();
        }
        Sidecar target = e.target;
        String sni = target.config.service() + "." + target.config.namespace() + ".svc." + target.config.trustDomain();
        TlsClientContext ctx = clientContext;
        long connecting = node.sim().now();
        inFlight[0] = TcpStreamSocket.connect(node.tcp(), target.node.ip().primaryAddress(), target.config.port(),
                TcpStreamSocket.noDelay(node.tcp()), s -> {
                    inFlight[0] = s;
                    long connected = node.sim().now();
                    TlsStreamSocket.start(ctx.connectMutual(sni, List.of("h2", "http/1.1"), () -> identity,
                            chain -> expectIdentity(chain, c.spiffeId)), s, trace, t -> {
                                inFlight[0] = t;
                                hop[0] = MeshHandshake.of(t, connecting, connected, node.sim().now());
                                hop[0].emit(trace, node.name(), config.service(), spiffeId(), downstream, c.upstream.service(), e.name, false);
                                HttpClient h = HttpClient.open(node.sim(), t, HttpProtocol.fromAlpn(t.applicationProtocol()),
                                        HttpClient.Options.curl(c.upstream.service()).withUserAgent(null).withScheme("https"));
                                h.trace(trace);
                                ready.accept(h);
                            }, f -> failed.accept("connection failure, transport failure reason: TLS error: " + f.curlMessage()
                                    + (f.detail().isEmpty() ? "" : " (" + f.detail() + ")")));
                }, error -> failed.accept("connection failure: " + error));
    }

    private static String expectIdentity(List<X509Certificate> chain, String expected) {
        String id = spiffeIdOf(chain.get(0));
        return expected.equals(id) ? null : "the server's SPIFFE ID is " + id + ", not " + expected;
    }

    // ---- admin

    String statsText() {
        for (Cluster c : clusters.values()) {
            int ejected = 0;
            for (Endpoint e : c.endpoints()) {
                ejected += e.ejected ? 1 : 0;
            }
            stats.set("cluster." + c.upstream.service() + ".outlier_detection.ejections_active", ejected);
            stats.set("cluster." + c.upstream.service() + ".membership_total", c.endpoints().size());
        }
        stats.set("server.certificate_generation", generation);
        return stats.text();
    }

    String certsText() {
        if (identity == null) {
            return "no certificate\n";
        }
        X509Certificate leaf = identity.leaf();
        return "spiffe_id: " + spiffeId() + "\nserial: " + leaf.getSerialNumber().toString(16) + "\nissuer: "
                + leaf.getIssuerX500Principal().getName() + "\nnot_before: " + leaf.getNotBefore().toInstant()
                + "\nnot_after: " + leaf.getNotAfter().toInstant() + "\ngeneration: " + generation + "\n";
    }

    String clustersText() {
        StringBuilder sb = new StringBuilder();
        for (Cluster c : clusters.values()) {
            for (Endpoint e : c.endpoints()) {
                sb.append(c.upstream.service()).append("::").append(e.name).append("::health_flags::")
                        .append(e.ejected ? "/failed_outlier_check" : "healthy").append('\n');
                sb.append(c.upstream.service()).append("::").append(e.name).append("::consecutive_5xx::").append(e.consecutive).append('\n');
            }
        }
        return sb.toString();
    }
}
