/**
 * A service mesh (docs/cloud.md, "Service mesh"): a {@link dev.minternet.services.mesh.Sidecar} beside a service
 * intercepts the service's inbound port ({@link dev.minternet.services.mesh.Redirect}, iptables REDIRECT's effect)
 * and listens for the application's outbound calls on one local port per upstream (Consul Connect's explicit
 * upstreams); between sidecars, mutual TLS with SPIFFE identities issued by the world's mesh CA and rotated in
 * simulated time; authorization policies by identity, retries, per-try timeouts, outlier ejection and per-route
 * metrics on an admin port.
 */
package dev.minternet.services.mesh;
