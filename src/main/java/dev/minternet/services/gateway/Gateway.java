package dev.minternet.services.gateway;

import com.nimbusds.jose.jwk.JWKSet;
import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.Steps;
import dev.minternet.http.Headers;
import dev.minternet.http.HttpClient;
import dev.minternet.http.HttpServer;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.node.Node;
import dev.minternet.node.NodeFiles;
import dev.minternet.services.httpcache.HttpCache;
import dev.minternet.services.lb.LoadBalancer;
import dev.minternet.services.redis.RedisClient;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.tls.TlsIdentity;
import dev.minternet.trace.Trace;
import dev.minternet.transport.tcp.TcpStreamSocket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * An API gateway, as Kong, Envoy or nginx with its auth and limit modules in front of services:
 * every request gets an {@code X-Request-ID}, is matched to a route by host and longest path
 * prefix, authenticated (a JWT bearer token checked against the issuer's JWKS, or an API key),
 * counted against the route's rate limit, rewritten (headers set and removed, the prefix
 * stripped) and passed to the route's upstream pool, an {@link LoadBalancer} with the pool's
 * algorithm and health checks; the answer comes back with the request id and the RateLimit
 * fields, and a line in nginx's {@code combined} format goes to the access log in the node's
 * file area ({@link NodeFiles}).
 *
 * <p>Statuses of the gateway's own: 404 (no route), 401 with {@code WWW-Authenticate: Bearer}
 * (no or an invalid credential; RFC 6750 section 3), 403 (a valid credential without the route's
 * scope: {@code error="insufficient_scope"}), 429 with {@code Retry-After} (the limit), 504 (the
 * route's timeout), 503 (the JWKS cannot be fetched); the pool's own 502/503/504 pass through
 * after the route's retries.
 *
 * <p>X-Request-ID: 32 lower-case hex digits (nginx's {@code $request_id}) from the node's seeded
 * stream "gateway-request-id": the same run gives the same ids. An id the client sent is
 * replaced, as {@code proxy_set_header X-Request-ID $request_id} does.
 */
public final class Gateway {
    /** What proves who asks. */
    public enum Auth {
        NONE, JWT, API_KEY, JWT_OR_API_KEY;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What a rate limit counts by. */
    public enum Per {
        ROUTE, CLIENT, API_KEY;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A pool of upstream servers, balanced by the load balancer's algorithms. */
    public record Pool(String name, LoadBalancer.Algorithm algorithm, List<LoadBalancer.Target> backends) {
    }

    /**
     * {@code requests} per {@code periodNs}, bursts of {@code burst}, counted by {@code per}; in the
     * gateway (a token bucket) or, with {@code redis}, in a fixed window shared by gateways.
     */
    public record Limit(Per per, int requests, long periodNs, int burst, boolean redis) {
    }

    /** A request header to set (or, with a null value, remove). */
    public record HeaderRule(String name, String value) {
    }

    /**
     * A route: requests for {@code host} (null: any) whose path starts with {@code prefix} go to
     * {@code pool}, after the checks; {@code retries} more attempts for GET and HEAD when the pool
     * answers 502, 503 or 504; {@code timeoutNs} for the whole (504 after it).
     */
    public record Route(String name, String host, String prefix, String pool, boolean stripPrefix, List<HeaderRule> request,
                        List<HeaderRule> response, long timeoutNs, int retries, Auth auth, List<String> scopes, Limit limit,
                        long cacheBytes) {
        /** A route without a cache. */
        public Route(String name, String host, String prefix, String pool, boolean stripPrefix, List<HeaderRule> request,
                     List<HeaderRule> response, long timeoutNs, int retries, Auth auth, List<String> scopes, Limit limit) {
            this(name, host, prefix, pool, stripPrefix, request, response, timeoutNs, retries, auth, scopes, limit, 0);
        }
    }

    /**
     * Where the issuer's JWKS is and what tokens must say; {@code cookie} names the session cookie
     * that may carry the JWT instead of the Authorization header (null: none).
     */
    public record Jwt(int address, int port, String hostName, String audience, String issuer, String cookie) {
        /** Without a session cookie. */
        public Jwt(int address, int port, String hostName, String audience, String issuer) {
            this(address, port, hostName, audience, issuer, null);
        }
    }

    /** An API key, its consumer's name and scopes. */
    public record ApiKey(String key, String name, List<String> scopes) {
    }

    /** The whole configuration. */
    public record Config(List<Pool> pools, List<Route> routes, Jwt jwt, List<ApiKey> keys, int redisAddress, int redisPort,
                         String accessLog, String realm) {
    }

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Node node;
    private final Trace trace;
    private final Config config;
    private final HttpServer front;
    private final Map<String, LoadBalancer> pools = new LinkedHashMap<>();
    private final Map<Route, RateLimiter> limiters = new LinkedHashMap<>();
    private final Map<Route, HttpCache> caches = new LinkedHashMap<>();
    private final SplittableRandom ids;
    private final RedisClient redis;
    private JwtValidator validatorKeys;
    private List<JwtKeys.Keyed> jwks;
    private List<Runnable> waitingForKeys;
    private long answered;
    private long denied;
    private long limited;

    /** Creates the gateway and listens on {@code port} (0: no listener; {@link #handle} takes requests). */
    public Gateway(Node node, int port, List<TlsIdentity> identity, Config config) {
        this.node = node;
        this.trace = node.trace();
        this.config = config;
        this.ids = node.random("gateway-request-id");
        this.redis = config.redisPort() > 0 ? new RedisClient(cb -> TcpStreamSocket.connect(node.tcp(), config.redisAddress(),
                config.redisPort(), TcpStreamSocket.noDelay(node.tcp()), cb::connected, cb::failed)) : null;
        for (Pool p : config.pools()) {
            pools.put(p.name(), new LoadBalancer(node, 0, List.of(), p.algorithm(), LoadBalancer.Health.DEFAULT, p.backends()));
        }
        for (Route r : config.routes()) {
            if (!pools.containsKey(r.pool())) {
                throw new IllegalArgumentException("route " + r.name() + " names no pool " + r.pool());
            }
            if (r.cacheBytes() > 0) {
                caches.put(r, new HttpCache(r.name(), node.name(), trace, this::epochNs, r.cacheBytes()));
            }
            Limit l = r.limit();
            if (l != null) {
                if (l.redis() && redis == null) {
                    throw new IllegalArgumentException("route " + r.name() + ": a Redis rate limit needs the gateway's redis");
                }
                limiters.put(r, l.redis() ? new RedisWindow(redis, l.requests(), l.periodNs())
                        : new TokenBucket(l.requests(), l.periodNs(), l.burst()));
            }
        }
        this.front = new HttpServer(node.sim(), node.world().epoch()).trace(trace).nginxTimeouts().serverName(null).fallback(this::handle);
        if (port > 0) {
            Endpoints.serve(node, port, front, identity);
        }
    }

    public HttpServer front() {
        return front;
    }

    /** The pool's load balancer. */
    public LoadBalancer pool(String name) {
        return pools.get(name);
    }

    /** Requests answered (any status). */
    public long answered() {
        return answered;
    }

    /** Requests refused with 401 or 403. */
    public long denied() {
        return denied;
    }

    /** Requests refused with 429. */
    public long limited() {
        return limited;
    }

    private long epochNs() {
        return node.world().epoch().getEpochSecond() * Durations.S + node.world().epoch().getNano() + node.sim().now();
    }

    private String requestId() {
        return String.format("%016x%016x", ids.nextLong(), ids.nextLong());
    }

    // ---- the request's way through

    /** Takes one request through routing, authentication, the limit and the pool. */
    public void handle(Request req, Consumer<Response> reply) {
        long start = node.sim().now();
        String id = requestId();
        Consumer<Response> done = resp -> finish(req, id, start, resp.withHeader("X-Request-ID", id), reply);
        String host = hostOf(req);
        Route r = match(host, req.path());
        if (r == null) {
            if (trace.enabled()) {
                trace.emit(node.name(), GatewayEvents.NO_ROUTE, id, host, req.path());
            }
            done.accept(json(404, "no_route", "no route for " + host + req.path()));
            return;
        }
        if (trace.enabled()) {
            trace.emit(node.name(), GatewayEvents.ROUTED, id, r.name(), host, req.path(), r.pool());
        }
        authenticate(r, req, id, done, who -> limit(r, req, id, who, done,
                headers -> cached(r, req, id, who, start, resp -> done.accept(withAll(resp, headers, r.response())))));
    }

    private static String hostOf(Request req) {
        String h = req.host();
        if (h == null) {
            return "";
        }
        h = h.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        return colon > 0 && h.indexOf(']') < colon ? h.substring(0, colon) : h;
    }

    /** The route of {@code host} with the longest prefix of {@code path}; routes for any host come after the host's own. */
    Route match(String host, String path) {
        Route best = null;
        for (int pass = 0; pass < 2 && best == null; pass++) {
            for (Route r : config.routes()) {
                boolean hostOk = pass == 0 ? host.equals(r.host()) : r.host() == null;
                if (hostOk && prefixMatches(r.prefix(), path) && (best == null || r.prefix().length() > best.prefix().length())) {
                    best = r;
                }
            }
        }
        return best;
    }

    /** nginx-like prefix match on whole segments: /users matches /users and /users/1, not /usersx. */
    private static boolean prefixMatches(String prefix, String path) {
        if (prefix.equals("/")) {
            return true;
        }
        return path.startsWith(prefix) && (path.length() == prefix.length() || prefix.endsWith("/") || path.charAt(prefix.length()) == '/');
    }

    // ---- authentication

    /** Who asked: the subject and how it was proved (null subject for a route without auth). */
    private record Who(String subject, String method, String apiKey) {
    }

    private void authenticate(Route r, Request req, String id, Consumer<Response> done, Consumer<Who> next) {
        if (r.auth() == Auth.NONE) {
            next.accept(new Who(null, "none", null));
            return;
        }
        String key = req.headers().get("X-API-Key");
        if (key != null && (r.auth() == Auth.API_KEY || r.auth() == Auth.JWT_OR_API_KEY)) {
            ApiKey k = apiKey(key);
            if (k == null) {
                done.accept(deny(r, id, 401, "invalid_token", "unknown API key", apiKeyChallenge(r)));
                return;
            }
            List<String> missing = missing(r.scopes(), k.scopes());
            if (!missing.isEmpty()) {
                done.accept(deny(r, id, 403, "insufficient_scope", "API key " + k.name() + " lacks " + String.join(" ", missing),
                        challenge("insufficient_scope", "the key lacks a scope", r)));
                return;
            }
            authOk(r, id, "api-key", k.name(), k.scopes());
            next.accept(new Who(k.name(), "api-key", k.key()));
            return;
        }
        String authz = req.headers().get("Authorization");
        boolean jwtAllowed = r.auth() == Auth.JWT || r.auth() == Auth.JWT_OR_API_KEY;
        String session = jwtAllowed && authz == null ? sessionCookie(req) : null;
        if (session != null) {
            checkJwt(r, id, session, GatewayEvents.METHOD_SESSION, done, next);
            return;
        }
        if (!jwtAllowed || authz == null || !authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
            // RFC 6750 section 3.1: a request without credentials gets the challenge and no error code
            String why = authz == null ? "no credentials" : "not a Bearer credential";
            done.accept(deny(r, id, 401, "", why, jwtAllowed ? "Bearer realm=\"" + config.realm() + "\"" : apiKeyChallenge(r)));
            return;
        }
        checkJwt(r, id, authz.substring(7).trim(), GatewayEvents.METHOD_JWT, done, next);
    }

    /**
     * The session cookie's value when the gateway takes one ({@code jwt.cookie}) and the request's
     * Cookie fields carry it (the first of that name, as servers read "a=1; b=2"), else null.
     */
    private String sessionCookie(Request req) {
        String name = config.jwt() == null ? null : config.jwt().cookie();
        if (name == null) {
            return null;
        }
        for (String field : req.headers().all("Cookie")) {
            for (String pair : field.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    String v = pair.substring(eq + 1).strip();
                    return v.isEmpty() ? null : v;
                }
            }
        }
        return null;
    }

    /** Checks a JWT (a bearer token, or a session cookie's) against the JWKS, expiry, audience and the route's scopes. */
    private void checkJwt(Route r, String id, String token, String method, Consumer<Response> done, Consumer<Who> next) {
        String what = method.equals(GatewayEvents.METHOD_SESSION) ? "session cookie: " : "";
        withKeys(() -> {
            if (jwks == null) {
                done.accept(json(503, "temporarily_unavailable", "the issuer's keys cannot be fetched"));
                return;
            }
            JwtValidator.Verdict v = validatorKeys.check(token, epochNs() / Durations.MS, r.scopes());
            if (v.status() == 401) {
                done.accept(deny(r, id, 401, v.error(), what + v.why(), challenge(v.error(), v.why(), r)));
            } else if (v.status() == 403) {
                done.accept(deny(r, id, 403, v.error(), what + v.why(), challenge(v.error(), "the token lacks a scope", r)));
            } else {
                authOk(r, id, method, v.subject(), v.scopes());
                next.accept(new Who(v.subject(), method, null));
            }
        });
    }

    private String apiKeyChallenge(Route r) {
        return "APIKey realm=\"" + config.realm() + "\", header=\"X-API-Key\"";
    }

    private String challenge(String error, String description, Route r) {
        StringBuilder sb = new StringBuilder("Bearer realm=\"").append(config.realm()).append("\", error=\"").append(error).append('"');
        if (error.equals("insufficient_scope")) {
            sb.append(", scope=\"").append(String.join(" ", r.scopes())).append('"');
        }
        return sb.append(", error_description=\"").append(description.replace("\"", "'")).append('"').toString();
    }

    private void authOk(Route r, String id, String method, String subject, List<String> scopes) {
        if (trace.enabled()) {
            trace.emit(node.name(), GatewayEvents.AUTH_OK, id, r.name(), method, subject == null ? "" : subject, String.join(" ", scopes));
        }
    }

    private Response deny(Route r, String id, int status, String error, String why, String challenge) {
        denied++;
        if (trace.enabled()) {
            trace.emit(node.name(), GatewayEvents.AUTH_DENY, id, r.name(), (long) status, error, why);
        }
        Response resp = json(status, error.isEmpty() ? "unauthorized" : error, why);
        return status == 401 || error.equals("insufficient_scope") ? resp.withHeader("WWW-Authenticate", challenge) : resp;
    }

    private ApiKey apiKey(String key) {
        for (ApiKey k : config.keys()) {
            if (k.key().equals(key)) {
                return k;
            }
        }
        return null;
    }

    private static List<String> missing(List<String> need, List<String> have) {
        List<String> out = new ArrayList<>();
        for (String s : need) {
            if (!have.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Runs {@code then} once the JWKS is fetched (or its fetch failed: {@link #jwks} stays null and the next request tries again). */
    private void withKeys(Runnable then) {
        if (jwks != null || config.jwt() == null) {
            then.run();
            return;
        }
        if (waitingForKeys != null) {
            waitingForKeys.add(then);
            return;
        }
        waitingForKeys = new ArrayList<>(List.of(then));
        Jwt j = config.jwt();
        String url = "http://" + j.hostName() + (j.port() == 80 ? "" : ":" + j.port()) + "/.well-known/jwks.json";
        Consumer<String> end = error -> {
            if (trace.enabled()) {
                trace.emit(node.name(), GatewayEvents.JWKS, url, jwks == null ? 0L : (long) jwks.size(), error == null ? "fetched" : error);
            }
            List<Runnable> w = waitingForKeys;
            waitingForKeys = null;
            for (Runnable x : w) {
                x.run();
            }
        };
        Dial d = Dial.http(j.address(), j.port(), HttpClient.Options.curl(j.hostName()).withUserAgent("minternet-gateway")).withTimeout(Durations.S);
        Endpoints.connect(node, d, new Steps() {
            @Override
            public void ready(HttpClient c) {
                c.send(Request.get("/.well-known/jwks.json"), 2 * Durations.S, ex -> {
                    c.close();
                    if (!ex.ok() || ex.response().status() != 200) {
                        end.accept(ex.ok() ? "status " + ex.response().status() : ex.error());
                        return;
                    }
                    try {
                        jwks = JwtKeys.verifiers(JWKSet.parse(ex.response().bodyText()));
                        validatorKeys = new JwtValidator(jwks, j.audience(), j.issuer());
                        end.accept(null);
                    } catch (java.text.ParseException e) {
                        end.accept("bad JWKS: " + e.getMessage());
                    }
                });
            }

            @Override
            public void failed(Steps.Failure f) {
                end.accept(f.error());
            }
        });
    }

    // ---- rate limit

    private void limit(Route r, Request req, String id, Who who, Consumer<Response> done, Consumer<Headers> next) {
        RateLimiter l = limiters.get(r);
        if (l == null) {
            next.accept(Headers.EMPTY);
            return;
        }
        String key = switch (r.limit().per()) {
            case ROUTE -> "route:" + r.name();
            case CLIENT -> "client:" + req.peer();
            case API_KEY -> who.apiKey() != null ? "key:" + who.apiKey() : who.subject() != null ? "sub:" + who.subject()
                    : "client:" + req.peer();
        };
        String counted = r.name() + "/" + key;
        l.take(counted, node.sim().now(), epochNs(), d -> {
            if (trace.enabled()) {
                trace.emit(node.name(), GatewayEvents.RATE, id, r.name(), key, d.store(), d.allowed(), d.limit(), d.remaining(), d.resetS());
            }
            // draft-ietf-httpapi-ratelimit-headers (-06, the separate fields): the quota, what is left, seconds to the reset
            Headers h = Headers.of("RateLimit-Limit", Long.toString(d.limit()), "RateLimit-Remaining", Long.toString(d.remaining()),
                    "RateLimit-Reset", Long.toString(d.resetS()));
            if (d.allowed()) {
                next.accept(h);
                return;
            }
            limited++;
            Response resp = json(429, "rate_limited", "more than " + r.limit().requests() + " requests per "
                    + seconds(r.limit().periodNs()) + " (burst " + d.limit() + ") for " + key);
            done.accept(withAll(resp.withHeader("Retry-After", Long.toString(d.retryAfterS())), h, List.of()));
        });
    }

    private static String seconds(long ns) {
        return ns % Durations.S == 0 ? ns / Durations.S + "s" : ns / (double) Durations.S + "s";
    }

    /** The route's cache (null when it has none). */
    public HttpCache cache(String route) {
        for (Map.Entry<Route, HttpCache> e : caches.entrySet()) {
            if (e.getKey().name().equals(route)) {
                return e.getValue();
            }
        }
        return null;
    }

    // ---- the route's cache

    /** Answers from the route's shared cache (RFC 9111) when it has one, else from the pool. */
    private void cached(Route r, Request req, String id, Who who, long start, Consumer<Response> done) {
        HttpCache c = caches.get(r);
        if (c == null) {
            forward(r, req, id, who, 0, start, done);
            return;
        }
        c.handle(req, (up, back) -> forward(r, up, id, who, 0, node.sim().now(), back), done);
    }

    // ---- upstream

    private void forward(Route r, Request req, String id, Who who, int attempt, long start, Consumer<Response> done) {
        // the length is the upstream client's to write (a body-less GET goes without one, as from nginx)
        Headers h = req.headers().without("Content-Length").set("X-Request-ID", id);
        for (HeaderRule rule : r.request()) {
            h = rule.value() == null ? h.without(rule.name()) : h.set(rule.name(), rule.value());
        }
        if (who.subject() != null) {
            h = h.set("X-Consumer", who.subject());
        }
        String target = req.target();
        if (r.stripPrefix() && !r.prefix().equals("/")) {
            String rest = target.substring(Math.min(target.length(), r.prefix().length()));
            target = rest.isEmpty() || rest.charAt(0) != '/' ? "/" + rest : rest;
        }
        Request up = new Request(req.method(), target, h, req.body(), req.protocol(), req.remoteAddress(), req.remotePort(), req.peer());
        boolean[] over = new boolean[1];
        Timer timeout = new Timer(node.sim(), () -> {
            over[0] = true;
            if (trace.enabled()) {
                trace.emit(node.name(), GatewayEvents.TIMEOUT, id, r.name(), (node.sim().now() - start) / (double) Durations.MS);
            }
            done.accept(json(504, "upstream_timeout", "the pool " + r.pool() + " did not answer within " + seconds(r.timeoutNs())));
        });
        long left = r.timeoutNs() - (node.sim().now() - start);
        timeout.setAfter(Math.max(1, left));
        pools.get(r.pool()).handle(up, resp -> {
            if (over[0]) {
                return; // answered with 504 already
            }
            timeout.cancel();
            boolean idempotent = req.method().equals("GET") || req.method().equals("HEAD");
            if (idempotent && attempt < r.retries() && (resp.status() == 502 || resp.status() == 503 || resp.status() == 504)) {
                if (trace.enabled()) {
                    trace.emit(node.name(), GatewayEvents.RETRY, id, r.name(), (long) attempt + 1, "pool answered " + resp.status());
                }
                forward(r, req, id, who, attempt + 1, start, done);
                return;
            }
            done.accept(resp);
        });
    }

    private static Response withAll(Response resp, Headers extra, List<HeaderRule> rules) {
        Headers h = resp.headers();
        for (Headers.Field f : extra.fields()) {
            h = h.set(f.name(), f.value());
        }
        for (HeaderRule rule : rules) {
            h = rule.value() == null ? h.without(rule.name()) : h.set(rule.name(), rule.value());
        }
        return new Response(resp.status(), h, resp.body());
    }

    private static Response json(int status, String error, String description) {
        String body = "{\"error\":" + Forms.json(error) + ",\"error_description\":" + Forms.json(description) + "}\n";
        return Response.of(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    // ---- access log

    private void finish(Request req, String id, long start, Response resp, Consumer<Response> reply) {
        answered++;
        String ua = req.headers().get("User-Agent");
        String referer = req.headers().get("Referer");
        String line = req.peer() + " - - [" + LOG_TIME.format(node.world().epoch().plusNanos(node.sim().now())) + "] \""
                + req.method() + " " + req.target() + " " + protocol(req) + "\" " + resp.status() + " " + resp.body().length + " \""
                + (referer == null ? "-" : escape(referer)) + "\" \"" + (ua == null ? "-" : escape(ua)) + "\"";
        if (config.accessLog() != null) {
            NodeFiles.of(node).append(config.accessLog(), line + "\n");
        }
        if (trace.enabled()) {
            trace.emit(node.name(), GatewayEvents.ACCESS, id, (long) resp.status(), (long) resp.body().length,
                    (node.sim().now() - start) / (double) Durations.MS, line);
        }
        reply.accept(resp);
    }

    private static String protocol(Request req) {
        return req.protocol() == dev.minternet.http.HttpProtocol.H2 ? "HTTP/2.0" : "HTTP/1.1";
    }

    /** nginx's log escaping: '"', '\' and bytes outside printable ASCII as \xHH. */
    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '"' || c == '\\' || c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\x%02X", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
