package dev.minternet.browser;

import dev.minternet.services.gateway.GatewayEvents;
import dev.minternet.services.lb.LbEvents;
import dev.minternet.trace.TraceEvent;

/**
 * The API gateway on a request's way: the route it matched (host, path prefix, pool, and the
 * backend its pool chose), the X-Request-ID it gave the request, the authentication's outcome (a
 * valid token's subject and scopes; 401 and why; 403 for a missing scope), the rate limit (tokens
 * left, or 429), retries and the route's timeout. The gateway's own events are tied together by
 * their request id; the backend is the pool balancer's choice on the gateway's node.
 */
final class GatewayNarration implements NarrationPart {
    /** The gateway the walk met and the request id it gave; null until the request is routed. */
    private static final class Walk {
        String gateway;
        String id;
        String route;
        String pool;
        boolean chosen;
    }

    @Override
    public boolean follow(TraceEvent e, RequestWalk w) {
        Walk gw = w.state(this, Walk::new);
        if (e.isAny(GatewayEvents.ROUTED, GatewayEvents.NO_ROUTE) && gw.id == null && pathMatches(w.path, e.get(GatewayEvents.PATH))
                && (w.at == null || e.node().equals(w.at))) {
            gw.gateway = e.node();
            gw.id = e.get(GatewayEvents.REQUEST_ID);
            if (e.is(GatewayEvents.NO_ROUTE)) {
                w.chain.add(e.node() + ": no route for " + e.get(GatewayEvents.HOST) + e.get(GatewayEvents.PATH)
                        + " -> 404 (X-Request-ID " + gw.id + ")");
                explain(w, e.node() + ", an API gateway, has no route for " + e.get(GatewayEvents.HOST) + e.get(GatewayEvents.PATH)
                        + ", so it answers 404 itself.");
                return true;
            }
            gw.route = e.get(GatewayEvents.ROUTE);
            gw.pool = e.get(GatewayEvents.POOL);
            w.chain.add(e.node() + ": route " + gw.route + " (host " + e.get(GatewayEvents.HOST) + ", path " + e.get(GatewayEvents.PATH)
                    + ") -> pool " + gw.pool + ", X-Request-ID " + gw.id);
            explain(w, e.node() + ", an API gateway, matches the request to its route " + gw.route + " (the longest path prefix among the"
                    + " host's routes), which sends it to the pool " + gw.pool + "; it tags the request with an X-Request-ID that the"
                    + " backend and the response carry.");
            w.at = e.node();
            return true;
        }
        if (gw.id == null || !e.node().equals(gw.gateway)) {
            return false;
        }
        if (e.is(GatewayEvents.JWKS)) {
            w.chain.add(e.node() + ": fetches the issuer's signing keys from " + e.get(GatewayEvents.SOURCE) + " ("
                    + e.num(GatewayEvents.KEYS) + " keys, " + e.get(GatewayEvents.WHY) + ")");
            return true;
        }
        if (!e.is(LbEvents.CHOOSE) && !gw.id.equals(idOf(e))) {
            return false;
        }
        if (e.is(GatewayEvents.AUTH_OK)) {
            String method = e.get(GatewayEvents.METHOD);
            String how = GatewayEvents.METHOD_JWT.equals(method) ? "JWT valid"
                    : GatewayEvents.METHOD_SESSION.equals(method) ? "session cookie valid (a JWT)" : "API key valid";
            w.chain.add(e.node() + ": " + how + ", subject " + e.get(GatewayEvents.SUBJECT) + ", scopes " + e.get(GatewayEvents.SCOPES));
            explain(w, e.node() + " checks the " + (GatewayEvents.METHOD_JWT.equals(method) ? "bearer token's signature, expiry,"
                    + " audience and scopes" : GatewayEvents.METHOD_SESSION.equals(method) ? "session cookie's JWT (signature, expiry,"
                    + " audience and scopes)" : "API key and its scopes") + ": " + e.get(GatewayEvents.SUBJECT) + " may use the route.");
            return true;
        }
        if (e.is(GatewayEvents.AUTH_DENY)) {
            long status = e.num(GatewayEvents.STATUS);
            String error = e.get(GatewayEvents.ERROR);
            w.chain.add(e.node() + ": " + (status == 403 ? "403 Forbidden, " : "401 Unauthorized, ")
                    + (error.isEmpty() ? "missing token" : error) + " (" + e.get(GatewayEvents.WHY) + ")"
                    + (status == 403 ? ": who asked is known, but may not do this" : ": who asked is not known"));
            explain(w, status == 403
                    ? e.node() + " answers 403 Forbidden itself: the credential is valid but lacks a scope the route needs ("
                            + e.get(GatewayEvents.WHY) + "), so asking again with the same credential will not help; 401 would mean"
                            + " no valid credential came at all."
                    : e.node() + " answers 401 Unauthorized itself with a WWW-Authenticate challenge: " + e.get(GatewayEvents.WHY)
                            + (error.isEmpty() ? " (no error code: RFC 6750 gives none when no credential came)" : " (" + error + ")")
                            + ", so the request never reaches the pool " + gw.pool + ".");
            return true;
        }
        if (e.is(GatewayEvents.RATE)) {
            boolean ok = e.get(GatewayEvents.ALLOWED);
            w.chain.add(e.node() + ": rate limit " + e.get(GatewayEvents.KEY) + " (" + e.get(GatewayEvents.STORE) + "): "
                    + (ok ? e.num(GatewayEvents.REMAINING) + " of " + e.num(GatewayEvents.LIMIT) + " left"
                            : "429 Too Many Requests with Retry-After, none of " + e.num(GatewayEvents.LIMIT) + " left, whole again in " + e.num(GatewayEvents.RESET_S) + " s"));
            explain(w, ok ? e.node() + " counts the request against the route's limit for " + e.get(GatewayEvents.KEY) + " ("
                    + e.num(GatewayEvents.REMAINING) + " more allowed now)."
                    : e.node() + " answers 429 Too Many Requests itself: " + e.get(GatewayEvents.KEY) + " used up its "
                            + e.num(GatewayEvents.LIMIT) + " requests, and Retry-After says when to try again.");
            return true;
        }
        if (e.is(LbEvents.CHOOSE) && gw.pool != null && !gw.chosen) {
            gw.chosen = true;
            w.chain.add(e.node() + ": pool " + gw.pool + " (" + e.get(LbEvents.ALGORITHM) + ": " + e.get(LbEvents.BACKEND) + ", "
                    + e.get(LbEvents.WHY) + ")");
            explain(w, "Its pool " + gw.pool + " picks a backend (" + e.get(LbEvents.ALGORITHM) + ": " + e.get(LbEvents.BACKEND)
                    + ") and the gateway relays its answer back.");
            w.at = e.get(LbEvents.BACKEND);
            return true;
        }
        if (e.is(GatewayEvents.RETRY)) {
            gw.chosen = false;
            w.chain.add(e.node() + ": retry " + e.num(GatewayEvents.ATTEMPT) + " of route " + gw.route + " (" + e.get(GatewayEvents.WHY) + ")");
            explain(w, "The pool's answer (" + e.get(GatewayEvents.WHY) + ") is one a GET may be retried after, so " + e.node()
                    + " tries the pool again.");
            w.at = gw.gateway;
            return true;
        }
        if (e.is(GatewayEvents.TIMEOUT)) {
            w.chain.add(e.node() + ": route " + gw.route + " timed out after " + Narrator.ms(Math.round(e.get(GatewayEvents.MS) * 1e6))
                    + " -> 504");
            explain(w, "The pool " + gw.pool + " did not answer within the route's timeout, so " + e.node() + " answers 504 Gateway Timeout.");
            w.at = gw.gateway;
            return true;
        }
        if (e.is(GatewayEvents.ACCESS)) {
            w.chain.add(e.node() + ": answered " + e.num(GatewayEvents.STATUS) + " in " + Narrator.ms(Math.round(e.get(GatewayEvents.MS) * 1e6))
                    + " (access log: " + e.get(GatewayEvents.LINE) + ")");
            w.at = gw.gateway;
            return true;
        }
        return false;
    }

    private static void explain(RequestWalk w, String sentence) {
        if (w.verbose) {
            w.explain.add(sentence);
        }
    }

    /** The request id of a gateway event, "" for the others. */
    private static String idOf(TraceEvent e) {
        return e.isAny(GatewayEvents.ROUTED, GatewayEvents.NO_ROUTE, GatewayEvents.AUTH_OK, GatewayEvents.AUTH_DENY, GatewayEvents.RATE,
                GatewayEvents.RETRY, GatewayEvents.TIMEOUT, GatewayEvents.ACCESS) ? e.get(GatewayEvents.REQUEST_ID) : "";
    }

    /** The browser's path (which may carry a query) is the gateway's path. */
    private static boolean pathMatches(String browserPath, String gatewayPath) {
        int q = browserPath.indexOf('?');
        return (q < 0 ? browserPath : browserPath.substring(0, q)).equals(gatewayPath);
    }
}
