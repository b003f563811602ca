package dev.minternet.routing.ospf;

import dev.minternet.sim.Timer;
import java.util.ArrayDeque;
import java.util.Deque;
import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A neighbour on one interface (RFC 2328 10): its state, what its hellos declare (priority, DR, BDR), the Database Description
 * exchange's sequence number and role, the three lists of 10.1 (database summary, link state
 * request, link state retransmission), and the exchange that brings it to Full: ExStart's
 * master/slave negotiation, the Database Description packets (10.6, 10.8) and the Link State
 * Requests (10.7, 10.9). {@link Ospf} owns the database, flooding and the packets' way out.
 */
final class Neighbor {
    /** The neighbour states (RFC 2328 10.1), with the names FRR prints. */
    enum State {
        DOWN("Down"), INIT("Init"), TWO_WAY("2-Way"), EXSTART("ExStart"), EXCHANGE("Exchange"), LOADING("Loading"),
        FULL("Full");

        final String label;

        State(String label) {
            this.label = label;
        }
    }

    private final OspfCore ospf;
    final Iface iface;
    final int routerId;
    int address;
    /** OSPFv3: the neighbour's link-local address (the source of its hellos), where unicast packets go; null in OSPFv2. */
    Object linkAddress;
    /** OSPFv3: the Interface ID its hellos declare (RFC 5340 A.3.2). */
    int ifaceId;
    /** What its last hello declared: Router Priority, DR and Backup DR (interface addresses). */
    int priority;
    int dr;
    int bdr;
    State state = State.DOWN;
    /** True while this router is the master of the exchange (RFC 2328 10.6). */
    boolean master;
    int ddSeq;
    boolean ddSeqSet;
    /** The last DD received (flags, sequence), to spot duplicates. */
    int lastRecvFlags = -1;
    int lastRecvSeq;
    /** The last DD sent (the slave answers a duplicate with it; the master retransmits it). */
    byte[] lastSentDd;
    /** Whether this router has sent its whole summary list (the last DD it sent had M clear). */
    boolean sentAll;
    final Deque<Lsa> summary = new ArrayDeque<>();
    final TreeMap<Lsa.Key, Lsa> requests = new TreeMap<>();
    final TreeMap<Lsa.Key, Lsa> retransmit = new TreeMap<>();
    final Timer inactivity;
    final Timer ddRxmt;
    final Timer lsrRxmt;
    final Timer lsuRxmt;
    /** When the neighbour last reached Full (for "Up Time"). */
    long fullSince;
    /** When the neighbour entered its current state. */
    long stateSince;
    long deadAt;

    Neighbor(OspfCore ospf, Iface iface, int routerId) {
        this.ospf = ospf;
        this.iface = iface;
        this.routerId = routerId;
        this.inactivity = new Timer(ospf.sim(), () -> ospf.inactivity(this));
        this.ddRxmt = new Timer(ospf.sim(), () -> ddRetransmit());
        this.lsrRxmt = new Timer(ospf.sim(), () -> lsrRetransmit());
        this.lsuRxmt = new Timer(ospf.sim(), () -> ospf.flooding.lsuRetransmit(this));
    }

    boolean atLeast(State s) {
        return state.ordinal() >= s.ordinal();
    }

    void clearLists() {
        summary.clear();
        requests.clear();
        retransmit.clear();
        ddRxmt.cancel();
        lsrRxmt.cancel();
        lsuRxmt.cancel();
    }

    void stop() {
        clearLists();
        inactivity.cancel();
    }

    /**
     * 2-WayReceived in Init: ExStart when an adjacency should form (10.4: always on a
     * point-to-point network; on a broadcast one only with or as the DR or Backup), else 2-Way.
     */
    void twoWay() {
        if (iface.adjacent(this)) {
            ospf.change(this, State.EXSTART, "2-WayReceived");
            exStart();
        } else {
            ospf.change(this, State.TWO_WAY, "2-WayReceived");
        }
    }

    /** AdjOK? (10.3) after an election: start an adjacency that should now exist, or tear down one that should not. */
    void adjOk() {
        boolean should = iface.adjacent(this);
        if (state == State.TWO_WAY && should) {
            ospf.change(this, State.EXSTART, "AdjOK?");
            exStart();
        } else if (atLeast(State.EXSTART) && !should) {
            boolean wasFull = state == State.FULL;
            clearLists();
            ospf.change(this, State.TWO_WAY, "AdjOK?");
            if (wasFull) {
                ospf.requestOriginate("adjacency with " + Ip4.str(routerId) + " no longer needed");
            }
        }
    }

    void exStart() {
        clearLists();
        ddSeq = ddSeqSet ? ddSeq + 1 : ospf.random.nextInt() & 0x7fffffff;
        ddSeqSet = true;
        master = true;
        sentAll = false;
        lastRecvFlags = -1;
        ospf.sendDd(this, OspfPacket.DD_I | OspfPacket.DD_M | OspfPacket.DD_MS, List.of());
        ddRxmt.setAfter(OspfCore.RXMT_NS);
    }

    void ddRetransmit() {
        if (!ospf.running || !iface.has(this)) {
            return;
        }
        if (state == State.EXSTART || (state == State.EXCHANGE && master)) {
            ospf.send(iface, iface.unicast(this), lastSentDd, (lastSentDd.length - ospf.codec.header() - ospf.codec.ddFixed()) / Lsa.HEADER);
            ddRxmt.setAfter(OspfCore.RXMT_NS);
        }
    }

    /** RFC 2328 10.6; returns the number of headers, or -1 when the packet was dropped. */
    int dd(byte[] b, int o, int end) {
        if (end - o < ospf.codec.ddFixed()) {
            ospf.drop(iface, OspfPacket.DD, "short database description");
            return -1;
        }
        int mtu = ospf.codec.ddMtu(b, o);
        int flags = ospf.codec.ddFlags(b, o);
        int seq = ospf.codec.ddSeq(b, o);
        List<Lsa> headers = new ArrayList<>();
        for (int p = o + ospf.codec.ddFixed(); p + Lsa.HEADER <= end; p += Lsa.HEADER) {
            headers.add(Lsa.header(b, p, ospf.codec.v3()));
        }
        if (mtu > iface.nic.mtu()) {
            ospf.drop(iface, OspfPacket.DD, "neighbour MTU " + mtu + " is larger than " + iface.nic.mtu());
            return -1;
        }
        if (state == State.INIT) {
            twoWay();
        }
        boolean dup = flags == lastRecvFlags && seq == lastRecvSeq;
        switch (state) {
            case EXSTART -> {
                int all = OspfPacket.DD_I | OspfPacket.DD_M | OspfPacket.DD_MS;
                if ((flags & all) == all && headers.isEmpty() && Integer.compareUnsigned(routerId, ospf.rid) > 0) {
                    master = false;
                    ddSeq = seq;
                    remember(flags, seq);
                    negotiationDone();
                    slaveAnswer(flags);
                } else if ((flags & (OspfPacket.DD_I | OspfPacket.DD_MS)) == 0 && seq == ddSeq
                        && Integer.compareUnsigned(routerId, ospf.rid) < 0) {
                    remember(flags, seq);
                    negotiationDone();
                    if (!summarize(headers)) {
                        return headers.size();
                    }
                    masterNext(flags);
                }
            }
            case EXCHANGE -> {
                if (dup) {
                    if (!master) {
                        ospf.send(iface, iface.unicast(this), lastSentDd, 0);
                    }
                    return headers.size();
                }
                boolean claimsMaster = (flags & OspfPacket.DD_MS) != 0;
                if (claimsMaster == master || (flags & OspfPacket.DD_I) != 0
                        || seq != (master ? ddSeq : ddSeq + 1)) {
                    mismatch("SeqNumberMismatch");
                    return headers.size();
                }
                remember(flags, seq);
                if (!summarize(headers)) {
                    return headers.size();
                }
                if (master) {
                    masterNext(flags);
                } else {
                    ddSeq = seq;
                    slaveAnswer(flags);
                }
            }
            case LOADING, FULL -> {
                if (dup) {
                    if (!master) {
                        ospf.send(iface, iface.unicast(this), lastSentDd, 0);
                    }
                } else {
                    mismatch("SeqNumberMismatch");
                }
            }
            default -> {
                return headers.size(); // 2-Way or Down: ignored
            }
        }
        return headers.size();
    }

    void remember(int flags, int seq) {
        lastRecvFlags = flags;
        lastRecvSeq = seq;
    }

    void negotiationDone() {
        ospf.change(this, State.EXCHANGE, "NegotiationDone");
        ddRxmt.cancel();
        long now = ospf.sim().now();
        for (OspfCore.Entry e : iface.area.lsdb.values()) {
            if (e.scope() != null && e.scope() != iface) {
                continue; // a link-scope LSA of another link (RFC 5340 4.2.2)
            }
            summary.add(e.current(now));
        }
    }

    /** The next chunk of the summary list; sets whether it is the last. */
    List<Lsa> nextChunk() {
        List<Lsa> chunk = new ArrayList<>();
        int room = ospf.ddRoom(iface);
        while (!summary.isEmpty() && chunk.size() < room) {
            chunk.add(summary.poll());
        }
        sentAll = summary.isEmpty();
        return chunk;
    }

    void masterNext(int flags) {
        ddSeq++;
        if (sentAll && (flags & OspfPacket.DD_M) == 0) {
            exchangeDone();
            return;
        }
        List<Lsa> chunk = nextChunk();
        ospf.sendDd(this, OspfPacket.DD_MS | (sentAll ? 0 : OspfPacket.DD_M), chunk);
        ddRxmt.setAfter(OspfCore.RXMT_NS);
    }

    void slaveAnswer(int flags) {
        List<Lsa> chunk = nextChunk();
        ospf.sendDd(this, sentAll ? 0 : OspfPacket.DD_M, chunk);
        if ((flags & OspfPacket.DD_M) == 0 && sentAll) {
            exchangeDone();
        }
    }

    /** Puts on the request list every LSA a DD announces that is newer than ours; false on a bad type. */
    boolean summarize(List<Lsa> headers) {
        long now = ospf.sim().now();
        for (Lsa h : headers) {
            if (!ospf.codec.knownLsaType(h.type())) {
                mismatch("SeqNumberMismatch");
                return false;
            }
            OspfCore.Entry e = iface.area.lsdb.get(h.key());
            if (e == null || h.compareTo(e.current(now)) > 0) {
                requests.put(h.key(), h);
            }
        }
        return true;
    }

    void exchangeDone() {
        ddRxmt.cancel();
        if (requests.isEmpty()) {
            full("ExchangeDone");
        } else {
            ospf.change(this, State.LOADING, "ExchangeDone");
            sendLsr();
        }
    }

    void full(String event) {
        ospf.change(this, State.FULL, event);
        fullSince = ospf.sim().now();
        ospf.requestOriginate("adjacency with " + Ip4.str(routerId) + " full");
    }

    void mismatch(String event) {
        boolean wasFull = state == State.FULL;
        ospf.change(this, State.EXSTART, event);
        exStart();
        if (wasFull) {
            ospf.requestOriginate("adjacency with " + Ip4.str(routerId) + " restarted");
        }
    }

    void sendLsr() {
        int room = Math.max(1, (iface.nic.mtu() - ospf.codec.ipHeader() - ospf.codec.header()) / 12);
        List<Lsa.Key> keys = new ArrayList<>();
        for (Lsa.Key k : requests.keySet()) {
            if (keys.size() == room) {
                break;
            }
            keys.add(k);
        }
        ospf.send(iface, iface.unicast(this), ospf.codec.lsr(ospf.rid, iface.area.id, keys), keys.size());
        lsrRxmt.setAfter(OspfCore.RXMT_NS);
    }

    void lsrRetransmit() {
        if (ospf.running && iface.has(this) && state == State.LOADING && !requests.isEmpty()) {
            sendLsr();
        }
    }

    /** RFC 2328 10.7. */
    int lsr(byte[] b, int o, int end) {
        if (!atLeast(State.EXCHANGE)) {
            return -1;
        }
        long now = ospf.sim().now();
        List<Lsa> out = new ArrayList<>();
        int count = 0;
        for (int p = o; p + 12 <= end; p += 12) {
            count++;
            OspfCore.Entry e = iface.area.lsdb.get(new Lsa.Key(BigEndian.u32(b, p), BigEndian.u32(b, p + 4), BigEndian.u32(b, p + 8)));
            if (e == null) {
                mismatch("BadLSReq");
                return count;
            }
            out.add(e.current(now));
        }
        ospf.flooding.sendLsus(iface, iface.unicast(this), out);
        return count;
    }
}
