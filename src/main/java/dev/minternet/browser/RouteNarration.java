package dev.minternet.browser;

import dev.minternet.ip.IpEvents;
import dev.minternet.ip.NeighbourMachine;
import dev.minternet.ip6.Ip6Events;
import dev.minternet.netfilter.FirewallEvents;
import dev.minternet.netfilter.NatEvents;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.tcp.TcpEvents;
import dev.minternet.wire.Ipv4Packet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The way there: the routers that forwarded the SYN, the NAT mapping it got and the firewall's
 * verdict on it, added under the TCP step.
 */
final class RouteNarration implements NarrationPart {
    /** {@link IpEvents#PROTO} of a TCP datagram. */
    private static final String TCP = Ipv4Packet.protocolName(Ipv4Packet.PROTO_TCP);

    /**
     * The nodes the SYN crossed, read from that datagram's own hops only: the first router is the
     * one that forwarded a datagram from the SYN's source to its destination, each next one is the
     * node of the previous hop's next-hop address ({@link IpEvents#VIA}), and the end is the node
     * that received it. Other TCP datagrams to the same address at the same instant (the load
     * balancer's health-check replies) cross other routers and do not enter the route.
     */
    static List<String> route(Story s, TcpNarration.Handshake h) {
        if (h.address().indexOf(':') >= 0) {
            return route6(s, h.syn().get(TcpEvents.SRC), h.address(), h.syn().time(), h.untilNs());
        }
        return route(s, h.syn().get(TcpEvents.SRC), h.address(), h.syn().time(), h.untilNs());
    }

    /**
     * The nodes the first TCP datagram from {@code src} to {@code addr} forwarded in
     * [{@code from}, {@code until}] crossed, as {@link #route(Story, TcpNarration.Handshake)} walks them.
     */
    static List<String> route(Story s, String src, String addr, long from, long until) {
        List<String> hops = new ArrayList<>();
        hops.add(s.client);
        Set<String> seen = new HashSet<>();
        seen.add(s.client);
        String next = null; // the node the datagram goes to next, when the last hop's next-hop address names one
        long at = from;
        boolean direct = false;
        for (TraceEvent e : s.window) {
            if (direct || e.time() < at || e.time() > until || !e.is(IpEvents.FORWARD) || !addr.equals(e.get(IpEvents.DST))
                    || !TCP.equals(e.get(IpEvents.PROTO)) || seen.contains(e.node())) {
                continue;
            }
            boolean ours = hops.size() == 1 ? src.equals(e.get(IpEvents.SRC)) : next == null || next.equals(e.node());
            if (ours) {
                hops.add(e.node());
                seen.add(e.node());
                at = e.time();
                String via = e.get(IpEvents.VIA);
                direct = IpEvents.VIA_DIRECT.equals(via);
                next = direct ? null : s.nodeAt(via); // null when no address map was given: the next router forwarding it
            }
        }
        for (TraceEvent e : s.window) {
            if (e.time() >= at && e.is(IpEvents.RECEIVE) && addr.equals(e.get(IpEvents.DST)) && TCP.equals(e.get(IpEvents.PROTO))
                    && (next == null || next.equals(e.node()))) {
                hops.add(e.node());
                break;
            }
        }
        return hops;
    }

    /**
     * The nodes the first IPv6 datagram from {@code src} to {@code addr} the client sent in
     * [{@code from}, {@code until}] crossed: each router that forwarded it (the same addresses and the
     * hop limit one lower at each hop, which tells this datagram from the connection's others; the next
     * hops are link-local addresses, which name no node), then the node that received it.
     */
    static List<String> route6(Story s, String src, String addr, long from, long until) {
        List<String> hops = new ArrayList<>();
        hops.add(s.client);
        long at = -1;
        long hop = -1;
        for (TraceEvent e : s.window) {
            if (e.time() < from || e.time() > until || !e.isAny(Ip6Events.SEND, Ip6Events.FORWARD, Ip6Events.RECEIVE)
                    || !src.equals(e.get(Ip6Events.SRC)) || !addr.equals(e.get(Ip6Events.DST))) {
                continue;
            }
            if (hop < 0 && e.is(Ip6Events.SEND) && e.node().equals(s.client)) {
                hop = e.num(Ip6Events.HOP_LIMIT);
                at = e.time();
            } else if (hop >= 0 && e.time() >= at && e.is(Ip6Events.FORWARD) && e.num(Ip6Events.HOP_LIMIT) == hop) {
                hops.add(e.node());
                hop--;
                at = e.time();
            } else if (hop >= 0 && e.time() >= at && e.is(Ip6Events.RECEIVE) && e.num(Ip6Events.HOP_LIMIT) == hop) {
                hops.add(e.node());
                break;
            }
        }
        return hops;
    }

    /** The neighbour state of an address being resolved, as {@link Ip6Events#NEIGH_STATE} names it. */
    private static final String INCOMPLETE = NeighbourMachine.State.INCOMPLETE.name();

    private static void neighbourDiscovery(Story s, String client, long from, long until, Story.Draft step) {
        TraceEvent asked = null;
        for (TraceEvent e : s.window) {
            if (e.time() < from || e.time() > until || !e.is(Ip6Events.NEIGH_STATE) || !client.equals(e.get(Ip6Events.ADDR))) {
                continue;
            }
            if (asked == null && INCOMPLETE.equals(e.get(Ip6Events.TO))) {
                asked = e;
            } else if (asked != null && e.node().equals(asked.node()) && INCOMPLETE.equals(e.get(Ip6Events.FROM))) {
                step.details.add("neighbour discovery on " + e.node() + ": no entry for " + client + " yet, so the SYN-ACK waited "
                        + Narrator.ms(e.time() - asked.time()) + " for its Neighbor Solicitation and " + s.client
                        + "'s Advertisement");
                return;
            }
        }
    }

    @Override
    public void tell(Story s) {
        TcpNarration.Handshake h = TcpNarration.handshake(s);
        Story.Draft step = s.step(TcpNarration.STEP);
        if (h == null || step == null) {
            return;
        }
        long from = h.syn().time();
        long until = h.untilNs();
        String addr = h.address();
        if (addr.indexOf(':') >= 0) {
            List<String> hops = route(s, h);
            step.details.add("route: " + String.join(" -> ", hops) + " (" + (hops.size() - 2) + " routers)");
            step.details.add("no NAT over IPv6: " + h.syn().get(TcpEvents.SRC) + " is " + s.client + "'s own global address");
            firewall(s, h, step);
            neighbourDiscovery(s, h.syn().get(TcpEvents.SRC), from, until, step);
            return;
        }
        List<String> hops = route(s, h);
        step.details.add("route: " + String.join(" -> ", hops) + " (" + (hops.size() - 2) + " routers)");
        for (TraceEvent e : s.window) {
            if (e.time() >= from && e.time() <= until && e.is(NatEvents.MAPPING) && e.get(NatEvents.INSIDE).equals(h.local())) {
                step.details.add("NAT on " + e.node() + ": " + e.get(NatEvents.INSIDE) + " leaves as " + e.get(NatEvents.OUTSIDE));
                break;
            }
        }
        firewall(s, h, step);
    }

    /** The first firewall verdict on the handshake's SYN, if a firewall on the way decided on it. */
    private static void firewall(Story s, TcpNarration.Handshake h, Story.Draft step) {
        for (TraceEvent e : s.window) {
            if (e.time() >= h.syn().time() && e.time() <= h.untilNs() && e.is(FirewallEvents.VERDICT)
                    && FirewallEvents.isTo(e, h.address(), h.port())) {
                step.details.add("firewall on " + e.node() + ": " + e.get(FirewallEvents.TARGET) + " (" + e.get(FirewallEvents.CHAIN)
                        + " rule " + e.get(FirewallEvents.RULE) + ": " + e.get(FirewallEvents.MATCH) + ")");
                return;
            }
        }
    }
}
