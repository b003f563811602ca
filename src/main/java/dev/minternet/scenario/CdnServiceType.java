package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.HostPort;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.services.cdn.CdnEdge;
import dev.minternet.services.cdn.CdnEdges;

/**
 * {@code type: cdn}: a CDN edge on port 80 (443 with {@code tls}): a caching reverse proxy in
 * front of {@code origin} (node:port), or, with {@code shield} instead, in front of another edge
 * that shields the origin; its cache holds {@code cache: {size}} bytes (64MB); {@code ttl} (a duration)
 * keeps what it stores fresh that long whatever the origin's max-age (an edge TTL). See docs/cache.md.
 */
final class CdnServiceType extends ServiceType<CdnServiceType.CdnSpec> {
    /** 64 MB, the cache's size unless given. */
    static final long DEFAULT_CACHE = 64_000_000;

    /** A CDN edge. */
    record CdnSpec(int port, boolean tls, java.util.List<String> names, HostPort origin, HostPort shield, long cacheBytes, long ttlNs, Loc loc)
            implements ServiceSpec {
    }

    CdnServiceType() {
        super("cdn", CdnSpec.class, "port", "tls", "names", "origin", "shield", "cache", "ttl");
    }

    @Override
    CdnSpec read(Obj o, ServiceEntry entry) throws ScenarioException {
        boolean tls = o.opt("tls", false, Fields::bool);
        int port = o.opt("port", tls ? 443 : 80, Fields::port);
        HostPort origin = o.opt("origin", null, entry::node);
        HostPort shield = o.opt("shield", null, entry::node);
        if ((origin == null) == (shield == null)) {
            throw o.self.error(origin == null
                    ? "a cdn edge needs an origin (node:port, e.g. web:80) or a shield (another cdn edge, node:port)"
                    : "give an origin or a shield, not both (a shielded edge fetches from its shield, which fetches from the origin)");
        }
        long cache = o.opt("cache", DEFAULT_CACHE, GatewayServiceType::cache);
        long ttl = o.opt("ttl", -1L, Fields::positive);
        entry.runsForever("a cdn edge checks its upstream forever");
        return new CdnSpec(port, tls, Fields.names(o), origin, shield, cache, ttl, o.loc());
    }

    @Override
    void start(CdnSpec c, Host on) {
        HostPort up = c.shield() != null ? c.shield() : c.origin();
        CdnEdge edge = new CdnEdge(on.node(), c.port(), on.identities(c.tls(), c.names()),
                new CdnEdge.Upstream(up.node(), on.world().resolve(up.node()), up.port()), c.cacheBytes(),
                c.ttlNs() < 0 ? -1 : c.ttlNs() / dev.minternet.sim.Durations.S);
        CdnEdges.of(on.world()).put(on.node().name(), edge);
    }

    @Override
    String summary(CdnSpec c) {
        return "port " + c.port() + (c.tls() ? " (TLS)" : "") + ", " + (c.shield() != null ? "shield " + c.shield().node() + ":" + c.shield().port()
                : "origin " + c.origin().node() + ":" + c.origin().port()) + ", cache " + c.cacheBytes() + " bytes"
                + (c.ttlNs() < 0 ? "" : ", ttl " + c.ttlNs() / dev.minternet.sim.Durations.S + " s");
    }

    @Override
    String scheme(CdnSpec c) {
        return c.tls() ? "https" : "http";
    }
}
