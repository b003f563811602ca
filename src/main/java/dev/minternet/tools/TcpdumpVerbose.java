package dev.minternet.tools;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Checksum;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Packet;
import java.util.Arrays;
import java.util.Locale;

/**
 * What tcpdump 4.99's {@code -v} adds to the one-line text ({@link TcpdumpLine}), taken from its
 * printers: the IPv4 header's fields (print-ip.c: tos and ECN, ttl, id, fragment offset and flags,
 * protocol, total length, a bad header checksum) before a new line; the IPv6 header's (print-ip6.c:
 * traffic class and flow label when set, hop limit, next header, payload length); the TCP, UDP over
 * IPv6 and ICMPv6 checksums, checked against the pseudo-header; neighbour discovery's flags and
 * options (print-icmp6.c); and every text line of an HTTP message (util-print.c's txtproto_print).
 */
final class TcpdumpVerbose {
    private TcpdumpVerbose() {
    }

    /** ipproto.c's ipproto_values: the protocol's name in {@code proto TCP (6)}, else "unknown". */
    static String protocol(int p) {
        return switch (p) {
            case 0 -> "Options";
            case 1 -> "ICMP";
            case 2 -> "IGMP";
            case 4 -> "IPIP";
            case 6 -> "TCP";
            case 8 -> "EGP";
            case 9 -> "IGRP";
            case 17 -> "UDP";
            case 33 -> "DCCP";
            case 41 -> "IPv6";
            case 43 -> "Routing";
            case 44 -> "Fragment";
            case 46 -> "RSVP";
            case 47 -> "GRE";
            case 50 -> "ESP";
            case 51 -> "AH";
            case 55 -> "Mobile IP";
            case 58 -> "ICMPv6";
            case 62 -> "Mobile IP (old)";
            case 88 -> "EIGRP";
            case 89 -> "OSPF";
            case 103 -> "PIM";
            case 108 -> "Compressed IP";
            case 112 -> "VRRP";
            case 113 -> "PGM";
            case 132 -> "SCTP";
            case 135 -> "Mobility";
            case 143 -> "Ethernet";
            default -> "unknown";
        };
    }

    /**
     * The IPv4 header as -v prints it, after "IP " and before the addresses:
     * {@code (tos 0x0, ttl 64, id 3822, offset 0, flags [DF], proto UDP (17), length 61)}.
     */
    static String ipv4(byte[] d, int o) {
        int tos = d[o + 1] & 0xff;
        StringBuilder sb = new StringBuilder("(tos 0x").append(Integer.toHexString(tos));
        switch (tos & 3) {
            case 1 -> sb.append(",ECT(1)");
            case 2 -> sb.append(",ECT(0)");
            case 3 -> sb.append(",CE");
            default -> {
            }
        }
        int ttl = d[o + 8] & 0xff;
        if (ttl >= 1) {
            sb.append(", ttl ").append(ttl);
        }
        int off = u16(d, o + 6);
        int proto = d[o + 9] & 0xff;
        // bittok2str over ip_frag_values in its order: MF "+", DF, the reserved bit
        StringBuilder flags = new StringBuilder();
        if ((off & 0x2000) != 0) {
            flags.append('+');
        }
        if ((off & 0x4000) != 0) {
            flags.append(flags.length() > 0 ? ", " : "").append("DF");
        }
        if ((off & 0x8000) != 0) {
            flags.append(flags.length() > 0 ? ", " : "").append("rsvd");
        }
        sb.append(", id ").append(u16(d, o + 4)).append(", offset ").append((off & 0x1fff) * 8).append(", flags [")
                .append(flags.length() == 0 ? "none" : flags).append("], proto ").append(protocol(proto)).append(" (").append(proto)
                .append("), length ").append(u16(d, o + 2));
        int hl = (d[o] & 0xf) * 4;
        if (hl > 20) {
            sb.append(", options (").append(ipOptions(d, o + 20, hl - 20)).append(')');
        }
        if (o + hl <= d.length) {
            int sum = Checksum.finish(Checksum.sum(d, o, hl, 0));
            if (sum != 0) {
                int field = u16(d, o + 10);
                sb.append(", bad cksum ").append(Integer.toHexString(field)).append(" (->").append(Integer.toHexString(shouldBe(d, o, hl, 10, 0)))
                        .append(")!");
            }
        }
        return sb.append(')').toString();
    }

    /** ip_optprint: each option by its name (print-ip.c's ip_option_values), as tcpdump names those a host sends. */
    private static String ipOptions(byte[] d, int o, int len) {
        StringBuilder sb = new StringBuilder();
        int end = o + len;
        while (o < end) {
            int type = d[o] & 0xff;
            if (type == 0) { // EOL: printed, with the rest of the options space as padding (none when it ends there)
                sb.append("EOL");
                if (end - o > 1) {
                    sb.append(" [").append(end - o).append(']');
                }
                break;
            }
            if (type == 1) {
                sb.append("NOP");
                o++;
                continue;
            }
            int l = o + 1 < end ? d[o + 1] & 0xff : 0;
            sb.append(switch (type) {
                case 7 -> "RR";
                case 68 -> "TS";
                case 130 -> "SECURITY";
                case 131 -> "LSRR";
                case 137 -> "SSRR";
                case 148 -> "RA";
                default -> "unknown " + type;
            });
            if (type == 148 && l == 4) {
                int v = u16(d, o + 2);
                sb.append(v != 0 ? " value " + v : "");
            }
            if (l < 2) {
                break;
            }
            o += l;
        }
        return sb.toString();
    }

    /**
     * The IPv6 header as -v prints it, after "IP6 " and before the addresses:
     * {@code (class 0xc0, hlim 1, next-header OSPF (89) payload length: 40) }.
     */
    static String ipv6(byte[] f, int o) {
        StringBuilder sb = new StringBuilder("(");
        int cls = ((f[o] & 0x0f) << 4) | ((f[o + 1] & 0xf0) >> 4);
        if (cls != 0) {
            sb.append(String.format(Locale.ROOT, "class 0x%02x, ", cls));
        }
        int flow = Ipv6Packet.flowLabel(f, o);
        if (flow != 0) {
            sb.append(String.format(Locale.ROOT, "flowlabel 0x%05x, ", flow));
        }
        int next = Ipv6Packet.nextHeader(f, o);
        return sb.append("hlim ").append(Ipv6Packet.hopLimit(f, o)).append(", next-header ").append(protocol(next)).append(" (")
                .append(next).append(") payload length: ").append(Ipv6Packet.payloadLength(f, o)).append(") ").toString();
    }

    /** print-tcp.c's check over IPv4: {@code , cksum 0x1234 (correct)} or {@code (incorrect -> 0x5678)}. */
    static String tcpChecksum4(byte[] d, int off, int len, int src, int dst) {
        return checksum(d, off, len, 16, Checksum.pseudoHeader(src, dst, 6, len));
    }

    /** The same over IPv6's pseudo-header. */
    static String tcpChecksum6(byte[] d, int off, int len, Ip6 src, Ip6 dst) {
        return checksum(d, off, len, 16, Ipv6Packet.pseudoHeader(src, dst, len, 6));
    }

    private static String checksum(byte[] d, int off, int len, int at, long pseudo) {
        int field = u16(d, off + at);
        String s = String.format(Locale.ROOT, ", cksum 0x%04x", field);
        if (Checksum.finish(Checksum.sum(d, off, len, pseudo)) == 0) {
            return s + " (correct)";
        }
        return s + String.format(Locale.ROOT, " (incorrect -> 0x%04x)", shouldBe(d, off, len, at, pseudo));
    }

    /**
     * print-udp.c and print-icmp6.c over IPv6 (a checksum IPv6 makes mandatory): {@code [udp sum ok] },
     * {@code [icmp6 sum ok] }, or the bad value and the right one.
     */
    static String sum6(String what, byte[] d, int off, int len, int at, Ip6 src, Ip6 dst, int next) {
        long pseudo = Ipv6Packet.pseudoHeader(src, dst, len, next);
        if (Checksum.finish(Checksum.sum(d, off, len, pseudo)) == 0) {
            return "[" + what + " sum ok] ";
        }
        return String.format(Locale.ROOT, "[bad %s cksum 0x%04x -> 0x%04x!] ", what, u16(d, off + at), shouldBe(d, off, len, at, pseudo));
    }

    /** print-udp.c's IPv4 check (-vv): {@code [udp sum ok] } or the bad value and the right one. */
    static String udpChecksum4(byte[] d, int off, int len, int src, int dst) {
        long pseudo = Checksum.pseudoHeader(src, dst, 17, len);
        if (Checksum.finish(Checksum.sum(d, off, len, pseudo)) == 0) {
            return "[udp sum ok] ";
        }
        return String.format(Locale.ROOT, "[bad udp cksum 0x%04x -> 0x%04x!] ", u16(d, off + 6), shouldBe(d, off, len, 6, pseudo));
    }

    /** The checksum the field at {@code at} should hold: the sum with the field as zero (in_cksum_shouldbe). */
    private static int shouldBe(byte[] d, int off, int len, int at, long pseudo) {
        byte[] c = Arrays.copyOfRange(d, off, off + len);
        c[at] = 0;
        c[at + 1] = 0;
        return Checksum.finish(Checksum.sum(c, 0, c.length, pseudo));
    }

    /** The words after "ICMP6, TYPE" for neighbour discovery: flags, then each option on a line of its own. */
    static void neighbourDiscovery(StringBuilder sb, byte[] f, int m, int len, int type, TcpdumpNames nm, boolean vv) {
        int opts;
        switch (type) {
            case 133 -> opts = 8; // router solicitation
            case 134 -> { // router advertisement
                int flags = f[m + 5] & 0xff;
                StringBuilder fl = new StringBuilder();
                for (int[] bit : new int[][] {{0x80, 0}, {0x40, 1}, {0x20, 2}, {0x02, 3}}) {
                    if ((flags & bit[0]) != 0) {
                        fl.append(fl.length() > 0 ? ", " : "").append(new String[] {"managed", "other stateful", "home agent", "ipv6 only"}[bit[1]]);
                    }
                }
                sb.append("\n\thop limit ").append(f[m + 4] & 0xff).append(", Flags [").append(fl.length() == 0 ? "none" : fl)
                        .append("], pref ").append(new String[] {"medium", "high", "rsv", "low"}[(flags & 0x18) >> 3])
                        .append(", router lifetime ").append(u16(f, m + 6)).append("s, reachable time ").append(u32(f, m + 8))
                        .append("ms, retrans timer ").append(u32(f, m + 12)).append("ms");
                opts = 16;
            }
            case 135 -> {
                sb.append(", who has ").append(nm.ip6(Ip6.read(f, m + 8)));
                opts = 24;
            }
            case 136 -> {
                sb.append(", tgt is ").append(nm.ip6(Ip6.read(f, m + 8)));
                int flags = f[m + 4] & 0xff;
                StringBuilder fl = new StringBuilder();
                String[] names = {"router", "solicited", "override"};
                for (int i = 0; i < 3; i++) {
                    if ((flags & (0x80 >> i)) != 0) {
                        fl.append(fl.length() > 0 ? ", " : "").append(names[i]);
                    }
                }
                sb.append(", Flags [").append(fl.length() == 0 ? "none" : fl).append(']');
                opts = 24;
            }
            default -> { // redirect: the destination and the better first hop
                sb.append(", ").append(nm.ip6(Ip6.read(f, m + 24))).append(" to ").append(nm.ip6(Ip6.read(f, m + 8)));
                opts = 40;
            }
        }
        options(sb, f, m + opts, Math.min(m + len, f.length), vv);
    }

    /** icmp6_opt_print: {@code \n\t  source link-address option (1), length 8 (1): 2a:98:9d:7f:3f:e8}. */
    private static void options(StringBuilder sb, byte[] f, int p, int end, boolean vv) {
        while (p < end) {
            if (p + 2 > end) {
                sb.append(" [|icmp6]");
                return;
            }
            int type = f[p] & 0xff;
            int units = f[p + 1] & 0xff;
            if (units == 0 || p + units * 8 > end) {
                sb.append(" [|icmp6]");
                return;
            }
            String name = switch (type) {
                case 1 -> "source link-address";
                case 2 -> "destination link-address";
                case 3 -> "prefix info";
                case 4 -> "redirected header";
                case 5 -> "mtu";
                case 25 -> "rdnss";
                case 31 -> "dnssl";
                case 7 -> "advertisement interval";
                case 8 -> "homeagent information";
                case 24 -> "route info";
                default -> "unknown";
            };
            sb.append("\n\t  ").append(name).append(" option (").append(type).append("), length ").append(units * 8).append(" (")
                    .append(units).append("): ");
            switch (type) {
                case 1, 2 -> {
                    for (int i = p + 2; i < p + units * 8; i++) {
                        sb.append(i > p + 2 ? ":" : "").append(String.format(Locale.ROOT, "%02x", f[i] & 0xff));
                    }
                }
                case 3 -> {
                    int flags = f[p + 3] & 0xff;
                    StringBuilder fl = new StringBuilder();
                    String[] names = {"onlink", "auto", "router"};
                    for (int i = 0; i < 3; i++) {
                        if ((flags & (0x80 >> i)) != 0) {
                            fl.append(fl.length() > 0 ? ", " : "").append(names[i]);
                        }
                    }
                    sb.append(Ip6.read(f, p + 16)).append('/').append(f[p + 2] & 0xff).append(units != 4 ? "badlen" : "").append(", Flags [")
                            .append(fl.length() == 0 ? "none" : fl).append("], valid time ").append(lifetime(u32(f, p + 4)))
                            .append(", pref. time ").append(lifetime(u32(f, p + 8)));
                }
                case 5 -> sb.append(' ').append(u32(f, p + 4)).append(units != 1 ? "bad option length" : "");
                case 25 -> {
                    sb.append(" lifetime ").append(u32(f, p + 4)).append("s,");
                    for (int i = 0; i < (units - 1) / 2; i++) {
                        sb.append(" addr: ").append(Ip6.read(f, p + 8 + 16 * i));
                    }
                }
                case 7 -> sb.append(' ').append(u32(f, p + 4)).append("ms");
                default -> {
                    if (!vv) { // print_unknown_data: the option's bytes in hex, then no more options (tcpdump stops there)
                        sb.append(hexLines(f, p + 2, units * 8 - 2, "\n\t  "));
                        return;
                    }
                }
            }
            if (vv) { // -vv: every option's bytes after it
                sb.append(hexLines(f, p + 2, units * 8 - 2, "\n\t    "));
            }
            p += units * 8;
        }
    }

    /** An STP time (1/256 s) as printf's {@code %.2fs} prints it: the exact binary value, ties to even as glibc rounds. */
    static String seconds(int units) {
        return new java.math.BigDecimal(units / 256.0).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString() + "s";
    }

    /** get_lifetime. */
    private static String lifetime(long v) {
        return v == 0xffffffffL ? "infinity" : v + "s";
    }

    /** hex_print_with_offset as print_unknown_data calls it: 16 bytes a line, each line after {@code prefix}. */
    static String hexLines(byte[] d, int off, int len, String prefix) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            if (i % 16 == 0) {
                sb.append(prefix).append(String.format(Locale.ROOT, "0x%04x: ", i));
            }
            if (i % 2 == 0) {
                sb.append(' ');
            }
            sb.append(String.format(Locale.ROOT, "%02x", d[off + i] & 0xff));
        }
        return sb.toString();
    }

    /**
     * txtproto_print with -v: the length, then each text line on its own after a tab, until the
     * data ends, a line is not printable ASCII, or one is not ended (printed with {@code [|http]}).
     * Called once the first line has been judged to be HTTP.
     */
    static String httpLines(byte[] d, int off, int len) {
        StringBuilder sb = new StringBuilder(", length: ").append(len);
        int idx = 0;
        while (idx < len) {
            int start = idx;
            int lineLen = -1;
            while (idx < len) {
                int c = d[off + idx] & 0xff;
                if (c == '\n') {
                    lineLen = idx - start;
                    idx++;
                    break;
                }
                if (c == '\r') {
                    if (idx + 1 >= len || d[off + idx + 1] != '\n') {
                        return sb.toString(); // a CR without its LF here: binary, or the rest in the next segment
                    }
                    lineLen = idx - start;
                    idx += 2;
                    break;
                }
                if ((c < 0x20 || c > 0x7e) && c != '\t') {
                    return sb.toString();
                }
                idx++;
            }
            if (lineLen < 0) { // printable to the end, with no line end: cut
                return sb.append("\n\t").append(new String(d, off + start, idx - start, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .append(" [|http]").toString();
            }
            sb.append("\n\t").append(new String(d, off + start, lineLen, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    /**
     * HTTP cut by the snapshot length ({@code cap} of its {@code len} bytes captured), as
     * util-print.c's txtproto_print reads it: a word running past the capture is no word (not
     * HTTP, nothing printed), a line running past it ends the text with {@code [|http]} (the
     * GET_U_1's longjmp) where the line would have begun; -v's length is the whole payload's.
     */
    static String httpCut(byte[] d, int off, int len, int cap, boolean verbose) {
        // fetch_token: a word is one only when it ends (a blank or a line end) inside the capture
        int end = 0;
        while (end < cap && d[off + end] != ' ' && d[off + end] != '\t' && d[off + end] != '\r' && d[off + end] != '\n') {
            end++;
        }
        int second = end;
        while (second < cap && (d[off + second] == ' ' || d[off + second] == '\t')) {
            second++;
        }
        int secondEnd = second;
        while (secondEnd < cap && d[off + secondEnd] != ' ' && d[off + secondEnd] != '\t' && d[off + secondEnd] != '\r'
                && d[off + secondEnd] != '\n') {
            secondEnd++;
        }
        int judged = end >= cap ? 0 : secondEnd >= cap ? end : secondEnd + 1; // the bytes whose words are whole
        if (judged == 0 || !TcpdumpLine.isHttp(d, off, judged)) {
            return "";
        }
        StringBuilder sb = new StringBuilder(verbose ? ", length: " + len : "");
        int idx = 0;
        while (idx < len) {
            int start = idx;
            int lineLen = -1;
            while (idx < len) {
                if (idx >= cap) {
                    return sb.append(" [|http]").toString();
                }
                int c = d[off + idx] & 0xff;
                if (c == '\n') {
                    lineLen = idx - start;
                    idx++;
                    break;
                }
                if (c == '\r') {
                    if (idx + 1 >= len) {
                        return sb.toString();
                    }
                    if (idx + 1 >= cap) {
                        return sb.append(" [|http]").toString();
                    }
                    if (d[off + idx + 1] != '\n') {
                        return sb.toString();
                    }
                    lineLen = idx - start;
                    idx += 2;
                    break;
                }
                if ((c < 0x20 || c > 0x7e) && c != '\t') {
                    return sb.toString();
                }
                idx++;
            }
            if (lineLen < 0) {
                return sb.toString();
            }
            sb.append(verbose ? "\n\t" : ": ").append(new String(d, off + start, lineLen, java.nio.charset.StandardCharsets.ISO_8859_1));
            if (!verbose) {
                return sb.toString();
            }
        }
        return sb.toString();
    }

    private static int u16(byte[] d, int i) {
        return BigEndian.u16(d, i);
    }

    private static long u32(byte[] d, int i) {
        return BigEndian.u32(d, i) & 0xffffffffL;
    }
}
