package dev.minternet.ip;

import dev.minternet.sim.Simulator;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Trace;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.Ipv4Repr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A node's IPv4 layer (RFC 791, RFC 1122, RFC 1812): receives datagrams from interfaces,
 * validates them, delivers local ones to the registered transports (after reassembly) and, on a
 * router, forwards the rest: TTL check, longest-prefix route lookup, MTU check, TTL decrement with
 * an incremental checksum update (RFC 1624), fragmentation. ICMP errors are generated where a
 * real router or host generates them. Packet filters run at the five netfilter-like hooks.
 */
public final class IpStack {
    /** Transports write their header at this offset of a datagram buffer. */
    public static final int HEADER_ROOM = Ipv4Packet.MIN_HEADER;
    public static final int OK = 0;
    public static final int ERR_NO_ROUTE = -1;
    /** DF set and the datagram is larger than the egress MTU (EMSGSIZE). */
    public static final int ERR_MSG_SIZE = -2;
    /** Dropped by a filter at the output hook (EPERM). */
    public static final int ERR_FILTERED = -3;
    /** Linux's default TTL (net.ipv4.ip_default_ttl). */
    public static final int DEFAULT_TTL = 64;

    private final String nodeName;
    private final Simulator sim;
    private final Trace trace;
    /** The first {@link #interfaceCount} slots are the interfaces; sized for a host's one at first (no list object). */
    private NetInterface[] interfaces = NO_INTERFACES;
    private int interfaceCount;
    private static final NetInterface[] NO_INTERFACES = new NetInterface[0];
    private final AddressSet localAddresses = new AddressSet();
    /** Made with lo's first added address or datagram: most nodes have neither. */
    private Loopback lo;
    private final RoutingTable table = new RoutingTable();
    private RouteProvider provider;
    private Multipath multipath;
    private static final PolicyRoute[] NO_POLICIES = new PolicyRoute[0];
    private PolicyRoute[] policies = NO_POLICIES;
    private boolean forwarding;
    /** ICMP's, TCP's and UDP's handlers in fields, any other protocol's in an array made when one registers. */
    private ProtocolHandler icmpHandler;
    private ProtocolHandler tcpHandler;
    private ProtocolHandler udpHandler;
    private ProtocolHandler[] handlers;
    private static final PacketFilter[] NO_FILTERS = new PacketFilter[0];
    /** Every node without filters shares this table; a node's own copy is made with its first filter. */
    private static final PacketFilter[][] NO_FILTER_TABLE = new PacketFilter[Hook.values().length][];

    static {
        Arrays.fill(NO_FILTER_TABLE, NO_FILTERS);
    }

    private PacketFilter[][] filters = NO_FILTER_TABLE;
    private int nextId;
    /** The region of a partitioned world its node runs in (set by the world's partitioning); 0 otherwise. */
    private int region;
    private final IpCounters counters = new IpCounters();
    /** Made at first use (an ICMP message in or out, a tool reading its counters): most hosts of a large world never send one. */
    private Icmp icmp;
    /** Created with the first fragment (most nodes never reassemble). */
    private Reassembler reassembler;
    /** Created with the first path MTU learnt or asked for by a tool (most nodes never learn one). */
    private PathMtuCache pathMtus;
    /**
     * Describes each datagram delivered to a transport (refilled, never reallocated): one per
     * thread that runs the simulation, not one per node (56 bytes a host of a large world). A
     * delivery nested in another on the same thread takes a fresh view ({@link IpHeaderView#claim}).
     */
    private static final ThreadLocal<IpHeaderView> DELIVERED = ThreadLocal.withInitial(IpHeaderView::new);

    public IpStack(String nodeName, Simulator sim, Trace trace, SplittableRandom random) {
        this.nodeName = nodeName;
        this.sim = sim;
        this.trace = trace;
        this.nextId = random.nextInt(0x10000);
    }

    /** The region of a partitioned world this stack's node runs in; 0 otherwise. */
    public int region() {
        return region;
    }

    /** Places this stack's node in region {@code r} of a partitioned world (the partitioning does, before the run). */
    public void placeInRegion(int r) {
        this.region = r;
    }

    public String nodeName() {
        return nodeName;
    }

    public Simulator sim() {
        return sim;
    }

    public Trace trace() {
        return trace;
    }

    public IpCounters counters() {
        return counters;
    }

    public Icmp icmp() {
        Icmp i = icmp;
        if (i == null) {
            icmp = i = new Icmp(this);
            if (icmpHandler == null) {
                icmpHandler = i;
            }
        }
        return i;
    }

    /** Turns forwarding on (a router) or off (a host). */
    public void setForwarding(boolean on) {
        this.forwarding = on;
    }

    public boolean isForwarding() {
        return forwarding;
    }

    /** Adds an interface with its address, plus the connected ("kernel") route to its subnet. */
    public NetInterface addInterface(String name, Cidr address) {
        NetInterface i = new NetInterface(this, name, interfaceCount, address);
        if (interfaceCount == interfaces.length) {
            interfaces = Arrays.copyOf(interfaces, Math.max(1, interfaceCount * 2));
        }
        interfaces[interfaceCount++] = i;
        if (address != null) {
            localAddresses.add(address.address());
            table.add(new Route(address.network(), address.length(), i, 0, 0, "kernel"));
        }
        return i;
    }

    /**
     * Gives interface {@code i} address {@code c} (with its connected route), valid until
     * {@code validUntil} and preferred until {@code preferredUntil} (ns; -1: forever), as
     * {@code ip addr add ... valid_lft L preferred_lft L} does; an address it had goes first.
     */
    public void configure(NetInterface i, Cidr c, long validUntil, long preferredUntil) {
        if (i.cidr() != null && !i.cidr().equals(c)) {
            deconfigure(i);
        }
        if (i.cidr() == null) {
            localAddresses.add(c.address());
            table.add(new Route(c.network(), c.length(), i, 0, 0, "kernel"));
        }
        i.setAddress(c, validUntil, preferredUntil);
    }

    /** Removes interface {@code i}'s address and every route through it ({@code ip addr flush dev I}). */
    public void deconfigure(NetInterface i) {
        Cidr c = i.cidr();
        if (c == null) {
            return;
        }
        localAddresses.remove(c.address());
        table.removeIf(r -> r.iface() == i);
        i.setAddress(null, -1, -1);
    }

    /**
     * Adds {@code a}/32 to the node's loopback, as {@code ip addr add A/32 dev lo} does: the node takes datagrams to it on
     * every interface (Linux's weak host model) and answers from it, but never picks it as a source for its own connections
     * and adds no route (an anycast service address: the routers toward the node route to it).
     */
    public void addLoopbackAddress(int a) {
        if (lo().add(a)) {
            localAddresses.add(a);
        }
    }

    /** The node's loopback interface: its added addresses and its counters. */
    public Loopback lo() {
        if (lo == null) {
            lo = new Loopback();
        }
        return lo;
    }

    /** The interfaces in the order they were added (a read-only view that follows later additions). */
    public List<NetInterface> interfaces() {
        return new java.util.AbstractList<>() {
            @Override
            public NetInterface get(int index) {
                if (index < 0 || index >= interfaceCount) {
                    throw new IndexOutOfBoundsException(index);
                }
                return interfaces[index];
            }

            @Override
            public int size() {
                return interfaceCount;
            }
        };
    }

    public NetInterface iface(String name) {
        for (int k = 0; k < interfaceCount; k++) {
            NetInterface i = interfaces[k];
            if (i.named(name)) {
                return i;
            }
        }
        return null;
    }

    public RoutingTable table() {
        return table;
    }

    public void setRouteProvider(RouteProvider p) {
        this.provider = p;
    }

    public RouteProvider routeProvider() {
        return provider;
    }

    /** Adds a policy rule for forwarded datagrams, consulted before the routes in the order added. */
    public void addPolicy(PolicyRoute p) {
        policies = Arrays.copyOf(policies, policies.length + 1);
        policies[policies.length - 1] = p;
    }

    /** The route a policy rule gives a datagram this node forwards, or null (the main table decides). */
    public Route policyRoute(byte[] d, NetInterface in) {
        for (PolicyRoute p : policies) {
            Route r = p.route(d, in);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** How equal-cost routes share datagrams ({@link Multipath}); null: the first route takes all. */
    public void setMultipath(Multipath m) {
        this.multipath = m;
    }

    public Multipath multipath() {
        return multipath;
    }

    /** Every route of this node, own table then provider, for display. */
    public List<Route> routes() {
        List<Route> all = new ArrayList<>(table.routes());
        if (provider != null) {
            all.addAll(provider.routes());
        }
        return all;
    }

    public void register(int protocol, ProtocolHandler h) {
        switch (protocol) {
            case Ipv4Packet.PROTO_ICMP -> icmpHandler = h;
            case Ipv4Packet.PROTO_TCP -> tcpHandler = h;
            case Ipv4Packet.PROTO_UDP -> udpHandler = h;
            default -> {
                if (handlers == null || protocol >= handlers.length) {
                    handlers = Arrays.copyOf(handlers == null ? new ProtocolHandler[0] : handlers, protocol + 1);
                }
                handlers[protocol] = h;
            }
        }
    }

    public ProtocolHandler handler(int protocol) {
        return switch (protocol) {
            case Ipv4Packet.PROTO_ICMP -> icmpHandler != null ? icmpHandler : icmp();
            case Ipv4Packet.PROTO_TCP -> tcpHandler;
            case Ipv4Packet.PROTO_UDP -> udpHandler;
            default -> handlers != null && protocol >= 0 && protocol < handlers.length ? handlers[protocol] : null;
        };
    }

    public void addFilter(Hook hook, PacketFilter f) {
        ownFilters();
        PacketFilter[] a = filters[hook.ordinal()];
        PacketFilter[] n = Arrays.copyOf(a, a.length + 1);
        n[a.length] = f;
        filters[hook.ordinal()] = n;
    }

    /** Adds a filter that runs before those already at {@code hook} (a translation other filters must see done). */
    public void addFilterFirst(Hook hook, PacketFilter f) {
        ownFilters();
        PacketFilter[] a = filters[hook.ordinal()];
        PacketFilter[] n = new PacketFilter[a.length + 1];
        n[0] = f;
        System.arraycopy(a, 0, n, 1, a.length);
        filters[hook.ordinal()] = n;
    }

    private void ownFilters() {
        if (filters == NO_FILTER_TABLE) {
            filters = NO_FILTER_TABLE.clone();
        }
    }

    /** The filters at {@code hook}, in the order they run (to find one by type, e.g. for a listing tool). */
    public List<PacketFilter> filters(Hook hook) {
        return List.of(filters[hook.ordinal()]);
    }

    /** Whether {@code a} is one of the node's addresses or in 127.0.0.0/8 (Linux's local route on lo). */
    public boolean isLocalAddress(int a) {
        return localAddresses.contains(a) || Ip4.isLoopback(a);
    }

    /** The node's first address, or 0. */
    public int primaryAddress() {
        for (int k = 0; k < interfaceCount; k++) {
            NetInterface i = interfaces[k];
            if (i.cidr() != null) {
                return i.address();
            }
        }
        return 0;
    }

    /** Longest-prefix match over the node's own table and its route provider. */
    public Route route(int dst) {
        return route(dst, null);
    }

    /** {@link #route(int)} for one datagram: equal-cost routes are chosen among by {@link #multipath()}. */
    private Route route(int dst, byte[] datagram) {
        return route(dst, datagram, false);
    }

    /**
     * {@link #route(int, byte[])}, or when {@code forwarding} a route only its length, interface
     * and gateway are read from ({@link RouteProvider#forwardingLookup}).
     */
    private Route route(int dst, byte[] datagram, boolean forwarding) {
        Route own = table.lookup(dst, datagram, multipath);
        if (provider == null) {
            return own;
        }
        Route other = forwarding ? provider.forwardingLookup(dst) : provider.lookup(dst);
        if (other == null) {
            return own;
        }
        if (own == null || other.length() > own.length()) {
            return other;
        }
        return own;
    }

    /** {@link #route(int)} ignoring the routes {@code proto} installed (BGP resolving its next hops). */
    public Route routeExcept(int dst, String proto) {
        Route own = table.lookupExcept(dst, proto);
        Route other = provider == null ? null : provider.lookup(dst);
        if (other == null) {
            return own;
        }
        if (own == null || other.length() > own.length()) {
            return other;
        }
        return own;
    }

    /** Source address selection: the address of the interface the route to {@code dst} uses. */
    public int sourceAddressFor(int dst) {
        if (isLocalAddress(dst)) {
            return Ip4.isLoopback(dst) ? Ip4.LOCALHOST : dst; // lo's 127.0.0.1/8 answers for the whole block
        }
        Route r = route(dst);
        return r == null ? 0 : r.iface().address();
    }

    /** MTU of the egress interface toward {@code dst}; 0 if there is no route. */
    public int mtuFor(int dst) {
        if (isLocalAddress(dst)) {
            return 65535;
        }
        Route r = route(dst);
        return r == null ? 0 : r.iface().mtu();
    }

    /**
     * The path MTU toward {@code dst}: the egress interface's MTU, or less when a "fragmentation
     * needed" taught the node a smaller one that has not expired ({@link PathMtuCache}); 0 if there
     * is no route.
     */
    public int pathMtu(int dst) {
        return pathMtu(dst, mtuFor(dst));
    }

    /** {@link #pathMtu(int)} when the egress interface's MTU is known: {@code mtu}. */
    private int pathMtu(int dst, int mtu) {
        if (pathMtus == null) {
            return mtu;
        }
        PathMtuCache.Entry e = pathMtus.get(dst, sim.now());
        return e != null && e.mtu() < mtu ? e.mtu() : mtu;
    }

    /** The learnt path MTU toward {@code dst}, or null (for {@code ip route get}). */
    public PathMtuCache.Entry pathMtuEntry(int dst) {
        return pathMtus == null ? null : pathMtus.get(dst, sim.now());
    }

    public PathMtuCache pathMtuCache() {
        if (pathMtus == null) {
            pathMtus = new PathMtuCache();
        }
        return pathMtus;
    }

    /** A "fragmentation needed" said the path to {@code dst} takes {@code mtu} bytes (RFC 1191). */
    void learnPathMtu(int dst, int mtu) {
        if (isLocalAddress(dst) || route(dst) == null) {
            return;
        }
        if (pathMtuCache().learn(dst, mtu, pathMtu(dst), sim.now()) && trace.enabled()) {
            trace.emit(nodeName, IpEvents.PMTU, Ip4.str(dst), pathMtu(dst));
        }
    }

    public int nextIdentification() {
        int id = nextId;
        nextId = (nextId + 1) & 0xffff;
        return id;
    }

    /**
     * Sends a locally originated datagram whose transport bytes are already at
     * {@code datagram[HEADER_ROOM..]}: fills the IPv4 header, routes it, runs the output hooks and
     * fragments it to the path MTU if needed. {@code df} true is IP_PMTUDISC_DO (DF set, too large
     * is an error), false IP_PMTUDISC_DONT. Returns {@link #OK} or a negative error.
     */
    public int output(byte[] datagram, int src, int dst, int protocol, int ttl, boolean df) {
        return output(datagram, src, dst, protocol, ttl, df ? PmtuDisc.DO : PmtuDisc.DONT);
    }

    /**
     * {@link #output(byte[], int, int, int, int, boolean)} for a sender that has just looked the
     * route up itself to choose the source address ({@link #route(int)}, as Linux's
     * ip_route_output_flow gives udp_sendmsg both): {@code route} is that lookup's result, used
     * again unless equal-cost multipath must choose for this datagram. One lookup per datagram
     * instead of two; nothing can change the routes between the two calls.
     */
    public int output(byte[] datagram, int src, int dst, int protocol, int ttl, boolean df, Route route) {
        Ipv4Repr.of(src, dst, protocol, ttl, nextIdentification(), df, datagram.length - HEADER_ROOM).emit(datagram, 0);
        return outputBuilt(datagram, route);
    }

    /** {@link #output(byte[], int, int, int, int, boolean)} with a socket's IP_MTU_DISCOVER mode. */
    public int output(byte[] datagram, int src, int dst, int protocol, int ttl, PmtuDisc mode) {
        boolean df = switch (mode) {
            case DO -> true;
            case DONT -> false;
            // Linux's __ip_make_skb: DF when the datagram fits the path MTU and that MTU is not locked.
            case WANT -> {
                PathMtuCache.Entry e = pathMtuEntry(dst);
                yield datagram.length <= pathMtu(dst) && (e == null || !e.locked());
            }
        };
        return output(datagram, src, dst, protocol, ttl, df, null);
    }

    /** Sends a locally originated datagram whose IPv4 header is complete. */
    public int outputBuilt(byte[] d) {
        return outputBuilt(d, null);
    }

    /** {@link #outputBuilt(byte[])} with the route to its destination when the caller has it. */
    private int outputBuilt(byte[] d, Route known) {
        counters.outRequests++;
        int dst = Ipv4Packet.dst(d, 0);
        if (isLocalAddress(dst)) {
            counters.looped(d.length);
            lo().carry(d);
            traceIp(IpEvents.SEND, d, null, "lo");
            sim.schedule(0, () -> deliverLocal(d, null));
            return OK;
        }
        Route r = known != null && multipath == null ? known : route(dst, d);
        if (r == null) {
            counters.errors().outNoRoutes++;
            traceDrop(d, "no-route", null);
            return ERR_NO_ROUTE;
        }
        if (!runFilters(Hook.OUTPUT, d, null, r.iface())) {
            return ERR_FILTERED;
        }
        // pathMtu(dst) looks the route up again without the datagram; that finds r itself unless
        // equal-cost multipath chose among several routes for this datagram
        int mtu = multipath == null ? pathMtu(dst, r.iface().mtu()) : pathMtu(dst);
        if (d.length > mtu && Ipv4Packet.dontFragment(d, 0)) {
            counters.errors().outFragFails++;
            traceDrop(d, "message-too-long", r.iface());
            return ERR_MSG_SIZE;
        }
        traceIp(IpEvents.SEND, d, r.iface(), null);
        emit(d, null, r.iface(), mtu, r.gateway() != 0 ? r.gateway() : dst);
        return OK;
    }

    /**
     * Sends a datagram out of one interface, whatever the routes say: what a routing protocol
     * does with a packet to a link-local multicast group (224.0.0.0/24, RFC 5771), which no
     * router forwards. {@code tos} is the whole TOS byte (0xc0, precedence internetwork control,
     * for routing protocols).
     */
    public int outputOn(NetInterface out, byte[] datagram, int src, int dst, int protocol, int ttl, int tos) {
        Ipv4Repr h = new Ipv4Repr(src, dst, protocol, ttl, tos, nextIdentification(), false, false, 0,
                datagram.length - HEADER_ROOM, null);
        h.emit(datagram, 0);
        counters.outRequests++;
        if (!out.isUp()) {
            counters.errors().outNoRoutes++;
            traceDrop(datagram, "link-down", out);
            return ERR_NO_ROUTE;
        }
        if (!runFilters(Hook.OUTPUT, datagram, null, out)) {
            return ERR_FILTERED;
        }
        traceIp(IpEvents.SEND, datagram, out, null);
        emit(datagram, null, out, out.mtu(), dst);
        return OK;
    }

    /** A datagram arrived on {@code in}. */
    void input(byte[] d, NetInterface in) {
        input(d, 0, d.length, in);
    }

    /**
     * A datagram arrived on {@code in} in the {@code len} bytes at {@code off} of {@code b} (on
     * Ethernet, the frame's payload, link-layer padding included). A datagram for this node that
     * no filter or trace looks at, of a transport that reads it where it is
     * ({@link ProtocolHandler#readsInPlace}), is delivered from inside {@code b}; anything else is
     * copied out first (a datagram of its own, without the padding), as the filters, the
     * forwarding path, reassembly and the trace take it.
     */
    void input(byte[] b, int off, int len, NetInterface in) {
        counters.received(len);
        String bad = Ipv4Packet.check(b, off, len);
        if (bad != null) {
            counters.errors().inHdrErrors++;
            if (trace.enabled()) {
                trace.emit(nodeName, IpEvents.DROP_MALFORMED, "malformed", bad, in.name(), len);
            }
            return;
        }
        if (Martians.dropped(this, b, off, in)) {
            return;
        }
        int total = Ipv4Packet.totalLength(b, off);
        counters.castIn(Ipv4Packet.dst(b, off), total);
        byte[] d = b;
        int known = IN_PLACE_UNKNOWN;
        if (off != 0 || total < len) {
            // a part of b: read in place only on the path with neither filters nor trace (below)
            if (!trace.enabled() && filters[Hook.PREROUTING.ordinal()].length == 0) {
                known = deliverInPlace(b, off, in);
                if (known == IN_PLACE_DELIVERED) {
                    return;
                }
            }
            d = Arrays.copyOfRange(b, off, off + total); // link-layer header and padding are not part of the datagram
        }
        if (!runFilters(Hook.PREROUTING, d, in, null)) {
            return;
        }
        int dst = Ipv4Packet.dst(d, 0);
        if (known == IN_PLACE_NOT_LOCAL) {
            // deliverInPlace found it for no address of this node (and no filter has run since): forwarded or dropped
            notLocal(d, in);
            return;
        }
        if (Ip4.isLinkLocalMulticast(dst)) {
            // Delivered to a protocol that listens for the group (OSPF's 224.0.0.5), else dropped
            // without an ICMP error (RFC 1122 3.2.2: none about a multicast datagram); never forwarded.
            if (handler(Ipv4Packet.protocol(d, 0)) == null) {
                counters.errors().inAddrErrors++;
                traceDrop(d, "not-for-this-host", in);
                return;
            }
            if (!runFilters(Hook.INPUT, d, in, null)) {
                return;
            }
            deliverLocal(d, in);
            return;
        }
        if (isLocalAddress(dst) || dst == 0xffffffff) {
            if (!runFilters(Hook.INPUT, d, in, null)) {
                return;
            }
            deliverLocal(d, in);
            return;
        }
        notLocal(d, in);
    }

    /** A datagram that is not for this node: forwarded by a router, dropped by a host. */
    private void notLocal(byte[] d, NetInterface in) {
        if (!forwarding) {
            counters.errors().inAddrErrors++;
            traceDrop(d, "not-for-this-host", in);
            return;
        }
        forward(d, in);
    }

    /** What {@link #deliverInPlace} did. */
    private static final int IN_PLACE_DELIVERED = 0;
    private static final int IN_PLACE_NOT_LOCAL = 1;
    private static final int IN_PLACE_UNKNOWN = 2;

    /**
     * Delivers the datagram at {@code off} of {@code b} where it is when the full path would take
     * it to a transport untouched and that transport reads it in place
     * ({@link ProtocolHandler#readsInPlace}): addressed to this node (not to a link-local group),
     * no filter at the input hook, not a fragment (the caller checked that neither the trace nor
     * a prerouting filter looks at it). Returns {@link #IN_PLACE_DELIVERED}, or having done
     * nothing, {@link #IN_PLACE_NOT_LOCAL} (neither for this node nor for a link-local group: the
     * caller need not look again) or {@link #IN_PLACE_UNKNOWN}; the caller then copies the
     * datagram out and takes the full path. The checks and counts are the full path's.
     */
    private int deliverInPlace(byte[] b, int off, NetInterface in) {
        int dst = Ipv4Packet.dst(b, off);
        if (Ip4.isLinkLocalMulticast(dst)) {
            return IN_PLACE_UNKNOWN;
        }
        if (dst != 0xffffffff && !isLocalAddress(dst)) {
            return IN_PLACE_NOT_LOCAL;
        }
        if (filters[Hook.INPUT.ordinal()].length != 0 || Ipv4Packet.isFragment(b, off)) {
            return IN_PLACE_UNKNOWN;
        }
        ProtocolHandler h = handler(Ipv4Packet.protocol(b, off));
        if (h == null || !h.readsInPlace()) {
            return IN_PLACE_UNKNOWN;
        }
        counters.inDelivers++;
        IpHeaderView v = DELIVERED.get().claim();
        try {
            h.receive(v.fillIpv4(b, off, Ipv4Packet.payloadLength(b, off), in));
        } finally {
            v.release();
        }
        return IN_PLACE_DELIVERED;
    }

    /**
     * Forwards {@code d} in Linux's order (ip_rcv_finish's route lookup, then ip_forward): no route is a
     * network unreachable whatever the TTL; then the TTL, the MTU, the TTL decremented, the FORWARD chain.
     */
    private void forward(byte[] d, NetInterface in) {
        int dst = Ipv4Packet.dst(d, 0);
        Route r = policies.length == 0 ? null : policyRoute(d, in);
        if (r == null) {
            r = route(dst, d, true);
        }
        if (r == null) {
            counters.errors().outNoRoutes++;
            traceDrop(d, "no-route", in);
            icmp().sendError(d, IcmpPacket.DEST_UNREACHABLE, IcmpPacket.CODE_NET_UNREACHABLE, 0);
            return;
        }
        if (Ipv4Packet.ttl(d, 0) <= 1) {
            // RFC 1812 5.3.1: a router never forwards a datagram whose TTL would reach zero.
            counters.errors().ttlExceeded++;
            traceDrop(d, "ttl-exceeded", in);
            icmp().sendError(d, IcmpPacket.TIME_EXCEEDED, IcmpPacket.CODE_TTL_EXCEEDED, 0);
            return;
        }
        NetInterface out = r.iface();
        int mtu = out.mtu();
        if (d.length > mtu && Ipv4Packet.dontFragment(d, 0)) {
            // RFC 1191: report the next-hop MTU so the sender can lower its path MTU.
            counters.errors().outFragFails++;
            traceDrop(d, "fragmentation-needed", in);
            icmp().sendError(d, IcmpPacket.DEST_UNREACHABLE, IcmpPacket.CODE_FRAGMENTATION_NEEDED, mtu);
            return;
        }
        Ipv4Packet.decrementTtl(d, 0);
        if (!runFilters(Hook.FORWARD, d, in, out)) {
            return;
        }
        counters.forwDatagrams++;
        if (trace.enabled()) {
            trace.emit(nodeName, IpEvents.FORWARD, Ip4.str(Ipv4Packet.src(d, 0)), Ip4.str(dst),
                    Ipv4Packet.protocolName(Ipv4Packet.protocol(d, 0)), d.length, Ipv4Packet.ttl(d, 0),
                    in.name(), out.name(), r.gateway() != 0 ? Ip4.str(r.gateway()) : IpEvents.VIA_DIRECT);
        }
        emit(d, in, out, mtu, r.gateway() != 0 ? r.gateway() : dst);
    }

    /** Post-routing hook, fragmentation to {@code mtu} when needed, then the link. */
    private void emit(byte[] d, NetInterface in, NetInterface out, int mtu, int nextHop) {
        counters.sent(d);
        if (d.length <= mtu) {
            if (runFilters(Hook.POSTROUTING, d, in, out)) {
                out.transmit(d, nextHop);
            }
            return;
        }
        fragment(d, mtu, in, out, nextHop);
    }

    /** RFC 791 fragmentation ({@link Fragmenter}), each fragment counted, traced, filtered and sent. */
    private void fragment(byte[] d, int mtu, NetInterface in, NetInterface out, int nextHop) {
        Fragmenter.split(d, mtu, (f, fh) -> {
            counters.errors().outFragCreates++;
            if (trace.enabled()) {
                trace.emit(nodeName, IpEvents.FRAGMENT, Ip4.str(fh.src()), Ip4.str(fh.dst()),
                        fh.identification(), fh.fragmentOffset(), f.length, fh.moreFragments(), out.name());
            }
            if (runFilters(Hook.POSTROUTING, f, in, out)) {
                out.transmit(f, nextHop);
            }
        });
    }

    /** Delivers a datagram addressed to this node: reassembly, then the transport. */
    void deliverLocal(byte[] d, NetInterface in) {
        if (Ipv4Packet.isFragment(d, 0)) {
            counters.errors().reasmReqds++;
            if (reassembler == null) {
                reassembler = new Reassembler(this);
            }
            d = reassembler.add(d, in);
            if (d == null) {
                return;
            }
            counters.errors().reasmOks++;
        }
        int proto = Ipv4Packet.protocol(d, 0);
        ProtocolHandler h = handler(proto);
        if (h == null) {
            counters.errors().inUnknownProtos++;
            traceDrop(d, "unknown-protocol", in);
            icmp().sendError(d, IcmpPacket.DEST_UNREACHABLE, IcmpPacket.CODE_PROTOCOL_UNREACHABLE, 0);
            return;
        }
        counters.inDelivers++;
        traceIp(IpEvents.RECEIVE, d, in, "lo"); // in is null for a datagram this node sent itself
        IpHeaderView v = DELIVERED.get().claim();
        try {
            h.receive(v.fillIpv4(d, 0, Ipv4Packet.payloadLength(d, 0), in));
        } finally {
            v.release();
        }
    }

    private boolean runFilters(Hook hook, byte[] d, NetInterface in, NetInterface out) {
        PacketFilter[] fs = filters[hook.ordinal()];
        for (PacketFilter f : fs) {
            if (f.filter(hook, d, in, out) != PacketFilter.ACCEPT) {
                counters.errors().filtered++;
                traceDrop(d, "filtered-" + hook.name().toLowerCase(Locale.ROOT), in);
                return false;
            }
        }
        return true;
    }

    void traceIp(EventType type, byte[] d, NetInterface iface, String ifaceName) {
        if (trace.enabled()) {
            trace.emit(nodeName, type, Ip4.str(Ipv4Packet.src(d, 0)), Ip4.str(Ipv4Packet.dst(d, 0)),
                    Ipv4Packet.protocolName(Ipv4Packet.protocol(d, 0)), d.length, Ipv4Packet.ttl(d, 0),
                    Ipv4Packet.identification(d, 0), iface != null ? iface.name() : ifaceName);
        }
    }

    void traceDrop(byte[] d, String reason, NetInterface iface) {
        if (trace.enabled()) {
            trace.emit(nodeName, IpEvents.DROP, reason, Ip4.str(Ipv4Packet.src(d, 0)),
                    Ip4.str(Ipv4Packet.dst(d, 0)), Ipv4Packet.protocolName(Ipv4Packet.protocol(d, 0)),
                    d.length, Ipv4Packet.ttl(d, 0), iface != null ? iface.name() : "-");
        }
    }

    /** Convenience for transports: a buffer with {@link #HEADER_ROOM} bytes in front of {@code l4Length}. */
    public static byte[] allocate(int l4Length) {
        return new byte[HEADER_ROOM + l4Length];
    }
}
