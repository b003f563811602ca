package dev.minternet.tls;

import dev.minternet.wire.BigEndian;
import java.util.Arrays;

/**
 * Reads the plaintext ServerHello (RFC 8446 section 4.1.3) out of the first server record: the
 * chosen key exchange group is not exposed by the JDK's API, but it is on the wire for anyone,
 * as tshark shows it. Also tells a HelloRetryRequest (section 4.1.4: a ServerHello whose random
 * is SHA-256("HelloRetryRequest")) from a ServerHello.
 */
final class ServerHelloParser {
    /** SHA-256("HelloRetryRequest"), RFC 8446 section 4.1.3. */
    private static final byte[] HRR_RANDOM = hex(
            "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");
    private static final int EXT_SUPPORTED_VERSIONS = 43;
    private static final int EXT_KEY_SHARE = 51;

    /** What the ServerHello said; -1 where a field was absent. */
    record Summary(int selectedVersion, int cipherSuite, int keyShareGroup, boolean helloRetryRequest) {
    }

    private ServerHelloParser() {
    }

    /** Collects the first record of a stream, then parses it. */
    static final class Collector {
        private byte[] buf = new byte[512];
        private int len;
        private boolean done;
        private Summary summary;

        void feed(byte[] b, int off, int n) {
            if (done) {
                return;
            }
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
            System.arraycopy(b, off, buf, len, n);
            len += n;
            if (len >= 5) {
                int recordLen = BigEndian.u16(buf, 3);
                if (len >= 5 + recordLen || recordLen > 16384 + 256) {
                    done = true;
                    summary = (buf[0] & 0xff) == TlsRecordHeader.HANDSHAKE ? parse(buf, 5, Math.min(len, 5 + recordLen)) : null;
                    buf = null;
                }
            }
        }

        /** The summary, or null while the record is incomplete or when it was not a ServerHello. */
        Summary summary() {
            return summary;
        }
    }

    /** Parses a ServerHello handshake message at {@code b[off..end)}; null if it is not one or is malformed. */
    static Summary parse(byte[] b, int off, int end) {
        try {
            int p = off;
            if ((b[p] & 0xff) != 2) {
                return null;
            }
            p += 4; // msg_type, length
            int version = u16(b, p, end);
            p += 2;
            boolean hrr = Arrays.equals(Arrays.copyOfRange(b, p, p + 32), HRR_RANDOM);
            p += 32;
            p += 1 + (b[p] & 0xff); // legacy_session_id_echo
            int cipher = u16(b, p, end);
            p += 3; // cipher_suite, legacy_compression_method
            int extEnd = p + 2 + u16(b, p, end);
            p += 2;
            int group = -1;
            while (p + 4 <= Math.min(extEnd, end)) {
                int type = u16(b, p, end);
                int len = u16(b, p + 2, end);
                p += 4;
                if (type == EXT_SUPPORTED_VERSIONS && len >= 2) {
                    version = u16(b, p, end);
                } else if (type == EXT_KEY_SHARE && len >= 2) {
                    group = u16(b, p, end);
                }
                p += len;
            }
            return new Summary(version, cipher, group, hrr);
        } catch (ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    /** IANA TLS Supported Groups names (RFC 8446 section 4.2.7, RFC 7919). */
    static String groupName(int group) {
        return switch (group) {
            case -1 -> "";
            case 0x0017 -> "secp256r1";
            case 0x0018 -> "secp384r1";
            case 0x0019 -> "secp521r1";
            case 0x001d -> "x25519";
            case 0x001e -> "x448";
            case 0x0100 -> "ffdhe2048";
            case 0x0101 -> "ffdhe3072";
            case 0x0102 -> "ffdhe4096";
            default -> String.format("0x%04x", group);
        };
    }

    private static int u16(byte[] b, int p, int end) {
        if (p + 2 > end) {
            throw new ArrayIndexOutOfBoundsException(p);
        }
        return BigEndian.u16(b, p);
    }

    private static byte[] hex(String s) {
        byte[] r = new byte[s.length() / 2];
        for (int i = 0; i < r.length; i++) {
            r[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return r;
    }
}
