package dev.minternet.wire;

/**
 * An ARP packet for IPv4 over Ethernet (RFC 826): hardware type 1, protocol 0x0800, lengths 6 and
 * 4, the operation, then sender and target hardware and protocol addresses; 28 bytes.
 */
public record ArpPacket(int op, long senderMac, int senderIp, long targetMac, int targetIp) {
    public static final int LENGTH = 28;
    public static final int REQUEST = 1;
    public static final int REPLY = 2;

    public byte[] emit() {
        byte[] b = new byte[LENGTH];
        BigEndian.put16(b, 0, 1);
        BigEndian.put16(b, 2, EthernetFrame.TYPE_IPV4);
        BigEndian.put8(b, 4, 6);
        BigEndian.put8(b, 5, 4);
        BigEndian.put16(b, 6, op);
        Mac.write(b, 8, senderMac);
        BigEndian.put32(b, 14, senderIp);
        Mac.write(b, 18, targetMac);
        BigEndian.put32(b, 24, targetIp);
        return b;
    }

    /** Reads the ARP packet at {@code off}; null when it is not IPv4-over-Ethernet ARP or too short. */
    public static ArpPacket parse(byte[] b, int off) {
        if (b.length - off < LENGTH || BigEndian.u16(b, off) != 1 || BigEndian.u16(b, off + 2) != EthernetFrame.TYPE_IPV4
                || BigEndian.u8(b, off + 4) != 6 || BigEndian.u8(b, off + 5) != 4) {
            return null;
        }
        int op = BigEndian.u16(b, off + 6);
        if (op != REQUEST && op != REPLY) {
            return null;
        }
        return new ArpPacket(op, Mac.read(b, off + 8), BigEndian.u32(b, off + 14), Mac.read(b, off + 18),
                BigEndian.u32(b, off + 24));
    }
}
