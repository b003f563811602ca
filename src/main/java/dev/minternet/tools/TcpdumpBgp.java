package dev.minternet.tools;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ip6;

/**
 * What tcpdump 4.99's {@code -v} prints after {@code : BGP} (print-bgp.c's bgp_print): each message
 * the segment holds, found by its marker, as {@code Open Message (1), length: 49} with an OPEN's
 * version, AS, hold time, identifier and capabilities, an UPDATE's withdrawn routes, path
 * attributes (origin, AS path, next hop, MED, local preference, communities, originator, cluster
 * list, multiprotocol reach and unreach for IPv6) and prefixes, a NOTIFICATION's error code and
 * subcode; a KEEPALIVE is its header line alone.
 */
final class TcpdumpBgp {
    /** The prefix the last decode made (print-bgp.c's buf). */
    private String text;
    /** -vv: each attribute's and capability's bytes in hex after it. */
    private final boolean vv;

    private TcpdumpBgp(boolean vv) {
        this.vv = vv;
    }

    static String verbose(byte[] d, int off, int len, TcpdumpNames nm, boolean vv) {
        return new TcpdumpBgp(vv).text(d, off, len, nm);
    }

    private String text(byte[] d, int off, int len, TcpdumpNames nm) {
        StringBuilder sb = new StringBuilder();
        int end = Math.min(off + len, d.length);
        int p = off;
        int start = p;
        while (p < end) {
            if ((d[p] & 0xff) != 0xff) {
                p++;
                continue;
            }
            if (p + 16 > end) {
                break;
            }
            boolean marker = true;
            for (int i = 0; i < 16; i++) {
                marker &= (d[p + i] & 0xff) == 0xff;
            }
            if (!marker) {
                p++;
                continue;
            }
            if (p + 19 > end) {
                sb.append(" [|bgp]");
                return sb.toString();
            }
            if (start != p) {
                sb.append(" [|bgp]");
            }
            int hlen = u16(d, p + 16);
            if (hlen < 19) {
                sb.append("\nmessage length ").append(hlen).append(" < 19 (invalid)");
                break;
            }
            int type = d[p + 18] & 0xff;
            if (p + hlen > end) {
                sb.append("\n[|BGP ").append(type >= 1 && type <= 5 ? MESSAGES[type] : "Unknown Message Type").append(']');
                break;
            }
            sb.append("\n\t").append(type >= 1 && type <= 5 ? MESSAGES[type] : "Unknown").append(" Message (").append(type)
                    .append("), length: ").append(hlen);
            if (type == 1) {
                open(sb, d, p, hlen, nm);
            } else if (type == 2) {
                try {
                    update(sb, d, p + 19, hlen - 19, nm);
                } catch (Short e) {
                    sb.append(" [|bgp]");
                }
            } else if (type == 3) {
                notification(sb, d, p, hlen);
            }
            p += hlen;
            start = p;
        }
        return sb.toString();
    }

    private static final String[] MESSAGES = {null, "Open", "Update", "Notification", "Keepalive", "Route Refresh"};

    private void open(StringBuilder sb, byte[] d, int p, int len, TcpdumpNames nm) {
        if (len < 29) {
            sb.append(" [|bgp]");
            return;
        }
        sb.append("\n\t  Version ").append(d[p + 19] & 0xff).append(", my AS ").append(u16(d, p + 20)).append(", Holdtime ")
                .append(u16(d, p + 22)).append("s, ID ").append(nm.ip((int) u32(d, p + 24)));
        int optLen = d[p + 28] & 0xff;
        sb.append("\n\t  Optional parameters, length: ").append(optLen);
        int o = p + 29;
        int end = Math.min(p + len, o + optLen);
        while (o + 2 <= end) {
            int type = d[o] & 0xff;
            int l = d[o + 1] & 0xff;
            sb.append("\n\t    Option ").append(type == 1 ? "Authentication Information" : type == 2 ? "Capabilities Advertisement" : "Unknown")
                    .append(" (").append(type).append("), length: ").append(l);
            if (type == 2) {
                capabilities(sb, d, o + 2, Math.min(o + 2 + l, p + len));
            } else {
                sb.append("\n\t      no decoder for option ").append(type);
            }
            o += 2 + l;
        }
    }

    /** Thrown where print-bgp.c stops with its truncation mark. */
    private static final class Short extends Exception {
        Short() {
            super(null, null, false, false);
        }
    }

    /** bgp_update_print over the message body at {@code p} ({@code length} bytes after the header). */
    private void update(StringBuilder sb, byte[] d, int p, int length, TcpdumpNames nm) throws Short {
        if (length < 2) {
            throw new Short();
        }
        int withdrawn = u16(d, p);
        p += 2;
        length -= 2;
        if (withdrawn > 1) {
            if (length < withdrawn) {
                throw new Short();
            }
            sb.append("\n\t  Withdrawn routes:");
            int n = prefixes(sb, d, p, withdrawn, nm);
            p += n;
            length -= n;
            withdrawn -= n;
        } else {
            if (length < withdrawn) {
                throw new Short();
            }
            p += withdrawn;
            length -= withdrawn;
        }
        if (length < 2) {
            throw new Short();
        }
        int attrs = u16(d, p);
        p += 2;
        length -= 2;
        if (withdrawn == 0 && attrs == 0 && length == 0) {
            sb.append("\n\t  End-of-Rib Marker (empty NLRI)");
            return;
        }
        if (attrs > 0) {
            if (length < attrs) {
                throw new Short();
            }
            while (attrs > 0) {
                if (attrs < 2) {
                    sb.append("\n\t  [path attrs too short]");
                    p += attrs;
                    length -= attrs;
                    break;
                }
                int flags = d[p] & 0xff;
                int type = d[p + 1] & 0xff;
                p += 2;
                attrs -= 2;
                length -= 2;
                int lenLen = (flags & 0x10) != 0 ? 2 : 1;
                if (attrs < lenLen) {
                    sb.append("\n\t  [path attrs too short]");
                    p += attrs;
                    length -= attrs;
                    break;
                }
                int alen = lenLen == 2 ? u16(d, p) : d[p] & 0xff;
                p += lenLen;
                attrs -= lenLen;
                length -= lenLen;
                sb.append("\n\t  ").append(attribute(type)).append(" (").append(type).append("), length: ").append(alen);
                if (flags != 0) {
                    sb.append(", Flags [").append((flags & 0x80) != 0 ? "O" : "").append((flags & 0x40) != 0 ? "T" : "")
                            .append((flags & 0x20) != 0 ? "P" : "").append((flags & 0x10) != 0 ? "E" : "");
                    if ((flags & 0xf) != 0) {
                        sb.append('+').append(Integer.toHexString(flags & 0xf));
                    }
                    sb.append("]: ");
                }
                if (attrs < alen) {
                    sb.append(" [path attrs too short]");
                    p += attrs;
                    length -= attrs;
                    break;
                }
                attribute(sb, d, type, p, alen, nm);
                if (vv && alen != 0) {
                    sb.append(TcpdumpVerbose.hexLines(d, p, alen, "\n\t    "));
                }
                p += alen;
                attrs -= alen;
                length -= alen;
            }
        }
        if (length > 0) {
            sb.append("\n\t  Updated routes:");
            prefixes(sb, d, p, length, nm);
        }
    }

    /** The IPv4 prefixes of {@code len} bytes at {@code p}, a line each; the bytes read (fewer after an illegal length). */
    private int prefixes(StringBuilder sb, byte[] d, int p, int len, TcpdumpNames nm) throws Short {
        int left = len;
        while (left != 0) {
            int n = prefix4(d, p + len - left, left, nm);
            if (n == -1) {
                sb.append("\n\t    (illegal prefix length)");
                break;
            }
            if (n == -2) {
                throw new Short();
            }
            sb.append("\n\t    ").append(text);
            left -= n;
        }
        return len - left;
    }

    /** decode_prefix4: the prefix at {@code p} into {@link #text}, returning its size (-1: illegal length, -2: short). */
    private int prefix4(byte[] d, int p, int itemLen, TcpdumpNames nm) {
        return prefix(d, p, itemLen, nm, 4);
    }

    /** decode_prefix6. */
    private int prefix6(byte[] d, int p, int itemLen, TcpdumpNames nm) {
        return prefix(d, p, itemLen, nm, 16);
    }

    /** A prefix length and as many bytes of an address of {@code size} bytes as it covers, the bits past it cleared. */
    private int prefix(byte[] d, int p, int itemLen, TcpdumpNames nm, int size) {
        if (itemLen < 1) {
            return -2;
        }
        int plen = d[p] & 0xff;
        if (plen > size * 8) {
            return -1;
        }
        int bytes = (plen + 7) / 8;
        if (itemLen - 1 < bytes) {
            return -2;
        }
        byte[] a = new byte[size];
        System.arraycopy(d, p + 1, a, 0, bytes);
        if (plen % 8 != 0) {
            a[bytes - 1] &= (byte) ((0xff00 >> (plen % 8)) & 0xff);
        }
        text = (size == 4 ? nm.ip((int) u32(a, 0)) : nm.ip6(Ip6.read(a, 0))) + "/" + plen;
        return 1 + bytes;
    }

    /** bgp_attr_values. */
    private String attribute(int t) {
        return switch (t) {
            case 1 -> "Origin";
            case 2 -> "AS Path";
            case 17 -> "AS4 Path";
            case 3 -> "Next Hop";
            case 4 -> "Multi Exit Discriminator";
            case 5 -> "Local Preference";
            case 6 -> "Atomic Aggregate";
            case 7 -> "Aggregator";
            case 18 -> "Aggregator4";
            case 8 -> "Community";
            case 9 -> "Originator ID";
            case 10 -> "Cluster List";
            case 11 -> "DPA";
            case 12 -> "Advertisers";
            case 13 -> "RCID Path / Cluster ID";
            case 14 -> "Multi-Protocol Reach NLRI";
            case 15 -> "Multi-Protocol Unreach NLRI";
            case 16 -> "Extended Community";
            case 22 -> "PMSI Tunnel";
            case 23 -> "Tunnel Encapsulation";
            case 24 -> "Traffic Engineering";
            case 25 -> "IPv6 Extended Community";
            case 26 -> "Accumulated IGP Metric";
            case 27 -> "PE Distinguisher Label";
            case 28 -> "Entropy Label";
            case 32 -> "Large Community";
            case 128 -> "Attribute Set";
            case 255 -> "Reserved for development";
            default -> "Unknown Attribute";
        };
    }

    /** bgp_attr_print for the attributes this world's speakers send; others as print-bgp.c prints one it has no decoder for. */
    private void attribute(StringBuilder sb, byte[] d, int type, int p, int len, TcpdumpNames nm) throws Short {
        switch (type) {
            case 1 -> sb.append(len != 1 ? "invalid len" : switch (d[p] & 0xff) {
                case 0 -> "IGP";
                case 1 -> "EGP";
                case 2 -> "Incomplete";
                default -> "Unknown Origin Typecode";
            });
            case 2, 17 -> {
                if (len % 2 != 0) {
                    sb.append("invalid len");
                    return;
                }
                if (len == 0) {
                    sb.append("empty");
                    return;
                }
                int size = type == 17 ? 4 : asSize(d, p, len);
                int t = p;
                while (t < p + len) {
                    int seg = d[t] & 0xff;
                    int count = d[t + 1] & 0xff;
                    sb.append(seg == 2 ? "" : seg == 1 ? "{ " : seg == 3 ? "( " : seg == 4 ? "({ " : "?");
                    for (int i = 0; i < count * size; i += size) {
                        if (t + 2 + i + size > d.length) {
                            throw new Short();
                        }
                        sb.append(size == 2 ? u16(d, t + 2 + i) : u32(d, t + 2 + i)).append(' ');
                    }
                    sb.append(seg == 2 ? "" : seg == 1 ? "}" : seg == 3 ? ")" : seg == 4 ? "})" : "?");
                    t += 2 + count * size;
                }
            }
            case 3, 9 -> sb.append(len != 4 ? "invalid len" : nm.ip((int) u32(d, p)));
            case 4, 5 -> sb.append(len != 4 ? "invalid len" : String.valueOf(u32(d, p)));
            case 6 -> sb.append(len != 0 ? "invalid len" : "");
            case 8 -> {
                if (len % 4 != 0) {
                    sb.append("invalid len");
                    return;
                }
                for (int t = p, left = len; left != 0; t += 4, left -= 4) {
                    long c = u32(d, t);
                    if (c == 0xFFFFFF01L) {
                        sb.append(" NO_EXPORT");
                    } else if (c == 0xFFFFFF02L) {
                        sb.append(" NO_ADVERTISE");
                    } else if (c == 0xFFFFFF03L) {
                        sb.append(" NO_EXPORT_SUBCONFED");
                    } else {
                        sb.append(c >>> 16).append(':').append(c & 0xffff).append(left > 4 ? ", " : "");
                    }
                }
            }
            case 10 -> {
                if (len % 4 != 0) {
                    sb.append("invalid len");
                    return;
                }
                for (int t = p, left = len; left != 0; t += 4, left -= 4) {
                    sb.append(nm.ip((int) u32(d, t))).append(left > 4 ? ", " : "");
                }
            }
            case 14, 15 -> multiprotocol(sb, d, type, p, len, nm);
            default -> sb.append("\n\t    no Attribute ").append(type).append(" decoder")
                    .append(vv ? "" : TcpdumpVerbose.hexLines(d, p, len, "\n\t    "));
        }
    }

    /** bgp_attr_get_as_size: two-byte ASes when the segments add up that way, else four. */
    private int asSize(byte[] d, int p, int len) {
        int t = p;
        while (t < p + len) {
            int seg = d[t] & 0xff;
            if (seg < 1 || seg > 4 || t + 1 >= d.length) {
                return 4;
            }
            t += 2 + (d[t + 1] & 0xff) * 2;
        }
        return t == p + len ? 2 : 4;
    }

    /** MP_REACH_NLRI and MP_UNREACH_NLRI for IPv4 and IPv6 unicast (bgp_mp_af_print, the next hops, bgp_nlri_print). */
    private void multiprotocol(StringBuilder sb, byte[] d, int type, int p, int len, TcpdumpNames nm) throws Short {
        if (len < 3) {
            throw new Short();
        }
        int af = u16(d, p);
        int safi = d[p + 2] & 0xff;
        sb.append("\n\t    AFI: ").append(af == 1 ? "IPv4" : af == 2 ? "IPv6" : "Unknown AFI").append(" (").append(af).append("), ")
                .append(safi > 128 ? "vendor specific " : "").append("SAFI: ").append(safi == 1 ? "Unicast" : safi == 2 ? "Multicast"
                        : "Unknown SAFI").append(" (").append(safi).append(')');
        if ((af != 1 && af != 2) || (safi != 1 && safi != 2)) {
            sb.append("\n\t    no AFI ").append(af).append(" / SAFI ").append(safi).append(" decoder")
                    .append(vv ? "" : TcpdumpVerbose.hexLines(d, p, len, "\n\t    "));
            return;
        }
        int t = p + 3;
        int end = p + len;
        if (type == 14) {
            int nhlen = d[t] & 0xff;
            t++;
            if (nhlen > 0) {
                sb.append("\n\t    nexthop: ");
                int left = nhlen;
                int n = 0;
                int size = af == 1 ? 4 : 16;
                while (left != 0) {
                    if (n++ > 0) {
                        sb.append(", ");
                    }
                    if (left < size) {
                        sb.append("invalid len");
                        t += left;
                        left = 0;
                    } else {
                        sb.append(af == 1 ? nm.ip((int) u32(d, t)) : nm.ip6(Ip6.read(d, t)));
                        t += size;
                        left -= size;
                    }
                }
            }
            sb.append(", nh-length: ").append(nhlen);
            int snpa = d[t] & 0xff;
            t++;
            if (snpa != 0) {
                sb.append("\n\t    ").append(snpa).append(" SNPA");
                for (; snpa != 0; snpa--) {
                    int l = d[t] & 0xff;
                    sb.append("\n\t      ").append(l).append(" bytes");
                    t += 1 + l;
                }
            } else {
                sb.append(", no SNPA");
            }
        } else if (len == 3) {
            sb.append("\n\t      End-of-Rib Marker (empty NLRI)");
        }
        while (t < end) {
            int n = af == 1 ? prefix4(d, t, len, nm) : prefix6(d, t, len, nm);
            if (n == -1) {
                sb.append("\n\t    (illegal prefix length)");
                break;
            }
            if (n == -2) {
                break;
            }
            sb.append("\n\t      ").append(text);
            t += n;
        }
    }

    private void capabilities(StringBuilder sb, byte[] d, int c, int end) {
        while (c + 2 <= end) {
            int type = d[c] & 0xff;
            int l = d[c + 1] & 0xff;
            sb.append("\n\t      ").append(capability(type)).append(" (").append(type).append("), length: ").append(l);
            if (c + 2 + l > end) {
                sb.append(" [|bgp]");
                return;
            }
            switch (type) {
                case 1 -> {
                    if (l < 4) {
                        sb.append(" (too short, < 4)");
                        return;
                    }
                    sb.append("\n\t\tAFI ").append(afi(u16(d, c + 2))).append(" (").append(u16(d, c + 2)).append("), SAFI ")
                            .append(safi(d[c + 5] & 0xff)).append(" (").append(d[c + 5] & 0xff).append(')');
                }
                case 2, 71, 128 -> {
                }
                case 65 -> {
                    if (l < 4) {
                        sb.append(" (too short, < 4)");
                        return;
                    }
                    sb.append("\n\t\t 4 Byte AS ").append(u32(d, c + 2));
                }
                default -> sb.append("\n\t\tno decoder for Capability ").append(type)
                        .append(vv ? "" : TcpdumpVerbose.hexLines(d, c + 2, l, "\n\t\t"));
            }
            if (vv && l != 0) {
                sb.append(TcpdumpVerbose.hexLines(d, c + 2, l, "\n\t\t"));
            }
            c += 2 + l;
        }
    }

    private void notification(StringBuilder sb, byte[] d, int p, int len) {
        if (len < 21) {
            return;
        }
        int major = d[p + 19] & 0xff;
        int minor = d[p + 20] & 0xff;
        String[] majors = {null, "Message Header Error", "OPEN Message Error", "UPDATE Message Error", "Hold Timer Expired",
            "Finite State Machine Error", "Cease", "Capability Message Error"};
        sb.append(", ").append(major >= 1 && major <= 7 ? majors[major] : "Unknown Error").append(" (").append(major).append(')');
        String[] table = switch (major) {
            case 1 -> new String[] {null, "Connection Not Synchronized", "Bad Message Length", "Bad Message Type"};
            case 2 -> new String[] {null, "Unsupported Version Number", "Bad Peer AS", "Bad BGP Identifier", "Unsupported Optional Parameter",
                "Authentication Failure", "Unacceptable Hold Time", "Capability Message Error"};
            case 3 -> new String[] {null, "Malformed Attribute List", "Unrecognized Well-known Attribute", "Missing Well-known Attribute",
                "Attribute Flags Error", "Attribute Length Error", "Invalid ORIGIN Attribute", "AS Routing Loop", "Invalid NEXT_HOP Attribute",
                "Optional Attribute Error", "Invalid Network Field", "Malformed AS_PATH"};
            case 5 -> new String[] {"Unspecified Error", "In OpenSent State", "In OpenConfirm State", "In Established State"};
            case 6 -> new String[] {null, "Maximum Number of Prefixes Reached", "Administrative Shutdown", "Peer Unconfigured",
                "Administrative Reset", "Connection Rejected", "Other Configuration Change", "Connection Collision Resolution"};
            case 7 -> new String[] {null, "Invalid Action Value", "Invalid Capability Length", "Malformed Capability Value",
                "Unsupported Capability Code"};
            default -> null;
        };
        if (table != null) {
            String name = minor < table.length && table[minor] != null ? table[minor] : "Unknown";
            // print-bgp.c writes the FSM and capability subcodes without the comma
            sb.append(major == 5 || major == 7 ? " subcode " : ", subcode ").append(name).append(" (").append(minor).append(')');
        }
    }

    private String capability(int t) {
        return switch (t) {
            case 1 -> "Multiprotocol Extensions";
            case 2 -> "Route Refresh";
            case 3 -> "Cooperative Route Filtering";
            case 4 -> "Multiple Routes to a Destination";
            case 5 -> "Extended Next Hop Encoding";
            case 8 -> "Multiple Labels";
            case 64 -> "Graceful Restart";
            case 65 -> "32-Bit AS Number";
            case 67 -> "Dynamic Capability";
            case 68 -> "Multisession BGP";
            case 69 -> "Multiple Paths";
            case 70 -> "Enhanced Route Refresh";
            case 71 -> "Long-lived Graceful Restart";
            case 128 -> "Route Refresh (Cisco)";
            default -> "Unknown";
        };
    }

    /** af_values for the families this world announces. */
    private String afi(int a) {
        return a == 1 ? "IPv4" : a == 2 ? "IPv6" : "Unknown";
    }

    private String safi(int s) {
        return switch (s) {
            case 1 -> "Unicast";
            case 2 -> "Multicast";
            case 3 -> "Unicast+Multicast";
            default -> "Unknown";
        };
    }

    private static int u16(byte[] d, int i) {
        return BigEndian.u16(d, i);
    }

    private static long u32(byte[] d, int i) {
        return BigEndian.u32(d, i) & 0xffffffffL;
    }
}
