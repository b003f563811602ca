package dev.minternet.tools;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Mac;
import java.util.HashMap;
import java.util.Map;

/**
 * What tcpdump 4.99's {@code -v} adds to {@code BOOTP/DHCP, Request from MAC, length N}
 * (print-bootp.c): the transaction ID, flags and the addresses that are set, the client's hardware
 * address, then the RFC 1048 options, each by its name and in the format print-bootp.c's tag table
 * gives it (addresses, numbers, strings, bytes), the message type by name, the parameter request
 * list four names a line, the client identifier with its hardware type.
 */
final class TcpdumpBootp {
    private TcpdumpBootp() {
    }

    /** print-bootp.c's tag2str: the format letter, then the name. */
    private static final Map<Integer, String> TAGS = new HashMap<>();

    static {
        String[] t = {"0  PAD", "1 iSubnet-Mask", "2 LTime-Zone", "3 iDefault-Gateway", "4 iTime-Server", "5 iIEN-Name-Server",
            "6 iDomain-Name-Server", "7 iLOG", "8 iCS", "9 iLPR-Server", "10 iIM", "11 iRL", "12 aHostname", "13 sBS", "255  END",
            "14 aDP", "15 aDomain-Name", "16 iSS", "17 aRP", "18 aEP", "19 BIPF", "20 BSRT", "21 pPF", "22 sRSZ", "23 bTTL",
            "24 lMTU-Timeout", "25 sMTU-Table", "26 sMTU", "27 BLSN", "28 iBR", "29 BMD", "30 BMS", "31 BRouter-Discovery", "32 iRSA",
            "33 pStatic-Route", "34 BUT", "35 lAT", "36 BIE", "37 bTT", "38 lKI", "39 BKG", "40 aYD", "41 iYS", "42 iNTP",
            "43 bVendor-Option", "44 iNetbios-Name-Server", "45 iWDD", "46 $Netbios-Node", "47 aNetbios-Scope", "48 iXFS", "49 iXDM",
            "64 sN+D", "65 iN+S", "68 iMH", "69 iSMTP", "70 iPOP3", "71 iNNTP", "72 iWWW", "73 iFG", "74 iIRC", "75 iSTS", "76 iSTDA",
            "50 iRequested-IP", "51 lLease-Time", "52 $OO", "66 aTFTP", "67 aBF", "53  DHCP-Message", "54 iServer-ID",
            "55 bParameter-Request", "56 aMSG", "57 sMSZ", "58 lRN", "59 lRB", "60 aVendor-Class", "61 $Client-ID", "98 aUAP",
            "116 BNOAUTO", "78 bSLP-DA", "79 bSLP-SCOPE", "117 sNSSEARCH", "77 $User-Class", "118 iSUBNET", "121 $Classless-Static-Route",
            "249 $Classless-Static-Route-Microsoft", "150 iTFTP-Server-Address", "80 aSLP-NA", "81 $FQDN", "82 $Agent-Information",
            "83 bARMT", "88 aTZSTR", "89 bFQDNS", "90 bAUTH", "91 LLast-Transaction-Time", "92 iAssociated-IP", "93 sARCH", "94 bNDI",
            "97 bGUID", "95 aLDAP", "100 aPOSIX-TZ", "101 aTZ-Name", "112 iNI", "113 aNITAG", "114 aURL", "161 aMUD-URL"};
        for (String e : t) {
            int sp = e.indexOf(' ');
            TAGS.put(Integer.parseInt(e.substring(0, sp)), e.substring(sp + 1));
        }
    }

    private static final String[] MESSAGES = {null, "Discover", "Offer", "Request", "Decline", "ACK", "NACK", "Release", "Inform",
        "LeaseQuery", "LeaseUnassigned", "LeaseUnknown", "LeaseActive"};

    /** The text -v adds after the BOOTP line's length, for the message at {@code b} ({@code len} bytes captured). */
    static String verbose(byte[] d, int b, int len, TcpdumpNames nm, int vflag) {
        boolean vv = vflag >= 2;
        StringBuilder sb = new StringBuilder();
        int end = Math.min(d.length, b + len);
        if (b + 236 > end) {
            return sb.append(" [|bootp]").toString();
        }
        int htype = d[b + 1] & 0xff;
        int hlen = d[b + 2] & 0xff;
        if (htype != 1) {
            sb.append(", htype ").append(htype);
        }
        if (htype != 1 || hlen != 6) {
            sb.append(", hlen ").append(hlen);
        }
        if ((d[b + 3] & 0xff) != 0) {
            sb.append(", hops ").append(d[b + 3] & 0xff);
        }
        long xid = u32(d, b + 4);
        if (xid != 0) {
            sb.append(", xid 0x").append(Long.toHexString(xid));
        }
        if (u16(d, b + 8) != 0) {
            sb.append(", secs ").append(u16(d, b + 8));
        }
        sb.append(", Flags [").append((u16(d, b + 10) & 0x8000) != 0 ? "Broadcast" : "none").append(']');
        if (vv) {
            sb.append(String.format(java.util.Locale.ROOT, " (0x%04x)", u16(d, b + 10)));
        }
        String[] fields = {"Client-IP", "Your-IP", "Server-IP", "Gateway-IP"};
        for (int i = 0; i < 4; i++) {
            long a = u32(d, b + 12 + 4 * i);
            if (a != 0) {
                sb.append("\n\t  ").append(fields[i]).append(' ').append(nm.ip((int) a));
            }
        }
        if (htype == 1 && hlen == 6) {
            sb.append("\n\t  Client-Ethernet-Address ").append(nm.mac(Mac.read(d, b + 28)));
        }
        if (d[b + 44] != 0) {
            sb.append("\n\t  sname \"").append(zstring(d, b + 44, 64)).append('"');
        }
        if (d[b + 108] != 0) {
            sb.append("\n\t  file \"").append(zstring(d, b + 108, 128)).append('"');
        }
        int v = b + 236;
        if (v + 4 > end) {
            return sb.append(" [|bootp]").toString();
        }
        long cookie = u32(d, v);
        if (cookie != 0x63825363L) {
            if (cookie != 0) {
                sb.append("\n\t  Vendor-#0x").append(Long.toHexString(cookie));
            }
            return sb.toString();
        }
        sb.append("\n\t  Vendor-rfc1048 Extensions\n\t    Magic Cookie 0x63825363");
        int p = v + 4;
        while (p < end) {
            int tag = d[p++] & 0xff;
            if ((tag == 0 || tag == 255) && vflag >= 3) { // -vvv: the pad and end options too, a run of pads counted
                sb.append("\n\t    ").append(tag == 0 ? "PAD (0)" : "END (255)").append(", length 0");
                if (tag == 0) {
                    int n = 1;
                    while (p < end && d[p] == 0) {
                        p++;
                        n++;
                    }
                    if (n > 1) {
                        sb.append(", occurs ").append(n);
                    }
                }
                continue;
            }
            if (tag == 0) {
                continue;
            }
            if (tag == 255) {
                return sb.toString();
            }
            String entry = TAGS.getOrDefault(tag, "?Unknown");
            char c = entry.charAt(0);
            String name = entry.substring(1);
            if (p >= end) {
                return sb.append(" [|bootp]").toString();
            }
            int l = d[p++] & 0xff;
            sb.append("\n\t    ").append(name).append(" (").append(tag).append("), length ").append(l).append(l > 0 ? ": " : "");
            if (p + l > end) {
                return sb.append(" [|bootp]").toString();
            }
            if (tag == 53 && l == 1) {
                int m = d[p] & 0xff;
                sb.append(m >= 1 && m < MESSAGES.length ? MESSAGES[m] : "Unknown (" + m + ")");
                p++;
                continue;
            }
            if (tag == 55) {
                for (int i = 0; i < l; i++) {
                    int inner = d[p + i] & 0xff;
                    sb.append(i % 4 == 0 ? "\n\t      " : ", ").append(TAGS.getOrDefault(inner, "?Unknown").substring(1)).append(" (")
                            .append(inner).append(')');
                }
                p += l;
                continue;
            }
            if (c == '?') {
                c = (l & 1) != 0 ? 'b' : (l & 2) != 0 ? 's' : 'l';
            }
            int left = l;
            boolean first = true;
            switch (c) {
                case 'a' -> {
                    StringBuilder t = new StringBuilder();
                    TcpdumpDns.chars(t, d, p, l);
                    sb.append('"').append(t).append('"');
                    left = 0;
                }
                case 'i', 'l', 'L' -> {
                    for (; left >= 4; left -= 4, first = false) {
                        long w = u32(d, p + l - left);
                        sb.append(first ? "" : ",").append(c == 'i' ? nm.ip((int) w) : c == 'L' ? String.valueOf((int) w) : String.valueOf(w));
                    }
                }
                case 'p' -> {
                    for (; left >= 8; left -= 8, first = false) {
                        int at = p + l - left;
                        sb.append(first ? "" : ",").append('(').append(nm.ip((int) u32(d, at))).append(':').append(nm.ip((int) u32(d, at + 4)))
                                .append(')');
                    }
                }
                case 's' -> {
                    for (; left >= 2; left -= 2, first = false) {
                        sb.append(first ? "" : ",").append(u16(d, p + l - left));
                    }
                }
                case 'B' -> {
                    for (; left > 0; left--, first = false) {
                        int x = d[p + l - left] & 0xff;
                        sb.append(first ? "" : ",").append(x == 0 ? "N" : x == 1 ? "Y" : x + "?");
                    }
                }
                case '$' -> {
                    if (tag == 61) {
                        if (l < 1) {
                            sb.append("[ERROR: length < 1 bytes]");
                        } else {
                            int type = d[p] & 0xff;
                            if (type == 0) {
                                StringBuilder t = new StringBuilder();
                                TcpdumpDns.chars(t, d, p + 1, l - 1);
                                sb.append('"').append(t).append('"');
                            } else {
                                String hw = switch (type) {
                                    case 1 -> "ether";
                                    case 6 -> "ieee802";
                                    case 7 -> "arcnet";
                                    case 15 -> "frelay";
                                    case 23 -> "strip";
                                    case 24 -> "ieee1394";
                                    default -> "hardware-type " + type + ",";
                                };
                                sb.append(hw).append(' ');
                                for (int i = 1; i < l; i++) {
                                    sb.append(i > 1 ? ":" : "").append(String.format(java.util.Locale.ROOT, "%02x", d[p + i] & 0xff));
                                }
                            }
                        }
                        left = 0;
                    } else { // the options print-bootp.c decodes by hand, which this world does not send: as bytes
                        for (; left > 0; left--, first = false) {
                            sb.append(first ? "" : ".").append(d[p + l - left] & 0xff);
                        }
                    }
                }
                default -> {
                    for (; left > 0; left--, first = false) {
                        int x = d[p + l - left] & 0xff;
                        sb.append(first ? "" : c == 'x' ? ":" : ".").append(c == 'x' ? String.format(java.util.Locale.ROOT, "%02x", x) : x);
                    }
                }
            }
            if (left > 0) {
                sb.append("\n\t  trailing data length ").append(left);
            }
            p += l;
        }
        return sb.toString();
    }

    /** nd_printztn: the string up to its NUL, within {@code n} bytes. */
    private static String zstring(byte[] d, int off, int n) {
        int len = 0;
        while (len < n && d[off + len] != 0) {
            len++;
        }
        StringBuilder t = new StringBuilder();
        TcpdumpDns.chars(t, d, off, len);
        return t.toString();
    }

    private static int u16(byte[] d, int i) {
        return BigEndian.u16(d, i);
    }

    private static long u32(byte[] d, int i) {
        return BigEndian.u32(d, i) & 0xffffffffL;
    }
}
