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
 * through a pool of {@code pool} (4) connections.
 */
final class AppServiceType extends ServiceType<AppServiceType.AppSpec> {
    /** The JSON API on a worker pool, querying the database at {@code db}. */
    record AppSpec(int port, int workers, long cpuNs, HostPort db, int pool, boolean tls, List<String> names, Loc loc)
            implements ServiceSpec {
    }

    AppServiceType() {
        super("app", AppSpec.class, "port", "workers", "cpu", "db", "pool", "tls", "names");
    }

    @Override
    AppSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        boolean tls = o.opt("tls", false, Fields::bool);
        int port = o.opt("port", 8080, Fields::port);
        int workers = o.opt("workers", 4L, x -> x.integer(1, 10_000)).intValue();
        long cpu = o.opt("cpu", 0L, x -> x.parse(Units::durationNs));
        HostPort db = entry.node(o.req("db", "the database as node:port, e.g. db:5432"));
        int pool = o.opt("pool", 4L, x -> x.integer(1, 10_000)).intValue();
        return new AppSpec(port, workers, cpu, db, pool, tls, Fields.names(o), o.loc());
    }

    @Override
    void start(AppSpec app, Host on) {
        Services.app(on.node(), app.port(), app.workers(), app.cpuNs(), on.world().resolve(app.db().node()),
                app.db().port(), app.pool(), on.identities(app.tls(), app.names()));
    }

    @Override
    String summary(AppSpec app) {
        return "port " + app.port() + (app.tls() ? " (TLS)" : "") + ", " + app.workers() + " workers"
                + (app.db() == null ? "" : ", database " + app.db().node() + ":" + app.db().port()
                + " (pool " + app.pool() + ")");
    }

    @Override
    String scheme(AppSpec app) {
        return app.tls() ? "https" : "http";
    }
}
