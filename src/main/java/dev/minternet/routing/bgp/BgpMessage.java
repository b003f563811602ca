package dev.minternet.routing.bgp;

import dev.minternet.wire.BigEndian;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BGP-4 messages in their wire format (RFC 4271 section 4): the 19-byte header (16-byte marker of
 * ones, length, type), OPEN with capabilities (multiprotocol IPv4 unicast, RFC 4760; 4-octet AS
 * numbers, RFC 6793), UPDATE (withdrawn routes, path attributes, NLRI; AS_PATH with 4-byte AS
 * numbers since both ends announce the capability; ORIGINATOR_ID and CLUSTER_LIST of route
 * reflection, RFC 4456), NOTIFICATION and KEEPALIVE. Decoding checks
 * what RFC 4271 section 6 asks and reports a problem as a {@link BgpError} carrying the
 * NOTIFICATION's code and subcode.
 */
public final class BgpMessage {
    private BgpMessage() {
    }

    public static final int HEADER = 19;
    public static final int MAX = 4096;
    public static final int OPEN = 1;
    public static final int UPDATE = 2;
    public static final int NOTIFICATION = 3;
    public static final int KEEPALIVE = 4;
    /** AS_TRANS (RFC 6793): the 2-byte "My AS" of a speaker whose AS number needs 4 bytes. */
    public static final int AS_TRANS = 23456;

    public static final int ORIGIN_IGP = 0;
    public static final int ORIGIN_EGP = 1;
    public static final int ORIGIN_INCOMPLETE = 2;

    static final int ATTR_ORIGIN = 1;
    static final int ATTR_AS_PATH = 2;
    static final int ATTR_NEXT_HOP = 3;
    static final int ATTR_MED = 4;
    static final int ATTR_LOCAL_PREF = 5;
    static final int ATTR_COMMUNITIES = 8;
    static final int ATTR_ORIGINATOR_ID = 9;
    static final int ATTR_CLUSTER_LIST = 10;

    /** The BLACKHOLE well-known community, 65535:666 (RFC 7999). */
    public static final int BLACKHOLE = 0xFFFF029A;
    /** NO_EXPORT (RFC 1997). */
    public static final int NO_EXPORT = 0xFFFFFF01;

    /** An IPv4 prefix as NLRI carries it. */
    public record Prefix(int network, int length) implements Comparable<Prefix> {
        // the record's own equals and hashCode, written out: no invokedynamic linked at first use (RecordValuesTest)
        @Override
        public boolean equals(Object other) {
            return other instanceof Prefix o && network == o.network && length == o.length;
        }

        @Override
        public int hashCode() {
            return 31 * Integer.hashCode(network) + Integer.hashCode(length);
        }

        public Prefix {
            network &= length == 0 ? 0 : -1 << (32 - length);
        }

        @Override
        public int compareTo(Prefix o) {
            int c = Integer.compareUnsigned(network, o.network);
            return c != 0 ? c : Integer.compare(length, o.length);
        }

        public boolean contains(int addr) {
            return length == 0 || (addr & (-1 << (32 - length))) == network;
        }

        @Override
        public String toString() {
            return dev.minternet.wire.Ip4.str(network) + "/" + length;
        }
    }

    /**
     * Path attributes; {@code med} and {@code localPref} are -1 when absent, {@code originatorId}
     * 0 and {@code clusterList} empty when absent (RFC 4456: set by route reflectors).
     */
    public record Attrs(int origin, int[] asPath, int nextHop, long med, long localPref, int[] communities,
                        int originatorId, int[] clusterList) {
        /** The empty attribute list (no communities, no cluster list), shared. */
        static final int[] NONE = new int[0];

        /** Attributes without ORIGINATOR_ID and CLUSTER_LIST. */
        public Attrs(int origin, int[] asPath, int nextHop, long med, long localPref, int[] communities) {
            this(origin, asPath, nextHop, med, localPref, communities, 0, NONE);
        }

        /** The same attributes with route reflection's ORIGINATOR_ID and CLUSTER_LIST replaced. */
        public Attrs reflected(int originator, int[] clusters) {
            return new Attrs(origin, asPath, nextHop, med, localPref, communities, originator, clusters);
        }

        /** The same attributes without ORIGINATOR_ID and CLUSTER_LIST (RFC 7606 7.9, 7.10: not from or to eBGP). */
        public Attrs unreflected() {
            return originatorId == 0 && clusterList.length == 0 ? this : reflected(0, NONE);
        }

        /** "10.0.0.1 10.0.0.2" as the trace gives a cluster list (empty when absent). */
        public String clusterString() {
            StringBuilder sb = new StringBuilder();
            for (int c : clusterList) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(dev.minternet.wire.Ip4.str(c));
            }
            return sb.toString();
        }

        public boolean has(int community) {
            for (int c : communities) {
                if (c == community) {
                    return true;
                }
            }
            return false;
        }

        /** Whether AS {@code as} is on the AS_PATH. */
        public boolean onPath(long as) {
            for (int a : asPath) {
                if (Integer.toUnsignedLong(a) == as) {
                    return true;
                }
            }
            return false;
        }

        /** The AS the path was learned from (the first of the path), or 0 for a local or iBGP-originated path. */
        public int neighborAs() {
            return asPath.length == 0 ? 0 : asPath[0];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Attrs a && origin == a.origin && Arrays.equals(asPath, a.asPath) && nextHop == a.nextHop
                    && med == a.med && localPref == a.localPref && Arrays.equals(communities, a.communities)
                    && originatorId == a.originatorId && Arrays.equals(clusterList, a.clusterList);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(asPath) * 31 + nextHop;
        }

        /** "65002 65003" as FRR prints a path (empty for a local one). */
        public String pathString() {
            return BgpMessage.pathString(asPath);
        }
    }

    /** An AS path as FRR prints it, "65002 65003" (empty for a local one). */
    static String pathString(int[] asPath) {
        StringBuilder sb = new StringBuilder();
        for (int a : asPath) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(Integer.toUnsignedString(a));
        }
        return sb.toString();
    }

    public record Open(int version, int myAs2, int holdTime, int bgpId, long as4, boolean ipv4Unicast,
                       boolean ipv6Unicast) {
        /** The peer's AS: the 4-octet capability's when present, else the 2-byte field. */
        public long as() {
            return as4 >= 0 ? as4 : myAs2;
        }
    }

    public record Update(List<Prefix> withdrawn, Attrs attrs, List<Prefix> nlri) {
    }

    public record Notification(int code, int subcode, byte[] data) {
    }

    public record Keepalive() {
    }

    /** A problem in a received message: the NOTIFICATION to send back. */
    public static final class BgpError extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;
        final int subcode;

        BgpError(int code, int subcode, String what) {
            super(what);
            this.code = code;
            this.subcode = subcode;
        }
    }

    private static byte[] frame(int type, byte[] body) {
        byte[] m = new byte[HEADER + body.length];
        Arrays.fill(m, 0, 16, (byte) 0xFF);
        BigEndian.put16(m, 16, m.length);
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, HEADER, body.length);
        return m;
    }

    public static byte[] keepalive() {
        return frame(KEEPALIVE, new byte[0]);
    }

    public static byte[] notification(int code, int subcode, byte[] data) {
        byte[] b = new byte[2 + data.length];
        b[0] = (byte) code;
        b[1] = (byte) subcode;
        System.arraycopy(data, 0, b, 2, data.length);
        return frame(NOTIFICATION, b);
    }

    /** OPEN with one Capabilities parameter holding multiprotocol IPv4 unicast and the 4-octet AS. */
    public static byte[] open(long as, int holdTime, int bgpId) {
        return open(as, holdTime, bgpId, false);
    }

    /** OPEN as above, with a second multiprotocol capability for IPv6 unicast (AFI 2, SAFI 1) when {@code ipv6}. */
    public static byte[] open(long as, int holdTime, int bgpId, boolean ipv6) {
        byte[] b = new byte[10 + 2 + 6 + 6 + (ipv6 ? 6 : 0)];
        b[0] = 4;
        BigEndian.put16(b, 1, as > 0xFFFF ? AS_TRANS : (int) as);
        BigEndian.put16(b, 3, holdTime);
        BigEndian.put32(b, 5, bgpId);
        b[9] = (byte) (b.length - 10);
        b[10] = 2; // parameter type: capabilities (RFC 5492)
        b[11] = (byte) (b.length - 12);
        b[12] = 1; // multiprotocol extensions
        b[13] = 4;
        BigEndian.put16(b, 14, 1); // AFI IPv4
        b[16] = 0;
        b[17] = 1; // SAFI unicast
        b[18] = 65; // 4-octet AS number
        b[19] = 4;
        BigEndian.put32(b, 20, (int) as);
        if (ipv6) {
            b[24] = 1; // multiprotocol extensions
            b[25] = 4;
            BigEndian.put16(b, 26, Mp6.AFI_IPV6);
            b[29] = Mp6.SAFI_UNICAST;
        }
        return frame(OPEN, b);
    }

    static int prefixBytes(Prefix p) {
        return 1 + (p.length() + 7) / 8;
    }

    static void attr(ByteArrayOutputStream o, int flags, int type, byte[] v) {
        if (v.length > 255) {
            o.write(flags | 0x10);
            o.write(type);
            o.write(v.length >>> 8);
            o.write(v.length);
        } else {
            o.write(flags);
            o.write(type);
            o.write(v.length);
        }
        o.writeBytes(v);
    }

    /** The encoded path attributes, in type-code order as FRR sends them. */
    static byte[] attributes(Attrs a) {
        return attributes(a, true);
    }

    /** The encoded path attributes; without NEXT_HOP when only MP_REACH_NLRI carries prefixes (RFC 4760 3). */
    static byte[] attributes(Attrs a, boolean nextHop) {
        // sized first, then written in place: the same bytes the attribute-by-attribute streams gave
        int[] as = a.asPath();
        int pathLen = 2 * ((as.length + 254) / 255) + 4 * as.length;
        int size = 4 + attrSize(pathLen) + (nextHop ? 7 : 0) + (a.med() >= 0 ? 7 : 0) + (a.localPref() >= 0 ? 7 : 0)
                + (a.communities().length > 0 ? attrSize(4 * a.communities().length) : 0)
                + (a.originatorId() != 0 ? 7 : 0) + (a.clusterList().length > 0 ? attrSize(4 * a.clusterList().length) : 0);
        byte[] b = new byte[size];
        int o = attrHeader(b, 0, 0x40, ATTR_ORIGIN, 1);
        b[o++] = (byte) a.origin();
        o = attrHeader(b, o, 0x40, ATTR_AS_PATH, pathLen);
        for (int i = 0; i < as.length; i += 255) {
            int n = Math.min(255, as.length - i);
            b[o++] = 2; // AS_SEQUENCE
            b[o++] = (byte) n;
            for (int k = 0; k < n; k++) {
                BigEndian.put32(b, o, as[i + k]);
                o += 4;
            }
        }
        if (nextHop) {
            o = attr32(b, o, 0x40, ATTR_NEXT_HOP, a.nextHop());
        }
        if (a.med() >= 0) {
            o = attr32(b, o, 0x80, ATTR_MED, (int) a.med());
        }
        if (a.localPref() >= 0) {
            o = attr32(b, o, 0x40, ATTR_LOCAL_PREF, (int) a.localPref());
        }
        if (a.communities().length > 0) {
            o = attrHeader(b, o, 0xC0, ATTR_COMMUNITIES, 4 * a.communities().length);
            for (int c : a.communities()) {
                BigEndian.put32(b, o, c);
                o += 4;
            }
        }
        if (a.originatorId() != 0) {
            o = attr32(b, o, 0x80, ATTR_ORIGINATOR_ID, a.originatorId());
        }
        if (a.clusterList().length > 0) {
            o = attrHeader(b, o, 0x80, ATTR_CLUSTER_LIST, 4 * a.clusterList().length);
            for (int c : a.clusterList()) {
                BigEndian.put32(b, o, c);
                o += 4;
            }
        }
        if (o != size) {
            throw new IllegalStateException("attributes sized " + size + ", written " + o);
        }
        return b;
    }

    /** The bytes of an attribute whose value is {@code len} bytes: its header (extended length past 255) and value. */
    private static int attrSize(int len) {
        return (len > 255 ? 4 : 3) + len;
    }

    /** Writes an attribute's header at {@code o} as {@link #attr} does; returns where its value goes. */
    private static int attrHeader(byte[] b, int o, int flags, int type, int len) {
        if (len > 255) {
            b[o] = (byte) (flags | 0x10);
            b[o + 1] = (byte) type;
            b[o + 2] = (byte) (len >>> 8);
            b[o + 3] = (byte) len;
            return o + 4;
        }
        b[o] = (byte) flags;
        b[o + 1] = (byte) type;
        b[o + 2] = (byte) len;
        return o + 3;
    }

    private static int attr32(byte[] b, int o, int flags, int type, int v) {
        o = attrHeader(b, o, flags, type, 4);
        BigEndian.put32(b, o, v);
        return o + 4;
    }

    /** One UPDATE; the caller keeps it within {@link #MAX} bytes. */
    public static byte[] update(List<Prefix> withdrawn, Attrs attrs, List<Prefix> nlri) {
        return updateEncoded(withdrawn, attrs == null ? new byte[0] : attributes(attrs), nlri);
    }

    /** One UPDATE with its path attributes already encoded ({@link #attributes}); written in place, header and all. */
    static byte[] updateEncoded(List<Prefix> withdrawn, byte[] at, List<Prefix> nlri) {
        int w = 0;
        for (Prefix p : withdrawn) {
            w += prefixBytes(p);
        }
        int n = 0;
        for (Prefix p : nlri) {
            n += prefixBytes(p);
        }
        byte[] m = new byte[HEADER + 2 + w + 2 + at.length + n];
        Arrays.fill(m, 0, 16, (byte) 0xFF);
        BigEndian.put16(m, 16, m.length);
        m[18] = UPDATE;
        int o = HEADER;
        m[o++] = (byte) (w >>> 8);
        m[o++] = (byte) w;
        for (Prefix p : withdrawn) {
            o = prefix(m, o, p);
        }
        m[o++] = (byte) (at.length >>> 8);
        m[o++] = (byte) at.length;
        System.arraycopy(at, 0, m, o, at.length);
        o += at.length;
        for (Prefix p : nlri) {
            o = prefix(m, o, p);
        }
        return m;
    }

    private static int prefix(byte[] m, int o, Prefix p) {
        m[o++] = (byte) p.length();
        int bytes = (p.length() + 7) / 8;
        for (int i = 0; i < bytes; i++) {
            m[o++] = (byte) (p.network() >>> (24 - 8 * i));
        }
        return o;
    }

    /** An UPDATE with no IPv4 withdrawals or NLRI: only these encoded path attributes (MP-BGP, RFC 4760). */
    static byte[] updateWithAttributes(byte[] at) {
        byte[] b = new byte[4 + at.length];
        BigEndian.put16(b, 2, at.length);
        System.arraycopy(at, 0, b, 4, at.length);
        return frame(UPDATE, b);
    }

    /** Checks a header: marker, length bounds, type (RFC 4271 6.1); returns the message length. */
    public static int checkHeader(byte[] b, int off) throws BgpError {
        for (int i = 0; i < 16; i++) {
            if (b[off + i] != (byte) 0xFF) {
                throw new BgpError(1, 1, "connection not synchronized");
            }
        }
        int len = BigEndian.u16(b, off + 16);
        int type = b[off + 18] & 0xFF;
        if (len < HEADER || len > MAX || type == KEEPALIVE && len != HEADER || type == OPEN && len < 29
                || type == UPDATE && len < 23 || type == NOTIFICATION && len < 21) {
            throw new BgpError(1, 2, "bad message length " + len);
        }
        if (type < OPEN || type > KEEPALIVE) {
            throw new BgpError(1, 3, "bad message type " + type);
        }
        return len;
    }

    /** Decodes one complete message (header already checked). */
    public static Object decode(byte[] m) throws BgpError {
        int type = m[18] & 0xFF;
        switch (type) {
            case KEEPALIVE:
                return new Keepalive();
            case NOTIFICATION:
                return new Notification(m[19] & 0xFF, m[20] & 0xFF, Arrays.copyOfRange(m, 21, m.length));
            case OPEN:
                return decodeOpen(m);
            default:
                return decodeUpdate(m);
        }
    }

    private static Open decodeOpen(byte[] m) throws BgpError {
        int version = m[19] & 0xFF;
        if (version != 4) {
            throw new BgpError(2, 1, "unsupported version " + version);
        }
        int myAs = BigEndian.u16(m, 20);
        int hold = BigEndian.u16(m, 22);
        int id = BigEndian.u32(m, 24);
        int optLen = m[28] & 0xFF;
        if (29 + optLen != m.length) {
            throw new BgpError(1, 2, "bad OPEN length");
        }
        long as4 = -1;
        boolean v4 = false;
        boolean v6 = false;
        int p = 29;
        while (p < m.length) {
            if (p + 2 > m.length) {
                throw new BgpError(2, 0, "truncated optional parameter");
            }
            int ptype = m[p] & 0xFF;
            int plen = m[p + 1] & 0xFF;
            int end = p + 2 + plen;
            if (end > m.length) {
                throw new BgpError(2, 0, "truncated optional parameter");
            }
            if (ptype != 2) {
                throw new BgpError(2, 4, "unsupported optional parameter " + ptype);
            }
            int c = p + 2;
            while (c < end) {
                if (c + 2 > end || c + 2 + (m[c + 1] & 0xFF) > end) {
                    throw new BgpError(2, 0, "truncated capability");
                }
                int code = m[c] & 0xFF;
                int clen = m[c + 1] & 0xFF;
                if (code == 65 && clen == 4) {
                    as4 = Integer.toUnsignedLong(BigEndian.u32(m, c + 2));
                } else if (code == 1 && clen == 4 && BigEndian.u16(m, c + 2) == 1 && (m[c + 5] & 0xFF) == 1) {
                    v4 = true;
                } else if (code == 1 && clen == 4 && BigEndian.u16(m, c + 2) == Mp6.AFI_IPV6
                        && (m[c + 5] & 0xFF) == Mp6.SAFI_UNICAST) {
                    v6 = true;
                }
                c += 2 + clen;
            }
            p = end;
        }
        if (hold == 1 || hold == 2) {
            throw new BgpError(2, 6, "unacceptable hold time " + hold);
        }
        if (id == 0 || id == -1) {
            throw new BgpError(2, 3, "bad BGP identifier");
        }
        return new Open(version, myAs, hold, id, as4, v4, v6);
    }

    private static List<Prefix> prefixes(byte[] m, int p, int end, int subcode) throws BgpError {
        List<Prefix> out = new ArrayList<>();
        while (p < end) {
            int len = m[p] & 0xFF;
            int bytes = (len + 7) / 8;
            if (len > 32 || p + 1 + bytes > end) {
                throw new BgpError(3, subcode, "bad prefix");
            }
            int net = 0;
            for (int i = 0; i < bytes; i++) {
                net |= (m[p + 1 + i] & 0xFF) << (24 - 8 * i);
            }
            out.add(new Prefix(net, len));
            p += 1 + bytes;
        }
        return out;
    }

    private static Update decodeUpdate(byte[] m) throws BgpError {
        int wlen = BigEndian.u16(m, 19);
        if (21 + wlen + 2 > m.length) {
            throw new BgpError(3, 1, "malformed attribute list");
        }
        List<Prefix> withdrawn = prefixes(m, 21, 21 + wlen, 1);
        int alen = BigEndian.u16(m, 21 + wlen);
        int a = 23 + wlen;
        int aend = a + alen;
        if (aend > m.length) {
            throw new BgpError(3, 1, "malformed attribute list");
        }
        List<Prefix> nlri = prefixes(m, aend, m.length, 10);
        if (alen == 0) {
            if (!nlri.isEmpty()) {
                throw new BgpError(3, 3, "missing well-known attribute ORIGIN");
            }
            return new Update(withdrawn, null, nlri);
        }
        int origin = -1;
        int[] path = null;
        int nextHop = 0;
        boolean hasNextHop = false;
        long med = -1;
        long lp = -1;
        int[] comms = Attrs.NONE; // shared: a path without communities keeps no array of its own
        int originator = 0;
        int[] clusters = Attrs.NONE;
        int p = a;
        while (p < aend) {
            if (p + 3 > aend) {
                throw new BgpError(3, 1, "malformed attribute list");
            }
            int flags = m[p] & 0xFF;
            int type = m[p + 1] & 0xFF;
            int len;
            int v;
            if ((flags & 0x10) != 0) {
                if (p + 4 > aend) {
                    throw new BgpError(3, 1, "malformed attribute list");
                }
                len = BigEndian.u16(m, p + 2);
                v = p + 4;
            } else {
                len = m[p + 2] & 0xFF;
                v = p + 3;
            }
            if (v + len > aend) {
                throw new BgpError(3, 5, "attribute length error");
            }
            switch (type) {
                case ATTR_ORIGIN -> {
                    if (len != 1) {
                        throw new BgpError(3, 5, "attribute length error");
                    }
                    origin = m[v] & 0xFF;
                    if (origin > 2) {
                        throw new BgpError(3, 6, "invalid ORIGIN");
                    }
                }
                case ATTR_AS_PATH -> {
                    int count = 0; // checked and counted first, then copied into an array of exactly that length
                    int q = v;
                    while (q < v + len) {
                        if (q + 2 > v + len) {
                            throw new BgpError(3, 11, "malformed AS_PATH");
                        }
                        int segType = m[q] & 0xFF;
                        int n = m[q + 1] & 0xFF;
                        if (segType < 1 || segType > 2 || q + 2 + 4 * n > v + len) {
                            throw new BgpError(3, 11, "malformed AS_PATH");
                        }
                        count += n;
                        q += 2 + 4 * n;
                    }
                    path = new int[count];
                    int at = 0;
                    for (q = v; q < v + len;) {
                        int n = m[q + 1] & 0xFF;
                        for (int k = 0; k < n; k++) {
                            path[at++] = BigEndian.u32(m, q + 2 + 4 * k);
                        }
                        q += 2 + 4 * n;
                    }
                }
                case ATTR_NEXT_HOP -> {
                    if (len != 4) {
                        throw new BgpError(3, 5, "attribute length error");
                    }
                    nextHop = BigEndian.u32(m, v);
                    hasNextHop = true;
                }
                case ATTR_MED -> {
                    if (len != 4) {
                        throw new BgpError(3, 5, "attribute length error");
                    }
                    med = Integer.toUnsignedLong(BigEndian.u32(m, v));
                }
                case ATTR_LOCAL_PREF -> {
                    if (len != 4) {
                        throw new BgpError(3, 5, "attribute length error");
                    }
                    lp = Integer.toUnsignedLong(BigEndian.u32(m, v));
                }
                case ATTR_COMMUNITIES -> {
                    if (len % 4 != 0) {
                        throw new BgpError(3, 5, "attribute length error");
                    }
                    comms = new int[len / 4];
                    for (int k = 0; k < comms.length; k++) {
                        comms[k] = BigEndian.u32(m, v + 4 * k);
                    }
                }
                case ATTR_ORIGINATOR_ID -> {
                    if (len != 4) {
                        throw new BgpError(3, 5, "attribute length error");
                    }
                    originator = BigEndian.u32(m, v);
                }
                case ATTR_CLUSTER_LIST -> {
                    if (len == 0 || len % 4 != 0) {
                        throw new BgpError(3, 5, "attribute length error");
                    }
                    clusters = new int[len / 4];
                    for (int k = 0; k < clusters.length; k++) {
                        clusters[k] = BigEndian.u32(m, v + 4 * k);
                    }
                }
                default -> {
                    if ((flags & 0x80) == 0) {
                        throw new BgpError(3, 2, "unrecognized well-known attribute " + type);
                    }
                }
            }
            p = v + len;
        }
        if (!nlri.isEmpty()) {
            if (origin < 0) {
                throw new BgpError(3, 3, "missing well-known attribute ORIGIN");
            }
            if (path == null) {
                throw new BgpError(3, 3, "missing well-known attribute AS_PATH");
            }
            if (!hasNextHop) {
                throw new BgpError(3, 3, "missing well-known attribute NEXT_HOP");
            }
        }
        Attrs attrs = new Attrs(Math.max(origin, 0), path == null ? new int[0] : path, nextHop, med, lp, comms,
                originator, clusters);
        return new Update(withdrawn, attrs, nlri);
    }

    /** "65001:100", or the well-known name FRR prints. */
    public static String community(int c) {
        if (c == BLACKHOLE) {
            return "blackhole";
        }
        if (c == NO_EXPORT) {
            return "no-export";
        }
        return (c >>> 16) + ":" + (c & 0xFFFF);
    }
}
