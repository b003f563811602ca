/**
 * DDoS drills: botnets that flood a target (spoofed TCP SYNs, DNS reflection through open
 * resolvers), a legitimate client measuring what still gets through, and a per-second account of
 * both, so each defence (SYN cookies, resolver ACLs and rate limiting, ...) shows as a measured
 * curve. Attack hosts send raw IP datagrams with any source address, as a raw socket allows;
 * routers forward them, since none does source validation (BCP 38) unless a netfilter rule says so.
 */
package dev.minternet.attack;
