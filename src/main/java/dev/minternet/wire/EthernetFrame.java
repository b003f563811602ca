package dev.minternet.wire;

/**
 * Ethernet II frames (IEEE 802.3 with an EtherType), optionally carrying one IEEE 802.1Q tag, as a
 * capture on Linux shows them: destination, source, EtherType, payload, padding to the 60-byte
 * minimum; the 4-byte FCS is not captured (the NIC strips it), and neither are the preamble, start
 * delimiter and inter-frame gap, which {@link #WIRE_OVERHEAD} counts for serialization.
 */
public final class EthernetFrame {
    private EthernetFrame() {
    }

    public static final int HEADER = 14;
    public static final int TAG = 4;
    /** The smallest frame without its FCS (64 bytes on the wire with it). */
    public static final int MIN_FRAME = 60;
    /** Bytes a frame costs on the wire beyond what is captured: preamble+SFD 8, FCS 4, inter-frame gap 12. */
    public static final int WIRE_OVERHEAD = 8 + 4 + 12;
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_IPV6 = 0x86DD;
    public static final int TYPE_VLAN = 0x8100;

    public static long dst(byte[] f) {
        return Mac.read(f, 0);
    }

    public static long src(byte[] f) {
        return Mac.read(f, 6);
    }

    /** The outer EtherType (0x8100 for a tagged frame), or a length (at most 1500) for an 802.3/LLC frame. */
    public static int type(byte[] f) {
        return BigEndian.u16(f, 12);
    }

    public static boolean tagged(byte[] f) {
        return f.length >= HEADER + TAG && type(f) == TYPE_VLAN;
    }

    /** The VLAN ID of a tagged frame. */
    public static int vid(byte[] f) {
        return BigEndian.u16(f, 14) & 0x0fff;
    }

    /**
     * A frame carrying {@code len} bytes of {@code payload} from {@code off}, not padded: the
     * transmitter pads it to {@link #MIN_FRAME} after the capture point (link.Link#setEthernet).
     */
    public static byte[] build(long dst, long src, int type, byte[] payload, int off, int len) {
        byte[] f = new byte[HEADER + len];
        Mac.write(f, 0, dst);
        Mac.write(f, 6, src);
        BigEndian.put16(f, 12, type);
        System.arraycopy(payload, off, f, HEADER, len);
        return f;
    }

    /** The same frame with an 802.1Q tag (priority 0, DEI 0, {@code vid}) after the source address. */
    public static byte[] tag(byte[] f, int vid) {
        byte[] t = new byte[f.length + TAG];
        System.arraycopy(f, 0, t, 0, 12);
        BigEndian.put16(t, 12, TYPE_VLAN);
        BigEndian.put16(t, 14, vid & 0x0fff);
        System.arraycopy(f, 12, t, 16, f.length - 12);
        return t;
    }

    /**
     * The same frame without its 802.1Q tag, padded again to 60 bytes if needed (a switch
     * removing a tag from a 64-byte tagged frame pads, as 802.1Q requires).
     */
    public static byte[] untag(byte[] f) {
        byte[] u = new byte[Math.max(MIN_FRAME, f.length - TAG)];
        System.arraycopy(f, 0, u, 0, 12);
        System.arraycopy(f, 16, u, 12, f.length - 16);
        return u;
    }
}
