package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.HostPort;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.services.lb.Autoscaler;
import dev.minternet.services.lb.LoadBalancer;
import dev.minternet.services.lb.LoadBalancer.Algorithm;
import dev.minternet.services.lb.LoadBalancer.Health;
import dev.minternet.services.lb.LoadBalancers;
import dev.minternet.sim.Durations;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: lb}: an L7 load balancer on port 80 (443 with {@code tls}) over {@code backends}
 * ({@code node:port}, at least one), choosing by {@code algorithm} (round-robin) and checking each
 * backend's {@code health} ({@link Health#DEFAULT}) for as long as the run lasts; a WebSocket
 * passed through closes after {@code idle-timeout} (60s) without traffic.
 */
final class LbServiceType extends ServiceType<LbServiceType.LbSpec> {
    private static final String[] HEALTH_FIELDS = {"path", "interval", "timeout", "rise", "fall"};
    private static final String[] AUTOSCALING_FIELDS = {"min", "max", "scale-out-above", "scale-in-below", "boot-time",
        "cooldown-out", "cooldown-in", "interval"};

    /** An L7 load balancer over {@code backends}. */
    record LbSpec(int port, boolean tls, List<String> names, Algorithm algorithm, List<HostPort> backends,
                  Health health, long idleTimeoutNs, Autoscaler.Policy autoscaling, String hsts, Loc loc) implements ServiceSpec {
    }

    LbServiceType() {
        super("lb", LbSpec.class, "port", "tls", "names", "algorithm", "backends", "health", "idle-timeout", "autoscaling", "hsts");
    }

    @Override
    LbSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        boolean tls = o.opt("tls", false, Fields::bool);
        int port = o.opt("port", tls ? 443 : 80, Fields::port);
        Algorithm alg = o.opt("algorithm", Algorithm.ROUND_ROBIN, x -> x.choice(Algorithm.class));
        List<HostPort> backends = backends(o, entry, "[web-1:80, web-2:80]");
        Health h = o.opt("health", Health.DEFAULT, LbServiceType::health);
        long idle = o.opt("idle-timeout", 60 * Durations.S, Fields::positive);
        Autoscaler.Policy scaling = null;
        Val av = o.raw("autoscaling");
        if (av != null) {
            scaling = autoscaling(av, backends.size());
        }
        entry.runsForever("a load balancer checks its backends forever");
        return new LbSpec(port, tls, Fields.names(o), alg, backends, h, idle, scaling, Fields.hsts(o, tls), o.loc());
    }

    /** The field {@code backends}: a non-empty list of node:port ({@code example} shows one), as the load balancer and the gateway's pools take it. */
    static List<HostPort> backends(Obj o, ServiceEntry entry, String example) throws ScenarioException {
        Val bl = o.req("backends", "a list of node:port, e.g. " + example);
        List<HostPort> backends = new ArrayList<>();
        for (Val b : bl.list()) {
            backends.add(entry.node(b));
        }
        if (backends.isEmpty()) {
            throw bl.error("needs at least one backend");
        }
        return List.copyOf(backends);
    }

    /** The group is the backends, in order: the first {@code min} in service, the others standby. */
    private static Autoscaler.Policy autoscaling(Val v, int backends) throws ScenarioException {
        Obj o = v.obj(AUTOSCALING_FIELDS);
        int min = o.opt("min", 1L, x -> x.integer(1, backends)).intValue();
        int max = o.opt("max", (long) backends, x -> x.integer(1, backends)).intValue();
        if (max < min) {
            throw o.raw("max").error("max must be at least min (" + min + ")");
        }
        double out = o.req("scale-out-above", "requests in flight per instance, e.g. 2").parse(Double::parseDouble);
        double in = o.opt("scale-in-below", out / 4, x -> x.parse(Double::parseDouble));
        if (!(out > 0) || !(in >= 0) || in >= out) {
            throw (o.raw("scale-in-below") != null ? o.raw("scale-in-below") : o.raw("scale-out-above"))
                    .error("need 0 <= scale-in-below < scale-out-above, with scale-out-above > 0");
        }
        long boot = o.opt("boot-time", 30 * Durations.S, Fields::positive);
        long coolOut = o.opt("cooldown-out", 60 * Durations.S, Fields::positive);
        long coolIn = o.opt("cooldown-in", 300 * Durations.S, Fields::positive);
        long interval = o.opt("interval", 10 * Durations.S, x -> {
            long ns = Fields.positive(x);
            if (ns % Durations.S != 0) {
                throw x.error("whole seconds (the metric is sampled every second)");
            }
            return ns;
        });
        return new Autoscaler.Policy(min, max, out, in, boot, coolOut, coolIn, interval);
    }

    private static Health health(Val v) throws ScenarioException {
        Obj o = v.obj(HEALTH_FIELDS);
        Health d = Health.DEFAULT;
        String path = o.opt("path", d.path(), x -> {
            String p = x.text().strip();
            if (!p.startsWith("/")) {
                throw x.error("a path starts with '/', e.g. /health");
            }
            return p;
        });
        long interval = o.opt("interval", d.intervalNs(), Fields::positive);
        long timeout = o.opt("timeout", d.timeoutNs(), Fields::positive);
        int rise = o.opt("rise", (long) d.rise(), x -> x.integer(1, 100)).intValue();
        int fall = o.opt("fall", (long) d.fall(), x -> x.integer(1, 100)).intValue();
        if (timeout > interval) {
            throw new ScenarioException(o.keyLoc("timeout"), o.raw("timeout").path,
                    "timeout must not exceed the interval (a check must end before the next starts)");
        }
        return new Health(path, interval, timeout, rise, fall);
    }

    @Override
    void start(LbSpec lb, Host on) {
        List<LoadBalancer.Target> targets = new ArrayList<>();
        for (HostPort b : lb.backends()) {
            targets.add(new LoadBalancer.Target(b.node(), on.world().resolve(b.node()), b.port()));
        }
        LoadBalancer balancer = new LoadBalancer(on.node(), lb.port(), on.identities(lb.tls(), lb.names()),
                lb.algorithm(), lb.health(), targets).tunnelIdleTimeout(lb.idleTimeoutNs());
        LoadBalancers.of(on.world()).put(on.node().name(), balancer);
        if (lb.hsts() != null) {
            balancer.front().addHeader("Strict-Transport-Security", lb.hsts());
        }
        if (lb.autoscaling() != null) {
            new Autoscaler(balancer, on.node(), lb.autoscaling(), targets.stream().map(LoadBalancer.Target::name).toList());
        }
    }

    @Override
    String summary(LbSpec lb) {
        StringBuilder sb = new StringBuilder("port " + lb.port() + (lb.tls() ? " (TLS)" : "") + ", "
                + lb.algorithm().id() + " over");
        String sep = " ";
        for (HostPort b : lb.backends()) {
            sb.append(sep).append(b.node()).append(':').append(b.port());
            sep = ", ";
        }
        return sb.append(", health ").append(lb.health().path()).append(lb.hsts() == null ? "" : ", HSTS " + lb.hsts()).toString();
    }

    @Override
    String scheme(LbSpec lb) {
        return lb.tls() ? "https" : "http";
    }
}
