package dev.minternet.ip6;

import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.trace.Trace;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Mac;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The IPv6 neighbour cache of one interface (RFC 4861 7.3), with the states and default
 * parameters of Linux's ndisc, the same machine as ARP's ({@code ip.Neighbours}): an unknown next
 * hop is INCOMPLETE and gets a Neighbor Solicitation to its solicited-node group, repeated every
 * second up to 3 times (mcast_solicit) while up to 101 datagrams wait; no answer makes it FAILED
 * and the waiting datagrams are answered with destination unreachable, address unreachable (RFC
 * 4443 3.1 code 3). A solicited advertisement makes it REACHABLE for the reachable time (30 s
 * drawn in [0.5, 1.5) from the interface's stream); then STALE; sending makes it DELAY, 5 s later
 * PROBE: 3 unicast solicitations 1 s apart, then FAILED. A solicitation or a router advertisement
 * carrying a source link-layer address creates or updates the sender's entry as STALE (7.2.3,
 * 6.3.4); an unsolicited advertisement with the override flag updates an entry that exists.
 */
public final class NeighbourCache {
    public enum State { INCOMPLETE, REACHABLE, STALE, DELAY, PROBE, FAILED }

    public static final long BASE_REACHABLE_NS = 30 * Durations.S;
    public static final long DELAY_FIRST_PROBE_NS = 5 * Durations.S;
    public static final long RETRANS_NS = Durations.S;
    public static final int MCAST_SOLICIT = 3;
    public static final int UCAST_SOLICIT = 3;
    public static final int UNRES_QLEN = 101;

    private final Ip6Interface iface;
    private final SplittableRandom random;
    private final Map<Ip6, Entry> table = new LinkedHashMap<>();
    private long reachableNs;
    private long drawnAt = Long.MIN_VALUE;

    NeighbourCache(Ip6Interface iface, SplittableRandom random) {
        this.iface = iface;
        this.random = random;
    }

    /** One neighbour. */
    public final class Entry {
        final Ip6 addr;
        long mac;
        State state;
        boolean router;
        long confirmedNs;
        long usedNs;
        int probes;
        ArrayDeque<byte[]> queue;
        final Timer timer;

        Entry(Ip6 addr) {
            this.addr = addr;
            this.timer = new Timer(iface.stack().sim(), () -> onTimer(this));
        }

        public Ip6 addr() {
            return addr;
        }

        public long mac() {
            return mac;
        }

        public State state() {
            return state;
        }

        public boolean router() {
            return router;
        }
    }

    public List<Entry> entries() {
        return List.copyOf(table.values());
    }

    public Entry entry(Ip6 a) {
        return table.get(a);
    }

    /** iproute2's {@code ip -6 neigh} line for {@code e}. */
    public String show(Entry e) {
        boolean ll = e.mac != 0 && e.state != State.INCOMPLETE && e.state != State.FAILED;
        return e.addr + " dev " + iface.name() + (ll ? " lladdr " + Mac.str(e.mac) : "") + (e.router && ll ? " router" : "")
                + " " + e.state.name();
    }

    long reachableTimeNs() {
        long now = now();
        if (drawnAt == Long.MIN_VALUE || now - drawnAt >= 300 * Durations.S) {
            reachableNs = BASE_REACHABLE_NS / 2 + (long) (random.nextDouble() * BASE_REACHABLE_NS);
            drawnAt = now;
        }
        return reachableNs;
    }

    private long now() {
        return iface.stack().sim().now();
    }

    private Trace trace() {
        return iface.stack().trace();
    }

    /** Sends the datagram {@code d} to {@code nextHop} on this link, resolving its link-layer address first if needed. */
    void output(byte[] d, Ip6 nextHop) {
        if (nextHop.isMulticast()) {
            iface.sendFrame(nextHop.multicastMac(), d);
            return;
        }
        Entry e = table.get(nextHop);
        if (e == null) {
            e = new Entry(nextHop);
            table.put(nextHop, e);
        }
        e.usedNs = now();
        switch (e.state == null ? State.FAILED : e.state) {
            case REACHABLE, DELAY, PROBE -> iface.sendFrame(e.mac, d);
            case STALE -> {
                iface.sendFrame(e.mac, d);
                setState(e, State.DELAY);
                e.timer.setAfter(DELAY_FIRST_PROBE_NS);
            }
            case INCOMPLETE -> enqueue(e, d);
            case FAILED -> {
                enqueue(e, d);
                setState(e, State.INCOMPLETE);
                e.probes = 1;
                iface.solicit(e.addr, false);
                e.timer.setAfter(RETRANS_NS);
            }
        }
    }

    private void enqueue(Entry e, byte[] d) {
        if (e.queue == null) {
            e.queue = new ArrayDeque<>();
        }
        if (e.queue.size() >= UNRES_QLEN) {
            e.queue.pollFirst();
        }
        e.queue.addLast(d);
    }

    private void setState(Entry e, State s) {
        State old = e.state;
        e.state = s;
        if (old != s && trace().enabled()) {
            trace().emit(iface.stack().nodeName(), Ip6Events.NEIGH_STATE, iface.name(), e.addr.toString(),
                    e.mac == 0 ? "-" : Mac.str(e.mac), old == null ? "NONE" : old.name(), s.name());
        }
    }

    private void onTimer(Entry e) {
        long now = now();
        switch (e.state) {
            case REACHABLE -> {
                long until = e.confirmedNs + reachableTimeNs();
                if (now < until) {
                    e.timer.setAt(until);
                } else if (now < e.usedNs + DELAY_FIRST_PROBE_NS) {
                    setState(e, State.DELAY);
                    e.timer.setAt(e.usedNs + DELAY_FIRST_PROBE_NS);
                } else {
                    setState(e, State.STALE);
                }
            }
            case DELAY -> {
                if (now < e.confirmedNs + DELAY_FIRST_PROBE_NS) {
                    setState(e, State.REACHABLE);
                    e.timer.setAt(e.confirmedNs + reachableTimeNs());
                } else {
                    setState(e, State.PROBE);
                    e.probes = 1;
                    iface.solicitUnicast(e.addr, e.mac);
                    e.timer.setAfter(RETRANS_NS);
                }
            }
            case PROBE, INCOMPLETE -> {
                int max = e.state == State.PROBE ? UCAST_SOLICIT : MCAST_SOLICIT;
                if (e.probes >= max) {
                    fail(e);
                } else {
                    e.probes++;
                    if (e.state == State.PROBE) {
                        iface.solicitUnicast(e.addr, e.mac);
                    } else {
                        iface.solicit(e.addr, false);
                    }
                    e.timer.setAfter(RETRANS_NS);
                }
            }
            default -> {
            }
        }
    }

    private void fail(Entry e) {
        setState(e, State.FAILED);
        ArrayDeque<byte[]> q = e.queue;
        e.queue = null;
        long n = q == null ? 0 : q.size();
        if (trace().enabled()) {
            trace().emit(iface.stack().nodeName(), Ip6Events.NEIGH_UNREACHABLE, iface.name(), e.addr.toString(), n);
        }
        if (q != null) {
            for (byte[] d : q) {
                iface.stack().sendError(d, Icmpv6Packet.DEST_UNREACHABLE, Icmpv6Packet.CODE_ADDRESS_UNREACHABLE, 0);
            }
        }
    }

    /**
     * What a solicitation or a router advertisement says of its sender (RFC 4861 7.2.3, 6.3.4):
     * its link-layer address, the entry STALE when new or changed.
     */
    void learn(Ip6 addr, long mac, boolean isRouter) {
        Entry e = table.get(addr);
        if (e == null) {
            e = new Entry(addr);
            table.put(addr, e);
        }
        if (isRouter) {
            e.router = true;
        }
        update(e, mac, false, true);
    }

    /** A Neighbor Advertisement for {@code target} (RFC 4861 7.2.5). */
    void advertised(Ip6 target, long mac, int flags) {
        Entry e = table.get(target);
        if (e == null || mac == 0 && e.mac == 0) {
            return; // no entry: an unsolicited advertisement creates none
        }
        boolean solicited = (flags & Icmpv6Packet.NA_SOLICITED) != 0;
        boolean override = (flags & Icmpv6Packet.NA_OVERRIDE) != 0;
        e.router = (flags & Icmpv6Packet.NA_ROUTER) != 0;
        if (e.state == State.INCOMPLETE) {
            update(e, mac, solicited, true);
        } else if (mac != 0 && mac != e.mac && !override) {
            if (e.state == State.REACHABLE) {
                setState(e, State.STALE);
            }
        } else {
            update(e, mac == 0 ? e.mac : mac, solicited, override);
        }
    }

    private void update(Entry e, long mac, boolean confirmed, boolean override) {
        boolean changed = e.mac != mac;
        boolean wasValid = e.state == State.REACHABLE || e.state == State.STALE || e.state == State.DELAY
                || e.state == State.PROBE;
        if (override || e.mac == 0) {
            e.mac = mac;
        }
        if (confirmed) {
            e.confirmedNs = now();
            setState(e, State.REACHABLE);
            e.timer.setAt(e.confirmedNs + reachableTimeNs());
        } else if (changed || !wasValid) {
            setState(e, State.STALE);
            e.timer.cancel();
        } else {
            return;
        }
        if (e.queue != null) {
            ArrayDeque<byte[]> q = e.queue;
            e.queue = null;
            for (byte[] d : q) {
                iface.sendFrame(e.mac, d);
            }
        }
    }

    List<Entry> snapshot() {
        return new ArrayList<>(table.values());
    }
}
