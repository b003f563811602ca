package dev.minternet.routing.ospf;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.List;

/**
 * OSPFv3's LSA bodies (RFC 5340 A.4): Router-LSA (0x2001), Network-LSA (0x2002), Link-LSA
 * (0x0008, link-local flooding scope) and Intra-Area-Prefix-LSA (0x2009), built and read on the
 * {@link Lsa} that carries them (the header and its Fletcher checksum are OSPFv2's, but for the
 * 16-bit LS type). Unlike OSPFv2, Router- and Network-LSAs carry no addresses: the prefixes travel
 * in Link-LSAs and Intra-Area-Prefix-LSAs (RFC 5340 2.2).
 */
final class Lsa6 {
    static final int ROUTER = 0x2001;
    static final int NETWORK = 0x2002;
    static final int LINK = 0x0008;
    static final int INTRA_PREFIX = 0x2009;
    /** Router-LSA link types (A.4.3). */
    static final int LINK_P2P = 1;
    static final int LINK_TRANSIT = 2;
    /** Options (A.2): V6, E and R, as FRR's ospf6d sets them in a normal area. */
    static final int OPTIONS = 0x000013;

    private Lsa6() {
    }

    /** One interface description of a Router-LSA (A.4.3). */
    record Link(int type, int metric, int ifaceId, int nbrIfaceId, int nbrRouterId) {
    }

    /** An IPv6 prefix as LSAs carry it (A.4.1), with its metric (0 where the LSA has none). */
    record Prefix(Ip6 prefix, int length, int metric) implements Comparable<Prefix> {
        @Override
        public int compareTo(Prefix o) {
            int c = prefix.compareTo(o.prefix);
            return c != 0 ? c : Integer.compare(length, o.length);
        }

        @Override
        public String toString() {
            return prefix + "/" + length;
        }
    }

    static String typeName(int type) {
        return switch (type) {
            case ROUTER -> "router";
            case NETWORK -> "network";
            case LINK -> "link";
            case INTRA_PREFIX -> "intra-prefix";
            default -> String.format("type-0x%04x", type);
        };
    }

    /** FRR's short names in {@code show ipv6 ospf6 database}. */
    static String shortName(int type) {
        return switch (type) {
            case ROUTER -> "Rtr";
            case NETWORK -> "Net";
            case LINK -> "Lnk";
            case INTRA_PREFIX -> "INP";
            default -> String.format("0x%04x", type);
        };
    }

    private static byte[] start(int bodyLength, int type, int id, int adv, int seq) {
        byte[] b = new byte[Lsa.HEADER + bodyLength];
        BigEndian.put16(b, 2, type);
        BigEndian.put32(b, 4, id);
        BigEndian.put32(b, 8, adv);
        BigEndian.put32(b, 12, seq);
        BigEndian.put16(b, 18, b.length);
        return b;
    }

    private static Lsa finish(byte[] b) {
        BigEndian.put16(b, 16, Lsa.fletcher(b, 2, b.length - 2, 14));
        return new Lsa(b, true);
    }

    private static int prefixBytes(int length) {
        return (length + 31) / 32 * 4;
    }

    private static int size(List<Prefix> prefixes) {
        int n = 0;
        for (Prefix p : prefixes) {
            n += 4 + prefixBytes(p.length());
        }
        return n;
    }

    private static int putPrefixes(byte[] b, int o, List<Prefix> prefixes) {
        for (Prefix p : prefixes) {
            BigEndian.put8(b, o, p.length());
            BigEndian.put16(b, o + 2, p.metric());
            byte[] a = p.prefix().network(p.length()).bytes();
            System.arraycopy(a, 0, b, o + 4, prefixBytes(p.length()));
            o += 4 + prefixBytes(p.length());
        }
        return o;
    }

    private static List<Prefix> readPrefixes(byte[] b, int o, int count) {
        List<Prefix> out = new ArrayList<>();
        for (int k = 0; k < count && o + 4 <= b.length; k++) {
            int len = BigEndian.u8(b, o);
            int n = prefixBytes(len);
            if (len > 128 || o + 4 + n > b.length) {
                break;
            }
            byte[] a = new byte[16];
            System.arraycopy(b, o + 4, a, 0, n);
            out.add(new Prefix(Ip6.read(a, 0), len, BigEndian.u16(b, o + 2)));
            o += 4 + n;
        }
        return out;
    }

    /** A Router-LSA (A.4.3): flags 0 (no area border or AS boundary router here), options, the interface descriptions. */
    static Lsa router(int routerId, int seq, List<Link> links) {
        byte[] b = start(4 + 16 * links.size(), ROUTER, 0, routerId, seq);
        BigEndian.put32(b, Lsa.HEADER, OPTIONS);
        int o = Lsa.HEADER + 4;
        for (Link l : links) {
            BigEndian.put8(b, o, l.type());
            BigEndian.put16(b, o + 2, l.metric());
            BigEndian.put32(b, o + 4, l.ifaceId());
            BigEndian.put32(b, o + 8, l.nbrIfaceId());
            BigEndian.put32(b, o + 12, l.nbrRouterId());
            o += 16;
        }
        return finish(b);
    }

    static List<Link> links(Lsa l) {
        List<Link> out = new ArrayList<>();
        byte[] b = l.bytes;
        for (int o = Lsa.HEADER + 4; o + 16 <= b.length; o += 16) {
            out.add(new Link(BigEndian.u8(b, o), BigEndian.u16(b, o + 2), BigEndian.u32(b, o + 4), BigEndian.u32(b, o + 8),
                    BigEndian.u32(b, o + 12)));
        }
        return out;
    }

    /** A Network-LSA (A.4.4): link state ID the DR's Interface ID, then the attached routers, the DR first. */
    static Lsa network(int drIfaceId, int drRouterId, int seq, List<Integer> attached) {
        byte[] b = start(4 + 4 * attached.size(), NETWORK, drIfaceId, drRouterId, seq);
        BigEndian.put32(b, Lsa.HEADER, OPTIONS);
        int o = Lsa.HEADER + 4;
        for (int r : attached) {
            BigEndian.put32(b, o, r);
            o += 4;
        }
        return finish(b);
    }

    static List<Integer> attached(Lsa l) {
        List<Integer> out = new ArrayList<>();
        for (int o = Lsa.HEADER + 4; o + 4 <= l.bytes.length; o += 4) {
            out.add(BigEndian.u32(l.bytes, o));
        }
        return out;
    }

    /**
     * A Link-LSA (A.4.9): link state ID the originator's Interface ID on the link, its Router
     * Priority and options, its link-local address (where its neighbours send to it) and the
     * link's prefixes it holds.
     */
    static Lsa link(int ifaceId, int routerId, int seq, int priority, Ip6 linkLocal, List<Prefix> prefixes) {
        byte[] b = start(24 + size(prefixes), LINK, ifaceId, routerId, seq);
        BigEndian.put32(b, Lsa.HEADER, (priority << 24) | OPTIONS);
        linkLocal.write(b, Lsa.HEADER + 4);
        BigEndian.put32(b, Lsa.HEADER + 20, prefixes.size());
        List<Prefix> bare = new ArrayList<>();
        for (Prefix p : prefixes) {
            bare.add(new Prefix(p.prefix(), p.length(), 0)); // the 16 bits after the options are reserved here
        }
        putPrefixes(b, Lsa.HEADER + 24, bare);
        return finish(b);
    }

    static Ip6 linkLocal(Lsa l) {
        return Ip6.read(l.bytes, Lsa.HEADER + 4);
    }

    /**
     * An Intra-Area-Prefix-LSA (A.4.10): the prefixes of a router (referencing its Router-LSA,
     * link state ID 0) or of a transit network (referencing the DR's Network-LSA, link state ID the
     * DR's Interface ID), each with its metric.
     */
    static Lsa intraPrefix(int id, int routerId, int seq, int refType, int refId, int refAdv, List<Prefix> prefixes) {
        byte[] b = start(12 + size(prefixes), INTRA_PREFIX, id, routerId, seq);
        BigEndian.put16(b, Lsa.HEADER, prefixes.size());
        BigEndian.put16(b, Lsa.HEADER + 2, refType);
        BigEndian.put32(b, Lsa.HEADER + 4, refId);
        BigEndian.put32(b, Lsa.HEADER + 8, refAdv);
        putPrefixes(b, Lsa.HEADER + 12, prefixes);
        return finish(b);
    }

    static int refType(Lsa l) {
        return BigEndian.u16(l.bytes, Lsa.HEADER + 2);
    }

    static int refId(Lsa l) {
        return BigEndian.u32(l.bytes, Lsa.HEADER + 4);
    }

    static int refAdv(Lsa l) {
        return BigEndian.u32(l.bytes, Lsa.HEADER + 8);
    }

    /** The prefixes of a Link-LSA or Intra-Area-Prefix-LSA (empty for another type or a truncated body). */
    static List<Prefix> prefixes(Lsa l) {
        byte[] b = l.bytes;
        if (l.type() == LINK && b.length >= Lsa.HEADER + 24) {
            return readPrefixes(b, Lsa.HEADER + 24, BigEndian.u32(b, Lsa.HEADER + 20));
        }
        if (l.type() == INTRA_PREFIX && b.length >= Lsa.HEADER + 12) {
            return readPrefixes(b, Lsa.HEADER + 12, BigEndian.u16(b, Lsa.HEADER));
        }
        return List.of();
    }
}
