package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.services.web.Redirects;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * {@code type: redirect}: every request to port 80 (443 with {@code tls}) answered with
 * {@code status} (301) to {@code to}: {@code https} or {@code http} keeps the request's host and
 * target (nginx's {@code return 301 https://$host$request_uri;}), a base URL such as
 * {@code https://www.example.com} sends every target to that host.
 */
final class RedirectServiceType extends ServiceType<RedirectServiceType.RedirectSpec> {
    private static final List<String> STATUSES = List.of("301", "302", "303", "307", "308");

    /** The redirecting server: its port, TLS names, status and target. */
    record RedirectSpec(int port, boolean tls, List<String> names, int status, Redirects.Target to, Loc loc)
            implements ServiceSpec {
    }

    RedirectServiceType() {
        super("redirect", RedirectSpec.class, "port", "tls", "names", "to", "status");
    }

    @Override
    RedirectSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        boolean tls = o.opt("tls", false, Fields::bool);
        int port = o.opt("port", tls ? 443 : 80, Fields::port);
        Redirects.Target to = target(o.req("to", "https (the request's host over HTTPS) or a base URL, e.g. https://www.example.com"));
        int status = Integer.parseInt(o.opt("status", "301", x -> x.choice(STATUSES)));
        return new RedirectSpec(port, tls, Fields.names(o), status, to, o.loc());
    }

    /** {@code https}, {@code http}, or {@code scheme://host[:port]} with no path beyond "/", no query, no user. */
    private static Redirects.Target target(Val v) throws ScenarioException {
        String t = v.text().strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("https") || lower.equals("http")) {
            return new Redirects.Target(lower, null);
        }
        URI u;
        try {
            u = new URI(t);
        } catch (Exception e) {
            throw v.error("not a URL: '" + Yaml.oneLine(t) + "' (https, http or a base URL such as https://www.example.com)");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
            throw v.error("a base URL is http:// or https:// with a host, e.g. https://www.example.com");
        }
        if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null
                || !(u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"))) {
            throw v.error("a base URL has no path, query, fragment or user (the request's target is appended)");
        }
        String host = u.getHost().toLowerCase(Locale.ROOT);
        return new Redirects.Target(scheme, u.getPort() > 0 ? host + ":" + u.getPort() : host);
    }

    @Override
    void start(RedirectSpec r, Host on) {
        String fallback = r.names().isEmpty() ? on.node().name() : r.names().get(0);
        Redirects.start(on.node(), r.port(), on.identities(r.tls(), r.names()), r.status(), r.to(), fallback);
    }

    @Override
    String summary(RedirectSpec r) {
        return "port " + r.port() + (r.tls() ? " (TLS)" : "") + ", " + r.status() + " to " + r.to().display() + "$request_uri";
    }

    @Override
    String scheme(RedirectSpec r) {
        return r.tls() ? "https" : "http";
    }
}
