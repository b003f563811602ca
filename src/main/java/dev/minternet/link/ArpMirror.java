package dev.minternet.link;

import dev.minternet.wire.ArpPacket;
import dev.minternet.wire.BigEndian;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Mac;

/**
 * A NIC's check for a broadcast ARP it ignores, as its channel runs it on the NIC's mirrored
 * state ({@link Channel#mirrorArpFilter}; the NIC's own is {@code NetInterface.ignorableArp}):
 * the NIC's address, its neighbour table's presence mask, and a neighbour it holds valid and its
 * MAC (0: none). A channel holds one only while the check may run there (into an Ethernet NIC).
 */
public final class ArpMirror {
    int address;
    long presence;
    int known;
    long knownMac;

    ArpMirror() {
    }

    /**
     * Whether {@code f} is a broadcast ARP packet (untagged) between two other hosts whose sender
     * has no entry at a NIC of address {@code address} and presence mask {@code presence} (its bit
     * clear), or is a request from {@code known} at {@code knownMac}, a neighbour the NIC holds
     * valid at that address (0: none), which that NIC would drop untouched (Linux's neigh_update
     * leaves a valid entry as it is when a request confirms its address). False means "not
     * sure": the NIC decides.
     */
    static boolean ignored(byte[] f, int address, long presence, int known, long knownMac) {
        if (f.length < EthernetFrame.HEADER + 28 || EthernetFrame.dst(f) != Mac.BROADCAST
                || EthernetFrame.type(f) != EthernetFrame.TYPE_ARP) {
            return false;
        }
        int sender = BigEndian.u32(f, EthernetFrame.HEADER + 14);
        int target = BigEndian.u32(f, EthernetFrame.HEADER + 24);
        return target != address && (sender == 0 || sender == address || (presence & 1L << presenceHash(sender)) == 0
                || sender == known && BigEndian.u16(f, EthernetFrame.HEADER + 6) == ArpPacket.REQUEST
                && Mac.read(f, EthernetFrame.HEADER + 8) == knownMac);
    }

    /** The bit of the presence mask for address {@code a} (its low 6 bits; the neighbour table's hash). */
    public static int presenceHash(int a) {
        return a * 0x9E37_79B9;
    }
}
