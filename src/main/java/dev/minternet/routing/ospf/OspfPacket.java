package dev.minternet.routing.ospf;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Checksum;
import dev.minternet.wire.Ip4;
import java.util.List;

/**
 * The OSPFv2 packet formats (RFC 2328 appendix A.3): the 24-byte common header and the bodies of
 * Hello, Database Description, Link State Request, Link State Update and Link State
 * Acknowledgment. The checksum is the IP checksum of the whole packet but the 64-bit
 * authentication field (zero here: AuType 0, null authentication).
 */
final class OspfPacket {
    static final int VERSION = 2;
    static final int HEADER = 24;
    static final int HELLO = 1;
    static final int DD = 2;
    static final int LSR = 3;
    static final int LSU = 4;
    static final int LSACK = 5;
    /** Database Description flags (A.3.3). */
    static final int DD_MS = 0x01;
    static final int DD_M = 0x02;
    static final int DD_I = 0x04;
    /** IP protocol number of OSPF. */
    static final int PROTOCOL = 89;
    /** AllSPFRouters (RFC 2328 A.1): every packet on a point-to-point network goes there, and hellos everywhere. */
    static final int ALL_SPF_ROUTERS = 0xe0000005;
    /** AllDRouters (RFC 2328 A.1): the DR and Backup DR of a broadcast network listen there. */
    static final int ALL_D_ROUTERS = 0xe0000006;

    private OspfPacket() {
    }

    static String typeName(int type) {
        return switch (type) {
            case HELLO -> "hello";
            case DD -> "db-description";
            case LSR -> "ls-request";
            case LSU -> "ls-update";
            case LSACK -> "ls-ack";
            default -> "type-" + type;
        };
    }

    /** A packet buffer of {@code bodyLength} bytes after the header, with the header's fixed fields. */
    static byte[] start(int type, int bodyLength, int routerId, int area) {
        byte[] b = new byte[HEADER + bodyLength];
        BigEndian.put8(b, 0, VERSION);
        BigEndian.put8(b, 1, type);
        BigEndian.put16(b, 2, b.length);
        BigEndian.put32(b, 4, routerId);
        BigEndian.put32(b, 8, area);
        return b; // checksum, AuType and authentication stay zero until finish()
    }

    /** Writes the checksum (the authentication field is zero, so summing it changes nothing). */
    static byte[] finish(byte[] b) {
        BigEndian.put16(b, 12, 0);
        BigEndian.put16(b, 12, Checksum.compute(b, 0, b.length));
        return b;
    }

    static byte[] hello(int routerId, int area, int mask, int helloSec, int priority, int deadSec, int dr, int bdr,
                        List<Integer> neighbors) {
        byte[] b = start(HELLO, 20 + 4 * neighbors.size(), routerId, area);
        int o = HEADER;
        BigEndian.put32(b, o, mask);
        BigEndian.put16(b, o + 4, helloSec);
        BigEndian.put8(b, o + 6, Lsa.OPTION_E);
        BigEndian.put8(b, o + 7, priority); // unused on point-to-point networks, where DR and BDR stay 0.0.0.0
        BigEndian.put32(b, o + 8, deadSec);
        BigEndian.put32(b, o + 12, dr);
        BigEndian.put32(b, o + 16, bdr);
        o += 20;
        for (int n : neighbors) {
            BigEndian.put32(b, o, n);
            o += 4;
        }
        return finish(b);
    }

    static byte[] dd(int routerId, int area, int mtu, int flags, int seq, List<Lsa> headers) {
        byte[] b = start(DD, 8 + Lsa.HEADER * headers.size(), routerId, area);
        int o = HEADER;
        BigEndian.put16(b, o, mtu);
        BigEndian.put8(b, o + 2, Lsa.OPTION_E);
        BigEndian.put8(b, o + 3, flags);
        BigEndian.put32(b, o + 4, seq);
        return finish(fillAck(b, o + 8, headers));
    }

    static byte[] lsr(int routerId, int area, List<Lsa.Key> keys) {
        return finish(fillLsr(start(LSR, 12 * keys.size(), routerId, area), HEADER, keys));
    }

    /** A Link State Update carrying {@code lsas} as given (their ages already advanced by the sender). */
    static byte[] lsu(int routerId, int area, List<Lsa> lsas) {
        return finish(fillLsu(start(LSU, lsuLength(lsas), routerId, area), HEADER, lsas));
    }

    static byte[] ack(int routerId, int area, List<Lsa> headers) {
        return finish(fillAck(start(LSACK, Lsa.HEADER * headers.size(), routerId, area), HEADER, headers));
    }

    /**
     * The Link State Request body from {@code o}: 12 bytes a request, the type as a 32-bit word (in
     * OSPFv3 a reserved 16-bit half then the 16-bit type, the same bytes), link state ID, advertising router.
     */
    static byte[] fillLsr(byte[] b, int o, List<Lsa.Key> keys) {
        for (Lsa.Key k : keys) {
            BigEndian.put32(b, o, k.type());
            BigEndian.put32(b, o + 4, k.id());
            BigEndian.put32(b, o + 8, k.adv());
            o += 12;
        }
        return b;
    }

    static int lsuLength(List<Lsa> lsas) {
        int len = 4;
        for (Lsa l : lsas) {
            len += l.bytes.length;
        }
        return len;
    }

    /** The Link State Update body from {@code o}: the count, then the LSAs (alike in both versions). */
    static byte[] fillLsu(byte[] b, int o, List<Lsa> lsas) {
        BigEndian.put32(b, o, lsas.size());
        o += 4;
        for (Lsa l : lsas) {
            System.arraycopy(l.bytes, 0, b, o, l.bytes.length);
            o += l.bytes.length;
        }
        return b;
    }

    /** The Link State Acknowledgment body from {@code o}: the LSA headers. */
    static byte[] fillAck(byte[] b, int o, List<Lsa> headers) {
        for (Lsa l : headers) {
            System.arraycopy(l.bytes, 0, b, o, Lsa.HEADER);
            o += Lsa.HEADER;
        }
        return b;
    }

    /** OSPFv2's side of the machinery both versions share. */
    static final OspfCodec V2 = new OspfCodec() {
        @Override
        public int header() {
            return HEADER;
        }

        @Override
        public int ipHeader() {
            return 20;
        }

        @Override
        public boolean knownLsaType(int type) {
            return type >= 1 && type <= 5;
        }

        @Override
        public boolean v3() {
            return false;
        }

        @Override
        public byte[] hello(int routerId, int area, Iface i, List<Integer> neighbors) {
            return OspfPacket.hello(routerId, area, Ip4.mask(i.nic.cidr().length()), i.c.helloSec(), i.c.priority(),
                    i.c.deadSec(), i.dr, i.bdr, neighbors);
        }

        @Override
        public Hello readHello(Iface i, byte[] b, int o, int end) {
            if (end - o < 20) {
                return null;
            }
            int mask = BigEndian.u32(b, o);
            int own = Ip4.mask(i.nic.cidr().length());
            String bad = i.broadcast() && mask != own ? "network mask " + Ip4.str(mask) + " is not " + Ip4.str(own) : null;
            return new Hello(bad, BigEndian.u8(b, o + 7), BigEndian.u16(b, o + 4), BigEndian.u32(b, o + 8),
                    BigEndian.u32(b, o + 12), BigEndian.u32(b, o + 16), 0, o + 20);
        }

        @Override
        public int ddFixed() {
            return 8;
        }

        @Override
        public int ddMtu(byte[] b, int o) {
            return BigEndian.u16(b, o);
        }

        @Override
        public int ddFlags(byte[] b, int o) {
            return BigEndian.u8(b, o + 3);
        }

        @Override
        public int ddSeq(byte[] b, int o) {
            return BigEndian.u32(b, o + 4);
        }

        @Override
        public byte[] dd(int routerId, int area, int mtu, int flags, int seq, List<Lsa> headers) {
            return OspfPacket.dd(routerId, area, mtu, flags, seq, headers);
        }

        @Override
        public byte[] lsr(int routerId, int area, List<Lsa.Key> keys) {
            return OspfPacket.lsr(routerId, area, keys);
        }

        @Override
        public byte[] lsu(int routerId, int area, List<Lsa> lsas) {
            return OspfPacket.lsu(routerId, area, lsas);
        }

        @Override
        public byte[] ack(int routerId, int area, List<Lsa> headers) {
            return OspfPacket.ack(routerId, area, headers);
        }
    };

    /**
     * Why the OSPF packet at {@code off..end} must be dropped (RFC 2328 8.2), or null when its
     * version, length and checksum hold.
     */
    static String check(byte[] b, int off, int end) {
        if (end - off < HEADER) {
            return "short";
        }
        if (BigEndian.u8(b, off) != VERSION) {
            return "version";
        }
        int len = BigEndian.u16(b, off + 2);
        if (len < HEADER || off + len > end) {
            return "length";
        }
        if (BigEndian.u16(b, off + 14) != 0) {
            return "authentication"; // only null authentication (AuType 0) is configured
        }
        if (Checksum.finish(Checksum.sum(b, off, 16, Checksum.sum(b, off + HEADER, len - HEADER, 0))) != 0) {
            return "checksum";
        }
        return null;
    }
}
