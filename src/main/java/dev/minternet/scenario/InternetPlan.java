package dev.minternet.scenario;

import dev.minternet.scenario.Cities.City;
import dev.minternet.sim.RandomStreams;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A generated AS-level internet ({@code generate: internet}, docs/scenarios.md "Generated internet"):
 * the plan of ASes, their relationships, routers, addresses and exchange points drawn from one seed,
 * and its compilation to the scenario primitives the other readers know (routers with {@code as:},
 * {@code bgp:} and {@code ospf:}, hosts, {@code links:} and the exchange points' {@code lans:}), as
 * YAML text that the loader reads like a file of its own.
 *
 * <ul>
 *   <li>AS {@code i} (0-based, tier-1s first, then transit, content and stub ASes) is AS number
 *       {@code 1000 + i} and announces 100.64.0.0/10's {@code i}-th /24 from its first router;
 *       the /24's lower half is the host LAN (router .1, host .10), its upper half the /30s of
 *       the links inside the AS; .250 + k is router k's router ID.</li>
 *   <li>Tier-1s (3 routers in 3 cities) form a full peering clique; transit ASes (3 routers near
 *       their home city) buy from two tier-1s; content and stub ASes (2 routers in their home
 *       city) buy from transit ASes near them: content from two, a stub from one or two.
 *       Links between ASes are /30s from 172.16.0.0/12, between the two routers closest to each
 *       other.</li>
 *   <li>Inside an AS the routers are a full mesh of links running OSPF (area 0) and a full mesh of
 *       iBGP sessions with next-hop-self.</li>
 *   <li>Exchange point {@code k} sits in one of the cities with the most transit and content
 *       ASes: a switch on 198.18.0.0/15's {@code k}-th /24 with a route server (RFC 7947, AS
 *       64512 + k, address .254); transit and content ASes join their nearest exchange with
 *       probability 0.7, unless they buy from or sell to a member already there (so every pair
 *       of ASes has one relationship). Members peer through the route server.</li>
 * </ul>
 */
final class InternetPlan {
    enum Tier { TIER1, TRANSIT, CONTENT, STUB }

    /** What {@code generate: internet} asks for. */
    record Spec(long seed, int ases, double tier1, double transit, double content, int ixps) {
    }

    static final long FIRST_AS = 1000;
    static final long FIRST_RS_AS = 64512;
    static final int AS_BASE = Ip4.parse("100.64.0.0");
    static final int LINK_BASE = Ip4.parse("172.16.0.0");
    static final int IXP_BASE = Ip4.parse("198.18.0.0");
    static final int MAX_ASES = 16384; // /24s in 100.64.0.0/10
    static final int MAX_LINKS = 1 << 18; // /30s in 172.16.0.0/12
    static final int MAX_MEMBERS = 250;
    static final double JOIN_IXP = 0.7;

    /** One router: its name, city and interfaces as they are handed out. */
    static final class Router {
        final As as;
        final int k;
        final City city;
        final String name;
        int eth;
        int external;
        final List<String> ospf = new ArrayList<>();
        final List<String> neighbors = new ArrayList<>();

        Router(As as, int k, City city) {
            this.as = as;
            this.k = k;
            this.city = city;
            this.name = "as" + as.number + "-r" + k;
        }

        String iface() {
            return name + ":eth" + eth++;
        }

        int routerId() {
            return as.base() + 250 + k;
        }
    }

    /** One AS. */
    static final class As {
        final int index;
        final long number;
        final Tier tier;
        final City home;
        final List<Router> routers = new ArrayList<>();
        final List<As> providers = new ArrayList<>();
        final List<As> customers = new ArrayList<>();
        final List<As> peers = new ArrayList<>();
        int ixp = -1;

        As(int index, Tier tier, City home) {
            this.index = index;
            this.number = FIRST_AS + index;
            this.tier = tier;
            this.home = home;
        }

        int base() {
            return AS_BASE + (index << 8);
        }

        String prefix() {
            return Ip4.str(base()) + "/24";
        }

        boolean hasHost() {
            return tier == Tier.CONTENT || tier == Tier.STUB;
        }

        String host() {
            return "as" + number + "-h";
        }

        int hostAddress() {
            return base() + 10;
        }

        boolean related(As o) {
            return providers.contains(o) || customers.contains(o) || peers.contains(o);
        }
    }

    /** An exchange point: its city and members (in joining order). */
    record Ixp(int index, City city, List<As> members) {
        int base() {
            return IXP_BASE + (index << 8);
        }

        String name() {
            return "ixp" + index;
        }
    }

    final Spec spec;
    final List<As> ases = new ArrayList<>();
    final List<Ixp> ixps = new ArrayList<>();

    private final StringBuilder nodes = new StringBuilder();
    private final StringBuilder links = new StringBuilder();
    private final StringBuilder lans = new StringBuilder();
    private int nextLink;
    private int linkCount;

    private InternetPlan(Spec spec) {
        this.spec = spec;
    }

    /** The number of ASes of each tier: tier-1s at least one, stubs the rest. */
    static int[] counts(Spec s) {
        int n = s.ases();
        int t1 = (int) Math.max(1, Math.round(n * s.tier1()));
        int tr = (int) Math.min(n - t1, Math.round(n * s.transit()));
        int co = (int) Math.min(n - t1 - tr, Math.round(n * s.content()));
        return new int[] {t1, tr, co, n - t1 - tr - co};
    }

    static InternetPlan generate(Spec spec) {
        InternetPlan p = new InternetPlan(spec);
        p.build();
        return p;
    }

    private void build() {
        RandomStreams streams = new RandomStreams(spec.seed());
        SplittableRandom cities = streams.stream("internet-cities");
        SplittableRandom rel = streams.stream("internet-relationships");
        SplittableRandom ixp = streams.stream("internet-ixps");
        int[] c = counts(spec);
        Tier[] tiers = Tier.values();
        for (int t = 0, i = 0; t < tiers.length; t++) {
            for (int j = 0; j < c[t]; j++, i++) {
                As a = new As(i, tiers[t], Cities.ALL.get(cities.nextInt(Cities.ALL.size())));
                ases.add(a);
                int routers = tiers[t] == Tier.TIER1 || tiers[t] == Tier.TRANSIT ? 3 : 2;
                List<City> near = Cities.byDistance(a.home);
                a.routers.add(new Router(a, 0, a.home));
                List<City> others = new ArrayList<>(tiers[t] == Tier.TIER1 ? near.subList(1, near.size())
                        : tiers[t] == Tier.TRANSIT ? near.subList(1, 9) : List.of());
                for (int k = 1; k < routers; k++) {
                    City city = others.isEmpty() ? a.home : others.remove(cities.nextInt(others.size()));
                    a.routers.add(new Router(a, k, city));
                }
            }
        }
        List<As> tier1 = ofTier(Tier.TIER1);
        List<As> transit = ofTier(Tier.TRANSIT);
        for (int i = 0; i < tier1.size(); i++) {
            for (int j = i + 1; j < tier1.size(); j++) {
                tier1.get(i).peers.add(tier1.get(j));
                tier1.get(j).peers.add(tier1.get(i));
            }
        }
        for (As a : transit) {
            buy(a, pick(rel, tier1, 2));
        }
        Nearest nearTransit = new Nearest(transit);
        for (As a : ases) {
            if (a.tier == Tier.CONTENT || a.tier == Tier.STUB) {
                List<As> pool = transit.isEmpty() ? tier1 : nearTransit.of(a.home, 6);
                int n = a.tier == Tier.CONTENT ? 2 : rel.nextDouble() < 0.5 ? 2 : 1;
                buy(a, pick(rel, pool, n));
            }
        }
        placeIxps(ixp);
        compile();
    }

    private List<As> ofTier(Tier t) {
        return ases.stream().filter(a -> a.tier == t).toList();
    }

    /**
     * The {@code n} members of a pool whose homes are nearest to {@code from}, nearest first, equally far
     * ones in pool order: what a stable sort of the pool by distance gives, without sorting the pool for
     * each AS (that was quadratic: 8,000 sorts of 1,800 transit ASes at 10,000 ASes). The pool's members
     * are bucketed by home city once; the cities are walked nearest first.
     */
    private static final class Nearest {
        private final List<List<As>> byCity = new ArrayList<>();
        private final java.util.Map<As, Integer> position = new java.util.IdentityHashMap<>();

        Nearest(List<As> pool) {
            for (int i = 0; i < Cities.ALL.size(); i++) {
                byCity.add(new ArrayList<>());
            }
            for (int i = 0; i < pool.size(); i++) {
                As a = pool.get(i);
                byCity.get(Cities.index(a.home)).add(a);
                position.put(a, i);
            }
        }

        List<As> of(City from, int n) {
            List<City> order = Cities.byDistance(from);
            List<As> out = new ArrayList<>();
            for (int i = 0; i < order.size() && out.size() < n; ) {
                double d = Cities.distanceKm(from, order.get(i));
                int j = i;
                List<As> group = new ArrayList<>();
                while (j < order.size() && Double.compare(Cities.distanceKm(from, order.get(j)), d) == 0) {
                    group.addAll(byCity.get(Cities.index(order.get(j))));
                    j++;
                }
                if (j - i > 1) {
                    group.sort(Comparator.comparingInt(position::get)); // cities equally far: pool order
                }
                out.addAll(group);
                i = j;
            }
            return out.subList(0, Math.min(n, out.size()));
        }
    }

    /** {@code n} distinct members of {@code pool} (all of them when it is that small), in pool order. */
    private static List<As> pick(SplittableRandom r, List<As> pool, int n) {
        List<As> left = new ArrayList<>(pool);
        List<As> out = new ArrayList<>();
        while (out.size() < n && !left.isEmpty()) {
            out.add(left.remove(r.nextInt(left.size())));
        }
        out.sort(Comparator.comparingInt(x -> x.index));
        return out;
    }

    private static void buy(As customer, List<As> providers) {
        for (As p : providers) {
            customer.providers.add(p);
            p.customers.add(customer);
        }
    }

    private void placeIxps(SplittableRandom r) {
        if (spec.ixps() == 0) {
            return;
        }
        int[] homes = new int[Cities.ALL.size()];
        for (As a : ases) {
            if (a.tier == Tier.TRANSIT || a.tier == Tier.CONTENT) {
                homes[Cities.ALL.indexOf(a.home)]++;
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < homes.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> -homes[i]));
        for (int k = 0; k < spec.ixps(); k++) {
            ixps.add(new Ixp(k, Cities.ALL.get(order.get(k)), new ArrayList<>()));
        }
        for (As a : ases) {
            if (a.tier != Tier.TRANSIT && a.tier != Tier.CONTENT) {
                continue;
            }
            boolean join = r.nextDouble() < JOIN_IXP;
            Ixp best = null;
            for (Ixp x : ixps) {
                if (best == null || Cities.distanceKm(a.home, x.city()) < Cities.distanceKm(a.home, best.city())) {
                    best = x;
                }
            }
            if (!join || best.members().size() >= MAX_MEMBERS
                    || best.members().stream().anyMatch(m -> m.related(a))) {
                continue;
            }
            best.members().add(a);
            a.ixp = best.index();
        }
    }

    // ---- compilation to scenario YAML -------------------------------------------------------------

    /** The router of {@code a} closest to {@code city}; ties go to the one with fewer external links. */
    private static Router closest(As a, City city) {
        Router best = null;
        for (Router r : a.routers) {
            if (best == null) {
                best = r;
                continue;
            }
            double d = Cities.distanceKm(r.city, city);
            double bd = Cities.distanceKm(best.city, city);
            if (d < bd || d == bd && r.external < best.external) {
                best = r;
            }
        }
        return best;
    }

    static String ms(long ns) {
        return String.format(Locale.ROOT, "%d.%06dms", ns / 1_000_000, ns % 1_000_000);
    }

    private void link(String a, int addrA, String b, int addrB, int len, long delayNs) {
        links.append("  - {a: ").append(a).append(' ').append(Ip4.str(addrA)).append('/').append(len)
                .append(", b: ").append(b).append(' ').append(Ip4.str(addrB)).append('/').append(len)
                .append(", delay: ").append(ms(delayNs)).append("}\n");
        linkCount++;
    }

    private static String neighbor(int address, long as, String rel, String desc) {
        return "{address: " + Ip4.str(address) + ", remote-as: " + as + (rel == null ? ", next-hop-self: true"
                : ", relationship: " + rel) + ", description: " + desc + "}";
    }

    /** An eBGP link between the closest routers of {@code a} and {@code b}; {@code relOfB} is b as a sees it. */
    private void external(As a, As b, String relOfB, String relOfA) {
        Router ra = null;
        Router rb = null;
        double best = Double.MAX_VALUE;
        for (Router x : a.routers) {
            Router y = closest(b, x.city);
            double d = Cities.distanceKm(x.city, y.city);
            if (ra == null || d < best || d == best && x.external + y.external < ra.external + rb.external) {
                ra = x;
                rb = y;
                best = d;
            }
        }
        int net = LINK_BASE + 4 * nextLink++;
        ra.external++;
        rb.external++;
        link(ra.iface(), net + 1, rb.iface(), net + 2, 30, Cities.delayNs(ra.city, rb.city));
        ra.neighbors.add(neighbor(net + 2, b.number, relOfB, rb.name));
        rb.neighbors.add(neighbor(net + 1, a.number, relOfA, ra.name));
    }

    private void compile() {
        for (As a : ases) {
            int sub = a.base() + 128;
            for (int i = 0; i < a.routers.size(); i++) {
                for (int j = i + 1; j < a.routers.size(); j++) {
                    Router x = a.routers.get(i);
                    Router y = a.routers.get(j);
                    String ix = "eth" + x.eth;
                    String iy = "eth" + y.eth;
                    link(x.iface(), sub + 1, y.iface(), sub + 2, 30, Cities.delayNs(x.city, y.city));
                    x.ospf.add("{name: " + ix + "}");
                    y.ospf.add("{name: " + iy + "}");
                    x.neighbors.add(neighbor(sub + 2, a.number, null, y.name));
                    y.neighbors.add(neighbor(sub + 1, a.number, null, x.name));
                    sub += 4;
                }
            }
            if (a.hasHost()) {
                Router r0 = a.routers.get(0);
                r0.ospf.add("{name: eth" + r0.eth + ", passive: true}");
                link(r0.iface(), a.base() + 1, a.host(), a.hostAddress(), 25, Cities.delayNs(r0.city, r0.city));
            }
        }
        for (As a : ases) {
            for (As p : a.peers) {
                if (p.index > a.index) {
                    external(a, p, "peer", "peer");
                }
            }
            for (As p : a.providers) {
                external(a, p, "provider", "customer");
            }
        }
        for (Ixp x : ixps) {
            if (x.members().isEmpty()) {
                continue; // nobody near it joined: no switch, no route server
            }
            long rsAs = FIRST_RS_AS + x.index();
            int rs = x.base() + 254;
            StringBuilder ports = new StringBuilder();
            List<String> clients = new ArrayList<>();
            for (int m = 0; m < x.members().size(); m++) {
                As a = x.members().get(m);
                Router r = closest(a, x.city());
                int addr = x.base() + 1 + m;
                ports.append(ports.length() == 0 ? "" : ", ").append('"').append(r.iface()).append(' ')
                        .append(Ip4.str(addr)).append("/24 delay ").append(ms(Cities.delayNs(r.city, x.city())))
                        .append('"');
                r.neighbors.add(neighbor(rs, rsAs, "peer", x.name() + "-rs"));
                clients.add("{address: " + Ip4.str(addr) + ", remote-as: " + a.number
                        + ", route-server-client: true, description: " + r.name + "}");
            }
            ports.append(ports.length() == 0 ? "" : ", ").append('"').append(x.name()).append("-rs ")
                    .append(Ip4.str(rs)).append("/24\"");
            lans.append("  - {switch: ").append(x.name()).append(", delay: ")
                    .append(ms(Cities.delayNs(x.city(), x.city()))).append(", ports: [").append(ports).append("]}\n");
            nodes.append("  - {name: ").append(x.name()).append("-rs, kind: router, as: ").append(rsAs)
                    .append(", bgp: {router-id: ").append(Ip4.str(rs)).append(", neighbors: [")
                    .append(String.join(", ", clients)).append("]}}\n");
        }
        StringBuilder head = new StringBuilder();
        for (As a : ases) {
            for (Router r : a.routers) {
                head.append("  - {name: ").append(r.name).append(", kind: router, as: ").append(a.number)
                        .append(", bgp: {router-id: ").append(Ip4.str(r.routerId()));
                if (r.k == 0) {
                    head.append(", networks: [").append(a.prefix()).append(']');
                }
                head.append(", neighbors: [").append(String.join(", ", r.neighbors)).append("]}");
                if (!r.ospf.isEmpty()) {
                    head.append(", ospf: {router-id: ").append(Ip4.str(r.routerId())).append(", interfaces: [")
                            .append(String.join(", ", r.ospf)).append("]}");
                }
                head.append("}  # ").append(a.tier.name().toLowerCase(Locale.ROOT).replace("tier1", "tier-1"))
                        .append(", ").append(r.city.name()).append('\n');
            }
            if (a.hasHost()) {
                head.append("  - {name: ").append(a.host()).append(", kind: host, routes: [\"default via ")
                        .append(Ip4.str(a.base() + 1)).append("\"]}\n");
            }
        }
        nodes.insert(0, head);
    }

    /** Links this plan has (for the world-size check before its YAML is read). */
    int linkCount() {
        return linkCount;
    }

    /** Nodes this plan has: routers, hosts and route servers. */
    int nodeCount() {
        int n = (int) ixps.stream().filter(x -> !x.members().isEmpty()).count();
        for (As a : ases) {
            n += a.routers.size() + (a.hasHost() ? 1 : 0);
        }
        return n;
    }

    /** The plan as scenario sections: {@code nodes}, {@code links} and {@code lans}. */
    String yaml() {
        return "nodes:\n" + nodes + "links:\n" + links + (lans.length() == 0 ? "" : "lans:\n" + lans);
    }
}
