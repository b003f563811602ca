package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpSpeaker.Path;

/**
 * The BGP decision process (RFC 4271 9.1.2.2, in FRRouting's order and with its names for each
 * step): weight (32768 for a route this router originates, else 0), higher LOCAL_PREF, shorter
 * AS_PATH, lower ORIGIN, lower MED (only between paths from the same neighbouring AS; a missing
 * MED counts as 0), eBGP over iBGP, lower IGP cost to the next hop, lower router ID (the
 * ORIGINATOR_ID when a route reflector set one), shorter CLUSTER_LIST (RFC 4456 9), lower peer
 * address. FRR's "prefer the older eBGP path" step is left out (as with {@code bgp bestpath
 * compare-routerid}), so the result does not depend on arrival order.
 */
final class Decision {
    private Decision() {
    }

    /** Negative when {@code a} is better than {@code b}; {@code reason[0]} names the deciding step. */
    static int compare(Path a, Path b, String[] reason) {
        int c;
        if ((c = Long.compare(b.weight(), a.weight())) != 0) {
            reason[0] = "Weight";
            return c;
        }
        if ((c = Long.compare(b.localPref(), a.localPref())) != 0) {
            reason[0] = "Local Pref";
            return c;
        }
        if ((c = Boolean.compare(b.local(), a.local())) != 0) {
            reason[0] = "Local Route";
            return c;
        }
        if ((c = Integer.compare(a.asPath.length, b.asPath.length)) != 0) {
            reason[0] = "AS Path";
            return c;
        }
        if ((c = Integer.compare(a.base.origin(), b.base.origin())) != 0) {
            reason[0] = "Origin";
            return c;
        }
        if (a.neighborAs() == b.neighborAs()
                && (c = Long.compare(Math.max(a.base.med(), 0), Math.max(b.base.med(), 0))) != 0) {
            reason[0] = "MED";
            return c;
        }
        if ((c = Boolean.compare(b.external(), a.external())) != 0) {
            reason[0] = "Peer Type";
            return c;
        }
        if ((c = Integer.compare(a.igpMetric(), b.igpMetric())) != 0) {
            reason[0] = "IGP Metric";
            return c;
        }
        if ((c = Integer.compareUnsigned(a.routerId(), b.routerId())) != 0) {
            reason[0] = "Router ID"; // the ORIGINATOR_ID in place of the peer's when present (RFC 4456 9)
            return c;
        }
        if ((c = Integer.compare(a.base.clusterList().length, b.base.clusterList().length)) != 0) {
            reason[0] = "Cluster length"; // RFC 4456 9: the shorter CLUSTER_LIST
            return c;
        }
        int pa = a.from() == null ? 0 : a.from().peer();
        int pb = b.from() == null ? 0 : b.from().peer();
        c = Integer.compareUnsigned(pa, pb);
        reason[0] = "Peer IP";
        // Equal only for two paths of one session or two of this router's own, which a Loc-RIB
        // entry never holds (a session's new path replaces its old one; a network is listed once):
        // then the first in the entry's order, the newer, stays best.
        return c;
    }

    /**
     * Whether {@code a} may be installed together with the best path {@code b} (FRR's
     * bgp_path_info_cmp step 11): every step up to the IGP metric ties, and the AS_PATHs are equal
     * (iBGP) or the paths come from the same neighbouring AS (eBGP), unless
     * {@code multipath-relax} lets any paths of equal AS_PATH length be equal.
     */
    static boolean multipathEqual(Path a, Path b, boolean relax) {
        if (a.from() == null || b.from() == null) {
            return false;
        }
        String[] reason = new String[1];
        compare(a, b, reason);
        String r = reason[0];
        if (!(r.equals("Router ID") || r.equals("Cluster length") || r.equals("Peer IP"))) {
            return false;
        }
        if (relax) {
            return true;
        }
        if (!a.external()) {
            return java.util.Arrays.equals(a.asPath, b.asPath);
        }
        return a.from().n.remoteAs() == b.from().n.remoteAs();
    }
}
