package dev.minternet.routing.ospf;

import dev.minternet.ip.NetInterface;
import dev.minternet.routing.ospf.Neighbor.State;
import dev.minternet.sim.Timer;
import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * An OSPF interface (RFC 2328 9): its link, configuration and neighbours, the Hello protocol
 * (9.5 sending, 10.5 receiving) and, on a broadcast network (an interface plugged into a LAN's
 * switch), the interface state machine's Waiting state and the Designated Router election of
 * 9.4, which decides with which neighbours an adjacency forms (10.4): only with the DR and the
 * Backup DR; two DROthers stay 2-Way.
 *
 * <p>Neighbours are told apart by router ID (RFC 2328 identifies them by source address on
 * broadcast networks; the two agree while every router has one address per segment).
 */
final class Iface {
    /** The interface states (RFC 2328 9.1), with the names FRR prints. */
    enum IfState {
        DOWN("Down"), WAITING("Waiting"), POINT_TO_POINT("Point-To-Point"), DR_OTHER("DROther"), BACKUP("Backup"),
        DR("DR");

        final String label;

        IfState(String label) {
            this.label = label;
        }
    }

    private final OspfCore ospf;
    final NetInterface nic;
    final OspfConfig.IfaceConfig c;
    /** The area the interface is in: its packets carry the area ID, its LSAs go into the area's database. */
    final Area area;
    final Timer hello;
    /** The wait timer (9.4): as long as the dead interval, so that a router joining a segment learns the DR first. */
    final Timer wait;
    /** The neighbours heard on this interface, by router ID (at most one on a point-to-point network). */
    final TreeMap<Integer, Neighbor> nbrs = new TreeMap<>(Integer::compareUnsigned);
    boolean up;
    IfState state = IfState.DOWN;
    /** The Designated Router and Backup Designated Router by interface address (0.0.0.0: none). */
    int dr;
    int bdr;

    Iface(OspfCore ospf, NetInterface nic, OspfConfig.IfaceConfig c, Area area) {
        this.ospf = ospf;
        this.nic = nic;
        this.c = c;
        this.area = area;
        this.hello = new Timer(ospf.sim(), this::sendHello);
        this.wait = new Timer(ospf.sim(), () -> {
            if (ospf.running && up && state == IfState.WAITING) {
                elect("WaitTimer");
            }
        });
    }

    boolean broadcast() {
        return c.broadcast();
    }

    boolean has(Neighbor n) {
        return nbrs.get(n.routerId) == n;
    }

    /** Where packets for one neighbour go: to it on a broadcast network, to AllSPFRouters on a point-to-point one (8.1). */
    int unicast(Neighbor n) {
        return broadcast() ? n.address : OspfPacket.ALL_SPF_ROUTERS;
    }

    /** Where floods and delayed acknowledgements go (13.3 step 5, 13.5): DROthers send to AllDRouters. */
    int flood() {
        return !broadcast() || state == IfState.DR || state == IfState.BACKUP ? OspfPacket.ALL_SPF_ROUTERS
                : OspfPacket.ALL_D_ROUTERS;
    }

    /** InterfaceUp (9.3): point-to-point at once; a broadcast network waits, unless it may never be DR. */
    void start() {
        up = true;
        dr = 0;
        bdr = 0;
        if (!broadcast()) {
            state = IfState.POINT_TO_POINT;
        } else if (c.passive()) {
            state = IfState.DR; // alone on its segment, as FRR shows a passive interface
            dr = selfId();
        } else if (c.priority() == 0) {
            state = IfState.DR_OTHER;
        } else {
            state = IfState.WAITING;
            wait.setAfter(c.deadSec() * OspfCore.SEC);
        }
        if (!c.passive()) {
            hello.setAfter(0);
        }
    }

    /** InterfaceDown (9.3): every neighbour goes (KillNbr). */
    void stop(boolean kill) {
        up = false;
        hello.cancel();
        wait.cancel();
        for (Neighbor n : new ArrayList<>(nbrs.values())) {
            if (kill) {
                ospf.killNeighbor(n, "KillNbr");
            } else {
                n.stop();
            }
        }
        nbrs.clear();
        state = IfState.DOWN;
        dr = 0;
        bdr = 0;
    }

    private void sendHello() {
        if (!ospf.running || !up) {
            return;
        }
        List<Integer> seen = new ArrayList<>();
        for (Neighbor n : nbrs.values()) {
            if (n.atLeast(State.INIT)) {
                seen.add(n.routerId);
            }
        }
        ospf.send(this, OspfPacket.ALL_SPF_ROUTERS, ospf.codec.hello(ospf.rid, area.id, this, seen), seen.size());
        hello.setAfter(c.helloSec() * OspfCore.SEC);
    }

    /** How this router names itself as DR or BDR here (its interface address in OSPFv2, its router ID in OSPFv3). */
    int selfId() {
        return ospf.selfId(this);
    }

    /**
     * RFC 2328 10.5 (RFC 5340 4.2.2.1): {@code src} identifies the sender as DR and BDR fields do
     * (its interface address in OSPFv2, its router ID in OSPFv3), {@code srcAddress} is its
     * OSPFv3 link-local address (null in OSPFv2).
     */
    void receiveHello(byte[] b, int o, int end, int from, int src, Object srcAddress) {
        OspfCodec.Hello h = ospf.codec.readHello(this, b, o, end);
        if (h == null) {
            ospf.drop(this, OspfPacket.HELLO, "short hello");
            return;
        }
        int helloSec = h.helloSec();
        int priority = h.priority();
        int deadSec = h.deadSec();
        int declaredDr = h.dr();
        int declaredBdr = h.bdr();
        if (h.bad() != null) {
            ospf.drop(this, OspfPacket.HELLO, h.bad());
            return;
        }
        if (helloSec != c.helloSec()) {
            ospf.drop(this, OspfPacket.HELLO, "hello interval " + helloSec + " s is not " + c.helloSec() + " s");
            return;
        }
        if (deadSec != c.deadSec()) {
            ospf.drop(this, OspfPacket.HELLO, "dead interval " + deadSec + " s is not " + c.deadSec() + " s");
            return;
        }
        boolean seen = false;
        int count = 0;
        for (int p = h.neighbors(); p + 4 <= end; p += 4) {
            count++;
            if (BigEndian.u32(b, p) == ospf.rid) {
                seen = true;
            }
        }
        ospf.traceReceive(this, OspfPacket.HELLO, end - o + ospf.codec.header(), count, from);
        Neighbor n = nbrs.get(from);
        if (!broadcast() && n == null && !nbrs.isEmpty()) {
            ospf.killNeighbor(nbrs.firstEntry().getValue(), "KillNbr"); // another router on this point-to-point link
        }
        boolean fresh = n == null;
        if (n == null) {
            n = new Neighbor(ospf, this, from);
            nbrs.put(from, n);
        }
        n.address = src;
        n.linkAddress = srcAddress;
        n.ifaceId = h.ifaceId();
        int oldPriority = n.priority;
        boolean wasDr = !fresh && n.dr == src;
        boolean wasBdr = !fresh && n.bdr == src;
        n.priority = priority;
        n.dr = declaredDr;
        n.bdr = declaredBdr;
        if (n.state == State.DOWN) {
            ospf.change(n, State.INIT, "HelloReceived");
        }
        n.deadAt = ospf.sim().now() + c.deadSec() * OspfCore.SEC;
        n.inactivity.setAt(n.deadAt);
        boolean neighborChange = false;
        if (seen) {
            if (n.state == State.INIT) {
                n.twoWay();
                neighborChange = true;
            }
        } else {
            if (n.atLeast(State.TWO_WAY)) {
                n.clearLists();
                boolean wasFull = n.state == State.FULL;
                ospf.change(n, State.INIT, "1-WayReceived");
                if (wasFull) {
                    ospf.requestOriginate("adjacency with " + Ip4.str(n.routerId) + " lost");
                }
                neighborChange();
            }
            return; // 10.5: after 1-WayReceived the processing of the packet stops (no BackupSeen from a one-way neighbour)
        }
        if (!broadcast()) {
            return;
        }
        boolean isDr = declaredDr == src;
        boolean isBdr = declaredBdr == src;
        if (state == IfState.WAITING && ((isDr && declaredBdr == 0) || isBdr)) {
            wait.cancel();
            elect("BackupSeen");
            return;
        }
        if (isDr != wasDr || isBdr != wasBdr || (!fresh && priority != oldPriority)) {
            neighborChange = true;
        }
        if (neighborChange) {
            neighborChange();
        }
    }

    /** NeighborChange (9.2): a neighbour came or went, or changed what it declares; run the election again. */
    void neighborChange() {
        if (broadcast() && up && (state == IfState.DR_OTHER || state == IfState.BACKUP || state == IfState.DR)) {
            elect("NeighborChange");
        }
    }

    /** Whether an adjacency forms with {@code n} (10.4). */
    boolean adjacent(Neighbor n) {
        return !broadcast() || state == IfState.DR || state == IfState.BACKUP || n.address == dr || n.address == bdr;
    }

    /** A router in the election (9.4 step 2): what it declares in its hellos. */
    private record Candidate(int routerId, int priority, int address, int dr, int bdr) {
        boolean beats(Candidate o) {
            return priority != o.priority ? priority > o.priority : Integer.compareUnsigned(routerId, o.routerId) > 0;
        }
    }

    private List<Candidate> candidates() {
        List<Candidate> out = new ArrayList<>();
        if (c.priority() > 0) {
            out.add(new Candidate(ospf.rid, c.priority(), selfId(), dr, bdr));
        }
        for (Neighbor n : nbrs.values()) {
            if (n.atLeast(State.TWO_WAY) && n.priority > 0) {
                out.add(new Candidate(n.routerId, n.priority, n.address, n.dr, n.bdr));
            }
        }
        return out;
    }

    /** Steps 2 and 3 of 9.4: the Backup DR first, then the DR. */
    private void calculate() {
        List<Candidate> all = candidates();
        Candidate backup = null;
        boolean backupDeclared = false;
        for (Candidate x : all) {
            if (x.dr() == x.address()) {
                continue; // declares itself DR: not eligible for Backup
            }
            boolean declared = x.bdr() == x.address();
            if (backup == null || (declared && !backupDeclared) || (declared == backupDeclared && x.beats(backup))) {
                backup = x;
                backupDeclared = declared;
            }
        }
        Candidate designated = null;
        for (Candidate x : all) {
            if (x.dr() == x.address() && (designated == null || x.beats(designated))) {
                designated = x;
            }
        }
        bdr = backup == null ? 0 : backup.address();
        dr = designated != null ? designated.address() : bdr;
    }

    /** The election of RFC 2328 9.4, then AdjOK? for every neighbour if anything changed. */
    void elect(String event) {
        int me = selfId();
        int oldDr = dr;
        int oldBdr = bdr;
        IfState oldState = state;
        calculate();
        if ((dr == me) != (oldDr == me) || (bdr == me) != (oldBdr == me)) {
            calculate(); // step 4: newly (or no longer) DR or Backup: once more with what this router now declares
        }
        state = dr == me ? IfState.DR : bdr == me ? IfState.BACKUP : IfState.DR_OTHER;
        if (dr == oldDr && bdr == oldBdr && state == oldState) {
            return;
        }
        ospf.traceElection(this, event);
        for (Neighbor n : new ArrayList<>(nbrs.values())) {
            if (n.atLeast(State.TWO_WAY)) {
                n.adjOk();
            }
        }
        ospf.requestOriginate("DR election on " + nic.name());
    }

    /** The router ID of the neighbour (or this router) at interface address {@code address}, or 0. */
    int routerIdAt(int address) {
        if (address == 0) {
            return 0;
        }
        if (address == selfId()) {
            return ospf.rid;
        }
        for (Neighbor n : nbrs.values()) {
            if (n.address == address) {
                return n.routerId;
            }
        }
        return 0;
    }

    /** Whether the router is fully adjacent to the DR, or is the DR with a full adjacency (12.4.1.2). */
    boolean transit() {
        if (state == IfState.WAITING || dr == 0) {
            return false;
        }
        for (Neighbor n : nbrs.values()) {
            if (n.state == State.FULL && (state == IfState.DR || n.address == dr)) {
                return true;
            }
        }
        return false;
    }

    /** The routers a Network-LSA lists: this one (the DR) first, then every fully adjacent neighbour. */
    List<Integer> attached() {
        List<Integer> out = new ArrayList<>();
        out.add(ospf.rid);
        for (Neighbor n : nbrs.values()) {
            if (n.state == State.FULL) {
                out.add(n.routerId);
            }
        }
        return out;
    }
}
