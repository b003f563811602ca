package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.HostPort;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.services.lb.LoadGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: load}: a scripted HTTP load from its node to {@code target} ({@code node:port}) on {@code path}
 * (/), one phase per entry of {@code phases} ({@code {from: 60s, rps: 15}}, in order, the first from 0s) until
 * {@code until}; per-second latencies in {@code /var/log/load/latency.csv}. It listens on no port (the entry's
 * port is 0).
 */
final class LoadServiceType extends ServiceType<LoadServiceType.LoadSpec> {
    private static final String[] PHASE_FIELDS = {"from", "rps"};

    /** A load generator. */
    record LoadSpec(HostPort target, String path, List<LoadGenerator.Phase> phases, long untilNs, Loc loc) implements ServiceSpec {
        @Override
        public int port() {
            return 0;
        }
    }

    LoadServiceType() {
        super("load", LoadSpec.class, "target", "path", "phases", "until");
    }

    @Override
    LoadSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        HostPort target = entry.node(o.req("target", "the server as node:port, e.g. lb:80"));
        String path = o.opt("path", "/", v -> {
            String p = v.text().strip();
            if (!p.startsWith("/")) {
                throw v.error("a path starts with '/', e.g. /api/users");
            }
            return p;
        });
        Val pl = o.req("phases", "a list of {from: 0s, rps: 2}");
        List<LoadGenerator.Phase> phases = new ArrayList<>();
        long last = -1;
        for (Val p : pl.list()) {
            Obj po = p.obj(PHASE_FIELDS);
            Val fv = po.req("from", "when the phase starts, e.g. 60s");
            long from = fv.parse(dev.minternet.units.Units::durationNs);
            if (phases.isEmpty() && from != 0) {
                throw fv.error("the first phase starts at 0s");
            }
            if (from <= last) {
                throw fv.error("phases must start in increasing order");
            }
            last = from;
            double rps = po.req("rps", "requests per second, e.g. 15").parse(Double::parseDouble);
            if (!(rps >= 0) || rps > 10_000) {
                throw po.raw("rps").error("requests per second between 0 and 10000");
            }
            phases.add(new LoadGenerator.Phase(from, rps));
        }
        if (phases.isEmpty()) {
            throw pl.error("needs at least one phase");
        }
        Val uv = o.req("until", "when the load stops, e.g. 300s");
        long until = Fields.positive(uv);
        if (until <= last) {
            throw uv.error("until must come after the last phase starts");
        }
        return new LoadSpec(target, path, List.copyOf(phases), until, o.loc());
    }

    @Override
    void start(LoadSpec spec, Host on) {
        new LoadGenerator(on.node(), spec.target().node(), on.world().resolve(spec.target().node()), spec.target().port(), spec.path(),
                spec.phases(), spec.untilNs());
    }

    @Override
    String summary(LoadSpec spec) {
        return "load on " + spec.target().node() + ":" + spec.target().port() + spec.path() + ", " + spec.phases().size() + " phases";
    }
}
