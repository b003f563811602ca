/**
 * Connection tracking, NAT and stateful firewalls on a node's IP layer (docs/design.md decision 3).
 * {@link dev.minternet.netfilter.Netfilter} sits at the five hooks of an
 * {@link dev.minternet.ip.IpStack}; {@link dev.minternet.netfilter.Conntrack} keys flows by their
 * two tuples; {@link dev.minternet.netfilter.Nat} translates (RFC 3022, RFC 4787, RFC 5382,
 * RFC 5508); {@link dev.minternet.netfilter.Firewall} filters by ordered rules and policies.
 * Read RFC 4787 sections 4-5 and RFC 5508 section 4 first. Nothing in {@code ip} depends on
 * this package.
 */
package dev.minternet.netfilter;
