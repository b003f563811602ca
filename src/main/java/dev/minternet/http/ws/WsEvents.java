package dev.minternet.http.ws;

import dev.minternet.trace.Trace;

/**
 * The trace events of layer {@code ws} (WebSocket, RFC 6455), emitted in one place so that their
 * shapes are declared once. Every event carries {@code side} (client or server) and {@code conn}
 * (the connection as {@code local -> peer} address:port pairs as this side sees them), so that a
 * reader can follow one connection.
 *
 * <table>
 *   <caption>Events</caption>
 *   <tr><th>kind</th><th>fields after side, conn</th><th>when</th></tr>
 *   <tr><td>handshake</td><td>target, key</td><td>the client sends its opening handshake (section 4.1)</td></tr>
 *   <tr><td>open</td><td>target, status, accept, extensions, subprotocol</td><td>the 101 Switching Protocols was sent (server) or verified (client)</td></tr>
 *   <tr><td>frame</td><td>dir, opcode, fin, length, data</td><td>a frame was sent or received (section 5.2); length counts payload bytes as the application sees them (before permessage-deflate); data is the text (first 200 characters) of a text or continuation frame, the status code and reason of a close frame, empty otherwise</td></tr>
 *   <tr><td>close</td><td>code, reason, clean, initiator</td><td>the TCP connection under the WebSocket is gone (section 7.1.4-7.1.5): code 1006 when no close frame arrived, clean when both close frames were exchanged, initiator local, remote or none</td></tr>
 *   <tr><td>fail</td><td>target, error</td><td>the opening handshake failed (a status other than 101, a wrong Sec-WebSocket-Accept)</td></tr>
 * </table>
 */
public final class WsEvents {
    static final String LAYER = "ws";
    /** How much text of a frame a trace event keeps. */
    static final int DATA_CHARS = 200;

    private WsEvents() {
    }

    static void handshake(Trace t, String node, String conn, String target, String key) {
        if (t != null && t.enabled()) {
            t.emit(node, LAYER, "handshake", "side", "client", "conn", conn, "target", target, "key", key);
        }
    }

    static void open(Trace t, String node, String side, String conn, String target, int status, String accept,
            String extensions, String subprotocol) {
        if (t != null && t.enabled()) {
            t.emit(node, LAYER, "open", "side", side, "conn", conn, "target", target, "status", status, "accept", accept,
                    "extensions", extensions, "subprotocol", subprotocol);
        }
    }

    static void frame(Trace t, String node, String side, String conn, String dir, String opcode, boolean fin, int length,
            String data) {
        if (t != null && t.enabled()) {
            t.emit(node, LAYER, "frame", "side", side, "conn", conn, "dir", dir, "opcode", opcode, "fin", fin,
                    "length", length, "data", data);
        }
    }

    static void close(Trace t, String node, String side, String conn, int code, String reason, boolean clean,
            String initiator) {
        if (t != null && t.enabled()) {
            t.emit(node, LAYER, "close", "side", side, "conn", conn, "code", code, "reason", reason, "clean", clean,
                    "initiator", initiator);
        }
    }

    static void fail(Trace t, String node, String side, String conn, String target, String error) {
        if (t != null && t.enabled()) {
            t.emit(node, LAYER, "fail", "side", side, "conn", conn, "target", target, "error", error);
        }
    }
}
