package dev.minternet.ip;

import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.wire.BigEndian;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.Ipv4Repr;
import dev.minternet.wire.MalformedPacketException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Fragment reassembly (RFC 791 3.2, RFC 815): fragments are keyed by (source, destination,
 * protocol, identification); a datagram completes when every 8-byte unit up to the last
 * fragment's end has arrived. An incomplete datagram is discarded after {@link #TIMEOUT_NS}, and
 * if its first fragment had arrived the sender gets ICMP time exceeded, code 1 (RFC 1122 3.3.2).
 */
final class Reassembler {
    /** Linux's net.ipv4.ipfrag_time default. */
    static final long TIMEOUT_NS = 30 * Durations.S;
    /** Bound on concurrent reassemblies per node, so a fragment flood cannot exhaust memory. */
    static final int MAX_PENDING = 1024;

    private record Key(int src, int dst, int proto, int id) {
    }

    private final class Pending {
        final Key key;
        /** Payload bytes received so far, grown to the highest fragment end (at most 64 KiB). */
        byte[] data = new byte[2048];
        final BitSet units = new BitSet();
        int totalPayload = -1;
        byte[] firstHeader;
        final Timer timer;

        Pending(Key key) {
            this.key = key;
            this.timer = new Timer(ip.sim(), () -> expire(this));
        }
    }

    private final IpStack ip;
    /** Created with the first fragment: most nodes never reassemble. */
    private Map<Key, Pending> pending;

    Reassembler(IpStack ip) {
        this.ip = ip;
    }

    /** Adds a fragment; returns the whole datagram when complete, else null. */
    byte[] add(byte[] f, NetInterface in) {
        Key k = new Key(Ipv4Packet.src(f, 0), Ipv4Packet.dst(f, 0), Ipv4Packet.protocol(f, 0),
                Ipv4Packet.identification(f, 0));
        if (pending == null) {
            pending = new HashMap<>();
        }
        Pending p = pending.get(k);
        if (p == null) {
            if (pending.size() >= MAX_PENDING) {
                ip.counters().errors().reasmFails++;
                ip.traceDrop(f, "reassembly-full", in);
                return null;
            }
            p = new Pending(k);
            pending.put(k, p);
            ip.counters().errors().reasmQueues = pending.size(); // sockstat's FRAG inuse
            p.timer.setAfter(TIMEOUT_NS);
        }
        int hl = Ipv4Packet.headerLength(f, 0);
        int off = Ipv4Packet.fragmentOffset(f, 0);
        int len = f.length - hl;
        boolean mf = Ipv4Packet.moreFragments(f, 0);
        if (off + len > 65535 - 20 || (mf && (len & 7) != 0)) {
            // RFC 791: non-final fragments carry multiples of 8 bytes; nothing may end past 64 KiB.
            drop(p, f, in, "bad-fragment");
            return null;
        }
        if (!mf) {
            int end = off + len;
            if (p.totalPayload >= 0 && p.totalPayload != end) {
                drop(p, f, in, "inconsistent-fragments");
                return null;
            }
            p.totalPayload = end;
        }
        if (off == 0) {
            p.firstHeader = Arrays.copyOf(f, hl);
        }
        if (off + len > p.data.length) {
            p.data = Arrays.copyOf(p.data, Math.min(65535, Math.max(off + len, p.data.length * 2)));
        }
        System.arraycopy(f, hl, p.data, off, len);
        p.units.set(off / 8, (off + len + 7) / 8);
        if (p.totalPayload < 0 || p.firstHeader == null) {
            return null;
        }
        int unitsNeeded = (p.totalPayload + 7) / 8;
        if (p.units.nextClearBit(0) < unitsNeeded) {
            return null;
        }
        pending.remove(k);
        ip.counters().errors().reasmQueues = pending.size(); // sockstat's FRAG inuse
        p.timer.cancel();
        byte[] h = p.firstHeader;
        int fhl = h.length;
        byte[] whole = new byte[fhl + p.totalPayload];
        Ipv4Repr first;
        try {
            first = Ipv4Repr.parse(withLength(h), 0, fhl);
        } catch (MalformedPacketException e) {
            return null;
        }
        Ipv4Repr r = new Ipv4Repr(first.src(), first.dst(), first.protocol(), first.ttl(), first.tos(),
                first.identification(), first.dontFragment(), false, 0, p.totalPayload, first.options());
        r.emit(whole, 0);
        System.arraycopy(p.data, 0, whole, r.headerLength(), p.totalPayload);
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), IpEvents.REASSEMBLED, Ip4.str(k.src), Ip4.str(k.dst), k.id, whole.length);
        }
        return whole;
    }

    /** The saved first header with its total length set to the header alone, so it parses. */
    private static byte[] withLength(byte[] h) {
        byte[] c = h.clone();
        BigEndian.put16(c, 2, h.length);
        Ipv4Packet.fillChecksum(c, 0);
        return c;
    }

    private void drop(Pending p, byte[] f, NetInterface in, String reason) {
        pending.remove(p.key);
        ip.counters().errors().reasmQueues = pending.size(); // sockstat's FRAG inuse
        p.timer.cancel();
        ip.counters().errors().reasmFails++;
        ip.traceDrop(f, reason, in);
    }

    private void expire(Pending p) {
        pending.remove(p.key);
        ip.counters().errors().reasmQueues = pending.size(); // sockstat's FRAG inuse
        ip.counters().errors().reasmFails++;
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), IpEvents.DROP_REASSEMBLY, "reassembly-timeout", Ip4.str(p.key.src),
                    Ip4.str(p.key.dst), p.key.id);
        }
        if (p.firstHeader != null) {
            byte[] q = new byte[p.firstHeader.length + 8];
            System.arraycopy(p.firstHeader, 0, q, 0, p.firstHeader.length);
            System.arraycopy(p.data, 0, q, p.firstHeader.length, Math.min(8, p.data.length));
            ip.icmp().sendError(q, IcmpPacket.TIME_EXCEEDED, IcmpPacket.CODE_REASSEMBLY_EXCEEDED, 0);
        }
    }
}
