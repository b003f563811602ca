package dev.minternet.testing;

import java.nio.charset.StandardCharsets;

/** Hex helpers for byte-vector tests: test vectors read like the RFC diagrams they come from. */
public final class Bytes {
    private Bytes() {
    }

    /** Parses hex digits, ignoring whitespace and '|' separators: {@code "45 00 | 00 24"}. */
    public static byte[] hex(String s) {
        String digits = s.replaceAll("[\\s|]", "");
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + digits.length());
        }
        byte[] b = new byte[digits.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** Lower-case hex with a space between bytes, for readable assertion messages. */
    public static String toHex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 3);
        for (int i = 0; i < b.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        return sb.toString();
    }

    /** ASCII bytes of {@code s}. */
    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
