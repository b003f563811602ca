package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpConfig.Policy;
import dev.minternet.routing.bgp.BgpConfig.Relationship;
import dev.minternet.routing.bgp.BgpMessage.Attrs;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.routing.bgp.BgpSpeaker.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A speaker's export policy: which best paths go to which session, with which attributes (iBGP
 * split horizon and route reflection, RFC 4456; NO_EXPORT and BLACKHOLE, RFC 1997 and 7999;
 * Gao-Rexford valley-free export; prefix lists, prepending, MED and communities of the out-policy).
 */
final class Export {
    private Export() {
    }

    /**
     * What this router announces to {@code s} for {@code prefix} if {@code b} is its best path, or
     * null; a null {@code prefix} (an IPv6 one, filtered by the caller) skips the IPv4 prefix list.
     */
    static Attrs attrs(BgpSpeaker sp, BgpSession s, Path b, Prefix prefix) {
        if (!exports(sp, s, b, prefix)) {
            return null;
        }
        return build(sp, s, b);
    }

    /** Whether {@link #attrs} gives attributes (not null) for these: the policy's checks without the attributes built. */
    static boolean exports(BgpSpeaker sp, BgpSession s, Path b, Prefix prefix) {
        if (b == null || b.from() == s) {
            return false;
        }
        boolean rsClient = s.n.routeServerClient();
        boolean reflect = !b.local() && !b.from().ebgp && !s.ebgp;
        if (reflect && !b.from().n.routeReflectorClient() && !s.n.routeReflectorClient()) {
            return false; // iBGP split horizon; a route reflector passes a client's routes to all, others' to clients
        }
        if (s.ebgp && (b.base.has(BgpMessage.NO_EXPORT) || b.base.has(BgpMessage.BLACKHOLE) && !b.local())) {
            return false; // RFC 1997, RFC 7999 3.2: blackhole routes stay in the AS that accepted them
        }
        if (s.ebgp && !rsClient && (s.n.relationship() == Relationship.PEER || s.n.relationship() == Relationship.PROVIDER)
                && (b.rel() == Relationship.PEER || b.rel() == Relationship.PROVIDER)) {
            return false; // valley-free: a peer's or provider's route goes to customers only
        }
        Policy out = s.n.out();
        return prefix == null || sp.permitted(out.prefixList(), prefix);
    }

    /** The attributes announced to {@code s} for best path {@code b}, which {@link #exports} lets through. */
    private static Attrs build(BgpSpeaker sp, BgpSession s, Path b) {
        boolean rsClient = s.n.routeServerClient();
        boolean reflect = !b.local() && !b.from().ebgp && !s.ebgp;
        Policy out = s.n.out();
        int[] path = b.asPath;
        int nextHop = b.base.nextHop();
        long med = b.base.med();
        long lp = -1;
        if (s.ebgp && !rsClient) {
            int n = 1 + out.prepend();
            int[] np = new int[path.length + n];
            Arrays.fill(np, 0, n, (int) sp.cfg.as());
            System.arraycopy(path, 0, np, n, path.length);
            path = np;
            nextHop = s.localAddress();
            if (!b.local()) {
                med = -1; // MED is not passed on to other ASes (RFC 4271 5.1.4)
            }
        } else if (!s.ebgp) {
            lp = b.localPref();
            if (b.local() || s.n.nextHopSelf() && !reflect) {
                nextHop = s.localAddress(); // a reflected route keeps its next hop (FRR: unless next-hop-self force)
            }
        } else if (b.local()) {
            nextHop = s.localAddress();
        }
        if (out.med() >= 0) {
            med = out.med();
        }
        int[] have = b.base.communities();
        List<Integer> more = out.communities();
        int[] comms = new int[have.length + more.size()]; // unboxed; then in unsigned order, each once
        int k = 0;
        boolean strip = s.ebgp && sp.tagsRelationships();
        for (int c : have) {
            if (!(strip && c >>> 16 == sp.cfg.as() && (c & 0xFFFF) >= 1 && (c & 0xFFFF) <= 3)) {
                comms[k++] = c;
            }
        }
        for (int c : more) {
            comms[k++] = c;
        }
        Attrs a = new Attrs(b.base.origin(), path, nextHop, med, lp, BgpSpeaker.sortedUnique(comms, k));
        if (reflect) {
            // RFC 4456 8: ORIGINATOR_ID set once (the router ID of the peer it came from), own cluster ID prepended
            int[] old = b.base.clusterList();
            int[] clusters = new int[old.length + 1];
            clusters[0] = sp.cfg.cluster();
            System.arraycopy(old, 0, clusters, 1, old.length);
            a = a.reflected(b.routerId(), clusters);
        }
        return a;
    }
}
