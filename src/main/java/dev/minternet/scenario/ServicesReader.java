package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.AppSpec;
import dev.minternet.scenario.Scenario.CertificateSpec;
import dev.minternet.scenario.Scenario.DbSpec;
import dev.minternet.scenario.Scenario.HostPort;
import dev.minternet.scenario.Scenario.LbSpec;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Scenario.WebSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.services.lb.LoadBalancer.Algorithm;
import dev.minternet.services.lb.LoadBalancer.Health;
import dev.minternet.services.web.Certificates;
import dev.minternet.units.Units;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a node's {@code services:} list and the world's {@code tls:} section (see
 * docs/scenarios.md). Folders and files are relative to the scenario file's folder.
 */
final class ServicesReader {
    private enum Type { WEB, APP, DB, LB }

    private static final String[] ANY_FIELDS = {"type", "port", "root", "tls", "names", "workers", "cpu", "db", "pool",
        "seed", "query-time", "executors", "algorithm", "backends", "health", "api"};
    private static final String[] WEB_FIELDS = {"type", "port", "root", "tls", "names", "api"};
    private static final String[] APP_FIELDS = {"type", "port", "workers", "cpu", "db", "pool", "tls", "names"};
    private static final String[] DB_FIELDS = {"type", "port", "seed", "query-time", "executors"};
    private static final String[] LB_FIELDS = {"type", "port", "tls", "names", "algorithm", "backends", "health"};
    private static final String[] HEALTH_FIELDS = {"path", "interval", "timeout", "rise", "fall"};
    private static final String[] TLS_FIELDS = {"certificates"};
    private static final String[] CERT_FIELDS = {"names", "status"};
    private static final Pattern HOST_NAME = Pattern.compile("(?=.{1,253}$)[a-z0-9*]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    private final ScenarioFiles files;

    ServicesReader(ScenarioFiles files) {
        this.files = files;
    }

    List<ServiceSpec> read(Val list) throws ScenarioException {
        List<ServiceSpec> out = new ArrayList<>();
        Map<Integer, Val> ports = new HashMap<>();
        for (Val v : list.list()) {
            ServiceSpec s = service(v);
            Val first = ports.putIfAbsent(s.port(), v);
            if (first != null) {
                throw v.error("port " + s.port() + " is already taken by the service on line " + first.loc().line());
            }
            out.add(s);
        }
        return out;
    }

    private ServiceSpec service(Val v) throws ScenarioException {
        Type type = v.obj(ANY_FIELDS).req("type", "allowed: web, app, db, lb").choice(Type.class);
        switch (type) {
            case WEB -> {
                Obj o = v.obj(WEB_FIELDS);
                boolean tls = o.opt("tls", false, ServicesReader::bool);
                int port = o.opt("port", tls ? 443 : 80, ServicesReader::port);
                Path root = files.folder(o.req("root", "the folder of files to serve, relative to the scenario file"));
                HostPort api = o.opt("api", null, ServicesReader::hostPort);
                return new WebSpec(port, root, tls, names(o), api, o.loc());
            }
            case APP -> {
                Obj o = v.obj(APP_FIELDS);
                boolean tls = o.opt("tls", false, ServicesReader::bool);
                int port = o.opt("port", 8080, ServicesReader::port);
                int workers = o.opt("workers", 4L, x -> x.integer(1, 10_000)).intValue();
                long cpu = o.opt("cpu", 0L, x -> x.parse(Units::durationNs));
                HostPort db = hostPort(o.req("db", "the database as node:port, e.g. db:5432"));
                int pool = o.opt("pool", 4L, x -> x.integer(1, 10_000)).intValue();
                return new AppSpec(port, workers, cpu, db, pool, tls, names(o), o.loc());
            }
            case DB -> {
                Obj o = v.obj(DB_FIELDS);
                int port = o.opt("port", 5432, ServicesReader::port);
                Path seed = o.opt("seed", null, files::file);
                long q = o.opt("query-time", 1_000_000L, x -> x.parse(Units::durationNs));
                int executors = o.opt("executors", 4L, x -> x.integer(1, 1000)).intValue();
                return new DbSpec(port, seed, q, executors, o.loc());
            }
            case LB -> {
                Obj o = v.obj(LB_FIELDS);
                boolean tls = o.opt("tls", false, ServicesReader::bool);
                int port = o.opt("port", tls ? 443 : 80, ServicesReader::port);
                Algorithm alg = o.opt("algorithm", Algorithm.ROUND_ROBIN, x -> x.choice(Algorithm.class));
                Val bl = o.req("backends", "a list of node:port, e.g. [web-1:80, web-2:80]");
                List<HostPort> backends = new ArrayList<>();
                for (Val b : bl.list()) {
                    backends.add(hostPort(b));
                }
                if (backends.isEmpty()) {
                    throw bl.error("needs at least one backend");
                }
                Health h = o.opt("health", Health.DEFAULT, ServicesReader::health);
                return new LbSpec(port, tls, names(o), alg, List.copyOf(backends), h, o.loc());
            }
            default -> throw new AssertionError(type);
        }
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
        long interval = o.opt("interval", d.intervalNs(), ServicesReader::positive);
        long timeout = o.opt("timeout", d.timeoutNs(), ServicesReader::positive);
        int rise = o.opt("rise", (long) d.rise(), x -> x.integer(1, 100)).intValue();
        int fall = o.opt("fall", (long) d.fall(), x -> x.integer(1, 100)).intValue();
        if (timeout > interval) {
            throw new ScenarioException(o.keyLoc("timeout"), o.raw("timeout").path,
                    "timeout must not exceed the interval (a check must end before the next starts)");
        }
        return new Health(path, interval, timeout, rise, fall);
    }

    private static long positive(Val v) throws ScenarioException {
        long ns = v.parse(Units::durationNs);
        if (ns <= 0) {
            throw v.error("must be greater than zero");
        }
        return ns;
    }

    private static int port(Val v) throws ScenarioException {
        return (int) v.integer(1, 65535);
    }

    private static boolean bool(Val v) throws ScenarioException {
        String t = v.text().strip();
        if (t.equals("true") || t.equals("false")) {
            return t.equals("true");
        }
        throw v.error("expected true or false, got '" + Yaml.oneLine(t) + "'");
    }

    private static List<String> names(Obj o) throws ScenarioException {
        List<String> out = new ArrayList<>();
        for (Val n : o.list("names")) {
            String s = n.text().strip().toLowerCase(java.util.Locale.ROOT);
            if (!HOST_NAME.matcher(s).matches()) {
                throw n.error("bad host name '" + Yaml.oneLine(s) + "' (e.g. www.example.com)");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    private static HostPort hostPort(Val v) throws ScenarioException {
        String t = v.text().strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || !t.substring(colon + 1).matches("\\d{1,5}")) {
            throw v.error("expected node:port, e.g. web-1:80, got '" + Yaml.oneLine(t) + "'");
        }
        int port = Integer.parseInt(t.substring(colon + 1));
        if (port < 1 || port > 65535) {
            throw v.error("port " + port + " out of range 1-65535");
        }
        return new HostPort(t.substring(0, colon), port, v.loc());
    }

    /** {@code tls: {certificates: [{names: [www.example.com], status: expired}]}}. */
    static List<CertificateSpec> tls(Val v) throws ScenarioException {
        Obj o = v.obj(TLS_FIELDS);
        List<CertificateSpec> out = new ArrayList<>();
        for (Val c : o.list("certificates")) {
            Obj co = c.obj(CERT_FIELDS);
            List<String> names = names(co);
            if (names.isEmpty()) {
                throw new ScenarioException(co.loc(), c.path, "a certificate needs names (e.g. names: [www.example.com])");
            }
            Certificates.Status st = co.opt("status", Certificates.Status.VALID, x -> x.choice(Certificates.Status.class));
            out.add(new CertificateSpec(names, st, co.loc()));
        }
        return List.copyOf(out);
    }
}
