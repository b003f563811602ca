package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpMessage.Prefix;
import java.util.List;
import java.util.Map;

/**
 * A router's BGP configuration as the scenario's {@code as:} and {@code bgp:} fields give it
 * (docs/scenarios.md). Durations are in nanoseconds.
 *
 * @param routerId the BGP identifier
 * @param networks prefixes this router originates ({@code network} statements; announced without
 *                 FRR's import check)
 * @param prefixLists named prefix lists the neighbours' policies refer to
 * @param clusterId the route reflector's CLUSTER_ID (RFC 4456; 0: the router ID, as FRR)
 * @param maxPaths {@code maximum-paths}: eBGP paths installed together (1: no multipath)
 * @param maxPathsIbgp {@code maximum-paths ibgp}: iBGP paths installed together
 * @param multipathRelax {@code bgp bestpath as-path multipath-relax}: paths from different
 *                       neighbouring ASes (with AS_PATHs of the same length) may be multipaths
 * @param networks6 IPv6 prefixes this router originates ({@code address-family ipv6 unicast},
 *                  {@code network} statements), announced to the neighbours with {@code ipv6: true}
 * @param prefixLists6 named IPv6 prefix lists ({@code ipv6 prefix-list}) the neighbours' IPv6 policies refer to
 */
public record BgpConfig(long as, int routerId, List<Network> networks, Map<String, List<PrefixRule>> prefixLists,
                        List<Neighbor> neighbors, long holdNs, long keepaliveNs, long connectRetryNs, int clusterId,
                        int maxPaths, int maxPathsIbgp, boolean multipathRelax, List<Mp6.Prefix6> networks6,
                        Map<String, List<PrefixRule6>> prefixLists6) {

    /** A configuration without IPv6 prefix lists. */
    public BgpConfig(long as, int routerId, List<Network> networks, Map<String, List<PrefixRule>> prefixLists,
                     List<Neighbor> neighbors, long holdNs, long keepaliveNs, long connectRetryNs, int clusterId,
                     int maxPaths, int maxPathsIbgp, boolean multipathRelax, List<Mp6.Prefix6> networks6) {
        this(as, routerId, networks, prefixLists, neighbors, holdNs, keepaliveNs, connectRetryNs, clusterId, maxPaths,
                maxPathsIbgp, multipathRelax, networks6, Map.of());
    }

    /** A configuration without IPv6 prefixes. */
    public BgpConfig(long as, int routerId, List<Network> networks, Map<String, List<PrefixRule>> prefixLists,
                     List<Neighbor> neighbors, long holdNs, long keepaliveNs, long connectRetryNs, int clusterId,
                     int maxPaths, int maxPathsIbgp, boolean multipathRelax) {
        this(as, routerId, networks, prefixLists, neighbors, holdNs, keepaliveNs, connectRetryNs, clusterId, maxPaths,
                maxPathsIbgp, multipathRelax, List.of());
    }

    /** A configuration without route reflection or multipath. */
    public BgpConfig(long as, int routerId, List<Network> networks, Map<String, List<PrefixRule>> prefixLists,
                     List<Neighbor> neighbors, long holdNs, long keepaliveNs, long connectRetryNs) {
        this(as, routerId, networks, prefixLists, neighbors, holdNs, keepaliveNs, connectRetryNs, 0, 1, 1, false);
    }

    /** The CLUSTER_ID this router puts in CLUSTER_LIST when it reflects a route. */
    public int cluster() {
        return clusterId != 0 ? clusterId : routerId;
    }

    /** FRR's limit on {@code maximum-paths} (its MULTIPATH_NUM in distribution builds). */
    public static final int MAX_MULTIPATH = 64;

    public static final long DEFAULT_HOLD_NS = 180_000_000_000L;
    public static final long DEFAULT_KEEPALIVE_NS = 60_000_000_000L;
    public static final long DEFAULT_CONNECT_RETRY_NS = 120_000_000_000L;
    public static final long EBGP_MRAI_NS = 30_000_000_000L;

    /** A prefix this router originates, with its ORIGIN and the communities it carries (e.g. BLACKHOLE). */
    public record Network(Prefix prefix, int origin, List<Integer> communities) {
    }

    /** Who a neighbour is to this AS (Gao-Rexford). */
    public enum Relationship {
        CUSTOMER(200), PEER(150), PROVIDER(100);

        /** The LOCAL_PREF given to routes learned over such a session unless a policy sets one. */
        public final int localPref;

        Relationship(int localPref) {
            this.localPref = localPref;
        }
    }

    /** One line of a prefix list, as FRR writes it: permit|deny PREFIX [ge N] [le N]. */
    public record PrefixRule(boolean permit, Prefix prefix, int ge, int le) {
        public boolean matches(Prefix p) {
            if (!prefix.contains(p.network()) || p.length() < prefix.length()) {
                return false;
            }
            int lo = ge > 0 ? ge : prefix.length();
            int hi = le > 0 ? le : ge > 0 ? 32 : prefix.length();
            return p.length() >= lo && p.length() <= hi;
        }
    }

    /**
     * One line of an IPv6 prefix list, as FRR writes it: {@code ipv6 prefix-list NAME permit|deny
     * PREFIX [ge N] [le N]}, N up to 128.
     */
    public record PrefixRule6(boolean permit, Mp6.Prefix6 prefix, int ge, int le) {
        public boolean matches(Mp6.Prefix6 p) {
            if (p.length() < prefix.length() || !prefix.contains(p.network())) {
                return false;
            }
            int lo = ge > 0 ? ge : prefix.length();
            int hi = le > 0 ? le : ge > 0 ? 128 : prefix.length();
            return p.length() >= lo && p.length() <= hi;
        }
    }

    /**
     * A policy on routes in or out of a session: a prefix list (routes it does not permit are
     * dropped), LOCAL_PREF (in), MED (out), communities added, AS-path prepending (out), and the
     * IPv6 prefix list that filters the session's IPv6 unicast routes (FRR's {@code neighbor X
     * prefix-list NAME in|out} under {@code address-family ipv6 unicast}).
     */
    public record Policy(String prefixList, long localPref, long med, List<Integer> communities, int prepend,
                         String prefixList6) {
        public static final Policy NONE = new Policy(null, -1, -1, List.of(), 0, null);

        /** A policy without an IPv6 prefix list. */
        public Policy(String prefixList, long localPref, long med, List<Integer> communities, int prepend) {
            this(prefixList, localPref, med, communities, prepend, null);
        }
    }

    /**
     * @param relationship customer, peer or provider (null: no Gao-Rexford rules)
     * @param mraiNs MinRouteAdvertisementInterval (-1: 30 s eBGP, 0 iBGP, as FRR)
     * @param holdNs, keepaliveNs this session's timers (-1: the router's)
     * @param routeServerClient this router is a route server and the neighbour its client (RFC 7947)
     * @param routeReflectorClient this router is a route reflector and the (iBGP) neighbour its client (RFC 4456)
     * @param ipv6 {@code neighbor X activate} in {@code address-family ipv6 unicast}: IPv6 prefixes are
     *             exchanged over this (IPv4) session with MP-BGP (RFC 4760, RFC 2545)
     */
    public record Neighbor(int address, long remoteAs, String description, Relationship relationship,
                           boolean nextHopSelf, long mraiNs, long holdNs, long keepaliveNs, Policy in, Policy out,
                           boolean routeServerClient, boolean routeReflectorClient, boolean ipv6) {

        /** A neighbour without the IPv6 address family. */
        public Neighbor(int address, long remoteAs, String description, Relationship relationship,
                        boolean nextHopSelf, long mraiNs, long holdNs, long keepaliveNs, Policy in, Policy out,
                        boolean routeServerClient, boolean routeReflectorClient) {
            this(address, remoteAs, description, relationship, nextHopSelf, mraiNs, holdNs, keepaliveNs, in, out,
                    routeServerClient, routeReflectorClient, false);
        }

        /** A neighbour that is not a route-reflector client. */
        public Neighbor(int address, long remoteAs, String description, Relationship relationship,
                        boolean nextHopSelf, long mraiNs, long holdNs, long keepaliveNs, Policy in, Policy out,
                        boolean routeServerClient) {
            this(address, remoteAs, description, relationship, nextHopSelf, mraiNs, holdNs, keepaliveNs, in, out,
                    routeServerClient, false);
        }
    }
}
