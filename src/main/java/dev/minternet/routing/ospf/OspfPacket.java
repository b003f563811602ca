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

    /** Writes the checksum (the authentication field is zero, so summing it changes nothing). */
    static byte[] finish(byte[] b) {
        BigEndian.put16(b, 12, 0);
        BigEndian.put16(b, 12, Checksum.compute(b, 0, b.length));
        return b;
    }

    /** A Hello with the options of the interface's area (the E bit clear in a stub area, RFC 2328 10.5). */
    static byte[] hello(int routerId, int area, int mask, int helloSec, int options, int priority, int deadSec, int dr,
                        int bdr, List<Integer> neighbors) {
        byte[] b = V2.start(HELLO, 20 + 4 * neighbors.size(), routerId, area);
        int o = HEADER;
        BigEndian.put32(b, o, mask);
        BigEndian.put16(b, o + 4, helloSec);
        BigEndian.put8(b, o + 6, options);
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

    /** OSPFv2's side of the machinery both versions share. */
    static final OspfCodec V2 = new OspfCodec(VERSION, HEADER, 20, 8, 0, 2, 3, 4, Lsa.OPTION_E) {
        @Override
        boolean knownLsaType(int type) {
            return type >= 1 && type <= 5 || type == Lsa.NSSA;
        }

        @Override
        byte[] finish(byte[] b) {
            return OspfPacket.finish(b);
        }

        @Override
        byte[] hello(int routerId, int area, Iface i, List<Integer> neighbors) {
            return OspfPacket.hello(routerId, area, Ip4.mask(i.nic.cidr().length()), i.c.helloSec(), i.area.options(),
                    i.c.priority(), i.c.deadSec(), i.dr, i.bdr, neighbors);
        }

        @Override
        int options(Iface i) {
            return i.area.options();
        }

        @Override
        Hello readHello(Iface i, byte[] b, int o, int end) {
            if (end - o < 20) {
                return null;
            }
            int mask = BigEndian.u32(b, o);
            int own = Ip4.mask(i.nic.cidr().length());
            String bad = i.broadcast() && mask != own ? "network mask " + Ip4.str(mask) + " is not " + Ip4.str(own) : null;
            int np = BigEndian.u8(b, o + 6) & Lsa.OPTION_NP;
            if (bad == null && np != (i.area.options() & Lsa.OPTION_NP)) {
                bad = "N-bit mismatch: " + (np != 0 ? "the neighbour's area is an NSSA" // RFC 3101 2.1: no adjacency
                        : "the neighbour's area is not an NSSA") + ", " + Ip4.str(i.area.id) + " here is "
                        + (i.area.nssa() ? "" : "not ") + "one";
            }
            int e = BigEndian.u8(b, o + 6) & Lsa.OPTION_E;
            if (bad == null && e != (i.area.options() & Lsa.OPTION_E)) {
                bad = "E-bit mismatch: " + (e != 0 ? "the neighbour's area is not a stub area" // 10.5, as ospfd logs it
                        : "the neighbour's area is a stub area") + ", " + Ip4.str(i.area.id) + " here is "
                        + (i.area.stub() ? "" : "not ") + "one";
            }
            return new Hello(bad, BigEndian.u8(b, o + 7), BigEndian.u16(b, o + 4), BigEndian.u32(b, o + 8),
                    BigEndian.u32(b, o + 12), BigEndian.u32(b, o + 16), 0, o + 20);
        }
    };

    /**
     * Why the OSPF packet at {@code off..end} must be dropped (RFC 2328 8.2), or null when its
     * version, length and checksum hold.
     */
    static String check(byte[] b, int off, int end) {
        String bad = V2.framing(b, off, end);
        if (bad != null) {
            return bad;
        }
        int len = BigEndian.u16(b, off + 2);
        if (BigEndian.u16(b, off + 14) != 0) {
            return "authentication"; // only null authentication (AuType 0) is configured
        }
        if (Checksum.finish(Checksum.sum(b, off, 16, Checksum.sum(b, off + HEADER, len - HEADER, 0))) != 0) {
            return "checksum";
        }
        return null;
    }
}
