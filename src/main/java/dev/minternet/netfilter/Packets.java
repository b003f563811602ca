package dev.minternet.netfilter;

import static dev.minternet.wire.BigEndian.put16;
import static dev.minternet.wire.BigEndian.put32;
import static dev.minternet.wire.BigEndian.u16;
import static dev.minternet.wire.BigEndian.u32;

import dev.minternet.wire.Checksum;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ipv4Packet;

/**
 * The rewrites NAT makes, in place, in an IPv4 datagram that starts at offset {@code ip} of a
 * buffer whose bytes stop at {@code end} (offset 0 for a datagram, the quote's offset for the
 * datagram an ICMP error carries): addresses, ports and echo identifiers, and the ICMP error
 * around a quote.
 *
 * <p>Every rewrite patches the checksums it affects incrementally (RFC 1624 equation 3): the IPv4
 * header checksum for an address, the TCP or UDP checksum for an address (through the pseudo-header)
 * or a port, the ICMP checksum for an echo identifier. A checksum field that lies beyond the bytes
 * present (the 8 bytes of transport header an ICMP error quotes) is left alone, as is a UDP
 * checksum of zero, which means "none" (RFC 768).
 */
final class Packets {
    /** Where the checksum sits in a TCP header (RFC 9293 3.1) and in a UDP header (RFC 768). */
    private static final int TCP_CHECKSUM = 16;
    private static final int UDP_CHECKSUM = 6;

    private Packets() {
    }

    /** True when {@code d} is an ICMP error (destination unreachable, time exceeded) quoting a header. */
    static boolean isIcmpError(byte[] d) {
        if (Ipv4Packet.protocol(d, 0) != Ipv4Packet.PROTO_ICMP || Ipv4Packet.fragmentOffset(d, 0) != 0) {
            return false;
        }
        int l4 = Ipv4Packet.headerLength(d, 0);
        if (d.length < l4 + IcmpPacket.HEADER + Ipv4Packet.MIN_HEADER) {
            return false;
        }
        int type = IcmpPacket.type(d, l4);
        return type == IcmpPacket.DEST_UNREACHABLE || type == IcmpPacket.TIME_EXCEEDED;
    }

    /** Offset of the datagram an ICMP error quotes. */
    static int quoteOffset(byte[] d) {
        return Ipv4Packet.headerLength(d, 0) + IcmpPacket.HEADER;
    }

    /** Rewrites the source address of the datagram at {@code ip}, patching the checksums it covers. */
    static void setSrc(byte[] b, int ip, int end, int addr) {
        setAddress(b, ip, end, ip + 12, addr);
    }

    static void setDst(byte[] b, int ip, int end, int addr) {
        setAddress(b, ip, end, ip + 16, addr);
    }

    private static void setAddress(byte[] b, int ip, int end, int field, int addr) {
        int old = u32(b, field);
        if (old == addr) {
            return;
        }
        put32(b, field, addr);
        int c = Ipv4Packet.checksum(b, ip);
        c = Checksum.update(c, old >>> 16, addr >>> 16);
        c = Checksum.update(c, old & 0xffff, addr & 0xffff);
        put16(b, ip + 10, c);
        // The TCP and UDP checksums cover the addresses through the pseudo-header (RFC 768, RFC 9293 3.1);
        // a non-initial fragment carries no transport header to patch.
        if (Ipv4Packet.fragmentOffset(b, ip) == 0) {
            int ck = transportChecksumOffset(b, ip, end);
            if (ck >= 0) {
                patchTransport(b, ip, ck, old >>> 16, addr >>> 16);
                patchTransport(b, ip, ck, old & 0xffff, addr & 0xffff);
            }
        }
    }

    /** Rewrites the source port (TCP, UDP) or an echo request's identifier. */
    static void setSrcPort(byte[] b, int ip, int end, int port) {
        int l4 = Ipv4Packet.payloadOffset(b, ip);
        int proto = Ipv4Packet.protocol(b, ip);
        if (proto == Ipv4Packet.PROTO_ICMP) {
            if (Ipv4Packet.fragmentOffset(b, ip) == 0 && end - l4 >= IcmpPacket.HEADER
                    && IcmpPacket.type(b, l4) == IcmpPacket.ECHO_REQUEST) {
                setIcmpIdentifier(b, l4, port);
            }
        } else if ((proto == Ipv4Packet.PROTO_TCP || proto == Ipv4Packet.PROTO_UDP) && end - l4 >= 4) {
            setPort(b, ip, end, l4, port); // the source port leads both headers
        }
    }

    /** Rewrites the destination port (TCP, UDP) or an echo reply's identifier. */
    static void setDstPort(byte[] b, int ip, int end, int port) {
        int l4 = Ipv4Packet.payloadOffset(b, ip);
        int proto = Ipv4Packet.protocol(b, ip);
        if (proto == Ipv4Packet.PROTO_ICMP) {
            if (Ipv4Packet.fragmentOffset(b, ip) == 0 && end - l4 >= IcmpPacket.HEADER
                    && IcmpPacket.type(b, l4) == IcmpPacket.ECHO_REPLY) {
                setIcmpIdentifier(b, l4, port);
            }
        } else if ((proto == Ipv4Packet.PROTO_TCP || proto == Ipv4Packet.PROTO_UDP) && end - l4 >= 4) {
            setPort(b, ip, end, l4 + 2, port);
        }
    }

    private static void setPort(byte[] b, int ip, int end, int field, int port) {
        if (Ipv4Packet.fragmentOffset(b, ip) != 0) {
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
        int old = IcmpPacket.identifier(b, l4);
        if (old == id) {
            return;
        }
        put16(b, l4 + 4, id);
        put16(b, l4 + 2, Checksum.update(u16(b, l4 + 2), old, id));
    }

    /** Offset of the TCP or UDP checksum field if it lies within the bytes present, else -1. */
    private static int transportChecksumOffset(byte[] b, int ip, int end) {
        int l4 = Ipv4Packet.payloadOffset(b, ip);
        int proto = Ipv4Packet.protocol(b, ip);
        int off = proto == Ipv4Packet.PROTO_TCP ? l4 + TCP_CHECKSUM
                : proto == Ipv4Packet.PROTO_UDP ? l4 + UDP_CHECKSUM : -1;
        return off >= 0 && off + 2 <= end ? off : -1;
    }

    private static void patchTransport(byte[] b, int ip, int ck, int oldWord, int newWord) {
        int c = u16(b, ck);
        boolean udp = Ipv4Packet.protocol(b, ip) == Ipv4Packet.PROTO_UDP;
        if (udp && c == 0) {
            return; // a UDP datagram sent without a checksum (RFC 768)
        }
        c = Checksum.update(c, oldWord, newWord);
        put16(b, ck, udp && c == 0 ? 0xffff : c);
    }

    /** Recomputes the ICMP checksum of the ICMP message in {@code d} (after editing its quote). */
    static void fillIcmpChecksum(byte[] d) {
        int l4 = Ipv4Packet.headerLength(d, 0);
        IcmpPacket.fillChecksum(d, l4, d.length - l4);
    }
}
