package dev.minternet.services.lb;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code lb}: the load balancer's choices, forwards, retries and health checks. */
public final class LbEvents {
    private LbEvents() {
    }

    public static final Catalog CATALOG = new Catalog("lb",
            "The L7 load balancer (services.lb.LoadBalancer): round-robin, least-connections or source hash, active health checks, "
                    + "nginx-like retries.");

    public static final Field<String> ALGORITHM = Field.text("algorithm", "round-robin, least-connections or source-hash");
    public static final Field<String> BACKEND = Field.text("backend", "the backend's node name");
    public static final Field<String> WHY = Field.text("why", "the reason in words (the rotation, the counts, the hash slot; the checks; why a tunnel ended)");
    public static final Field<String> CLIENT = Field.text("client", "the client's address as the balancer sees it");
    public static final Field<String> PATH = Field.text("path", "the request's path");
    public static final Field<Long> STATUS = Field.integer("status", Unit.NONE, "the backend's status code, 0 when it did not answer");
    public static final Field<Double> MS = Field.real("ms", Unit.MILLISECONDS, "from choosing the backend to its answer");
    public static final Field<String> ERROR = Field.text("error", "why the backend did not answer (connect timeout, reset, ...), empty when it did");
    public static final Field<Boolean> OK = Field.flag("ok", "the check passed");
    public static final Field<String> DETAIL = Field.text("detail", "the check's status code, or what failed");

    public static final Field<Long> BYTES_UP = Field.integer("bytes_up", Unit.BYTES, "bytes the tunnel carried from the client to the backend");
    public static final Field<Long> BYTES_DOWN = Field.integer("bytes_down", Unit.BYTES,
            "bytes the tunnel carried from the backend to the client (the 101 included)");
    public static final Field<Long> OPEN_NS = Field.integer("open_ns", Unit.NANOSECONDS, "how long the tunnel was open");

    public static final EventType CHOOSE = CATALOG.event("choose", "a request is assigned a backend", ALGORITHM, BACKEND, WHY, CLIENT, PATH);
    public static final EventType FORWARD = CATALOG.event("forward", "the backend answered, or failed to", BACKEND, STATUS, MS, ERROR);
    public static final EventType RETRY = CATALOG.event("retry",
            "an idempotent request goes to the next backend after this one failed (proxy_next_upstream error timeout)", BACKEND, ERROR);
    public static final EventType NO_BACKEND = CATALOG.event("no-backend", "no healthy backend is left: 503 (or 502 after retries)", PATH);
    public static final EventType HEALTH = CATALOG.event("health", "an active health check of GET /health finished", BACKEND, OK, DETAIL);
    public static final Field<Long> LISTEN = Field.integer("listen", Unit.NONE,
            "the balancer's port whose pool it is (0: a balancer with no listener of its own); two on one node check alike");
    public static final EventType BACKEND_DOWN = CATALOG.event("backend-down", "a backend failed fall checks in a row and leaves the rotation",
            BACKEND, WHY, LISTEN);
    public static final EventType BACKEND_UP = CATALOG.event("backend-up", "a backend passed rise checks in a row and rejoins the rotation",
            BACKEND, WHY, LISTEN);
    public static final EventType TUNNEL_OPEN = CATALOG.event("tunnel-open",
            "a backend answered an Upgrade with 101: the balancer passes bytes both ways until either side closes", BACKEND, CLIENT, PATH);
    public static final EventType TUNNEL_CLOSE = CATALOG.event("tunnel-close",
            "a tunnel ended (a side closed, the idle timeout, the backend went down)", BACKEND, WHY, BYTES_UP, BYTES_DOWN, OPEN_NS);
}
