package dev.minternet.services.cdn;

import dev.minternet.endpoint.Endpoints;
import dev.minternet.http.HttpServer;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.node.Node;
import dev.minternet.services.httpcache.HttpCache;
import dev.minternet.services.lb.LoadBalancer;
import dev.minternet.sim.Durations;
import dev.minternet.tls.TlsIdentity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * A CDN edge server, as a Fastly or Cloudflare point of presence: a caching reverse proxy that
 * answers from its {@link HttpCache} and asks its upstream on a miss. The upstream is the origin,
 * or, with an origin shield, another edge (the shield) that itself asks the origin: then only
 * the shield's misses reach the origin. Requests go upstream over kept-alive HTTP/1.1 (the same
 * {@link LoadBalancer} as {@code type: lb}, one backend, with its health checks) with the
 * client's Host, {@code X-Forwarded-For} and {@code Via: 1.1 NODE} (RFC 9110 section 7.6.3).
 * Answers carry {@code X-Cache} (the cache's HIT, MISS, REVALIDATED or STALE), {@code Age} when
 * stored, and {@code X-Served-By: NODE}. {@code GET /health} is answered by the edge itself (200, not
 * stored), so that edges shielded by it check the shield, not the origin behind it.
 *
 * <p>Purge: {@code PURGE /path} with the object's Host (Varnish's and Fastly's method) removes
 * every stored variant of that URL and answers 200 with {@code {"status":"ok","purged":N}}; a
 * purge is not forwarded, so purging a shielded object takes one PURGE per edge and one to the
 * shield. Modelled, not real: anyone who can reach the edge may purge (Varnish restricts PURGE by
 * an ACL, Fastly by an API token).
 */
public final class CdnEdge {
    /** Where an edge gets what it does not hold: the origin or a shield edge. */
    public record Upstream(String name, int address, int port) {
    }

    /** The path an edge answers itself: its liveness, for the health checks of edges that use it as their shield. */
    public static final String HEALTH = "/health";

    private final Node node;
    private final HttpCache cache;
    private final LoadBalancer upstream;
    private final HttpServer front;
    private long purges;

    /**
     * @param port     the port clients use (0: no listener; {@link #handle} takes requests)
     * @param upstream the origin, or the shield edge
     * @param bytes    the cache's size
     */
    public CdnEdge(Node node, int port, List<TlsIdentity> identity, Upstream upstream, long bytes) {
        this(node, port, identity, upstream, bytes, -1);
    }

    /** @param ttlS the edge TTL in seconds ({@link HttpCache#ttl}), -1 to follow the origin's Cache-Control */
    public CdnEdge(Node node, int port, List<TlsIdentity> identity, Upstream upstream, long bytes, long ttlS) {
        this.node = node;
        this.cache = new HttpCache(node.name(), node.name(), node.trace(), this::epochNs, bytes).ttl(ttlS);
        this.upstream = new LoadBalancer(node, 0, List.of(), LoadBalancer.Algorithm.ROUND_ROBIN, LoadBalancer.Health.DEFAULT,
                List.of(new LoadBalancer.Target(upstream.name(), upstream.address(), upstream.port())));
        this.front = new HttpServer(node.sim(), node.world().epoch()).trace(node.trace()).nginxTimeouts().serverName(null).fallback(this::handle);
        if (port > 0) {
            Endpoints.serve(node, port, front, identity);
        }
    }

    public HttpCache cache() {
        return cache;
    }

    public HttpServer front() {
        return front;
    }

    /** PURGE requests answered. */
    public long purges() {
        return purges;
    }

    private long epochNs() {
        return node.world().epoch().getEpochSecond() * Durations.S + node.world().epoch().getNano() + node.sim().now();
    }

    /** Answers one request: a purge, or through the cache. */
    public void handle(Request req, Consumer<Response> reply) {
        Consumer<Response> out = resp -> reply.accept(resp.withHeader("X-Served-By", node.name()));
        if (req.path().equals(HEALTH) && (req.method().equals("GET") || req.method().equals("HEAD"))) {
            // the edge's own liveness, not cached and not forwarded (what the edges below a shield check)
            out.accept(Response.text(200, "ok\n").withHeader("Cache-Control", "no-store"));
            return;
        }
        if (req.method().equals("PURGE")) {
            purges++;
            String host = req.host() == null ? "" : req.host();
            int n = cache.purge(host, req.target());
            out.accept(Response.of(200, "application/json", ("{\"status\":\"ok\",\"purged\":" + n + "}\n").getBytes(StandardCharsets.UTF_8)));
            return;
        }
        cache.handle(req, (up, back) -> {
            String via = up.headers().get("Via");
            upstream.handle(up.withHeaders(up.headers().set("Via", (via == null ? "" : via + ", ") + "1.1 " + node.name())), back);
        }, out);
    }
}
