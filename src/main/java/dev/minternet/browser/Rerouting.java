package dev.minternet.browser;

import dev.minternet.ip.IpEvents;
import dev.minternet.ip6.Ip6Events;
import dev.minternet.link.LinkEvents;
import dev.minternet.netfilter.NatEvents;
import dev.minternet.routing.RoutingEvents;
import dev.minternet.routing.bgp.BgpEvents;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv4Packet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What routing did around a visit, from the trace alone: the world's warm-up (how long OSPF and
 * BGP took to converge before 0 s, {@link RoutingEvents#WARMED_UP}) and each failed link (the BGP
 * sessions that went down and why, carrier loss or the hold timer; the withdrawals sent; the new
 * best paths to the visit's destination and back; how long it was unreachable). Every time is a
 * trace event's.
 */
public final class Rerouting {
    /** How long after a failure its consequences are looked for: longer than BGP's default hold time (180 s). */
    static final long HORIZON_NS = 200_000_000_000L;
    private static final String TCP = Ipv4Packet.protocolName(Ipv4Packet.PROTO_TCP);
    /** TCP's next header as {@link Ip6Events#SEND} names it. */
    private static final String TCP6 = dev.minternet.ip6.Ip6Names.next(dev.minternet.wire.Ipv6Packet.NEXT_TCP);

    private Rerouting() {
    }

    /**
     * The lines told before the first visit: the warm-up, then every link that failed before
     * {@code untilNs} (the first visit's start; failures later are told in the visit's steps).
     */
    public static List<String> before(List<TraceEvent> events, String client, Map<String, String> nodeOf, long untilNs) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.is(RoutingEvents.WARMED_UP)) {
                out.add(warmUp(e));
            } else if (e.is(LinkEvents.DOWN) && e.time() < untilNs) {
                out.addAll(failure(events, e, client, nodeOf));
            }
        }
        return out;
    }

    /** "Routing: the routers booted 60 s before 0 s: ...", from the warm-up's event. */
    static String warmUp(TraceEvent e) {
        long full = e.num(RoutingEvents.OSPF_FULL);
        long bgp = e.num(RoutingEvents.BGP_CONVERGED);
        return "Routing: the routers booted " + seconds(e.num(RoutingEvents.WARM_UP)) + " before 0 s: OSPF "
                + e.num(RoutingEvents.ADJACENCIES) + " adjacency ends Full" + (full < 0 ? "" : " (the last " + seconds(full)
                + " after boot)") + ", BGP " + e.num(RoutingEvents.SESSIONS) + " session ends Established"
                + (bgp < 0 ? "" : ", converged " + seconds(bgp) + " after boot (last best-path change; "
                + e.num(RoutingEvents.UPDATES) + " UPDATEs)") + "; the visit starts on converged routes";
    }

    /**
     * A failed link's story: the link, each BGP session that left Established (with its reason), the
     * withdrawals sent, the new best paths to the prefixes holding the client's destinations and its
     * outside address, and how long those were unreachable (from the failure to the last of those
     * best-path changes, while some router had no path to them or a path through the link).
     */
    static List<String> failure(List<TraceEvent> all, TraceEvent down, String client, Map<String, String> nodeOf) {
        List<String> out = new ArrayList<>();
        long t0 = down.time();
        out.add("[" + Narrator.sec(t0) + "] link " + down.get(LinkEvents.LINK) + " (" + down.get(LinkEvents.A) + " -- "
                + down.get(LinkEvents.B) + ") fails");
        Set<String> addrs = addresses(all, client);
        Map<String, List<String>> withdrawn = new LinkedHashMap<>();
        long restored = -1;
        List<String> best = new ArrayList<>();
        for (TraceEvent e : all) {
            if (e.time() < t0 || e == down) {
                continue;
            }
            if (e.time() > t0 + HORIZON_NS || e.isAny(LinkEvents.DOWN, LinkEvents.UP)) {
                break;
            }
            if (e.is(BgpEvents.STATE) && BgpEvents.ESTABLISHED.equals(e.get(BgpEvents.FROM))) {
                out.add("  [" + Narrator.sec(e.time()) + "] " + e.node() + ": BGP session with " + peer(e.get(BgpEvents.PEER), nodeOf)
                        + " " + e.get(BgpEvents.FROM) + " -> " + e.get(BgpEvents.TO) + " (" + e.get(BgpEvents.REASON) + ")");
            } else if (e.is(BgpEvents.WITHDRAW_OUT)) {
                withdrawn.computeIfAbsent("  [" + Narrator.sec(e.time()) + "] " + e.node() + " withdraws from "
                        + peer(e.get(BgpEvents.PEER), nodeOf) + ": ", k -> new ArrayList<>()).add(e.get(BgpEvents.PREFIX));
            } else if (e.is(BgpEvents.BEST_PATH) && covers(e.get(BgpEvents.PREFIX), addrs)) {
                String b = e.get(BgpEvents.BEST);
                String via = b.indexOf(' ') > 0 ? nodeOf.get(b.substring(0, b.indexOf(' '))) : null;
                best.add("  [" + Narrator.sec(e.time()) + "] " + e.node() + ": best path to " + e.get(BgpEvents.PREFIX) + " now "
                        + b + (via == null ? "" : " via " + via) + " (" + e.get(BgpEvents.REASON) + ")");
                if (!BgpEvents.NO_PATH.equals(b)) {
                    restored = e.time();
                }
            }
        }
        for (Map.Entry<String, List<String>> w : withdrawn.entrySet()) {
            List<String> ps = w.getValue();
            out.add(w.getKey() + String.join(" ", ps.subList(0, Math.min(ps.size(), 6)))
                    + (ps.size() > 6 ? " and " + (ps.size() - 6) + " more" : ""));
        }
        out.addAll(best);
        if (restored >= 0) {
            out.add("  unreachable for " + Narrator.ms(restored - t0) + ": from the failure to the last new best path to "
                    + String.join(", ", addrs));
        } else if (!best.isEmpty()) {
            out.add("  " + String.join(", ", addrs) + ": no path left");
        }
        return out;
    }

    /** The addresses the client sent TCP to (IPv4 and IPv6) and its outside (NAT, or its own IPv6) addresses: whose routes matter to the visit. */
    static Set<String> addresses(List<TraceEvent> all, String client) {
        Set<String> out = new LinkedHashSet<>();
        for (TraceEvent e : all) {
            if (e.is(IpEvents.SEND) && e.node().equals(client) && TCP.equals(e.get(IpEvents.PROTO))) {
                out.add(e.get(IpEvents.DST));
            } else if (e.is(Ip6Events.SEND) && e.node().equals(client) && TCP6.equals(e.get(Ip6Events.NEXT))) {
                out.add(e.get(Ip6Events.DST));
                out.add(e.get(Ip6Events.SRC)); // no NAT over IPv6: the client's own address is its outside one
            } else if (e.is(NatEvents.MAPPING)) {
                String o = e.get(NatEvents.OUTSIDE);
                out.add(o.substring(0, o.lastIndexOf(':')));
            }
            if (out.size() >= 8) {
                break;
            }
        }
        return out;
    }

    private static boolean covers(String prefix, Set<String> addrs) {
        int slash = prefix.indexOf('/');
        if (slash < 0) {
            return false;
        }
        if (prefix.indexOf(':') >= 0) {
            Ip6.Cidr net = Ip6.Cidr.parse(prefix);
            return addrs.stream().anyMatch(a -> Ip6.isAddress(a) && net.contains(Ip6.parse(a)));
        }
        int net = Ip4.parse(prefix.substring(0, slash));
        int len = Integer.parseInt(prefix.substring(slash + 1));
        for (String a : addrs) {
            if (Ip4.isAddress(a) && Ip4.inPrefix(Ip4.parse(a), net, len)) {
                return true;
            }
        }
        return false;
    }

    private static String peer(String address, Map<String, String> nodeOf) {
        String n = nodeOf.get(address);
        return n == null ? address : address + " (" + n + ")";
    }

    private static String seconds(long ns) {
        return ns % 1_000_000_000L == 0 ? ns / 1_000_000_000L + " s" : String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }
}
