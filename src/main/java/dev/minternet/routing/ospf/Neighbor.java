package dev.minternet.routing.ospf;

import dev.minternet.sim.Timer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.TreeMap;

/**
 * A neighbour on one point-to-point interface (RFC 2328 10): its state, the Database Description
 * exchange's sequence number and role, and the three lists of 10.1 (database summary, link state
 * request, link state retransmission).
 */
final class Neighbor {
    /** The neighbour states (RFC 2328 10.1), with the names FRR prints. */
    enum State {
        DOWN("Down"), INIT("Init"), TWO_WAY("2-Way"), EXSTART("ExStart"), EXCHANGE("Exchange"), LOADING("Loading"),
        FULL("Full");

        final String label;

        State(String label) {
            this.label = label;
        }
    }

    final Ospf.Iface iface;
    final int routerId;
    int address;
    State state = State.DOWN;
    /** True while this router is the master of the exchange (RFC 2328 10.6). */
    boolean master;
    int ddSeq;
    boolean ddSeqSet;
    /** The last DD received (flags, sequence), to spot duplicates. */
    int lastRecvFlags = -1;
    int lastRecvSeq;
    /** The last DD sent (the slave answers a duplicate with it; the master retransmits it). */
    byte[] lastSentDd;
    /** Whether this router has sent its whole summary list (the last DD it sent had M clear). */
    boolean sentAll;
    final Deque<Lsa> summary = new ArrayDeque<>();
    final TreeMap<Lsa.Key, Lsa> requests = new TreeMap<>();
    final TreeMap<Lsa.Key, Lsa> retransmit = new TreeMap<>();
    final Timer inactivity;
    final Timer ddRxmt;
    final Timer lsrRxmt;
    final Timer lsuRxmt;
    /** When the neighbour last reached Full (for "Up Time"). */
    long fullSince;
    /** When the neighbour entered its current state. */
    long stateSince;
    long deadAt;

    Neighbor(Ospf ospf, Ospf.Iface iface, int routerId) {
        this.iface = iface;
        this.routerId = routerId;
        this.inactivity = new Timer(ospf.sim(), () -> ospf.inactivity(this));
        this.ddRxmt = new Timer(ospf.sim(), () -> ospf.ddRetransmit(this));
        this.lsrRxmt = new Timer(ospf.sim(), () -> ospf.lsrRetransmit(this));
        this.lsuRxmt = new Timer(ospf.sim(), () -> ospf.lsuRetransmit(this));
    }

    boolean atLeast(State s) {
        return state.ordinal() >= s.ordinal();
    }

    void clearLists() {
        summary.clear();
        requests.clear();
        retransmit.clear();
        ddRxmt.cancel();
        lsrRxmt.cancel();
        lsuRxmt.cancel();
    }

    void stop() {
        clearLists();
        inactivity.cancel();
    }
}
