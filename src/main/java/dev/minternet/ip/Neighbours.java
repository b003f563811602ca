package dev.minternet.ip;

import dev.minternet.link.ArpMirror;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.wire.ArpPacket;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Mac;
import java.util.SplittableRandom;

/**
 * The neighbour table of one Ethernet interface and its ARP (RFC 826), on Linux's neighbour state
 * machine ({@link NeighbourMachine}): an unknown next hop gets an INCOMPLETE entry and a broadcast
 * request, repeated every second up to 3 times (mcast_probes); no answer makes it FAILED and each
 * waiting datagram is answered with ICMP host unreachable. A reply makes it REACHABLE; a STALE
 * entry in use is probed with unicast requests (ucast_probes). Only ARP replies confirm an entry (Linux also takes TCP's forward progress as a confirmation; not
 * modelled). A request for this interface's address is answered and leaves its sender STALE
 * (created if new); an unsolicited or broadcast reply only updates an existing entry (arp_accept
 * 0). When the interface comes up it announces its address with a gratuitous request.
 */
public final class Neighbours extends NeighbourMachine<Integer> {
    private final NetInterface iface;
    /**
     * The table's entries by address, without boxing (every datagram out and every ARP packet in
     * looks its neighbour up): open addressing, linear probing; rebuilt when entries leave (a flush).
     */
    private int[] keys = new int[8];
    @SuppressWarnings("unchecked")
    private Entry<Integer>[] vals = new Entry[8];
    private int indexed;
    /**
     * The entry {@link #find} last found, and its address: a host sends nearly everything to one
     * neighbour (its gateway), found again without the index's two arrays. Forgotten when entries
     * leave (a reindex).
     */
    private Entry<Integer> last;
    private int lastAddr;
    /** The world's trace (the node's), kept here for the per-broadcast check. */
    private final Trace trace;

    Neighbours(NetInterface iface, SplittableRandom random) {
        super(random);
        this.iface = iface;
        this.trace = iface.ip().trace();
    }

    static int hash(int addr) {
        return ArpMirror.presenceHash(addr);
    }

    private static int slot(int addr, int mask) {
        return (hash(addr) >>> 16) & mask;
    }

    /** The entry for {@code addr}, or null. */
    Entry<Integer> find(int addr) {
        Entry<Integer> l = last;
        if (l != null && lastAddr == addr) {
            return l;
        }
        if ((iface.neighbourBits & 1L << hash(addr)) == 0) { // a shift by an int takes its low 6 bits
            return null;
        }
        int mask = keys.length - 1;
        for (int i = slot(addr, mask); ; i = (i + 1) & mask) {
            Entry<Integer> e = vals[i];
            if (e == null) {
                return null;
            }
            if (keys[i] == addr) {
                last = e;
                lastAddr = addr;
                return e;
            }
        }
    }

    @Override
    protected void added(Entry<Integer> e) {
        if (++indexed * 2 > keys.length) {
            reindex(keys.length * 2);
        } else {
            put(e);
        }
    }

    @Override
    protected void removed(Entry<Integer> e) {
        indexed--;
        if (known == e.addr()) {
            known = 0;
            knownMac = 0;
        }
        reindex(keys.length); // and the mirror
    }

    /**
     * One valid entry and its MAC, mirrored into the channel that delivers to the NIC (0: none):
     * a broadcast request from that neighbour at that MAC changes nothing here (see
     * {@link #ignorable}), so the channel drops it without fetching this table. The last entry
     * made valid holds it; it is cleared when that entry leaves the valid states or the table.
     * On a LAN that is the gateway, whose requests for the other hosts each host hears.
     */
    int known;
    long knownMac;

    @Override
    protected void stateSet(Entry<Integer> e) {
        int a = e.addr();
        if (isValid(e.state()) && e.mac() != 0) {
            if (known != a || knownMac != e.mac()) {
                known = a;
                knownMac = e.mac();
                iface.knownNeighbourChanged();
            }
        } else if (known == a) {
            known = 0;
            knownMac = 0;
            iface.knownNeighbourChanged();
        }
    }

    @SuppressWarnings("unchecked")
    private void reindex(int capacity) {
        keys = new int[capacity];
        vals = new Entry[capacity];
        iface.setNeighbourBits(0);
        last = null;
        for (Entry<Integer> e : entries()) {
            put(e);
        }
    }

    private void put(Entry<Integer> e) {
        int addr = e.addr();
        int mask = keys.length - 1;
        int i = slot(addr, mask);
        while (vals[i] != null && keys[i] != addr) {
            i = (i + 1) & mask;
        }
        keys[i] = addr;
        vals[i] = e;
        iface.setNeighbourBits(iface.neighbourBits | 1L << hash(addr));
    }

    /**
     * iproute2's {@code ip neigh} line for {@code e}: its state followed by a space, as iproute2 6.1
     * prints it; without {@code dev NAME} when the listing is of one device ({@code ip neigh show dev NAME}).
     */
    public String show(Entry<Integer> e, boolean dev) {
        return Ip4.str(e.addr()) + (dev ? " dev " + iface.name() : "") + (e.hasLinkAddress() ? " lladdr " + Mac.str(e.mac()) : "")
                + " " + e.state().name() + " ";
    }

    @Override
    protected Simulator sim() {
        return iface.ip().sim();
    }

    private Trace trace() {
        return trace;
    }

    /** Sends datagram {@code d} toward {@code nextHop} on this link, resolving its address first if needed. */
    void output(byte[] d, int nextHop) {
        if (nextHop == 0xffffffff || nextHop == iface.directedBroadcast) { // the limited or the subnet's directed broadcast
            iface.sendFrame(EthernetFrame.build(Mac.BROADCAST, iface.mac(), EthernetFrame.TYPE_IPV4, d, 0, d.length));
            return;
        }
        if ((nextHop & 0xf000_0000) == 0xe000_0000) { // multicast (OSPF's 224.0.0.5): no ARP, RFC 1112's mapping
            iface.sendFrame(EthernetFrame.build(Mac.ipv4Multicast(nextHop), iface.mac(), EthernetFrame.TYPE_IPV4, d, 0, d.length));
            return;
        }
        Entry<Integer> e = find(nextHop);
        if (e != null) {
            resolveAndSend(d, e);
        } else {
            resolveAndSend(d, (Integer) nextHop);
        }
    }

    @Override
    protected void transmit(long mac, byte[] d) {
        iface.sendFrame(EthernetFrame.build(mac, iface.mac(), EthernetFrame.TYPE_IPV4, d, 0, d.length));
    }

    @Override
    protected void solicit(Integer target) {
        request(target, Mac.BROADCAST, 0);
    }

    @Override
    protected void probe(Integer target, long mac) {
        request(target, mac, mac);
    }

    @Override
    protected void unreachable(byte[] d) {
        iface.ip().icmp().sendError(d, IcmpPacket.DEST_UNREACHABLE, IcmpPacket.CODE_HOST_UNREACHABLE, 0);
    }

    @Override
    protected void traceQueueDrop(Entry<Integer> e, long left) {
        if (trace().enabled()) {
            trace().emit(iface.ip().nodeName(), ArpEvents.QUEUE_DROP, iface.name(), Ip4.str(e.addr()), left);
        }
    }

    @Override
    protected void traceState(Entry<Integer> e, State old) {
        if (trace().enabled()) {
            trace().emit(iface.ip().nodeName(), ArpEvents.STATE, iface.name(), Ip4.str(e.addr()),
                    e.mac() == 0 ? "-" : Mac.str(e.mac()), old == null ? "NONE" : old.name(), e.state().name());
        }
    }

    @Override
    protected void traceFailed(Entry<Integer> e, long waiting) {
        if (trace().enabled()) {
            trace().emit(iface.ip().nodeName(), ArpEvents.UNREACHABLE, iface.name(), Ip4.str(e.addr()), waiting);
        }
    }

    /** Sends an ARP request for {@code target} to {@code dstMac} (broadcast, or the old address when probing). */
    private void request(int target, long dstMac, long targetMac) {
        sendArp(new ArpPacket(ArpPacket.REQUEST, iface.mac(), iface.address(), targetMac, target), dstMac);
    }

    /** Announces this interface's address: a gratuitous ARP request (sender and target are both our address). */
    void announce() {
        sendArp(new ArpPacket(ArpPacket.REQUEST, iface.mac(), iface.address(), 0, iface.address()), Mac.BROADCAST);
    }

    /** An ARP probe for {@code target} (RFC 5227 2.1.1): sender address 0.0.0.0, target MAC zero, broadcast. */
    void probeAddress(int target) {
        sendArp(new ArpPacket(ArpPacket.REQUEST, iface.mac(), 0, 0, target), Mac.BROADCAST);
    }

    private void sendArp(ArpPacket a, long dstMac) {
        if (trace().enabled()) {
            trace().emit(iface.ip().nodeName(), ArpEvents.SEND, iface.name(), opName(a.op()), Mac.str(a.senderMac()),
                    Ip4.str(a.senderIp()), Mac.str(a.targetMac()), Ip4.str(a.targetIp()), Mac.str(dstMac));
        }
        byte[] p = a.emit();
        iface.sendFrame(EthernetFrame.build(dstMac, iface.mac(), EthernetFrame.TYPE_ARP, p, 0, p.length));
    }

    private static String opName(int op) {
        return op == ArpPacket.REQUEST ? "request" : "reply";
    }

    /**
     * Whether the ARP packet at {@code off} of {@code f} would change nothing here and is not to
     * be traced, read without parsing it: a request or reply between two other hosts whose sender
     * this table does not hold (what every host on a LAN hears in each broadcast request), or a
     * request between two other hosts from a sender it holds, at the same link-layer address, in a
     * valid state ({@link #receive} then updates the entry to what it is: Linux's neigh_update
     * without a confirmation, an unchanged address and a valid state, changes nothing; every host
     * of a subnet hears its gateway's requests so).
     */
    boolean ignorable(byte[] f, int off) {
        if (trace.enabled() || f.length - off < ArpPacket.LENGTH) {
            return false;
        }
        int us = iface.address();
        int sender = dev.minternet.wire.BigEndian.u32(f, off + 14);
        int target = dev.minternet.wire.BigEndian.u32(f, off + 24);
        if (target == us) {
            return false;
        }
        if (sender == 0 || sender == us) {
            return true;
        }
        Entry<Integer> e = find(sender);
        return e == null || dev.minternet.wire.BigEndian.u16(f, off + 6) == ArpPacket.REQUEST
                && e.mac == Mac.read(f, off + 8) && isValid(e.state);
    }

    /** An ARP packet arrived in a frame addressed to {@code frameDst}. */
    void receive(ArpPacket a, long frameDst) {
        if (trace().enabled()) {
            trace().emit(iface.ip().nodeName(), ArpEvents.RECEIVE, iface.name(), opName(a.op()), Mac.str(a.senderMac()),
                    Ip4.str(a.senderIp()), Mac.str(a.targetMac()), Ip4.str(a.targetIp()));
        }
        if (a.senderIp() == 0 && a.op() == ArpPacket.REQUEST && a.targetIp() == iface.address() && iface.address() != 0
                && a.senderMac() != iface.mac()) {
            // a probe for our address (RFC 5227 2.1.1): Linux answers it, to the prober's MAC, target address 0.0.0.0
            sendArp(new ArpPacket(ArpPacket.REPLY, iface.mac(), iface.address(), a.senderMac(), 0), a.senderMac());
            return;
        }
        if (a.senderIp() == iface.address() || a.senderIp() == 0) {
            return; // our own announcement looped back, or someone else's probe (RFC 5227): nothing to learn
        }
        boolean forUs = a.targetIp() == iface.address();
        Entry<Integer> e = find(a.senderIp());
        if (a.op() == ArpPacket.REQUEST && forUs) {
            update(entryOrNew(a.senderIp()), a.senderMac(), false, true);
            sendArp(new ArpPacket(ArpPacket.REPLY, iface.mac(), iface.address(), a.senderMac(), a.senderIp()),
                    a.senderMac());
            return;
        }
        if (e == null) {
            return; // arp_accept 0: no entry from an unsolicited packet
        }
        boolean solicited = a.op() == ArpPacket.REPLY && frameDst == iface.mac();
        update(e, a.senderMac(), solicited, true);
    }
}
