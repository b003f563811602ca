package dev.minternet.services.db;

import dev.minternet.services.db.BackendMessage.AuthenticationOk;
import dev.minternet.services.db.BackendMessage.BackendKeyData;
import dev.minternet.services.db.BackendMessage.CommandComplete;
import dev.minternet.services.db.BackendMessage.DataRow;
import dev.minternet.services.db.BackendMessage.EmptyQueryResponse;
import dev.minternet.services.db.BackendMessage.ErrorResponse;
import dev.minternet.services.db.BackendMessage.Field;
import dev.minternet.services.db.BackendMessage.NoticeResponse;
import dev.minternet.services.db.BackendMessage.ParameterStatus;
import dev.minternet.services.db.BackendMessage.ReadyForQuery;
import dev.minternet.services.db.BackendMessage.RowDescription;
import dev.minternet.services.db.FrontendMessage.CancelRequest;
import dev.minternet.services.db.FrontendMessage.GssEncRequest;
import dev.minternet.services.db.FrontendMessage.Query;
import dev.minternet.services.db.FrontendMessage.SslRequest;
import dev.minternet.services.db.FrontendMessage.Startup;
import dev.minternet.services.db.FrontendMessage.Terminate;
import dev.minternet.wire.BigEndian;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes and decodes PostgreSQL protocol v3 messages (sans-I/O: bytes in, bytes out). Integers
 * are big-endian ("network byte order"); a String is UTF-8 ending in a zero byte, and may not
 * contain one. {@link #encode} writes whole messages; the {@code parse} methods read a body whose
 * framing {@link FrontendReader} or {@link BackendReader} has already checked, and throw
 * {@link PgProtocolException} (never an index error) on a body that does not match its layout.
 */
final class PgCodec {
    private PgCodec() {
    }

    // ---------------------------------------------------------------- encoding

    public static byte[] encode(FrontendMessage m) {
        Out o = new Out();
        if (m instanceof Startup s) {
            o.startUntyped();
            o.int32(s.protocolVersion());
            for (Map.Entry<String, String> e : s.parameters().entrySet()) {
                o.cstring(e.getKey());
                o.cstring(e.getValue());
            }
            o.int8(0);
        } else if (m instanceof SslRequest) {
            o.startUntyped();
            o.int32(PgProtocol.SSL_REQUEST_CODE);
        } else if (m instanceof GssEncRequest) {
            o.startUntyped();
            o.int32(PgProtocol.GSSENC_REQUEST_CODE);
        } else if (m instanceof CancelRequest c) {
            o.startUntyped();
            o.int32(PgProtocol.CANCEL_REQUEST_CODE);
            o.int32(c.processId());
            o.int32(c.secretKey());
        } else if (m instanceof Query q) {
            o.start(PgProtocol.QUERY);
            o.cstring(q.sql());
        } else if (m instanceof Terminate) {
            o.start(PgProtocol.TERMINATE);
        } else if (m instanceof FrontendMessage.Unsupported u) {
            o.start((byte) u.type());
            o.bytes(u.body());
        } else {
            throw new IllegalArgumentException("unknown message " + m);
        }
        return o.finish();
    }

    public static byte[] encode(BackendMessage m) {
        Out o = new Out();
        if (m instanceof AuthenticationOk) {
            o.start(PgProtocol.AUTHENTICATION);
            o.int32(0);
        } else if (m instanceof ParameterStatus p) {
            o.start(PgProtocol.PARAMETER_STATUS);
            o.cstring(p.name());
            o.cstring(p.value());
        } else if (m instanceof BackendKeyData k) {
            o.start(PgProtocol.BACKEND_KEY_DATA);
            o.int32(k.processId());
            o.int32(k.secretKey());
        } else if (m instanceof ReadyForQuery r) {
            o.start(PgProtocol.READY_FOR_QUERY);
            o.int8(r.status());
        } else if (m instanceof RowDescription d) {
            o.start(PgProtocol.ROW_DESCRIPTION);
            o.int16(d.fields().size());
            for (Field f : d.fields()) {
                o.cstring(f.name());
                o.int32(f.tableOid());
                o.int16(f.columnAttr());
                o.int32(f.typeOid());
                o.int16(f.typeSize());
                o.int32(f.typeModifier());
                o.int16(f.format());
            }
        } else if (m instanceof DataRow r) {
            o.start(PgProtocol.DATA_ROW);
            o.int16(r.values().size());
            for (String v : r.values()) {
                if (v == null) {
                    o.int32(-1);
                } else {
                    byte[] b = v.getBytes(StandardCharsets.UTF_8);
                    o.int32(b.length);
                    o.bytes(b);
                }
            }
        } else if (m instanceof CommandComplete c) {
            o.start(PgProtocol.COMMAND_COMPLETE);
            o.cstring(c.tag());
        } else if (m instanceof EmptyQueryResponse) {
            o.start(PgProtocol.EMPTY_QUERY_RESPONSE);
        } else if (m instanceof ErrorResponse e) {
            o.start(PgProtocol.ERROR_RESPONSE);
            notice(o, e.severity(), e.code(), e.message());
        } else if (m instanceof NoticeResponse n) {
            o.start(PgProtocol.NOTICE_RESPONSE);
            notice(o, n.severity(), n.code(), n.message());
        } else if (m instanceof BackendMessage.Unsupported u) {
            o.start((byte) u.type());
            o.bytes(u.body());
        } else {
            throw new IllegalArgumentException("unknown message " + m);
        }
        return o.finish();
    }

    private static void notice(Out o, String severity, String code, String message) {
        o.int8('S');
        o.cstring(severity);
        o.int8('V');
        o.cstring(severity);
        o.int8('C');
        o.cstring(code);
        o.int8('M');
        o.cstring(message);
        o.int8(0);
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Parses a startup-phase packet body (everything after the Int32 length): a StartupMessage,
     * SSLRequest, GSSENCRequest or CancelRequest, told apart by the first Int32.
     */
    public static FrontendMessage parseStartupPhase(byte[] body) {
        In in = new In(body);
        int code = in.int32();
        switch (code) {
            case PgProtocol.SSL_REQUEST_CODE:
                in.end("SSLRequest");
                return new SslRequest();
            case PgProtocol.GSSENC_REQUEST_CODE:
                in.end("GSSENCRequest");
                return new GssEncRequest();
            case PgProtocol.CANCEL_REQUEST_CODE: {
                CancelRequest c = new CancelRequest(in.int32(), in.int32());
                in.end("CancelRequest");
                return c;
            }
            default:
                break;
        }
        if (code >>> 16 != 3) {
            throw new PgProtocolException("unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xffff)
                    + ": server supports 3.0 to 3.0");
        }
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            String name = in.cstring();
            if (name.isEmpty()) {
                break;
            }
            params.put(name, in.cstring());
        }
        in.end("StartupMessage");
        return new Startup(code, params);
    }

    /** Parses the body of a typed frontend message. */
    public static FrontendMessage parseFrontend(byte type, byte[] body) {
        In in = new In(body);
        switch (type) {
            case PgProtocol.QUERY: {
                Query q = new Query(in.cstring());
                in.end("Query");
                return q;
            }
            case PgProtocol.TERMINATE:
                in.end("Terminate");
                return new Terminate();
            default:
                return new FrontendMessage.Unsupported((char) (type & 0xff), body);
        }
    }

    /** Parses the body of a typed backend message. */
    public static BackendMessage parseBackend(byte type, byte[] body) {
        In in = new In(body);
        BackendMessage m;
        switch (type) {
            case PgProtocol.AUTHENTICATION: {
                int kind = in.int32();
                if (kind != 0) {
                    // SASL, MD5, cleartext...: the client only speaks trust authentication.
                    return new BackendMessage.Unsupported('R', body);
                }
                m = new AuthenticationOk();
                break;
            }
            case PgProtocol.PARAMETER_STATUS:
                m = new ParameterStatus(in.cstring(), in.cstring());
                break;
            case PgProtocol.BACKEND_KEY_DATA:
                m = new BackendKeyData(in.int32(), in.int32());
                break;
            case PgProtocol.READY_FOR_QUERY:
                m = new ReadyForQuery((char) in.int8());
                break;
            case PgProtocol.ROW_DESCRIPTION: {
                int n = in.int16();
                List<Field> fields = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    fields.add(new Field(in.cstring(), in.int32(), in.int16(), in.int32(), (short) in.int16(), in.int32(),
                            in.int16()));
                }
                m = new RowDescription(fields);
                break;
            }
            case PgProtocol.DATA_ROW: {
                int n = in.int16();
                List<String> values = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    int len = in.int32();
                    values.add(len == -1 ? null : in.string(len));
                }
                m = new DataRow(values);
                break;
            }
            case PgProtocol.COMMAND_COMPLETE:
                m = new CommandComplete(in.cstring());
                break;
            case PgProtocol.EMPTY_QUERY_RESPONSE:
                m = new EmptyQueryResponse();
                break;
            case PgProtocol.ERROR_RESPONSE:
            case PgProtocol.NOTICE_RESPONSE: {
                String severity = null;
                String code = null;
                String message = null;
                String v = null;
                while (true) {
                    int f = in.int8();
                    if (f == 0) {
                        break;
                    }
                    String value = in.cstring();
                    switch (f) {
                        case 'S' -> severity = value;
                        case 'V' -> v = value;
                        case 'C' -> code = value;
                        case 'M' -> message = value;
                        default -> { } // detail, hint, position...: not modelled
                    }
                }
                if (v != null) {
                    severity = v; // V is the non-localized severity: prefer it
                }
                if (severity == null || code == null || message == null) {
                    throw new PgProtocolException("error/notice response without S, C or M field");
                }
                m = type == PgProtocol.ERROR_RESPONSE ? new ErrorResponse(severity, code, message)
                        : new NoticeResponse(severity, code, message);
                break;
            }
            default:
                return new BackendMessage.Unsupported((char) (type & 0xff), body);
        }
        in.end(m.getClass().getSimpleName());
        return m;
    }

    // ---------------------------------------------------------------- helpers

    /** A growable big-endian writer that patches the length field when the message is finished. */
    private static final class Out {
        private byte[] b = new byte[64];
        private int n;
        private int lengthAt;

        void start(byte type) {
            int8(type);
            lengthAt = n;
            int32(0);
        }

        void startUntyped() {
            lengthAt = n;
            int32(0);
        }

        byte[] finish() {
            int len = n - lengthAt;
            BigEndian.put32(b, lengthAt, len);
            return Arrays.copyOf(b, n);
        }

        private void room(int k) {
            if (n + k > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, n + k));
            }
        }

        void int8(int v) {
            room(1);
            b[n++] = (byte) v;
        }

        void int16(int v) {
            room(2);
            BigEndian.put16(b, n, v);
            n += 2;
        }

        void int32(int v) {
            room(4);
            BigEndian.put32(b, n, v);
            n += 4;
        }

        void bytes(byte[] v) {
            room(v.length);
            System.arraycopy(v, 0, b, n, v.length);
            n += v.length;
        }

        void cstring(String s) {
            byte[] v = s.getBytes(StandardCharsets.UTF_8);
            for (byte x : v) {
                if (x == 0) {
                    throw new IllegalArgumentException("a protocol String cannot contain a zero byte: " + s);
                }
            }
            bytes(v);
            int8(0);
        }
    }

    /** A bounds-checked big-endian reader over one message body. */
    private static final class In {
        private final byte[] b;
        private int p;

        In(byte[] b) {
            this.b = b;
        }

        private void need(int k) {
            if (k < 0 || p + k > b.length) {
                throw new PgProtocolException("message too short: need " + k + " more byte(s) at offset " + p
                        + " of " + b.length);
            }
        }

        int int8() {
            need(1);
            return b[p++] & 0xff;
        }

        int int16() {
            need(2);
            int v = BigEndian.u16(b, p);
            p += 2;
            return v;
        }

        int int32() {
            need(4);
            int v = BigEndian.u32(b, p);
            p += 4;
            return v;
        }

        String string(int len) {
            need(len);
            String s = new String(b, p, len, StandardCharsets.UTF_8);
            p += len;
            return s;
        }

        String cstring() {
            int z = p;
            while (z < b.length && b[z] != 0) {
                z++;
            }
            if (z == b.length) {
                throw new PgProtocolException("unterminated string at offset " + p);
            }
            String s = new String(b, p, z - p, StandardCharsets.UTF_8);
            p = z + 1;
            return s;
        }

        void end(String what) {
            if (p != b.length) {
                throw new PgProtocolException(what + " has " + (b.length - p) + " trailing byte(s)");
            }
        }
    }
}
