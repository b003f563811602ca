package dev.minternet.tools;

import dev.minternet.wire.BigEndian;

/**
 * What tcpdump 4.99's {@code -v} prints of an OSPF packet after {@code OSPFv2, Hello, length 48}:
 * print-ospf.c's header (router ID, area, authentication type), a Hello's options, timers, mask,
 * designated routers and neighbours, a Database Description's flags and LSA headers, a request's
 * entries, an update's LSAs (router, network, summary and external bodies) and an acknowledgment's
 * headers; for OSPFv3 (print-ospf6.c) the header, a Hello's and a Database Description's fields,
 * as -v alone prints them (the LSAs wait for -vv).
 */
final class TcpdumpOspf {
    /** The capture's names ({@code -n} or the hosts table) for the addresses printed. */
    private final TcpdumpNames names;

    /** -vv: OSPFv2's LSAs in hex after them, OSPFv3's neighbours, LSA headers, requests and LSAs. */
    private final boolean vv;

    private TcpdumpOspf(TcpdumpNames names, boolean vv) {
        this.names = names;
        this.vv = vv;
    }

    /** Thrown where tcpdump stops with its truncation mark. */
    private static final class Short extends Exception {
        Short() {
            super(null, null, false, false);
        }
    }

    /** The lines -v adds after the one-line form of the OSPF packet at {@code off} ({@code len} bytes of IP payload). */
    static String verbose(byte[] d, int off, int len, TcpdumpNames nm, boolean vv) {
        return new TcpdumpOspf(nm, vv).text(d, off, len);
    }

    private String text(byte[] d, int off, int len) {
        int version = d[off] & 0xff;
        int type = d[off + 1] & 0xff;
        if (type < 1 || type > 5 || len < 4) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int end = Math.min(off + len, d.length);
        try {
            if (version == 3) {
                v3(sb, d, off, len, end, type);
            } else if (version == 2) {
                v2(sb, d, off, len, end, type);
            }
        } catch (Short e) {
            sb.append(" [|ospf").append(version == 3 ? 3 : 2).append(']');
        }
        return sb.toString();
    }

    private void v2(StringBuilder sb, byte[] d, int off, int len, int end, int type) throws Short {
        need(off + 24, end);
        int ospfLen = u16(d, off + 2);
        if (len != ospfLen) {
            sb.append(" [len ").append(ospfLen).append(']');
        }
        int dataEnd = Math.min(off + Math.min(len, ospfLen), end);
        sb.append("\n\tRouter-ID ").append(ip(d, off + 4));
        sb.append(u32(d, off + 8) != 0 ? ", Area " + ip(d, off + 8) : ", Backbone Area");
        int auth = u16(d, off + 14);
        sb.append(", Authentication Type: ").append(auth == 0 ? "none" : auth == 1 ? "simple" : auth == 2 ? "MD5" : "unknown")
                .append(" (").append(auth).append(')');
        if (auth != 0) {
            return; // the keys and passwords of authenticated OSPF are not sent in this world
        }
        int b = off + 24;
        switch (type) {
            case 1 -> {
                need(b + 20, end);
                sb.append("\n\tOptions [").append(options(d[b + 6] & 0xff)).append(']');
                sb.append("\n\t  Hello Timer ").append(u16(d, b + 4)).append("s, Dead Timer ").append(u32(d, b + 8)).append("s, Mask ")
                        .append(ip(d, b)).append(", Priority ").append(d[b + 7] & 0xff);
                if (u32(d, b + 12) != 0) {
                    sb.append("\n\t  Designated Router ").append(ip(d, b + 12));
                }
                if (u32(d, b + 16) != 0) {
                    sb.append(", Backup Designated Router ").append(ip(d, b + 16));
                }
                int n = b + 20;
                if (n < dataEnd) {
                    sb.append("\n\t  Neighbor List:");
                }
                for (; n < dataEnd; n += 4) {
                    need(n + 4, end);
                    sb.append("\n\t    ").append(ip(d, n));
                }
            }
            case 2 -> {
                need(b + 8, end);
                int flags = d[b + 3] & 0xff;
                sb.append("\n\tOptions [").append(options(d[b + 2] & 0xff)).append("], DD Flags [")
                        .append(bits(flags, new int[] {0x04, 0x02, 0x01, 0x08}, new String[] {"Init", "More", "Master", "OOBResync"}))
                        .append(']');
                if (u16(d, b) != 0) {
                    sb.append(", MTU: ").append(u16(d, b));
                }
                sb.append(String.format(java.util.Locale.ROOT, ", Sequence: 0x%08x", u32(d, b + 4)));
                for (int h = b + 8; h < dataEnd; h += 20) {
                    if (header(sb, d, h, end) < 0) {
                        break;
                    }
                }
            }
            case 3 -> {
                for (int r = b; r < dataEnd; r += 12) {
                    need(r + 12, end);
                    long lsType = u32(d, r);
                    sb.append("\n\t  Advertising Router: ").append(ip(d, r + 8)).append(", ").append(lsaName((int) lsType)).append(" LSA (")
                            .append(lsType).append("), LSA-ID: ").append(ip(d, r + 4));
                }
            }
            case 4 -> {
                need(b + 4, end);
                long count = u32(d, b);
                sb.append(", ").append(count).append(" LSA").append(count == 1 ? "" : "s");
                int p = b + 4;
                for (long i = 1; i <= count; i++) {
                    sb.append("\n\t  LSA #").append(i);
                    p = lsa(sb, d, p, end);
                    if (p < 0) {
                        throw new Short();
                    }
                }
            }
            default -> {
                // print-ospf.c reads acknowledged headers until one does not fit what was captured
                for (int h = b; ; h += 20) {
                    if (header(sb, d, h, end) < 0) {
                        break;
                    }
                }
            }
        }
    }

    /** ospf_print_lshdr: the LSA header's lines, returning its length field (-1: bogus). */
    private int header(StringBuilder sb, byte[] d, int h, int end) throws Short {
        need(h + 20, end);
        int length = u16(d, h + 18);
        if (length < 20) {
            sb.append("\n\t    Bogus length ").append(length).append(" < header (20)");
            return -1;
        }
        int type = d[h + 3] & 0xff;
        sb.append("\n\t  Advertising Router ").append(ip(d, h + 8)).append(String.format(java.util.Locale.ROOT, ", seq 0x%08x", u32(d, h + 12)))
                .append(", age ").append(u16(d, h)).append("s, length ").append(length - 20);
        sb.append("\n\t    ").append(lsaName(type)).append(" LSA (").append(type).append("), LSA-ID: ").append(ip(d, h + 4));
        sb.append("\n\t    Options: [").append(options(d[h + 2] & 0xff)).append(']');
        return length;
    }

    /** ospf_print_lsa: the header, then the body of the LSA types this world floods; the next LSA's start (-1: bogus). */
    private int lsa(StringBuilder sb, byte[] d, int p, int end) throws Short {
        int length = header(sb, d, p, end);
        if (length < 0) {
            return -1;
        }
        int lsEnd = p + length;
        int b = p + 20;
        int type = d[p + 3] & 0xff;
        switch (type) {
            case 1 -> {
                need(b + 4, end);
                sb.append("\n\t    Router LSA Options: [").append(bits(d[b] & 0xff, new int[] {0x01, 0x02, 0x04, 0x08, 0x10, 0x80},
                        new String[] {"ABR", "ASBR", "Virtual", "Wildcard", "Nt", "Host"})).append(']');
                int count = u16(d, b + 2);
                int l = b + 4;
                for (int i = 0; i < count; i++) {
                    need(l + 12, end);
                    int linkType = d[l + 8] & 0xff;
                    String what = switch (linkType) {
                        case 1 -> "Neighbor Router-ID: " + ip(d, l) + ", Interface Address: ";
                        case 2 -> "Neighbor Network-ID: " + ip(d, l) + ", Interface Address: ";
                        case 3 -> "Stub Network: " + ip(d, l) + ", Mask: ";
                        case 4 -> "Virtual Link: Neighbor Router-ID: " + ip(d, l) + ", Interface Address: ";
                        default -> null;
                    };
                    if (what == null) {
                        sb.append("\n\t      Unknown Router Link Type (").append(linkType).append(')');
                        return lsEnd;
                    }
                    sb.append("\n\t      ").append(what).append(ip(d, l + 4));
                    int tos = d[l + 9] & 0xff;
                    for (int t = 0; t <= tos; t++) { // ospf_print_tos_metrics: the first metric is the default topology's
                        int at = l + 8 + 4 * t;
                        need(at + 4, end);
                        int topology = t == 0 ? 0 : d[at] & 0xff;
                        sb.append("\n\t\ttopology ").append(topology(topology)).append(" (").append(topology).append("), metric ")
                                .append(u16(d, at + 2));
                    }
                    l += 12 + 4 * tos;
                }
            }
            case 2 -> {
                need(b + 4, end);
                sb.append("\n\t    Mask ").append(ip(d, b)).append("\n\t    Connected Routers:");
                for (int r = b + 4; r < lsEnd; r += 4) {
                    need(r + 4, end);
                    sb.append("\n\t      ").append(ip(d, r));
                }
            }
            case 3, 4 -> {
                need(b + 4, end);
                if (type == 3) {
                    sb.append("\n\t    Mask ").append(ip(d, b));
                }
                for (int m = b + 4; m < lsEnd; m += 4) {
                    need(m + 4, end);
                    long w = u32(d, m);
                    int topology = (int) ((w & 0x7f000000L) >> 24);
                    sb.append("\n\t\ttopology ").append(topology(topology)).append(" (").append(topology).append(") metric ")
                            .append(w & 0xffffff);
                }
            }
            case 5, 7 -> {
                need(b + 4, end);
                sb.append("\n\t    Mask ").append(ip(d, b));
                for (int m = b + 4; m < lsEnd; m += 12) {
                    need(m + 12, end);
                    long w = u32(d, m);
                    int topology = (int) ((w & 0x7f000000L) >> 24);
                    sb.append("\n\t\ttopology ").append(topology(topology)).append(" (").append(topology).append("), type ")
                            .append((w & 0x80000000L) != 0 ? 2 : 1).append(", metric");
                    sb.append((w & 0xffffff) == 0xffffff ? " infinite" : " " + (w & 0xffffff));
                    if (u32(d, m + 4) != 0) {
                        sb.append(", forward ").append(ip(d, m + 4));
                    }
                    if (u32(d, m + 8) != 0) {
                        sb.append(", tag ").append(ip(d, m + 8));
                    }
                }
            }
            default -> {
                if (!vv) {
                    sb.append(TcpdumpVerbose.hexLines(d, b, Math.max(0, Math.min(lsEnd, end) - b), "\n\t    "));
                }
            }
        }
        if (vv) { // print-ospf.c: "an additional hexdump" of the LSA's body
            sb.append(TcpdumpVerbose.hexLines(d, b, Math.max(0, Math.min(lsEnd, end) - b), "\n\t    "));
        }
        return lsEnd;
    }

    private void v3(StringBuilder sb, byte[] d, int off, int len, int end, int type) throws Short {
        need(off + 16, end);
        int ospfLen = u16(d, off + 2);
        if (ospfLen > len) {
            sb.append(" [len ").append(ospfLen).append(']');
            return;
        }
        int dataEnd = Math.min(off + ospfLen, end);
        sb.append("\n\tRouter-ID ").append(ip(d, off + 4));
        sb.append(u32(d, off + 8) != 0 ? ", Area " + ip(d, off + 8) : ", Backbone Area");
        if ((d[off + 14] & 0xff) != 0) {
            sb.append(", Instance ").append(d[off + 14] & 0xff);
        }
        int b = off + 16;
        if (type == 1) {
            need(b + 20, end);
            sb.append("\n\tOptions [").append(options6(u32(d, b + 4))).append(']');
            sb.append("\n\t  Hello Timer ").append(u16(d, b + 8)).append("s, Dead Timer ").append(u16(d, b + 10)).append("s, Interface-ID ")
                    .append(ip(d, b)).append(", Priority ").append(d[b + 4] & 0xff);
            if (u32(d, b + 12) != 0) {
                sb.append("\n\t  Designated Router ").append(ip(d, b + 12));
            }
            if (u32(d, b + 16) != 0) {
                sb.append(", Backup Designated Router ").append(ip(d, b + 16));
            }
            if (vv) {
                sb.append("\n\t  Neighbor List:");
                for (int n = b + 20; n < dataEnd; n += 4) {
                    need(n + 4, end);
                    sb.append("\n\t    ").append(ip(d, n));
                }
            }
        } else if (type == 2) {
            need(b + 12, end);
            sb.append("\n\tOptions [").append(options6(u32(d, b))).append("], DD Flags [")
                    .append(bits(d[b + 7] & 0xff, new int[] {0x04, 0x02, 0x01, 0x10}, new String[] {"Init", "More", "Master", "IPv6 MTU"}))
                    .append(String.format(java.util.Locale.ROOT, "], MTU %d, DD-Sequence 0x%08x", u16(d, b + 4), u32(d, b + 8)));
            if (vv) {
                for (int h = b + 12; h < dataEnd; h += 20) {
                    header6(sb, d, h, dataEnd);
                }
            }
        } else if (vv && type == 3) {
            for (int r = b; r < dataEnd; r += 12) {
                need(r + 12, end);
                sb.append("\n\t  Advertising Router ").append(ip(d, r + 8));
                lsType6(sb, u16(d, r + 2), r + 4, d);
            }
        } else if (vv && type == 4) {
            need(b + 4, end);
            long count = u32(d, b);
            for (int p = b + 4; p < dataEnd && count-- > 0; ) {
                int length = lsa6(sb, d, p, dataEnd);
                p += length;
            }
        } else if (vv && type == 5) {
            for (int h = b; h < dataEnd; h += 20) {
                header6(sb, d, h, dataEnd);
            }
        }
    }

    /** ospf6_print_lshdr: the LSA header's lines. */
    private void header6(StringBuilder sb, byte[] d, int h, int dataEnd) throws Short {
        if (h + 20 > dataEnd) {
            throw new Short();
        }
        sb.append("\n\t  Advertising Router ").append(ip(d, h + 8)).append(String.format(java.util.Locale.ROOT, ", seq 0x%08x", u32(d, h + 12)))
                .append(", age ").append(u16(d, h)).append("s, length ").append(u16(d, h + 18) - 20);
        lsType6(sb, u16(d, h + 2), h + 4, d);
    }

    /** ospf6_print_ls_type: {@code Router LSA (1), Area Local Scope, LSA-ID 0.0.0.0}. */
    private void lsType6(StringBuilder sb, int lsType, int lsid, byte[] d) {
        int t = lsType & 0x1fff;
        String name = switch (t) {
            case 1 -> "Router";
            case 2 -> "Network";
            case 3 -> "Inter-Area Prefix";
            case 4 -> "Inter-Area Router";
            case 5 -> "External";
            case 6 -> "Deprecated";
            case 7 -> "NSSA";
            case 8 -> "Link";
            case 9 -> "Intra-Area Prefix";
            case 10 -> "Intra-Area TE";
            case 11 -> "Grace";
            case 12 -> "Router Information";
            case 13 -> "Inter-AS-TE";
            case 14 -> "Layer 1 VPN";
            default -> "Unknown";
        };
        String scope = switch (lsType & 0x6000) {
            case 0x0000 -> "Link Local";
            case 0x2000 -> "Area Local";
            case 0x4000 -> "Domain Wide";
            default -> "Unknown";
        };
        sb.append("\n\t    ").append(name).append(" LSA (").append(t).append("), ").append(scope).append(" Scope")
                .append((lsType & 0x8000) != 0 ? ", transitive" : "").append(", LSA-ID ").append(ip(d, lsid));
    }

    /** ospf6_print_lsa: the header and the body of one LSA, returning its length (the update's walk goes on by it). */
    private int lsa6(StringBuilder sb, byte[] d, int p, int dataEnd) throws Short {
        header6(sb, d, p, dataEnd);
        int length = u16(d, p + 18);
        if (length < 20 || p + length > dataEnd) {
            throw new Short();
        }
        int left = length - 20;
        int t = p + 20;
        int lsType = u16(d, p + 2);
        switch (lsType) {
            case 0x2001 -> { // router
                if (left < 4) {
                    throw new Short();
                }
                left -= 4;
                sb.append("\n\t      Options [").append(options6(u32(d, t))).append("], RLA-Flags [")
                        .append(bits(d[t] & 0xff, new int[] {0x01, 0x02, 0x04, 0x08, 0x10},
                                new String[] {"ABR", "External", "Virtual-Link Endpoint", "Deprecated", "NSSA Translator"})).append(']');
                for (int l = t + 4; left != 0; l += 16) {
                    if (left < 16) {
                        throw new Short();
                    }
                    left -= 16;
                    String ids = "\n\t      Neighbor Interface-ID " + ip(d, l + 8) + ", Interface " + ip(d, l + 4);
                    switch (d[l] & 0xff) {
                        case 4 -> sb.append("\n\t      Virtual Link: Neighbor Router-ID ").append(ip(d, l + 12)).append(ids);
                        case 1 -> sb.append("\n\t      Neighbor Router-ID ").append(ip(d, l + 12)).append(ids);
                        case 2 -> sb.append("\n\t      Neighbor Network-ID ").append(ip(d, l + 12)).append(ids);
                        default -> {
                            sb.append(String.format(java.util.Locale.ROOT, "\n\t      Unknown Router Links Type 0x%02x", d[l] & 0xff));
                            return length;
                        }
                    }
                    sb.append(", metric ").append(u16(d, l + 2));
                }
            }
            case 0x2002 -> { // network
                if (left < 4) {
                    throw new Short();
                }
                left -= 4;
                sb.append("\n\t      Options [").append(options6(u32(d, t))).append(']').append("\n\t      Connected Routers:");
                for (int r = t + 4; left != 0; r += 4) {
                    if (left < 4) {
                        throw new Short();
                    }
                    left -= 4;
                    sb.append("\n\t\t").append(ip(d, r));
                }
            }
            case 0x2003 -> { // inter-area prefix
                if (left < 4) {
                    throw new Short();
                }
                left -= 4;
                sb.append(", metric ").append(u32(d, t) & 0xffffff);
                for (int q = t + 4; left != 0; ) {
                    int n = prefix6(sb, d, q, left);
                    left -= n;
                    q += n;
                }
            }
            case 0x4005 -> { // AS-external
                if (left < 4) {
                    throw new Short();
                }
                left -= 4;
                long flags = u32(d, t);
                sb.append("\n\t     Flags [").append(bits((int) flags, new int[] {0x04000000, 0x02000000, 0x01000000},
                        new String[] {"External Type 2", "Forwarding", "Tag"})).append("] metric ").append(flags & 0xffffff);
                int q = t + 4;
                int n = prefix6(sb, d, q, left);
                boolean ref = (d[q + 2] & 0xff) != 0; // print-ospf6.c reads the first byte of the prefix's metric field
                left -= n;
                q += n;
                if ((flags & 0x02000000) != 0) {
                    if (left < 16) {
                        throw new Short();
                    }
                    left -= 16;
                    sb.append(" forward ").append(names.ip6(dev.minternet.wire.Ip6.read(d, q)));
                    q += 16;
                }
                if ((flags & 0x01000000) != 0) {
                    if (left < 4) {
                        throw new Short();
                    }
                    left -= 4;
                    sb.append(" tag ").append(ip(d, q));
                    q += 4;
                }
                if (ref) {
                    if (left < 4) {
                        throw new Short();
                    }
                    sb.append(" RefLSID: ").append(ip(d, q));
                }
            }
            case 0x0008 -> { // link
                if (left < 4 + 16 + 4) {
                    throw new Short();
                }
                left -= 24;
                long prefixes = u32(d, t + 20);
                sb.append("\n\t      Options [").append(options6(u32(d, t))).append("]\n\t      Priority ").append(d[t] & 0xff)
                        .append(", Link-local address ").append(names.ip6(dev.minternet.wire.Ip6.read(d, t + 4))).append(", Prefixes ")
                        .append(prefixes).append(':');
                for (int q = t + 24; prefixes > 0; prefixes--) {
                    int n = prefix6(sb, d, q, left);
                    left -= n;
                    q += n;
                }
            }
            case 0x2009 -> { // intra-area prefix
                if (left < 12) {
                    throw new Short();
                }
                left -= 12;
                lsType6(sb, u16(d, t + 2), t + 4, d);
                int prefixes = u16(d, t);
                sb.append("\n\t      Prefixes ").append(prefixes).append(':');
                for (int q = t + 12; prefixes > 0; prefixes--) {
                    int n = prefix6(sb, d, q, left);
                    left -= n;
                    q += n;
                }
            }
            default -> sb.append(TcpdumpVerbose.hexLines(d, t, left, "\n\t      "));
        }
        return length;
    }

    /** ospf6_print_lsaprefix: {@code \n\t\t2001:db8::/64, metric 10}; the bytes it takes. */
    private int prefix6(StringBuilder sb, byte[] d, int q, int left) throws Short {
        if (left < 4) {
            throw new Short();
        }
        int plen = d[q] & 0xff;
        int words = (plen + 31) / 32;
        if (words * 4 > 16) {
            sb.append(" bogus prefixlen /").append(plen);
            throw new Short();
        }
        if (left - 4 < words * 4) {
            throw new Short();
        }
        byte[] a = new byte[16];
        System.arraycopy(d, q + 4, a, 0, words * 4);
        sb.append("\n\t\t").append(names.ip6(dev.minternet.wire.Ip6.read(a, 0))).append('/').append(plen);
        int opt = d[q + 1] & 0xff;
        if (opt != 0) {
            sb.append(", Options [").append(bits(opt, new int[] {0x01, 0x02, 0x04, 0x08, 0x10, 0x20},
                    new String[] {"No Unicast", "Local address", "Deprecated", "Propagate", "Down", "N-bit"})).append(']');
        }
        sb.append(", metric ").append(u16(d, q + 2));
        return 4 + words * 4;
    }

    /** ospf_option_values. */
    private String options(int o) {
        return bits(o, new int[] {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80},
                new String[] {"MultiTopology", "External", "Multicast", "NSSA", "LLS", "Demand Circuit", "Opaque", "Up/Down"});
    }

    /** ospf6_option_values. */
    private String options6(long o) {
        return bits((int) o, new int[] {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x100, 0x200, 0x400},
                new String[] {"V6", "External", "Deprecated", "NSSA", "Router", "Demand Circuit", "AFs Support", "LLS", "Authentication Trailer"});
    }

    /** bittok2str: the names of the bits set, in the table's order, ", " between; "none" without any. */
    private String bits(int v, int[] bits, String[] names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bits.length; i++) {
            if ((v & bits[i]) == bits[i]) {
                sb.append(sb.length() > 0 ? ", " : "").append(names[i]);
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    /** lsa_values. */
    private String lsaName(int t) {
        return switch (t) {
            case 1 -> "Router";
            case 2 -> "Network";
            case 3 -> "Summary";
            case 4 -> "ASBR Summary";
            case 5 -> "External";
            case 6 -> "Multicast Group";
            case 7 -> "NSSA";
            case 9 -> "Link Local Opaque";
            case 10 -> "Area Local Opaque";
            case 11 -> "Domain Wide Opaque";
            default -> "unknown";
        };
    }

    private String topology(int t) {
        return switch (t) {
            case 0 -> "default";
            case 1 -> "multicast";
            case 2 -> "management";
            default -> "Unknown";
        };
    }

    private String ip(byte[] d, int i) {
        return names.ip((int) u32(d, i));
    }

    private void need(int upTo, int end) throws Short {
        if (upTo > end) {
            throw new Short();
        }
    }

    private static int u16(byte[] d, int i) {
        return BigEndian.u16(d, i);
    }

    private static long u32(byte[] d, int i) {
        return BigEndian.u32(d, i) & 0xffffffffL;
    }
}
