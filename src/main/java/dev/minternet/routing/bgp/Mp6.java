package dev.minternet.routing.bgp;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ip6;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Multiprotocol BGP for IPv6 unicast (RFC 4760, RFC 2545): AFI 2 / SAFI 1 prefixes in the
 * MP_REACH_NLRI (type 14) and MP_UNREACH_NLRI (type 15) attributes, optional non-transitive. The
 * next hop is the global address (16 bytes), followed by the link-local address (32 bytes in all)
 * when the peer shares the link (RFC 2545 section 3).
 */
public final class Mp6 {
    private Mp6() {
    }

    public static final int AFI_IPV6 = 2;
    public static final int SAFI_UNICAST = 1;
    static final int ATTR_MP_REACH = 14;
    static final int ATTR_MP_UNREACH = 15;

    /** An IPv6 prefix as MP NLRI carries it. */
    public record Prefix6(Ip6 network, int length) implements Comparable<Prefix6> {
        // the record's own equals and hashCode, written out: no invokedynamic linked at first use (RecordValuesTest)
        @Override
        public boolean equals(Object other) {
            return other instanceof Prefix6 o && java.util.Objects.equals(network, o.network) && length == o.length;
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Objects.hashCode(network) + Integer.hashCode(length);
        }

        public Prefix6 {
            if (length < 0 || length > 128) {
                throw new IllegalArgumentException("prefix length " + length + " out of range 0-128");
            }
            network = network.network(length);
        }

        @Override
        public int compareTo(Prefix6 o) {
            int c = network.compareTo(o.network);
            return c != 0 ? c : Integer.compare(length, o.length);
        }

        public boolean contains(Ip6 a) {
            return a.inPrefix(network, length);
        }

        @Override
        public String toString() {
            return network + "/" + length;
        }
    }

    /** What an UPDATE carries for IPv6 unicast: withdrawals, and announcements with their next hop(s). */
    public record Update6(List<Prefix6> withdrawn, List<Prefix6> nlri, Ip6 nextHop, Ip6 linkLocal) {
        public boolean empty() {
            return withdrawn.isEmpty() && nlri.isEmpty();
        }
    }

    static void prefix(ByteArrayOutputStream o, Prefix6 p) {
        o.write(p.length());
        byte[] b = p.network().bytes();
        o.write(b, 0, (p.length() + 7) / 8);
    }

    static int prefixBytes(Prefix6 p) {
        return 1 + (p.length() + 7) / 8;
    }

    /** The MP_REACH_NLRI value: AFI, SAFI, next hop length and next hop(s), a reserved byte, the NLRI. */
    static byte[] reach(Ip6 nextHop, Ip6 linkLocal, List<Prefix6> nlri) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0);
        o.write(AFI_IPV6);
        o.write(SAFI_UNICAST);
        o.write(linkLocal == null ? 16 : 32);
        o.writeBytes(nextHop.bytes());
        if (linkLocal != null) {
            o.writeBytes(linkLocal.bytes());
        }
        o.write(0); // reserved (RFC 4760 3: formerly the SNPAs)
        for (Prefix6 p : nlri) {
            prefix(o, p);
        }
        return o.toByteArray();
    }

    /** The MP_UNREACH_NLRI value: AFI, SAFI, the withdrawn prefixes. */
    static byte[] unreach(List<Prefix6> withdrawn) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0);
        o.write(AFI_IPV6);
        o.write(SAFI_UNICAST);
        for (Prefix6 p : withdrawn) {
            prefix(o, p);
        }
        return o.toByteArray();
    }

    /** An UPDATE withdrawing IPv6 prefixes: no IPv4 withdrawals, one attribute (MP_UNREACH_NLRI), no NLRI. */
    public static byte[] withdraw(List<Prefix6> withdrawn) {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        BgpMessage.attr(a, 0x80, ATTR_MP_UNREACH, unreach(withdrawn));
        return BgpMessage.updateWithAttributes(a.toByteArray());
    }

    /**
     * An UPDATE announcing IPv6 prefixes: ORIGIN, AS_PATH and the other attributes of {@code a}
     * (without NEXT_HOP, RFC 4760 3), then MP_REACH_NLRI, in type-code order.
     */
    public static byte[] announce(BgpMessage.Attrs a, Ip6 nextHop, Ip6 linkLocal, List<Prefix6> nlri) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(BgpMessage.attributes(a, false));
        BgpMessage.attr(o, 0x80, ATTR_MP_REACH, reach(nextHop, linkLocal, nlri));
        return BgpMessage.updateWithAttributes(o.toByteArray());
    }

    /** Room for NLRI in an announcement with these attributes. */
    static int room(BgpMessage.Attrs a, boolean linkLocal) {
        return BgpMessage.MAX - 23 - BgpMessage.attributes(a, false).length - 4 - (4 + (linkLocal ? 32 : 16) + 1);
    }

    private static List<Prefix6> prefixes(byte[] m, int p, int end) throws BgpMessage.BgpError {
        List<Prefix6> out = new ArrayList<>();
        while (p < end) {
            int len = m[p] & 0xFF;
            int bytes = (len + 7) / 8;
            if (len > 128 || p + 1 + bytes > end) {
                throw new BgpMessage.BgpError(3, 9, "bad IPv6 prefix in MP NLRI"); // optional attribute error
            }
            byte[] b = new byte[16];
            System.arraycopy(m, p + 1, b, 0, bytes);
            out.add(new Prefix6(Ip6.read(b, 0), len));
            p += 1 + bytes;
        }
        return out;
    }

    /**
     * The IPv6 unicast part of an UPDATE (its MP_REACH_NLRI and MP_UNREACH_NLRI; other AFI/SAFI
     * pairs are ignored), or an empty one. The message's header and attribute list were checked by
     * {@link BgpMessage#decode}.
     */
    public static Update6 decode(byte[] m) throws BgpMessage.BgpError {
        int wlen = BigEndian.u16(m, 19);
        int alen = BigEndian.u16(m, 21 + wlen);
        int p = 23 + wlen;
        int aend = p + alen;
        List<Prefix6> withdrawn = new ArrayList<>();
        List<Prefix6> nlri = new ArrayList<>();
        Ip6 nh = null;
        Ip6 ll = null;
        boolean origin = false;
        boolean path = false;
        while (p < aend) {
            int flags = m[p] & 0xFF;
            int type = m[p + 1] & 0xFF;
            int len;
            int v;
            if ((flags & 0x10) != 0) {
                len = BigEndian.u16(m, p + 2);
                v = p + 4;
            } else {
                len = m[p + 2] & 0xFF;
                v = p + 3;
            }
            origin |= type == BgpMessage.ATTR_ORIGIN;
            path |= type == BgpMessage.ATTR_AS_PATH;
            if (type == ATTR_MP_REACH) {
                if (len < 5 || v + 4 > v + len) {
                    throw new BgpMessage.BgpError(3, 9, "malformed MP_REACH_NLRI");
                }
                int afi = BigEndian.u16(m, v);
                int safi = m[v + 2] & 0xFF;
                int nhLen = m[v + 3] & 0xFF;
                if (afi == AFI_IPV6 && safi == SAFI_UNICAST) {
                    if (nhLen != 16 && nhLen != 32 || v + 4 + nhLen + 1 > v + len) {
                        throw new BgpMessage.BgpError(3, 9, "bad IPv6 next hop length " + nhLen);
                    }
                    nh = Ip6.read(m, v + 4);
                    ll = nhLen == 32 ? Ip6.read(m, v + 20) : null;
                    nlri.addAll(prefixes(m, v + 4 + nhLen + 1, v + len));
                }
            } else if (type == ATTR_MP_UNREACH) {
                if (len < 3) {
                    throw new BgpMessage.BgpError(3, 9, "malformed MP_UNREACH_NLRI");
                }
                if (BigEndian.u16(m, v) == AFI_IPV6 && (m[v + 2] & 0xFF) == SAFI_UNICAST) {
                    withdrawn.addAll(prefixes(m, v + 3, v + len));
                }
            }
            p = v + len;
        }
        if (!nlri.isEmpty() && (!origin || !path)) {
            throw new BgpMessage.BgpError(3, 3, "missing well-known attribute " + (origin ? "AS_PATH" : "ORIGIN"));
        }
        return new Update6(withdrawn, nlri, nh, ll);
    }
}
