package dev.minternet.services.gateway;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code gateway}: the API gateway's routing, authentication, rate limits and access log. */
public final class GatewayEvents {
    private GatewayEvents() {
    }

    public static final Catalog CATALOG = new Catalog("gateway",
            "The API gateway (services.gateway.Gateway): routes by host and path prefix to pools, JWT and API-key checks, "
                    + "token-bucket or Redis rate limits, per-route timeouts and retries, the access log.");

    /** {@link #METHOD}'s value when a bearer JWT proved who asked (the other is "api-key"). */
    public static final String METHOD_JWT = "jwt";
    /** {@link #METHOD}'s value when a session cookie carrying a JWT proved who asked. */
    public static final String METHOD_SESSION = "session-cookie";

    public static final Field<String> REQUEST_ID = Field.text("request_id", "the X-Request-ID the gateway gave the request (32 hex digits)");
    public static final Field<String> ROUTE = Field.text("route", "the route's name (its host and prefix unless named)");
    public static final Field<String> HOST = Field.text("host", "the request's Host, without a port");
    public static final Field<String> PATH = Field.text("path", "the request's path");
    public static final Field<String> POOL = Field.text("pool", "the upstream pool the route sends to");
    public static final Field<String> METHOD = Field.text("method", "jwt, session-cookie or api-key: what proved who asked");
    public static final Field<String> SUBJECT = Field.text("subject", "the token's sub (or the API key's name)");
    public static final Field<String> SCOPES = Field.text("scopes", "the scopes the token or key grants, space-separated");
    public static final Field<Long> STATUS = Field.integer("status", Unit.NONE, "the status code the client gets");
    public static final Field<String> ERROR = Field.text("error", "the RFC 6750 error code: invalid_request, invalid_token or insufficient_scope");
    public static final Field<String> WHY = Field.text("why", "the reason in words");
    public static final Field<String> KEY = Field.text("key", "what the limit counts by: the route, the client address or the API key");
    public static final Field<String> STORE = Field.text("store", "local (a token bucket in the gateway) or redis (a fixed window shared by gateways)");
    public static final Field<Boolean> ALLOWED = Field.flag("allowed", "the request is within the limit");
    public static final Field<Long> LIMIT = Field.integer("limit", Unit.NONE, "the requests the policy allows in a burst or window");
    public static final Field<Long> REMAINING = Field.integer("remaining", Unit.NONE, "requests left now");
    public static final Field<Long> RESET_S = Field.integer("reset_s", Unit.SECONDS, "seconds until the quota is whole again (the window ends)");
    public static final Field<Long> ATTEMPT = Field.integer("attempt", Unit.NONE, "the retry's number, 1 for the first retry");
    public static final Field<Double> MS = Field.real("ms", Unit.MILLISECONDS, "from the request's arrival to its answer");
    public static final Field<Long> BYTES = Field.integer("bytes", Unit.BYTES, "the response body's length (nginx's $body_bytes_sent)");
    public static final Field<String> LINE = Field.text("line", "the access log line, nginx's combined format");
    public static final Field<Long> KEYS = Field.integer("keys", Unit.NONE, "keys in the JWKS fetched");
    public static final Field<String> SOURCE = Field.text("source", "where the JWKS came from (the URL)");

    public static final EventType ROUTED = CATALOG.event("route", "a request matched a route (longest prefix among the routes of its host)",
            REQUEST_ID, ROUTE, HOST, PATH, POOL);
    public static final EventType NO_ROUTE = CATALOG.event("no-route", "no route matches the host and path: 404", REQUEST_ID, HOST, PATH);
    public static final EventType AUTH_OK = CATALOG.event("auth-ok", "the token or API key is valid and grants the route's scopes",
            REQUEST_ID, ROUTE, METHOD, SUBJECT, SCOPES);
    public static final EventType AUTH_DENY = CATALOG.event("auth-deny",
            "401 when no valid credential came (missing, bad signature, expired, not yet valid, wrong audience, alg none), "
                    + "403 when a valid one lacks a scope",
            REQUEST_ID, ROUTE, STATUS, ERROR, WHY);
    public static final EventType RATE = CATALOG.event("rate-limit", "a request was counted against a rate limit: allowed, or 429",
            REQUEST_ID, ROUTE, KEY, STORE, ALLOWED, LIMIT, REMAINING, RESET_S);
    public static final EventType RETRY = CATALOG.event("retry", "the pool answered 502, 503 or 504 to an idempotent request: the route tries again",
            REQUEST_ID, ROUTE, ATTEMPT, WHY);
    public static final EventType TIMEOUT = CATALOG.event("timeout", "the route's timeout passed before the pool answered: 504", REQUEST_ID, ROUTE, MS);
    public static final EventType ACCESS = CATALOG.event("access", "a request was answered and logged", REQUEST_ID, STATUS, BYTES, MS, LINE);
    public static final EventType JWKS = CATALOG.event("jwks", "the gateway fetched the issuer's signing keys (or failed to)", SOURCE, KEYS, WHY);
}
