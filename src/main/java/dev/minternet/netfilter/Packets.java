package dev.minternet.netfilter;

import dev.minternet.wire.Checksum;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ipv4Packet;

/**
 * Byte-level reads and rewrites of the fields NAT and conntrack care about, in an IPv4 datagram
 * that starts at offset {@code ip} of a buffer (0 for a datagram, the quote's offset for the
 * datagram an ICMP error carries). TCP is handled at the byte level (ports at L4 offsets 0 and 2,
 * checksum at 16, flags at 13) so that this package needs no TCP implementation.
 *
 * <p>Every rewrite patches the checksums it affects incrementally (RFC 1624 equation 3): the IPv4
 * header checksum for an address, the TCP or UDP checksum for an address (through the pseudo-header)
 * or a port, the ICMP checksum for an echo identifier. A checksum field that lies beyond the bytes
 * present (the 8 bytes of transport header an ICMP error quotes) is left alone, as is a UDP
 * checksum of zero, which means "none" (RFC 768).
 */
public final class Packets {
    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;
    /** A TCP header without options. */
    public static final int TCP_MIN_HEADER = 20;
    static final int TCP_CHECKSUM = 16;
    static final int TCP_FLAGS = 13;
    static final int UDP_CHECKSUM = 6;

    private Packets() {
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static int u32(byte[] b, int i) {
        return (u16(b, i) << 16) | u16(b, i + 2);
    }

    static void put32(byte[] b, int i, int v) {
        put16(b, i, v >>> 16);
        put16(b, i + 2, v);
    }

    static int headerLength(byte[] b, int ip) {
        return (b[ip] & 0xf) * 4;
    }

    static int protocol(byte[] b, int ip) {
        return b[ip + 9] & 0xff;
    }

    static int src(byte[] b, int ip) {
        return u32(b, ip + 12);
    }

    static int dst(byte[] b, int ip) {
        return u32(b, ip + 16);
    }

    /** Fragment offset field (in 8-byte units); non-zero means the transport header is elsewhere. */
    static int fragmentOffset(byte[] b, int ip) {
        return u16(b, ip + 6) & 0x1fff;
    }

    /** True when {@code d} is an ICMP error (destination unreachable, time exceeded) quoting a header. */
    public static boolean isIcmpError(byte[] d) {
        if (Ipv4Packet.protocol(d) != Ipv4Packet.PROTO_ICMP || Ipv4Packet.fragmentOffset(d) != 0) {
            return false;
        }
        int l4 = Ipv4Packet.headerLength(d);
        if (d.length < l4 + IcmpPacket.HEADER + Ipv4Packet.MIN_HEADER) {
            return false;
        }
        int type = d[l4] & 0xff;
        return type == IcmpPacket.DEST_UNREACHABLE || type == IcmpPacket.TIME_EXCEEDED;
    }

    /** Offset of the datagram an ICMP error quotes. */
    public static int quoteOffset(byte[] d) {
        return Ipv4Packet.headerLength(d) + IcmpPacket.HEADER;
    }

    /** TCP flags of the segment in {@code d}, or -1 if the datagram holds no complete TCP header start. */
    public static int tcpFlags(byte[] d) {
        int l4 = Ipv4Packet.headerLength(d);
        if (Ipv4Packet.protocol(d) != Ipv4Packet.PROTO_TCP || Ipv4Packet.fragmentOffset(d) != 0
                || d.length < l4 + TCP_MIN_HEADER) {
            return -1;
        }
        return d[l4 + TCP_FLAGS] & 0xff;
    }

    /**
     * The conntrack tuple of the datagram at {@code ip}, {@code end} being where its bytes stop;
     * null when it has none: a non-initial fragment, a transport header too short to hold the
     * ports, or an ICMP message that is neither an echo nor an echo reply. Protocols other than
     * TCP, UDP and ICMP are tracked by addresses alone (ports 0), as Linux's generic tracker does.
     */
    public static Tuple tuple(byte[] b, int ip, int end) {
        if (end - ip < Ipv4Packet.MIN_HEADER || fragmentOffset(b, ip) != 0) {
            return null;
        }
        int l4 = ip + headerLength(b, ip);
        int proto = protocol(b, ip);
        int s = src(b, ip);
        int t = dst(b, ip);
        switch (proto) {
            case Ipv4Packet.PROTO_TCP, Ipv4Packet.PROTO_UDP -> {
                if (end - l4 < 4) {
                    return null;
                }
                return new Tuple(proto, s, u16(b, l4), t, u16(b, l4 + 2));
            }
            case Ipv4Packet.PROTO_ICMP -> {
                if (end - l4 < IcmpPacket.HEADER) {
                    return null;
                }
                int type = b[l4] & 0xff;
                int id = u16(b, l4 + 4);
                if (type == IcmpPacket.ECHO_REQUEST) {
                    return new Tuple(proto, s, id, t, 0);
                }
                if (type == IcmpPacket.ECHO_REPLY) {
                    return new Tuple(proto, s, 0, t, id);
                }
                return null;
            }
            default -> {
                return new Tuple(proto, s, 0, t, 0);
            }
        }
    }

    public static Tuple tuple(byte[] d) {
        return tuple(d, 0, d.length);
    }

    /** Rewrites the source address of the datagram at {@code ip}, patching the checksums it covers. */
    public static void setSrc(byte[] b, int ip, int end, int addr) {
        setAddress(b, ip, end, ip + 12, addr);
    }

    public static void setDst(byte[] b, int ip, int end, int addr) {
        setAddress(b, ip, end, ip + 16, addr);
    }

    private static void setAddress(byte[] b, int ip, int end, int field, int addr) {
        int old = u32(b, field);
        if (old == addr) {
            return;
        }
        put32(b, field, addr);
        int c = u16(b, ip + 10);
        c = Checksum.update(c, old >>> 16, addr >>> 16);
        c = Checksum.update(c, old & 0xffff, addr & 0xffff);
        put16(b, ip + 10, c);
        // The TCP and UDP checksums cover the addresses through the pseudo-header (RFC 768, RFC 9293 3.1);
        // a non-initial fragment carries no transport header to patch.
        if (fragmentOffset(b, ip) == 0) {
            int ck = transportChecksumOffset(b, ip, end);
            if (ck >= 0) {
                patchTransport(b, ip, ck, old >>> 16, addr >>> 16);
                patchTransport(b, ip, ck, old & 0xffff, addr & 0xffff);
            }
        }
    }

    /** Rewrites the source port (TCP, UDP) or an echo request's identifier. */
    public static void setSrcPort(byte[] b, int ip, int end, int port) {
        int l4 = ip + headerLength(b, ip);
        int proto = protocol(b, ip);
        if (proto == Ipv4Packet.PROTO_ICMP) {
            if (fragmentOffset(b, ip) == 0 && end - l4 >= IcmpPacket.HEADER && (b[l4] & 0xff) == IcmpPacket.ECHO_REQUEST) {
                setIcmpIdentifier(b, l4, port);
            }
        } else if ((proto == Ipv4Packet.PROTO_TCP || proto == Ipv4Packet.PROTO_UDP) && end - l4 >= 4) {
            setPort(b, ip, end, l4, port);
        }
    }

    /** Rewrites the destination port (TCP, UDP) or an echo reply's identifier. */
    public static void setDstPort(byte[] b, int ip, int end, int port) {
        int l4 = ip + headerLength(b, ip);
        int proto = protocol(b, ip);
        if (proto == Ipv4Packet.PROTO_ICMP) {
            if (fragmentOffset(b, ip) == 0 && end - l4 >= IcmpPacket.HEADER && (b[l4] & 0xff) == IcmpPacket.ECHO_REPLY) {
                setIcmpIdentifier(b, l4, port);
            }
        } else if ((proto == Ipv4Packet.PROTO_TCP || proto == Ipv4Packet.PROTO_UDP) && end - l4 >= 4) {
            setPort(b, ip, end, l4 + 2, port);
        }
    }

    private static void setPort(byte[] b, int ip, int end, int field, int port) {
        if (fragmentOffset(b, ip) != 0) {
            return; // a non-initial fragment carries payload where the ports would be
        }
        int old = u16(b, field);
        if (old == port) {
            return;
        }
        put16(b, field, port);
        int ck = transportChecksumOffset(b, ip, end);
        if (ck >= 0) {
            patchTransport(b, ip, ck, old, port);
        }
    }

    private static void setIcmpIdentifier(byte[] b, int l4, int id) {
        int old = u16(b, l4 + 4);
        if (old == id) {
            return;
        }
        put16(b, l4 + 4, id);
        put16(b, l4 + 2, Checksum.update(u16(b, l4 + 2), old, id));
    }

    /** Offset of the TCP or UDP checksum field if it lies within the bytes present, else -1. */
    private static int transportChecksumOffset(byte[] b, int ip, int end) {
        int l4 = ip + headerLength(b, ip);
        int proto = protocol(b, ip);
        int off = proto == Ipv4Packet.PROTO_TCP ? l4 + TCP_CHECKSUM
                : proto == Ipv4Packet.PROTO_UDP ? l4 + UDP_CHECKSUM : -1;
        return off >= 0 && off + 2 <= end ? off : -1;
    }

    private static void patchTransport(byte[] b, int ip, int ck, int oldWord, int newWord) {
        int c = u16(b, ck);
        boolean udp = protocol(b, ip) == Ipv4Packet.PROTO_UDP;
        if (udp && c == 0) {
            return; // a UDP datagram sent without a checksum (RFC 768)
        }
        c = Checksum.update(c, oldWord, newWord);
        put16(b, ck, udp && c == 0 ? 0xffff : c);
    }

    /** Recomputes the ICMP checksum of the ICMP message in {@code d} (after editing its quote). */
    public static void fillIcmpChecksum(byte[] d) {
        int l4 = Ipv4Packet.headerLength(d);
        put16(d, l4 + 2, 0);
        put16(d, l4 + 2, Checksum.compute(d, l4, d.length - l4));
    }
}
