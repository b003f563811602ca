package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.services.mesh.Sidecar;
import dev.minternet.services.mesh.Sidecar.IdentitySource;
import dev.minternet.services.mesh.Sidecar.Policy;
import dev.minternet.services.mesh.Sidecar.Upstream;
import dev.minternet.sim.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code type: sidecar}: the service mesh's proxy beside a node's service (docs/cloud.md, "Service mesh"). It
 * takes the inbound connections of the service's port {@code intercept} (mutual TLS, policies), and serves the
 * application's calls to each of {@code upstreams} on a local port. It listens on 15006 (inbound, the entry's
 * port: one sidecar per node) and 15000 (admin).
 */
final class SidecarServiceType extends ServiceType<SidecarServiceType.SidecarSpec> {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
    private static final String[] UPSTREAM_FIELDS = {"service", "port"};
    private static final String[] POLICY_FIELDS = {"name", "action", "from", "paths", "methods"};
    private static final String[] OUTLIER_FIELDS = {"consecutive-5xx", "base-ejection-time"};
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    /** A sidecar and the service it stands beside. */
    record SidecarSpec(Sidecar.Config config, Loc loc) implements ServiceSpec {
        @Override
        public int port() {
            return Sidecar.INBOUND_PORT;
        }
    }

    SidecarServiceType() {
        super("sidecar", SidecarSpec.class, "service", "namespace", "trust-domain", "intercept", "identity", "cert-ttl",
                "renew-before", "upstreams", "policies", "retries", "per-try-timeout", "outlier");
    }

    @Override
    SidecarSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        String service = name(o.req("service", "the service's name, its SPIFFE service account, e.g. orders"));
        String ns = o.opt("namespace", "default", SidecarServiceType::name);
        String domain = o.opt("trust-domain", "cluster.local", v -> {
            String t = v.text().strip().toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(t).matches()) {
                throw v.error("bad trust domain '" + Yaml.oneLine(t) + "' (e.g. cluster.local)");
            }
            return t;
        });
        int intercept = o.opt("intercept", 0L, v -> (long) Fields.port(v)).intValue();
        IdentitySource id = o.opt("identity", IdentitySource.MESH, v -> v.choice(IdentitySource.class));
        long ttl = o.opt("cert-ttl", 24 * 3600 * Durations.S, Fields::positive);
        long renew = o.opt("renew-before", ttl / 2, Fields::positive);
        if (renew >= ttl) {
            throw new ScenarioException(o.keyLoc(o.raw("renew-before") != null ? "renew-before" : "cert-ttl"),
                    o.raw("renew-before") != null ? o.raw("renew-before").path : o.raw("cert-ttl").path,
                    "renew-before must be shorter than cert-ttl (the certificate would expire before it is renewed)");
        }
        if (ttl < Durations.S) {
            throw o.raw("cert-ttl").error("must be at least 1s (certificate dates are whole seconds)");
        }
        if (intercept == 0 && id != IdentitySource.NONE && o.list("upstreams").isEmpty()) {
            throw o.raw("service").error("a sidecar needs an intercept port, upstreams, or both");
        }
        if (intercept > 0 && id == IdentitySource.NONE) {
            throw o.raw("intercept").error("a sidecar without an identity cannot serve mutual TLS: leave out intercept or the identity");
        }
        List<Upstream> ups = new ArrayList<>();
        TreeMap<Integer, Val> localPorts = new TreeMap<>();
        for (Val u : o.list("upstreams")) {
            Obj uo = u.obj(UPSTREAM_FIELDS);
            String s = name(uo.req("service", "the upstream service's name, e.g. payments"));
            Val pv = uo.req("port", "the local port the application dials for it, e.g. 9001");
            int p = Fields.port(pv);
            if (p == Sidecar.INBOUND_PORT || p == Sidecar.ADMIN_PORT || p == intercept) {
                throw pv.error("port " + p + " is the sidecar's own (15006 inbound, 15000 admin) or the intercepted port");
            }
            if (localPorts.putIfAbsent(p, pv) != null) {
                throw pv.error("port " + p + " is already the local port of another upstream");
            }
            ups.add(new Upstream(s, p));
        }
        List<Policy> policies = new ArrayList<>();
        List<String> policyNames = new ArrayList<>();
        for (Val pv : o.list("policies")) {
            Obj po = pv.obj(POLICY_FIELDS);
            Val nv = po.req("name", "a name the 403 and the trace quote, e.g. allow-web-api");
            String n = name(nv);
            if (policyNames.contains(n)) {
                throw nv.error("duplicate policy name '" + n + "'");
            }
            policyNames.add(n);
            boolean deny = po.opt("action", "allow", v -> v.choice(List.of("allow", "deny"))).equals("deny");
            List<String> from = new ArrayList<>();
            for (Val f : po.list("from")) {
                String t = f.text().strip();
                if (!t.startsWith("spiffe://") && !NAME.matcher(t).matches()) {
                    throw f.error("expected a service name (e.g. web) or a SPIFFE ID (spiffe://cluster.local/ns/default/sa/web)");
                }
                from.add(t);
            }
            List<String> paths = new ArrayList<>();
            for (Val p : po.list("paths")) {
                String t = p.text().strip();
                if (!t.startsWith("/")) {
                    throw p.error("a path prefix starts with '/', e.g. /api/");
                }
                paths.add(t);
            }
            List<String> methods = new ArrayList<>();
            for (Val m : po.list("methods")) {
                methods.add(m.text().strip().toUpperCase(Locale.ROOT));
                if (!METHODS.contains(methods.get(methods.size() - 1))) {
                    throw m.error("unknown method (allowed: " + String.join(", ", METHODS) + ")");
                }
            }
            policies.add(new Policy(n, deny, from, paths, methods));
        }
        int retries = o.opt("retries", 2L, v -> v.integer(0, 10)).intValue();
        long perTry = o.opt("per-try-timeout", 15 * Durations.S, Fields::positive);
        int consecutive = 5;
        long base = 30 * Durations.S;
        Val ov = o.raw("outlier");
        if (ov != null) {
            Obj oo = ov.obj(OUTLIER_FIELDS);
            consecutive = oo.opt("consecutive-5xx", 5L, v -> v.integer(1, 1000)).intValue();
            base = oo.opt("base-ejection-time", base, Fields::positive);
        }
        entry.runsForever("a sidecar renews its certificate forever");
        return new SidecarSpec(new Sidecar.Config(service, ns, domain, intercept, id, ttl, renew, policies, ups, retries, perTry,
                consecutive, base), o.loc());
    }

    private static String name(Val v) throws ScenarioException {
        String t = v.text().strip();
        if (!NAME.matcher(t).matches()) {
            throw v.error("bad name '" + Yaml.oneLine(t) + "' (lower-case letters, digits and '-', e.g. orders)");
        }
        return t;
    }

    @Override
    void start(SidecarSpec spec, Host on) {
        try {
            new Sidecar(on.node(), spec.config());
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("a sidecar port is taken: " + e.getMessage());
        }
    }

    @Override
    String summary(SidecarSpec spec) {
        Sidecar.Config c = spec.config();
        StringBuilder sb = new StringBuilder(Sidecar.spiffeId(c.trustDomain(), c.namespace(), c.service()));
        if (c.port() > 0) {
            sb.append(", intercepts ").append(c.port());
        }
        for (Upstream u : c.upstreams()) {
            sb.append(", ").append(u.service()).append(" on ").append(u.localPort());
        }
        return sb.toString();
    }
}
