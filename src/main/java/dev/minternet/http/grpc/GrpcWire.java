package dev.minternet.http.grpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What gRPC puts on HTTP/2 (grpc/doc/PROTOCOL-HTTP2.md): length-prefixed messages (a compressed
 * flag byte, a 4-byte big-endian length, the message), {@code grpc-timeout} values and the
 * percent-encoding of {@code grpc-message}.
 */
public final class GrpcWire {
    /** {@code content-type} of every gRPC request and response. */
    public static final String CONTENT_TYPE = "application/grpc";
    /** The largest message a receiver takes by default (grpc-go and grpc-java: 4 MiB). */
    public static final int MAX_MESSAGE = 4 << 20;
    /** The largest value {@code grpc-timeout} may carry: eight digits. */
    static final long MAX_TIMEOUT_VALUE = 99_999_999L;

    private GrpcWire() {
    }

    /** One Length-Prefixed-Message, uncompressed. */
    public static byte[] frame(byte[] message) {
        byte[] out = new byte[5 + message.length];
        int n = message.length;
        out[1] = (byte) (n >>> 24);
        out[2] = (byte) (n >>> 16);
        out[3] = (byte) (n >>> 8);
        out[4] = (byte) n;
        System.arraycopy(message, 0, out, 5, n);
        return out;
    }

    /**
     * Encodes a timeout as grpc-go does: the finest unit (n, u, m, S, M, H) whose value, rounded
     * up, has at most eight digits.
     */
    public static String encodeTimeout(long ns) {
        if (ns <= 0) {
            return "0n";
        }
        long[] unit = {1L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L};
        String[] name = {"n", "u", "m", "S", "M"};
        for (int i = 0; i < unit.length; i++) {
            long v = ceilDiv(ns, unit[i]);
            if (v <= MAX_TIMEOUT_VALUE) {
                return v + name[i];
            }
        }
        return ceilDiv(ns, 3_600_000_000_000L) + "H";
    }

    /** Parses a {@code grpc-timeout} value into nanoseconds, or -1 when it is malformed. */
    public static long decodeTimeout(String v) {
        if (v == null || v.length() < 2 || v.length() > 9) {
            return -1;
        }
        long n;
        try {
            n = Long.parseLong(v.substring(0, v.length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
        if (n < 0) {
            return -1;
        }
        long unit = switch (v.charAt(v.length() - 1)) {
            case 'H' -> 3_600_000_000_000L;
            case 'M' -> 60_000_000_000L;
            case 'S' -> 1_000_000_000L;
            case 'm' -> 1_000_000L;
            case 'u' -> 1_000L;
            case 'n' -> 1L;
            default -> -1;
        };
        return unit < 0 ? -1 : Math.multiplyExact(n, unit);
    }

    /**
     * Percent-encodes {@code grpc-message}: bytes of the UTF-8 text outside 0x20-0x7E, and '%',
     * become {@code %XX}.
     */
    public static String encodeMessage(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x20 || c > 0x7e || c == '%') {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** Undoes {@link #encodeMessage}; a malformed escape is kept as it is, as the spec asks. */
    public static String decodeMessage(String v) {
        if (v == null) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '%' && i + 2 < v.length() && Character.digit(v.charAt(i + 1), 16) >= 0
                    && Character.digit(v.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(v.charAt(i + 1), 16) * 16 + Character.digit(v.charAt(i + 2), 16));
                i += 2;
            } else {
                out.write((byte) c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * Cuts a byte stream of DATA frames into messages: feed it what arrives, take out whole
     * messages. A message longer than the limit is reported as soon as its prefix is read.
     */
    static final class Deframer {
        private final int limit;
        private byte[] buf = new byte[0];
        private int len;

        Deframer(int limit) {
            this.limit = limit;
        }

        void feed(byte[] b, int off, int n) {
            if (len + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
            }
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        /** Bytes of a message begun but not finished. */
        int pending() {
            return len;
        }

        /** The length the next message announces, or -1 before its prefix has arrived. */
        long nextLength() {
            if (len < 5) {
                return -1;
            }
            return ((buf[1] & 0xffL) << 24) | ((buf[2] & 0xff) << 16) | ((buf[3] & 0xff) << 8) | (buf[4] & 0xff);
        }

        boolean nextCompressed() {
            return len >= 5 && buf[0] != 0;
        }

        /** The next whole message, or null; call {@link #nextLength} first to check the limit. */
        byte[] poll() {
            long n = nextLength();
            if (n < 0 || n > limit || len < 5 + n) {
                return null;
            }
            byte[] m = java.util.Arrays.copyOfRange(buf, 5, 5 + (int) n);
            System.arraycopy(buf, 5 + (int) n, buf, 0, len - 5 - (int) n);
            len -= 5 + (int) n;
            return m;
        }

        int limit() {
            return limit;
        }
    }
}
