package dev.minternet.ip6;

import dev.minternet.ip.Hook;
import dev.minternet.ip.Loopback;
import dev.minternet.ip.Multipath;
import dev.minternet.ip.NetInterface;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Fragment;
import dev.minternet.wire.Ipv6Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A node's IPv6 layer (RFC 8200) beside its IPv4 one: it runs on the interfaces it is turned on
 * for ({@link #enable}), Ethernet ones (link-local address from the modified EUI-64 of the MAC
 * address, Neighbor Discovery) and raw point-to-point links (a stable generated link-local
 * address, no neighbour discovery), and takes static routes ({@link #addStaticRoute}). It delivers ICMPv6 (RFC 4443: echo, errors; Neighbor Discovery, RFC 4861, to the
 * interface), answers echo requests and, on a router, forwards: hop limit decremented, time
 * exceeded when it would reach 0, destination unreachable (no route) when no route matches, and
 * never fragments: a datagram larger than the egress MTU gets a Packet Too Big back to its
 * source (RFC 8200 5). The source fragments a UDP or ICMPv6 datagram larger than the path MTU
 * ({@link Ip6Fragments}) and reassembles fragments for itself ({@link Ip6Reassembly}); a router
 * with a firewall gathers fragments before the filter (Linux's nf_defrag_ipv6). ICMPv6
 * errors are not rate-limited here (Linux's net.ipv6.icmp.ratelimit is not modelled). An upper
 * layer registers for its next header ({@link #register}: UDP does); a datagram with a next header
 * nobody registered is answered with a parameter problem (unrecognized next header).
 */
public final class Ip6Stack {
    public static final int OK = 0;
    public static final int ERR_NO_ROUTE = -1;
    public static final int ERR_MSG_SIZE = -2;
    public static final int ERR_NO_SOURCE = -4;

    /** Replies and errors for a ping. */
    public interface EchoListener {
        void echoReply(Ip6 from, int seq, int hopLimit, int length, byte[] datagram);

        void error(Ip6 from, int type, int code, int seq, long word);
    }

    /** An upper layer over IPv6 (UDP): its datagrams, and ICMPv6 errors quoting its datagrams. */
    public interface UpperLayer {
        /** A datagram for this node: the upper-layer bytes are {@code d[off, off + len)}. */
        void receive(byte[] d, int off, int len, Ip6 src, Ip6 dst);

        /** The same, told the interface it arrived on (null: from this node itself); OSPFv3 needs it. */
        default void receive(byte[] d, int off, int len, Ip6 src, Ip6 dst, Ip6Interface in) {
            receive(d, off, len, src, dst);
        }

        /** An ICMPv6 error from {@code from}; the datagram it quotes starts at {@code quoted} of {@code d}. */
        void icmpError(Ip6 from, int type, int code, long word, byte[] d, int quoted);
    }

    private final String nodeName;
    private final Simulator sim;
    private final java.util.Map<Integer, UpperLayer> upper = new java.util.TreeMap<>();
    private final Trace trace;
    private Loopback loopback; // the node's lo, shared with IPv4: what this layer sends the node itself
    private boolean forwarding;
    /** The node is down (crashed): nothing arrives, nothing leaves. */
    private boolean down;
    private final List<Ip6Interface> ifaces = new ArrayList<>();
    private final List<Route6> routes = new ArrayList<>();
    private Multipath multipath;
    /** ip6tables (netfilter's Firewall6) at INPUT, FORWARD and OUTPUT, or null. */
    private Ip6Filter filter;
    private final java.util.Map<Integer, EchoListener> echo = new java.util.TreeMap<>();
    private final PathMtus pathMtus = new PathMtus();
    private Ip6Fragments fragments; // made when a node first fragments or reassembles
    /** Reassembly for this node, and defragmentation before a router's FORWARD filter: made at the first fragment. */
    private Ip6Reassembly reassembly;
    private Ip6Reassembly defrag;
    /** Linux net.ipv6.route.mtu_expires: a learnt path MTU is forgotten after 10 minutes (RFC 8201 4). */
    public static final long PMTU_EXPIRES = 600_000_000_000L;
    /** RFC 8200 5: every IPv6 link carries 1280 bytes. */
    public static final int MIN_MTU = 1280;

    public void setFilter(Ip6Filter f) {
        this.filter = f;
    }

    /** The filter at IPv6's hooks (ip6tables), or null. */
    public Ip6Filter filter() {
        return filter;
    }

    private Ip6Fragments fragments() {
        if (fragments == null) {
            fragments = new Ip6Fragments(this);
        }
        return fragments;
    }

    /** Fragmentation and reassembly counters (/proc/net/snmp6's Ip6Frag* and Ip6Reasm*). */
    public Ip6Fragments.Counters fragCounters() {
        return fragments().counters;
    }

    public Ip6Stack(String nodeName, Simulator sim, Trace trace) {
        this.nodeName = nodeName;
        this.sim = sim;
        this.trace = trace;
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

    public boolean isForwarding() {
        return forwarding;
    }

    public void setForwarding(boolean on) {
        this.forwarding = on;
    }

    /** A crashed node's IPv6 neither receives nor sends (as its IPv4 filters do), until restored. */
    public void setDown(boolean down) {
        this.down = down;
    }

    public boolean isDown() {
        return down;
    }

    /** Whether IPv6 is on for any interface. */
    public boolean enabled() {
        return !ifaces.isEmpty();
    }

    public List<Ip6Interface> interfaces() {
        return List.copyOf(ifaces);
    }

    /** The IPv6 side of {@code ni}, or null when IPv6 is off there. */
    public Ip6Interface iface(NetInterface ni) {
        for (Ip6Interface i : ifaces) {
            if (i.net() == ni) {
                return i;
            }
        }
        return null;
    }

    /**
     * Turns IPv6 on for interface {@code ni} (idempotent) with its generated link-local address
     * ({@link #enable(NetInterface, SplittableRandom, Ip6)}).
     */
    public Ip6Interface enable(NetInterface ni, SplittableRandom random) {
        return enable(ni, random, null);
    }

    /**
     * Turns IPv6 on for interface {@code ni} (idempotent) and routes fe80::/64 on it. Its
     * link-local address is {@code linkLocal} when given (as {@code ip addr add fe80::1/64 dev
     * eth0} with addr_gen_mode none), else generated: on Ethernet fe80::/64 + the modified EUI-64
     * of the MAC address (RFC 4291 appendix A), on a raw IP link (no hardware address) a stable
     * opaque identifier drawn from the interface's seeded stream, as Linux's addr_gen_mode random
     * does for a tun device (an RFC 7217 identifier from a secret drawn once per device). On
     * Ethernet every address goes through duplicate address detection; a raw link is a NOARP
     * point-to-point device, where Linux skips DAD and neighbour discovery. {@code random} draws
     * DAD delays and reachable times.
     */
    public Ip6Interface enable(NetInterface ni, SplittableRandom random, Ip6 linkLocal) {
        Ip6Interface have = iface(ni);
        if (have != null) {
            return have;
        }
        Ip6 ll = linkLocal != null ? linkLocal
                : ni.isEthernet() ? Ip6.linkLocal(ni.mac()) : new Ip6(Ip6.LINK_LOCAL_HI, Ip6Source.stableIid(random));
        Ip6Interface i = new Ip6Interface(this, ni, random);
        ifaces.add(i);
        ni.setIpv6((frame, dst) -> {
            if (ni.isEthernet()) {
                frame(i, frame);
            } else {
                datagram(i, frame);
            }
        });
        addRoute(new Route6(new Ip6(Ip6.LINK_LOCAL_HI, 0), 64, i, null, Route6.METRIC_KERNEL, "kernel", Long.MAX_VALUE, 0));
        // how: "link-local" (EUI-64), "stable-privacy" (iproute2's flag for a generated opaque identifier), "static"
        i.addAddress(new Ip6.Cidr(ll, 64), linkLocal != null ? "static" : ni.isEthernet() ? "link-local" : "stable-privacy",
                Long.MAX_VALUE, Long.MAX_VALUE);
        return i;
    }

    /** The link-local address of {@code ni} (any state), or null when IPv6 is off there: what OSPFv3 and next hops use. */
    public Ip6 linkLocal(NetInterface ni) {
        Ip6Interface i = iface(ni);
        return i == null ? null : i.linkLocalAddress();
    }

    /**
     * Adds a static route ({@code ip -6 route add PREFIX via GATEWAY dev IFACE}, metric 1024 as
     * Linux gives a route without one): {@code gateway} null sends straight out of {@code i}, a
     * link-local gateway is resolved on {@code i}. Replaces a static route to the same prefix.
     */
    public void addStaticRoute(Ip6.Cidr prefix, Ip6Interface i, Ip6 gateway) {
        Ip6 net = prefix.network();
        routes.removeIf(o -> o.proto().equals(Route6.PROTO_STATIC) && o.length() == prefix.length() && o.prefix().equals(net));
        routes.add(new Route6(net, prefix.length(), i, gateway, Route6.METRIC_USER, Route6.PROTO_STATIC, Long.MAX_VALUE, 0));
    }

    /** Adds a static address (and its prefix's route on the link) to an interface IPv6 is on. */
    public void addAddress(Ip6Interface i, Ip6.Cidr cidr) {
        i.addAddress(cidr, "static", Long.MAX_VALUE, Long.MAX_VALUE);
        if (cidr.length() < 128) {
            addRoute(new Route6(cidr.network(), cidr.length(), i, null, Route6.METRIC_KERNEL, "kernel", Long.MAX_VALUE, 0));
        }
    }

    /** Makes interface {@code i} of this router advertise {@code prefix} for SLAAC (RFC 4861 6.2). */
    public void advertise(Ip6Interface i, Ip6.Cidr prefix) {
        i.advertise(prefix);
    }

    private void addRoute(Route6 r) {
        routes.removeIf(o -> o.iface() == r.iface() && o.length() == r.length() && o.prefix().equals(r.prefix())
                && o.metric() == r.metric() && java.util.Objects.equals(o.gateway(), r.gateway()));
        routes.add(r);
    }

    /** Adds a route a routing protocol computed (proto bgp...), replacing that protocol's route to the same prefix. */
    public void addProtoRoute(Route6 r) {
        routes.removeIf(o -> o.proto().equals(r.proto()) && o.length() == r.length() && o.prefix().equals(r.prefix()));
        routes.add(r);
    }

    /**
     * Installs the next hops a routing protocol computed for one prefix (all of one protocol,
     * prefix and metric), replacing that protocol's routes to the prefix: two or more make a
     * multipath route, as zebra installs an ECMP route with RTA_MULTIPATH.
     */
    public void addProtoRoutes(List<Route6> paths) {
        Route6 first = paths.get(0);
        routes.removeIf(o -> o.proto().equals(first.proto()) && o.length() == first.length()
                && o.prefix().equals(first.prefix()));
        routes.addAll(paths);
    }

    /** How the next hops of a multipath route share datagrams ({@link Ip6Multipath}); null: the first takes all. */
    public void setMultipath(Multipath m) {
        this.multipath = m;
    }

    /** Removes every route protocol {@code proto} installed. */
    public void removeProto(String proto) {
        routes.removeIf(o -> o.proto().equals(proto));
    }

    /** An RA's router lifetime: a default route via {@code router} (0 removes it). */
    void defaultRouter(Ip6Interface i, Ip6 router, int lifetimeS, int hopLimit) {
        routes.removeIf(o -> o.isDefault() && o.iface() == i && router.equals(o.gateway()));
        if (lifetimeS > 0) {
            routes.add(new Route6(Ip6.UNSPECIFIED, 0, i, router, Route6.METRIC_RA, "ra",
                    sim.now() + lifetimeS * dev.minternet.sim.Durations.S, hopLimit));
        }
    }

    /** An RA's on-link prefix: routed on the link until it expires. */
    void onLinkPrefix(Ip6Interface i, Ip6 net, int len, long until) {
        for (Route6 r : routes) {
            if (r.iface() == i && r.length() == len && r.prefix().equals(net) && r.gateway() == null
                    && r.expiresAt() == Long.MAX_VALUE) {
                return; // a static address's prefix route is already there, without expiry
            }
        }
        addRoute(new Route6(net, len, i, null, Route6.METRIC_KERNEL, "kernel", until, 0));
    }

    /**
     * The routes, as {@code ip -6 route} lists them: prefixes in address order, default routes last;
     * expired ones gone. As in IPv4's {@link dev.minternet.ip.RoutingTable#routes}, the kernel holds
     * a routing daemon's routes to a prefix only for the protocol zebra selected (the lowest
     * distance with a usable route, else the lowest) and only when no usable kernel route is there.
     */
    public List<Route6> routes() {
        long now = sim.now();
        routes.removeIf(r -> r.expiresAt() <= now);
        List<Route6> out = new ArrayList<>(routes.size());
        for (Route6 r : routes) {
            if (Route6.inFib(r, routes)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparing((Route6 r) -> r.isDefault()).thenComparing(Route6::prefix)
                .thenComparing(Route6::length).thenComparing(Route6::metric));
        return out;
    }

    /**
     * Longest prefix, then the lowest distance (zebra's selection), then the lowest metric; of a
     * multipath route, the first live next hop.
     */
    public Route6 route(Ip6 dst) {
        return route(dst, null, null);
    }

    /**
     * Longest prefix, then lowest distance, then lowest metric. When that is one next hop of a multipath route
     * ({@link Route6#siblingOf}), the node's {@link Multipath} picks one of the live next hops for
     * {@code datagram} (fib6_select_path); without one (or without a datagram) the first wins. A
     * next hop whose device has no carrier is left out, as with FRR's recommended
     * {@code net.ipv6.conf.all.ignore_routes_with_linkdown=1}.
     */
    public Route6 route(Ip6 dst, byte[] datagram) {
        return route(dst, datagram, null);
    }

    /**
     * {@link #route(Ip6)} among the routes not installed by {@code proto}: how BGP resolves its next
     * hops through the other protocols' routes.
     */
    public Route6 routeExcept(Ip6 dst, String proto) {
        return route(dst, null, proto);
    }

    private Route6 route(Ip6 dst, byte[] datagram, String except) {
        long now = sim.now();
        Route6 best = null;
        for (Route6 r : routes) {
            if (!usable(r, now) || !dst.inPrefix(r.prefix(), r.length()) || except != null && r.proto().equals(except)) {
                continue;
            }
            if (best == null || r.length() > best.length() || r.length() == best.length()
                    && (r.distance() < best.distance() || r.distance() == best.distance() && r.metric() < best.metric())) {
                best = r;
            }
        }
        if (best == null || datagram == null || multipath == null || !best.multipathCapable()) {
            return best;
        }
        int n = 0;
        for (Route6 r : routes) {
            if (usable(r, now) && r.siblingOf(best)) {
                n++;
            }
        }
        if (n < 2) {
            return best;
        }
        int pick = multipath.choose(datagram, n);
        for (Route6 r : routes) {
            if (usable(r, now) && r.siblingOf(best) && pick-- == 0) {
                return r;
            }
        }
        return best;
    }

    private static boolean usable(Route6 r, long now) {
        return r.expiresAt() > now && r.iface().net().isUp();
    }

    /** Whether {@code a} is one of this node's addresses (tentative ones included, failed ones not). */
    public boolean isLocal(Ip6 a) {
        if (a.isLoopback()) {
            return true; // ::1 on lo (RFC 4291 2.5.3)
        }
        for (Ip6Interface i : ifaces) {
            Ip6Interface.Address x = i.address(a);
            if (x != null && x.state() != Ip6Interface.AddrState.DADFAILED) {
                return true;
            }
        }
        return false;
    }

    /** Source address selection on interface {@code i} ({@link Ip6Source#on}). */
    Ip6 sourceOn(Ip6Interface i, Ip6 dst) {
        return Ip6Source.on(this, i, dst);
    }

    /** The source a datagram to {@code dst} would leave with, or null (no route, or only tentative addresses). */
    public Ip6 sourceFor(Ip6 dst) {
        if (isLocal(dst)) {
            return dst;
        }
        Route6 r = route(dst);
        return r == null ? null : Ip6Source.select(this, ifaces, r.iface(), dst);
    }

    /**
     * The path MTU to {@code dst}: the egress link's MTU, lowered by a Packet Too Big still fresh
     * (RFC 8201); 0 without a route.
     */
    public int pathMtu(Ip6 dst) {
        return pathMtu(dst, route(dst));
    }

    /** The path MTU to {@code dst} through route {@code r} (one next hop of a multipath route). */
    private int pathMtu(Ip6 dst, Route6 r) {
        return r == null ? 0 : pathMtus.mtu(dst, r.iface().mtu(), sim.now());
    }

    /** RFC 8201 4: a Packet Too Big about a datagram to {@code dst} says {@code mtu} (never below 1280). */
    private void learnPathMtu(Ip6 dst, long mtu) {
        long m = pathMtus.learn(dst, mtu, pathMtu(dst), sim.now());
        if (m > 0 && trace.enabled()) {
            trace.emit(nodeName, Ip6Events.PMTU, dst.toString(), m);
        }
    }

    /** Registers the upper layer for next header {@code next} (17: UDP). */
    public void register(int next, UpperLayer l) {
        upper.put(next, l);
    }

    // ---- ping

    /** Opens an echo identifier for a ping (drawn from {@code random}, not one in use). */
    public int openEcho(EchoListener l, SplittableRandom random) {
        int id;
        do {
            id = random.nextInt(0x10000);
        } while (echo.containsKey(id));
        echo.put(id, l);
        return id;
    }

    public void closeEcho(int id) {
        echo.remove(id);
    }

    /** Sends an echo request, fragmented when larger than the path MTU; returns {@link #OK} or a negative error. */
    public int sendEcho(Ip6 dst, int id, int seq, int hopLimit, byte[] data) {
        return sendEcho(dst, id, seq, hopLimit, data, true);
    }

    /**
     * Sends an echo request; {@code fragment} false is IPV6_PMTUDISC_DO ({@code ping -6 -M do}):
     * larger than the path MTU is {@link #ERR_MSG_SIZE} instead of fragments.
     */
    public int sendEcho(Ip6 dst, int id, int seq, int hopLimit, byte[] data, boolean fragment) {
        return output(Icmpv6Packet.echo(Icmpv6Packet.ECHO_REQUEST, id, seq, data), null, dst, hopLimit, fragment);
    }

    // ---- output

    /**
     * Sends the ICMPv6 message {@code msg} to {@code dst} from {@code src} (null: selected):
     * routes it, fills the checksum, resolves the next hop; larger than the path MTU, it leaves in
     * fragments (as Linux's ICMPv6 socket, IPV6_PMTUDISC_WANT, sends a large echo reply).
     */
    public int output(byte[] msg, Ip6 src, Ip6 dst, int hopLimit) {
        return output(msg, src, dst, hopLimit, true);
    }

    private int output(byte[] msg, Ip6 src, Ip6 dst, int hopLimit, boolean fragment) {
        if (isLocal(dst)) {
            Ip6 s = src != null ? src : dst;
            byte[] d = Icmpv6Packet.datagram(s, dst, hopLimit, msg);
            traceSend(d, null);
            sim.schedule(0, () -> deliver(d, null));
            return OK;
        }
        Route6 r = route(dst);
        if (r == null) {
            return ERR_NO_ROUTE;
        }
        Ip6 s = src != null ? src : Ip6Source.select(this, ifaces, r.iface(), dst);
        if (s == null) {
            return ERR_NO_SOURCE;
        }
        byte[] d = Icmpv6Packet.datagram(s, dst, hopLimit, msg);
        r = route(dst, d); // the source came from the first next hop; the datagram's flow picks the path
        int mtu = pathMtu(dst, r);
        if (d.length > mtu && !fragment) {
            return ERR_MSG_SIZE;
        }
        if (filter != null && !filter.pass(Hook.OUTPUT, d, null)) {
            return OK; // dropped by OUTPUT, as Linux's NF_DROP is silent to the sender here
        }
        traceSend(d, r.iface());
        transmit(d, r, dst, mtu);
        return OK;
    }

    /** Out of route {@code r}'s interface, in fragments when larger than {@code mtu} (after OUTPUT, as ip6_fragment runs). */
    private void transmit(byte[] d, Route6 r, Ip6 dst, int mtu) {
        Ip6 hop = r.gateway() != null ? r.gateway() : dst;
        if (d.length <= mtu) {
            r.iface().neighbours().output(d, hop);
            return;
        }
        for (byte[] f : fragments().split(d, mtu, fragments().nextId(dst), r.iface().name())) {
            r.iface().neighbours().output(f, hop);
        }
    }

    /**
     * Sends an upper-layer datagram whose checksum the caller has filled for {@code src} (from
     * {@link #sourceFor}): the IPv6 header in front, routed, the next hop resolved. Larger than
     * the path MTU is {@link #ERR_MSG_SIZE}, as for TCP (whose MSS keeps it from happening but
     * after a Packet Too Big).
     */
    public int send(int next, byte[] payload, Ip6 src, Ip6 dst, int hopLimit) {
        return send(next, payload, src, dst, hopLimit, false);
    }

    /**
     * {@link #send(int, byte[], Ip6, Ip6, int)}, and with {@code fragment} true a datagram larger
     * than the path MTU leaves in fragments (a UDP socket's IPV6_PMTUDISC_WANT, Linux's default).
     */
    public int send(int next, byte[] payload, Ip6 src, Ip6 dst, int hopLimit, boolean fragment) {
        if (down) {
            return OK; // a crashed node's datagrams go nowhere, as its IPv4 output filter drops them
        }
        byte[] d = Ipv6Packet.build(src, dst, next, hopLimit, payload);
        if (isLocal(dst)) {
            traceSend(d, null);
            sim.schedule(0, () -> deliver(d, null));
            return OK;
        }
        Route6 r = route(dst, d);
        if (r == null) {
            return ERR_NO_ROUTE;
        }
        int mtu = pathMtu(dst, r);
        if (d.length > mtu && !fragment) {
            return ERR_MSG_SIZE; // EMSGSIZE: the sender learns the smaller path MTU (RFC 8201)
        }
        if (filter != null && !filter.pass(Hook.OUTPUT, d, null)) {
            return OK;
        }
        traceSend(d, r.iface());
        transmit(d, r, dst, mtu);
        return OK;
    }

    /**
     * Sends an upper-layer datagram out of interface {@code i} to {@code dst} on that link (a
     * multicast group such as ff02::5, or a neighbour's link-local address) from {@code src},
     * without a route lookup, as a socket bound to the interface does (OSPFv3's IPV6_MULTICAST_IF).
     * The caller has filled the upper layer's checksum for these addresses; {@code trafficClass}
     * is the socket's IPV6_TCLASS.
     */
    public int sendOn(Ip6Interface i, int next, byte[] payload, Ip6 src, Ip6 dst, int hopLimit, int trafficClass) {
        if (down) {
            return OK;
        }
        byte[] d = Ipv6Packet.build(src, dst, next, hopLimit, payload);
        Ipv6Packet.setTrafficClass(d, 0, trafficClass);
        if (d.length > i.mtu()) {
            return ERR_MSG_SIZE;
        }
        traceSend(d, i);
        i.neighbours().output(d, dst);
        return OK;
    }

    /** Traces a datagram sent on {@code out} (null: lo, whose counters it moves). */
    void traceSend(byte[] d, Ip6Interface out) {
        if (out == null && loopback != null) {
            loopback.carry(d);
        }
        Ip6Traces.send(trace, nodeName, d, out);
    }

    void drop(String reason, byte[] d, Ip6Interface in) {
        Ip6Traces.drop(trace, nodeName, reason, d, in);
    }

    public void shareLoopback(Loopback c) {
        loopback = c;
    }

    // ---- input

    private void frame(Ip6Interface in, byte[] f) {
        if (down) {
            return;
        }
        received(in, Arrays.copyOfRange(f, EthernetFrame.HEADER, f.length), EthernetFrame.src(f));
    }

    /** A datagram from a raw IP link (no link-layer header, no link-layer source). */
    private void datagram(Ip6Interface in, byte[] d) {
        if (down) {
            return;
        }
        received(in, d, 0);
    }

    private void received(Ip6Interface in, byte[] d, long frameSrc) {
        int len = d.length;
        String bad = Ipv6Packet.check(d, 0, len);
        if (bad != null) {
            drop("malformed", d, in);
            return;
        }
        int total = Ipv6Packet.HEADER + Ipv6Packet.payloadLength(d, 0);
        if (total < d.length) {
            d = Arrays.copyOf(d, total); // Ethernet padding
        }
        Ip6 dst = Ipv6Packet.dst(d, 0);
        if (dst.isLoopback() || Ipv6Packet.srcIsLoopback(d, 0)) {
            drop("martian", d, in); // ::1 must never arrive on an interface (RFC 4291 2.5.3; Linux's ip6_rcv_core)
            return;
        }
        if (in.accepts(dst) || !dst.isMulticast() && isLocal(dst)) { // any of the node's addresses (weak host model, as Linux)
            deliver(d, in, frameSrc);
        } else if (!dst.isMulticast()) {
            forward(d, in);
        }
    }

    private void deliver(byte[] d, Ip6Interface in) {
        deliver(d, in, 0);
    }

    private void deliver(byte[] d, Ip6Interface in, long frameSrc) {
        if (Ipv6Fragment.isFragment(d, 0, d.length)) { // reassembled before the INPUT filter, as nf_defrag_ipv6 does
            reassembly = reassembly != null ? reassembly : new Ip6Reassembly(this, fragments().counters, true);
            if ((d = reassembly.add(d, in)) == null) {
                return;
            }
        }
        if (in != null && filter != null && !filter.pass(Hook.INPUT, d, in)) {
            return;
        }
        Ip6 src = Ipv6Packet.src(d, 0);
        Ip6 dst = Ipv6Packet.dst(d, 0);
        int next = Ipv6Packet.nextHeader(d, 0);
        int off = Ipv6Packet.HEADER;
        int len = d.length - off;
        UpperLayer ul = upper.get(next);
        if (next != Ipv6Packet.NEXT_ICMPV6 && ul != null) {
            if (trace.enabled()) {
                trace.emit(nodeName, Ip6Events.RECEIVE, src.toString(), dst.toString(), Ip6Names.next(next), "-",
                        (long) d.length, (long) Ipv6Packet.hopLimit(d, 0), in == null ? "lo" : in.name());
            }
            ul.receive(d, off, len, src, dst, in);
            return;
        }
        if (next != Ipv6Packet.NEXT_ICMPV6) {
            drop("unknown-next-header", d, in);
            sendError(d, Icmpv6Packet.PARAMETER_PROBLEM, 1, 6);
            return;
        }
        if (len < Icmpv6Packet.HEADER || !Icmpv6Packet.checksumOk(d, off, len, src, dst)) {
            drop(len < Icmpv6Packet.HEADER ? "malformed" : "bad-checksum", d, in);
            return;
        }
        int type = Icmpv6Packet.type(d, off);
        if (trace.enabled()) {
            trace.emit(nodeName, Ip6Events.RECEIVE, src.toString(), dst.toString(), "icmp6", Icmpv6Packet.describe(type),
                    (long) d.length, (long) Ipv6Packet.hopLimit(d, 0), in == null ? "lo" : in.name());
        }
        if (type >= Icmpv6Packet.ROUTER_SOLICITATION && type <= Icmpv6Packet.NEIGHBOR_ADVERTISEMENT) {
            // RFC 4861 6.1, 7.1: hop limit 255 (never forwarded), code 0, options well formed
            if (in == null || Ipv6Packet.hopLimit(d, 0) != 255 || Icmpv6Packet.code(d, off) != 0
                    || !Icmpv6Packet.optionsOk(d, off, len)) {
                drop("malformed", d, in);
                return;
            }
            in.receiveNdp(d, off, len, frameSrc);
            return;
        }
        switch (type) {
            case Icmpv6Packet.ECHO_REQUEST -> {
                byte[] data = Arrays.copyOfRange(d, off + Icmpv6Packet.HEADER, d.length);
                byte[] reply = Icmpv6Packet.echo(Icmpv6Packet.ECHO_REPLY, Icmpv6Packet.identifier(d, off),
                        Icmpv6Packet.sequence(d, off), data);
                output(reply, dst.isMulticast() ? null : dst, src, Ipv6Packet.DEFAULT_HOP_LIMIT);
            }
            case Icmpv6Packet.ECHO_REPLY -> {
                EchoListener l = echo.get(Icmpv6Packet.identifier(d, off));
                if (l != null) {
                    l.echoReply(src, Icmpv6Packet.sequence(d, off), Ipv6Packet.hopLimit(d, 0), len, d);
                }
            }
            case Icmpv6Packet.DEST_UNREACHABLE, Icmpv6Packet.PACKET_TOO_BIG, Icmpv6Packet.TIME_EXCEEDED,
                 Icmpv6Packet.PARAMETER_PROBLEM -> {
                int inner = off + Icmpv6Packet.HEADER;
                d = Ip6Fragments.unquoteFragment(d, inner); // a quoted first fragment: its upper layer's header
                if (type == Icmpv6Packet.PACKET_TOO_BIG && d.length >= inner + Ipv6Packet.HEADER) {
                    learnPathMtu(Ipv6Packet.dst(d, inner), Icmpv6Packet.word(d, off));
                }
                UpperLayer quotedLayer = d.length >= inner + Ipv6Packet.HEADER
                        ? upper.get(Ipv6Packet.nextHeader(d, inner)) : null;
                if (quotedLayer != null && Ipv6Packet.nextHeader(d, inner) != Ipv6Packet.NEXT_ICMPV6) {
                    quotedLayer.icmpError(src, type, Icmpv6Packet.code(d, off), Icmpv6Packet.word(d, off), d, inner);
                } else if (d.length >= inner + Ipv6Packet.HEADER + Icmpv6Packet.HEADER
                        && Ipv6Packet.nextHeader(d, inner) == Ipv6Packet.NEXT_ICMPV6
                        && Icmpv6Packet.type(d, inner + Ipv6Packet.HEADER) == Icmpv6Packet.ECHO_REQUEST) {
                    EchoListener l = echo.get(Icmpv6Packet.identifier(d, inner + Ipv6Packet.HEADER));
                    if (l != null) {
                        l.error(src, type, Icmpv6Packet.code(d, off),
                                Icmpv6Packet.sequence(d, inner + Ipv6Packet.HEADER), Icmpv6Packet.word(d, off));
                    }
                }
            }
            default -> {
            }
        }
    }

    /**
     * A router's forwarding step. With a firewall, fragments are first gathered (Linux's
     * nf_defrag_ipv6 before conntrack): the whole datagram meets the FORWARD filter, and when it
     * passes its fragments are forwarded as they came (as Linux before 4.5 did; today's Linux
     * sends fragments of the same sizes again).
     */
    private void forward(byte[] d, Ip6Interface in) {
        if (!forwarding) {
            drop("not-a-router", d, in);
            return;
        }
        if (filter == null || !Ipv6Fragment.isFragment(d, 0, d.length)) {
            forward(d, in, filter);
            return;
        }
        defrag = defrag != null ? defrag : new Ip6Reassembly(this, fragments().counters, false);
        byte[] whole = defrag.add(d, in);
        if (whole != null && filter.pass(Hook.FORWARD, whole, in)) {
            for (byte[] f : defrag.lastFragments()) {
                forward(f, in, null);
            }
        }
    }

    /** RFC 8200 and RFC 4443: a router's forwarding step, {@code filter} at FORWARD (null: already passed). */
    private void forward(byte[] d, Ip6Interface in, Ip6Filter filter) {
        Ip6 src = Ipv6Packet.src(d, 0);
        Ip6 dst = Ipv6Packet.dst(d, 0);
        if (src.isLinkLocal() || dst.isLinkLocal() || src.isMulticast() || src.isUnspecified()) {
            drop("no-route", d, in); // link-local scope is never forwarded (RFC 4291 2.5.6)
            sendError(d, Icmpv6Packet.DEST_UNREACHABLE, 2, 0);
            return;
        }
        // the route first (Linux's ip6_rcv_finish): none is "no route" whatever the hop limit
        Route6 r = route(dst, d);
        if (r == null) {
            drop("no-route", d, in);
            sendError(d, Icmpv6Packet.DEST_UNREACHABLE, Icmpv6Packet.CODE_NO_ROUTE, 0);
            return;
        }
        int hop = Ipv6Packet.hopLimit(d, 0);
        if (hop <= 1) {
            drop("hop-limit-exceeded", d, in);
            sendError(d, Icmpv6Packet.TIME_EXCEEDED, Icmpv6Packet.CODE_HOP_LIMIT, 0);
            return;
        }
        if (d.length > r.iface().mtu()) {
            drop("packet-too-big", d, in);
            sendError(d, Icmpv6Packet.PACKET_TOO_BIG, 0, r.iface().mtu());
            return;
        }
        byte[] out = d.clone();
        Ipv6Packet.setHopLimit(out, 0, hop - 1);
        if (filter != null && !filter.pass(Hook.FORWARD, out, in)) {
            return; // after the hop limit, MTU and decrement, as Linux's ip6_forward runs NF_INET_FORWARD
        }
        if (trace.enabled()) {
            trace.emit(nodeName, Ip6Events.FORWARD, src.toString(), dst.toString(), (long) d.length, (long) hop,
                    in.name(), r.iface().name(), r.gateway() != null ? r.gateway().toString() : "direct");
        }
        r.iface().neighbours().output(out, r.gateway() != null ? r.gateway() : dst);
    }

    /**
     * Sends an ICMPv6 error about datagram {@code d} back to its source (RFC 4443 2.4): never
     * about an ICMPv6 error, nor to an unspecified or multicast source, nor (but Packet Too Big)
     * about a datagram sent to a multicast group.
     */
    public void sendError(byte[] d, int type, int code, long word) {
        Ip6 src = Ipv6Packet.src(d, 0);
        Ip6 dst = Ipv6Packet.dst(d, 0);
        if (src.isUnspecified() || src.isMulticast() || dst.isMulticast() && type != Icmpv6Packet.PACKET_TOO_BIG) {
            return;
        }
        if (Ipv6Packet.nextHeader(d, 0) == Ipv6Packet.NEXT_ICMPV6 && d.length > Ipv6Packet.HEADER
                && Icmpv6Packet.type(d, Ipv6Packet.HEADER) < 128) {
            return;
        }
        if (trace.enabled()) {
            trace.emit(nodeName, Ip6Events.ICMP_ERROR, Icmpv6Packet.describe(type), (long) code, src.toString(), dst.toString(), word);
        }
        byte[] msg = Icmpv6Packet.error(type, code, word, d, d.length);
        // Linux's icmp6_send: from the address the datagram was sent to when it is ours
        output(msg, isLocal(dst) ? dst : null, src, Ipv6Packet.DEFAULT_HOP_LIMIT);
    }
}
