package dev.minternet.routing.ospf;

import java.util.List;

/**
 * A router's OSPF configuration, as FRR's {@code router ospf} and {@code ip ospf} interface
 * commands give it.
 *
 * @param routerId the router ID (FRR picks the highest interface address when none is set; so does the scenario reader)
 * @param interfaces the interfaces OSPF runs on, in configuration order
 * @param spfDelayNs {@code timers throttle spf}: delay from the first change to the SPF run (FRR: 0 ms)
 * @param spfHoldNs initial hold time between two runs (FRR: 50 ms), doubled while changes keep coming
 * @param spfMaxHoldNs the longest hold time (FRR: 5000 ms)
 * @param areas the areas configured beyond their interfaces ({@code area A stub}, {@code area A range}), by area ID
 * @param redistribute {@code redistribute connected} / {@code redistribute static}: the route types this router
 *        originates AS-external LSAs for (type 5, or type 7 in an NSSA); empty: not an AS boundary router
 * @param externals each redistributed route type's {@code metric-type} and {@code metric}, in the order of
 *        {@code redistribute} (FRR's defaults: type 2, metric 20)
 */
public record OspfConfig(int routerId, List<IfaceConfig> interfaces, long spfDelayNs, long spfHoldNs, long spfMaxHoldNs,
                         List<AreaConfig> areas, List<String> redistribute, List<External> externals) {
    /** FRR's default metric for redistributed routes ({@code default-metric}), metric type 2. */
    public static final int DEFAULT_EXTERNAL_METRIC = 20;
    /** FRR's {@code area A default-cost} default: the metric of the default summary an ABR gives a stub area. */
    public static final int DEFAULT_STUB_COST = 1;

    /** Every redistributed route type at FRR's default metric type 2 and metric 20. */
    public OspfConfig(int routerId, List<IfaceConfig> interfaces, long spfDelayNs, long spfHoldNs, long spfMaxHoldNs,
                      List<AreaConfig> areas, List<String> redistribute) {
        this(routerId, interfaces, spfDelayNs, spfHoldNs, spfMaxHoldNs, areas, redistribute,
                redistribute.stream().map(w -> new External(w, 2, DEFAULT_EXTERNAL_METRIC)).toList());
    }

    /**
     * {@code redistribute W metric-type T metric M}: the routes of type {@code what} go out as
     * AS-external (or NSSA) LSAs with a type 1 or type 2 metric {@code metric} (RFC 2328 A.4.5).
     */
    public record External(String what, int metricType, int metric) {
    }

    /** The metric type and metric of route type {@code what} ({@code connected}, {@code static}), or null. */
    public External external(String what) {
        for (External e : externals) {
            if (e.what().equals(what)) {
                return e;
            }
        }
        return null;
    }

    /** Interfaces only: every area a normal one, nothing redistributed. */
    public OspfConfig(int routerId, List<IfaceConfig> interfaces, long spfDelayNs, long spfHoldNs, long spfMaxHoldNs) {
        this(routerId, interfaces, spfDelayNs, spfHoldNs, spfMaxHoldNs, List.of(), List.of());
    }

    /**
     * An area's settings (FRR's {@code area A stub [no-summary]}, {@code area A default-cost C},
     * {@code area A range P [not-advertise] [cost C]}).
     *
     * @param stub a stub area (RFC 2328 3.6): no AS-external LSAs, the E bit clear in its hellos and LSAs
     * @param noSummary totally stubby: no Summary-LSAs into it but the default one
     * @param defaultCost the metric of the default summary (0.0.0.0/0) an ABR originates into a stub area
     * @param ranges the address ranges an ABR condenses the area's intra-area routes into (12.4.3)
     * @param nssa a not-so-stubby area (RFC 3101): no AS-external LSAs, but NSSA-external ones (type 7) from its
     *        own AS boundary routers, which an area border router translates into AS-external ones; {@code noSummary}
     *        and {@code defaultCost} as for a stub area
     * @param translate this router's NSSATranslatorRole in the NSSA: {@code candidate}, {@code always} or {@code never}
     */
    public record AreaConfig(int id, boolean stub, boolean noSummary, int defaultCost, List<Range> ranges, boolean nssa,
                             String translate) {
        /** A normal or stub area (not an NSSA). */
        public AreaConfig(int id, boolean stub, boolean noSummary, int defaultCost, List<Range> ranges) {
            this(id, stub, noSummary, defaultCost, ranges, false, TRANSLATE_CANDIDATE);
        }
    }

    /**
     * {@code area A nssa translate-candidate|translate-always|translate-never} (RFC 3101 3.1's
     * NSSATranslatorRole): candidate, elected when it has the highest router ID among the NSSA's
     * border routers and none translates always.
     */
    public static final String TRANSLATE_CANDIDATE = "candidate";
    public static final String TRANSLATE_ALWAYS = "always";
    public static final String TRANSLATE_NEVER = "never";

    /**
     * An area range: the area's intra-area routes inside it go out as one Summary-LSA (or none,
     * {@code advertise} false).
     *
     * @param cost the summary's metric; -1: the largest cost of the routes inside (RFC 2328 12.4.3, FRR's default)
     */
    public record Range(int network, int length, boolean advertise, int cost) {
        public boolean contains(int net, int len) {
            return len >= length && (net & dev.minternet.wire.Ip4.mask(length)) == network;
        }
    }

    /** The settings of area {@code id} (a normal area with no range when none is configured). */
    public AreaConfig area(int id) {
        for (AreaConfig a : areas) {
            if (a.id() == id) {
                return a;
            }
        }
        return new AreaConfig(id, false, false, DEFAULT_STUB_COST, List.of());
    }

    public static final int DEFAULT_HELLO = 10;
    public static final int DEFAULT_DEAD = 40;
    public static final long DEFAULT_SPF_DELAY_NS = 0;
    public static final long DEFAULT_SPF_HOLD_NS = 50_000_000L;
    public static final long DEFAULT_SPF_MAX_HOLD_NS = 5_000_000_000L;

    /**
     * One OSPF interface ({@code ip ospf area}, {@code ip ospf cost}, {@code ip ospf hello-interval},
     * {@code ip ospf dead-interval}, {@code ip ospf priority}, {@code passive-interface}). An
     * interface on a link is a point-to-point network; one plugged into a LAN's switch is a
     * broadcast network with a Designated Router election (RFC 2328 9.4).
     *
     * @param helloSec HelloInterval in seconds (RFC 2328 C.3: the field is whole seconds)
     * @param deadSec RouterDeadInterval in seconds
     * @param passive advertised as a stub network, no hellos sent or accepted
     * @param priority Router Priority (0 to 255; 0: never DR or BDR), FRR's default 1
     * @param broadcast a broadcast network (FRR's default on Ethernet) rather than point-to-point
     */
    public record IfaceConfig(String name, int area, int cost, int helloSec, int deadSec, boolean passive, int priority,
                              boolean broadcast) {
        /** A point-to-point interface with the default priority. */
        public IfaceConfig(String name, int area, int cost, int helloSec, int deadSec, boolean passive) {
            this(name, area, cost, helloSec, deadSec, passive, DEFAULT_PRIORITY, false);
        }
    }

    /** FRR's {@code ip ospf priority} default. */
    public static final int DEFAULT_PRIORITY = 1;

    /** FRR's automatic cost: reference bandwidth 100 Mbit/s over the link's, at least 1. */
    public static int autoCost(long bandwidthBps) {
        if (bandwidthBps <= 0) {
            return 1;
        }
        return (int) Math.max(1, Math.min(65535, 100_000_000L / bandwidthBps));
    }
}
