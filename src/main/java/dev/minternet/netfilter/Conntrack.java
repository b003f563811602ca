package dev.minternet.netfilter;

import dev.minternet.sim.Durations;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.TcpPacket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's connection tracking table: flows keyed by both of their tuples. Idle flows expire after
 * their protocol's (or TCP state's) timeout; expiry is checked when a flow is looked up and by a
 * sweep at most once a {@link #SWEEP_INTERVAL}, so no timer keeps an idle simulation alive.
 */
final class Conntrack {
    /** How often creating a flow also sweeps out expired ones. */
    static final long SWEEP_INTERVAL = 60 * Durations.S;

    /** A flow found for a tuple, and whether the tuple is the flow's reply direction. */
    record Match(Conn conn, boolean reply) {
    }

    /** Told when a flow leaves the table. */
    interface Listener {
        void destroyed(Conn c);
    }

    private final String node;
    private final Simulator sim;
    private final Trace trace;
    private final Timeouts timeouts;
    private final Map<Tuple, Conn> table = new LinkedHashMap<>();
    private long nextSweep;
    private long created;
    private Listener listener = c -> { };

    Conntrack(String node, Simulator sim, Trace trace, Timeouts timeouts) {
        this.node = node;
        this.sim = sim;
        this.trace = trace;
        this.timeouts = timeouts;
    }

    void setListener(Listener l) {
        this.listener = l;
    }

    Timeouts timeouts() {
        return timeouts;
    }

    /** Flows created since the start. */
    long created() {
        return created;
    }

    /** The live confirmed flows (a packet of theirs got through), in creation order. */
    List<Conn> flows() {
        List<Conn> out = new ArrayList<>();
        for (Map.Entry<Tuple, Conn> e : table.entrySet()) {
            if (e.getKey().equals(e.getValue().orig) && e.getValue().confirmed && e.getValue().expiresAt > sim.now()) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    /** The live flow one of whose tuples is {@code t}, or null; an expired one is removed first. */
    Match find(Tuple t) {
        Conn c = table.get(t);
        if (c == null) {
            return null;
        }
        if (c.expiresAt <= sim.now()) {
            destroy(c, "timeout");
            return null;
        }
        return new Match(c, !t.equals(c.orig));
    }

    /** Starts tracking a flow whose first packet carries {@code orig}. */
    Conn create(Tuple orig) {
        long now = sim.now();
        if (now >= nextSweep) {
            sweep();
            nextSweep = now + SWEEP_INTERVAL;
        }
        Conn c = new Conn(orig);
        c.expiresAt = now + timeout(c);
        table.put(orig, c);
        table.putIfAbsent(c.reply, c);
        created++;
        if (trace.enabled()) {
            trace.emit(node, ConntrackEvents.NEW, orig.toString());
        }
        return c;
    }

    /** Replaces the reply tuple (NAT chose a translation). */
    void setReply(Conn c, Tuple reply) {
        if (table.get(c.reply) == c) {
            table.remove(c.reply);
        }
        c.reply = reply;
        c.translated = !reply.equals(c.orig.reverse());
        table.put(reply, c);
    }

    /** Accounts a packet of {@code c} travelling in direction {@code reply}; refreshes its timeout. */
    void seen(Conn c, boolean reply, byte[] d) {
        int dir = reply ? 1 : 0;
        c.packets[dir]++;
        c.bytes[dir] += d.length;
        if (reply) {
            c.seenReply = true;
        }
        if (c.orig.proto() == Ipv4Packet.PROTO_TCP) {
            int flags = tcpFlags(d);
            if (flags >= 0) {
                TcpState before = c.tcp;
                boolean firstFin = (flags & TcpPacket.FIN) != 0 && (before == TcpState.ESTABLISHED || before == TcpState.SYN_RECV);
                c.tcp = before.next(flags, reply, c.finReply);
                if (firstFin) {
                    c.finReply = reply;
                }
                if (c.tcp == TcpState.SYN_SENT && before != TcpState.SYN_SENT && before != TcpState.NONE) {
                    c.seenReply = false; // reopened after TIME_WAIT or CLOSE
                }
                if (before != c.tcp && trace.enabled()) {
                    trace.emit(node, ConntrackEvents.TCP_STATE, c.orig.toString(), before.name(), c.tcp.name());
                }
            }
        }
        c.expiresAt = sim.now() + timeout(c);
        if (c.mapping != null && c.mapping.expiresAt < c.expiresAt) {
            c.mapping.expiresAt = c.expiresAt;
        }
    }

    /**
     * The flags of the TCP segment in {@code d}, or -1 when the datagram holds no complete TCP
     * header (not TCP, a non-initial fragment, or cut short).
     */
    static int tcpFlags(byte[] d) {
        int l4 = Ipv4Packet.headerLength(d, 0);
        if (Ipv4Packet.protocol(d, 0) != Ipv4Packet.PROTO_TCP || Ipv4Packet.fragmentOffset(d, 0) != 0
                || d.length < l4 + TcpPacket.MIN_HEADER) {
            return -1;
        }
        return TcpPacket.flags(d, l4);
    }

    long timeout(Conn c) {
        return switch (c.orig.proto()) {
            case Ipv4Packet.PROTO_TCP -> c.tcp.timeout(timeouts);
            case Ipv4Packet.PROTO_UDP -> c.seenReply ? timeouts.udpStream() : timeouts.udpUnreplied();
            case Ipv4Packet.PROTO_ICMP -> timeouts.icmp();
            default -> timeouts.generic();
        };
    }

    /** Removes a flow (its packet was dropped before it was confirmed, or it expired). */
    void destroy(Conn c, String reason) {
        if (c.dead) {
            return;
        }
        c.dead = true;
        if (table.get(c.orig) == c) {
            table.remove(c.orig);
        }
        if (table.get(c.reply) == c) {
            table.remove(c.reply);
        }
        if (trace.enabled()) {
            trace.emit(node, ConntrackEvents.DESTROY, c.orig.toString(), reason);
        }
        listener.destroyed(c);
    }

    private void sweep() {
        long now = sim.now();
        List<Conn> dead = new ArrayList<>();
        for (Map.Entry<Tuple, Conn> e : table.entrySet()) {
            if (e.getKey().equals(e.getValue().orig) && e.getValue().expiresAt <= now) {
                dead.add(e.getValue());
            }
        }
        for (Conn c : dead) {
            destroy(c, "timeout");
        }
    }
}
