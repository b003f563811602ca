package dev.minternet.dns;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * DNS over TCP message framing (RFC 1035 4.2.2, RFC 7766 8): each message is preceded by its
 * length as a 2-byte big-endian integer. {@link #frame} adds the prefix; a {@link Decoder} takes
 * stream bytes in any chunking and returns the whole messages they complete.
 */
final class TcpFraming {
    private TcpFraming() {
    }

    /** The message with its 2-byte length prefix. */
    public static byte[] frame(byte[] message) {
        if (message.length > Dns.TCP_LIMIT) {
            throw new IllegalArgumentException("DNS message of " + message.length + " bytes exceeds 65535");
        }
        byte[] out = new byte[message.length + 2];
        out[0] = (byte) (message.length >> 8);
        out[1] = (byte) message.length;
        System.arraycopy(message, 0, out, 2, message.length);
        return out;
    }

    /** A resumable decoder for one connection's byte stream. */
    public static final class Decoder {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private int need = -1;
        private int lenHigh = -1;

        /** Feeds stream bytes; returns the messages completed by them, in order. */
        public List<byte[]> feed(byte[] data, int off, int len) {
            List<byte[]> out = new ArrayList<>();
            int i = off;
            int end = off + len;
            while (i < end) {
                if (need < 0) {
                    int b = data[i++] & 0xff;
                    if (lenHigh < 0) {
                        lenHigh = b;
                        continue;
                    }
                    need = (lenHigh << 8) | b;
                    lenHigh = -1;
                    if (need == 0) {
                        out.add(new byte[0]);
                        need = -1;
                    }
                    continue;
                }
                int take = Math.min(need - pending.size(), end - i);
                pending.write(data, i, take);
                i += take;
                if (pending.size() == need) {
                    out.add(pending.toByteArray());
                    pending.reset();
                    need = -1;
                }
            }
            return out;
        }

        public List<byte[]> feed(byte[] data) {
            return feed(data, 0, data.length);
        }

        /** True when a message has started but not finished (a connection closed now lost it). */
        public boolean midMessage() {
            return need >= 0 || lenHigh >= 0;
        }
    }
}
