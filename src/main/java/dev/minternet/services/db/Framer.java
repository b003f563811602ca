package dev.minternet.services.db;

import dev.minternet.wire.BigEndian;
import java.util.Arrays;

/**
 * Accumulates stream bytes that arrive in arbitrary chunks and cuts whole length-prefixed
 * messages out of them. A frame is complete only when its length field and its whole body have
 * arrived; until then {@link #typed} and {@link #untyped} return null and keep the bytes.
 */
final class Framer {
    private byte[] buf = new byte[256];
    private int start;
    private int end;
    /** Type byte of the frame just cut by {@link #typed}. */
    byte type;

    void feed(byte[] data, int off, int len) {
        if (len == 0) {
            return;
        }
        if (end + len > buf.length) {
            int live = end - start;
            if (live + len <= buf.length && start > 0) {
                System.arraycopy(buf, start, buf, 0, live);
            } else {
                byte[] nb = new byte[Math.max(buf.length * 2, live + len)];
                System.arraycopy(buf, start, nb, 0, live);
                buf = nb;
            }
            start = 0;
            end = live;
        }
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    int buffered() {
        return end - start;
    }

    private int int32At(int i) {
        return BigEndian.u32(buf, i);
    }

    /** The body of a complete {@code Byte1 type, Int32 length, body} frame, or null if incomplete. */
    byte[] typed(int maxLength) {
        if (end - start < 5) {
            return null;
        }
        int len = int32At(start + 1);
        if (len < 4 || len > maxLength) {
            throw new PgProtocolException("invalid message length " + len + " for message type '"
                    + (char) (buf[start] & 0xff) + "'");
        }
        if (end - start < 1 + len) {
            return null;
        }
        type = buf[start];
        byte[] body = Arrays.copyOfRange(buf, start + 5, start + 1 + len);
        consume(1 + len);
        return body;
    }

    /** The body of a complete {@code Int32 length, body} startup-phase packet, or null. */
    byte[] untyped(int maxLength) {
        if (end - start < 4) {
            return null;
        }
        int len = int32At(start);
        if (len < 8 || len > maxLength) {
            throw new PgProtocolException("invalid length of startup packet: " + len);
        }
        if (end - start < len) {
            return null;
        }
        byte[] body = Arrays.copyOfRange(buf, start + 4, start + len);
        consume(len);
        return body;
    }

    /** Takes one raw byte (the answer to SSLRequest), or -1 if none is buffered. */
    int rawByte() {
        if (end == start) {
            return -1;
        }
        int b = buf[start] & 0xff;
        consume(1);
        return b;
    }

    private void consume(int n) {
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }
}
