/**
 * The edge in front of services: {@link dev.minternet.services.gateway.Gateway} (an API gateway:
 * routes by host and path prefix to pools of {@link dev.minternet.services.lb.LoadBalancer},
 * header rewrites, X-Request-ID, per-route timeouts and retries, JWT and API-key authentication,
 * token-bucket and Redis rate limits, an nginx combined access log in the node's file area) and
 * {@link dev.minternet.services.gateway.AuthServer} (an OAuth 2.0 authorization server issuing
 * signed JWTs: client credentials, authorization code with PKCE, a JWKS). See docs/gateway.md.
 */
package dev.minternet.services.gateway;
