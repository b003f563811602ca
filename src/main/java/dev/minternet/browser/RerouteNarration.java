package dev.minternet.browser;

import dev.minternet.link.LinkEvents;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.tcp.TcpEvents;
import java.util.List;

/**
 * A link that fails during a visit: its story ({@link Rerouting#failure}) under the step in
 * progress, and under the next step the route the connection's datagrams took once routing had
 * moved (the hop list after the failure, as the TCP step gives the one before).
 */
final class RerouteNarration implements NarrationPart {
    @Override
    public void tell(Story s) {
        for (TraceEvent down : s.window) {
            if (!down.is(LinkEvents.DOWN) || down.time() > s.endNs) {
                continue;
            }
            Story.Draft at = s.stepAt(down.time());
            if (at == null) {
                continue;
            }
            List<String> lines = Rerouting.failure(s.all, down, s.client, s.nodeOf());
            for (String l : lines) {
                at.details.add(l.startsWith("  ") ? "  " + l : l);
            }
            TcpNarration.Handshake h = TcpNarration.handshake(s);
            Story.Draft next = s.stepAfter(down.time());
            if (h == null || next == null) {
                continue;
            }
            List<String> hops = h.address().indexOf(':') >= 0
                    ? RouteNarration.route6(s, h.syn().get(TcpEvents.SRC), h.address(), down.time(), s.endNs)
                    : RouteNarration.route(s, h.syn().get(TcpEvents.SRC), h.address(), down.time(), s.endNs);
            if (hops.size() > 2) {
                next.details.add("route after the failure: " + String.join(" -> ", hops) + " (" + (hops.size() - 2) + " routers)");
            }
        }
    }
}
