package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpConfig.Policy;
import dev.minternet.routing.bgp.BgpMessage.Attrs;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.wire.Ip4;
import java.util.List;

/**
 * A speaker's import policy: which paths a session's UPDATEs are accepted with (route reflection
 * loops, RFC 4456 8; AS_PATH loops, RFC 4271 9.1.2; the in-policy's prefix list) and with which
 * attributes (LOCAL_PREF from the policy or the relationship, the relationship's tag and the
 * policy's communities added).
 */
final class Import {
    private Import() {
    }

    /** What this router keeps of {@code a}, received from {@code s} for {@code p}, or null (rejected). */
    static Attrs attrs(BgpSpeaker sp, BgpSession s, Prefix p, Attrs a) {
        if (s.ebgp) {
            a = a.unreflected(); // RFC 7606 7.9, 7.10: discarded when received from an external peer
        } else {
            String loop = a.originatorId() == sp.cfg.routerId() ? "ORIGINATOR_ID is this router's ID" : null;
            for (int c : a.clusterList()) {
                if (c == sp.cfg.cluster()) {
                    loop = "CLUSTER_LIST holds this router's cluster ID";
                }
            }
            if (loop != null) {
                if (sp.node.trace().enabled()) {
                    sp.node.trace().emit(sp.node.name(), BgpEvents.REFLECTION_LOOP, Ip4.str(s.peer()), p.toString(),
                            a.originatorId() == 0 ? "" : Ip4.str(a.originatorId()), a.clusterString(), loop);
                }
                return null; // RFC 4456 8
            }
        }
        if (a.onPath(sp.cfg.as())) {
            return null; // AS_PATH loop (RFC 4271 9.1.2)
        }
        Policy pol = s.n.in();
        if (!sp.permitted(pol.prefixList(), p)) {
            return null;
        }
        return imported(sp, s, pol, a, a.nextHop());
    }

    /**
     * {@code a} as accepted from {@code s} under its in-policy {@code pol}, next hop {@code nextHop}: LOCAL_PREF
     * the policy's, else an external peer's relationship's; its relationship tag and the policy's communities added.
     */
    static Attrs imported(BgpSpeaker sp, BgpSession s, Policy pol, Attrs a, int nextHop) {
        long lp = a.localPref();
        int[] have = a.communities();
        List<Integer> more = pol.communities();
        int[] comms = new int[have.length + 1 + more.size()]; // unboxed: sorted, made unique and interned below
        System.arraycopy(have, 0, comms, 0, have.length);
        int n = have.length;
        if (s.ebgp) {
            lp = pol.localPref() >= 0 ? pol.localPref() : s.n.relationship() != null ? s.n.relationship().localPref : -1;
            if (s.n.relationship() != null && sp.tagsRelationships()) {
                comms[n++] = sp.relTag(s.n.relationship());
            }
        } else if (pol.localPref() >= 0) {
            lp = pol.localPref();
        }
        for (int c : more) {
            comms[n++] = c;
        }
        return new Attrs(a.origin(), a.asPath(), nextHop, a.med(), lp, sp.communitySet(comms, n), a.originatorId(),
                a.clusterList());
    }
}
