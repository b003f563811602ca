/**
 * The L7 load balancer and reverse proxy: {@link dev.minternet.services.lb.LoadBalancer}
 * (round-robin, least-connections, source-IP hash; active health checks with rise and fall; TLS
 * termination; kept-alive backend connections; X-Forwarded-For; trace events that name the
 * algorithm, the backend chosen and why).
 */
package dev.minternet.services.lb;
