package dev.minternet.routing.ospf;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One link state advertisement as it travels (RFC 2328 A.4): the 20-byte header and its body, kept
 * as the bytes the originator wrote, with the age the holder last set. The Fletcher checksum
 * (ISO 8473 annex C, RFC 2328 12.1.7) covers everything but the age, so the bytes never change in
 * flight; only the age field does.
 */
public final class Lsa {
    public static final int HEADER = 20;
    public static final int ROUTER = 1;
    /** The Network-LSA a broadcast network's Designated Router originates (RFC 2328 A.4.3). */
    public static final int NETWORK = 2;
    /** The Summary-LSA an area border router originates for a network outside the area (RFC 2328 A.4.4). */
    public static final int SUMMARY = 3;
    /** The ASBR-summary-LSA an area border router originates for an AS boundary router of another area (A.4.4). */
    public static final int ASBR_SUMMARY = 4;
    /** The AS-external-LSA an AS boundary router originates for a route from outside OSPF (A.4.5). */
    public static final int EXTERNAL = 5;
    /**
     * The NSSA-external-LSA (RFC 3101 2.2): an AS-external-LSA's body, flooded only within one
     * not-so-stubby area, translated into a type 5 by the area's translator when its P bit is set.
     */
    public static final int NSSA = 7;
    /** Router-LSA flags (RFC 2328 A.4.2): B, this router is an area border router. */
    public static final int FLAG_B = 0x01;
    /** Router-LSA flags: E, this router is an AS boundary router. */
    public static final int FLAG_E = 0x02;
    /** Router-LSA flags: Nt, this NSSA border router translates the area's type-7 LSAs (RFC 3101 2.1). */
    public static final int FLAG_NT = 0x10;
    /** An AS-external-LSA's E bit (A.4.5): a type 2 external metric. */
    public static final int EXTERNAL_TYPE_2 = 0x80;
    /** LSInfinity (RFC 2328 appendix B): a metric that means unreachable. */
    public static final int LS_INFINITY = 0xffffff;
    /** RFC 2328 appendix B. */
    public static final int MAX_AGE = 3600;
    public static final int LS_REFRESH_TIME = 1800;
    public static final int MAX_AGE_DIFF = 900;
    public static final int INITIAL_SEQUENCE = 0x80000001;
    public static final int MAX_SEQUENCE = 0x7fffffff;
    /** Router-LSA link types (RFC 2328 A.4.2). */
    public static final int LINK_P2P = 1;
    public static final int LINK_TRANSIT = 2;
    public static final int LINK_STUB = 3;
    /** The E bit: this area takes AS-external routes (RFC 2328 A.2); FRR sets it in a normal area. */
    public static final int OPTION_E = 0x02;
    /**
     * The N/P bit (RFC 3101 2.1): in hellos and Database Descriptions N, "this interface's area is
     * an NSSA"; in a type-7 LSA's header P, "translate me into a type 5"; FRR sets it in the other
     * LSAs of an NSSA too.
     */
    public static final int OPTION_NP = 0x08;

    /** The bytes, age field included (the age is rewritten as the LSA ages). */
    final byte[] bytes;
    /**
     * An OSPFv3 LSA (RFC 5340 A.4.2): the same header but for a 16-bit LS type where OSPFv2 has
     * the options byte and an 8-bit type.
     */
    final boolean v3;

    Lsa(byte[] bytes, boolean v3) {
        this.bytes = bytes;
        this.v3 = v3;
    }

    private Lsa(byte[] bytes) {
        this(bytes, false);
    }

    /** The LSA at {@code off} of {@code b} (its length field says how long), or null when it does not fit. */
    static Lsa read(byte[] b, int off, int end) {
        return read(b, off, end, false);
    }

    static Lsa read(byte[] b, int off, int end, boolean v3) {
        if (off + HEADER > end) {
            return null;
        }
        int len = BigEndian.u16(b, off + 18);
        if (len < HEADER || off + len > end) {
            return null;
        }
        return new Lsa(Arrays.copyOfRange(b, off, off + len), v3);
    }

    /** A header alone (from a DD packet or an acknowledgement), as a bodiless LSA for comparisons. */
    static Lsa header(byte[] b, int off) {
        return header(b, off, false);
    }

    static Lsa header(byte[] b, int off, boolean v3) {
        return new Lsa(Arrays.copyOfRange(b, off, off + HEADER), v3);
    }

    /** A Router-LSA (RFC 2328 A.4.2) with its checksum and no flags. */
    static Lsa router(int routerId, int seq, int age, List<Link> links) {
        return router(routerId, 0, seq, age, links);
    }

    /** A Router-LSA (RFC 2328 A.4.2) with its flags (B for an area border router) and checksum. */
    static Lsa router(int routerId, int flags, int seq, int age, List<Link> links) {
        return router(routerId, flags, seq, age, links, OPTION_E);
    }

    /** The same with the options of its area (no E bit in a stub area). */
    static Lsa router(int routerId, int flags, int seq, int age, List<Link> links, int options) {
        byte[] b = start(4 + 12 * links.size(), age, options, ROUTER, routerId, routerId, seq);
        BigEndian.put8(b, HEADER, flags);
        BigEndian.put16(b, HEADER + 2, links.size());
        int o = HEADER + 4;
        for (Link l : links) {
            BigEndian.put32(b, o, l.id());
            BigEndian.put32(b, o + 4, l.data());
            BigEndian.put8(b, o + 8, l.type());
            BigEndian.put8(b, o + 9, 0);
            BigEndian.put16(b, o + 10, l.metric());
            o += 12;
        }
        return finish(b);
    }

    /**
     * A Network-LSA (RFC 2328 A.4.3, 12.4.2): link state ID the Designated Router's interface
     * address, the network's mask, then every router fully adjacent to the DR, the DR included.
     */
    static Lsa network(int drAddress, int drRouterId, int seq, int age, int mask, List<Integer> attached) {
        return network(drAddress, drRouterId, seq, age, mask, attached, OPTION_E);
    }

    static Lsa network(int drAddress, int drRouterId, int seq, int age, int mask, List<Integer> attached, int options) {
        byte[] b = start(4 + 4 * attached.size(), age, options, NETWORK, drAddress, drRouterId, seq);
        BigEndian.put32(b, HEADER, mask);
        int o = HEADER + 4;
        for (int r : attached) {
            BigEndian.put32(b, o, r);
            o += 4;
        }
        return finish(b);
    }

    /**
     * A Summary-LSA (RFC 2328 A.4.4, 12.4.3): link state ID the network's address (host bits set
     * when another summary of this router holds the plain address, appendix E), its mask, TOS 0
     * and the 24-bit metric.
     */
    static Lsa summary(int id, int advRouter, int seq, int age, int mask, int metric) {
        return summary(SUMMARY, id, advRouter, seq, age, mask, metric, OPTION_E);
    }

    /**
     * A Summary-LSA (type 3) or an ASBR-summary-LSA (type 4: link state ID the AS boundary
     * router's ID, mask 0), with the options of the area it goes into.
     */
    static Lsa summary(int type, int id, int advRouter, int seq, int age, int mask, int metric, int options) {
        byte[] b = start(8, age, options, type, id, advRouter, seq);
        BigEndian.put32(b, HEADER, mask);
        BigEndian.put32(b, HEADER + 4, metric & LS_INFINITY); // the TOS byte 0, then the metric
        return finish(b);
    }

    /**
     * An AS-external-LSA (RFC 2328 A.4.5, 12.4.4): link state ID the network's address, its mask,
     * the E bit (type 2 metric) and the 24-bit metric, forwarding address 0.0.0.0 (to this router)
     * and route tag 0. Options E: it floods everywhere but stub areas.
     */
    static Lsa external(int id, int advRouter, int seq, int age, int mask, int metric) {
        return external(EXTERNAL, OPTION_E, id, advRouter, seq, age, mask, 2, metric, 0);
    }

    /**
     * An AS-external-LSA (type 5) or NSSA-external-LSA (type 7, RFC 3101 2.2: the same body) with
     * its options (a type 7's P bit), metric type 1 or 2 and forwarding address; route tag 0.
     */
    static Lsa external(int type, int options, int id, int advRouter, int seq, int age, int mask, int metricType,
                        int metric, int forward) {
        byte[] b = start(16, age, options, type, id, advRouter, seq);
        BigEndian.put32(b, HEADER, mask);
        BigEndian.put32(b, HEADER + 4, (metricType == 2 ? EXTERNAL_TYPE_2 << 24 : 0) | (metric & LS_INFINITY));
        BigEndian.put32(b, HEADER + 8, forward);
        return finish(b);
    }

    /** An LSA of {@code bodyLength} bytes after its header (RFC 2328 A.4.1), the header written but for the checksum. */
    private static byte[] start(int bodyLength, int age, int options, int type, int id, int advRouter, int seq) {
        byte[] b = new byte[HEADER + bodyLength];
        BigEndian.put16(b, 0, age);
        BigEndian.put8(b, 2, options);
        BigEndian.put8(b, 3, type);
        BigEndian.put32(b, 4, id);
        BigEndian.put32(b, 8, advRouter);
        BigEndian.put32(b, 12, seq);
        BigEndian.put16(b, 18, b.length);
        return b;
    }

    /** The LSA with its Fletcher checksum over all but the age (RFC 2328 12.1.7). */
    private static Lsa finish(byte[] b) {
        BigEndian.put16(b, 16, fletcher(b, 2, b.length - 2, 14));
        return new Lsa(b);
    }

    /** Whether it is an AS-external-LSA or an NSSA-external-LSA (the same body). */
    public boolean externalBody() {
        return !v3 && (type() == EXTERNAL || type() == NSSA);
    }

    /** An AS- or NSSA-external-LSA's forwarding address (0 for another type). */
    public int forwardingAddress() {
        return externalBody() && bytes.length >= HEADER + 12 ? BigEndian.u32(bytes, HEADER + 8) : 0;
    }

    /** An AS- or NSSA-external-LSA's external route tag (0 for another type). */
    public int routeTag() {
        return externalBody() && bytes.length >= HEADER + 16 ? BigEndian.u32(bytes, HEADER + 12) : 0;
    }

    /** Whether a type-7 LSA's P bit is set: its NSSA's translator makes a type 5 of it (RFC 3101 2.3). */
    public boolean propagate() {
        return type() == NSSA && (options() & OPTION_NP) != 0;
    }

    /** A Network-, Summary- or AS-external-LSA's network mask (0 for another type). */
    public int mask() {
        int t = type();
        return (t == NETWORK || t == SUMMARY || externalBody()) && bytes.length >= HEADER + 4 ? BigEndian.u32(bytes, HEADER)
                : 0;
    }

    /** A summary's or AS-external-LSA's TOS 0 metric (LSInfinity for another type or a truncated body). */
    public int metric() {
        int t = type();
        return (t == SUMMARY || t == ASBR_SUMMARY || externalBody()) && bytes.length >= HEADER + 8
                ? BigEndian.u32(bytes, HEADER + 4) & LS_INFINITY : LS_INFINITY;
    }

    /** Whether an AS- or NSSA-external-LSA's metric is type 2 (its E bit, A.4.5). */
    public boolean externalType2() {
        return externalBody() && bytes.length >= HEADER + 8 && (BigEndian.u8(bytes, HEADER + 4) & EXTERNAL_TYPE_2) != 0;
    }

    /** A Router-LSA's flags byte (B 0x01, E 0x02, V 0x04; 0 for another type). */
    public int routerFlags() {
        return type() == ROUTER && bytes.length >= HEADER + 4 ? BigEndian.u8(bytes, HEADER) : 0;
    }

    /** A Network-LSA's attached routers (empty for another type). */
    public List<Integer> attached() {
        List<Integer> out = new ArrayList<>();
        if (type() != NETWORK) {
            return out;
        }
        for (int o = HEADER + 4; o + 4 <= bytes.length; o += 4) {
            out.add(BigEndian.u32(bytes, o));
        }
        return out;
    }

    /** Whether the body (everything after the header) equals {@code other}'s. */
    boolean sameBody(Lsa other) {
        return Arrays.equals(bytes, HEADER, bytes.length, other.bytes, HEADER, other.bytes.length);
    }

    /** One link of a Router-LSA. */
    public record Link(int id, int data, int type, int metric) {
        @Override
        public String toString() {
            return "type " + type + " " + Ip4.str(id) + "/" + Ip4.str(data) + " metric " + metric;
        }
    }

    public int age() {
        return BigEndian.u16(bytes, 0);
    }

    public int options() {
        return BigEndian.u8(bytes, 2);
    }

    public int type() {
        return v3 ? BigEndian.u16(bytes, 2) : BigEndian.u8(bytes, 3);
    }

    public int id() {
        return BigEndian.u32(bytes, 4);
    }

    public int advRouter() {
        return BigEndian.u32(bytes, 8);
    }

    public int seq() {
        return BigEndian.u32(bytes, 12);
    }

    public int checksum() {
        return BigEndian.u16(bytes, 16);
    }

    public int length() {
        return BigEndian.u16(bytes, 18);
    }

    public Key key() {
        return new Key(type(), id(), advRouter());
    }

    /** A copy with another age (the checksum does not cover it). */
    Lsa withAge(int age) {
        byte[] b = bytes.clone();
        BigEndian.put16(b, 0, Math.min(age, MAX_AGE));
        return new Lsa(b, v3);
    }

    /** Whether the Fletcher checksum holds (RFC 2328 13 step 1). */
    boolean checksumOk() {
        int c0 = 0;
        int c1 = 0;
        for (int i = 2; i < bytes.length; i++) {
            c0 = (c0 + (bytes[i] & 0xff)) % 255;
            c1 = (c1 + c0) % 255;
        }
        return c0 == 0 && c1 == 0 && checksum() != 0;
    }

    /** A Router-LSA's links (empty for another type or a truncated body). */
    public List<Link> links() {
        List<Link> out = new ArrayList<>();
        if (type() != ROUTER || bytes.length < HEADER + 4) {
            return out;
        }
        int n = BigEndian.u16(bytes, HEADER + 2);
        int o = HEADER + 4;
        for (int i = 0; i < n && o + 12 <= bytes.length; i++) {
            int tos = BigEndian.u8(bytes, o + 9);
            out.add(new Link(BigEndian.u32(bytes, o), BigEndian.u32(bytes, o + 4), BigEndian.u8(bytes, o + 8),
                    BigEndian.u16(bytes, o + 10)));
            o += 12 + 4 * tos;
        }
        return out;
    }

    /**
     * RFC 2328 13.1: which instance is more recent. Positive when this one is newer than
     * {@code other}, negative when older, 0 when they are the same instance.
     */
    int compareTo(Lsa other) {
        if (seq() != other.seq()) {
            return Integer.compare(seq(), other.seq()); // signed: 0x80000001 is the smallest
        }
        if (checksum() != other.checksum()) {
            return Integer.compare(checksum(), other.checksum());
        }
        boolean mine = age() >= MAX_AGE;
        boolean theirs = other.age() >= MAX_AGE;
        if (mine != theirs) {
            return mine ? 1 : -1;
        }
        if (Math.abs(age() - other.age()) > MAX_AGE_DIFF) {
            return age() < other.age() ? 1 : -1;
        }
        return 0;
    }

    /**
     * The ISO 8473 Fletcher checksum over {@code len} bytes from {@code off}, with the two check
     * bytes at {@code off + checkAt} chosen so that both running sums come to zero (RFC 905 annex B).
     */
    static int fletcher(byte[] b, int off, int len, int checkAt) {
        b[off + checkAt] = 0;
        b[off + checkAt + 1] = 0;
        int c0 = 0;
        int c1 = 0;
        for (int i = 0; i < len; i++) {
            c0 = (c0 + (b[off + i] & 0xff)) % 255;
            c1 = (c1 + c0) % 255;
        }
        int x = ((len - checkAt - 1) * c0 - c1) % 255;
        if (x <= 0) {
            x += 255;
        }
        int y = 510 - c0 - x;
        if (y > 255) {
            y -= 255;
        }
        return (x << 8) | y;
    }

    /** What names an LSA in a database: type, link state ID, advertising router; ordered as FRR lists them. */
    public record Key(int type, int id, int adv) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            if (type != o.type) {
                return Integer.compare(type, o.type);
            }
            if (id != o.id) {
                return Integer.compareUnsigned(id, o.id);
            }
            return Integer.compareUnsigned(adv, o.adv);
        }
    }

    /** The LSA as the trace names it: its type, link state ID and advertising router. */
    String describe() {
        if (v3) {
            return Lsa6.typeName(type()) + " " + Ip4.str(id()) + " " + Ip4.str(advRouter());
        }
        String t = switch (type()) {
            case ROUTER -> "router";
            case NETWORK -> "network";
            case SUMMARY -> "summary";
            case ASBR_SUMMARY -> "asbr-summary";
            case EXTERNAL -> "external";
            case NSSA -> "nssa-external";
            default -> "type-" + type();
        };
        return t + " " + Ip4.str(id()) + " " + Ip4.str(advRouter());
    }
}
