package dev.minternet.browser;

import dev.minternet.services.lb.LbEvents;
import dev.minternet.tls.TlsEvents;
import dev.minternet.trace.TraceEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load balancer on a request's way: which backend it chose and why, the backends its health
 * checks had taken out, retries after a backend failed, and the arrows to and from the backends.
 */
final class LbNarration implements NarrationPart {
    /** The first balancer the walk met (retries come back to it). */
    private static final class Walk {
        String lb;
    }

    @Override
    public boolean follow(TraceEvent e, RequestWalk w) {
        Walk lw = w.state(this, Walk::new);
        if (e.is(LbEvents.CHOOSE) && w.path.equals(e.get(LbEvents.PATH)) && (w.at == null || e.node().equals(w.at))) {
            String backend = e.get(LbEvents.BACKEND);
            if (lw.lb == null) {
                lw.lb = e.node();
                if (w.verbose) {
                    w.explain.add(e.node() + ", a load balancer, " + (terminatesTls(w.story, e.node()) ? "decrypts it, " : "")
                            + "picks a backend (" + e.get(LbEvents.ALGORITHM) + ": " + backend + ") and relays its answer back.");
                }
            }
            w.chain.add(e.node() + " (" + e.get(LbEvents.ALGORITHM) + ": " + backend + ", " + e.get(LbEvents.WHY) + ")");
            String down = downBackends(w.story.all, e);
            if (!down.isEmpty()) {
                w.chain.add(e.node() + ": " + down);
            }
            w.at = backend;
            return true;
        }
        if (e.is(LbEvents.RETRY) && lw.lb != null && w.at != null && e.node().equals(lw.lb) && w.at.equals(e.get(LbEvents.BACKEND))) {
            w.chain.add(e.node() + ": " + w.at + " did not answer (" + e.get(LbEvents.ERROR) + "), so the request goes to another backend");
            w.at = lw.lb;
            return true;
        }
        if (e.isAny(LbEvents.BACKEND_DOWN, LbEvents.BACKEND_UP)) {
            long listen = e.get(LbEvents.LISTEN);
            w.chain.add(e.node() + " takes " + e.get(LbEvents.BACKEND) + (e.is(LbEvents.BACKEND_DOWN) ? " out of" : " back into")
                    + " the rotation" + (listen > 0 ? " of :" + listen : "") + ": " + e.get(LbEvents.WHY));
            return true;
        }
        if (e.is(LbEvents.HEALTH) && !e.get(LbEvents.OK)) {
            w.chain.add(e.node() + " health check of " + e.get(LbEvents.BACKEND) + ": " + (e.get(LbEvents.OK) ? "ok" : "failed")
                    + " (" + e.get(LbEvents.DETAIL) + ")");
            return true;
        }
        if (e.is(LbEvents.FORWARD) && !e.get(LbEvents.ERROR).isEmpty()) {
            w.chain.add(e.node() + " -> " + e.get(LbEvents.BACKEND) + " failed: " + e.get(LbEvents.ERROR));
            return true;
        }
        return false;
    }

    /** Whether the browser's TLS session ended on {@code node}. */
    private static boolean terminatesTls(Story s, String node) {
        for (TraceEvent e : s.window) {
            if (e.is(TlsEvents.HANDSHAKE) && e.node().equals(node)) {
                return true;
            }
        }
        return false;
    }

    /** The backends the balancer's last health checks before {@code choose} found failing. */
    private static String downBackends(List<TraceEvent> events, TraceEvent choose) {
        Map<String, TraceEvent> last = new LinkedHashMap<>();
        for (TraceEvent e : events) {
            if (e.time() > choose.time()) {
                break;
            }
            if (e.is(LbEvents.HEALTH) && e.node().equals(choose.node())) {
                last.put(e.get(LbEvents.BACKEND), e);
            }
        }
        List<String> down = new ArrayList<>();
        for (TraceEvent e : last.values()) {
            if (!e.get(LbEvents.OK)) {
                down.add(e.get(LbEvents.BACKEND) + " failed its last health check (at " + Narrator.sec(e.time()) + ": "
                        + e.get(LbEvents.DETAIL) + ")");
            }
        }
        return String.join(", ", down);
    }

    @Override
    public void draw(TraceEvent e, Sequence seq) {
        if (e.is(LbEvents.CHOOSE)) {
            seq.arrow(e, e.node(), e.get(LbEvents.BACKEND), "GET " + e.get(LbEvents.PATH));
        } else if (e.is(LbEvents.FORWARD)) {
            long status = e.num(LbEvents.STATUS);
            seq.arrow(e, e.get(LbEvents.BACKEND), e.node(), status == 0 ? "no answer" : String.valueOf(status));
        }
    }
}
