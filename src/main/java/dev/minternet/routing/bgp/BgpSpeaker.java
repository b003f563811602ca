package dev.minternet.routing.bgp;

import dev.minternet.ip.Hook;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip.PacketFilter;
import dev.minternet.ip.Route;
import dev.minternet.node.Node;
import dev.minternet.routing.IntArrays;
import dev.minternet.routing.bgp.BgpConfig.Neighbor;
import dev.minternet.routing.bgp.BgpConfig.PrefixRule;
import dev.minternet.routing.bgp.BgpConfig.Relationship;
import dev.minternet.routing.bgp.BgpMessage.Attrs;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One router's BGP speaker (as FRRouting's bgpd): its sessions ({@link BgpSession}), the Loc-RIB
 * with every path known per prefix, the decision process ({@link Decision}), export policies
 * (Gao-Rexford valley-free rules, prefix lists, prepending, communities, route-server clients)
 * and the installation of best routes in the node's routing table with proto "bgp", metric 20,
 * their next hops resolved through the node's other routes.
 */
public final class BgpSpeaker {
    /** Linux's metric for routes zebra installs for BGP. */
    public static final int KERNEL_METRIC = 20;
    static final String PROTO = "bgp";

    final Node node;
    final BgpConfig cfg;
    final List<BgpSession> sessions = new ArrayList<>();
    final Map<Integer, BgpSession> byAddress = new TreeMap<>(Integer::compareUnsigned);
    final LocRib rib;
    /** The IPv6 unicast address family (MP-BGP). */
    final Bgp6 v6 = new Bgp6(this);
    private final TreeSet<Prefix> blackholed = new TreeSet<>();
    private long blackholeDrops;
    final SplittableRandom random;
    /** The world's shared AS paths and attribute sets (one table for all speakers). */
    final AttrTable attrTable;
    long tableVersion;
    long updatesSent;
    long lastUpdateNs = -1;

    /**
     * A path: attributes as received (after import policy) and where it came from. The attributes
     * are held in two parts, each shared with every equal one in the world ({@link AttrTable}): the
     * AS path, and the other attributes (an {@code Attrs} with an empty AS path); where it came from
     * and where its next hop resolves are a third part ({@link Source}), shared with the speaker's
     * other paths of that session that resolve alike. 32 bytes a path, where a path with its own
     * {@code Attrs} and AS path array took about 160 (and no sequence number: the decision process
     * never needed one to break a tie, {@link Decision#compare}).
     */
    public static final class Path {
        /** The attributes other than AS_PATH (interned). */
        final Attrs base;
        /** The AS_PATH (interned). */
        final int[] asPath;
        final long receivedNs;
        /** Its session and relationship, and its next hop's resolution at the entry's last decision ({@link BgpSpeaker#resolved}). */
        Source src;

        /** A path with a source of its own, unresolved (the speaker's paths take a shared one). */
        Path(AttrTable table, Attrs attrs, BgpSession from, Relationship rel, long receivedNs) {
            this(table, attrs, new Source(from, rel, false, null, 0, 0), receivedNs);
        }

        Path(AttrTable table, Attrs attrs, Source src, long receivedNs) {
            this.base = table.rest(attrs);
            this.asPath = table.asPath(attrs.asPath());
            this.src = src;
            this.receivedNs = receivedNs;
        }

        /** The attributes, whole (a new {@code Attrs} when the AS path is not empty). */
        public Attrs attrs() {
            return asPath.length == 0 ? base : new Attrs(base.origin(), asPath, base.nextHop(), base.med(), base.localPref(),
                    base.communities(), base.originatorId(), base.clusterList());
        }

        /** The AS path (shared: never changed). */
        int[] asPath() {
            return asPath;
        }

        /** The AS the path was learned from (the first of the path), or 0 for a local or iBGP-originated path. */
        int neighborAs() {
            return asPath.length == 0 ? 0 : asPath[0];
        }

        /** "65002 65003" as FRR prints a path (empty for a local one). */
        String pathString() {
            return BgpMessage.pathString(asPath);
        }

        /** How the session it came from relates to this AS (Gao-Rexford), or null. */
        Relationship rel() {
            return src.rel();
        }

        /** The session it came from; null for a route this router originates. */
        public BgpSession from() {
            return src.from();
        }

        public boolean local() {
            return src.from() == null;
        }

        public boolean external() {
            return src.from() != null && src.from().ebgp;
        }

        public boolean valid() {
            return src.valid();
        }

        public int igpMetric() {
            return src.igpMetric();
        }

        /** The resolved gateway: the next hop itself when on a connected network, else the IGP's gateway. */
        public int gateway() {
            return src.gateway();
        }

        /** The interface the resolved next hop leaves by (null when unresolved). */
        public NetInterface iface() {
            return src.iface();
        }

        /** The BGP identifier the decision process compares: ORIGINATOR_ID when present (RFC 4456 9). */
        public int routerId() {
            return base.originatorId() != 0 ? base.originatorId() : src.from() == null ? 0 : src.from().remoteId;
        }

        public long receivedNs() {
            return receivedNs;
        }

        public long weight() {
            return src.from() == null ? 32768 : 0;
        }

        /** LOCAL_PREF as the decision process reads it: the attribute, or the default 100. */
        public long localPref() {
            return base.localPref() >= 0 ? base.localPref() : 100;
        }
    }

    BgpSpeaker(Node node, BgpConfig cfg, AttrTable attrTable) {
        this.node = node;
        this.cfg = cfg;
        this.attrTable = attrTable;
        this.rib = new LocRib(attrTable);
        this.random = node.random("bgp");
        for (Neighbor n : cfg.neighbors()) {
            BgpSession s = new BgpSession(this, n);
            sessions.add(s);
            byAddress.put(n.address(), s);
        }
    }

    public Node node() {
        return node;
    }

    public BgpConfig config() {
        return cfg;
    }

    public List<BgpSession> sessions() {
        return sessions;
    }

    /** The Loc-RIB's entries in prefix order (read-only). */
    public List<RibEntry> rib() {
        return rib.inOrder();
    }

    /** The IPv6 unicast address family: its table, and what each session exchanged in it. */
    public Bgp6 ipv6() {
        return v6;
    }

    public RibEntry entry(Prefix p) {
        return rib.get(p);
    }

    public long tableVersion() {
        return tableVersion;
    }

    /** UPDATE messages this router has sent, over all its sessions. */
    public long updatesSent() {
        return updatesSent;
    }

    /** When this router last sent an UPDATE (simulated ns), or -1. */
    public long lastUpdateNs() {
        return lastUpdateNs;
    }

    /** Opens port 179, originates the networks and starts every session. */
    void start() {
        dev.minternet.transport.tcp.TcpStreamSocket.listen(node.tcp(), 179, BgpSession.tcpConfig(node.tcp()), sock -> {
            BgpSession s = byAddress.get(sock.remoteAddress());
            if (s == null) {
                sock.abort(); // bgpd closes connections from addresses it has no neighbour for
                return;
            }
            s.incoming(sock);
        });
        for (BgpConfig.Network n : cfg.networks()) {
            RibEntry e = entryFor(n.prefix());
            e.addFirst(new Path(attrTable, new Attrs(n.origin(), Attrs.NONE, 0, 0, -1,
                    sortedUnique(n.communities())), source(null, null), node.sim().now()));
        }
        node.ip().addFilter(Hook.PREROUTING, (hook, d, in, out) -> {
            if (blackholed.isEmpty()) {
                return PacketFilter.ACCEPT;
            }
            int dst = BigEndian.u32(d, 16);
            if (node.ip().isLocalAddress(dst)) {
                return PacketFilter.ACCEPT;
            }
            for (Prefix p : blackholed) {
                if (p.contains(dst)) {
                    blackholeDrops++;
                    return PacketFilter.DROP;
                }
            }
            return PacketFilter.ACCEPT;
        });
        for (NetInterface i : node.ip().interfaces()) {
            i.onCarrierChange(() -> {
                if (!i.isUp()) {
                    for (BgpSession s : sessions) {
                        if (s.ebgp && i.cidr().contains(s.peer()) && s.state() != BgpSession.State.IDLE) {
                            s.down("interface " + i.name() + " down", false);
                        }
                    }
                }
            });
        }
        decide();
        v6.start();
        for (BgpSession s : sessions) {
            s.start();
        }
    }

    static int[] sortedUnique(Collection<Integer> cs) {
        int[] a = new int[cs.size()];
        int n = 0;
        for (int c : cs) {
            a[n++] = c;
        }
        return sortedUnique(a, n);
    }

    /** The first {@code n} of {@code a} (changed: a scratch array) in unsigned order, each once, in a new array. */
    static int[] sortedUnique(int[] a, int n) {
        for (int i = 0; i < n; i++) {
            a[i] ^= Integer.MIN_VALUE; // unsigned order through a signed sort
        }
        if (n > 16) {
            Arrays.sort(a, 0, n);
        } else { // a few communities, nearly always in order already (a path's set and a tag or two): an insertion sort
            for (int i = 1; i < n; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= 0 && a[j] > v) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (k == 0 || a[k - 1] != a[i]) {
                a[k++] = a[i];
            }
        }
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = a[i] ^ Integer.MIN_VALUE;
        }
        return out;
    }

    /** Distinct community sets this router holds, each once: paths share them as FRR's interned attributes do. */
    private final IntArrays communitySets = new IntArrays();

    /** The shared copy of a community set (sorted, unique). */
    int[] communitySet(Collection<Integer> cs) {
        int[] a = sortedUnique(cs);
        return communitySets.intern(a);
    }

    /** The shared copy of the community set of the first {@code n} of {@code cs} (a scratch array). */
    int[] communitySet(int[] cs, int n) {
        return communitySets.intern(sortedUnique(cs, n));
    }

    // ---- import ----------------------------------------------------------------------------

    int relTag(Relationship r) {
        return (int) (cfg.as() << 16) | (r.ordinal() + 1);
    }

    boolean tagsRelationships() {
        return cfg.as() <= 0xFFFF;
    }

    boolean permitted(String list, Prefix p) {
        if (list == null) {
            return true;
        }
        for (PrefixRule r : cfg.prefixLists().getOrDefault(list, List.of())) {
            if (r.matches(p)) {
                return r.permit();
            }
        }
        return false; // the implicit deny at the end of a prefix list
    }

    /** An UPDATE from {@code s}: withdrawals, then announcements through the import policy. */
    void received(BgpSession s, BgpMessage.Update u) {
        boolean trace = node.trace().enabled();
        String peer = trace ? Ip4.str(s.peer()) : null;
        for (Prefix p : u.withdrawn()) {
            if (trace) {
                node.trace().emit(node.name(), BgpEvents.WITHDRAW_IN, peer, p.toString());
            }
            removePath(s, p);
        }
        for (Prefix p : u.nlri()) {
            Attrs a = u.attrs();
            if (trace) {
                node.trace().emit(node.name(), BgpEvents.ANNOUNCE_IN, peer, p.toString(), a.pathString(),
                        Ip4.str(a.nextHop()), a.localPref(), a.med(), communities(a.communities()));
            }
            removePath(s, p);
            Attrs in = Import.attrs(this, s, p, a);
            if (in == null) {
                continue;
            }
            Relationship rel = s.ebgp ? s.n.relationship() : relationshipOf(in);
            RibEntry e = entryFor(p);
            e.addFirst(new Path(attrTable, in, source(s, rel), node.sim().now()));
            s.accepted++;
        }
        List<Prefix> touched = new ArrayList<>(u.withdrawn().size() + u.nlri().size());
        touched.addAll(u.withdrawn());
        touched.addAll(u.nlri());
        decide(touched);
    }

    /** The entry for {@code p}, made if none: its prefix the world's one copy ({@link AttrTable#prefix}). */
    private RibEntry entryFor(Prefix p) {
        RibEntry e = rib.get(p);
        return e != null ? e : rib.add(p);
    }

    private void removePath(BgpSession s, Prefix p) {
        RibEntry e = rib.get(p);
        if (e == null) {
            return;
        }
        if (e.removeFrom(s)) {
            s.accepted--;
        }
    }

    Relationship relationshipOf(Attrs a) {
        if (!tagsRelationships()) {
            return null;
        }
        for (Relationship r : Relationship.values()) {
            if (a.has(relTag(r))) {
                return r;
            }
        }
        return null;
    }

    /** A session went down: its paths are gone. */
    void dropPaths(BgpSession s) {
        for (RibEntry e : rib.inOrder()) {
            e.removeIf(x -> x.from() == s);
        }
        s.accepted = 0;
        decide();
    }

    // ---- decision and installation -----------------------------------------------------------

    /** Re-resolves every next hop (a link changed, or the IGP's routes did) and reruns the decision. */
    public void reresolve() {
        decide();
    }

    /**
     * Originates {@code n} from now on, as if {@code network} had just been added to the
     * configuration (vtysh's {@code network ... route-map} in router bgp): the decision process
     * runs on its prefix and the change goes out to the sessions, subject to each one's MRAI
     * and export policy. A remote-triggered blackhole (RFC 7999) is a /32 with {@link
     * BgpMessage#BLACKHOLE}.
     */
    public void originate(BgpConfig.Network n) {
        RibEntry e = entryFor(n.prefix());
        e.removeIf(Path::local);
        e.addFirst(new Path(attrTable, new Attrs(n.origin(), Attrs.NONE, 0, 0, -1,
                sortedUnique(n.communities())), source(null, null), node.sim().now()));
        decide(List.of(n.prefix()));
    }

    /** Datagrams this router dropped because their destination is in a blackholed prefix (RFC 7999). */
    public long blackholeDrops() {
        return blackholeDrops;
    }

    /** Runs the decision process on every prefix, installs the best routes and schedules exports. */
    void decide() {
        node.ip().table().removeProto(PROTO);
        List<Prefix> changed = new ArrayList<>();
        List<RibEntry> entries = rib.inOrder();
        List<List<Route>> had = new ArrayList<>(entries.size());
        for (RibEntry e : entries) {
            had.add(routes(e)); // what the last decision installed: its chosen paths, as it resolved them
            choose(e, changed);
        }
        blackholed.clear();
        List<Route> install = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            RibEntry e = entries.get(i);
            if (e.isEmpty() && e.best() == null) {
                rib.remove(e.prefix);
                continue;
            }
            Path b = e.best();
            if (b != null && b.base.has(BgpMessage.BLACKHOLE) && !b.local()) {
                blackholed.add(e.prefix);
            }
            List<Route> want = routes(e);
            if (!want.equals(had.get(i))) {
                e.installedSinceNs(node.sim().now());
            }
            install.addAll(want);
        }
        for (Route r : install) {
            node.ip().table().add(r);
        }
        schedule(changed);
    }

    /**
     * Runs the decision process on the prefixes an UPDATE named only, and changes their routes in
     * the routing table (the other prefixes' best paths cannot have changed).
     */
    private void decide(List<Prefix> touched) {
        List<Prefix> changed = new ArrayList<>();
        for (Prefix p : touched) {
            RibEntry e = rib.get(p);
            if (e == null) {
                continue;
            }
            List<Route> had = routes(e); // installed by the last decision
            choose(e, changed);
            List<Route> want = routes(e);
            if (!want.equals(had)) {
                if (!had.isEmpty()) {
                    node.ip().table().removeProto(PROTO, p.network(), p.length());
                }
                for (Route r : want) {
                    node.ip().table().add(r);
                }
                e.installedSinceNs(node.sim().now());
            }
            Path b = e.best();
            if (b != null && b.base.has(BgpMessage.BLACKHOLE) && !b.local()) {
                blackholed.add(p);
            } else {
                blackholed.remove(p);
            }
            if (e.isEmpty() && e.best() == null) {
                rib.remove(p);
            }
        }
        schedule(changed);
    }

    private void schedule(List<Prefix> changed) {
        if (!changed.isEmpty()) {
            for (BgpSession s : sessions) {
                s.schedule(changed);
            }
        }
    }

    /**
     * The routes to install for the entry's best path and its multipaths (equal-cost routes of one
     * metric, which the routing table spreads flows over); empty for none or a route of this router's own.
     */
    private static List<Route> routes(RibEntry e) {
        Path b = e.best();
        if (b == null || b.local() || b.iface() == null) {
            return List.of();
        }
        int distance = b.external() ? Route.EBGP : Route.IBGP; // zebra's distance for the best path's kind
        List<Path> mp = e.multipaths();
        if (mp.size() == 1) { // the best path alone: one route, in a list of one (no ArrayList kept per prefix)
            return List.of(new Route(e.prefix.network(), e.prefix.length(), b.iface(), b.gateway(), KERNEL_METRIC, PROTO, distance));
        }
        List<Route> out = new ArrayList<>(mp.size());
        for (Path p : mp) {
            Route r = new Route(e.prefix.network(), e.prefix.length(), p.iface(), p.gateway(), KERNEL_METRIC, PROTO, distance);
            if (p.iface() != null && !out.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The best path and the paths FRR would install with it (bgp_path_info_mpath_update): valid
     * paths equal to the best through the IGP metric step ({@link Decision#multipathEqual}), at most
     * {@code maximum-paths} (eBGP best) or {@code maximum-paths ibgp} (iBGP best), ordered by next
     * hop then peer address, one per next hop.
     */
    private List<Path> multipaths(RibEntry e, Path best) {
        if (best == null) {
            return List.of();
        }
        int max = best.local() ? 1 : best.external() ? cfg.maxPaths() : cfg.maxPathsIbgp();
        if (max <= 1) {
            return List.of(best);
        }
        List<Path> cands = new ArrayList<>();
        for (int i = 0; i < e.size(); i++) {
            Path p = e.path(i);
            if (p != best && p.valid() && Decision.multipathEqual(p, best, cfg.multipathRelax())) {
                cands.add(p);
            }
        }
        cands.sort((a, b) -> {
            int c = Integer.compareUnsigned(a.base.nextHop(), b.base.nextHop());
            return c != 0 ? c : Integer.compareUnsigned(a.from().peer(), b.from().peer());
        });
        List<Path> out = new ArrayList<>();
        out.add(best);
        TreeSet<Integer> hops = new TreeSet<>();
        hops.add(best.base.nextHop());
        for (Path p : cands) {
            if (out.size() >= max) {
                break;
            }
            if (hops.add(p.base.nextHop())) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    /** Resolves the entry's paths and picks the best; a new best is traced and added to {@code changed}. */
    private void choose(RibEntry e, List<Prefix> changed) {
        Path best = null;
        String reason = "";
        int valid = 0;
        for (int i = 0; i < e.size(); i++) {
            Path p = e.path(i);
            resolve(p);
            if (!p.valid()) {
                continue;
            }
            valid++;
            if (best == null) {
                best = p;
                reason = "First path received";
                continue;
            }
            String[] why = new String[1];
            if (Decision.compare(p, best, why) < 0) {
                best = p;
            }
            reason = why[0];
        }
        if (valid == 1) {
            reason = "First path received";
        }
        List<Path> mp = multipaths(e, best);
        List<Path> before = e.multipaths(); // with the old best
        if (!mp.equals(before)) {
            if ((mp.size() > 1 || before.size() > 1) && node.trace().enabled()) {
                StringBuilder hops = new StringBuilder();
                for (Path p : mp) {
                    hops.append(hops.length() > 0 ? " " : "").append(Ip4.str(p.base.nextHop()));
                }
                node.trace().emit(node.name(), BgpEvents.MULTIPATH, e.prefix.toString(), (long) mp.size(),
                        hops.toString());
            }
        }
        if (best != e.best()) {
            e.version(++tableVersion);
            changed.add(e.prefix);
            if (node.trace().wants(BgpEvents.BEST_PATH)) {
                node.trace().emit(node.name(), BgpEvents.BEST_PATH, e.prefix.toString(),
                        best == null ? BgpEvents.NO_PATH : describe(best), (long) e.size(),
                        best == null ? "no valid path" : reason);
            }
        }
        e.choose(mp);
        e.reason(reason);
    }

    private static String describe(Path p) {
        return p.local() ? "local" : Ip4.str(p.base.nextHop()) + " [" + p.pathString() + "]";
    }

    /** Resolves a path's next hop through the node's routes other than BGP's. */
    private void resolve(Path p) {
        if (p.local()) {
            resolved(p, true, p.iface(), p.gateway(), 0);
            return;
        }
        int nh = p.base.nextHop();
        Route r = nh == 0 || node.ip().isLocalAddress(nh) ? null : node.ip().routeExcept(nh, PROTO);
        if (r == null || !r.iface().isUp()) {
            resolved(p, false, null, p.gateway(), p.igpMetric()); // the gateway and metric of the last resolution stay
            return;
        }
        resolved(p, true, r.iface(), r.gateway() == 0 ? nh : r.gateway(), r.gateway() == 0 ? 0 : igpMetric(r));
    }

    /**
     * Where a path came from (its session, null for this router's own, and the session's
     * relationship) and where its next hop resolved at its entry's last decision: whether it
     * resolves, the interface, the gateway and the IGP metric (vtysh shows them; the decision
     * compares the metric; the installed route takes the other two). Few distinct ones per router
     * (a session's paths resolve alike but for iBGP next hops), so the speaker keeps one copy of each
     * and its paths hold a reference: 4 bytes a path instead of 21 for the fields.
     */
    record Source(BgpSession from, Relationship rel, boolean valid, NetInterface iface, int gateway, int igpMetric) {
    }

    /** This speaker's sources, each once (looked up only when a path comes or its resolution changes; never iterated). */
    private final java.util.HashMap<Source, Source> sources = new java.util.HashMap<>();

    private Source shared(Source k) {
        Source s = sources.putIfAbsent(k, k);
        return s == null ? k : s;
    }

    /** The shared source of a new path from {@code s} (null: this router's own), not yet resolved. */
    Source source(BgpSession s, Relationship rel) {
        return shared(new Source(s, rel, false, null, 0, 0));
    }

    /** Sets whether and where {@code p}'s next hop resolves, as this speaker's shared copy of that source. */
    void resolved(Path p, boolean valid, NetInterface iface, int gateway, int igpMetric) {
        Source r = p.src;
        if (r.valid() != valid || r.iface() != iface || r.gateway() != gateway || r.igpMetric() != igpMetric) {
            p.src = shared(new Source(r.from(), r.rel(), valid, iface, gateway, igpMetric));
        }
    }

    /** The IGP metric of a route a next hop resolves through: OSPF's cost for an OSPF route (as zebra), else its metric. */
    private int igpMetric(Route r) {
        if (r.proto().equals("ospf")) {
            dev.minternet.routing.ospf.Ospf o = node.service(dev.minternet.routing.ospf.Ospf.class);
            int cost = o == null ? -1 : o.cost(r.network(), r.length());
            if (cost >= 0) {
                return cost;
            }
        }
        return r.metric();
    }

    // ---- export ------------------------------------------------------------------------------

    /** What this router announces to {@code s} for the prefix's best path, or null (withdraw / nothing). */
    Attrs exportAttrs(BgpSession s, RibEntry e) {
        return e == null ? null : exportAttrs(s, e.best(), e.prefix);
    }

    /**
     * What this router announces to {@code s} for {@code prefix} if {@code b} is its best path, or
     * null; a null {@code prefix} (an IPv6 one, filtered by the caller) skips the IPv4 prefix list.
     */
    Attrs exportAttrs(BgpSession s, Path b, Prefix prefix) {
        return Export.attrs(this, s, b, prefix);
    }

    static String communities(int[] cs) {
        StringBuilder sb = new StringBuilder();
        for (int c : cs) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(BgpMessage.community(c));
        }
        return sb.toString();
    }
}
