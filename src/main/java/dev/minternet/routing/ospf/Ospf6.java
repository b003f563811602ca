package dev.minternet.routing.ospf;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip6.Ip6Interface;
import dev.minternet.ip6.Ip6Stack;
import dev.minternet.ip6.Route6;
import dev.minternet.node.Node;
import dev.minternet.routing.ospf.Neighbor.State;
import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * OSPFv3 on one router (RFC 5340), FRR's ospf6d: OSPF for IPv6 on the machinery OSPFv2 uses
 * ({@link OspfCore}: hellos, the neighbour state machine, the DR/BDR election, the database
 * exchange, flooding, aging, SPF throttling), with what RFC 5340 changes: packets over IPv6 next
 * header 89 from the interface's link-local address to ff02::5 (AllSPFRouters) and ff02::6
 * (AllDRouters), hop limit 1, checksummed over the IPv6 pseudo-header; neighbours and the DR and
 * BDR named by router ID, with the Interface ID each router declares; Router-LSAs and
 * Network-LSAs without addresses; a Link-LSA per link (flooded on that link only) giving the
 * router's link-local address and the link's prefixes; Intra-Area-Prefix-LSAs carrying the prefixes
 * of the router's stub links and (from the DR) of each transit network. SPF ({@link Spf6}) gives
 * IPv6 routes through the neighbours' link-local addresses, installed as zebra installs them
 * ({@code proto ospf metric 20} in {@code ip -6 route}: zebra gives OSPFv3 routes RTPROT_OSPF too).
 *
 * <p>Modelled, not real: one area, no inter-area or AS-external LSAs, no virtual links, Instance
 * ID 0 only, no authentication trailer. Equal-cost next hops go into the kernel table together as
 * one multipath route, the path chosen per flow by the node's IPv6 hash ({@code Ip6Multipath}).
 */
public final class Ospf6 extends OspfCore implements Ip6Stack.UpperLayer {
    /** The kernel route metric and protocol zebra gives the routes it installs for ospf6d. */
    public static final int KERNEL_METRIC = 20;
    public static final String PROTO = "ospf";

    private final Ip6Stack ip6;
    private TreeMap<Lsa6.Prefix, Route> routes = new TreeMap<>();
    /** The LSA being refreshed at LSRefreshTime (originated even if unchanged), or null. */
    private Lsa.Key refreshing;

    /** A next hop: out of {@code iface} to a neighbour's link-local {@code gateway} (null: on the link itself). */
    public record Hop(NetInterface iface, Ip6 gateway) implements Comparable<Hop> {
        @Override
        public int compareTo(Hop o) {
            if (iface.index() != o.iface.index()) {
                return Integer.compare(iface.index(), o.iface.index());
            }
            if (gateway == null || o.gateway == null) {
                return gateway == null ? (o.gateway == null ? 0 : -1) : 1;
            }
            return gateway.compareTo(o.gateway);
        }
    }

    /** A route SPF found: a prefix at a cost, connected (no gateway) or through next hops; {@code sinceNs} its last change. */
    public record Route(Ip6 prefix, int length, int cost, List<Hop> hops, boolean connected, long sinceNs) {
    }

    /** A neighbour as {@code show ipv6 ospf6 neighbor} lists it. */
    public record NeighborView(int routerId, int priority, long deadInNs, String state, String role, long sinceNs,
                               NetInterface iface, String ifState, Ip6 linkLocal) {
    }

    /** An LSA as {@code show ipv6 ospf6 database} lists it: its interface for a link-scope one, else null. */
    public record LsaView(int type, int id, int advRouter, int age, int seq, List<String> payload, NetInterface scope) {
    }

    private Ospf6(Node node, OspfConfig cfg) {
        super(node, cfg, Ospf6Packet.V3, OspfEvents.V3, "ospf6");
        this.ip6 = node.ip6();
        for (Iface i : ifaces) {
            Ip6Interface v6 = ip6.iface(i.nic);
            if (v6 == null) {
                throw new IllegalArgumentException("IPv6 is off on " + node.name() + ":" + i.nic.name());
            }
            if (i.area.id != 0) {
                throw new IllegalArgumentException("OSPFv3 runs in area 0.0.0.0 only, not " + Ip4.str(i.area.id)
                        + " (" + node.name() + ":" + i.nic.name() + ")");
            }
            v6.joinGroup(Ospf6Packet.ALL_SPF_ROUTERS);
            v6.joinGroup(Ospf6Packet.ALL_D_ROUTERS); // dropped below unless DR or Backup (RFC 5340 4.2.2, RFC 2328 8.2)
        }
    }

    /** Starts OSPFv3 on {@code node} (IPv6 next header 89), attached to the node for vtysh. */
    public static Ospf6 start(Node node, OspfConfig cfg) {
        Ospf6 o = new Ospf6(node, cfg);
        node.ip6().register(OspfPacket.PROTOCOL, o);
        node.attach(Ospf6.class, o);
        o.attachLifecycle();
        return o;
    }

    /** The one area OSPFv3 runs here (the backbone; the scenario reader refuses others). */
    private Area area0() {
        return areas.computeIfAbsent(0, Area::new);
    }

    /** The database of the backbone. */
    TreeMap<Lsa.Key, Entry> lsdb() {
        return area0().lsdb;
    }

    /** A live LSA of the backbone's database by key (null when absent or at MaxAge). */
    Lsa live(Lsa.Key key) {
        return area0().live(key, sim.now());
    }

    /** The Interface ID this router declares on {@code i}: the kernel's ifindex, as ospf6d uses (lo is 1, eth0 2). */
    static int ifaceId(Iface i) {
        return i.nic.index() + 2;
    }

    private Ip6Interface v6(Iface i) {
        return ip6.iface(i.nic);
    }

    @Override
    void clear() {
        routes = new TreeMap<>();
        ip6.removeProto(PROTO);
    }

    // ---------------------------------------------------------------- sending and receiving

    @Override
    void send(Iface i, int dst, byte[] pkt, int items) {
        Ip6 to;
        Neighbor n = i.nbrs.get(dst);
        if (n != null && n.address == dst && n.linkAddress != null) {
            to = (Ip6) n.linkAddress;
        } else if (dst == OspfPacket.ALL_D_ROUTERS) {
            to = Ospf6Packet.ALL_D_ROUTERS;
        } else {
            to = Ospf6Packet.ALL_SPF_ROUTERS;
        }
        Ip6 src = v6(i).linkLocal();
        if (src == null) {
            drop(i, pkt[1], "link-local address still tentative: not sent");
            return;
        }
        if (ip6.sendOn(v6(i), OspfPacket.PROTOCOL, Ospf6Packet.seal(pkt, src, to), src, to, 1,
                Ospf.TOS_INTERNETWORK_CONTROL) == Ip6Stack.OK) { // ospf6d sets IPV6_TCLASS to IPTOS_PREC_INTERNETCONTROL
            traceSend(i, pkt, items, to.toString());
        }
    }

    @Override
    public void receive(byte[] d, int off, int len, Ip6 src, Ip6 dst) {
        // only from an interface (the next method); OSPFv3 never talks to itself
    }

    @Override
    public void receive(byte[] d, int off, int len, Ip6 src, Ip6 dst, Ip6Interface in) {
        Iface i = in == null ? null : receivingIface(in.net());
        if (i == null) {
            return;
        }
        int end = off + len;
        String bad = Ospf6Packet.check(d, off, end, src, dst);
        if (bad != null) {
            drop(i, len > 1 ? d[off + 1] & 0xff : 0, bad);
            return;
        }
        dispatch(i, d, off, end, dst.equals(Ospf6Packet.ALL_D_ROUTERS), BigEndian.u32(d, off + 4), src);
    }

    @Override
    public void icmpError(Ip6 from, int type, int code, long word, byte[] d, int quoted) {
        // OSPFv3 packets never leave the link; an ICMPv6 error about one changes nothing (ospf6d ignores them too)
    }

    @Override
    int selfId(Iface i) {
        return rid;
    }

    @Override
    String addressText(Neighbor n) {
        return String.valueOf(n.linkAddress);
    }

    @Override
    String idText(Iface i, int id) {
        return Ip4.str(id);
    }

    // ---------------------------------------------------------------- LSAs

    private Iface byIfaceId(int id) {
        for (Iface i : ifaces) {
            if (ifaceId(i) == id) {
                return i;
            }
        }
        return null;
    }

    @Override
    Iface linkScope(Lsa l, Neighbor from) {
        if (l.type() != Lsa6.LINK) {
            return null;
        }
        return from != null ? from.iface : byIfaceId(l.id());
    }

    /** Whether this router is the DR of a transit network on the interface with Interface ID {@code id}. */
    private boolean drOf(int id) {
        Iface i = byIfaceId(id);
        return i != null && i.up && i.broadcast() && i.state == Iface.IfState.DR && i.transit();
    }

    @Override
    boolean stillOriginates(Area a, Lsa own) {
        return switch (own.type()) {
            case Lsa6.ROUTER -> true;
            case Lsa6.NETWORK -> drOf(own.id());
            case Lsa6.LINK -> byIfaceId(own.id()) != null && byIfaceId(own.id()).up;
            case Lsa6.INTRA_PREFIX -> own.id() == 0 || drOf(own.id());
            default -> false;
        };
    }

    @Override
    void refresh(Area a, Lsa own) {
        refreshing = own.key();
        originateAll("refresh");
        refreshing = null;
    }

    @Override
    void lsaChanged(Lsa l) {
        super.lsaChanged(l);
        if (l.type() == Lsa6.LINK && l.advRouter() != rid) {
            requestOriginate("link-LSA of " + Ip4.str(l.advRouter()) + " changed"); // a DR's prefixes of the link (4.4.3.9)
        }
    }

    private void own(Lsa.Key key, java.util.function.IntFunction<Lsa> make, int links, String reason) {
        originateIfChanged(area0(), key, make, key.equals(refreshing), links, reason);
    }

    /** The global prefixes of an interface (link-local ones are never advertised, RFC 5340 4.4.3.9). */
    private List<Lsa6.Prefix> prefixes(Iface i, int metric) {
        TreeSet<Lsa6.Prefix> out = new TreeSet<>();
        for (Ip6Interface.Address a : v6(i).addresses()) {
            if (!a.linkLocal() && a.state() != Ip6Interface.AddrState.DADFAILED) {
                out.add(new Lsa6.Prefix(a.cidr().network(), a.cidr().length(), metric));
            }
        }
        return new ArrayList<>(out);
    }

    /** The Interface ID the DR of {@code i} declares (this router's own when it is the DR). */
    private int drIfaceId(Iface i) {
        if (i.dr == rid) {
            return ifaceId(i);
        }
        Neighbor n = i.nbrs.get(i.dr);
        return n == null ? 0 : n.ifaceId;
    }

    /** RFC 5340 4.4.3: the Router-LSA, the Network-LSAs as DR, a Link-LSA per link, the Intra-Area-Prefix-LSAs. */
    @Override
    void originateAll(String reason) {
        List<Lsa6.Link> links = new ArrayList<>();
        List<Lsa6.Prefix> stubs = new ArrayList<>();
        for (Iface i : ifaces) {
            if (!i.up) {
                continue;
            }
            if (i.broadcast() && !i.c.passive() && i.transit()) {
                links.add(new Lsa6.Link(Lsa6.LINK_TRANSIT, i.c.cost(), ifaceId(i), drIfaceId(i), i.dr));
                continue;
            }
            for (Neighbor n : i.nbrs.values()) {
                if (!i.broadcast() && !i.c.passive() && n.state == State.FULL) {
                    links.add(new Lsa6.Link(Lsa6.LINK_P2P, i.c.cost(), ifaceId(i), n.ifaceId, n.routerId));
                }
            }
            stubs.addAll(prefixes(i, i.c.cost()));
        }
        own(new Lsa.Key(Lsa6.ROUTER, 0, rid), seq -> Lsa6.router(rid, seq, links), links.size(), reason);
        for (Iface i : ifaces) {
            int id = ifaceId(i);
            Lsa.Key link = new Lsa.Key(Lsa6.LINK, id, rid);
            if (i.up && !i.c.passive()) {
                List<Lsa6.Prefix> p = prefixes(i, 0);
                Ip6 ll = v6(i).linkLocal();
                if (ll != null) {
                    own(link, seq -> Lsa6.link(id, rid, seq, i.c.priority(), ll, p), p.size(), reason);
                }
            } else {
                flushOwn(area0(), link, "interface " + i.nic.name() + " down");
            }
            Lsa.Key net = new Lsa.Key(Lsa6.NETWORK, id, rid);
            Lsa.Key netPrefixes = new Lsa.Key(Lsa6.INTRA_PREFIX, id, rid);
            if (drOf(id)) {
                List<Integer> attached = i.attached();
                own(net, seq -> Lsa6.network(id, rid, seq, attached), attached.size(), reason);
                List<Lsa6.Prefix> p = transitPrefixes(i);
                own(netPrefixes, seq -> Lsa6.intraPrefix(id, rid, seq, Lsa6.NETWORK, id, rid, p), p.size(), reason);
            } else if (i.broadcast()) {
                flushOwn(area0(), net, "no longer DR on " + i.nic.name());
                flushOwn(area0(), netPrefixes, "no longer DR on " + i.nic.name());
            }
        }
        Lsa.Key mine = new Lsa.Key(Lsa6.INTRA_PREFIX, 0, rid);
        if (stubs.isEmpty()) {
            flushOwn(area0(), mine, "no stub prefixes");
        } else {
            own(mine, seq -> Lsa6.intraPrefix(0, rid, seq, Lsa6.ROUTER, 0, rid, stubs), stubs.size(), reason);
        }
    }

    /** 4.4.3.9: the DR lists the prefixes of the Link-LSAs of the routers fully adjacent to it, and its own, metric 0. */
    private List<Lsa6.Prefix> transitPrefixes(Iface i) {
        TreeSet<Lsa6.Prefix> out = new TreeSet<>(prefixes(i, 0));
        for (Neighbor n : i.nbrs.values()) {
            Lsa l = n.state == State.FULL ? live(new Lsa.Key(Lsa6.LINK, n.ifaceId, n.routerId)) : null;
            if (l != null) {
                out.addAll(Lsa6.prefixes(l));
            }
        }
        return new ArrayList<>(out);
    }

    // ---------------------------------------------------------------- SPF

    @Override
    int[] calculate(long now) {
        Spf6.Result r = new Spf6(this).run(routes, now);
        routes = r.routes();
        ip6.removeProto(PROTO);
        for (Route x : routes.values()) {
            if (!x.connected() && !x.hops().isEmpty()) {
                List<Route6> paths = new ArrayList<>(x.hops().size());
                for (Hop h : x.hops()) { // equal-cost next hops: one multipath route, as zebra installs it
                    paths.add(new Route6(x.prefix(), x.length(), ip6.iface(h.iface()), h.gateway(), KERNEL_METRIC,
                            PROTO, Long.MAX_VALUE, 0));
                }
                ip6.addProtoRoutes(paths);
            }
        }
        return new int[] {r.treeSize(), routes.size(), r.changed(), 0};
    }

    Ip6Stack ip6() {
        return ip6;
    }

    // ---------------------------------------------------------------- views for vtysh and tests

    public List<Route> routes() {
        return List.copyOf(routes.values());
    }

    /** The neighbours by interface, then router ID, as ospf6d keeps them. */
    public List<NeighborView> neighbors() {
        List<NeighborView> out = new ArrayList<>();
        long now = sim.now();
        for (Iface i : ifaces) {
            for (Neighbor n : i.nbrs.values()) {
                String role = !i.broadcast() ? "PointToPoint" : n.routerId == n.dr ? "DR" : n.routerId == n.bdr ? "BDR"
                        : "DROther";
                out.add(new NeighborView(n.routerId, n.priority, Math.max(0, n.deadAt - now), stateName(n.state), role,
                        n.stateSince, i.nic, ifStateName(i.state), (Ip6) n.linkAddress));
            }
        }
        return out;
    }

    /** ospf6d's names of the neighbour states (ospf6_neighbor_state_str). */
    private static String stateName(State s) {
        return switch (s) {
            case DOWN -> "Down";
            case INIT -> "Init";
            case TWO_WAY -> "Twoway";
            case EXSTART -> "ExStart";
            case EXCHANGE -> "ExChange";
            case LOADING -> "Loading";
            case FULL -> "Full";
        };
    }

    /** ospf6d's names of the interface states (ospf6_interface_state_str). */
    private static String ifStateName(Iface.IfState s) {
        return switch (s) {
            case DOWN -> "Down";
            case WAITING -> "Waiting";
            case POINT_TO_POINT -> "PointToPoint";
            case DR_OTHER -> "DROther";
            case BACKUP -> "BDR";
            case DR -> "DR";
        };
    }

    /** The database in ospf6d's order: type, advertising router, link state ID. */
    public List<LsaView> database() {
        List<LsaView> out = new ArrayList<>();
        long now = sim.now();
        for (Entry e : lsdb().values()) {
            Lsa l = e.lsa();
            List<String> payload = new ArrayList<>();
            switch (l.type()) {
                case Lsa6.ROUTER -> Lsa6.links(l).forEach(k -> payload.add(Ip4.str(k.nbrRouterId()) + "/"
                        + Ip4.str(k.nbrIfaceId())));
                case Lsa6.NETWORK -> Lsa6.attached(l).forEach(r -> payload.add(Ip4.str(r)));
                case Lsa6.LINK -> {
                    payload.add(Lsa6.linkLocal(l).toString());
                    Lsa6.prefixes(l).forEach(p -> payload.add(p.prefix().toString()));
                }
                case Lsa6.INTRA_PREFIX -> Lsa6.prefixes(l).forEach(p -> payload.add(p.toString()));
                default -> {
                }
            }
            out.add(new LsaView(l.type(), l.id(), l.advRouter(), e.age(now), l.seq(), payload,
                    e.scope() == null ? null : e.scope().nic));
        }
        out.sort((a, b) -> a.type() != b.type() ? Integer.compare(a.type(), b.type())
                : a.advRouter() != b.advRouter() ? Integer.compareUnsigned(a.advRouter(), b.advRouter())
                : Integer.compareUnsigned(a.id(), b.id()));
        return out;
    }

    /** FRR's short name of LSA type {@code type} (Rtr, Net, Lnk, INP). */
    public static String shortName(int type) {
        return Lsa6.shortName(type);
    }

    /** The OSPF interfaces' names, in configuration order (the I/F scoped databases). */
    public List<NetInterface> interfaces() {
        List<NetInterface> out = new ArrayList<>();
        for (Iface i : ifaces) {
            out.add(i.nic);
        }
        return out;
    }
}
