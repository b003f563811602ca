package dev.minternet.ip;

import dev.minternet.sim.Durations;
import dev.minternet.sim.Simulator;
import dev.minternet.sim.Timer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Linux's neighbour state machine (net/core/neighbour.c), which ARP ({@link Neighbours}) and IPv6
 * Neighbor Discovery ({@code ip6.NeighbourCache}, RFC 4861 7.3) share, with its default
 * parameters: an unknown next hop gets an INCOMPLETE entry and a multicast (or broadcast)
 * solicitation, repeated every second (retrans_time 1 s) up to 3 times, while up to 101 datagrams
 * wait for it (unres_qlen; the oldest is dropped beyond); no answer makes it FAILED and each
 * waiting datagram is refused with the protocol's unreachable error. A confirmation makes it
 * REACHABLE for the reachable time (base 30 s, drawn uniformly in [0.5, 1.5) of it from the
 * interface's seeded stream and drawn again every 300 s); then STALE. Sending to a STALE entry
 * makes it DELAY; 5 s later (delay_first_probe_time) without a confirmation it becomes PROBE: 3
 * unicast solicitations 1 s apart, then FAILED. The protocols differ only in what they send and
 * what they trace, which subclasses say.
 *
 * @param <A> the protocol's address type
 */
public abstract class NeighbourMachine<A> {
    public enum State { INCOMPLETE, REACHABLE, STALE, DELAY, PROBE, FAILED }

    public static final long BASE_REACHABLE_NS = 30 * Durations.S;
    public static final long DELAY_FIRST_PROBE_NS = 5 * Durations.S;
    public static final long RETRANS_NS = Durations.S;
    public static final int MCAST_PROBES = 3;
    public static final int UCAST_PROBES = 3;
    public static final int UNRES_QLEN = 101;
    private static final long REDRAW_NS = 300 * Durations.S;

    private final SplittableRandom random;
    private final Map<A, Entry<A>> table = new LinkedHashMap<>();
    private long reachableNs;
    private long drawnAt = Long.MIN_VALUE;

    protected NeighbourMachine(SplittableRandom random) {
        this.random = random;
    }

    /** One neighbour: its address, link-layer address (0 when unknown), state and waiting datagrams. */
    public static final class Entry<A> {
        final A addr;
        long mac;
        State state;
        boolean router;
        long confirmedNs;
        long usedNs;
        int probes;
        ArrayDeque<byte[]> queue;
        final Timer timer;

        Entry(NeighbourMachine<A> owner, A addr) {
            this.addr = addr;
            this.timer = new Timer(owner.sim(), () -> owner.onTimer(this));
        }

        public A addr() {
            return addr;
        }

        public long mac() {
            return mac;
        }

        public State state() {
            return state;
        }

        public int probes() {
            return probes;
        }

        /** Whether the neighbour said it is a router (IPv6's NA and RA flag; never set by ARP). */
        public boolean router() {
            return router;
        }

        /** Whether the link-layer address is known and shown ({@code lladdr}). */
        public boolean hasLinkAddress() {
            return mac != 0 && state != State.INCOMPLETE && state != State.FAILED;
        }
    }

    /** The simulator the entries' timers run on. */
    protected abstract Simulator sim();

    /** Sends {@code d} in a frame to the link-layer address {@code mac}. */
    protected abstract void transmit(long mac, byte[] d);

    /** Asks the whole link (broadcast or solicited-node multicast) for {@code addr}'s link-layer address. */
    protected abstract void solicit(A addr);

    /** Asks {@code addr} itself, at its old link-layer address {@code mac}, whether it is still there. */
    protected abstract void probe(A addr, long mac);

    /** Refuses a datagram that waited for a neighbour that never answered (ICMP host/address unreachable). */
    protected abstract void unreachable(byte[] d);

    /** Traces a state change of {@code e} from {@code old} (null for a new entry). */
    protected abstract void traceState(Entry<A> e, State old);

    /** Traces an entry gone FAILED with {@code waiting} datagrams refused. */
    protected abstract void traceFailed(Entry<A> e, long waiting);

    /** Traces the oldest waiting datagram dropped from a full queue; {@code left} wait still. */
    protected void traceQueueDrop(Entry<A> e, long left) {
    }

    /** The reachable time now in force (re-drawn every 300 s, as neigh_periodic_work does). */
    public long reachableTimeNs() {
        long now = now();
        if (drawnAt == Long.MIN_VALUE || now - drawnAt >= REDRAW_NS) {
            reachableNs = BASE_REACHABLE_NS / 2 + (long) (random.nextDouble() * BASE_REACHABLE_NS);
            drawnAt = now;
        }
        return reachableNs;
    }

    public List<Entry<A>> entries() {
        return List.copyOf(table.values());
    }

    public Entry<A> entry(A addr) {
        return table.get(addr);
    }

    /** {@code ip neigh flush dev X}: removes every entry but the ones still resolving; returns how many. */
    public int flush() {
        int n = 0;
        for (Entry<A> e : new ArrayList<>(table.values())) {
            if (e.state != State.INCOMPLETE) {
                e.timer.cancel();
                table.remove(e.addr);
                removed(e);
                n++;
            }
        }
        return n;
    }

    protected final long now() {
        return sim().now();
    }

    /** The entry for {@code addr}, created (with no state yet) when there is none. */
    protected final Entry<A> entryOrNew(A addr) {
        Entry<A> e = table.get(addr);
        if (e == null) {
            e = new Entry<>(this, addr);
            table.put(addr, e);
            added(e);
        }
        return e;
    }

    /** {@code e} joined the table (a subclass may index it). */
    protected void added(Entry<A> e) {
    }

    /** {@code e} left the table. */
    protected void removed(Entry<A> e) {
    }

    /** Sends datagram {@code d} to unicast {@code nextHop}, resolving its link-layer address first if needed. */
    protected final void resolveAndSend(byte[] d, A nextHop) {
        resolveAndSend(d, entryOrNew(nextHop));
    }

    /** The same, with {@code e} the table's entry for the next hop. */
    protected final void resolveAndSend(byte[] d, Entry<A> e) {
        e.usedNs = now();
        switch (e.state == null ? State.FAILED : e.state) {
            case REACHABLE, DELAY, PROBE -> transmit(e.mac, d);
            case STALE -> {
                transmit(e.mac, d);
                setState(e, State.DELAY);
                e.timer.setAfter(DELAY_FIRST_PROBE_NS);
            }
            case INCOMPLETE -> enqueue(e, d);
            case FAILED -> {
                enqueue(e, d);
                setState(e, State.INCOMPLETE);
                e.probes = 1;
                solicit(e.addr);
                e.timer.setAfter(RETRANS_NS);
            }
        }
    }

    private void enqueue(Entry<A> e, byte[] d) {
        if (e.queue == null) {
            e.queue = new ArrayDeque<>();
        }
        if (e.queue.size() >= UNRES_QLEN) {
            e.queue.pollFirst();
            traceQueueDrop(e, e.queue.size());
        }
        e.queue.addLast(d);
    }

    /** Records whether {@code e} said it is a router. */
    protected static <A> void markRouter(Entry<A> e, boolean router) {
        e.router = router;
    }

    protected final void setState(Entry<A> e, State s) {
        State old = e.state;
        e.state = s;
        if (old != s) {
            traceState(e, old);
        }
        stateSet(e);
    }

    /** {@code e}'s state was set (perhaps to the same), its link-layer address already updated. */
    protected void stateSet(Entry<A> e) {
    }

    private void onTimer(Entry<A> e) {
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
                    probe(e.addr, e.mac);
                    e.timer.setAfter(RETRANS_NS);
                }
            }
            case PROBE, INCOMPLETE -> {
                int max = e.state == State.PROBE ? UCAST_PROBES : MCAST_PROBES;
                if (e.probes >= max) {
                    fail(e);
                } else {
                    e.probes++;
                    if (e.state == State.PROBE) {
                        probe(e.addr, e.mac);
                    } else {
                        solicit(e.addr);
                    }
                    e.timer.setAfter(RETRANS_NS);
                }
            }
            default -> {
            }
        }
    }

    private void fail(Entry<A> e) {
        setState(e, State.FAILED);
        ArrayDeque<byte[]> q = e.queue;
        e.queue = null;
        traceFailed(e, q == null ? 0 : q.size());
        if (q != null) {
            for (byte[] d : q) {
                unreachable(d);
            }
        }
    }

    /**
     * Linux's neigh_update: a confirmed address makes the entry REACHABLE, else STALE unless
     * unchanged and valid; without {@code override} a known link-layer address is kept. Datagrams
     * waiting for the entry leave.
     */
    /** Whether an entry in state {@code s} holds a usable link-layer address (NUD_VALID: not INCOMPLETE or FAILED, nor new). */
    protected static boolean isValid(State s) {
        return s == State.REACHABLE || s == State.STALE || s == State.DELAY || s == State.PROBE;
    }

    protected final void update(Entry<A> e, long mac, boolean confirmed, boolean override) {
        boolean changed = e.mac != mac;
        boolean wasValid = isValid(e.state);
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
                transmit(e.mac, d);
            }
        }
    }
}
