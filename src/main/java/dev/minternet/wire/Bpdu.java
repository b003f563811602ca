package dev.minternet.wire;

/**
 * An IEEE 802.1D configuration BPDU (protocol 0, version 0, type 0), carried in an 802.3 frame
 * with LLC header DSAP 0x42, SSAP 0x42, control 0x03, to the bridge group address. Times are in
 * 1/256 s as on the wire; bridge IDs are priority (16 bits) and MAC (48 bits).
 */
public record Bpdu(int flags, long rootId, int rootCost, long bridgeId, int portId, int messageAge, int maxAge,
                   int helloTime, int forwardDelay) {
    public static final int LENGTH = 35;
    public static final int FLAG_TC = 0x01;
    public static final int FLAG_TCA = 0x80;

    /** The whole frame from {@code src}: 802.3 header with the LLC length, LLC, BPDU, padding to 60. */
    public byte[] frame(long src) {
        byte[] f = new byte[EthernetFrame.MIN_FRAME];
        Mac.write(f, 0, Mac.STP_GROUP);
        Mac.write(f, 6, src);
        BigEndian.put16(f, 12, 3 + LENGTH);
        f[14] = 0x42;
        f[15] = 0x42;
        f[16] = 0x03;
        int o = 17;
        BigEndian.put16(f, o, 0);
        f[o + 2] = 0;
        f[o + 3] = 0;
        f[o + 4] = (byte) flags;
        BigEndian.put64(f, o + 5, rootId);
        BigEndian.put32(f, o + 13, rootCost);
        BigEndian.put64(f, o + 17, bridgeId);
        BigEndian.put16(f, o + 25, portId);
        BigEndian.put16(f, o + 27, messageAge);
        BigEndian.put16(f, o + 29, maxAge);
        BigEndian.put16(f, o + 31, helloTime);
        BigEndian.put16(f, o + 33, forwardDelay);
        return f;
    }

    /** The configuration BPDU in frame {@code f}, or null when it is not one. */
    public static Bpdu parse(byte[] f) {
        if (f.length < 17 + LENGTH || EthernetFrame.type(f) > 1500 || (f[14] & 0xff) != 0x42 || (f[15] & 0xff) != 0x42
                || BigEndian.u16(f, 17) != 0 || f[20] != 0) {
            return null;
        }
        int o = 17;
        return new Bpdu(f[o + 4] & 0xff, BigEndian.u64(f, o + 5), BigEndian.u32(f, o + 13), BigEndian.u64(f, o + 17),
                BigEndian.u16(f, o + 25), BigEndian.u16(f, o + 27), BigEndian.u16(f, o + 29), BigEndian.u16(f, o + 31),
                BigEndian.u16(f, o + 33));
    }

    /** A bridge ID as iproute2 and tshark print it: priority in hex, then the MAC ("8000.02:..:.."). */
    public static String idText(long id) {
        return String.format("%04x", (id >>> 48) & 0xffff) + "." + Mac.str(id & 0xffff_ffff_ffffL);
    }
}
