package dev.minternet.tools;

/**
 * Redis's protocol in a TCP segment to or from port 6379, as tcpdump 4.99 prints it (print-resp.c):
 * {@code : RESP "SET" "k" "v"}, each string quoted (simple, bulk, error and integer alike), a nil
 * bulk string or array as {@code null}, an empty one as {@code empty}, inline commands as their
 * words; every message of a pipelined segment in turn. A message cut by the segment's end ends
 * the text with {@code [|resp]}.
 */
final class TcpdumpResp {
    private TcpdumpResp() {
    }

    /** Marks where tcpdump gives up (its trunc). */
    private static final int TRUNC = -1;

    static String text(byte[] d, int off, int len) {
        StringBuilder sb = new StringBuilder(": RESP");
        int at = off;
        int left = len;
        while (left > 0) {
            int n = parse(sb, d, at, left);
            if (n < 0) {
                sb.append(" [|resp]");
                break;
            }
            at += n;
            left -= n;
        }
        return sb.toString();
    }

    /** One item at {@code at}: the bytes it took, or {@link #TRUNC}. */
    private static int parse(StringBuilder sb, byte[] d, int at, int left) {
        switch (d[at]) {
            case '+', '-', ':' -> {
                int cr = crlf(d, at + 1, left - 1);
                if (cr < 0) {
                    return TRUNC;
                }
                segment(sb, d, at + 1, cr - at - 1);
                return cr - at + 2;
            }
            case '$' -> {
                int[] len = length(d, at + 1, left - 1);
                if (len == null) {
                    return TRUNC;
                }
                int p = len[1];
                int rest = left - (p - at);
                if (len[0] >= 0) {
                    if (len[0] == 0) {
                        sb.append(" empty");
                    } else {
                        if (rest < len[0]) {
                            return TRUNC;
                        }
                        segment(sb, d, p, len[0]);
                        p += len[0];
                        rest -= len[0];
                    }
                    int cr = crlf(d, p, rest);
                    if (cr < 0) {
                        return TRUNC;
                    }
                    return cr + 2 - at;
                }
                return invalid(sb, len[0]) ? p - at : TRUNC;
            }
            case '*' -> {
                int[] len = length(d, at + 1, left - 1);
                if (len == null) {
                    return TRUNC;
                }
                int p = len[1];
                if (len[0] > 0) {
                    for (int i = 0; i < len[0]; i++) {
                        int rest = left - (p - at);
                        if (rest <= 0) {
                            return TRUNC;
                        }
                        int n = parse(sb, d, p, rest);
                        if (n < 0) {
                            return TRUNC;
                        }
                        p += n;
                    }
                    return p - at;
                }
                if (len[0] == 0) {
                    sb.append(" empty");
                    return p - at;
                }
                return invalid(sb, len[0]) ? p - at : TRUNC;
            }
            default -> {
                // an inline command: skip CRs and LFs, print up to the next one, skip those after it
                int p = at;
                int end = at + left;
                while (p < end && (d[p] == '\r' || d[p] == '\n')) {
                    p++;
                }
                int start = p;
                while (p < end && d[p] != '\r' && d[p] != '\n') {
                    p++;
                }
                if (p >= end) {
                    return TRUNC;
                }
                segment(sb, d, start, p - start);
                while (p < end && (d[p] == '\r' || d[p] == '\n')) {
                    p++;
                }
                return p - at;
            }
        }
    }

    /** The words for a length that is no length: false when tcpdump gives up instead. */
    private static boolean invalid(StringBuilder sb, int code) {
        switch (code) {
            case -1 -> sb.append(" null");
            case -3 -> sb.append(" length too large");
            case -4 -> sb.append(" length negative and not -1");
            case -2 -> {
                return false;
            }
            default -> sb.append(" invalid");
        }
        return true;
    }

    /**
     * A length and the CRLF after it, as resp_get_length reads them: {value, where the item
     * starts}, the value -1 for a nil, -3 too large, -4 negative other than -1, -5 not a number;
     * null when the bytes run out first.
     */
    private static int[] length(byte[] d, int p, int left) {
        if (left <= 0) {
            return null;
        }
        boolean neg = false;
        if (d[p] == '-') {
            neg = true;
            p++;
            left--;
        }
        long v = 0;
        boolean digit = false;
        boolean large = false;
        while (true) {
            if (left <= 0) {
                return null;
            }
            int c = d[p];
            if (c < '0' || c > '9') {
                if (!digit) {
                    return new int[] {-5, p + 1};
                }
                break;
            }
            v = v * 10 + (c - '0');
            if (v > Integer.MAX_VALUE) {
                large = true;
                v = Integer.MAX_VALUE;
            }
            digit = true;
            p++;
            left--;
        }
        if (d[p] != '\r') {
            return new int[] {-5, p + 1};
        }
        p++;
        left--;
        if (left <= 0) {
            return null;
        }
        if (d[p] != '\n') {
            return new int[] {-5, p + 1};
        }
        p++;
        if (neg) {
            return new int[] {large || v != 1 ? -4 : -1, p};
        }
        return new int[] {large ? -3 : (int) v, p};
    }

    /** Where the next CRLF starts within {@code left} bytes from {@code p}, or -1. */
    private static int crlf(byte[] d, int p, int left) {
        for (int i = p; i + 1 < p + left; i++) {
            if (d[i] == '\r' && d[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static void segment(StringBuilder sb, byte[] d, int off, int n) {
        sb.append(" \"");
        TcpdumpDns.chars(sb, d, off, n);
        sb.append('"');
    }
}
