package dev.minternet.browser;

import dev.minternet.dns.DnsEvents;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * DNS: the browser's own cache (step "browser-dns"), then the lookup through the stub resolver
 * and whoever it asks (step "dns"), each query and answer on every node, and the explanation of
 * the chain as this trace shows it (which node forwards, which one resolves, which servers it asks).
 */
final class DnsNarration implements NarrationPart {
    /** The query type of an IPv6 address lookup, as {@link DnsEvents#QTYPE} names it. */
    private static final String AAAA = org.xbill.DNS.Type.string(org.xbill.DNS.Type.AAAA);

    @Override
    public void tell(Story s) {
        TraceEvent nav = s.first(BrowserEvents.NAVIGATE, BrowserEvents.REDIRECT); // a redirect starts a navigation of its own
        TraceEvent literal = s.first(BrowserEvents.IP_LITERAL);
        if (literal != null) {
            String address = literal.get(BrowserEvents.HOST);
            boolean v6 = address.indexOf(':') >= 0;
            s.step("browser-dns", literal.time(), "No DNS lookup: the URL names the " + (v6 ? "IPv6 " : "") + "address " + address,
                    "The host in the URL is an IP address, so there is no name to look up: the browser skips its DNS cache and "
                            + "the resolver and connects to " + s.name(address) + " straight away"
                            + (v6 ? ", over IPv6 (no AAAA or A query, so no Happy Eyeballs race either)." : "."),
                    List.of("IP literal " + Ip6.bracketed(address) + ": no DNS query leaves " + s.client
                            + (v6 ? "; the connection goes over IPv6" : "")));
            return;
        }
        TraceEvent cache = s.first(BrowserEvents.DNS_CACHE_HIT, BrowserEvents.DNS_CACHE_MISS);
        if (cache == null) {
            return; // no lookup in this navigation (an HSTS upgrade goes to https:// before any)
        }
        String host = s.host();
        boolean hit = cache != null && cache.is(BrowserEvents.DNS_CACHE_HIT);
        List<String> d = new ArrayList<>();
        if (cache != null) {
            d.add(hit ? "cached: " + host + " -> " + cache.get(BrowserEvents.ADDRESS) + " (" + Narrator.ms(cache.num(BrowserEvents.AGE_NS)) + " old)"
                    : "no entry for " + host + ": ask the operating system");
        }
        s.step("browser-dns", nav.time(), "Browser DNS cache: " + host + (hit ? " found (hit)" : " not there (miss)"),
                hit ? "The browser remembers names it resolved recently, so it skips DNS entirely."
                        : "The browser first looks in its own small DNS cache; the name is not there, so it asks the operating system.", d);
        if (hit || cache == null) {
            return;
        }
        TraceEvent resolved = s.first(BrowserEvents.RESOLVED);
        long until = resolved == null ? s.endNs : resolved.time();
        TraceEvent lookup = lookup(s, until);
        boolean nxdomain = lookup != null && DnsEvents.RCODE_NXDOMAIN.equals(lookup.get(DnsEvents.RCODE));
        String address = resolved == null ? "?" : !resolved.get(BrowserEvents.ADDRESS).isEmpty() ? resolved.get(BrowserEvents.ADDRESS)
                : nxdomain ? "no such name" : "no address";
        String explain = explain(s, host, until);
        if (nxdomain) {
            long ttl = negativeTtl(s, lookup);
            explain += " The answer is NXDOMAIN: " + host + " does not exist"
                    + (ttl >= 0 ? ", and resolvers may remember that for " + ttl + " s (the zone's SOA, RFC 2308)." : ".");
        }
        String v6 = ipv6(s, until);
        if (resolved != null && resolved.get(BrowserEvents.ADDRESS).isEmpty() && lookup != null && !nxdomain
                && !askedAaaa(s, host, until) && DnsEvents.RCODE_NOERROR.equals(lookup.get(DnsEvents.RCODE))) {
            // Chromium asks A alone when its IPv6 probe finds no route (HostResolverManager: IsIPv6Reachable)
            explain += " The A query came back NOERROR with no answer: the name exists but has no IPv4 address. " + s.client
                    + " has no IPv6 route to the internet, so the browser asked A alone (as Chromium does when its IPv6 probe fails) and never"
                    + " learns of any AAAA record: net::ERR_NAME_NOT_RESOLVED.";
        }
        if (!v6.isEmpty() && address.equals(v6)) {
            // AAAA records and no A record: the A query's answer is NOERROR with an empty answer section
            address += " (no A record)";
            explain += " " + s.client + " has an IPv6 address, so it asked AAAA beside A at the same time (RFC 8305 section 3):"
                    + " the A query came back " + (lookup == null ? "NOERROR" : lookup.get(DnsEvents.RCODE)) + " with no answer"
                    + " (the name exists but has no A record), the AAAA query with " + v6 + ", so the browser connects over IPv6.";
        } else if (!v6.isEmpty()) {
            address += " and " + v6;
            explain += " " + s.client + " has an IPv6 address too, so it asked AAAA beside A at the same time (RFC 8305 section 3):"
                    + " the name has IPv6 address " + v6 + ", which Happy Eyeballs tries first.";
        }
        s.step("dns", cache.time(), "DNS lookup: " + host + " -> " + address, explain, details(s, until));
        if (resolved != null) {
            s.row("DNS " + host, cache.time(), resolved.time(), "");
        }
    }

    /** Every query and answer on every node, in query order, and the client's stub resolver's result. */
    private static List<String> details(Story s, long until) {
        return details(s, Long.MIN_VALUE, until);
    }

    /** {@link #details(Story, long)} from {@code from} on (a later lookup in the same visit: another origin's host). */
    static List<String> details(Story s, long from, long until) {
        List<Map.Entry<Long, String>> d = new ArrayList<>();
        List<TraceEvent> queries = new ArrayList<>();
        for (TraceEvent e : s.window) {
            if (e.time() < from) {
                continue;
            }
            if (e.time() > until) {
                continue;
            }
            if (e.is(DnsEvents.CACHE_HIT)) {
                d.add(Map.entry(e.time(), Narrator.at(e.time()) + " " + e.node() + " " + e.get(DnsEvents.CACHE) + " cache: hit for "
                        + e.get(DnsEvents.QNAME) + " " + e.get(DnsEvents.QTYPE)));
            } else if (e.is(DnsEvents.QUERY)) {
                queries.add(e);
            } else if (e.is(DnsEvents.RESPONSE)) {
                TraceEvent q = queryOf(queries, e);
                long at = q == null ? e.time() : q.time();
                d.add(Map.entry(at, String.format(Locale.ROOT, "%s %s asks %s: %s %s? -> %s %s, %d answer(s) [%s, %s]", Narrator.at(at),
                        e.node() + " (" + e.get(DnsEvents.ROLE) + ")", server(s, e), e.get(DnsEvents.QNAME), e.get(DnsEvents.QTYPE),
                        e.get(DnsEvents.RCODE), answer(e), e.num(DnsEvents.ANSWERS), e.get(DnsEvents.TRANSPORT),
                        Narrator.ms(e.num(DnsEvents.RTT_NS)))));
            } else if (e.is(DnsEvents.LOOKUP) && e.node().equals(s.client)) {
                d.add(Map.entry(e.time(), Narrator.at(e.time()) + " " + e.node() + " stub resolver: " + e.get(DnsEvents.QNAME) + lookupResult(s, e)));
            }
        }
        d.sort(Map.Entry.comparingByKey()); // stable: trace order within an instant
        List<String> out = new ArrayList<>();
        for (Map.Entry<Long, String> x : d) {
            out.add(x.getValue());
        }
        return out;
    }

    /** The IPv6 addresses the client's stub resolver handed the browser for an AAAA lookup up to {@code until}, or "". */
    private static String ipv6(Story s, long until) {
        for (TraceEvent e : s.window) {
            if (e.time() <= until && e.is(DnsEvents.LOOKUP) && e.node().equals(s.client) && AAAA.equals(e.get(DnsEvents.QTYPE))
                    && !e.get(DnsEvents.ADDRESSES).isEmpty()) {
                return e.get(DnsEvents.ADDRESSES);
            }
        }
        return "";
    }

    /** Whether the client asked AAAA for {@code host} up to {@code until}. */
    private static boolean askedAaaa(Story s, String host, long until) {
        for (TraceEvent e : s.window) {
            if (e.time() <= until && e.is(DnsEvents.LOOKUP) && e.node().equals(s.client) && AAAA.equals(e.get(DnsEvents.QTYPE))
                    && e.get(DnsEvents.QNAME).equals(host)) {
                return true;
            }
        }
        return false;
    }

    /** The client's stub resolver's answer to the browser (its A lookup) up to {@code until}, or null. */
    private static TraceEvent lookup(Story s, long until) {
        for (TraceEvent e : s.window) {
            if (e.time() <= until && e.is(DnsEvents.LOOKUP) && e.node().equals(s.client) && !AAAA.equals(e.get(DnsEvents.QTYPE))) {
                return e;
            }
        }
        return null;
    }

    /**
     * The negative-cache time of the NXDOMAIN {@code lookup} handed on: the SOA's, from the client's own
     * last response for that name (RFC 2308 5), or -1 when it came from a cache or without a SOA.
     */
    private static long negativeTtl(Story s, TraceEvent lookup) {
        long ttl = -1;
        for (TraceEvent e : s.window) {
            if (e.time() > lookup.time()) {
                break;
            }
            if (e.is(DnsEvents.RESPONSE) && e.node().equals(s.client) && e.get(DnsEvents.QNAME).equals(lookup.get(DnsEvents.QNAME))) {
                ttl = e.num(DnsEvents.NEGATIVE_TTL);
            }
        }
        return ttl;
    }

    /** What the stub resolver handed the browser: the addresses, or that the name does not exist. */
    private static String lookupResult(Story s, TraceEvent e) {
        String source = "from the " + e.get(DnsEvents.SOURCE);
        if (DnsEvents.RCODE_NXDOMAIN.equals(e.get(DnsEvents.RCODE))) {
            long ttl = negativeTtl(s, e);
            return ": no such name (NXDOMAIN " + source + (ttl >= 0 ? "; the SOA's negative-cache time: " + ttl + " s" : "") + ")";
        }
        String addrs = e.get(DnsEvents.ADDRESSES);
        String type = AAAA.equals(e.get(DnsEvents.QTYPE)) ? " " + AAAA : ""; // asked beside A (Happy Eyeballs)
        return addrs.isEmpty() ? type + ": no address (" + e.get(DnsEvents.RCODE) + " " + source + ")"
                : type + " = " + addrs + " (" + source + ")";
    }

    /** The last query {@code response} answers: same node, ID and server. */
    private static TraceEvent queryOf(List<TraceEvent> queries, TraceEvent response) {
        TraceEvent q = null;
        for (TraceEvent c : queries) {
            if (c.node().equals(response.node()) && c.num(DnsEvents.ID) == response.num(DnsEvents.ID)
                    && c.get(DnsEvents.SERVER).equals(response.get(DnsEvents.SERVER))) {
                q = c;
            }
        }
        return q;
    }

    /** The server a query went to: its DNS name (and address) when the asker knew it, else its node. */
    private static String server(Story s, TraceEvent e) {
        String addr = e.get(DnsEvents.SERVER);
        String name = e.get(DnsEvents.SERVER_NAME);
        if (!name.isEmpty()) {
            return name + " (" + addr + ")";
        }
        String node = s.nodeAt(addr);
        return node == null ? addr : node + " (" + addr + ")";
    }

    /** What a response was: "answer", "referral to com", "nxdomain". */
    static String answer(TraceEvent response) {
        String a = response.get(DnsEvents.ANSWER);
        String to = response.get(DnsEvents.REFERRAL_TO);
        return DnsEvents.KIND_REFERRAL.equals(a) && !to.isEmpty() ? "referral to " + to : a;
    }

    /** The chain of this lookup in words: the stub, each forwarder, the resolver and the servers it walked. */
    static String explain(Story s, String host, long until) {
        List<TraceEvent> w = new ArrayList<>();
        for (TraceEvent e : s.window) {
            if (e.time() <= until) {
                w.add(e);
            }
        }
        TraceEvent stubQuery = null;
        TraceEvent lookup = null;
        for (TraceEvent e : w) {
            if (stubQuery == null && e.is(DnsEvents.QUERY) && e.node().equals(s.client)) {
                stubQuery = e;
            } else if (lookup == null && e.is(DnsEvents.LOOKUP) && e.node().equals(s.client)) {
                lookup = e;
            }
        }
        if (stubQuery == null) {
            String source = lookup == null ? "" : lookup.get(DnsEvents.SOURCE);
            return switch (source) {
                case DnsEvents.FROM_HOSTS -> s.client + " finds " + host + " in its hosts file, so no query leaves it.";
                case DnsEvents.FROM_CACHE -> s.client + "'s stub resolver still has " + host + " in its cache, so no query leaves it.";
                // getaddrinfo found it before the stub (StubResolver.getaddrinfo): an address, or a node's name
                default -> Ip4.isAddress(host) ? host + " is an address already, so there is nothing to look up."
                        : s.client + " finds " + host + " in the world's hosts table (every node's name), so no query leaves it.";
            };
        }
        StringBuilder sb = new StringBuilder(s.client + "'s stub resolver asks " + s.name(stubQuery.get(DnsEvents.SERVER)));
        String at = s.nodeAt(stubQuery.get(DnsEvents.SERVER));
        Set<String> seen = new LinkedHashSet<>();
        while (at != null && seen.add(at)) {
            String role = roleOf(w, at);
            List<TraceEvent> asked = new ArrayList<>();
            boolean cached = false;
            for (TraceEvent e : w) {
                if (e.node().equals(at) && e.is(DnsEvents.QUERY)) {
                    asked.add(e);
                } else if (e.node().equals(at) && e.is(DnsEvents.CACHE_HIT)) {
                    cached = true;
                }
            }
            if (role == null) {
                break;
            }
            if (asked.isEmpty()) {
                sb.append(cached ? ", which answers from its cache" : ", which answers (" + role + ")");
                break;
            }
            if (role.equals(DnsEvents.FORWARDER)) {
                String next = asked.get(0).get(DnsEvents.SERVER);
                sb.append(", which forwards to ").append(s.name(next));
                at = s.nodeAt(next);
            } else {
                sb.append("; ").append(at).append(", a recursive resolver, follows the delegations from ").append(walk(w, at, host));
                break;
            }
        }
        return sb.append('.').toString();
    }

    /** What node {@code at} did in this lookup: the role of its first answer to a client, or null. */
    private static String roleOf(List<TraceEvent> w, String at) {
        for (TraceEvent e : w) {
            if (e.node().equals(at) && e.isAny(DnsEvents.SERVE, DnsEvents.SERVE_AUTHORITATIVE)) {
                return e.get(DnsEvents.ROLE);
            }
        }
        return null;
    }

    /** The servers a resolver asked about {@code host}, each with its answer; other names it looked up on the way. */
    private static String walk(List<TraceEvent> w, String resolver, String host) {
        List<String> hops = new ArrayList<>();
        Set<String> others = new LinkedHashSet<>();
        for (TraceEvent e : w) {
            if (!e.node().equals(resolver) || !e.is(DnsEvents.RESPONSE)) {
                continue;
            }
            if (e.get(DnsEvents.QNAME).equals(host)) {
                String name = e.get(DnsEvents.SERVER_NAME);
                String hop = (name.isEmpty() ? e.get(DnsEvents.SERVER) : name) + " (" + answer(e) + ")";
                if (!hops.contains(hop)) { // the A and AAAA questions of one name walk the same servers
                    hops.add(hop);
                }
            } else {
                others.add(e.get(DnsEvents.QNAME));
            }
        }
        String out = hops.isEmpty() ? "its cache" : String.join(" to ", hops);
        if (!others.isEmpty()) {
            out += ", resolving " + String.join(", ", others) + " on the way";
        }
        return out + (hops.isEmpty() ? "" : " and caching every answer");
    }

    @Override
    public void draw(TraceEvent e, Sequence seq) {
        if (e.is(DnsEvents.QUERY)) {
            seq.arrow(e, e.node(), seq.name(e.get(DnsEvents.SERVER)), "DNS " + e.get(DnsEvents.QNAME) + " " + e.get(DnsEvents.QTYPE) + "?");
        } else if (e.is(DnsEvents.RESPONSE)) {
            seq.arrow(e, seq.name(e.get(DnsEvents.SERVER)), e.node(), "DNS " + e.get(DnsEvents.RCODE) + " " + answer(e));
        }
    }
}
