package dev.minternet.services.web;

import dev.minternet.endpoint.Endpoints;
import dev.minternet.http.HttpHandler;
import dev.minternet.http.HttpServer;
import dev.minternet.http.Response;
import dev.minternet.node.Node;
import dev.minternet.services.app.ApiServer;
import dev.minternet.services.app.EventStream;
import dev.minternet.services.app.GraphqlApi;
import dev.minternet.services.app.ResponseCache;
import dev.minternet.services.app.WorkerPool;
import dev.minternet.services.db.ConnectionPool;
import dev.minternet.services.db.DatabaseClient;
import dev.minternet.services.db.DatabaseServer;
import dev.minternet.services.lb.LoadBalancer;
import dev.minternet.services.redis.RedisClient;
import dev.minternet.tls.TlsIdentity;
import dev.minternet.transport.tcp.TcpStreamSocket;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the world's servers on their nodes, as a scenario's {@code services:} list asks: a web
 * server (static files), an application server (JSON API on a worker pool, backed by the
 * database through a connection pool over TCP) and a database server (PostgreSQL wire protocol).
 * Every HTTP server answers {@code GET /health} with 200 "ok", for load balancers' checks.
 */
public final class Services {
    /** The path every HTTP service answers for health checks. */
    public static final String HEALTH = "/health";

    private Services() {
    }

    /**
     * A web server on {@code port} serving the files under {@code root}, over TLS when {@code
     * identity} is non-null. The Server header names the node, so a client behind a load balancer
     * sees which backend answered.
     */
    public static HttpServer web(Node node, int port, Path root, List<TlsIdentity> identity) {
        return web(node, port, root, identity, null);
    }

    /**
     * A web server that also passes every request under {@code /api/} to the application server
     * {@code api} (nginx's {@code location /api/ { proxy_pass http://app:8080; }}), health-checked
     * like a load balancer's backend, server-sent events passed on as they stream; {@code api}
     * null: none.
     */
    public static HttpServer web(Node node, int port, Path root, List<TlsIdentity> identity, LoadBalancer.Target api) {
        HttpServer s = new HttpServer(node.sim(), node.world().epoch()).trace(node.trace()).nginxTimeouts().serverName("minternet (" + node.name() + ")");
        s.route("GET", HEALTH, HttpHandler.of(r -> Response.text(200, "ok\n")));
        if (api != null) {
            LoadBalancer up = new LoadBalancer(node, 0, List.of(), LoadBalancer.Algorithm.ROUND_ROBIN,
                    LoadBalancer.Health.DEFAULT, List.of(api));
            s.streamWhen(r -> r.path().startsWith("/api/") && LoadBalancer.eventStream(r), up::handleStream);
            s.route(null, "/api/*", up::handle);
        }
        s.staticFiles(root, "max-age=60");
        Endpoints.serve(node, port, s, identity);
        return s;
    }

    /** A running application server and its parts. */
    public record App(HttpServer http, ApiServer api, WorkerPool workers, ConnectionPool pool) {
    }

    /**
     * An application server on {@code port}: {@code GET /api/users} (and {@code /health}); each
     * request takes a worker for {@code cpuNs}, then queries the database at {@code dbAddress:dbPort}
     * through a pool of at most {@code poolSize} connections.
     */
    public static App app(Node node, int port, int workers, long cpuNs, int dbAddress, int dbPort, int poolSize,
            List<TlsIdentity> identity) {
        return app(node, port, workers, cpuNs, dbAddress, dbPort, poolSize, identity, null);
    }

    /** Where the application server caches its answers: a Redis server and the TTL of each entry. */
    public record Cache(int address, int port, long ttlSeconds) {
    }

    /**
     * {@link #app(Node, int, int, long, int, int, int, List)} caching the answers of its query
     * routes in the Redis server {@code cache} (cache-aside with a TTL; null: no cache).
     */
    public static App app(Node node, int port, int workers, long cpuNs, int dbAddress, int dbPort, int poolSize,
            List<TlsIdentity> identity, Cache cache) {
        return app(node, port, workers, cpuNs, dbAddress, dbPort, poolSize, identity, cache, EVENTS_INTERVAL_NS);
    }

    /** The default period of the server-sent events' clock ({@code GET /api/events}). */
    public static final long EVENTS_INTERVAL_NS = 5_000_000_000L;

    /**
     * {@link #app(Node, int, int, long, int, int, int, List, Cache)} whose {@code GET /api/events}
     * (server-sent events, {@link EventStream}) ticks every {@code eventsNs}.
     */
    public static App app(Node node, int port, int workers, long cpuNs, int dbAddress, int dbPort, int poolSize,
            List<TlsIdentity> identity, Cache cache, long eventsNs) {
        WorkerPool pool = new WorkerPool(node.sim(), node.trace(), node.name(), "app-workers", workers, -1);
        DatabaseClient dbc = new DatabaseClient(node.sim(), node.trace(), node.name(), cb ->
                TcpStreamSocket.connect(node.tcp(), dbAddress, dbPort, TcpStreamSocket.noDelay(node.tcp()), cb::connected, cb::failed),
                "app", "app", "minternet-app");
        ConnectionPool cp = new ConnectionPool(dbc, poolSize);
        ApiServer api = ApiServer.withUsersRoute(node.trace(), node.name(), pool, cp, cpuNs);
        api.graphql(new GraphqlApi(node.trace(), node.name(), cp));
        if (cache != null) {
            RedisClient redis = new RedisClient(cb -> TcpStreamSocket.connect(node.tcp(), cache.address(), cache.port(),
                    TcpStreamSocket.noDelay(node.tcp()), cb::connected, cb::failed));
            api.cache(new ResponseCache(node.sim(), node.trace(), node.name(), redis, cache.ttlSeconds()));
        }
        HttpServer s = new HttpServer(node.sim(), node.world().epoch()).trace(node.trace()).nginxTimeouts().serverName("minternet-app (" + node.name() + ")");
        s.route("GET", HEALTH, HttpHandler.of(r -> Response.text(200, "ok\n")));
        EventStream events = new EventStream(node.sim(), node.trace(), node.name(), node.world().epoch(), eventsNs);
        s.streamRoute("GET", EventStream.PATH, events::handle);
        s.route(null, "/*", (req, reply) -> api.handle(req.method(), req.target(), req.headers().get("accept"), req.body(),
                (status, type, body) -> reply.accept(Response.of(status, type, body))));
        Endpoints.serve(node, port, s, identity);
        App app = new App(s, api, pool, cp);
        node.attach(App.class, app); // for benchmarks and tools that read the server's queue
        return app;
    }

    /** A PostgreSQL server on {@code port} over H2, seeded with {@code seedSql} statements. */
    public static DatabaseServer db(Node node, int port, List<String> seedSql, long queryTimeNs, int executors) {
        DatabaseServer db = new DatabaseServer(node.sim(), node.trace(), DatabaseServer.Config.of(node.name(), seedSql)
                .withServiceTime(queryTimeNs, 0).withExecutors(executors).withEpoch(node.world().epoch()));
        TcpStreamSocket.listen(node.tcp(), port, db::accept);
        return db;
    }
}
