package dev.minternet.routing.ospf;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Checksum;
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
        o += 8;
        for (Lsa l : headers) {
            System.arraycopy(l.bytes, 0, b, o, Lsa.HEADER);
            o += Lsa.HEADER;
        }
        return finish(b);
    }

    static byte[] lsr(int routerId, int area, List<Lsa.Key> keys) {
        byte[] b = start(LSR, 12 * keys.size(), routerId, area);
        int o = HEADER;
        for (Lsa.Key k : keys) {
            BigEndian.put32(b, o, k.type());
            BigEndian.put32(b, o + 4, k.id());
            BigEndian.put32(b, o + 8, k.adv());
            o += 12;
        }
        return finish(b);
    }

    /** A Link State Update carrying {@code lsas} as given (their ages already advanced by the sender). */
    static byte[] lsu(int routerId, int area, List<Lsa> lsas) {
        int len = 4;
        for (Lsa l : lsas) {
            len += l.bytes.length;
        }
        byte[] b = start(LSU, len, routerId, area);
        BigEndian.put32(b, HEADER, lsas.size());
        int o = HEADER + 4;
        for (Lsa l : lsas) {
            System.arraycopy(l.bytes, 0, b, o, l.bytes.length);
            o += l.bytes.length;
        }
        return finish(b);
    }

    static byte[] ack(int routerId, int area, List<Lsa> headers) {
        byte[] b = start(LSACK, Lsa.HEADER * headers.size(), routerId, area);
        int o = HEADER;
        for (Lsa l : headers) {
            System.arraycopy(l.bytes, 0, b, o, Lsa.HEADER);
            o += Lsa.HEADER;
        }
        return finish(b);
    }

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
