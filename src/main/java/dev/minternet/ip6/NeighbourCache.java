package dev.minternet.ip6;

import dev.minternet.ip.NeighbourMachine;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Mac;
import java.util.SplittableRandom;

/**
 * The IPv6 neighbour cache of one interface (RFC 4861 7.3), with the states and default
 * parameters of Linux's ndisc, on the machine ARP shares ({@link NeighbourMachine}): an unknown next
 * hop is INCOMPLETE and gets a Neighbor Solicitation to its solicited-node group, repeated every
 * second up to 3 times (mcast_solicit) while up to 101 datagrams wait; no answer makes it FAILED
 * and the waiting datagrams are answered with destination unreachable, address unreachable (RFC
 * 4443 3.1 code 3). A solicited advertisement makes it REACHABLE for the reachable time (30 s
 * drawn in [0.5, 1.5) from the interface's stream); then STALE; sending makes it DELAY, 5 s later
 * PROBE: 3 unicast solicitations 1 s apart, then FAILED. A solicitation or a router advertisement
 * carrying a source link-layer address creates or updates the sender's entry as STALE (7.2.3,
 * 6.3.4); an unsolicited advertisement with the override flag updates an entry that exists.
 * On a raw point-to-point link (a NOARP device) nothing is resolved: every datagram goes to the peer.
 */
public final class NeighbourCache extends NeighbourMachine<Ip6> {
    private final Ip6Interface iface;

    NeighbourCache(Ip6Interface iface, SplittableRandom random) {
        super(random);
        this.iface = iface;
    }

    /**
     * iproute2's {@code ip -6 neigh} line for {@code e}: the state followed by a space, as iproute2 6.1
     * prints it; without {@code dev NAME} when the listing is of one device.
     */
    public String show(Entry<Ip6> e, boolean dev) {
        boolean ll = e.hasLinkAddress();
        return e.addr() + (dev ? " dev " + iface.name() : "") + (ll ? " lladdr " + Mac.str(e.mac()) : "")
                + (e.router() && ll ? " router" : "") + " " + e.state().name() + " ";
    }

    @Override
    protected Simulator sim() {
        return iface.stack().sim();
    }

    private Trace trace() {
        return iface.stack().trace();
    }

    /** Sends the datagram {@code d} to {@code nextHop} on this link, resolving its link-layer address first if needed. */
    void output(byte[] d, Ip6 nextHop) {
        if (nextHop.isMulticast() || iface.pointToPoint()) {
            iface.sendFrame(nextHop.multicastMac(), d);
            return;
        }
        resolveAndSend(d, nextHop);
    }

    @Override
    protected void transmit(long mac, byte[] d) {
        iface.sendFrame(mac, d);
    }

    @Override
    protected void solicit(Ip6 addr) {
        iface.solicit(addr, false);
    }

    @Override
    protected void probe(Ip6 addr, long mac) {
        iface.solicitUnicast(addr, mac);
    }

    @Override
    protected void unreachable(byte[] d) {
        iface.stack().sendError(d, Icmpv6Packet.DEST_UNREACHABLE, Icmpv6Packet.CODE_ADDRESS_UNREACHABLE, 0);
    }

    @Override
    protected void traceState(Entry<Ip6> e, State old) {
        if (trace().enabled()) {
            trace().emit(iface.stack().nodeName(), Ip6Events.NEIGH_STATE, iface.name(), e.addr().toString(),
                    e.mac() == 0 ? "-" : Mac.str(e.mac()), old == null ? "NONE" : old.name(), e.state().name());
        }
    }

    @Override
    protected void traceFailed(Entry<Ip6> e, long waiting) {
        if (trace().enabled()) {
            trace().emit(iface.stack().nodeName(), Ip6Events.NEIGH_UNREACHABLE, iface.name(), e.addr().toString(), waiting);
        }
    }

    /**
     * What a solicitation or a router advertisement says of its sender (RFC 4861 7.2.3, 6.3.4):
     * its link-layer address, the entry STALE when new or changed.
     */
    void learn(Ip6 addr, long mac, boolean isRouter) {
        Entry<Ip6> e = entryOrNew(addr);
        if (isRouter) {
            markRouter(e, true);
        }
        update(e, mac, false, true);
    }

    /** A Neighbor Advertisement for {@code target} (RFC 4861 7.2.5). */
    void advertised(Ip6 target, long mac, int flags) {
        Entry<Ip6> e = entry(target);
        if (e == null || mac == 0 && e.mac() == 0) {
            return; // no entry: an unsolicited advertisement creates none
        }
        boolean solicited = (flags & Icmpv6Packet.NA_SOLICITED) != 0;
        boolean override = (flags & Icmpv6Packet.NA_OVERRIDE) != 0;
        markRouter(e, (flags & Icmpv6Packet.NA_ROUTER) != 0);
        if (e.state() == State.INCOMPLETE) {
            update(e, mac, solicited, true);
        } else if (mac != 0 && mac != e.mac() && !override) {
            if (e.state() == State.REACHABLE) {
                setState(e, State.STALE);
            }
        } else {
            update(e, mac == 0 ? e.mac() : mac, solicited, override);
        }
    }
}
