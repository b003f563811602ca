package dev.minternet.routing.ospf;

import dev.minternet.routing.ospf.Iface.IfState;
import dev.minternet.routing.ospf.Neighbor.State;
import dev.minternet.routing.ospf.OspfCore.Entry;
import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;

/**
 * Reliable flooding (RFC 2328 13): Link State Updates received (13 steps 1 to 8), installing a
 * newer instance and flooding it on (13.2, 13.3, with the broadcast-network rules: a DROther sends
 * to AllDRouters, nothing goes back to the DR or Backup it came from, the Backup stays silent),
 * acknowledgements sent as table 19 of 13.5 says (delayed ones multicast at once, direct ones to the
 * neighbour) and received (13.7), and retransmission every RxmtInterval. {@link Ospf} owns the
 * database this works on.
 */
final class Flooding {
    private final OspfCore ospf;

    Flooding(OspfCore ospf) {
        this.ospf = ospf;
    }

    /** Sends {@code lsas} to {@code dst} in as few updates as the MTU allows, each aged by InfTransDelay. */
    void sendLsus(Iface i, int dst, List<Lsa> lsas) {
        int room = i.nic.mtu() - ospf.codec.ipHeader() - ospf.codec.header() - 4;
        List<Lsa> batch = new ArrayList<>();
        int size = 0;
        for (Lsa l : lsas) {
            if (!batch.isEmpty() && size + l.bytes.length > room) {
                ospf.send(i, dst, ospf.codec.lsu(ospf.rid, i.area.id, batch), batch.size());
                batch = new ArrayList<>();
                size = 0;
            }
            batch.add(l.withAge(l.age() + OspfCore.INF_TRANS_DELAY));
            size += l.bytes.length;
        }
        if (!batch.isEmpty()) {
            ospf.send(i, dst, ospf.codec.lsu(ospf.rid, i.area.id, batch), batch.size());
        }
    }

    /** RFC 2328 13: the flooding procedure for each LSA of an update. */
    int lsu(Neighbor n, byte[] b, int o, int end) {
        if (!n.atLeast(State.EXCHANGE) || end - o < 4) {
            return -1;
        }
        Iface i = n.iface;
        int count = BigEndian.u32(b, o);
        int requested = n.requests.size();
        long now = ospf.sim().now();
        boolean backup = i.broadcast() && i.state == IfState.BACKUP;
        boolean fromDr = n.address == i.dr;
        List<Lsa> delayed = new ArrayList<>();
        List<Lsa> direct = i.broadcast() ? new ArrayList<>() : delayed; // one packet to AllSPFRouters on point-to-point
        int p = o + 4;
        for (int k = 0; k < count; k++) {
            Lsa l = Lsa.read(b, p, end, ospf.codec.v3());
            if (l == null) {
                ospf.drop(i, OspfPacket.LSU, "truncated LSA");
                break;
            }
            p += l.length();
            if (!l.checksumOk()) {
                ospf.drop(i, OspfPacket.LSU, "LSA checksum");
                continue;
            }
            if (!ospf.codec.knownLsaType(l.type())) {
                ospf.drop(i, OspfPacket.LSU, "unknown LSA type " + l.type());
                continue;
            }
            if (!l.v3 && l.type() == Lsa.EXTERNAL && i.area.noExternals()) {
                ospf.drop(i, OspfPacket.LSU, "AS-external LSA in " + (i.area.nssa() ? "NSSA " : "stub area ")
                        + Ip4.str(i.area.id)); // 13 step 3 (RFC 3101 2.4)
                continue;
            }
            if (!l.v3 && l.type() == Lsa.NSSA && !i.area.nssa()) {
                ospf.drop(i, OspfPacket.LSU, "NSSA-external LSA in area " + Ip4.str(i.area.id) + ", not an NSSA");
                continue;
            }
            Entry e = i.area.lsdb.get(l.key());
            Lsa cur = e == null ? null : e.current(now);
            if (l.age() >= Lsa.MAX_AGE && cur == null && !anyExchanging()) {
                direct.add(l);
                continue;
            }
            int cmp = cur == null ? 1 : l.compareTo(cur);
            if (cmp > 0) {
                if (e != null && now - e.installedNs() < OspfCore.MIN_LS_ARRIVAL_NS) {
                    continue; // MinLSArrival: too soon after the last instance; no acknowledgement
                }
                n.requests.remove(l.key());
                boolean backOut;
                if (l.advRouter() == ospf.rid) {
                    backOut = ospf.selfOriginated(i.area, l, n); // 13.4
                } else {
                    backOut = install(i.area, l, n);
                }
                if (!backOut && (!backup || fromDr)) {
                    delayed.add(l); // table 19: a delayed acknowledgement (the Backup acknowledges only the DR)
                }
            } else if (n.requests.containsKey(l.key())) {
                n.mismatch("BadLSReq");
                return count;
            } else if (cmp == 0) {
                Lsa r = n.retransmit.get(l.key());
                if (r != null && r.compareTo(l) == 0) {
                    n.retransmit.remove(l.key()); // implied acknowledgement
                    if (backup && fromDr) {
                        delayed.add(l);
                    }
                } else {
                    direct.add(l);
                }
            } else if (!(cur.age() >= Lsa.MAX_AGE && cur.seq() == Lsa.MAX_SEQUENCE)) {
                sendLsus(i, i.unicast(n), List.of(cur));
            }
        }
        sendAck(i, i.flood(), delayed);
        if (direct != delayed) {
            sendAck(i, n.address, direct);
        }
        if (n.state == State.LOADING) {
            if (n.requests.isEmpty()) {
                n.lsrRxmt.cancel();
                n.full("LoadingDone");
            } else if (n.requests.size() < requested) {
                n.sendLsr(); // 10.9: the list was truncated, ask for the rest (else the retransmission timer will)
            }
        }
        return count;
    }

    private void sendAck(Iface i, int dst, List<Lsa> lsas) {
        if (lsas.isEmpty()) {
            return;
        }
        List<Lsa> headers = new ArrayList<>();
        for (Lsa a : lsas) {
            headers.add(Lsa.header(a.bytes, 0, a.v3));
        }
        ospf.send(i, dst, ospf.codec.ack(ospf.rid, i.area.id, headers), headers.size());
    }

    private boolean anyExchanging() {
        for (Iface i : ospf.ifaces) {
            for (Neighbor n : i.nbrs.values()) {
                if (n.state == State.EXCHANGE || n.state == State.LOADING) {
                    return true;
                }
            }
        }
        return false;
    }

    /** RFC 2328 13.7. */
    int ack(Neighbor n, byte[] b, int o, int end) {
        if (!n.atLeast(State.EXCHANGE)) {
            return -1;
        }
        int count = 0;
        for (int p = o; p + Lsa.HEADER <= end; p += Lsa.HEADER) {
            count++;
            Lsa h = Lsa.header(b, p, ospf.codec.v3());
            Lsa r = n.retransmit.get(h.key());
            if (r != null && r.compareTo(h) == 0) {
                n.retransmit.remove(h.key());
            }
        }
        if (n.retransmit.isEmpty()) {
            n.lsuRxmt.cancel();
        }
        return count;
    }

    void lsuRetransmit(Neighbor n) {
        if (!ospf.running || !n.iface.has(n) || !n.atLeast(State.EXCHANGE) || n.retransmit.isEmpty()) {
            return;
        }
        if (ospf.trace.enabled()) {
            ospf.trace.emit(ospf.node().name(), ospf.ev.retransmit(), n.iface.nic.name(), Ip4.str(n.routerId),
                    n.retransmit.size());
        }
        sendLsus(n.iface, n.iface.unicast(n), new ArrayList<>(n.retransmit.values()));
        n.lsuRxmt.setAfter(OspfCore.RXMT_NS);
    }

    /**
     * Installs a newer instance into area {@code a}'s database (13 step 5) and floods it out of
     * every interface of the area with a neighbour that needs it (13.3; a link-scope LSA only on
     * its link); returns whether it went back out of the interface it came in on.
     */
    boolean install(Area a, Lsa l, Neighbor from) {
        if (l.v3 || l.type() != Lsa.EXTERNAL) {
            return installIn(a, l, from);
        }
        boolean backOut = false;
        for (Area b : ospf.areas.values()) { // AS flooding scope (13.3): every area but the stub ones and NSSAs
            if (!b.noExternals()) {
                backOut |= installIn(b, l, b == a ? from : null);
            }
        }
        return backOut;
    }

    private boolean installIn(Area a, Lsa l, Neighbor from) {
        long now = ospf.sim().now();
        Iface scope = ospf.linkScope(l, from);
        Entry old = a.lsdb.put(l.key(), new Entry(l, now, l.age(), scope));
        for (Iface i : a.ifaces) {
            for (Neighbor n : i.nbrs.values()) {
                n.retransmit.remove(l.key());
            }
        }
        int flooded = 0;
        boolean backOut = false;
        for (Iface i : a.ifaces) {
            if (!i.up || scope != null && i != scope) {
                continue; // a link-scope LSA floods only on its own link (RFC 5340 3.5.3)
            }
            int added = 0;
            for (Neighbor n : i.nbrs.values()) {
                if (n == from || !n.atLeast(State.EXCHANGE)) {
                    continue;
                }
                Lsa req = n.requests.get(l.key());
                if (req != null) {
                    int c = l.compareTo(req);
                    if (c < 0) {
                        continue;
                    }
                    n.requests.remove(l.key());
                    if (c == 0) {
                        continue;
                    }
                }
                n.retransmit.put(l.key(), l);
                if (!n.lsuRxmt.isPending()) {
                    n.lsuRxmt.setAfter(OspfCore.RXMT_NS);
                }
                added++;
            }
            if (added == 0) {
                continue; // 13.3 step 2
            }
            boolean in = from != null && from.iface == i;
            if (in && (from.address == i.dr || from.address == i.bdr)) {
                continue; // step 3: the DR or Backup flooded it to the whole segment already
            }
            if (in && i.state == IfState.BACKUP) {
                continue; // step 4: the DR will flood it
            }
            backOut |= in;
            sendLsus(i, i.flood(), List.of(l));
            flooded += added;
        }
        if (ospf.trace.enabled()) {
            ospf.trace.emit(ospf.node().name(), ospf.ev.install(), l.describe(), (long) l.seq(), l.age(),
                    from == null ? "self" : Ip4.str(from.routerId), flooded, Ip4.str(a.id));
        }
        if (l.age() >= Lsa.MAX_AGE) {
            a.lsdb.remove(l.key());
            if (ospf.trace.enabled()) {
                ospf.trace.emit(ospf.node().name(), ospf.ev.flush(), l.describe(), (long) l.seq(), Ip4.str(a.id));
            }
        }
        boolean sameBody = old != null && l.age() < Lsa.MAX_AGE && old.lsa().sameBody(l);
        if (!sameBody) {
            ospf.lsaChanged(l);
        }
        ospf.armAgeTimer();
        return backOut;
    }
}
