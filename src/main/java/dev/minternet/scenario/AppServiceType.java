package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.HostPort;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.services.web.Services;
import dev.minternet.units.Units;
import java.util.List;

/**
 * {@code type: app}: an application server (a JSON API) on port 8080, each request taking one of
 * {@code workers} (4) for {@code cpu} (0), then querying the database {@code db: node:port}
 * through a pool of {@code pool} (4) connections; with {@code cache: node:port} it caches each
 * answer in that Redis server for {@code cache-ttl} (60s), cache-aside. {@code GET /api/events}
 * pushes server-sent events, a clock tick every {@code events} (5s).
 */
final class AppServiceType extends ServiceType<AppServiceType.AppSpec> {
    /** The JSON API on a worker pool, querying the database at {@code db}. */
    record AppSpec(int port, int workers, long cpuNs, HostPort db, int pool, boolean tls, List<String> names,
            HostPort cache, long cacheTtlSeconds, long eventsNs, Loc loc) implements ServiceSpec {
    }

    AppServiceType() {
        super("app", AppSpec.class, "port", "workers", "cpu", "db", "pool", "tls", "names", "cache", "cache-ttl", "events");
    }

    @Override
    AppSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        boolean tls = o.opt("tls", false, Fields::bool);
        int port = o.opt("port", 8080, Fields::port);
        int workers = o.opt("workers", 4L, x -> x.integer(1, 10_000)).intValue();
        long cpu = o.opt("cpu", 0L, x -> x.parse(Units::durationNs));
        HostPort db = entry.node(o.req("db", "the database as node:port, e.g. db:5432"));
        int pool = o.opt("pool", 4L, x -> x.integer(1, 10_000)).intValue();
        HostPort cache = o.has("cache") ? entry.node(o.req("cache", "the Redis server as node:port, e.g. redis:6379")) : null;
        long ttl = o.opt("cache-ttl", 60_000_000_000L, x -> {
            long ns = Fields.positive(x);
            if (ns % 1_000_000_000L != 0) {
                throw x.error("must be whole seconds (the cache stores with SET ... EX seconds)");
            }
            return ns;
        });
        long events = o.opt("events", Services.EVENTS_INTERVAL_NS, Fields::positive);
        return new AppSpec(port, workers, cpu, db, pool, tls, Fields.names(o), cache, ttl / 1_000_000_000L, events, o.loc());
    }

    @Override
    void start(AppSpec app, Host on) {
        Services.app(on.node(), app.port(), app.workers(), app.cpuNs(), on.world().resolve(app.db().node()),
                app.db().port(), app.pool(), on.identities(app.tls(), app.names()), app.cache() == null ? null
                        : new Services.Cache(on.world().resolve(app.cache().node()), app.cache().port(), app.cacheTtlSeconds()), app.eventsNs());
    }

    @Override
    String summary(AppSpec app) {
        return "port " + app.port() + (app.tls() ? " (TLS)" : "") + ", " + app.workers() + " workers"
                + (app.db() == null ? "" : ", database " + app.db().node() + ":" + app.db().port()
                + " (pool " + app.pool() + ")")
                + (app.cache() == null ? "" : ", cache " + app.cache().node() + ":" + app.cache().port()
                + " (TTL " + app.cacheTtlSeconds() + " s)");
    }

    @Override
    String scheme(AppSpec app) {
        return app.tls() ? "https" : "http";
    }
}
