package dev.minternet.routing.ospf;

import dev.minternet.ip.IpHeaderView;
import dev.minternet.ip.IpStack;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip.ProtocolHandler;
import dev.minternet.ip.Route;
import dev.minternet.node.Node;
import dev.minternet.routing.ospf.Neighbor.State;
import dev.minternet.routing.ospf.OspfRoute.NextHop;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OSPFv2 on one router (RFC 2328), over point-to-point interfaces (links) and broadcast ones (LAN
 * segments): hellos to 224.0.0.5 with TTL 1 ({@link Iface}, with the DR/BDR election of 9.4 on a
 * broadcast network), the neighbour state machine to Full (10.3, {@link Neighbor}) through the
 * Database Description exchange (10.6, 10.8) and Link State Requests (10.9), the router's
 * Router-LSA (12.4.1) and, as a DR, the segment's Network-LSA (12.4.2), originated no more often
 * than MinLSInterval, reliable flooding with acknowledgements and retransmission every
 * RxmtInterval (13, {@link Flooding}), aging with refresh at LSRefreshTime and flushing at MaxAge
 * (14), and SPF (16.1, {@link Spf}) throttled as FRR's {@code timers throttle spf} does, whose
 * routes go into the node's routing table with proto "ospf" (equal-cost paths together).
 *
 * <p>Modelled, not real: one area per router (no area border routers, so no summary LSAs), no
 * authentication, no AS-external LSAs, no NBMA or point-to-multipoint networks; acknowledgements
 * table 19 calls delayed are sent at once; a MaxAge LSA leaves the database as soon as it has been
 * flooded rather than when every neighbour has acknowledged it; LS sequence number wrap-around is
 * not handled (it takes 2^31 originations).
 */
public final class Ospf extends OspfCore implements ProtocolHandler {
    /** IP precedence "internetwork control" (0xc0), which FRR sets on OSPF packets. */
    static final int TOS_INTERNETWORK_CONTROL = 0xc0;
    /** The kernel route metric zebra gives every route it installs ({@code proto ospf metric 20}). */
    public static final int KERNEL_METRIC = 20;
    public static final String PROTO = "ospf";

    private final IpStack ip;
    private TreeMap<Long, OspfRoute> routes = new TreeMap<>();

    /** A neighbour as {@code show ip ospf neighbor} lists it. */
    public record NeighborView(int routerId, int priority, String state, String role, long upNs, long deadInNs,
                               int address, NetInterface iface, int retransmits, int requests, int summaries) {
    }

    /** An interface as {@code show ip ospf interface} shows it (addresses 0: none). */
    public record InterfaceView(NetInterface iface, boolean broadcast, boolean passive, int cost, int priority,
                                String state, int drId, int dr, int bdrId, int bdr, int helloSec, int deadSec,
                                long helloDueNs, int neighbors, int adjacent) {
    }

    /** An LSA as {@code show ip ospf database} lists it. */
    public record LsaView(int type, int id, int advRouter, int age, int seq, int checksum, int links) {
    }

    private Ospf(Node node, OspfConfig cfg) {
        super(node, cfg, OspfPacket.V2, OspfEvents.V2, "ospf");
        this.ip = node.ip();
    }

    /** Starts OSPF on {@code node} (protocol 89), attached to the node for vtysh. */
    public static Ospf start(Node node, OspfConfig cfg) {
        Ospf o = new Ospf(node, cfg);
        node.ip().register(OspfPacket.PROTOCOL, o);
        node.attach(Ospf.class, o);
        o.attachLifecycle();
        return o;
    }

    @Override
    void clear() {
        routes = new TreeMap<>();
        ip.table().removeProto(PROTO);
    }

    // ---------------------------------------------------------------- sending and receiving

    @Override
    void send(Iface i, int dst, byte[] pkt, int items) {
        byte[] d = IpStack.allocate(pkt.length);
        System.arraycopy(pkt, 0, d, IpStack.HEADER_ROOM, pkt.length);
        int r = ip.outputOn(i.nic, d, i.nic.address(), dst, OspfPacket.PROTOCOL, 1, TOS_INTERNETWORK_CONTROL);
        if (r == IpStack.OK) {
            traceSend(i, pkt, items, Ip4.str(dst));
        }
    }

    @Override
    int selfId(Iface i) {
        return i.nic.address();
    }

    @Override
    String addressText(Neighbor n) {
        return Ip4.str(n.address);
    }

    @Override
    String idText(Iface i, int id) {
        return Ip4.str(id);
    }

    @Override
    public void receive(IpHeaderView v) {
        Iface i = receivingIface(v.iface());
        if (i == null) {
            return; // not an OSPF interface: the packet is not for us (FRR would not have joined the group there)
        }
        byte[] b = v.buffer();
        int off = v.payloadOffset();
        int end = off + v.payloadLength();
        String bad = OspfPacket.check(b, off, end);
        if (bad != null) {
            drop(i, end - off > 1 ? b[off + 1] & 0xff : 0, bad);
            return;
        }
        dispatch(i, b, off, end, v.dst() == OspfPacket.ALL_D_ROUTERS, v.src(), null);
    }

    // ---------------------------------------------------------------- LSAs

    @Override
    Iface linkScope(Lsa l, Neighbor from) {
        return null; // OSPFv2 has no link-scope LSAs (opaque ones are not modelled)
    }

    @Override
    boolean stillOriginates(Lsa l) {
        if (l.type() != Lsa.NETWORK) {
            return true;
        }
        for (Iface i : ifaces) {
            if (i.nic.address() == l.id()) {
                return i.up && i.state == Iface.IfState.DR && i.transit();
            }
        }
        return false;
    }

    @Override
    void refresh(Lsa own) {
        if (own.type() == Lsa.ROUTER) {
            originateReason = "refresh";
            originateNow();
            return;
        }
        for (Iface i : ifaces) {
            if (i.nic.address() == own.id()) {
                originateNetwork(i, true, "refresh");
            }
        }
    }

    @Override
    void originateAll(String reason) {
        List<Lsa.Link> links = new ArrayList<>();
        for (Iface i : ifaces) {
            if (!i.up) {
                continue;
            }
            if (i.broadcast() && !i.c.passive() && i.transit()) {
                // 12.4.1.2: a transit network, named by its DR's interface address
                links.add(new Lsa.Link(i.dr, i.nic.address(), Lsa.LINK_TRANSIT, i.c.cost()));
                continue;
            }
            for (Neighbor n : i.nbrs.values()) {
                if (!i.broadcast() && !i.c.passive() && n.state == State.FULL) {
                    links.add(new Lsa.Link(n.routerId, i.nic.address(), Lsa.LINK_P2P, i.c.cost()));
                }
            }
            links.add(new Lsa.Link(i.nic.cidr().network(), Ip4.mask(i.nic.cidr().length()), Lsa.LINK_STUB, i.c.cost()));
        }
        install(Lsa.router(rid, nextSeq(new Lsa.Key(Lsa.ROUTER, rid, rid)), 0, links), links.size(), reason);
        for (Iface i : ifaces) {
            originateNetwork(i, false, reason);
        }
    }

    /**
     * 12.4.2: the DR of a segment with at least one full adjacency originates its Network-LSA when
     * the attached routers change (or at refresh); one that stops being DR flushes it (14.1).
     */
    private void originateNetwork(Iface i, boolean refresh, String reason) {
        if (!i.broadcast()) {
            return;
        }
        Lsa.Key key = new Lsa.Key(Lsa.NETWORK, i.nic.address(), rid);
        if (i.up && i.state == Iface.IfState.DR && i.transit()) {
            int mask = Ip4.mask(i.nic.cidr().length());
            List<Integer> attached = i.attached();
            originateIfChanged(key, seq -> Lsa.network(i.nic.address(), rid, seq, 0, mask, attached), refresh,
                    attached.size(), reason);
        } else {
            flushOwn(key, "no longer DR on " + i.nic.name());
        }
    }

    // ---------------------------------------------------------------- SPF

    private Lsa routerLsa(int id) {
        return live(new Lsa.Key(Lsa.ROUTER, id, id));
    }

    /** A live Network-LSA whose link state ID is {@code id} (the DR's interface address), or null. */
    private Lsa networkLsa(int id) {
        for (Entry e : lsdb.subMap(new Lsa.Key(Lsa.NETWORK, id, 0), true, new Lsa.Key(Lsa.NETWORK, id, -1), true).values()) {
            if (e.age(sim.now()) < Lsa.MAX_AGE) {
                return e.lsa();
            }
        }
        return null;
    }

    @Override
    int[] calculate(long now) {
        Spf.Result spf = Spf.run(rid, this::routerLsa, this::networkLsa, ifaces, routes, now);
        TreeMap<Long, OspfRoute> next = spf.routes();
        routes = next;
        ip.table().removeProto(PROTO);
        for (OspfRoute r : next.values()) {
            for (NextHop h : r.nextHops()) {
                ip.table().add(new Route(r.network(), r.length(), h.iface(), h.gateway(), KERNEL_METRIC, PROTO));
            }
        }
        ip.table().installed(PROTO);
        return new int[] {spf.treeSize(), next.size(), spf.changed()};
    }

    // ---------------------------------------------------------------- views for vtysh and tests

    /**
     * The cost of the last SPF run's route to exactly {@code network/length}, or -1: what zebra
     * tells bgpd as the IGP metric of a BGP next hop resolved through that route.
     */
    public int cost(int network, int length) {
        OspfRoute r = routes.get((Integer.toUnsignedLong(network) << 6) | length);
        return r == null ? -1 : r.cost();
    }

    /** The routes of the last SPF run, by prefix. */
    public List<OspfRoute> routes() {
        return List.copyOf(routes.values());
    }

    public List<NeighborView> neighbors() {
        List<NeighborView> out = new ArrayList<>();
        long now = sim.now();
        for (Iface i : ifaces) {
            for (Neighbor n : i.nbrs.values()) {
                String role = !i.broadcast() ? "-" : n.address == i.dr ? "DR" : n.address == i.bdr ? "Backup" : "DROther";
                out.add(new NeighborView(n.routerId, n.priority, n.state.label, role, now - n.stateSince,
                        Math.max(0, n.deadAt - now), n.address, i.nic, n.retransmit.size(), n.requests.size(),
                        n.summary.size()));
            }
        }
        out.sort((a, b) -> Integer.compareUnsigned(a.routerId(), b.routerId()));
        return out;
    }

    public List<LsaView> database() {
        List<LsaView> out = new ArrayList<>();
        long now = sim.now();
        for (Entry e : lsdb.values()) {
            Lsa l = e.lsa();
            out.add(new LsaView(l.type(), l.id(), l.advRouter(), e.age(now), l.seq(), l.checksum(),
                    l.type() == Lsa.NETWORK ? l.attached().size() : l.links().size()));
        }
        return out;
    }

    /** The interfaces, in configuration order. */
    public List<InterfaceView> interfaces() {
        List<InterfaceView> out = new ArrayList<>();
        long now = sim.now();
        for (Iface i : ifaces) {
            int adjacent = 0;
            for (Neighbor n : i.nbrs.values()) {
                if (n.state == State.FULL) {
                    adjacent++;
                }
            }
            out.add(new InterfaceView(i.nic, i.broadcast(), i.c.passive(), i.c.cost(), i.c.priority(), i.state.label,
                    i.routerIdAt(i.dr), i.dr, i.routerIdAt(i.bdr), i.bdr, i.c.helloSec(), i.c.deadSec(),
                    i.hello.isPending() ? i.hello.time() - now : -1, i.nbrs.size(), adjacent));
        }
        return out;
    }

    /** The links of each router's LSA in the database (for tests computing their own shortest paths). */
    public Map<Integer, List<Lsa.Link>> topology() {
        Map<Integer, List<Lsa.Link>> out = new TreeMap<>(Integer::compareUnsigned);
        for (Entry e : lsdb.values()) {
            if (e.lsa().type() == Lsa.ROUTER) {
                out.put(e.lsa().advRouter(), e.lsa().links());
            }
        }
        return out;
    }
}
