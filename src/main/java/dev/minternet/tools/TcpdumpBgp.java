package dev.minternet.tools;

import dev.minternet.wire.Ip4;

/**
 * What tcpdump 4.99's {@code -v} prints after {@code : BGP} (print-bgp.c's bgp_print): each message
 * the segment holds, found by its marker, as {@code Open Message (1), length: 49} with an OPEN's
 * version, AS, hold time, identifier and capabilities, a NOTIFICATION's error code and subcode;
 * a KEEPALIVE is its header line alone. An UPDATE's path attributes and prefixes are not decoded
 * here: its header line is printed as tcpdump prints it, and what tcpdump prints below it is not.
 */
final class TcpdumpBgp {
    private TcpdumpBgp() {
    }

    static String verbose(byte[] d, int off, int len) {
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
                open(sb, d, p, hlen);
            } else if (type == 3) {
                notification(sb, d, p, hlen);
            }
            p += hlen;
            start = p;
        }
        return sb.toString();
    }

    private static final String[] MESSAGES = {null, "Open", "Update", "Notification", "Keepalive", "Route Refresh"};

    private static void open(StringBuilder sb, byte[] d, int p, int len) {
        if (len < 29) {
            sb.append(" [|bgp]");
            return;
        }
        sb.append("\n\t  Version ").append(d[p + 19] & 0xff).append(", my AS ").append(u16(d, p + 20)).append(", Holdtime ")
                .append(u16(d, p + 22)).append("s, ID ").append(Ip4.str((int) u32(d, p + 24)));
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

    private static void capabilities(StringBuilder sb, byte[] d, int c, int end) {
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
                        .append(TcpdumpVerbose.hexLines(d, c + 2, l, "\n\t\t"));
            }
            c += 2 + l;
        }
    }

    private static void notification(StringBuilder sb, byte[] d, int p, int len) {
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

    private static String capability(int t) {
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
    private static String afi(int a) {
        return a == 1 ? "IPv4" : a == 2 ? "IPv6" : "Unknown";
    }

    private static String safi(int s) {
        return switch (s) {
            case 1 -> "Unicast";
            case 2 -> "Multicast";
            case 3 -> "Unicast+Multicast";
            default -> "Unknown";
        };
    }

    private static int u16(byte[] d, int i) {
        return ((d[i] & 0xff) << 8) | (d[i + 1] & 0xff);
    }

    private static long u32(byte[] d, int i) {
        return ((long) u16(d, i) << 16) | u16(d, i + 2);
    }
}
