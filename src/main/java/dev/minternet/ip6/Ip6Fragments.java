package dev.minternet.ip6;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Fragment;
import dev.minternet.wire.Ipv6Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fragmentation at the source (RFC 8200 4.5), as Linux's ip6_fragment does for a UDP or ICMPv6
 * datagram larger than the path MTU (routers never fragment: they send Packet Too Big). The
 * unfragmentable part is the 40-byte IPv6 header (no other extension header is sent here), copied
 * into every fragment with its payload length set and next header 44; each fragment carries a
 * Fragment header with the original next header, its offset and the M flag; every fragment's
 * payload but the last is the largest multiple of 8 that fits the MTU ({@code (mtu - 48) & ~7}:
 * 1448 bytes at 1500, 1232 at 1280).
 *
 * <p>Identification: Linux draws it from a hash of the addresses keyed by a boot-time secret and a
 * per-bucket counter (ipv6_select_ident). Here each destination has a counter that starts at a
 * 32-bit hash of the destination keyed by the node's seeded stream {@code frag6-id} and counts up
 * by one per fragmented datagram (0 is skipped): deterministic for a seed, different per
 * destination and node, never reused within 2^32 datagrams to one destination.
 */
public final class Ip6Fragments {
    /** Fragmentation and reassembly counters, named as Linux's /proc/net/snmp6 names them. */
    public static final class Counters {
        /** Ip6FragOKs: datagrams fragmented at this source. */
        public long fragOks;
        /** Ip6FragCreates: fragments made. */
        public long fragCreates;
        /** Ip6ReasmReqds: fragments received for reassembly (atomic fragments included). */
        public long reasmReqds;
        /** Ip6ReasmOKs: datagrams reassembled (an atomic fragment counts as one). */
        public long reasmOks;
        /** Ip6ReasmFails: reassemblies given up (timeout, overlap, inconsistent or bad fragments). */
        public long reasmFails;
        /** Ip6ReasmTimeout: reassemblies given up after 60 s. */
        public long reasmTimeout;
        /** Datagrams being reassembled now (/proc/net/sockstat6's FRAG6 inuse; not a snmp6 counter). */
        public int queuesInUse;

        @Override
        public String toString() {
            return "Ip6ReasmTimeout " + reasmTimeout + ", Ip6ReasmReqds " + reasmReqds + ", Ip6ReasmOKs " + reasmOks
                    + ", Ip6ReasmFails " + reasmFails + ", Ip6FragOKs " + fragOks + ", Ip6FragCreates " + fragCreates;
        }
    }

    private final Ip6Stack ip;
    final Counters counters = new Counters();
    /** Per destination, the last identification used. */
    private final Map<Ip6, int[]> ids = new TreeMap<>();
    private long key;
    private boolean keyed;

    Ip6Fragments(Ip6Stack ip) {
        this.ip = ip;
    }

    /** The payload of every fragment but the last for a path MTU of {@code mtu}. */
    public static int fragmentPayload(int mtu) {
        return (mtu - Ipv6Packet.HEADER - Ipv6Fragment.HEADER) & ~(Ipv6Fragment.UNIT - 1);
    }

    /** The next identification for a datagram to {@code dst}. */
    int nextId(Ip6 dst) {
        int[] last = ids.get(dst);
        if (last == null) {
            if (!keyed) {
                key = ip.sim().randoms().stream("node:" + ip.nodeName() + ":frag6-id").nextLong();
                keyed = true;
            }
            last = new int[] {(int) mix(key ^ mix(dst.hi()) ^ Long.rotateLeft(dst.lo(), 17))};
            ids.put(dst, last);
        }
        last[0]++;
        if (last[0] == 0) {
            last[0]++;
        }
        return last[0];
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /**
     * Splits datagram {@code d} (a 40-byte header, then the fragmentable part) into fragments of at
     * most {@code mtu} bytes with identification {@code id}, counts and traces them
     * ({@code out}: the egress interface's name).
     */
    List<byte[]> split(byte[] d, int mtu, int id, String out) {
        int next = Ipv6Packet.nextHeader(d, 0);
        int payload = d.length - Ipv6Packet.HEADER;
        int max = fragmentPayload(mtu);
        List<byte[]> frags = new ArrayList<>(payload / max + 1);
        String src = ip.trace().enabled() ? Ipv6Packet.src(d, 0).toString() : null;
        String dst = src != null ? Ipv6Packet.dst(d, 0).toString() : null;
        for (int pos = 0; pos < payload; pos += max) {
            int n = Math.min(max, payload - pos);
            boolean more = pos + n < payload;
            byte[] f = new byte[Ipv6Packet.HEADER + Ipv6Fragment.HEADER + n];
            System.arraycopy(d, 0, f, 0, Ipv6Packet.HEADER);
            BigEndian.put16(f, 4, Ipv6Fragment.HEADER + n);
            f[6] = (byte) Ipv6Fragment.NEXT_HEADER;
            Ipv6Fragment.emit(f, Ipv6Packet.HEADER, next, pos, more, id);
            System.arraycopy(d, Ipv6Packet.HEADER + pos, f, Ipv6Packet.HEADER + Ipv6Fragment.HEADER, n);
            frags.add(f);
            counters.fragCreates++;
            if (src != null) {
                ip.trace().emit(ip.nodeName(), Ip6Events.FRAGMENT, src, dst, id & 0xffff_ffffL, (long) pos,
                        (long) f.length, more, out);
            }
        }
        counters.fragOks++;
        return frags;
    }

    /**
     * The ICMPv6 error {@code e} with the Fragment header of the datagram it quotes at {@code inner}
     * taken out when that is a first fragment (offset 0), so that the upper layer finds its own
     * header right after the quoted IPv6 header, as Linux's icmpv6_notify skips extension headers;
     * {@code e} itself otherwise.
     */
    static byte[] unquoteFragment(byte[] e, int inner) {
        if (!Ipv6Fragment.isFragment(e, inner, e.length - inner)
                || Ipv6Fragment.offset(e, inner + Ipv6Packet.HEADER) != 0) {
            return e;
        }
        int fh = inner + Ipv6Packet.HEADER;
        byte[] out = new byte[e.length - Ipv6Fragment.HEADER];
        System.arraycopy(e, 0, out, 0, fh);
        System.arraycopy(e, fh + Ipv6Fragment.HEADER, out, fh, e.length - fh - Ipv6Fragment.HEADER);
        out[inner + 6] = (byte) Ipv6Fragment.nextHeader(e, fh);
        return out;
    }
}
