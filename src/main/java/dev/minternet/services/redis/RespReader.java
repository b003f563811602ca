package dev.minternet.services.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts RESP values out of a byte stream that arrives in arbitrary pieces: {@link #feed} appends,
 * {@link #nextCommand} (server side) and {@link #nextReply} (client side) return null until a
 * whole value has arrived, keeping the partial bytes.
 *
 * <p>A server reads commands as Redis's networking.c does: a multibulk request ({@code *N}, then
 * N bulk strings) or, for any other first byte, an inline command (one line, words split on
 * spaces with double and single quotes, as {@code sdssplitargs} does; empty lines are skipped).
 * Bad input throws {@link ProtocolError} carrying Redis's message ({@code Protocol error: invalid
 * bulk length}), which the server sends before closing the connection, as Redis does.
 *
 * <p>Limits, Redis's defaults: inline requests up to 64 KiB, at most 1,048,576 arguments
 * ({@code invalid multibulk length} beyond), bulk strings up to 512 MiB
 * ({@code proto-max-bulk-len}).
 */
public final class RespReader {
    /** Redis's PROTO_INLINE_MAX_SIZE. */
    static final int INLINE_MAX = 64 * 1024;
    /** Redis's proto-max-bulk-len default. */
    static final long BULK_MAX = 512L * 1024 * 1024;
    /** Redis accepts multibulk lengths up to INT_MAX but refuses more than 1024*1024 arguments. */
    static final int MULTIBULK_MAX = 1024 * 1024;

    /** Bad bytes from the peer; the message is Redis's wording without the {@code ERR } prefix. */
    public static final class ProtocolError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProtocolError(String message) {
            super(message);
        }
    }

    /** Thrown inside a parse when the value is not complete yet. */
    private static final class Incomplete extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Incomplete INSTANCE = new Incomplete();

        private Incomplete() {
            super(null, null, false, false);
        }
    }

    private byte[] buf = new byte[256];
    private int start;
    private int end;
    private int pos;

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    public void feed(byte[] data, int off, int len) {
        if (end + len > buf.length) {
            int live = end - start;
            byte[] nb = live + len <= buf.length ? buf : new byte[Math.max(buf.length * 2, live + len)];
            System.arraycopy(buf, start, nb, 0, live);
            buf = nb;
            start = 0;
            end = live;
        }
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    /** Bytes received but not yet consumed. */
    public int buffered() {
        return end - start;
    }

    /** The next whole command's arguments, or null; throws {@link ProtocolError} on bad input. */
    public List<byte[]> nextCommand() {
        while (true) {
            pos = start;
            if (pos == end) {
                return null;
            }
            try {
                List<byte[]> args = buf[pos] == '*' ? multibulk() : inline();
                start = pos;
                if (args != null && !args.isEmpty()) {
                    return args;
                }
                // "*0" or an empty line: nothing to run; look for the next command
            } catch (Incomplete e) {
                if (buf[start] != '*' && end - start > INLINE_MAX) {
                    throw new ProtocolError("Protocol error: too big inline request");
                }
                return null;
            }
        }
    }

    /** The next whole reply, or null; throws {@link ProtocolError} on bytes that are not RESP. */
    public Resp nextReply() {
        pos = start;
        if (pos == end) {
            return null;
        }
        try {
            Resp r = value();
            start = pos;
            return r;
        } catch (Incomplete e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ commands

    private List<byte[]> multibulk() {
        pos++;
        String n = line();
        long count = parseLong(n, "Protocol error: invalid multibulk length");
        if (count > MULTIBULK_MAX) {
            throw new ProtocolError("Protocol error: invalid multibulk length");
        }
        List<byte[]> args = new ArrayList<>((int) Math.max(0, Math.min(count, 64)));
        for (long i = 0; i < count; i++) {
            need(1);
            if (buf[pos] != '$') {
                throw new ProtocolError("Protocol error: expected '$', got '" + (char) (buf[pos] & 0xff) + "'");
            }
            pos++;
            long len = parseLong(line(), "Protocol error: invalid bulk length");
            if (len < 0 || len > BULK_MAX) {
                throw new ProtocolError("Protocol error: invalid bulk length");
            }
            need((int) len + 2);
            args.add(Arrays.copyOfRange(buf, pos, pos + (int) len));
            pos += (int) len + 2;
        }
        return args;
    }

    private List<byte[]> inline() {
        int nl = indexOf('\n');
        if (nl < 0) {
            throw Incomplete.INSTANCE;
        }
        int lineEnd = nl > pos && buf[nl - 1] == '\r' ? nl - 1 : nl;
        byte[] line = Arrays.copyOfRange(buf, pos, lineEnd);
        pos = nl + 1;
        List<byte[]> words = splitArgs(line);
        if (words == null) {
            throw new ProtocolError("Protocol error: unbalanced quotes in request");
        }
        return words;
    }

    /** sdssplitargs: words split on white space; "double quotes" with \n \x41 escapes, 'single quotes'; null when unbalanced. */
    static List<byte[]> splitArgs(byte[] line) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < line.length && isSpace(line[i])) {
                i++;
            }
            if (i >= line.length) {
                return out;
            }
            ByteArrayOutputStream cur = new ByteArrayOutputStream();
            boolean inDq = false;
            boolean inSq = false;
            boolean done = false;
            while (!done) {
                if (inDq) {
                    if (i >= line.length) {
                        return null;
                    }
                    byte c = line[i];
                    if (c == '\\' && i + 3 < line.length && line[i + 1] == 'x' && hex(line[i + 2]) >= 0 && hex(line[i + 3]) >= 0) {
                        cur.write(hex(line[i + 2]) * 16 + hex(line[i + 3]));
                        i += 3;
                    } else if (c == '\\' && i + 1 < line.length) {
                        i++;
                        byte e = line[i];
                        cur.write(e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e == 'b' ? '\b' : e == 'a' ? 7 : e);
                    } else if (c == '"') {
                        if (i + 1 < line.length && !isSpace(line[i + 1])) {
                            return null; // closing quote must be followed by a space or nothing
                        }
                        done = true;
                    } else {
                        cur.write(c);
                    }
                } else if (inSq) {
                    if (i >= line.length) {
                        return null;
                    }
                    byte c = line[i];
                    if (c == '\\' && i + 1 < line.length && line[i + 1] == '\'') {
                        i++;
                        cur.write('\'');
                    } else if (c == '\'') {
                        if (i + 1 < line.length && !isSpace(line[i + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        cur.write(c);
                    }
                } else {
                    if (i >= line.length) {
                        done = true;
                        break;
                    }
                    byte c = line[i];
                    if (isSpace(c)) {
                        done = true;
                    } else if (c == '"') {
                        inDq = true;
                    } else if (c == '\'') {
                        inSq = true;
                    } else {
                        cur.write(c);
                    }
                }
                if (i < line.length) {
                    i++;
                }
            }
            out.add(cur.toByteArray());
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    // ------------------------------------------------------------------ replies

    private Resp value() {
        need(1);
        byte type = buf[pos++];
        switch (type) {
            case '+':
                return new Resp.Simple(line());
            case '-':
                return new Resp.Error(line());
            case ':':
                return new Resp.Int(parseLong(line(), "invalid integer reply"));
            case '_':
                line();
                return new Resp.Null(false);
            case '#':
                return new Resp.Bool(line().equals("t"));
            case ',':
                return new Resp.Double(line());
            case '(':
                return new Resp.Double(line()); // big number: shown as its digits
            case '$':
            case '=':
            case '!': {
                long len = parseLong(line(), "invalid bulk length");
                if (len == -1) {
                    return new Resp.Null(false);
                }
                if (len < 0 || len > BULK_MAX) {
                    throw new ProtocolError("Protocol error: invalid bulk length");
                }
                need((int) len + 2);
                byte[] b = Arrays.copyOfRange(buf, pos, pos + (int) len);
                pos += (int) len + 2;
                if (type == '=') {
                    int colon = Math.min(3, b.length);
                    return new Resp.Verbatim(new String(b, 0, colon, StandardCharsets.US_ASCII),
                            Arrays.copyOfRange(b, Math.min(4, b.length), b.length));
                }
                return type == '!' ? new Resp.Error(new String(b, StandardCharsets.UTF_8)) : new Resp.Bulk(b);
            }
            case '*':
            case '%':
            case '~':
            case '>': {
                long n = parseLong(line(), "invalid multibulk length");
                if (n == -1) {
                    return new Resp.Null(true);
                }
                if (n < 0 || n > MULTIBULK_MAX) {
                    throw new ProtocolError("Protocol error: invalid multibulk length");
                }
                Resp.Kind kind = type == '*' ? Resp.Kind.ARRAY : type == '%' ? Resp.Kind.MAP
                        : type == '~' ? Resp.Kind.SET : Resp.Kind.PUSH;
                long items = kind == Resp.Kind.MAP ? 2 * n : n;
                List<Resp> el = new ArrayList<>((int) Math.min(items, 64));
                for (long i = 0; i < items; i++) {
                    el.add(value());
                }
                return new Resp.Agg(kind, el);
            }
            default:
                throw new ProtocolError("Protocol error, got \"" + (char) (type & 0xff) + "\" as reply type byte");
        }
    }

    // ------------------------------------------------------------------ bytes

    private void need(int n) {
        if (end - pos < n) {
            throw Incomplete.INSTANCE;
        }
    }

    private int indexOf(int b) {
        for (int i = pos; i < end; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The text up to the next CRLF, consumed with it. */
    private String line() {
        int nl = indexOf('\n');
        if (nl < 0) {
            if (end - pos > INLINE_MAX) {
                throw new ProtocolError("Protocol error: too big mbulk count string");
            }
            throw Incomplete.INSTANCE;
        }
        int e = nl > pos && buf[nl - 1] == '\r' ? nl - 1 : nl;
        String s = new String(buf, pos, e - pos, StandardCharsets.UTF_8);
        pos = nl + 1;
        return s;
    }

    private static long parseLong(String s, String error) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ProtocolError(error);
        }
    }
}
