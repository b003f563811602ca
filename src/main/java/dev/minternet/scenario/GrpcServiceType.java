package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.HostPort;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.services.grpc.UsersService;
import dev.minternet.units.Units;
import java.util.List;

/**
 * {@code type: grpc}: the {@code users.Users} gRPC service (the shipped users.proto) with server
 * reflection on port 50051, cleartext HTTP/2 with prior knowledge, or TLS with ALPN h2 with
 * {@code tls}; it reads the users table of the database {@code db: node:port} through a pool of
 * {@code pool} (4) connections, each request waiting {@code delay} (0) first. See
 * {@link UsersService}.
 */
final class GrpcServiceType extends ServiceType<GrpcServiceType.GrpcSpec> {
    /** A gRPC server. */
    record GrpcSpec(int port, boolean tls, List<String> names, HostPort db, int pool, long delayNs, Loc loc)
            implements ServiceSpec {
    }

    GrpcServiceType() {
        super("grpc", GrpcSpec.class, "port", "tls", "names", "db", "pool", "delay");
    }

    @Override
    GrpcSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        boolean tls = o.opt("tls", false, Fields::bool);
        int port = o.opt("port", 50051, Fields::port);
        HostPort db = entry.node(o.req("db", "the database as node:port, e.g. db:5432"));
        int pool = o.opt("pool", 4L, x -> x.integer(1, 10_000)).intValue();
        long delay = o.opt("delay", 0L, x -> x.parse(Units::durationNs));
        return new GrpcSpec(port, tls, Fields.names(o), db, pool, delay, o.loc());
    }

    @Override
    void start(GrpcSpec spec, Host on) {
        UsersService.serve(on.node(), spec.port(), on.identities(spec.tls(), spec.names()),
                on.world().resolve(spec.db().node()), spec.db().port(), spec.pool(), spec.delayNs());
    }

    @Override
    String summary(GrpcSpec spec) {
        return "port " + spec.port() + (spec.tls() ? " (TLS, h2)" : " (h2c)") + ", users.Users, database "
                + spec.db().node() + ":" + spec.db().port() + " (pool " + spec.pool() + ")";
    }
}
