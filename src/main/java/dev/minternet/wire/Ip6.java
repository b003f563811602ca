package dev.minternet.wire;

/**
 * An IPv6 address (RFC 4291) held as two longs, the high and the low 64 bits, so that it is a
 * value (equals, hashCode) and cheap to compare. Its text form is RFC 5952's: lower case, leading
 * zeros dropped, the longest run of two or more zero groups (the first of equal runs) as "::".
 * The interface identifier of a link-local or SLAAC address is the modified EUI-64 of the MAC
 * address (RFC 4291 appendix A: ff:fe in the middle, the universal/local bit inverted).
 */
public record Ip6(long hi, long lo) implements Comparable<Ip6> {
    // the record's own equals and hashCode, written out: no invokedynamic linked at first use (RecordValuesTest)
    @Override
    public boolean equals(Object other) {
        return other instanceof Ip6 o && hi == o.hi && lo == o.lo;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(hi) + Long.hashCode(lo);
    }

    public static final int BYTES = 16;
    /** ::, the unspecified address (a DAD probe's source). */
    public static final Ip6 UNSPECIFIED = new Ip6(0, 0);
    /** ff02::1, all nodes on the link. */
    public static final Ip6 ALL_NODES = new Ip6(0xff02_0000_0000_0000L, 1);
    /** ff02::2, all routers on the link. */
    public static final Ip6 ALL_ROUTERS = new Ip6(0xff02_0000_0000_0000L, 2);
    /** fe80::/64's high half. */
    public static final long LINK_LOCAL_HI = 0xfe80_0000_0000_0000L;

    public static Ip6 read(byte[] b, int off) {
        return new Ip6(BigEndian.u64(b, off), BigEndian.u64(b, off + 8));
    }

    public void write(byte[] b, int off) {
        BigEndian.put64(b, off, hi);
        BigEndian.put64(b, off + 8, lo);
    }

    public byte[] bytes() {
        byte[] b = new byte[BYTES];
        write(b, 0);
        return b;
    }

    /** The 16-bit group {@code i} (0 to 7). */
    public int group(int i) {
        long w = i < 4 ? hi : lo;
        return (int) (w >>> (16 * (3 - (i & 3)))) & 0xffff;
    }

    public boolean isUnspecified() {
        return hi == 0 && lo == 0;
    }

    public boolean isLoopback() {
        return hi == 0 && lo == 1;
    }

    /** fe80::/10. */
    public boolean isLinkLocal() {
        return (hi & 0xffc0_0000_0000_0000L) == LINK_LOCAL_HI;
    }

    /** ff00::/8. */
    public boolean isMulticast() {
        return (hi >>> 56) == 0xff;
    }

    /** The solicited-node multicast address ff02::1:ffXX:XXXX of this address (RFC 4291 2.7.1). */
    public Ip6 solicitedNode() {
        return new Ip6(0xff02_0000_0000_0000L, 0x0000_0001_ff00_0000L | (lo & 0xff_ffffL));
    }

    /** The Ethernet address of multicast group {@code this}: 33:33 and its low 32 bits (RFC 2464 7). */
    public long multicastMac() {
        return 0x3333_0000_0000L | (lo & 0xffff_ffffL);
    }

    /** Whether {@code mac} is an IPv6 multicast Ethernet address (33:33:xx:xx:xx:xx). */
    public static boolean isMulticastMac(long mac) {
        return (mac >>> 32) == 0x3333;
    }

    /** The modified EUI-64 interface identifier of {@code mac} (RFC 4291 appendix A). */
    public static long eui64(long mac) {
        long oui = (mac >>> 24) & 0xff_ffffL;
        long nic = mac & 0xff_ffffL;
        long id = (oui << 40) | (0xfffeL << 24) | nic;
        return id ^ 0x0200_0000_0000_0000L;
    }

    /** fe80::/64 with the modified EUI-64 of {@code mac}. */
    public static Ip6 linkLocal(long mac) {
        return new Ip6(LINK_LOCAL_HI, eui64(mac));
    }

    /** The bits of {@code this} in the first {@code len} bits, the rest zero. */
    public Ip6 network(int len) {
        if (len <= 0) {
            return UNSPECIFIED;
        }
        if (len >= 128) {
            return this;
        }
        if (len <= 64) {
            return new Ip6(len == 64 ? hi : hi & (-1L << (64 - len)), 0);
        }
        return new Ip6(hi, lo & (-1L << (128 - len)));
    }

    /** Whether {@code this} is in {@code prefix/len}. */
    public boolean inPrefix(Ip6 prefix, int len) {
        return network(len).equals(prefix.network(len));
    }

    @Override
    public int compareTo(Ip6 o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /** RFC 5952 text. */
    @Override
    public String toString() {
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (group(i) != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && group(j) == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(group(i)));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /** Whether {@code s} is an IPv6 address in text form. */
    public static boolean isAddress(String s) {
        try {
            parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Parses RFC 4291 2.2 text: eight groups of one to four hex digits, "::" at most once for a
     * run of zero groups. (The dotted-quad tail of form 3 is not accepted.)
     */
    public static Ip6 parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 39) {
            throw new IllegalArgumentException("not an IPv6 address: '" + s + "'");
        }
        int dc = s.indexOf("::");
        if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
            throw new IllegalArgumentException("'::' appears twice in '" + s + "'");
        }
        int[] g = new int[8];
        if (dc < 0) {
            String[] parts = s.split(":", -1);
            if (parts.length != 8) {
                throw new IllegalArgumentException("not an IPv6 address: '" + s + "' (expected 8 groups or '::')");
            }
            for (int i = 0; i < 8; i++) {
                g[i] = hexGroup(parts[i], s);
            }
        } else {
            String head = s.substring(0, dc);
            String tail = s.substring(dc + 2);
            String[] hp = head.isEmpty() ? new String[0] : head.split(":", -1);
            String[] tp = tail.isEmpty() ? new String[0] : tail.split(":", -1);
            if (hp.length + tp.length > 7) {
                throw new IllegalArgumentException("not an IPv6 address: '" + s + "' (too many groups)");
            }
            for (int i = 0; i < hp.length; i++) {
                g[i] = hexGroup(hp[i], s);
            }
            for (int i = 0; i < tp.length; i++) {
                g[8 - tp.length + i] = hexGroup(tp[i], s);
            }
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | g[i];
            lo = (lo << 16) | g[4 + i];
        }
        return new Ip6(hi, lo);
    }

    private static int hexGroup(String p, String whole) {
        if (p.isEmpty() || p.length() > 4) {
            throw new IllegalArgumentException("not an IPv6 address: '" + whole + "' (bad group '" + p + "')");
        }
        int v = 0;
        for (int i = 0; i < p.length(); i++) {
            int d = Character.digit(p.charAt(i), 16);
            if (d < 0) {
                throw new IllegalArgumentException("not an IPv6 address: '" + whole + "' (bad group '" + p + "')");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** An address with a prefix length, e.g. 2001:db8:1::1/64. */
    public record Cidr(Ip6 address, int length) {
        // the record's own equals and hashCode, written out: no invokedynamic linked at first use (RecordValuesTest)
        @Override
        public boolean equals(Object other) {
            return other instanceof Cidr o && java.util.Objects.equals(address, o.address) && length == o.length;
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Objects.hashCode(address) + Integer.hashCode(length);
        }

        public Cidr {
            if (length < 0 || length > 128) {
                throw new IllegalArgumentException("prefix length " + length + " out of range 0-128");
            }
        }

        public static Cidr parse(String s) {
            int slash = s.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("expected address/prefix-length, e.g. 2001:db8:1::1/64, got '" + s + "'");
            }
            String len = s.substring(slash + 1);
            if (!len.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("bad prefix length '" + len + "' in '" + s + "'");
            }
            return new Cidr(Ip6.parse(s.substring(0, slash)), Integer.parseInt(len));
        }

        public Ip6 network() {
            return address.network(length);
        }

        public boolean contains(Ip6 a) {
            return a.inPrefix(address, length);
        }

        /** Whether the two prefixes share addresses. */
        public boolean overlaps(Cidr o) {
            int len = Math.min(length, o.length);
            return address.inPrefix(o.address, len);
        }

        public String networkString() {
            return network() + "/" + length;
        }

        @Override
        public String toString() {
            return address + "/" + length;
        }
    }

    /** {@code host} as it stands before a port: an IPv6 address in brackets, anything else as it is. */
    public static String bracketed(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** {@code 10.0.0.1:80}, {@code [2001:db8::1]:80}, {@code www.example.com:443}. */
    public static String hostPort(String host, long port) {
        return bracketed(host) + ":" + port;
    }
}
