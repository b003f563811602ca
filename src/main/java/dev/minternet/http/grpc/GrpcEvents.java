package dev.minternet.http.grpc;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Trace;
import dev.minternet.trace.Unit;

/**
 * Trace events of layer {@code grpc} (http.grpc): calls, messages and statuses as the client and
 * the server see them. {@code stream} is the HTTP/2 stream id, as a capture shows it.
 */
public final class GrpcEvents {
    /** How much of a message's text a trace event keeps. */
    static final int DATA_CHARS = 200;

    private GrpcEvents() {
    }

    public static final Catalog CATALOG = new Catalog("grpc",
            "gRPC over HTTP/2 (http.grpc): calls, length-prefixed protobuf messages, grpc-status trailers, deadlines.");

    public static final Field<String> SIDE = Field.text("side", "client or server");
    public static final Field<String> CONN = Field.text("conn", "the connection as local -> peer address:port, as this side sees it");
    public static final Field<Long> STREAM = Field.integer("stream", Unit.NONE, "the HTTP/2 stream id of the call");
    public static final Field<String> METHOD = Field.text("method", "the :path, /package.Service/Method");
    public static final Field<String> TYPE = Field.text("type", "unary, server-streaming, client-streaming or bidi-streaming (the client: as the descriptor says)");
    public static final Field<Long> TIMEOUT = Field.integer("timeout", Unit.NANOSECONDS, "the deadline the call carries (grpc-timeout), 0 for none");
    public static final Field<String> DIR = Field.text("dir", "send or receive");
    public static final Field<Long> BYTES = Field.integer("bytes", Unit.BYTES, "the message's length, without the 5-byte prefix");
    public static final Field<String> DATA = Field.text("data", "the message in protobuf text format, on one line (first " + DATA_CHARS + " characters)");
    public static final Field<Long> CODE = Field.integer("code", Unit.NONE, "grpc-status");
    public static final Field<String> STATUS = Field.text("status", "the status's name (OK, NOT_FOUND, DEADLINE_EXCEEDED...)");
    public static final Field<String> MESSAGE = Field.text("message", "grpc-message, decoded");
    public static final Field<Long> SENT = Field.integer("sent", Unit.NONE, "messages this side sent");
    public static final Field<Long> RECEIVED = Field.integer("received", Unit.NONE, "messages this side received");
    public static final Field<Long> ELAPSED = Field.integer("elapsed", Unit.NANOSECONDS, "from the call's start on this side to its status");

    public static final EventType CALL = CATALOG.event("call", "a call starts: the client sends its headers, the server has them",
            SIDE, CONN, STREAM, METHOD, TYPE, TIMEOUT);
    public static final EventType MSG = CATALOG.event("message", "a message was sent or received whole",
            SIDE, CONN, STREAM, METHOD, DIR, BYTES, DATA);
    public static final EventType END = CATALOG.event("status", "a call ends: the server sends its trailers, the client has them (or gives up)",
            SIDE, CONN, STREAM, METHOD, CODE, STATUS, MESSAGE, SENT, RECEIVED, ELAPSED);

    static void call(Trace t, String node, String side, String conn, int stream, String method, String kind, long timeoutNs) {
        if (t != null && t.enabled()) {
            t.emit(node, CALL, side, conn, stream, method, kind, timeoutNs);
        }
    }

    static void message(Trace t, String node, String side, String conn, int stream, String method, String dir, int bytes,
            String data) {
        if (t != null && t.enabled()) {
            t.emit(node, MSG, side, conn, stream, method, dir, bytes,
                    data.length() > DATA_CHARS ? data.substring(0, DATA_CHARS) : data);
        }
    }

    static void end(Trace t, String node, String side, String conn, int stream, String method, GrpcStatus status,
            String message, long sent, long received, long elapsedNs) {
        if (t != null && t.enabled()) {
            t.emit(node, END, side, conn, stream, method, status.code(), status.name(), message, sent, received, elapsedNs);
        }
    }
}
