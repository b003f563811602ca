package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.HostPort;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.services.gateway.Gateway;
import dev.minternet.services.gateway.Gateway.Auth;
import dev.minternet.services.gateway.Gateway.HeaderRule;
import dev.minternet.services.gateway.Gateway.Limit;
import dev.minternet.services.gateway.Gateway.Per;
import dev.minternet.services.gateway.Gateways;
import dev.minternet.services.lb.LoadBalancer;
import dev.minternet.services.lb.LoadBalancer.Algorithm;
import dev.minternet.sim.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code type: gateway}: an API gateway on port 80 (443 with {@code tls}) with upstream
 * {@code pools} (name, algorithm, backends), {@code routes} (host, prefix, pool, header rules,
 * timeout, retries, auth, scopes, rate-limit), the issuer's keys ({@code jwt}: jwks node:port,
 * audience, issuer), {@code api-keys}, a {@code redis} for shared limits, its {@code access-log}
 * path in the node's file area and the {@code realm} its challenges name. See docs/gateway.md.
 */
final class GatewayServiceType extends ServiceType<GatewayServiceType.GatewaySpec> {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    record PoolSpec(String name, Algorithm algorithm, List<HostPort> backends) {
    }

    record JwtSpec(HostPort jwks, String audience, String issuer, String cookie) {
    }

    /** An API gateway. */
    record GatewaySpec(int port, boolean tls, List<String> names, List<PoolSpec> pools, List<Gateway.Route> routes, JwtSpec jwt,
                       List<Gateway.ApiKey> keys, HostPort redis, String accessLog, String realm, Loc loc) implements ServiceSpec {
    }

    GatewayServiceType() {
        super("gateway", GatewaySpec.class, "port", "tls", "names", "pools", "routes", "jwt", "api-keys", "redis", "access-log", "realm");
    }

    @Override
    GatewaySpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        boolean tls = o.opt("tls", false, Fields::bool);
        int port = o.opt("port", tls ? 443 : 80, Fields::port);
        List<PoolSpec> pools = new ArrayList<>();
        Val pl = o.req("pools", "a list of {name, algorithm, backends}");
        for (Val p : pl.list()) {
            Obj po = p.obj("name", "algorithm", "backends");
            String name = name(po.req("name", "e.g. users"));
            for (PoolSpec other : pools) {
                if (other.name().equals(name)) {
                    throw po.raw("name").error("duplicate pool name '" + name + "'");
                }
            }
            Algorithm alg = po.opt("algorithm", Algorithm.ROUND_ROBIN, x -> x.choice(Algorithm.class));
            pools.add(new PoolSpec(name, alg, LbServiceType.backends(po, entry, "[api-1:8080, api-2:8080]")));
        }
        if (pools.isEmpty()) {
            throw pl.error("needs at least one pool");
        }
        JwtSpec jwt = null;
        Val jv = o.opt("jwt");
        if (jv != null) {
            Obj jo = jv.obj("jwks", "audience", "issuer", "session-cookie");
            HostPort jwks = entry.node(jo.req("jwks", "the auth service's node:port, e.g. auth:80"));
            String aud = jo.req("audience", "what tokens' aud must contain, e.g. https://api.example.com").text().strip();
            String iss = jo.opt("issuer", null, x -> x.text().strip());
            String cookie = jo.opt("session-cookie", null, x -> {
                String t = x.text().strip();
                // a cookie-name is an RFC 9110 token (RFC 6265 section 4.1.1)
                if (!t.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    throw x.error("a cookie name is a token: letters, digits and !#$%&'*+-.^_`|~");
                }
                return t;
            });
            jwt = new JwtSpec(jwks, aud, iss, cookie);
        }
        List<Gateway.ApiKey> keys = new ArrayList<>();
        for (Val k : o.list("api-keys")) {
            Obj ko = k.obj("key", "name", "scopes");
            String key = ko.req("key", "the value clients send in X-API-Key").text().strip();
            if (!TOKEN.matcher(key).matches()) {
                throw ko.raw("key").error("an API key is letters, digits and -._~ and the like (an HTTP token)");
            }
            String nm = name(ko.req("name", "the consumer's name, e.g. partner"));
            keys.add(new Gateway.ApiKey(key, nm, scopes(ko)));
        }
        HostPort redis = o.opt("redis", null, entry::node);
        String log = o.opt("access-log", "/var/log/gateway/access.log", x -> {
            String t = x.text().strip();
            if (!t.startsWith("/") || t.endsWith("/")) {
                throw x.error("an absolute file path, e.g. /var/log/gateway/access.log");
            }
            return t;
        });
        String realm = o.opt("realm", "api", x -> {
            String t = x.text().strip();
            if (t.isEmpty() || t.contains("\"") || t.contains("\\")) {
                throw x.error("a realm is text without quotes or backslashes");
            }
            return t;
        });
        List<Gateway.Route> routes = new ArrayList<>();
        Val rl = o.req("routes", "a list of {prefix, pool, ...}");
        for (Val r : rl.list()) {
            routes.add(route(r, pools, jwt != null, !keys.isEmpty(), redis != null));
        }
        if (routes.isEmpty()) {
            throw rl.error("needs at least one route");
        }
        entry.runsForever("a gateway checks its pools' backends forever");
        return new GatewaySpec(port, tls, Fields.names(o), List.copyOf(pools), List.copyOf(routes), jwt, List.copyOf(keys), redis, log,
                realm, o.loc());
    }

    private static String name(Val v) throws ScenarioException {
        String t = v.text().strip();
        if (!t.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw v.error("a name is letters, digits, '.', '_' and '-', e.g. users");
        }
        return t;
    }

    private static List<String> scopes(Obj o) throws ScenarioException {
        List<String> out = new ArrayList<>();
        for (Val s : o.list("scopes")) {
            String t = s.text().strip();
            if (!SCOPE.matcher(t).matches()) {
                throw s.error("a scope is printable ASCII without spaces, quotes or backslashes (RFC 6749 section 3.3), e.g. users:read");
            }
            out.add(t);
        }
        return List.copyOf(out);
    }

    private static Gateway.Route route(Val v, List<PoolSpec> pools, boolean jwt, boolean keys, boolean redis) throws ScenarioException {
        Obj o = v.obj("name", "host", "prefix", "pool", "strip-prefix", "set-headers", "remove-headers", "response-headers",
                "timeout", "retries", "auth", "scopes", "rate-limit", "cache");
        String host = o.opt("host", null, x -> {
            String t = x.text().strip().toLowerCase(Locale.ROOT);
            if (!t.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
                throw x.error("bad host name '" + Yaml.oneLine(t) + "' (e.g. api.example.com)");
            }
            return t;
        });
        String prefix = o.req("prefix", "a path prefix, e.g. /users").text().strip();
        if (!prefix.startsWith("/") || prefix.contains("?") || prefix.contains(" ")) {
            throw o.raw("prefix").error("a path prefix starts with '/' and has no query, e.g. /users");
        }
        Val pv = o.req("pool", "one of the pools' names");
        String pool = pv.text().strip();
        List<String> names = new ArrayList<>();
        for (PoolSpec p : pools) {
            names.add(p.name());
        }
        if (!names.contains(pool)) {
            throw pv.error("no pool '" + Yaml.oneLine(pool) + "' (pools: " + String.join(", ", names) + ")");
        }
        String name = o.opt("name", (host == null ? "" : host) + prefix, GatewayServiceType::name);
        boolean strip = o.opt("strip-prefix", false, Fields::bool);
        List<HeaderRule> request = headers(o, "set-headers");
        for (Val h : o.list("remove-headers")) {
            request = new ArrayList<>(request);
            request.add(new HeaderRule(header(h), null));
        }
        List<HeaderRule> response = headers(o, "response-headers");
        long timeout = o.opt("timeout", 60 * Durations.S, Fields::positive);
        int retries = o.opt("retries", 0L, x -> x.integer(0, 10)).intValue();
        Auth auth = o.opt("auth", Auth.NONE, x -> x.choice(Auth.class));
        if ((auth == Auth.JWT || auth == Auth.JWT_OR_API_KEY) && !jwt) {
            throw o.raw("auth").error("auth " + auth.id() + " needs the gateway's jwt: {jwks: node:port, audience: ...}");
        }
        if ((auth == Auth.API_KEY) && !keys) {
            throw o.raw("auth").error("auth api-key needs the gateway's api-keys");
        }
        List<String> scopes = scopes(o);
        if (!scopes.isEmpty() && auth == Auth.NONE) {
            throw o.raw("scopes").error("scopes need an auth (jwt, api-key or jwt-or-api-key)");
        }
        Limit limit = o.opt("rate-limit", null, x -> limit(x, redis));
        long cache = o.opt("cache", 0L, GatewayServiceType::cache);
        return new Gateway.Route(name, host, prefix, pool, strip, List.copyOf(request), List.copyOf(response), timeout, retries, auth,
                scopes, limit, cache);
    }

    /** {@code cache: {size: 10MB}}: a shared HTTP cache of that many bytes (docs/cache.md). */
    static long cache(Val v) throws ScenarioException {
        Obj o = v.obj("size");
        Val sv = o.req("size", "the cache's size in bytes, e.g. 10MB");
        long size = sv.parse(dev.minternet.units.Units::bytes);
        if (size < 1024 || size > (1L << 40)) {
            throw sv.error("a cache's size is from 1KB to 1TiB, got " + size + " bytes");
        }
        return size;
    }

    private static String header(Val v) throws ScenarioException {
        String t = v.text().strip();
        if (!TOKEN.matcher(t).matches()) {
            throw v.error("bad header name '" + Yaml.oneLine(t) + "' (an HTTP token, e.g. X-Env)");
        }
        return t;
    }

    /** A list of "Name: value" lines, as curl's -H and nginx's proxy_set_header write them. */
    private static List<HeaderRule> headers(Obj o, String key) throws ScenarioException {
        List<HeaderRule> out = new ArrayList<>();
        for (Val h : o.list(key)) {
            String t = h.text().strip();
            int colon = t.indexOf(':');
            String name = colon < 0 ? t : t.substring(0, colon).strip();
            String value = colon < 0 ? "" : t.substring(colon + 1).strip();
            if (colon <= 0 || !TOKEN.matcher(name).matches() || !value.matches("[\\x20-\\x7e]*")) {
                throw h.error("expected 'Name: value', e.g. 'X-Env: sim', got '" + Yaml.oneLine(t) + "'");
            }
            out.add(new HeaderRule(name, value));
        }
        return out;
    }

    private static Limit limit(Val v, boolean redis) throws ScenarioException {
        Obj o = v.obj("per", "requests", "period", "burst", "store");
        Per per = o.opt("per", Per.CLIENT, x -> x.choice(Per.class));
        int requests = (int) o.req("requests", "how many per period, e.g. 10").integer(1, 10_000);
        long period = o.opt("period", Durations.S, Fields::positive);
        String store = o.opt("store", "local", x -> x.choice(List.of("local", "redis")));
        if (store.equals("redis")) {
            if (!redis) {
                throw o.raw("store").error("store redis needs the gateway's redis: node:port");
            }
            if (o.has("burst")) {
                throw o.raw("burst").error("a Redis fixed window has no burst: the window allows requests per period");
            }
            if (period % Durations.S != 0) {
                throw o.raw("period").error("a Redis window is whole seconds (EXPIRE counts seconds)");
            }
        }
        int burst = o.opt("burst", (long) requests, x -> x.integer(1, 100_000)).intValue();
        return new Limit(per, requests, period, burst, store.equals("redis"));
    }

    @Override
    void start(GatewaySpec g, Host on) {
        List<Gateway.Pool> pools = new ArrayList<>();
        for (PoolSpec p : g.pools()) {
            List<LoadBalancer.Target> targets = new ArrayList<>();
            for (HostPort b : p.backends()) {
                targets.add(new LoadBalancer.Target(b.node(), on.world().resolve(b.node()), b.port()));
            }
            pools.add(new Gateway.Pool(p.name(), p.algorithm(), List.copyOf(targets)));
        }
        Gateway.Jwt jwt = g.jwt() == null ? null : new Gateway.Jwt(on.world().resolve(g.jwt().jwks().node()), g.jwt().jwks().port(),
                g.jwt().jwks().node(), g.jwt().audience(), g.jwt().issuer(), g.jwt().cookie());
        int redisAddress = g.redis() == null ? 0 : on.world().resolve(g.redis().node());
        int redisPort = g.redis() == null ? 0 : g.redis().port();
        Gateway gw = new Gateway(on.node(), g.port(), on.identities(g.tls(), g.names()), new Gateway.Config(pools, g.routes(), jwt,
                g.keys(), redisAddress, redisPort, g.accessLog(), g.realm()));
        Gateways.of(on.world()).put(on.node().name(), gw);
    }

    @Override
    String summary(GatewaySpec g) {
        StringBuilder sb = new StringBuilder("port " + g.port() + (g.tls() ? " (TLS)" : "") + ", routes");
        String sep = " ";
        for (Gateway.Route r : g.routes()) {
            sb.append(sep).append(r.host() == null ? "" : r.host()).append(r.prefix()).append(" -> ").append(r.pool());
            sep = ", ";
        }
        return sb.toString();
    }

    @Override
    String scheme(GatewaySpec g) {
        return g.tls() ? "https" : "http";
    }
}
