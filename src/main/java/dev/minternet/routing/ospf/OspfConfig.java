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
 */
public record OspfConfig(int routerId, List<IfaceConfig> interfaces, long spfDelayNs, long spfHoldNs, long spfMaxHoldNs) {
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
