package dev.minternet.tools;

import dev.minternet.wire.ArpPacket;
import dev.minternet.wire.Bpdu;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ipv6Fragment;
import dev.minternet.wire.Ipv6Packet;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.Mac;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.UdpPacket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * tcpdump's one-line text (tcpdump 4.99 with {@code -n}) for the IPv4 datagrams of one capture:
 * TCP as {@code Flags [S.], seq N, ack N, win N, options [...], length N} with sequence numbers
 * relative to the first numbers seen on each connection (as tcpdump does without {@code -S}),
 * the first line of HTTP on ports 80 and 8080, Redis commands and replies on 6379 ({@link TcpdumpResp}),
 * BGP on 179, DNS on 53 over UDP and TCP ({@link TcpdumpDns}), DHCP, OSPF, other UDP as
 * {@code UDP, length N}, ICMP by type; a fragment after the first as {@code ip-proto-N} (tcpdump 4.99
 * marks fragments only with -v); IPv6 alike.
 * Stateful: one per capture, fed in order.
 */
final class TcpdumpLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final int TCP_PROTO = 6;
    private static final int OSPF_PROTO = 89;
    /** print-http.c's httpcmds. */
    private static final List<String> HTTP_METHODS = List.of("GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST",
            "BCOPY", "BMOVE", "MKCOL", "TRACE", "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY",
            "BDELETE", "CONNECT", "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "SUBSCRIBE", "PROPPATCH", "BPROPFIND",
            "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE", "UNSUBSCRIBE", "RPC_CONNECT", "VERSION-CONTROL",
            "BASELINE-CONTROL");

    /** The numbers tcpdump subtracts on one connection, by (lower address:port, higher address:port). */
    private record Base(long seqLow, long seqHigh) {
    }

    private final Map<String, Base> bases = new HashMap<>();
    /** Names or numbers ({@code -n}) for addresses, ports and protocols. */
    private final TcpdumpNames names;

    /** -q: TCP and UDP as their length alone. */
    private final boolean quiet;
    /** -S: absolute TCP sequence numbers. */
    private final boolean absolute;
    /** -v: the IP headers' fields, checksums, and the decoders' longer forms ({@link TcpdumpVerbose}). */
    private final boolean verbose;
    /** -vv: more again (every segment's sequence number, IPv4's UDP checksum, DNS's every section, hex dumps of options). */
    private final boolean vv;
    /** How many -v (0 to 3). */
    private final int vflag;

    /** As tcpdump -n prints. */
    TcpdumpLine() {
        this(TcpdumpNames.NUMERIC);
    }

    TcpdumpLine(TcpdumpNames names) {
        this(names, false, false);
    }

    TcpdumpLine(TcpdumpNames names, boolean quiet, boolean absolute) {
        this(names, quiet, absolute, false);
    }

    TcpdumpLine(TcpdumpNames names, boolean quiet, boolean absolute, boolean verbose) {
        this(names, quiet, absolute, verbose ? 1 : 0);
    }

    /** {@code vflag}: how many -v (0 to 3). */
    TcpdumpLine(TcpdumpNames names, boolean quiet, boolean absolute, int vflag) {
        this.names = names;
        this.quiet = quiet;
        this.absolute = absolute;
        this.verbose = vflag >= 1;
        this.vv = vflag >= 2;
        this.vflag = vflag;
    }

    TcpdumpNames names() {
        return names;
    }

    /**
     * One line for an Ethernet frame, as tcpdump -n prints it without -e: an IPv4 datagram as on a
     * raw capture; ARP as {@code ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28} (the
     * length of what follows the Ethernet header, padding included); a BPDU as {@code STP 802.1d,
     * Config, Flags [none], bridge-id 8000.02:..:...8001, length 35}.
     */
    String frameLine(Instant when, byte[] f) {
        return TIME.format(when) + " " + frameBody(f);
    }

    /** The same without the time. */
    String frameBody(byte[] f) {
        return frameBody(f, f.length);
    }

    /** The same for a frame of {@code wire} bytes of which {@code f} holds the first ones (cut by -s). */
    String frameBody(byte[] f, int wire) {
        if (f.length < EthernetFrame.HEADER) { // cut by -s inside the header: print-ether.c's truncation, -e or not
            return " [|ether]";
        }
        int cutType = EthernetFrame.type(f);
        int ipAt = EthernetFrame.HEADER;
        if (cutType == 0x8100 && f.length >= EthernetFrame.HEADER + EthernetFrame.TAG) {
            cutType = ((f[16] & 0xff) << 8) | (f[17] & 0xff);
            ipAt += EthernetFrame.TAG;
        }
        if (cutType == EthernetFrame.TYPE_IPV4 && f.length - ipAt < Ipv4Packet.MIN_HEADER) {
            // print-ip.c: no byte of the header, or not all of it
            return f.length == ipAt ? " [|ip]" : "IP  [|ip]";
        }
        if (cutType == EthernetFrame.TYPE_ARP && f.length - ipAt < 28) {
            return " [|arp]";
        }
        // an 802.1Q tag is shown only with -e (print-ether.c; TcpdumpText adds it)
        int o = PcapFilter.ipOffset(f);
        if (o >= 0) {
            byte[] d = Arrays.copyOfRange(f, o, f.length);
            int tl = Ipv4Packet.totalLength(d, 0);
            if (tl >= 20 && tl < d.length) {
                d = Arrays.copyOf(d, tl);
            }
            return packet(d);
        }
        int type = EthernetFrame.type(f);
        int ao = EthernetFrame.HEADER + (EthernetFrame.tagged(f) ? EthernetFrame.TAG : 0);
        if (EthernetFrame.tagged(f)) {
            type = ((f[16] & 0xff) << 8) | (f[17] & 0xff);
        }
        if (type == EthernetFrame.TYPE_IPV6) {
            return ipv6(f, ao, this);
        }
        if (type == EthernetFrame.TYPE_ARP) {
            ArpPacket a = ArpPacket.parse(f, ao);
            // print-arp.c: -v names the hardware and protocol types and their lengths first
            return "ARP, " + (a == null ? "truncated" : (verbose ? "Ethernet (len 6), IPv4 (len 4), " : "") + arp(a)) + ", length "
                    + (wire - ao);
        }
        Bpdu b = Bpdu.parse(f);
        if (b != null) {
            String stp = "STP 802.1d, Config, Flags [" + (b.flags() == 0 ? "none" : "tc") + "], bridge-id "
                    + Bpdu.idText(b.bridgeId()) + "." + String.format("%04x", b.portId()) + ", length " + Bpdu.LENGTH;
            if (!verbose) {
                return stp;
            }
            // print-stp.c: the timers in seconds (1/256 s on the wire), then the root
            return stp + "\n\tmessage-age " + TcpdumpVerbose.seconds(b.messageAge()) + ", max-age " + TcpdumpVerbose.seconds(b.maxAge())
                    + ", hello-time " + TcpdumpVerbose.seconds(b.helloTime()) + ", forwarding-delay " + TcpdumpVerbose.seconds(b.forwardDelay())
                    + "\n\troot-id " + Bpdu.idText(b.rootId()) + ", root-pathcost " + b.rootCost();
        }
        return "ethertype Unknown (0x" + String.format("%04x", type) + "), length " + f.length;
    }

    /** print-arp.c's request and reply: the target's MAC in a request only when it carries one (a unicast probe). */
    private String arp(ArpPacket a) {
        if (a.op() == ArpPacket.REQUEST) {
            return "Request who-has " + names.ip(a.targetIp()) + (a.targetMac() != 0 ? " (" + names.mac(a.targetMac()) + ")" : "")
                    + " tell " + names.ip(a.senderIp());
        }
        return "Reply " + names.ip(a.senderIp()) + " is-at " + names.mac(a.senderMac());
    }

    /**
     * An IPv6 datagram at {@code o} of frame {@code f}, in tcpdump -n's words: {@code IP6 src > dst:
     * ICMP6, echo request, id N, seq N, length N}, neighbour discovery with its target ("who has",
     * "tgt is"), errors with the destination they quote; the length is the payload length.
     */
    static String ipv6(byte[] f, int o) {
        return ipv6(f, o, null);
    }

    /** The same, with {@code tcp} the capture's state for relative TCP numbers (null: TCP as its protocol number). */
    static String ipv6(byte[] f, int o, TcpdumpLine tcp) {
        TcpdumpNames nm = tcp == null ? TcpdumpNames.NUMERIC : tcp.names;
        if (Ipv6Packet.check(f, o, f.length - o) != null) {
            return "IP6 truncated";
        }
        int len = Ipv6Packet.payloadLength(f, o);
        int m = o + Ipv6Packet.HEADER;
        int next = Ipv6Packet.nextHeader(f, o);
        boolean v = tcp != null && tcp.verbose;
        String ip6 = v ? "IP6 " + TcpdumpVerbose.ipv6(f, o) : "IP6 ";
        Ip6 s6 = Ipv6Packet.src(f, o);
        Ip6 d6 = Ipv6Packet.dst(f, o);
        if (next == Ipv6Packet.NEXT_UDP && len >= UdpPacket.HEADER) {
            // as for IPv4: "IP6 src.port > dst.port: UDP, length N"
            int sp = UdpPacket.srcPort(f, m);
            int dp = UdpPacket.dstPort(f, m);
            String head = ip6 + nm.ip6(s6) + "." + nm.udpPort(sp) + " > " + nm.ip6(d6) + "." + nm.udpPort(dp) + ": ";
            int ulen = UdpPacket.length(f, m) - UdpPacket.HEADER;
            if (v && m + len <= f.length) { // print-udp.c checks IPv6's mandatory checksum from -v on
                head += TcpdumpVerbose.sum6("udp", f, m, len, 6, s6, d6, Ipv6Packet.NEXT_UDP);
            }
            if (tcp != null && tcp.quiet) {
                return head + "UDP, length " + ulen;
            }
            if (sp == 53 || dp == 53) {
                return head + TcpdumpDns.udp(f, m + UdpPacket.HEADER, Math.min(ulen, f.length - m - UdpPacket.HEADER),
                        tcp == null ? 0 : tcp.vflag);
            }
            return head + "UDP, length " + ulen;
        }
        if (next == TCP_PROTO && len >= TcpPacket.MIN_HEADER && tcp != null) {
            StringBuilder sb = new StringBuilder(ip6);
            int have = Math.min(len, f.length - m);
            tcp.tcp(sb, f, s6.toString(), d6.toString(), nm.ip6(s6), nm.ip6(d6), m, have,
                    v && have == len ? TcpdumpVerbose.tcpChecksum6(f, m, len, s6, d6) : "");
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder(ip6).append(nm.ip6(s6)).append(" > ").append(nm.ip6(d6)).append(": ");
        if (next == Ipv6Fragment.NEXT_HEADER && len >= Ipv6Fragment.HEADER) {
            // "frag (offset|length)", then for the first fragment what it starts with (tcpdump's frag6_print)
            len -= Ipv6Fragment.HEADER;
            sb.append(v ? Ipv6Fragment.describeVerbose(f, m, len) : Ipv6Fragment.describe(f, m, len));
            next = Ipv6Fragment.nextHeader(f, m);
            if (Ipv6Fragment.offset(f, m) != 0) {
                return sb.toString();
            }
            m += Ipv6Fragment.HEADER;
            sb.append(' ');
            if (next == Ipv6Packet.NEXT_UDP && len >= UdpPacket.HEADER) {
                return sb.append(nm.udpPort(UdpPacket.srcPort(f, m))).append(" > ").append(nm.udpPort(UdpPacket.dstPort(f, m)))
                        .append(": UDP, length ").append(UdpPacket.length(f, m) - UdpPacket.HEADER).toString();
            }
        }
        if (next == OSPF_PROTO && len >= 2) {
            return sb.append(ospf(f, m, len)).append(v ? TcpdumpOspf.verbose(f, m, len, nm, tcp.vv) : "").toString();
        }
        if (next != Ipv6Packet.NEXT_ICMPV6 || len < Icmpv6Packet.HEADER) {
            return sb.append("ip-proto-").append(next).append(" ").append(len).toString();
        }
        int type = Icmpv6Packet.type(f, m);
        if (v && m + len <= f.length && sb.indexOf(": frag (") < 0) {
            sb.append(TcpdumpVerbose.sum6("icmp6", f, m, len, 2, s6, d6, Ipv6Packet.NEXT_ICMPV6));
        }
        sb.append("ICMP6, ").append(Icmpv6Packet.describe(type));
        if (v && type >= Icmpv6Packet.ROUTER_SOLICITATION && type <= 137) {
            // neighbour discovery with -v: the length after the type, then flags and options (print-icmp6.c)
            sb.append(", length ").append(len);
            TcpdumpVerbose.neighbourDiscovery(sb, f, m, len, type, nm, tcp.vv);
            return sb.toString();
        }
        int code = Icmpv6Packet.code(f, m);
        boolean quotes = len >= Icmpv6Packet.HEADER + Ipv6Packet.HEADER;
        switch (type) {
            case Icmpv6Packet.ECHO_REQUEST, Icmpv6Packet.ECHO_REPLY -> sb.append(", id ").append(Icmpv6Packet.identifier(f, m))
                    .append(", seq ").append(Icmpv6Packet.sequence(f, m));
            case Icmpv6Packet.NEIGHBOR_SOLICITATION -> sb.append(", who has ").append(nm.ip6(Icmpv6Packet.target(f, m)));
            case Icmpv6Packet.NEIGHBOR_ADVERTISEMENT -> sb.append(", tgt is ").append(nm.ip6(Icmpv6Packet.target(f, m)));
            case Icmpv6Packet.PACKET_TOO_BIG -> sb.append(", mtu ").append(Icmpv6Packet.word(f, m));
            case Icmpv6Packet.TIME_EXCEEDED -> {
                if (code == 1) {
                    sb.append(" (reassembly)");
                } else if (code == 0 && quotes) {
                    sb.append(" for ").append(nm.ip6(Ipv6Packet.dst(f, m + Icmpv6Packet.HEADER)));
                }
            }
            case Icmpv6Packet.DEST_UNREACHABLE -> {
                if (quotes) { // print-icmp6.c: the code's words, then what the quoted datagram was for
                    int q = m + Icmpv6Packet.HEADER;
                    sb.append(", ").append(switch (code) {
                        case 0 -> "unreachable route";
                        case 1 -> "unreachable prohibited";
                        case 2 -> "beyond scope";
                        case 3 -> "unreachable address";
                        case 4 -> "unreachable port";
                        default -> "unknown unreach code (" + code + ")";
                    });
                    if (code == 2) {
                        sb.append(' ').append(nm.ip6(Ipv6Packet.dst(f, q))).append(", source address ").append(nm.ip6(Ipv6Packet.src(f, q)));
                    } else if (code == 4 && q + Ipv6Packet.HEADER + 4 <= f.length) {
                        int qp = Ipv6Packet.nextHeader(f, q);
                        int dport = UdpPacket.dstPort(f, q + Ipv6Packet.HEADER);
                        sb.append(", ").append(nm.ip6(Ipv6Packet.dst(f, q))).append(qp == 6 ? " tcp port " + nm.tcpPort(dport) : qp == 17
                                ? " udp port " + nm.udpPort(dport) : " protocol " + qp + " port " + dport + " unreachable");
                    } else if (code < 4) {
                        sb.append(' ').append(nm.ip6(Ipv6Packet.dst(f, q)));
                    }
                }
            }
            default -> {
            }
        }
        return v ? sb.toString() : sb.append(", length ").append(len).toString(); // -v leaves the length out (print-icmp6.c)
    }

    /** One line: the time, then the packet. */
    String line(Instant when, byte[] d) {
        return TIME.format(when) + " " + body(d);
    }

    /** A raw link's datagram without the time. */
    String body(byte[] d) {
        if (d.length == 0) { // a cooked record cut (-s) at its end: print-ip.c reads the version before printing "IP"
            return " [|ip]";
        }
        if (d.length > 0 && (d[0] & 0xf0) == 0x60) {
            return ipv6(d, 0, this); // a raw link's IPv6 datagram
        }
        return packet(d);
    }

    /** The packet without the time: {@code IP 10.0.0.1.5001 > ...}. */
    String packet(byte[] d) {
        return packet(d, false);
    }

    /** The same; {@code quoted}: the datagram an ICMP error quotes, which may end before its total length says. */
    private String packet(byte[] d, boolean quoted) {
        StringBuilder sb = new StringBuilder("IP ");
        if (!quoted && d.length < Ipv4Packet.MIN_HEADER) { // cut by -s inside the header (print-ip.c's ND_TCHECK_SIZE)
            return sb.append(" [|ip]").toString();
        }
        String bad = Ipv4Packet.check(d, 0, d.length);
        // a datagram shorter than its total length: quoted by an ICMP error, or cut by the capture's snapshot length
        if (bad != null && !bad.startsWith("truncated: total length")) {
            return sb.append("truncated-ip").toString();
        }
        int src = Ipv4Packet.src(d, 0);
        int dst = Ipv4Packet.dst(d, 0);
        int proto = Ipv4Packet.protocol(d, 0);
        int off = Ipv4Packet.headerLength(d, 0);
        int len = Ipv4Packet.payloadLength(d, 0);
        boolean firstFrag = Ipv4Packet.fragmentOffset(d, 0) == 0;
        // print-ip.c: a datagram with more fragments or an offset has no transport checksum to check
        boolean fragmented = (((d[6] & 0xff) << 8 | (d[7] & 0xff)) & 0x3fff) != 0;
        if (verbose) {
            sb.append(TcpdumpVerbose.ipv4(d, 0)).append("\n    ");
        }
        int have = d.length - off; // the transport bytes captured
        if (proto == Ipv4Packet.PROTO_TCP && firstFrag && len >= TcpPacket.MIN_HEADER && have < TcpPacket.MIN_HEADER) {
            // print-tcp.c: the addresses alone without both ports, then with them without the whole header
            sb.append(have < 4 ? names.ip(src) + " > " + names.ip(dst) + ":" : names.ip(src) + '.'
                    + names.tcpPort(TcpPacket.srcPort(d, off)) + " > " + names.ip(dst) + '.' + names.tcpPort(TcpPacket.dstPort(d, off))
                    + ": ").append(CUT_TCP);
        } else if (proto == Ipv4Packet.PROTO_UDP && firstFrag && len >= 8 && have < 8) {
            // print-udp.c: the ports once both are captured, the rest of the header or it ends there
            sb.append(have < 4 ? names.ip(src) + " > " + names.ip(dst) + ": " : names.ip(src) + '.'
                    + names.udpPort(UdpPacket.srcPort(d, off)) + " > " + names.ip(dst) + '.' + names.udpPort(UdpPacket.dstPort(d, off))
                    + ": ").append(" [|udp]");
        } else if (proto == Ipv4Packet.PROTO_ICMP && firstFrag && len >= 8 && have < icmpNeeds(d, off, have)) {
            sb.append(names.ip(src)).append(" > ").append(names.ip(dst)).append(":  [|icmp]"); // print-icmp.c reads before printing
        } else if (proto == Ipv4Packet.PROTO_TCP && firstFrag && len >= TcpPacket.MIN_HEADER) {
            tcp(sb, d, Ip4.str(src), Ip4.str(dst), names.ip(src), names.ip(dst), off, len,
                    verbose && !fragmented && off + len <= d.length ? TcpdumpVerbose.tcpChecksum4(d, off, len, src, dst) : "");
        } else if (proto == Ipv4Packet.PROTO_UDP && firstFrag && len >= 8) {
            sb.append(names.ip(src)).append('.').append(names.udpPort(UdpPacket.srcPort(d, off))).append(" > ")
                    .append(names.ip(dst)).append('.').append(names.udpPort(UdpPacket.dstPort(d, off))).append(": ");
            int sp = UdpPacket.srcPort(d, off);
            int dp = UdpPacket.dstPort(d, off);
            if (vv && !fragmented) { // print-udp.c checks IPv4's optional checksum from -vv on
                int sum = UdpPacket.checksum(d, off);
                if (sum == 0) {
                    sb.append("[no cksum] ");
                } else if (off + len <= d.length) {
                    sb.append(TcpdumpVerbose.udpChecksum4(d, off, len, src, dst));
                }
            }
            int ulen = UdpPacket.length(d, off) - 8;
            if (quiet) {
                sb.append("UDP, length ").append(ulen);
            } else if ((sp == 67 || sp == 68 || dp == 67 || dp == 68) && ulen >= 34 && len >= 8 + 34) {
                // print-bootp.c: "BOOTP/DHCP, Request from MAC, length N" or "BOOTP/DHCP, Reply, length N"
                int b = off + 8;
                int op = d[b] & 0xff;
                sb.append("BOOTP/DHCP, ").append(op == 1 ? "Request" : op == 2 ? "Reply" : "op #" + op);
                if (op == 1 && (d[b + 2] & 0xff) == 6) {
                    sb.append(" from ").append(names.mac(Mac.read(d, b + 28)));
                }
                sb.append(", length ").append(ulen);
                if (verbose) {
                    sb.append(TcpdumpBootp.verbose(d, b, Math.min(ulen, len - 8), names, vflag));
                }
            } else if (sp == 53 || dp == 53) {
                sb.append(TcpdumpDns.udp(d, off + 8, Math.min(ulen, d.length - off - 8), vflag));
            } else {
                sb.append("UDP, length ").append(ulen);
            }
        } else if (proto == Ipv4Packet.PROTO_ICMP && firstFrag && len >= 8) {
            icmp(sb, d, src, dst, off, len);
            if (verbose) {
                icmpVerbose(sb, d, off, len, fragmented);
            }
        } else if (proto == OSPF_PROTO && firstFrag && len >= 2) {
            sb.append(names.ip(src)).append(" > ").append(names.ip(dst)).append(": ").append(ospf(d, off, len))
                    .append(verbose ? TcpdumpOspf.verbose(d, off, len, names, vv) : "");
        } else if (!firstFrag) {
            // print-ip.c: a later fragment has no transport header to show; -n names the protocol by number
            sb.append(names.ip(src)).append(" > ").append(names.ip(dst)).append(": ").append(names.protocol(proto));
        } else {
            sb.append(names.ip(src)).append(" > ").append(names.ip(dst)).append(":  ").append(names.protocol(proto)).append(' ').append(len);
        }
        return sb.toString();
    }

    /** OSPF (IP protocol 89) without -v, both versions: {@code OSPFv2, Hello, length 48} (print-ospf.c, print-ospf6.c). */
    private static String ospf(byte[] d, int off, int len) {
        int type = d[off + 1] & 0xff;
        String name = switch (type) {
            case 1 -> "Hello";
            case 2 -> "Database Description";
            case 3 -> "LS-Request";
            case 4 -> "LS-Update";
            case 5 -> "LS-Ack";
            default -> null;
        };
        int version = d[off] & 0xff;
        return "OSPFv" + version + ", " + (name != null ? name
                : version == 3 ? "unknown packet type (" + type + ")" : "unknown LS-type " + type) + ", length " + len;
    }

    /** A TCP segment: {@code src}/{@code dst} key the conversation (addresses), {@code srcShown}/{@code dstShown} are printed. */
    private void tcp(StringBuilder sb, byte[] d, String src, String dst, String srcShown, String dstShown, int off, int len,
                     String checksum) {
        int sp = TcpPacket.srcPort(d, off);
        int dp = TcpPacket.dstPort(d, off);
        int hl = TcpPacket.headerLength(d, off);
        int flags = TcpPacket.flags(d, off);
        long seq = TcpPacket.seq(d, off) & 0xffffffffL;
        long ack = TcpPacket.ack(d, off) & 0xffffffffL;
        int payload = len - hl;
        sb.append(srcShown).append('.').append(names.tcpPort(sp)).append(" > ").append(dstShown).append('.').append(names.tcpPort(dp));
        if (quiet) {
            sb.append(": tcp ").append(Math.max(0, len - hl));
            return;
        }
        sb.append(": Flags [").append(flags(flags)).append(']').append(checksum);
        // print-tcp.c: the first ACK-bearing packet of a connection, and any SYN-ACK, records both
        // sides' numbers (and prints absolute ones); later packets print numbers relative to them
        long mySeqBase = 0;
        long peerBase = 0;
        long sackBase = 0;
        if ((flags & TcpPacket.ACK) != 0 && !absolute) {
            String me = src + "." + sp;
            String them = dst + "." + dp;
            boolean low = me.compareTo(them) < 0;
            String key = low ? me + "-" + them : them + "-" + me;
            Base b = bases.get(key);
            if (b == null || (flags & TcpPacket.SYN) != 0) { // a SYN starts the numbering again (a new conversation)
                long peer = (ack - 1) & 0xffffffffL;
                bases.put(key, low ? new Base(seq, peer) : new Base(peer, seq));
                sackBase = peer; // seq and ack stay absolute on this packet, its SACK blocks do not
            } else {
                mySeqBase = low ? b.seqLow() : b.seqHigh();
                peerBase = low ? b.seqHigh() : b.seqLow();
                sackBase = peerBase;
            }
        }
        long rseq = (seq - mySeqBase) & 0xffffffffL;
        long rack = (ack - peerBase) & 0xffffffffL;
        if (payload > 0) {
            sb.append(", seq ").append(rseq).append(':').append((rseq + payload) & 0xffffffffL);
        } else if (vv || (flags & (TcpPacket.SYN | TcpPacket.FIN | TcpPacket.RST)) != 0) { // -vv: every segment's
            sb.append(", seq ").append(rseq);
        }
        if ((flags & TcpPacket.ACK) != 0) {
            sb.append(", ack ").append(rack);
        }
        sb.append(", win ").append(TcpPacket.window(d, off));
        if ((flags & TcpPacket.URG) != 0) {
            sb.append(", urg ").append(TcpPacket.urgent(d, off));
        }
        if (hl > TcpPacket.MIN_HEADER) {
            String o = options(d, off + TcpPacket.MIN_HEADER, hl - TcpPacket.MIN_HEADER, sackBase);
            sb.append(", options [").append(o);
            if (o.endsWith(CUT_TCP) || o.endsWith(CUT_TCP + ">")) {
                return;
            }
            sb.append(']');
        }
        sb.append(", length ").append(payload);
        if (payload <= 0) {
            return;
        }
        // print-tcp.c's decoders by port, in its order, for the protocols the world speaks
        int at = off + hl;
        int have = Math.max(0, Math.min(payload, d.length - at));
        if (sp == 179 || dp == 179) {
            sb.append(": BGP").append(verbose ? TcpdumpBgp.verbose(d, at, have, names, vv) : "");
        } else if (sp == 6379 || dp == 6379) {
            sb.append(TcpdumpResp.text(d, at, have));
        } else if (http(sp) || http(dp)) {
            if (have < payload && at + have == d.length) { // cut by the snapshot length
                sb.append(": HTTP").append(TcpdumpVerbose.httpCut(d, at, payload, have, verbose));
                return;
            }
            String first = httpLine(d, at, have);
            sb.append(": HTTP").append(verbose && !first.isEmpty() ? TcpdumpVerbose.httpLines(d, at, have) : first);
        } else if (sp == 53 || dp == 53) {
            sb.append(TcpdumpDns.tcp(d, at, have, vflag));
        }
    }

    /** HTTP_PORT and HTTP_PORT_ALT of tcpdump's tcp.h. */
    private static boolean http(int port) {
        return port == 80 || port == 8080;
    }

    /**
     * What follows ": HTTP" (util-print.c's txtproto_print without -v): the segment's first line,
     * when its first word is one of print-http.c's methods or its second word is a three-digit
     * code; a line without its end in the segment is cut with {@code [|http]}; binary data, nothing.
     */
    static boolean isHttp(byte[] d, int off, int len) {
        String[] first = new String[1];
        int idx = token(d, off, 0, len, first);
        boolean print = false;
        if (idx != 0) {
            print = HTTP_METHODS.stream().anyMatch(m -> m.equalsIgnoreCase(first[0]));
            String[] second = new String[1];
            idx = token(d, off, idx, len, second);
            if (idx != 0) {
                String t = second[0];
                print |= t.length() == 3 && Character.isDigit(t.charAt(0)) && Character.isDigit(t.charAt(1))
                        && Character.isDigit(t.charAt(2)) && t.chars().allMatch(c -> c < 128);
            }
        }
        return print;
    }

    static String httpLine(byte[] d, int off, int len) {
        if (!isHttp(d, off, len)) {
            return "";
        }
        for (int i = 0; i < len; i++) {
            int c = d[off + i] & 0xff;
            if (c == '\n' || c == '\r') {
                if (c == '\r' && (i + 1 >= len || d[off + i + 1] != '\n')) {
                    return ""; // a CR alone, or its LF in the next segment: not printed
                }
                return ": " + new String(d, off, i, StandardCharsets.ISO_8859_1);
            }
            if ((c < 0x20 || c > 0x7e) && c != '\t') {
                return "";
            }
        }
        return ": " + new String(d, off, len, StandardCharsets.ISO_8859_1) + " [|http]";
    }

    /** fetch_token: the printable word at {@code idx} into {@code out}, returning where the next begins (0: none). */
    static int token(byte[] d, int off, int idx, int len, String[] out) {
        StringBuilder t = new StringBuilder();
        for (; idx < len; idx++) {
            int c = d[off + idx] & 0xff;
            if (c >= 0x80) {
                return 0;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                break;
            }
            if (c < 0x20 || c > 0x7e || t.length() + 2 > 129) {
                return 0;
            }
            t.append((char) c);
        }
        if (t.length() == 0) {
            return 0;
        }
        out[0] = t.toString();
        for (; idx < len; idx++) {
            int c = d[off + idx] & 0xff;
            if (c == '\r' || c == '\n' || c < 0x20 || c > 0x7e || (c != ' ' && c != '\t')) {
                break;
            }
        }
        return idx;
    }

    /** tcp_flag_values in print-tcp.c, in its order: F S R P . (ACK) U E W. */
    static String flags(int f) {
        StringBuilder b = new StringBuilder();
        if ((f & TcpPacket.FIN) != 0) b.append('F');
        if ((f & TcpPacket.SYN) != 0) b.append('S');
        if ((f & TcpPacket.RST) != 0) b.append('R');
        if ((f & TcpPacket.PSH) != 0) b.append('P');
        if ((f & TcpPacket.ACK) != 0) b.append('.');
        if ((f & TcpPacket.URG) != 0) b.append('U');
        if ((f & TcpPacket.ECE) != 0) b.append('E');
        if ((f & TcpPacket.CWR) != 0) b.append('W');
        return b.length() == 0 ? "none" : b.toString();
    }

    /** The options in wire order: {@code mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7}. */
    private static String options(byte[] d, int off, int len, long sackBase) {
        StringBuilder b = new StringBuilder();
        int i = off;
        int end = off + len;
        while (i < end) {
            if (b.length() > 0) {
                b.append(',');
            }
            // print-tcp.c: a kind or length byte past the capture ends the text (GET_U_1's longjmp);
            // an option's data past it too, with '>' once an option came before (LENCHECK's trunc)
            if (i >= d.length || (d[i] & 0xff) > TcpPacket.OPT_NOP && i + 1 >= d.length) {
                return b.append(CUT_TCP).toString();
            }
            int kind = d[i] & 0xff;
            if (kind == TcpPacket.OPT_EOL) {
                b.append("eol");
                break;
            }
            if (kind == TcpPacket.OPT_NOP) {
                b.append("nop");
                i++;
                continue;
            }
            int olen = i + 1 < end ? d[i + 1] & 0xff : 0;
            if (olen < 2 || i + olen > end) {
                b.append("bad opt");
                break;
            }
            int data = switch (kind) {
                case TcpPacket.OPT_MSS -> 2;
                case TcpPacket.OPT_WSCALE -> 1;
                case TcpPacket.OPT_TIMESTAMP -> 8;
                case TcpPacket.OPT_SACK -> (olen - 2) % 8 == 0 ? Math.min(olen - 2, 4) : 0;
                default -> 0;
            };
            if (i + 2 + data > d.length) {
                String name = switch (kind) {
                    case TcpPacket.OPT_MSS -> "mss";
                    case TcpPacket.OPT_WSCALE -> "wscale";
                    case TcpPacket.OPT_TIMESTAMP -> "TS";
                    default -> "sack " + (olen - 2) / 8 + " ";
                };
                return b.append(name).append(CUT_TCP).append(i > off ? ">" : "").toString();
            }
            switch (kind) {
                case TcpPacket.OPT_MSS -> b.append("mss ").append(u16(d, i + 2));
                case TcpPacket.OPT_WSCALE -> b.append("wscale ").append(d[i + 2] & 0xff);
                case TcpPacket.OPT_SACK_PERMITTED -> b.append("sackOK");
                case TcpPacket.OPT_TIMESTAMP -> b.append("TS val ").append(u32(d, i + 2)).append(" ecr ").append(u32(d, i + 6));
                case TcpPacket.OPT_SACK -> {
                    b.append("sack ").append((olen - 2) / 8).append(' ');
                    for (int k = i + 2; k + 8 <= i + olen; k += 8) {
                        b.append('{').append((u32(d, k) - sackBase) & 0xffffffffL).append(':')
                                .append((u32(d, k + 4) - sackBase) & 0xffffffffL).append('}');
                    }
                }
                default -> b.append("unknown-").append(kind);
            }
            i += olen;
        }
        return b.toString();
    }

    /** What print-tcp.c prints where the capture ends (nd_print_trunc with ndo_protocol "tcp"). */
    static final String CUT_TCP = " [|tcp]";

    private static int u16(byte[] d, int i) {
        return ((d[i] & 0xff) << 8) | (d[i + 1] & 0xff);
    }

    private static long u32(byte[] d, int i) {
        return ((long) u16(d, i) << 16) | u16(d, i + 2);
    }

    /**
     * What -v adds to an ICMP message (print-icmp.c): a wrong checksum, and for an error the
     * datagram it quotes, printed as a packet of its own on the next line.
     */
    private void icmpVerbose(StringBuilder sb, byte[] d, int off, int len, boolean fragmented) {
        if (!fragmented && off + len <= d.length && dev.minternet.wire.Checksum.finish(dev.minternet.wire.Checksum.sum(d, off, len, 0)) != 0) {
            byte[] c = Arrays.copyOfRange(d, off, off + len);
            c[2] = 0;
            c[3] = 0;
            sb.append(" (wrong icmp cksum ").append(Integer.toHexString(u16(d, off + 2))).append(" (->")
                    .append(Integer.toHexString(dev.minternet.wire.Checksum.compute(c, 0, c.length))).append(")!)");
        }
        int type = IcmpPacket.type(d, off);
        int q = off + 8;
        if ((type == 3 || type == 4 || type == 5 || type == 11 || type == 12) && q + 20 <= d.length) {
            int qlen = Ipv4Packet.totalLength(d, q);
            String inner;
            try {
                inner = packet(Arrays.copyOfRange(d, q, Math.min(d.length, q + Math.max(qlen, 20))), true);
            } catch (RuntimeException e) { // a quote too short for its transport header
                inner = "IP [|ip]";
            }
            sb.append("\n\t").append(inner);
        }
    }

    /**
     * The ICMP bytes print-icmp.c reads to make its text ({@code have} of them captured): type and
     * code, an echo's identifier and sequence, an error's quoted destination (and, for a port
     * unreachable, the quoted transport header's destination port).
     */
    private static int icmpNeeds(byte[] d, int off, int have) {
        if (have < 2) {
            return 2;
        }
        int type = d[off] & 0xff;
        return switch (type) {
            case IcmpPacket.ECHO_REQUEST, IcmpPacket.ECHO_REPLY -> 8;
            case IcmpPacket.TIME_EXCEEDED -> 28;
            case IcmpPacket.DEST_UNREACHABLE -> (d[off + 1] & 0xff) != IcmpPacket.CODE_PORT_UNREACHABLE ? 28
                    : have < 18 ? 18 : Math.max(28, 8 + (d[off + 8] & 0xf) * 4 + 4);
            default -> 2;
        };
    }

    private void icmp(StringBuilder sb, byte[] d, int src, int dst, int off, int len) {
        sb.append(names.ip(src)).append(" > ").append(names.ip(dst)).append(": ICMP ");
        int type = IcmpPacket.type(d, off);
        int code = IcmpPacket.code(d, off);
        switch (type) {
            case IcmpPacket.ECHO_REQUEST, IcmpPacket.ECHO_REPLY -> sb.append(type == 8 ? "echo request" : "echo reply")
                    .append(", id ").append(IcmpPacket.identifier(d, off)).append(", seq ")
                    .append(IcmpPacket.sequence(d, off));
            case IcmpPacket.TIME_EXCEEDED -> sb.append(code == 0 ? "time exceeded in-transit" : "ip reassembly time exceeded");
            case IcmpPacket.DEST_UNREACHABLE -> {
                int q = off + 8;
                if (len >= 8 + 20 + 8 && code == IcmpPacket.CODE_PORT_UNREACHABLE) {
                    int qhl = (d[q] & 0xf) * 4;
                    int qp = Ipv4Packet.protocol(d, q);
                    int dport = UdpPacket.dstPort(d, q + qhl);
                    sb.append(names.ip(Ipv4Packet.dst(d, q))).append(qp == 6 ? " tcp port " + names.tcpPort(dport) : qp == 17
                            ? " udp port " + names.udpPort(dport) : " protocol " + qp + " port " + dport).append(" unreachable");
                } else if (code == IcmpPacket.CODE_FRAGMENTATION_NEEDED) {
                    // the quote may be cut short: read its destination as zero-padded
                    sb.append(names.ip(Ipv4Packet.dst(Arrays.copyOfRange(d, q, q + 20), 0)))
                            .append(" unreachable - need to frag")
                            .append(IcmpPacket.nextHopMtu(d, off) != 0 ? " (mtu " + IcmpPacket.nextHopMtu(d, off) + ")" : "");
                } else {
                    String at = names.ip(Ipv4Packet.dst(Arrays.copyOfRange(d, q, q + 20), 0));
                    sb.append(switch (code) {
                        case 0 -> "net " + at + " unreachable";
                        case 1 -> "host " + at + " unreachable";
                        case 2 -> at + " protocol " + (len >= 8 + 10 ? d[q + 9] & 0xff : 0) + " unreachable";
                        case 5 -> at + " unreachable - source route failed";
                        case 6 -> "net " + at + " unreachable - unknown";
                        case 7 -> "host " + at + " unreachable - unknown";
                        case 8 -> at + " unreachable - source host isolated";
                        case 9 -> "net " + at + " unreachable - admin prohibited";
                        case 10 -> "host " + at + " unreachable - admin prohibited";
                        case 11 -> "net " + at + " unreachable - tos prohibited";
                        case 12 -> "host " + at + " unreachable - tos prohibited";
                        case 13 -> "host " + at + " unreachable - admin prohibited filter";
                        case 14 -> "host " + at + " unreachable - host precedence violation";
                        case 15 -> "host " + at + " unreachable - precedence cutoff";
                        default -> at + " unreachable - #" + code;
                    });
                }
            }
            default -> sb.append("type-#").append(type);
        }
        sb.append(", length ").append(len);
    }
}
