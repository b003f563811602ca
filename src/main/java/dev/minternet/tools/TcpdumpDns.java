package dev.minternet.tools;

import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;

/**
 * A DNS message in tcpdump 4.99's words without {@code -v} (print-domain.c): a query as
 * {@code 18368+ [1au] AAAA? www.example.com. (44)} (id, opcode, "+" for recursion desired, "%"
 * for checking disabled, counts other than one question, each question's type, class when not IN,
 * and name), a response as {@code 18368* 1/0/0 AAAA 2001:db8::34 (61)} (id, opcode, rcode with the
 * EDNS extension, "*" authoritative, "-" recursion not available, "|" truncated, "$" authentic
 * data, then answer/authority/additional counts and each answer's type and data), then the
 * message length. What cannot be read ends the text with {@code [|domain]}, as tcpdump's
 * truncation mark.
 */
final class TcpdumpDns {
    private TcpdumpDns() {
    }

    private static final String[] OPS = {"", " inv_q", " stat", " op3", " notify", " update", " op6", " op7", " op8",
        " updateA", " updateD", " updateDA", " updateM", " updateMA", " zoneInit", " zoneRef"};
    private static final String[] RCODES = {"", " FormErr", " ServFail", " NXDomain", " NotImp", " Refused",
        " YXDomain", " YXRRSet", " NXRRSet", " NotAuth", " NotZone", " Resp11", " Resp12", " Resp13", " Resp14",
        " NoChange", " BadVers", "Resp17", " Resp18", " Resp19", " Resp20", "Resp21", " Resp22", " BadCookie"};

    /** Thrown where tcpdump stops with its truncation mark. */
    private static final class Short extends Exception {
        Short() {
            super(null, null, false, false);
        }
    }

    /** The text after "src.port > dst.port: " of a UDP datagram to or from port 53. */
    static String udp(byte[] d, int off, int len) {
        return udp(d, off, len, 0);
    }

    /** The same for {@code v} times -v (1: each answer's owner name, an SOA's fields; 2: every section). */
    static String udp(byte[] d, int off, int len, int v) {
        StringBuilder sb = new StringBuilder();
        print(sb, d, off, len, v);
        return sb.toString();
    }

    /** The text after a TCP segment's "length N" for port 53: the two-byte length, then the message. */
    static String tcp(byte[] d, int off, int len) {
        return tcp(d, off, len, 0);
    }

    /** The same for {@code v} times -v. */
    static String tcp(byte[] d, int off, int len, int v) {
        if (len < 2) {
            return " [DNS over TCP: length " + len + " < 2] (invalid)";
        }
        int prefix = u16(d, off);
        if (prefix != len - 2) {
            return " [prefix length(" + prefix + ") != length(" + (len - 2) + ")] (invalid)";
        }
        StringBuilder sb = new StringBuilder(" ");
        print(sb, d, off + 2, len - 2, v);
        return sb.toString();
    }

    private static void print(StringBuilder sb, byte[] d, int base, int length, int v) {
        boolean verbose = v >= 1;
        if (length < 12) {
            sb.append("domain [length ").append(length).append(" < 12] (invalid)");
            return;
        }
        int end = base + length;
        int flags = u16(d, base + 2);
        int qd = u16(d, base + 4);
        int an = u16(d, base + 6);
        int ns = u16(d, base + 8);
        int ar = u16(d, base + 10);
        int id = u16(d, base);
        int opcode = (flags >> 11) & 0xf;
        try {
            if ((flags & 0x8000) != 0) {
                int rcode = (flags & 0xf) | extendedRcode(d, base, end, qd, an + ns, ar);
                sb.append(id).append(OPS[opcode]).append(rcode < RCODES.length ? RCODES[rcode] : " Resp" + (rcode & 0xfff))
                        .append((flags & 0x0400) != 0 ? "*" : "").append((flags & 0x0080) != 0 ? "" : "-")
                        .append((flags & 0x0200) != 0 ? "|" : "").append((flags & 0x0020) != 0 ? "$" : "");
                if (qd != 1) {
                    sb.append(" [").append(qd).append("q]");
                }
                int cp = base + 12;
                for (int i = 0; i < qd; i++) {
                    if (i != 0) {
                        sb.append(',');
                    }
                    if (v > 1) { // -vv: the questions of a response too
                        sb.append(" q:");
                        cp = question(sb, d, base, cp, end);
                    } else {
                        cp = skipName(d, cp, end) + 4;
                    }
                }
                sb.append(' ').append(an).append('/').append(ns).append('/').append(ar);
                cp = section(sb, d, base, cp, end, an, v, "");
                if (v > 1) {
                    cp = section(sb, d, base, cp, end, ns, v, " ns:");
                    section(sb, d, base, cp, end, ar, v, " ar:");
                }
            } else {
                sb.append(id).append(OPS[opcode]).append((flags & 0x0100) != 0 ? "+" : "").append((flags & 0x0010) != 0 ? "%" : "");
                if ((flags & 0x6cf) != 0) {
                    sb.append(" [b2&3=0x").append(Integer.toHexString(flags)).append(']');
                }
                if (opcode == 1) {
                    if (qd != 0) {
                        sb.append(" [").append(qd).append("q]");
                    }
                    if (an != 1) {
                        sb.append(" [").append(an).append("a]");
                    }
                } else {
                    if (an != 0) {
                        sb.append(" [").append(an).append("a]");
                    }
                    if (qd != 1) {
                        sb.append(" [").append(qd).append("q]");
                    }
                }
                if (ns != 0) {
                    sb.append(" [").append(ns).append("n]");
                }
                if (ar != 0) {
                    sb.append(" [").append(ar).append("au]");
                }
                int cp = base + 12;
                for (int i = 0; i < qd; i++) {
                    if (i > 0 && cp >= end) {
                        throw new Short();
                    }
                    cp = question(sb, d, base, cp, end);
                }
                if (v > 1) { // -vv: a request's other sections
                    cp = section(sb, d, base, cp, end, an, v, "");
                    cp = section(sb, d, base, cp, end, ns, v, " ns:");
                    section(sb, d, base, cp, end, ar, v, " ar:");
                }
            }
            sb.append(" (").append(length).append(')');
        } catch (Short e) {
            sb.append(" [|domain]");
        }
    }

    /** unsigned_relts_print: {@code 1d2h3m4s}, {@code 0s}. */
    static String relts(long secs) {
        if (secs == 0) {
            return "0s";
        }
        String[] units = {"y", "w", "d", "h", "m", "s"};
        long[] sizes = {31536000, 604800, 86400, 3600, 60, 1};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < units.length && secs > 0; i++) {
            if (secs >= sizes[i]) {
                sb.append(secs / sizes[i]).append(units[i]);
                secs -= secs / sizes[i] * sizes[i];
            }
        }
        return sb.toString();
    }

    /** ns_qprint: {@code  A? name.}, returning where the next question begins. */
    private static int question(StringBuilder sb, byte[] d, int base, int cp, int end) throws Short {
        int q = skipName(d, cp, end);
        need(q + 4, end);
        int type = u16(d, q);
        int cls = u16(d, q + 2);
        sb.append(' ').append(type(type));
        if (cls != 1) {
            sb.append(' ').append(cls(cls));
        }
        sb.append("? ");
        name(sb, d, base, cp, end);
        return q + 4;
    }

    /**
     * {@code count} records after {@code label} (" ns:", " ar:", or none for the answers), ","
     * between them, as print-domain.c prints a section; the place after them. A section that
     * starts at the end of the data is left out, and one that ends early is cut with the mark.
     */
    private static int section(StringBuilder sb, byte[] d, int base, int cp, int end, int count, int v, String label)
            throws Short {
        if (count == 0) {
            return cp;
        }
        if (!label.isEmpty() && cp >= end) {
            throw new Short();
        }
        sb.append(label);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                if (cp >= end) {
                    throw new Short();
                }
                sb.append(',');
            }
            cp = record(sb, d, base, cp, end, v);
        }
        return cp;
    }

    /** The upper eight bits of the rcode, from an OPT record in the additional section (0 without one). */
    private static int extendedRcode(byte[] d, int base, int end, int qd, int anNs, int ar) {
        try {
            int cp = base + 12;
            for (int i = 0; i < qd; i++) {
                cp = skipName(d, cp, end) + 4;
            }
            for (int i = 0; i < anNs; i++) {
                cp = skipName(d, cp, end) + 8;
                need(cp + 2, end);
                cp += 2 + u16(d, cp);
            }
            for (int i = 0; i < ar; i++) {
                cp = skipName(d, cp, end);
                need(cp + 5, end);
                if (u16(d, cp) == 41) {
                    return (d[cp + 4] & 0xff) << 4;
                }
                cp += 8;
                need(cp + 2, end);
                cp += 2 + u16(d, cp);
            }
        } catch (Short e) {
            return 0;
        }
        return 0;
    }

    /**
     * One resource record: " TYPE data" (class when not IN), with -v " owner. TYPE data" and an
     * SOA's names and numbers; returning where the next begins.
     */
    private static int record(StringBuilder sb, byte[] d, int base, int cp, int end, int v) throws Short {
        boolean verbose = v >= 1;
        if (verbose) {
            sb.append(' ');
            name(sb, d, base, cp, end);
        }
        cp = skipName(d, cp, end);
        need(cp + 10, end);
        int type = u16(d, cp);
        int cls = u16(d, cp + 2);
        if (cls != 1 && type != 41) {
            sb.append(' ').append(cls(cls));
        }
        int optFlags = u16(d, cp + 6);
        if (v > 2 && type != 41) { // -vvv: the TTL, as unsigned_relts_print writes it
            sb.append(" [").append(relts(((long) u16(d, cp + 4) << 16) | u16(d, cp + 6))).append(']');
        }
        int rdlen = u16(d, cp + 8);
        cp += 10;
        int rp = cp + rdlen;
        sb.append(' ').append(type(type));
        need(rp, end);
        switch (type) {
            case 1 -> {
                need(cp + 4, end);
                sb.append(' ').append(Ip4.str(((d[cp] & 0xff) << 24) | ((d[cp + 1] & 0xff) << 16) | ((d[cp + 2] & 0xff) << 8)
                        | (d[cp + 3] & 0xff)));
            }
            case 6 -> { // SOA: with -v the two names and the five numbers
                if (verbose) {
                    sb.append(' ');
                    name(sb, d, base, cp, end);
                    int p = skipName(d, cp, end);
                    sb.append(' ');
                    name(sb, d, base, p, end);
                    p = skipName(d, p, end);
                    need(p + 20, end);
                    for (int i = 0; i < 5; i++) {
                        sb.append(' ').append(((long) u16(d, p + 4 * i) << 16) | u16(d, p + 4 * i + 2));
                    }
                }
            }
            case 2, 5, 12, 39 -> { // NS, CNAME, PTR, DNAME
                sb.append(' ');
                name(sb, d, base, cp, end);
            }
            case 15 -> { // MX: the exchange, then the preference
                need(cp + 2, end);
                sb.append(' ');
                name(sb, d, base, cp + 2, end);
                sb.append(' ').append(u16(d, cp));
            }
            case 16 -> { // TXT: each string quoted
                while (cp < rp) {
                    int n = d[cp] & 0xff;
                    need(cp + 1 + n, end);
                    sb.append(" \"");
                    chars(sb, d, cp + 1, n);
                    sb.append('"');
                    cp += 1 + n;
                }
            }
            case 33 -> { // SRV: target:port priority weight
                need(cp + 6, end);
                sb.append(' ');
                name(sb, d, base, cp + 6, end);
                sb.append(':').append(u16(d, cp + 4)).append(' ').append(u16(d, cp)).append(' ').append(u16(d, cp + 2));
            }
            case 28 -> {
                need(cp + 16, end);
                sb.append(' ').append(Ip6.read(d, cp));
            }
            case 41 -> { // OPT: the UDP payload size, DO, then its options (eopt_print)
                sb.append(" UDPsize=").append(cls);
                if ((optFlags & 0x8000) != 0) {
                    sb.append(" DO");
                }
                if (cp < rp) {
                    sb.append(" [");
                    while (cp < rp) {
                        cp = option(sb, d, base, cp, end);
                        if (cp < rp) {
                            sb.append(',');
                        }
                    }
                    sb.append(']');
                }
            }
            default -> {
            }
        }
        return rp;
    }

    /** eopt_print: one EDNS option by its name, then its data as print-domain.c shows it; where the next begins. */
    private static int option(StringBuilder sb, byte[] d, int base, int cp, int end) throws Short {
        need(cp + 4, end);
        int opt = u16(d, cp);
        int n = u16(d, cp + 2);
        cp += 4;
        String[] names = {null, "LLQ", "UL", "NSID", null, "DAU", "DHU", "N3U", "ECS", "EXPIRE", "COOKIE", "KEEPALIVE", "PADDING", "CHAIN",
            "KEY-TAG", null, "CLIENT-TAG", "SERVER-TAG"};
        sb.append(opt < names.length && names[opt] != null ? names[opt] : "Opt" + opt);
        need(cp + n, end);
        if (n > 0) {
            sb.append(' ');
            switch (opt) {
                case 8 -> { // ECS: address/source/scope, the address padded with zeros
                    int family = n >= 4 ? u16(d, cp) : 0;
                    int src = n >= 4 ? d[cp + 2] & 0xff : 0;
                    int scope = n >= 4 ? d[cp + 3] & 0xff : 0;
                    int bits = family == 1 ? 32 : family == 2 ? 128 : 0;
                    if (n < 4 || bits == 0 || n - 4 > bits / 8 || src > bits || scope > bits || (src + 7) / 8 != n - 4) {
                        sb.append(" (invalid)");
                    } else {
                        byte[] a = new byte[bits / 8];
                        System.arraycopy(d, cp + 4, a, 0, n - 4);
                        sb.append(family == 1 ? Ip4.str(((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff))
                                : Ip6.read(a, 0).toString()).append('/').append(src).append('/').append(scope);
                    }
                }
                case 10 -> {
                    if (n < 8 || (n > 8 && n < 16) || n > 40) {
                        sb.append(" (invalid)");
                    } else {
                        for (int i = 0; i < n; i++) {
                            sb.append(i == 8 ? " " : "").append(String.format(java.util.Locale.ROOT, "%02x", d[cp + i] & 0xff));
                        }
                    }
                }
                case 11 -> sb.append(n != 2 ? " (invalid)" : String.format(java.util.Locale.ROOT, "%.1f sec", u16(d, cp) / 10.0));
                case 9 -> sb.append(n != 4 ? " (invalid)" : (((long) u16(d, cp) << 16) | u16(d, cp + 2)) + " sec");
                case 12 -> sb.append('(').append(n).append(')');
                default -> {
                    for (int i = 0; i < n; i++) {
                        sb.append(String.format(java.util.Locale.ROOT, "%02x", d[cp + i] & 0xff));
                    }
                }
            }
        }
        return cp + n;
    }

    /** A name as fqdn_print prints it: labels and dots, "." for the root, following compression pointers backwards only. */
    private static void name(StringBuilder sb, byte[] d, int base, int cp, int end) throws Short {
        int max = cp - base;
        need(cp + 1, end);
        int i = d[cp] & 0xff;
        if (i == 0) {
            sb.append('.');
            return;
        }
        int chars = 0;
        while (i != 0) {
            if ((i & 0xc0) == 0xc0) {
                need(cp + 2, end);
                int offset = ((i << 8) | (d[cp + 1] & 0xff)) & 0x3fff;
                if (offset >= max) {
                    sb.append("<BAD PTR>");
                    throw new Short();
                }
                max = offset;
                cp = base + offset;
                need(cp + 1, end);
                i = d[cp] & 0xff;
                continue;
            }
            if ((i & 0xc0) != 0) {
                sb.append("<BAD LABEL TYPE>");
                throw new Short();
            }
            need(cp + 1 + i, end);
            if (chars + i <= 255) {
                chars(sb, d, cp + 1, i);
            }
            chars += i;
            sb.append('.');
            cp += 1 + i;
            need(cp + 1, end);
            i = d[cp] & 0xff;
        }
    }

    /** Past a name (a pointer ends it). */
    private static int skipName(byte[] d, int cp, int end) throws Short {
        while (true) {
            need(cp + 1, end);
            int i = d[cp] & 0xff;
            if ((i & 0xc0) == 0xc0) {
                return cp + 2;
            }
            if (i == 0) {
                return cp + 1;
            }
            cp += 1 + i;
        }
    }

    /** Bytes as nd_printn prints them: printable ASCII as is, others as M- and ^ escapes. */
    static void chars(StringBuilder sb, byte[] d, int off, int n) {
        for (int k = off; k < off + n; k++) {
            int c = d[k] & 0xff;
            if ((c & 0x80) != 0) {
                sb.append("M-");
                c &= 0x7f;
            }
            if (c < 0x20 || c == 0x7f) {
                sb.append('^').append((char) (c ^ 0x40));
            } else {
                sb.append((char) c);
            }
        }
    }

    /** print-domain.c's ns_type2str, by number. */
    private static final java.util.Map<Integer, String> TYPES = new java.util.HashMap<>();

    static {
        String[] names = {"1 A", "2 NS", "3 MD", "4 MF", "5 CNAME", "6 SOA", "7 MB", "8 MG", "9 MR", "10 NULL", "11 WKS",
            "12 PTR", "13 HINFO", "14 MINFO", "15 MX", "16 TXT", "17 RP", "18 AFSDB", "19 X25", "20 ISDN", "21 RT", "22 NSAP",
            "23 NSAP_PTR", "24 SIG", "25 KEY", "26 PX", "27 GPOS", "28 AAAA", "29 LOC", "30 NXT", "31 EID", "32 NIMLOC",
            "33 SRV", "34 ATMA", "35 NAPTR", "36 KX", "37 CERT", "38 A6", "39 DNAME", "40 SINK", "41 OPT", "42 APL", "43 DS",
            "44 SSHFP", "45 IPSECKEY", "46 RRSIG", "47 NSEC", "48 DNSKEY", "99 SPF", "100 UINFO", "101 UID", "102 GID",
            "103 UNSPEC", "104 UNSPECA", "249 TKEY", "250 TSIG", "251 IXFR", "252 AXFR", "253 MAILB", "254 MAILA", "255 ANY", "256 URI"};
        for (String n : names) {
            int sp = n.indexOf(' ');
            TYPES.put(Integer.parseInt(n.substring(0, sp)), n.substring(sp + 1));
        }
    }

    private static String type(int t) {
        String n = TYPES.get(t);
        return n != null ? n : "Type" + t;
    }

    private static String cls(int c) {
        return switch (c) {
            case 1 -> "IN";
            case 3 -> "CHAOS";
            case 4 -> "HS";
            case 255 -> "ANY";
            default -> "(Class " + c + ")";
        };
    }

    private static void need(int upTo, int end) throws Short {
        if (upTo > end) {
            throw new Short();
        }
    }

    private static int u16(byte[] d, int i) {
        return ((d[i] & 0xff) << 8) | (d[i + 1] & 0xff);
    }
}
