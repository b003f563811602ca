package dev.minternet.ip;

import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.trace.Trace;
import dev.minternet.wire.ArpPacket;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Mac;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The neighbour table of one Ethernet interface and its ARP (RFC 826), following Linux's
 * neighbour state machine with its default parameters: an unknown next hop gets an INCOMPLETE
 * entry and a broadcast request, repeated every second (retrans_time 1 s) up to 3 times
 * (mcast_probes), while up to 101 datagrams wait for it (unres_qlen; the oldest is dropped
 * beyond); no answer makes it FAILED and each waiting datagram is answered with ICMP host
 * unreachable. A reply makes it REACHABLE for the reachable time (base 30 s, drawn uniformly in
 * [0.5, 1.5) of it from this interface's seeded stream and drawn again every 300 s); then STALE.
 * Sending to a STALE entry makes it DELAY; 5 s later (delay_first_probe_time) without a
 * confirmation it becomes PROBE: 3 unicast requests 1 s apart (ucast_probes), then FAILED. Only ARP
 * replies confirm an entry (Linux also takes TCP's forward progress as a confirmation; not
 * modelled). A request for this interface's address is answered and leaves its sender STALE
 * (created if new); an unsolicited or broadcast reply only updates an existing entry (arp_accept
 * 0). When the interface comes up it announces its address with a gratuitous request.
 */
public final class Neighbours {
    public enum State { INCOMPLETE, REACHABLE, STALE, DELAY, PROBE, FAILED }

    public static final long BASE_REACHABLE_NS = 30 * Durations.S;
    public static final long DELAY_FIRST_PROBE_NS = 5 * Durations.S;
    public static final long RETRANS_NS = Durations.S;
    public static final int MCAST_PROBES = 3;
    public static final int UCAST_PROBES = 3;
    public static final int UNRES_QLEN = 101;
    private static final long REDRAW_NS = 300 * Durations.S;

    private final NetInterface iface;
    private final SplittableRandom random;
    private final Map<Integer, Entry> table = new LinkedHashMap<>();
    private long reachableNs;
    private long drawnAt = Long.MIN_VALUE;

    Neighbours(NetInterface iface, SplittableRandom random) {
        this.iface = iface;
        this.random = random;
    }

    /** One neighbour: its address, link-layer address (0 when unknown), state and waiting datagrams. */
    public final class Entry {
        final int ip;
        long mac;
        State state;
        long confirmedNs;
        long usedNs;
        long updatedNs;
        int probes;
        ArrayDeque<byte[]> queue;
        final Timer timer;

        Entry(int ip) {
            this.ip = ip;
            this.timer = new Timer(iface.ip().sim(), () -> onTimer(this));
        }

        public int ip() {
            return ip;
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

    public List<Entry> entries() {
        return Collections.unmodifiableList(new ArrayList<>(table.values()));
    }

    public Entry entry(int ip) {
        return table.get(ip);
    }

    /** iproute2's {@code ip neigh show} line for {@code e}. */
    public String show(Entry e) {
        return Ip4.str(e.ip) + " dev " + iface.name() + (e.mac != 0 && e.state != State.INCOMPLETE && e.state != State.FAILED
                ? " lladdr " + Mac.str(e.mac) : "") + " " + e.state.name();
    }

    /** {@code ip neigh flush dev X}: removes every entry but the ones still resolving; returns how many. */
    public int flush() {
        int n = 0;
        for (Entry e : new ArrayList<>(table.values())) {
            if (e.state != State.INCOMPLETE) {
                e.timer.cancel();
                table.remove(e.ip);
                n++;
            }
        }
        return n;
    }

    private long now() {
        return iface.ip().sim().now();
    }

    private Trace trace() {
        return iface.ip().trace();
    }

    /** Sends datagram {@code d} toward {@code nextHop} on this link, resolving its address first if needed. */
    void output(byte[] d, int nextHop) {
        if (nextHop == 0xffffffff || iface.cidr() != null && iface.cidr().length() < 31 && nextHop == iface.cidr().broadcast()) {
            iface.sendFrame(EthernetFrame.build(Mac.BROADCAST, iface.mac(), EthernetFrame.TYPE_IPV4, d, 0, d.length));
            return;
        }
        if ((nextHop & 0xf000_0000) == 0xe000_0000) { // multicast (OSPF's 224.0.0.5): no ARP, RFC 1112's mapping
            iface.sendFrame(EthernetFrame.build(Mac.ipv4Multicast(nextHop), iface.mac(), EthernetFrame.TYPE_IPV4, d, 0, d.length));
            return;
        }
        Entry e = table.get(nextHop);
        if (e == null) {
            e = new Entry(nextHop);
            table.put(nextHop, e);
        }
        e.usedNs = now();
        switch (e.state == null ? State.FAILED : e.state) {
            case REACHABLE, DELAY, PROBE -> send(e, d);
            case STALE -> {
                send(e, d);
                setState(e, State.DELAY);
                e.timer.setAfter(DELAY_FIRST_PROBE_NS);
            }
            case INCOMPLETE -> enqueue(e, d);
            case FAILED -> {
                enqueue(e, d);
                setState(e, State.INCOMPLETE);
                e.probes = 1;
                request(e.ip, Mac.BROADCAST, 0);
                e.timer.setAfter(RETRANS_NS);
            }
        }
    }

    private void send(Entry e, byte[] d) {
        iface.sendFrame(EthernetFrame.build(e.mac, iface.mac(), EthernetFrame.TYPE_IPV4, d, 0, d.length));
    }

    private void enqueue(Entry e, byte[] d) {
        if (e.queue == null) {
            e.queue = new ArrayDeque<>();
        }
        if (e.queue.size() >= UNRES_QLEN) {
            e.queue.pollFirst();
            if (trace().enabled()) {
                trace().emit(iface.ip().nodeName(), ArpEvents.QUEUE_DROP, iface.name(), Ip4.str(e.ip), (long) e.queue.size());
            }
        }
        e.queue.addLast(d);
    }

    private void setState(Entry e, State s) {
        State old = e.state;
        e.state = s;
        e.updatedNs = now();
        if (old != s && trace().enabled()) {
            trace().emit(iface.ip().nodeName(), ArpEvents.STATE, iface.name(), Ip4.str(e.ip),
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
                    request(e.ip, e.mac, e.mac);
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
                        request(e.ip, e.mac, e.mac);
                    } else {
                        request(e.ip, Mac.BROADCAST, 0);
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
            trace().emit(iface.ip().nodeName(), ArpEvents.UNREACHABLE, iface.name(), Ip4.str(e.ip), n);
        }
        if (q != null) {
            for (byte[] d : q) {
                iface.ip().icmp().sendError(d, IcmpPacket.DEST_UNREACHABLE, IcmpPacket.CODE_HOST_UNREACHABLE, 0);
            }
        }
    }

    /** Sends an ARP request for {@code target} to {@code dstMac} (broadcast, or the old address when probing). */
    private void request(int target, long dstMac, long targetMac) {
        sendArp(new ArpPacket(ArpPacket.REQUEST, iface.mac(), iface.address(), targetMac, target), dstMac);
    }

    /** Announces this interface's address: a gratuitous ARP request (sender and target are both our address). */
    void announce() {
        sendArp(new ArpPacket(ArpPacket.REQUEST, iface.mac(), iface.address(), 0, iface.address()), Mac.BROADCAST);
    }

    private void sendArp(ArpPacket a, long dstMac) {
        if (trace().enabled()) {
            trace().emit(iface.ip().nodeName(), ArpEvents.SEND, iface.name(), opName(a.op()), Mac.str(a.senderMac()),
                    Ip4.str(a.senderIp()), Mac.str(a.targetMac()), Ip4.str(a.targetIp()), Mac.str(dstMac));
        }
        byte[] p = a.emit();
        iface.sendFrame(EthernetFrame.build(dstMac, iface.mac(), EthernetFrame.TYPE_ARP, p, 0, p.length));
    }

    private static String opName(int op) {
        return op == ArpPacket.REQUEST ? "request" : "reply";
    }

    /** An ARP packet arrived in a frame addressed to {@code frameDst}. */
    void receive(ArpPacket a, long frameDst) {
        if (trace().enabled()) {
            trace().emit(iface.ip().nodeName(), ArpEvents.RECEIVE, iface.name(), opName(a.op()), Mac.str(a.senderMac()),
                    Ip4.str(a.senderIp()), Mac.str(a.targetMac()), Ip4.str(a.targetIp()));
        }
        if (a.senderIp() == iface.address() || a.senderIp() == 0) {
            return; // our own announcement looped back, or a probe (RFC 5227): nothing to learn
        }
        boolean forUs = a.targetIp() == iface.address();
        Entry e = table.get(a.senderIp());
        if (a.op() == ArpPacket.REQUEST && forUs) {
            if (e == null) {
                e = new Entry(a.senderIp());
                table.put(a.senderIp(), e);
            }
            update(e, a.senderMac(), false);
            sendArp(new ArpPacket(ArpPacket.REPLY, iface.mac(), iface.address(), a.senderMac(), a.senderIp()),
                    a.senderMac());
            return;
        }
        if (e == null) {
            return; // arp_accept 0: no entry from an unsolicited packet
        }
        boolean solicited = a.op() == ArpPacket.REPLY && frameDst == iface.mac();
        update(e, a.senderMac(), solicited);
    }

    /** Linux's neigh_update: a confirmed address makes the entry REACHABLE, else STALE unless unchanged and valid. */
    private void update(Entry e, long mac, boolean confirmed) {
        boolean changed = e.mac != mac;
        boolean wasValid = e.state == State.REACHABLE || e.state == State.STALE || e.state == State.DELAY
                || e.state == State.PROBE;
        e.mac = mac;
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
                send(e, d);
            }
        }
    }
}
