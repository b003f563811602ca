package dev.minternet.routing.ospf;

import dev.minternet.wire.BigEndian;
import java.util.List;

/**
 * What differs between OSPFv2's packets (RFC 2328 A.3) and OSPFv3's (RFC 5340 A.3) for the
 * machinery both versions share ({@link Iface}, {@link Neighbor}, {@link Flooding}): the header's
 * length and its checksum, the Hello body, where the Database Description's fields sit, and the
 * LSA types. Both headers start alike (version, type, length, router ID, area ID), and the bodies
 * of Link State Request, Update and Acknowledgment are laid out alike, so those are built here.
 */
abstract class OspfCodec {
    /** What a hello declares (RFC 2328 A.3.2, RFC 5340 A.3.2); {@code bad} says why it must be dropped, or null. */
    record Hello(String bad, int priority, int helloSec, int deadSec, int dr, int bdr, int ifaceId, int neighbors) {
    }

    private final int version;
    private final int header;
    private final int ipHeader;
    private final int ddFixed;
    private final int ddMtuAt;
    private final int ddOptionsAt;
    private final int ddFlagsAt;
    private final int ddSeqAt;
    private final int options;

    /**
     * @param header the OSPF header's length (24 bytes in OSPFv2, 16 in OSPFv3)
     * @param ipHeader the IP header's under it (20 for IPv4, 40 for IPv6), for fitting packets in the MTU
     * @param ddFixed the Database Description body before its LSA headers (8 in OSPFv2, 12 in OSPFv3)
     * @param options the options byte this router sets (the low byte of OSPFv3's 24-bit options)
     */
    OspfCodec(int version, int header, int ipHeader, int ddFixed, int ddMtuAt, int ddOptionsAt, int ddFlagsAt,
              int ddSeqAt, int options) {
        this.version = version;
        this.header = header;
        this.ipHeader = ipHeader;
        this.ddFixed = ddFixed;
        this.ddMtuAt = ddMtuAt;
        this.ddOptionsAt = ddOptionsAt;
        this.ddFlagsAt = ddFlagsAt;
        this.ddSeqAt = ddSeqAt;
        this.options = options;
    }

    final int header() {
        return header;
    }

    final int ipHeader() {
        return ipHeader;
    }

    final int ddFixed() {
        return ddFixed;
    }

    final boolean v3() {
        return version == 3;
    }

    /** Whether this version knows LSA type {@code type} (others are dropped). */
    abstract boolean knownLsaType(int type);

    abstract byte[] hello(int routerId, int area, Iface i, List<Integer> neighbors);

    /** The options this router sets on {@code i} (OSPFv2: the E bit unless the area is a stub area). */
    int options(Iface i) {
        return options;
    }

    /** The hello body at {@code o..end} heard on {@code i}, or null when it is too short. */
    abstract Hello readHello(Iface i, byte[] b, int o, int end);

    /** The packet with its checksum, when the version can compute it before the addresses are known. */
    abstract byte[] finish(byte[] b);

    /** A packet buffer of {@code bodyLength} bytes after the header, with the header's common fields. */
    final byte[] start(int type, int bodyLength, int routerId, int area) {
        byte[] b = new byte[header + bodyLength];
        BigEndian.put8(b, 0, version);
        BigEndian.put8(b, 1, type);
        BigEndian.put16(b, 2, b.length);
        BigEndian.put32(b, 4, routerId);
        BigEndian.put32(b, 8, area);
        return b; // the checksum and the rest of the header stay zero until finish()
    }

    /** Why the packet at {@code off..end} is not one of this version (RFC 2328 8.2, RFC 5340 4.2.2), or null. */
    final String framing(byte[] b, int off, int end) {
        if (end - off < header) {
            return "short";
        }
        if (BigEndian.u8(b, off) != version) {
            return "version";
        }
        int len = BigEndian.u16(b, off + 2);
        return len < header || off + len > end ? "length" : null;
    }

    final int ddMtu(byte[] b, int o) {
        return BigEndian.u16(b, o + ddMtuAt);
    }

    final int ddFlags(byte[] b, int o) {
        return BigEndian.u8(b, o + ddFlagsAt);
    }

    final int ddSeq(byte[] b, int o) {
        return BigEndian.u32(b, o + ddSeqAt);
    }

    /** A Database Description: interface MTU, options, flags, DD sequence number, LSA headers. */
    final byte[] dd(int routerId, Iface i, int mtu, int flags, int seq, List<Lsa> headers) {
        byte[] b = start(OspfPacket.DD, ddFixed + Lsa.HEADER * headers.size(), routerId, i.area.id);
        BigEndian.put16(b, header + ddMtuAt, mtu);
        BigEndian.put8(b, header + ddOptionsAt, options(i));
        BigEndian.put8(b, header + ddFlagsAt, flags);
        BigEndian.put32(b, header + ddSeqAt, seq);
        return finish(headers(b, header + ddFixed, headers));
    }

    /**
     * A Link State Request: 12 bytes a request, the type as a 32-bit word (in OSPFv3 a reserved
     * 16-bit half then the 16-bit type, the same bytes), link state ID, advertising router.
     */
    final byte[] lsr(int routerId, int area, List<Lsa.Key> keys) {
        byte[] b = start(OspfPacket.LSR, 12 * keys.size(), routerId, area);
        int o = header;
        for (Lsa.Key k : keys) {
            BigEndian.put32(b, o, k.type());
            BigEndian.put32(b, o + 4, k.id());
            BigEndian.put32(b, o + 8, k.adv());
            o += 12;
        }
        return finish(b);
    }

    /** A Link State Update carrying {@code lsas} as given (their ages already advanced by the sender). */
    final byte[] lsu(int routerId, int area, List<Lsa> lsas) {
        int len = 4;
        for (Lsa l : lsas) {
            len += l.bytes.length;
        }
        byte[] b = start(OspfPacket.LSU, len, routerId, area);
        BigEndian.put32(b, header, lsas.size());
        int o = header + 4;
        for (Lsa l : lsas) {
            System.arraycopy(l.bytes, 0, b, o, l.bytes.length);
            o += l.bytes.length;
        }
        return finish(b);
    }

    /** A Link State Acknowledgment: the LSA headers. */
    final byte[] ack(int routerId, int area, List<Lsa> lsas) {
        return finish(headers(start(OspfPacket.LSACK, Lsa.HEADER * lsas.size(), routerId, area), header, lsas));
    }

    private static byte[] headers(byte[] b, int o, List<Lsa> lsas) {
        for (Lsa l : lsas) {
            System.arraycopy(l.bytes, 0, b, o, Lsa.HEADER);
            o += Lsa.HEADER;
        }
        return b;
    }
}
