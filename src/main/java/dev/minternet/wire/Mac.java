package dev.minternet.wire;

import java.util.SplittableRandom;

/**
 * 48-bit IEEE 802 MAC addresses held in the low bits of a {@code long}: their text form
 * ({@code 02:5e:10:00:00:01}, lower case as iproute2 prints them), reading and writing, and the
 * locally administered unicast addresses Minternet derives from the seed.
 */
public final class Mac {
    private Mac() {
    }

    public static final long BROADCAST = 0xffff_ffff_ffffL;

    /** The Ethernet address of IPv4 multicast group {@code group} (RFC 1112 6.4: 01:00:5e + its low 23 bits). */
    public static long ipv4Multicast(int group) {
        return 0x0100_5e00_0000L | (group & 0x7f_ffff);
    }

    /** Whether {@code mac} is an IPv4 multicast address (01:00:5e:00:00:00 to 01:00:5e:7f:ff:ff). */
    public static boolean isIpv4Multicast(long mac) {
        return (mac & 0xffff_ff80_0000L) == 0x0100_5e00_0000L;
    }
    /** The bridge group address (IEEE 802.1D): spanning-tree BPDUs go there and are never forwarded. */
    public static final long STP_GROUP = 0x0180_c200_0000L;

    /** Whether the group bit (the I/G bit, least significant bit of the first octet) is set. */
    public static boolean isMulticast(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }

    /**
     * A locally administered unicast address drawn from {@code r}: the first octet has the U/L bit
     * (0x02) set and the I/G bit (0x01) clear, as the addresses Linux gives virtual interfaces.
     */
    public static long derived(SplittableRandom r) {
        long m = r.nextLong() & 0xffff_ffff_ffffL;
        return (m & ~0x0100_0000_0000L) | 0x0200_0000_0000L;
    }

    public static long read(byte[] b, int off) {
        return ((long) BigEndian.u16(b, off) << 32) | (BigEndian.u32(b, off + 2) & 0xffff_ffffL);
    }

    public static void write(byte[] b, int off, long mac) {
        BigEndian.put16(b, off, (int) (mac >>> 32) & 0xffff);
        BigEndian.put32(b, off + 2, (int) mac);
    }

    public static String str(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int o = (int) (mac >>> (8 * i)) & 0xff;
            sb.append(Character.forDigit(o >>> 4, 16)).append(Character.forDigit(o & 15, 16));
            if (i > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (either case); throws IllegalArgumentException otherwise. */
    public static long parse(String s) {
        if (s == null || !s.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
            throw new IllegalArgumentException("bad MAC address '" + s + "': expected six hex octets such as 02:00:00:00:00:01");
        }
        return Long.parseLong(s.replace(":", ""), 16);
    }
}
