package dev.minternet.wire;

import static dev.minternet.wire.BigEndian.put16;
import static dev.minternet.wire.BigEndian.put32;
import static dev.minternet.wire.BigEndian.u16;
import static dev.minternet.wire.BigEndian.u32;
import static dev.minternet.wire.BigEndian.u8;

import java.util.ArrayList;
import java.util.List;

/**
 * ICMPv6 (RFC 4443) and Neighbor Discovery (RFC 4861) messages: builders for what a node sends and
 * readers for what it receives, over the message's bytes at offset {@code off}. The checksum covers
 * the IPv6 pseudo-header (RFC 4443 2.3). NDP options are read in the TLV form of RFC 4861 4.6
 * (type, length in units of 8 bytes); a zero length makes the message invalid (4.6, 7.1.1).
 */
public final class Icmpv6Packet {
    public static final int HEADER = 8;
    public static final int DEST_UNREACHABLE = 1;
    public static final int PACKET_TOO_BIG = 2;
    public static final int TIME_EXCEEDED = 3;
    public static final int PARAMETER_PROBLEM = 4;
    public static final int ECHO_REQUEST = 128;
    public static final int ECHO_REPLY = 129;
    public static final int ROUTER_SOLICITATION = 133;
    public static final int ROUTER_ADVERTISEMENT = 134;
    public static final int NEIGHBOR_SOLICITATION = 135;
    public static final int NEIGHBOR_ADVERTISEMENT = 136;

    public static final int CODE_NO_ROUTE = 0;
    public static final int CODE_ADMIN_PROHIBITED = 1;
    public static final int CODE_ADDRESS_UNREACHABLE = 3;
    public static final int CODE_PORT_UNREACHABLE = 4;
    public static final int CODE_HOP_LIMIT = 0;
    /** Time exceeded code 1: fragment reassembly time exceeded (RFC 4443 3.3). */
    public static final int CODE_REASSEMBLY_TIME = 1;

    public static final int OPT_SOURCE_LL = 1;
    public static final int OPT_TARGET_LL = 2;
    public static final int OPT_PREFIX_INFO = 3;
    public static final int OPT_MTU = 5;

    /** NA flags (RFC 4861 4.4). */
    public static final int NA_ROUTER = 0x80;
    public static final int NA_SOLICITED = 0x40;
    public static final int NA_OVERRIDE = 0x20;
    /** Prefix information flags (RFC 4861 4.6.2): on-link, autonomous address configuration. */
    public static final int PREFIX_ON_LINK = 0x80;
    public static final int PREFIX_AUTONOMOUS = 0x40;

    /** An ICMPv6 error carries as much of the invoking packet as fits in the minimum MTU (RFC 4443 2.4 c). */
    public static final int MAX_ERROR = Ipv6Packet.MIN_MTU - Ipv6Packet.HEADER;

    private Icmpv6Packet() {
    }

    public static int type(byte[] b, int off) {
        return u8(b, off);
    }

    public static int code(byte[] b, int off) {
        return u8(b, off + 1);
    }

    public static int checksum(byte[] b, int off) {
        return u16(b, off + 2);
    }

    public static int identifier(byte[] b, int off) {
        return u16(b, off + 4);
    }

    public static int sequence(byte[] b, int off) {
        return u16(b, off + 6);
    }

    /** The 32-bit word after the checksum: a Packet Too Big's MTU, a Parameter Problem's pointer. */
    public static long word(byte[] b, int off) {
        return u32(b, off + 4) & 0xffff_ffffL;
    }

    /** Fills the checksum of the {@code len}-byte message at {@code off} sent from {@code src} to {@code dst}. */
    public static void fillChecksum(byte[] b, int off, int len, Ip6 src, Ip6 dst) {
        put16(b, off + 2, 0);
        long s = Ipv6Packet.pseudoHeader(src, dst, len, Ipv6Packet.NEXT_ICMPV6);
        put16(b, off + 2, Checksum.finish(Checksum.sum(b, off, len, s)));
    }

    /** Whether the checksum of the message at {@code off} verifies. */
    public static boolean checksumOk(byte[] b, int off, int len, Ip6 src, Ip6 dst) {
        long s = Ipv6Packet.pseudoHeader(src, dst, len, Ipv6Packet.NEXT_ICMPV6);
        return Checksum.finish(Checksum.sum(b, off, len, s)) == 0;
    }

    /** A whole datagram: IPv6 header plus {@code msg}, its checksum filled. */
    public static byte[] datagram(Ip6 src, Ip6 dst, int hopLimit, byte[] msg) {
        byte[] d = Ipv6Packet.build(src, dst, Ipv6Packet.NEXT_ICMPV6, hopLimit, msg);
        fillChecksum(d, Ipv6Packet.HEADER, msg.length, src, dst);
        return d;
    }

    /** An echo request or reply (RFC 4443 4.1, 4.2), checksum left to {@link #datagram}. */
    public static byte[] echo(int type, int id, int seq, byte[] data) {
        byte[] m = new byte[HEADER + data.length];
        m[0] = (byte) type;
        put16(m, 4, id);
        put16(m, 6, seq);
        System.arraycopy(data, 0, m, HEADER, data.length);
        return m;
    }

    /**
     * An error message (RFC 4443 3): {@code word} is the MTU of a Packet Too Big, else 0; as much
     * of {@code invoking} as keeps the error within 1280 bytes.
     */
    public static byte[] error(int type, int code, long word, byte[] invoking, int len) {
        int quoted = Math.min(len, MAX_ERROR - HEADER);
        byte[] m = new byte[HEADER + quoted];
        m[0] = (byte) type;
        m[1] = (byte) code;
        put32(m, 4, (int) word);
        System.arraycopy(invoking, 0, m, HEADER, quoted);
        return m;
    }

    /** A link-layer address option (RFC 4861 4.6.1), 8 bytes for Ethernet. */
    private static void llOption(byte[] m, int at, int type, long mac) {
        m[at] = (byte) type;
        m[at + 1] = 1;
        Mac.write(m, at + 2, mac);
    }

    /** A Router Solicitation (RFC 4861 4.1), with a source link-layer option unless {@code mac} is 0. */
    public static byte[] routerSolicitation(long mac) {
        byte[] m = new byte[HEADER + (mac != 0 ? 8 : 0)];
        m[0] = (byte) ROUTER_SOLICITATION;
        if (mac != 0) {
            llOption(m, HEADER, OPT_SOURCE_LL, mac);
        }
        return m;
    }

    /** A prefix a Router Advertisement carries (RFC 4861 4.6.2); lifetimes in seconds. */
    public record PrefixInfo(Ip6 prefix, int length, int flags, long validLifetime, long preferredLifetime) {
        public boolean onLink() {
            return (flags & PREFIX_ON_LINK) != 0;
        }

        public boolean autonomous() {
            return (flags & PREFIX_AUTONOMOUS) != 0;
        }
    }

    /**
     * A Router Advertisement (RFC 4861 4.2): cur hop limit, M and O flags 0, router lifetime (s),
     * reachable time and retrans timer (ms, 0 = unspecified), then the source link-layer, MTU
     * (when {@code mtu} > 0) and prefix information options.
     */
    public static byte[] routerAdvertisement(int curHopLimit, int routerLifetime, long reachableMs, long retransMs,
                                             long mac, int mtu, List<PrefixInfo> prefixes) {
        int len = 16 + 8 + (mtu > 0 ? 8 : 0) + 32 * prefixes.size();
        byte[] m = new byte[len];
        m[0] = (byte) ROUTER_ADVERTISEMENT;
        m[4] = (byte) curHopLimit;
        m[5] = 0;
        put16(m, 6, routerLifetime);
        put32(m, 8, (int) reachableMs);
        put32(m, 12, (int) retransMs);
        int at = 16;
        llOption(m, at, OPT_SOURCE_LL, mac);
        at += 8;
        if (mtu > 0) {
            m[at] = (byte) OPT_MTU;
            m[at + 1] = 1;
            put32(m, at + 4, mtu);
            at += 8;
        }
        for (PrefixInfo p : prefixes) {
            m[at] = (byte) OPT_PREFIX_INFO;
            m[at + 1] = 4;
            m[at + 2] = (byte) p.length();
            m[at + 3] = (byte) p.flags();
            put32(m, at + 4, (int) p.validLifetime());
            put32(m, at + 8, (int) p.preferredLifetime());
            p.prefix().network(p.length()).write(m, at + 16);
            at += 32;
        }
        return m;
    }

    /** A Neighbor Solicitation for {@code target} (RFC 4861 4.3), with a source link-layer option unless {@code mac} is 0 (DAD). */
    public static byte[] neighborSolicitation(Ip6 target, long mac) {
        byte[] m = new byte[HEADER + 16 + (mac != 0 ? 8 : 0)];
        m[0] = (byte) NEIGHBOR_SOLICITATION;
        target.write(m, 8);
        if (mac != 0) {
            llOption(m, 24, OPT_SOURCE_LL, mac);
        }
        return m;
    }

    /** A Neighbor Advertisement (RFC 4861 4.4) for {@code target} with flags R/S/O and a target link-layer option. */
    public static byte[] neighborAdvertisement(int flags, Ip6 target, long mac) {
        byte[] m = new byte[HEADER + 16 + 8];
        m[0] = (byte) NEIGHBOR_ADVERTISEMENT;
        m[4] = (byte) flags;
        target.write(m, 8);
        llOption(m, 24, OPT_TARGET_LL, mac);
        return m;
    }

    /** NS and NA: the target address. */
    public static Ip6 target(byte[] b, int off) {
        return Ip6.read(b, off + 8);
    }

    /** NA: the R, S and O flags. */
    public static int naFlags(byte[] b, int off) {
        return u8(b, off + 4) & 0xe0;
    }

    /** RA: cur hop limit, router lifetime (s). */
    public static int raCurHopLimit(byte[] b, int off) {
        return u8(b, off + 4);
    }

    public static int raRouterLifetime(byte[] b, int off) {
        return u16(b, off + 6);
    }

    /** Where an NDP message's options start: after the fixed part of its type. */
    public static int optionsStart(int type) {
        return switch (type) {
            case ROUTER_SOLICITATION -> 8;
            case ROUTER_ADVERTISEMENT -> 16;
            case NEIGHBOR_SOLICITATION, NEIGHBOR_ADVERTISEMENT -> 24;
            default -> -1;
        };
    }

    /** Whether the options of the NDP message at {@code off} are well formed (no zero length, none past the end). */
    public static boolean optionsOk(byte[] b, int off, int len) {
        int start = optionsStart(type(b, off));
        if (start < 0 || len < start) {
            return false;
        }
        int at = start;
        while (at < len) {
            if (at + 2 > len) {
                return false;
            }
            int olen = u8(b, off + at + 1) * 8;
            if (olen == 0 || at + olen > len) {
                return false;
            }
            at += olen;
        }
        return true;
    }

    /** The link-layer address in option {@code optType} (source or target), or 0 when absent. */
    public static long linkLayerOption(byte[] b, int off, int len, int optType) {
        int at = optionsStart(type(b, off));
        while (at >= 0 && at + 8 <= len) {
            int olen = u8(b, off + at + 1) * 8;
            if (olen == 0) {
                return 0;
            }
            if (u8(b, off + at) == optType) {
                return Mac.read(b, off + at + 2);
            }
            at += olen;
        }
        return 0;
    }

    /** The MTU option's value, or 0 when absent. */
    public static int mtuOption(byte[] b, int off, int len) {
        int at = optionsStart(type(b, off));
        while (at >= 0 && at + 8 <= len) {
            int olen = u8(b, off + at + 1) * 8;
            if (olen == 0) {
                return 0;
            }
            if (u8(b, off + at) == OPT_MTU) {
                return u32(b, off + at + 4);
            }
            at += olen;
        }
        return 0;
    }

    /** The prefix information options of a Router Advertisement. */
    public static List<PrefixInfo> prefixes(byte[] b, int off, int len) {
        List<PrefixInfo> out = new ArrayList<>();
        int at = optionsStart(type(b, off));
        while (at >= 0 && at + 8 <= len) {
            int olen = u8(b, off + at + 1) * 8;
            if (olen == 0) {
                break;
            }
            if (u8(b, off + at) == OPT_PREFIX_INFO && olen == 32 && at + 32 <= len) {
                int p = off + at;
                out.add(new PrefixInfo(Ip6.read(b, p + 16), u8(b, p + 2), u8(b, p + 3) & 0xc0,
                        u32(b, p + 4) & 0xffff_ffffL, u32(b, p + 8) & 0xffff_ffffL));
            }
            at += olen;
        }
        return out;
    }

    /** tcpdump's words for a type (its icmp6 printer's names). */
    public static String describe(int type) {
        return switch (type) {
            case DEST_UNREACHABLE -> "destination unreachable";
            case PACKET_TOO_BIG -> "packet too big";
            case TIME_EXCEEDED -> "time exceeded in-transit";
            case PARAMETER_PROBLEM -> "parameter problem";
            case ECHO_REQUEST -> "echo request";
            case ECHO_REPLY -> "echo reply";
            case ROUTER_SOLICITATION -> "router solicitation";
            case ROUTER_ADVERTISEMENT -> "router advertisement";
            case NEIGHBOR_SOLICITATION -> "neighbor solicitation";
            case NEIGHBOR_ADVERTISEMENT -> "neighbor advertisement";
            default -> "type-#" + type;
        };
    }
}
