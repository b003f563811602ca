package dev.minternet.http.ws;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Trace;
import dev.minternet.trace.Unit;

/**
 * Trace events of layer {@code ws} (WebSocket, RFC 6455). Every event carries {@code side} (client
 * or server) and {@code conn} (the connection as {@code local -> peer} address:port pairs as this
 * side sees them), so that a reader can follow one connection. The emitters live here so that the
 * codec and the sessions share them.
 */
public final class WsEvents {
    /** How much text of a frame a trace event keeps. */
    static final int DATA_CHARS = 200;

    private WsEvents() {
    }

    public static final Catalog CATALOG = new Catalog("ws",
            "WebSockets (http.ws, RFC 6455 on Netty's codecs): opening handshakes, frames, closes, permessage-deflate (RFC 7692).");

    public static final Field<String> SIDE = Field.text("side", "client or server");
    public static final Field<String> CONN = Field.text("conn", "the connection as local -> peer address:port, as this side sees it");
    public static final Field<String> TARGET = Field.text("target", "the request target of the opening handshake (path and query)");
    public static final Field<String> KEY = Field.text("key", "the client's Sec-WebSocket-Key (from the seed)");
    public static final Field<Long> STATUS = Field.integer("status", Unit.NONE, "the handshake's status code (101)");
    public static final Field<String> ACCEPT = Field.text("accept", "Sec-WebSocket-Accept (section 4.2.2)");
    public static final Field<String> EXTENSIONS = Field.text("extensions", "the negotiated Sec-WebSocket-Extensions, empty when none");
    public static final Field<String> SUBPROTOCOL = Field.text("subprotocol", "the negotiated Sec-WebSocket-Protocol, empty when none");
    public static final Field<String> DIR = Field.text("dir", "send or receive");
    public static final Field<String> OPCODE = Field.text("opcode", "text, binary, continuation, ping, pong or close (section 5.2)");
    public static final Field<Boolean> FIN = Field.flag("fin", "the frame ends its message");
    public static final Field<Long> LENGTH = Field.integer("length", Unit.BYTES,
            "payload bytes as the application sees them (before permessage-deflate)");
    public static final Field<String> DATA = Field.text("data", "the text (first " + DATA_CHARS
            + " characters) of a text or continuation frame, the status code and reason of a close frame, empty otherwise");
    public static final Field<Long> CODE = Field.integer("code", Unit.NONE, "the close code (section 7.4), 1006 when no close frame arrived");
    public static final Field<String> REASON = Field.text("reason", "the close reason");
    public static final Field<Boolean> CLEAN = Field.flag("clean", "both close frames were exchanged (section 7.1.4)");
    public static final Field<String> INITIATOR = Field.text("initiator", "who sent the first close frame: local, remote or none");
    public static final Field<String> ERROR = Field.text("error", "why the handshake failed");

    public static final EventType HANDSHAKE = CATALOG.event("handshake", "the client sends its opening handshake (section 4.1)",
            SIDE, CONN, TARGET, KEY);
    public static final EventType OPEN = CATALOG.event("open", "the 101 Switching Protocols was sent (server) or verified (client)",
            SIDE, CONN, TARGET, STATUS, ACCEPT, EXTENSIONS, SUBPROTOCOL);
    public static final EventType FRAME = CATALOG.event("frame", "a frame was sent or received (section 5.2)",
            SIDE, CONN, DIR, OPCODE, FIN, LENGTH, DATA);
    public static final EventType CLOSE = CATALOG.event("close",
            "the TCP connection under the WebSocket is gone (sections 7.1.4-7.1.5)", SIDE, CONN, CODE, REASON, CLEAN, INITIATOR);
    public static final EventType FAIL = CATALOG.event("fail",
            "the opening handshake failed (a status other than 101, a wrong Sec-WebSocket-Accept)", SIDE, CONN, TARGET, ERROR);

    static void handshake(Trace t, String node, String conn, String target, String key) {
        if (t != null && t.enabled()) {
            t.emit(node, HANDSHAKE, "client", conn, target, key);
        }
    }

    static void open(Trace t, String node, String side, String conn, String target, int status, String accept,
            String extensions, String subprotocol) {
        if (t != null && t.enabled()) {
            t.emit(node, OPEN, side, conn, target, status, accept, extensions, subprotocol);
        }
    }

    static void frame(Trace t, String node, String side, String conn, String dir, String opcode, boolean fin, int length,
            String data) {
        if (t != null && t.enabled()) {
            t.emit(node, FRAME, side, conn, dir, opcode, fin, length, data);
        }
    }

    static void close(Trace t, String node, String side, String conn, int code, String reason, boolean clean,
            String initiator) {
        if (t != null && t.enabled()) {
            t.emit(node, CLOSE, side, conn, code, reason, clean, initiator);
        }
    }

    static void fail(Trace t, String node, String side, String conn, String target, String error) {
        if (t != null && t.enabled()) {
            t.emit(node, FAIL, side, conn, target, error);
        }
    }
}
