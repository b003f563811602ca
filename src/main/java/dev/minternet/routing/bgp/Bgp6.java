package dev.minternet.routing.bgp;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip.Route;
import dev.minternet.ip6.Ip6Interface;
import dev.minternet.ip6.Route6;
import dev.minternet.routing.bgp.BgpConfig.Policy;
import dev.minternet.routing.bgp.BgpConfig.Relationship;
import dev.minternet.routing.bgp.BgpMessage.Attrs;
import dev.minternet.routing.bgp.BgpSpeaker.Path;
import dev.minternet.routing.bgp.Mp6.Prefix6;
import dev.minternet.sim.Timer;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A speaker's IPv6 unicast address family (MP-BGP, RFC 4760, RFC 2545) over its IPv4 sessions: the
 * neighbours configured with {@code ipv6: true} announce the capability for AFI 2 / SAFI 1 in OPEN;
 * where both ends did, IPv6 prefixes travel in MP_REACH_NLRI and MP_UNREACH_NLRI. Paths go through
 * the same import rules (AS_PATH loop, Gao-Rexford LOCAL_PREF, route reflection loops), the same
 * decision process ({@link Decision}) and the same export rules (valley-free, iBGP split horizon,
 * next hop self on eBGP) as IPv4 paths; the best path is installed in the node's IPv6 routing
 * table (proto bgp, metric 20, via the peer's link-local address when it sent one, as FRR does).
 * A neighbour policy's {@code ipv6-prefix-list} filters the family's routes in and out (FRR's
 * {@code neighbor X prefix-list NAME in|out} under {@code address-family ipv6 unicast}); a policy
 * naming only an IPv4 prefix list denies every IPv6 prefix (that list's implicit deny, as FRR
 * applies a list with no IPv6 entries). Announcements wait for the session's
 * MinRouteAdvertisementInterval (its own timer for this family; withdrawals go at once, as for
 * IPv4). The decision runs on every IPv6 prefix at each change.
 */
public final class Bgp6 {
    /** An IPv6 path: the IPv4 path's attributes and origin, with the MP_REACH_NLRI next hops. */
    public static final class Path6 {
        final Path path;
        final Ip6 nextHop;
        final Ip6 linkLocal;

        Path6(Path path, Ip6 nextHop, Ip6 linkLocal) {
            this.path = path;
            this.nextHop = nextHop;
            this.linkLocal = linkLocal;
        }

        public Path path() {
            return path;
        }

        /** The global next hop (:: for a route this router originates). */
        public Ip6 nextHop() {
            return nextHop;
        }

        /** The link-local next hop, or null. */
        public Ip6 linkLocal() {
            return linkLocal;
        }
    }

    /** A prefix's paths, best first once decided. */
    public static final class Entry6 {
        final Prefix6 prefix;
        final List<Path6> paths = new ArrayList<>();
        Path6 best;
        long version;

        Entry6(Prefix6 prefix) {
            this.prefix = prefix;
        }

        public Prefix6 prefix() {
            return prefix;
        }

        public List<Path6> paths() {
            return List.copyOf(paths);
        }

        public Path6 best() {
            return best;
        }

        public long version() {
            return version;
        }
    }

    private record Out(Attrs attrs, Ip6 nextHop, Ip6 linkLocal) {
    }

    private final BgpSpeaker sp;
    final TreeMap<Prefix6, Entry6> rib = new TreeMap<>();
    private final Map<BgpSession, TreeMap<Prefix6, Out>> adjOut = new HashMap<>();
    private final Map<BgpSession, Integer> accepted = new HashMap<>();
    /** Per session: the MinRouteAdvertisementInterval timer of this family (RFC 4271 9.2.1.1). */
    private final Map<BgpSession, Timer> mrai = new HashMap<>();
    /** Sessions whose MRAI runs: their announcements wait for it. */
    private final Set<BgpSession> waiting = new HashSet<>();
    private long version;

    Bgp6(BgpSpeaker sp) {
        this.sp = sp;
    }

    public Collection<Entry6> rib() {
        return rib.values();
    }

    public long tableVersion() {
        return version;
    }

    /** Prefixes accepted from {@code s} in this family. */
    public int accepted(BgpSession s) {
        return accepted.getOrDefault(s, 0);
    }

    /** Prefixes sent to {@code s} in this family. */
    public int advertised(BgpSession s) {
        TreeMap<Prefix6, Out> m = adjOut.get(s);
        return m == null ? 0 : m.size();
    }

    void start() {
        for (Prefix6 p : sp.cfg.networks6()) {
            Path local = new Path(sp.attrTable, new Attrs(BgpMessage.ORIGIN_IGP, new int[0], 0, 0, -1, new int[0]), sp.source(null, null),
                    sp.node.sim().now());
            rib.computeIfAbsent(p, Entry6::new).paths.add(new Path6(local, Ip6.UNSPECIFIED, null));
        }
        decide();
    }

    /** Whether IPv6 unicast was negotiated on {@code s}: configured here, announced by the peer. */
    static boolean active(BgpSession s) {
        return s.n.ipv6() && s.peerIpv6 && s.state() == BgpSession.State.ESTABLISHED;
    }

    /** The session reached Established: the whole table goes out. */
    void established(BgpSession s) {
        adjOut.remove(s);
        stopMrai(s);
        if (active(s)) {
            flush(s);
        }
    }

    /** The session went down: its paths are gone. */
    void dropped(BgpSession s) {
        adjOut.remove(s);
        stopMrai(s);
        accepted.remove(s);
        boolean any = false;
        for (Entry6 e : rib.values()) {
            any |= e.paths.removeIf(x -> x.path.from() == s);
        }
        if (any) {
            decide();
        }
    }

    /** The IPv6 part of an UPDATE from {@code s}. */
    void received(BgpSession s, Mp6.Update6 u, Attrs attrs) {
        if (u.empty()) {
            return;
        }
        boolean trace = sp.node.trace().enabled();
        String peer = Ip4.str(s.peer());
        for (Prefix6 p : u.withdrawn()) {
            if (trace) {
                sp.node.trace().emit(sp.node.name(), BgpEvents.WITHDRAW_IN, peer, p.toString());
            }
            remove(s, p);
        }
        for (Prefix6 p : u.nlri()) {
            if (trace) {
                sp.node.trace().emit(sp.node.name(), BgpEvents.ANNOUNCE_IN, peer, p.toString(), attrs.pathString(),
                        hops(u.nextHop(), u.linkLocal()), attrs.localPref(), attrs.med(),
                        BgpSpeaker.communities(attrs.communities()));
            }
            remove(s, p);
            Attrs in = importAttrs(s, p, attrs);
            if (in == null) {
                continue;
            }
            Relationship rel = s.ebgp ? s.n.relationship() : sp.relationshipOf(in);
            rib.computeIfAbsent(p, Entry6::new).paths.add(0,
                    new Path6(new Path(sp.attrTable, in, sp.source(s, rel), sp.node.sim().now()), u.nextHop(), u.linkLocal()));
            accepted.merge(s, 1, Integer::sum);
        }
        decide();
    }

    private void remove(BgpSession s, Prefix6 p) {
        Entry6 e = rib.get(p);
        if (e != null && e.paths.removeIf(x -> x.path.from() == s)) {
            accepted.merge(s, -1, Integer::sum);
        }
    }

    static String hops(Ip6 nh, Ip6 ll) {
        return ll == null ? nh.toString() : nh + " " + ll;
    }

    /**
     * Whether the policy lets {@code p} through: its IPv6 prefix list's first matching rule, the
     * implicit deny at the end; a policy with an IPv4 list only denies (no IPv6 entry matches).
     */
    private boolean permitted(Policy pol, Prefix6 p) {
        if (pol.prefixList6() == null) {
            return pol.prefixList() == null;
        }
        for (BgpConfig.PrefixRule6 r : sp.cfg.prefixLists6().getOrDefault(pol.prefixList6(), List.of())) {
            if (r.matches(p)) {
                return r.permit();
            }
        }
        return false;
    }

    private Attrs importAttrs(BgpSession s, Prefix6 p, Attrs a) {
        BgpConfig cfg = sp.cfg;
        if (s.ebgp) {
            a = a.unreflected();
        } else {
            if (a.originatorId() == cfg.routerId()) {
                return null; // RFC 4456 8
            }
            for (int c : a.clusterList()) {
                if (c == cfg.cluster()) {
                    return null;
                }
            }
        }
        if (a.onPath(cfg.as())) {
            return null; // AS_PATH loop (RFC 4271 9.1.2)
        }
        Policy pol = s.n.in();
        if (!permitted(pol, p)) {
            return null;
        }
        return Import.imported(sp, s, pol, a, 0);
    }

    // ---- decision and installation -----------------------------------------------------------

    /** Reruns the decision on every IPv6 prefix, installs the best paths, sends what changed. */
    void decide() {
        var ip6 = sp.node.ip6();
        ip6.removeProto(BgpSpeaker.PROTO);
        List<Route6> install = new ArrayList<>();
        for (Entry6 e : rib.values()) {
            Path6 best = null;
            String reason = "";
            int valid = 0;
            Route6 bestRoute = null;
            for (Path6 p : e.paths) {
                Route6 r = resolve(e.prefix, p);
                sp.resolved(p.path, p.path.local() || r != null, p.path.iface(), p.path.gateway(), 0);
                if (!p.path.valid()) {
                    continue;
                }
                valid++;
                String[] why = new String[1];
                if (best == null || Decision.compare(p.path, best.path, why) < 0) {
                    best = p;
                    bestRoute = r;
                }
                reason = best == p && valid == 1 ? "First path received" : why[0];
            }
            if (best != null && bestRoute != null) {
                install.add(bestRoute);
            }
            if (best != e.best) {
                e.best = best;
                e.version = ++version;
                if (sp.node.trace().wants(BgpEvents.BEST_PATH)) {
                    sp.node.trace().emit(sp.node.name(), BgpEvents.BEST_PATH, e.prefix.toString(),
                            best == null ? "none" : best.path.local() ? "local" : hops(best.nextHop, best.linkLocal)
                                    + " " + best.path.pathString(), (long) e.paths.size(),
                            best == null ? "no valid path" : valid == 1 ? "First path received" : reason);
                }
            }
        }
        for (Route6 r : install) {
            ip6.addProtoRoute(r);
        }
        List<Entry6> gone = new ArrayList<>();
        for (Entry6 e : rib.values()) {
            if (e.paths.isEmpty()) {
                gone.add(e);
            }
        }
        for (BgpSession s : sp.sessions()) {
            if (active(s)) {
                flush(s);
            }
        }
        for (Entry6 e : gone) {
            rib.remove(e.prefix);
        }
    }

    /** The route a path would install: via the link-local next hop on the peer's link, else via the global one. */
    private Route6 resolve(Prefix6 prefix, Path6 p) {
        if (p.path.local()) {
            return null;
        }
        var ip6 = sp.node.ip6();
        if (ip6.isLocal(p.nextHop)) {
            return null;
        }
        Route6 r = ip6.routeExcept(p.nextHop, BgpSpeaker.PROTO);
        if (r == null) {
            return null;
        }
        Ip6 gw = r.gateway() != null ? r.gateway() : p.linkLocal != null ? p.linkLocal : p.nextHop;
        return new Route6(prefix.network(), prefix.length(), r.iface(), gw, BgpSpeaker.KERNEL_METRIC,
                BgpSpeaker.PROTO, Long.MAX_VALUE, 0, p.path.external() ? Route.EBGP : Route.IBGP);
    }

    // ---- export ------------------------------------------------------------------------------

    /** This router's global IPv6 address and link-local address on the interface toward {@code s}'s peer. */
    private Ip6[] self(BgpSession s) {
        Ip6Interface toward = null;
        for (NetInterface i : sp.node.ip().interfaces()) {
            if (i.cidr() != null && i.cidr().contains(s.peer())) {
                toward = sp.node.ip6().iface(i);
            }
        }
        Ip6 global = toward == null ? null : address(toward, false);
        if (global == null) {
            for (Ip6Interface i : sp.node.ip6().interfaces()) {
                global = global == null ? address(i, false) : global;
            }
        }
        Ip6 ll = toward != null && s.ebgp ? address(toward, true) : null;
        return new Ip6[] {global, ll};
    }

    /** The interface's first global (or link-local) address; a tentative one too (DAD ends before traffic flows). */
    private static Ip6 address(Ip6Interface i, boolean linkLocal) {
        for (Ip6Interface.Address a : i.addresses()) {
            if (a.linkLocal() == linkLocal && a.state() != Ip6Interface.AddrState.DADFAILED) {
                return a.address();
            }
        }
        return null;
    }

    private Out export(BgpSession s, Entry6 e) {
        if (e.best == null || !permitted(s.n.out(), e.prefix)) {
            return null;
        }
        Attrs a = sp.exportAttrs(s, e.best.path, null); // null: the IPv6 list was applied above
        if (a == null) {
            return null;
        }
        if (a.nextHop() != 0 && a.nextHop() == s.localAddress()) {
            Ip6[] self = self(s);
            return self[0] == null ? null : new Out(a, self[0], self[1]);
        }
        return new Out(a, e.best.nextHop, null); // iBGP without next-hop-self: the global next hop as received
    }

    private void stopMrai(BgpSession s) {
        Timer t = mrai.get(s);
        if (t != null) {
            t.cancel();
        }
        waiting.remove(s);
    }

    private void mraiExpired(BgpSession s) {
        waiting.remove(s);
        if (active(s)) {
            flush(s);
        }
    }

    /**
     * Sends {@code s} the IPv6 withdrawals its Adj-RIB-Out lacks, and the announcements too unless
     * the session's MRAI runs (they go when it expires); announcing starts the MRAI.
     */
    private void flush(BgpSession s) {
        boolean announce = !waiting.contains(s);
        TreeMap<Prefix6, Out> out = adjOut.computeIfAbsent(s, k -> new TreeMap<>());
        List<Prefix6> withdraw = new ArrayList<>();
        Map<Out, List<Prefix6>> groups = new LinkedHashMap<>();
        for (Entry6 e : rib.values()) {
            Out o = export(s, e);
            Out old = out.get(e.prefix);
            if (o == null) {
                if (old != null) {
                    withdraw.add(e.prefix);
                    out.remove(e.prefix);
                }
            } else if (announce && !o.equals(old)) {
                groups.computeIfAbsent(o, k -> new ArrayList<>()).add(e.prefix);
                out.put(e.prefix, o);
            }
        }
        boolean trace = sp.node.trace().enabled();
        String peer = Ip4.str(s.peer());
        int budget = BgpMessage.MAX - 23 - 4 - 3;
        for (int i = 0; i < withdraw.size();) {
            List<Prefix6> part = new ArrayList<>();
            int size = 0;
            while (i < withdraw.size() && size + Mp6.prefixBytes(withdraw.get(i)) <= budget) {
                size += Mp6.prefixBytes(withdraw.get(i));
                part.add(withdraw.get(i++));
            }
            for (Prefix6 p : part) {
                if (trace) {
                    sp.node.trace().emit(sp.node.name(), BgpEvents.WITHDRAW_OUT, peer, p.toString());
                }
            }
            s.sendUpdate(Mp6.withdraw(part));
        }
        for (Map.Entry<Out, List<Prefix6>> g : groups.entrySet()) {
            Out o = g.getKey();
            int room = Mp6.room(o.attrs, o.linkLocal != null);
            List<Prefix6> ps = g.getValue();
            for (int i = 0; i < ps.size();) {
                List<Prefix6> part = new ArrayList<>();
                int size = 0;
                while (i < ps.size() && size + Mp6.prefixBytes(ps.get(i)) <= room) {
                    size += Mp6.prefixBytes(ps.get(i));
                    part.add(ps.get(i++));
                }
                for (Prefix6 p : part) {
                    if (trace) {
                        sp.node.trace().emit(sp.node.name(), BgpEvents.ANNOUNCE_OUT, peer, p.toString(),
                                o.attrs.pathString(), hops(o.nextHop, o.linkLocal), o.attrs.localPref(),
                                o.attrs.med(), BgpSpeaker.communities(o.attrs.communities()));
                    }
                }
                s.sendUpdate(Mp6.announce(o.attrs, o.nextHop, o.linkLocal, part));
            }
        }
        if (!groups.isEmpty() && s.mrai() > 0) {
            waiting.add(s);
            mrai.computeIfAbsent(s, k -> new Timer(sp.node.sim(), () -> mraiExpired(k))).setAfter(s.mrai());
        }
    }

    @Override
    public String toString() {
        return "ipv6 unicast " + Objects.toString(rib.size());
    }
}
