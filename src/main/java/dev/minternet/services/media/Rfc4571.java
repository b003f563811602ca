package dev.minternet.services.media;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * RTP and RTCP over a TCP stream (RFC 4571 2): each packet preceded by its length in 16 bits.
 * The reader is resumable: bytes arrive in any pieces.
 */
final class Rfc4571 {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    static byte[] frame(byte[] packet) {
        byte[] b = new byte[2 + packet.length];
        b[0] = (byte) (packet.length >>> 8);
        b[1] = (byte) packet.length;
        System.arraycopy(packet, 0, b, 2, packet.length);
        return b;
    }

    /** The whole packets that {@code data} completes, in order. */
    List<byte[]> read(byte[] data) {
        pending.write(data, 0, data.length);
        byte[] all = pending.toByteArray();
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        while (at + 2 <= all.length) {
            int len = (all[at] & 0xFF) << 8 | all[at + 1] & 0xFF;
            if (at + 2 + len > all.length) {
                break;
            }
            byte[] p = new byte[len];
            System.arraycopy(all, at + 2, p, 0, len);
            out.add(p);
            at += 2 + len;
        }
        pending.reset();
        pending.write(all, at, all.length - at);
        return out;
    }
}
