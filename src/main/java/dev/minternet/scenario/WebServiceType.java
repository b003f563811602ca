package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.HostPort;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.services.lb.LoadBalancer;
import dev.minternet.services.web.Services;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code type: web}: a web server of static files, on port 80 (443 with {@code tls}); with
 * {@code api: node:port} it passes {@code /api/} requests to that application server, which it
 * health-checks for as long as the run lasts.
 */
final class WebServiceType extends ServiceType<WebServiceType.WebSpec> {
    /**
     * The files of {@code root}, over TLS for {@code names} when {@code tls}; requests under /api/
     * go to the application server {@code api} (null: none).
     */
    record WebSpec(int port, Path root, boolean tls, List<String> names, HostPort api, String hsts, Loc loc)
            implements ServiceSpec {
    }

    WebServiceType() {
        super("web", WebSpec.class, "port", "root", "tls", "names", "api", "hsts");
    }

    @Override
    WebSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        boolean tls = o.opt("tls", false, Fields::bool);
        int port = o.opt("port", tls ? 443 : 80, Fields::port);
        Path root = entry.files().folder(o.req("root", "the folder of files to serve, relative to the scenario file"));
        HostPort api = o.opt("api", null, entry::node);
        if (api != null) {
            entry.runsForever("a web server with an api checks the application server forever");
        }
        return new WebSpec(port, root, tls, Fields.names(o), api, Fields.hsts(o, tls), o.loc());
    }

    @Override
    void start(WebSpec web, Host on) {
        LoadBalancer.Target api = web.api() == null ? null
                : new LoadBalancer.Target(web.api().node(), on.world().resolve(web.api().node()), web.api().port());
        dev.minternet.http.HttpServer s = Services.web(on.node(), web.port(), web.root(), on.identities(web.tls(), web.names()), api);
        if (web.hsts() != null) {
            s.addHeader("Strict-Transport-Security", web.hsts());
        }
    }

    @Override
    String summary(WebSpec web) {
        return "port " + web.port() + (web.tls() ? " (TLS)" : "") + ", static files"
                + (web.api() == null ? "" : ", /api/ to " + web.api().node() + ":" + web.api().port())
                + (web.hsts() == null ? "" : ", HSTS " + web.hsts());
    }

    @Override
    String scheme(WebSpec web) {
        return web.tls() ? "https" : "http";
    }
}
