package dev.minternet.browser;

import dev.minternet.ip.IpEvents;
import dev.minternet.netfilter.FirewallEvents;
import dev.minternet.netfilter.NatEvents;
import dev.minternet.trace.TraceEvent;
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
        List<String> hops = new ArrayList<>();
        hops.add(s.client);
        Set<String> seen = new HashSet<>();
        for (TraceEvent e : s.window) {
            if (e.time() >= from && e.time() <= until && e.is(IpEvents.FORWARD) && addr.equals(e.get(IpEvents.DST))
                    && TCP.equals(e.get(IpEvents.PROTO)) && seen.add(e.node())) {
                hops.add(e.node());
            }
        }
        for (TraceEvent e : s.window) {
            if (e.time() >= from && e.is(IpEvents.RECEIVE) && addr.equals(e.get(IpEvents.DST)) && TCP.equals(e.get(IpEvents.PROTO))) {
                hops.add(e.node());
                break;
            }
        }
        step.details.add("route: " + String.join(" -> ", hops) + " (" + (hops.size() - 2) + " routers)");
        for (TraceEvent e : s.window) {
            if (e.time() >= from && e.time() <= until && e.is(NatEvents.MAPPING) && e.get(NatEvents.INSIDE).equals(h.local())) {
                step.details.add("NAT on " + e.node() + ": " + e.get(NatEvents.INSIDE) + " leaves as " + e.get(NatEvents.OUTSIDE));
                break;
            }
        }
        for (TraceEvent e : s.window) {
            if (e.time() >= from && e.time() <= until && e.is(FirewallEvents.VERDICT)
                    && FirewallEvents.isTo(e, addr, h.port())) {
                step.details.add("firewall on " + e.node() + ": " + e.get(FirewallEvents.TARGET) + " (" + e.get(FirewallEvents.CHAIN)
                        + " rule " + e.get(FirewallEvents.RULE) + ": " + e.get(FirewallEvents.MATCH) + ")");
                break;
            }
        }
    }
}
