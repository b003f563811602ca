package dev.minternet.routing.ospf;

import dev.minternet.wire.Ip4;
import java.util.Map;
import java.util.TreeMap;

/**
 * Not-so-stubby areas (RFC 3101) on one router: which NSSA this area border router translates
 * (3.1: NSSATranslatorRole {@code always}, or as a {@code candidate} the NSSA border router with
 * the highest router ID the area's SPF reached, unless one of them translates always: its
 * Router-LSA has the Nt bit), and the address its NSSA-external-LSAs carry as forwarding address
 * (2.3: an address of one of its interfaces in the NSSA, the first one up, as FRR's
 * ospf_get_nssa_ip picks it).
 *
 * <p>Not modelled: the TranslatorStabilityInterval (a translator that loses the election stops
 * at once rather than 40 s later) and NSSA ranges.
 */
final class Nssa {
    private final Ospf ospf;
    /** The translator state of each NSSA after the last election, by area ID. */
    private final Map<Integer, Boolean> translating = new TreeMap<>(Integer::compareUnsigned);

    Nssa(Ospf ospf) {
        this.ospf = ospf;
    }

    void clear() {
        translating.clear();
    }

    /** Whether this router is attached to an NSSA and is an area border router: it sets the E bit (3.1). */
    boolean border() {
        if (!ospf.isAbr()) {
            return false;
        }
        for (Area a : ospf.areas.values()) {
            if (a.nssa()) {
                return true;
            }
        }
        return false;
    }

    /** Whether this router translates area {@code a}'s type-7 LSAs as of the last election. */
    boolean translates(Area a) {
        return translating.getOrDefault(a.id, false);
    }

    /** The Nt bit of this router's Router-LSA in {@code a}: an NSSA border router that translates always. */
    int ntFlag(Area a) {
        return a.nssa() && ospf.isAbr() && OspfConfig.TRANSLATE_ALWAYS.equals(a.cfg.translate()) ? Lsa.FLAG_NT : 0;
    }

    /**
     * 3.1 after each route calculation: elects each NSSA's translator; a change is traced, and the
     * translated AS-external-LSAs follow in {@link Asbr#update}.
     */
    void elect() {
        for (Area a : ospf.areas.values()) {
            if (!a.nssa()) {
                continue;
            }
            String why;
            boolean on;
            String role = a.cfg.translate();
            if (!ospf.isAbr()) {
                on = false;
                why = "not an area border router";
            } else if (OspfConfig.TRANSLATE_ALWAYS.equals(role)) {
                on = true;
                why = "translate always";
            } else if (OspfConfig.TRANSLATE_NEVER.equals(role)) {
                on = false;
                why = "translate never";
            } else {
                int best = ospf.rid;
                int always = 0;
                for (Map.Entry<Integer, Area.RouterPath> e : a.routers.entrySet()) {
                    Area.RouterPath r = e.getValue();
                    if (!r.border()) {
                        continue;
                    }
                    if ((r.flags() & Lsa.FLAG_NT) != 0 && always == 0) {
                        always = e.getKey();
                    }
                    if (Integer.compareUnsigned(e.getKey(), best) > 0) {
                        best = e.getKey();
                    }
                }
                on = always == 0 && best == ospf.rid;
                why = always != 0 ? Ip4.str(always) + " translates always (Nt bit)"
                        : on ? "highest router ID of the area's border routers"
                        : Ip4.str(best) + " has a higher router ID";
            }
            Boolean was = translating.put(a.id, on);
            if ((was == null ? on : was != on) && ospf.trace.enabled()) {
                ospf.trace.emit(ospf.node().name(), OspfEvents.TRANSLATOR, Ip4.str(a.id), on ? "enabled" : "disabled",
                        why);
            }
        }
    }

    /** The forwarding address of this router's type-7 LSAs in {@code a}: its first interface up there, or 0. */
    int forwardingAddress(Area a) {
        for (Iface i : a.ifaces) {
            if (i.up && i.nic.isUp()) {
                return i.nic.address();
            }
        }
        return 0;
    }
}
