package dev.minternet.ip6;

import dev.minternet.ip.NetInterface;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.trace.Trace;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Icmpv6Packet.PrefixInfo;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Packet;
import dev.minternet.wire.Mac;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * IPv6 on one Ethernet interface: its addresses with duplicate address detection (RFC 4862 5.4:
 * one Neighbor Solicitation from :: to the solicited-node group after a random delay of up to 1 s,
 * then 1 s of silence makes the address preferred), the multicast groups it listens to, its
 * neighbour cache, and router discovery (RFC 4861 6): a router with prefixes to advertise sends
 * Router Advertisements, the first at once and two more at most 16 s apart, then every 198 to 600 s
 * (MinRtrAdvInterval, MaxRtrAdvInterval), and answers a solicitation after up to 0.5 s but no
 * sooner than 3 s after its last one; a host solicits routers once its link-local address is
 * preferred (3 solicitations 4 s apart, RFC 4861's MAX_RTR_SOLICITATIONS) and forms an address
 * from each autonomous /64 prefix (prefix + modified EUI-64, RFC 4862 5.5.3) with a default
 * route via the router's link-local address. Multicast Listener Discovery is not sent: switches
 * here flood multicast frames, as a switch without MLD snooping does.
 */
public final class Ip6Interface {
    public enum AddrState { TENTATIVE, PREFERRED, DADFAILED }

    /** One address of the interface. */
    public static final class Address {
        final Ip6.Cidr cidr;
        AddrState state = AddrState.TENTATIVE;
        final String how;
        long validUntil;
        long preferredUntil;
        Timer dad;
        boolean dadProbeSent;

        Address(Ip6.Cidr cidr, String how, long validUntil, long preferredUntil) {
            this.cidr = cidr;
            this.how = how;
            this.validUntil = validUntil;
            this.preferredUntil = preferredUntil;
        }

        public Ip6.Cidr cidr() {
            return cidr;
        }

        public Ip6 address() {
            return cidr.address();
        }

        public AddrState state() {
            return state;
        }

        public String how() {
            return how;
        }

        public long validUntil() {
            return validUntil;
        }

        public long preferredUntil() {
            return preferredUntil;
        }

        public boolean usable() {
            return state == AddrState.PREFERRED;
        }

        public boolean linkLocal() {
            return cidr.address().isLinkLocal();
        }
    }

    /** RFC 4861 10: MAX_RTR_SOLICITATION_DELAY, which Linux also uses as DAD's initial random delay. */
    public static final long MAX_DAD_DELAY_NS = Durations.S;
    public static final long RETRANS_TIMER_NS = Durations.S;
    public static final long RTR_SOLICITATION_INTERVAL_NS = 4 * Durations.S;
    public static final int MAX_RTR_SOLICITATIONS = 3;
    public static final long MIN_RTR_ADV_INTERVAL_NS = 198 * Durations.S;
    public static final long MAX_RTR_ADV_INTERVAL_NS = 600 * Durations.S;
    public static final long MAX_INITIAL_RTR_ADVERT_INTERVAL_NS = 16 * Durations.S;
    public static final int MAX_INITIAL_RTR_ADVERTISEMENTS = 3;
    public static final long MAX_RA_DELAY_NS = 500 * Durations.MS;
    public static final long MIN_DELAY_BETWEEN_RAS_NS = 3 * Durations.S;
    /** AdvDefaultLifetime: 3 x MaxRtrAdvInterval. */
    public static final int ROUTER_LIFETIME_S = 1800;
    /** AdvValidLifetime and AdvPreferredLifetime (RFC 4861 6.2.1 defaults). */
    public static final long VALID_LIFETIME_S = 2_592_000;
    public static final long PREFERRED_LIFETIME_S = 604_800;

    private final Ip6Stack stack;
    private final NetInterface ni;
    private final SplittableRandom random;
    private final NeighbourCache neighbours;
    private final List<Address> addresses = new ArrayList<>();
    private final Set<Ip6> groups = new LinkedHashSet<>();
    private int mtu;
    private boolean acceptRa = true;
    // router side
    private final List<Ip6.Cidr> advertised = new ArrayList<>();
    private final Timer raTimer;
    private int raSent;
    private long lastRaAt = Long.MIN_VALUE;
    private boolean raAnswerPending;
    // host side
    private final Timer rsTimer;
    private int rsSent;
    private boolean gotRa;

    Ip6Interface(Ip6Stack stack, NetInterface ni, SplittableRandom random) {
        this.stack = stack;
        this.ni = ni;
        this.random = random;
        this.neighbours = new NeighbourCache(this, random);
        this.mtu = ni.mtu();
        this.raTimer = new Timer(stack.sim(), this::periodicRa);
        this.rsTimer = new Timer(stack.sim(), this::sendRs);
        groups.add(Ip6.ALL_NODES);
        if (stack.isForwarding()) {
            groups.add(Ip6.ALL_ROUTERS);
        }
    }

    public String name() {
        return ni.name();
    }

    public NetInterface net() {
        return ni;
    }

    public Ip6Stack stack() {
        return stack;
    }

    public long mac() {
        return ni.mac();
    }

    public int mtu() {
        return Math.min(mtu, ni.mtu());
    }

    public NeighbourCache neighbours() {
        return neighbours;
    }

    public List<Address> addresses() {
        return List.copyOf(addresses);
    }

    /** The multicast groups this interface listens to (all-nodes, all-routers on a router, solicited-node groups). */
    public Set<Ip6> groups() {
        return Set.copyOf(groups);
    }

    /** Joins multicast group {@code group} on this link (a routing protocol's, such as OSPFv3's ff02::5). */
    public void joinGroup(Ip6 group) {
        groups.add(group);
    }

    /** Whether the interface takes router advertisements (Linux's accept_ra 1 on a host; a router ignores them). */
    public void setAcceptRa(boolean on) {
        this.acceptRa = on;
    }

    /** The prefixes this interface advertises (a router's SLAAC prefixes). */
    public List<Ip6.Cidr> advertisedPrefixes() {
        return List.copyOf(advertised);
    }

    private Trace trace() {
        return stack.trace();
    }

    private long now() {
        return stack.sim().now();
    }

    /**
     * The interface's link-local address in any state (tentative while DAD runs on Ethernet), or
     * null if it has none: the address a routing protocol (OSPFv3) sends from and names as next hop.
     */
    public Ip6 linkLocalAddress() {
        for (Address a : addresses) {
            if (a.linkLocal() && a.state != AddrState.DADFAILED) {
                return a.address();
            }
        }
        return null;
    }

    /** Whether this interface is on a raw IP point-to-point link (NOARP: no neighbour discovery, no DAD). */
    public boolean pointToPoint() {
        return !ni.isEthernet();
    }

    /** The interface's preferred link-local address, or null while it is tentative. */
    public Ip6 linkLocal() {
        for (Address a : addresses) {
            if (a.linkLocal() && a.usable()) {
                return a.address();
            }
        }
        return null;
    }

    /** The address entry holding {@code a} (any state), or null. */
    public Address address(Ip6 a) {
        for (Address x : addresses) {
            if (x.address().equals(a)) {
                return x;
            }
        }
        return null;
    }

    /**
     * Adds an address (tentative until duplicate address detection passes), joins its
     * solicited-node group and, for a static or SLAAC address, routes its prefix on the link.
     */
    Address addAddress(Ip6.Cidr cidr, String how, long validUntil, long preferredUntil) {
        Address a = new Address(cidr, how, validUntil, preferredUntil);
        // Linux keeps the list by scope, global first; a new address goes before those of its scope.
        int at = 0;
        while (at < addresses.size() && !addresses.get(at).linkLocal() && cidr.address().isLinkLocal()) {
            at++;
        }
        addresses.add(at, a);
        groups.add(cidr.address().solicitedNode());
        traceAddress(a);
        a.dad = new Timer(stack.sim(), () -> dadStep(a));
        if (pointToPoint()) {
            a.dadProbeSent = true; // Linux skips DAD on a NOARP device (addrconf_dad_begin): preferred at once
            a.dad.setAfter(0);
        } else {
            a.dad.setAfter((long) (random.nextDouble() * MAX_DAD_DELAY_NS));
        }
        return a;
    }

    private void traceAddress(Address a) {
        if (trace().enabled()) {
            trace().emit(stack.nodeName(), Ip6Events.ADDRESS, name(), a.cidr.toString(),
                    traced(a.state), a.how);
        }
    }

    /** An address state as the {@code ip6 address} event's {@code state} field gives it. */
    public static String traced(AddrState s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** DAD: the first firing sends the probe, the second (1 s of silence later) makes the address preferred. */
    private void dadStep(Address a) {
        if (a.state != AddrState.TENTATIVE) {
            return;
        }
        if (!a.dadProbeSent) {
            a.dadProbeSent = true;
            Ip6 sn = a.address().solicitedNode();
            sendNdp(Ip6.UNSPECIFIED, sn, Icmpv6Packet.neighborSolicitation(a.address(), 0), sn.multicastMac());
            a.dad.setAfter(RETRANS_TIMER_NS);
            return;
        }
        a.state = AddrState.PREFERRED;
        traceAddress(a);
        if (a.linkLocal()) {
            if (!advertised.isEmpty()) {
                periodicRa();
            } else if (!stack.isForwarding() && acceptRa && !gotRa) {
                sendRs();
            }
        }
    }

    /** The tentative address {@code a} is in use by {@code mac}: DAD failed (RFC 4862 5.4.5). */
    private void dadFailed(Address a, long mac) {
        a.state = AddrState.DADFAILED;
        a.dad.cancel();
        if (trace().enabled()) {
            trace().emit(stack.nodeName(), Ip6Events.DAD_CONFLICT, name(), a.cidr.toString(), Mac.str(mac));
        }
        traceAddress(a);
    }

    /** Makes this interface advertise {@code prefix} (a /64) in router advertisements. */
    void advertise(Ip6.Cidr prefix) {
        advertised.add(new Ip6.Cidr(prefix.network(), prefix.length()));
        groups.add(Ip6.ALL_ROUTERS);
        if (linkLocal() != null && raSent == 0) {
            periodicRa();
        }
    }

    private void periodicRa() {
        if (advertised.isEmpty() || linkLocal() == null) {
            return;
        }
        sendRa();
        long next = MIN_RTR_ADV_INTERVAL_NS + (long) (random.nextDouble() * (MAX_RTR_ADV_INTERVAL_NS - MIN_RTR_ADV_INTERVAL_NS));
        if (raSent <= MAX_INITIAL_RTR_ADVERTISEMENTS) {
            next = Math.min(next, MAX_INITIAL_RTR_ADVERT_INTERVAL_NS);
        }
        raTimer.setAfter(next);
    }

    private void sendRa() {
        List<PrefixInfo> infos = new ArrayList<>();
        StringBuilder names = new StringBuilder();
        for (Ip6.Cidr p : advertised) {
            infos.add(new PrefixInfo(p.network(), p.length(), Icmpv6Packet.PREFIX_ON_LINK | Icmpv6Packet.PREFIX_AUTONOMOUS,
                    VALID_LIFETIME_S, PREFERRED_LIFETIME_S));
            names.append(names.length() == 0 ? "" : ",").append(p.networkString());
        }
        raSent++;
        lastRaAt = now();
        if (trace().enabled()) {
            trace().emit(stack.nodeName(), Ip6Events.RA_SEND, name(), Ip6.ALL_NODES.toString(), names.toString(),
                    (long) ROUTER_LIFETIME_S, (long) ni.mtu());
        }
        sendNdp(linkLocal(), Ip6.ALL_NODES, Icmpv6Packet.routerAdvertisement(Ipv6Packet.DEFAULT_HOP_LIMIT,
                ROUTER_LIFETIME_S, 0, 0, mac(), ni.mtu(), infos), Ip6.ALL_NODES.multicastMac());
    }

    private void sendRs() {
        Ip6 ll = linkLocal();
        if (ll == null || gotRa || rsSent >= MAX_RTR_SOLICITATIONS) {
            return;
        }
        rsSent++;
        if (trace().enabled()) {
            trace().emit(stack.nodeName(), Ip6Events.RS_SEND, name(), ll.toString());
        }
        sendNdp(ll, Ip6.ALL_ROUTERS, Icmpv6Packet.routerSolicitation(mac()), Ip6.ALL_ROUTERS.multicastMac());
        rsTimer.setAfter(RTR_SOLICITATION_INTERVAL_NS);
    }

    /** A multicast Neighbor Solicitation for {@code target} (address resolution, RFC 4861 7.2.2). */
    void solicit(Ip6 target, boolean unused) {
        Ip6 sn = target.solicitedNode();
        Ip6 src = stack.sourceOn(this, target);
        if (src == null) {
            return;
        }
        sendNdp(src, sn, Icmpv6Packet.neighborSolicitation(target, mac()), sn.multicastMac());
    }

    /** A unicast Neighbor Solicitation (reachability confirmation in PROBE). */
    void solicitUnicast(Ip6 target, long mac) {
        Ip6 src = stack.sourceOn(this, target);
        if (src == null) {
            return;
        }
        sendNdp(src, target, Icmpv6Packet.neighborSolicitation(target, mac()), mac);
    }

    private void sendNdp(Ip6 src, Ip6 dst, byte[] msg, long dstMac) {
        byte[] d = Icmpv6Packet.datagram(src, dst, 255, msg);
        stack.traceSend(d, this);
        sendFrame(dstMac, d);
    }

    /** Frames {@code d} to {@code dstMac} and offers it to the link. */
    void sendFrame(long dstMac, byte[] d) {
        if (!ni.isUp() || stack.isDown()) {
            return;
        }
        if (pointToPoint()) {
            ni.sendIpv6Datagram(d); // a raw link has one peer: no link-layer address to put in front
            return;
        }
        ni.sendFrame(EthernetFrame.build(dstMac, ni.mac(), EthernetFrame.TYPE_IPV6, d, 0, d.length));
    }

    /** Whether this interface takes a datagram sent to {@code dst}: its addresses (not failed) and groups. */
    boolean accepts(Ip6 dst) {
        if (dst.isMulticast()) {
            return groups.contains(dst);
        }
        for (Address a : addresses) {
            if (a.address().equals(dst) && a.state != AddrState.DADFAILED) {
                return true;
            }
        }
        return false;
    }

    /** A Neighbor Discovery message arrived (RFC 4861 6.1, 7.1: hop limit 255 and valid options already checked). */
    void receiveNdp(byte[] d, int off, int len, long frameSrc) {
        Ip6 src = Ipv6Packet.src(d, 0);
        Ip6 dst = Ipv6Packet.dst(d, 0);
        int type = Icmpv6Packet.type(d, off);
        switch (type) {
            case Icmpv6Packet.NEIGHBOR_SOLICITATION -> {
                Ip6 target = Icmpv6Packet.target(d, off);
                Address a = address(target);
                if (a == null || a.state == AddrState.DADFAILED) {
                    return;
                }
                if (a.state == AddrState.TENTATIVE) {
                    if (src.isUnspecified() && frameSrc != mac()) {
                        dadFailed(a, frameSrc); // another node probes for the same address (RFC 4862 5.4.3)
                    }
                    return;
                }
                long slla = Icmpv6Packet.linkLayerOption(d, off, len, Icmpv6Packet.OPT_SOURCE_LL);
                if (!src.isUnspecified() && slla != 0) {
                    neighbours.learn(src, slla, false);
                }
                int flags = Icmpv6Packet.NA_OVERRIDE | (stack.isForwarding() ? Icmpv6Packet.NA_ROUTER : 0)
                        | (src.isUnspecified() ? 0 : Icmpv6Packet.NA_SOLICITED);
                Ip6 to = src.isUnspecified() ? Ip6.ALL_NODES : src;
                byte[] na = Icmpv6Packet.neighborAdvertisement(flags, target, mac());
                if (to.isMulticast()) {
                    sendNdp(target, to, na, to.multicastMac());
                } else {
                    byte[] out = Icmpv6Packet.datagram(target, to, 255, na);
                    stack.traceSend(out, this);
                    long m = slla != 0 ? slla : frameSrc;
                    sendFrame(m, out);
                }
            }
            case Icmpv6Packet.NEIGHBOR_ADVERTISEMENT -> {
                Ip6 target = Icmpv6Packet.target(d, off);
                if (dst.isMulticast() && (Icmpv6Packet.naFlags(d, off) & Icmpv6Packet.NA_SOLICITED) != 0) {
                    return; // RFC 4861 7.1.2: a solicited advertisement is never multicast
                }
                long tlla = Icmpv6Packet.linkLayerOption(d, off, len, Icmpv6Packet.OPT_TARGET_LL);
                Address a = address(target);
                if (a != null) {
                    if (a.state == AddrState.TENTATIVE && frameSrc != mac()) {
                        dadFailed(a, tlla != 0 ? tlla : frameSrc);
                    }
                    return;
                }
                neighbours.advertised(target, tlla, Icmpv6Packet.naFlags(d, off));
            }
            case Icmpv6Packet.ROUTER_SOLICITATION -> {
                if (advertised.isEmpty()) {
                    return;
                }
                long slla = Icmpv6Packet.linkLayerOption(d, off, len, Icmpv6Packet.OPT_SOURCE_LL);
                if (!src.isUnspecified() && slla != 0) {
                    neighbours.learn(src, slla, false);
                }
                if (raAnswerPending || linkLocal() == null) {
                    return;
                }
                raAnswerPending = true;
                long at = now() + (long) (random.nextDouble() * MAX_RA_DELAY_NS);
                if (lastRaAt != Long.MIN_VALUE) {
                    at = Math.max(at, lastRaAt + MIN_DELAY_BETWEEN_RAS_NS);
                }
                stack.sim().schedule(at - now(), () -> {
                    raAnswerPending = false;
                    sendRa();
                });
            }
            case Icmpv6Packet.ROUTER_ADVERTISEMENT -> {
                if (stack.isForwarding() || !acceptRa || !src.isLinkLocal()) {
                    return; // RFC 4861 6.1.2: from a link-local source; a router ignores them (accept_ra)
                }
                receiveRa(d, off, len, src);
            }
            default -> {
            }
        }
    }

    /** RFC 4861 6.3.4 and RFC 4862 5.5.3: default router, link MTU, on-link prefixes, SLAAC addresses. */
    private void receiveRa(byte[] d, int off, int len, Ip6 router) {
        gotRa = true;
        rsTimer.cancel();
        long slla = Icmpv6Packet.linkLayerOption(d, off, len, Icmpv6Packet.OPT_SOURCE_LL);
        if (slla != 0) {
            neighbours.learn(router, slla, true);
        }
        int lifetime = Icmpv6Packet.raRouterLifetime(d, off);
        int raMtu = Icmpv6Packet.mtuOption(d, off, len);
        if (raMtu >= Ipv6Packet.MIN_MTU && raMtu <= ni.mtu()) {
            mtu = raMtu;
        }
        List<PrefixInfo> prefixes = Icmpv6Packet.prefixes(d, off, len);
        StringBuilder names = new StringBuilder();
        for (PrefixInfo p : prefixes) {
            names.append(names.length() == 0 ? "" : ",").append(p.prefix().network(p.length())).append('/').append(p.length());
        }
        if (trace().enabled()) {
            trace().emit(stack.nodeName(), Ip6Events.RA_RECEIVE, name(), router.toString(), names.toString(),
                    (long) lifetime, (long) raMtu);
        }
        long now = now();
        stack.defaultRouter(this, router, lifetime, Icmpv6Packet.raCurHopLimit(d, off));
        for (PrefixInfo p : prefixes) {
            if (p.prefix().isLinkLocal() || p.preferredLifetime() > p.validLifetime()) {
                continue; // RFC 4862 5.5.3 a, c
            }
            Ip6 net = p.prefix().network(p.length());
            long validUntil = now + p.validLifetime() * Durations.S;
            long prefUntil = now + p.preferredLifetime() * Durations.S;
            if (p.onLink()) {
                stack.onLinkPrefix(this, net, p.length(), validUntil);
            }
            if (!p.autonomous() || p.length() != 64 || p.validLifetime() == 0) {
                continue; // an interface identifier of 64 bits needs a /64 (RFC 4862 5.5.3 d)
            }
            Ip6 addr = new Ip6(net.hi(), Ip6.eui64(mac()));
            Address have = address(addr);
            if (have == null) {
                addAddress(new Ip6.Cidr(addr, 64), "slaac", validUntil, prefUntil);
            } else if (have.how.equals("slaac")) {
                if (p.validLifetime() > 7200 || validUntil > have.validUntil) {
                    have.validUntil = validUntil; // RFC 4862 5.5.3 e (the two-hour rule keeps a longer one otherwise)
                }
                have.preferredUntil = prefUntil;
            }
        }
    }
}
