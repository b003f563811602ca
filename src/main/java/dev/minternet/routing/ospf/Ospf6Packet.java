package dev.minternet.routing.ospf;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Checksum;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Packet;
import java.util.List;

/**
 * The OSPFv3 packet formats (RFC 5340 A.3): the 16-byte header (version 3, type, length, router
 * ID, area ID, checksum, Instance ID 0), no authentication field, and the Hello (with the sender's
 * Interface ID) and Database Description bodies that differ from OSPFv2's. The checksum is the
 * IPv6 upper-layer checksum over the pseudo-header (RFC 5340 A.3.1, RFC 8200 8.1, next header 89),
 * filled in once the addresses are known ({@link #seal}).
 */
final class Ospf6Packet extends OspfCodec {
    static final int VERSION = 3;
    static final int HEADER = 16;
    /** AllSPFRouters and AllDRouters (RFC 5340 A.1). */
    static final Ip6 ALL_SPF_ROUTERS = new Ip6(0xff02_0000_0000_0000L, 5);
    static final Ip6 ALL_D_ROUTERS = new Ip6(0xff02_0000_0000_0000L, 6);

    static final Ospf6Packet V3 = new Ospf6Packet();

    /** The Database Description body (A.3.3): 8 reserved bits and 24 option bits, MTU, reserved byte, flags, sequence. */
    private Ospf6Packet() {
        super(VERSION, HEADER, Ipv6Packet.HEADER, 12, 4, 3, 7, 8, Lsa6.OPTIONS);
    }

    /** The checksum needs the addresses: {@link #seal} fills it when the packet leaves. Instance ID 0. */
    @Override
    byte[] finish(byte[] b) {
        return b;
    }

    /** Fills the checksum of packet {@code b} sent from {@code src} to {@code dst}; returns a copy. */
    static byte[] seal(byte[] pkt, Ip6 src, Ip6 dst) {
        byte[] b = pkt.clone();
        BigEndian.put16(b, 12, 0);
        long sum = Checksum.sum(b, 0, b.length, Ipv6Packet.pseudoHeader(src, dst, b.length, OspfPacket.PROTOCOL));
        BigEndian.put16(b, 12, Checksum.finish(sum));
        return b;
    }

    /**
     * Why the OSPFv3 packet at {@code off..end} from {@code src} to {@code dst} must be dropped
     * (RFC 5340 4.2.2), or null when its version, length, Instance ID and checksum hold.
     */
    static String check(byte[] b, int off, int end, Ip6 src, Ip6 dst) {
        String bad = V3.framing(b, off, end);
        if (bad != null) {
            return bad;
        }
        int len = BigEndian.u16(b, off + 2);
        if (BigEndian.u8(b, off + 14) != 0) {
            return "instance ID " + BigEndian.u8(b, off + 14) + " is not 0";
        }
        if (!src.isLinkLocal()) {
            return "source " + src + " is not link-local"; // RFC 5340 4.2.2 (no virtual links here)
        }
        if (Checksum.finish(Checksum.sum(b, off, len, Ipv6Packet.pseudoHeader(src, dst, len, OspfPacket.PROTOCOL))) != 0) {
            return "checksum";
        }
        return null;
    }

    @Override
    boolean knownLsaType(int type) {
        return type == Lsa6.ROUTER || type == Lsa6.NETWORK || type == Lsa6.LINK || type == Lsa6.INTRA_PREFIX;
    }

    /** A Hello (A.3.2): Interface ID, priority, options, hello and dead intervals (16 bits each), DR, BDR, neighbours. */
    @Override
    byte[] hello(int routerId, int area, Iface i, List<Integer> neighbors) {
        byte[] b = start(OspfPacket.HELLO, 20 + 4 * neighbors.size(), routerId, area);
        int o = HEADER;
        BigEndian.put32(b, o, Ospf6.ifaceId(i));
        BigEndian.put32(b, o + 4, (i.c.priority() << 24) | Lsa6.OPTIONS);
        BigEndian.put16(b, o + 8, i.c.helloSec());
        BigEndian.put16(b, o + 10, i.c.deadSec());
        BigEndian.put32(b, o + 12, i.dr);
        BigEndian.put32(b, o + 16, i.bdr);
        o += 20;
        for (int n : neighbors) {
            BigEndian.put32(b, o, n);
            o += 4;
        }
        return b;
    }

    @Override
    Hello readHello(Iface i, byte[] b, int o, int end) {
        if (end - o < 20) {
            return null;
        }
        return new Hello(null, BigEndian.u8(b, o + 4), BigEndian.u16(b, o + 8), BigEndian.u16(b, o + 10),
                BigEndian.u32(b, o + 12), BigEndian.u32(b, o + 16), BigEndian.u32(b, o), o + 20);
    }
}
