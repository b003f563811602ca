package dev.minternet.http.ws;

/**
 * What an application hears from its WebSockets, on the simulator thread. A server's listener
 * hears every connection; a client's hears its one.
 */
public interface WsListener {
    /** The opening handshake is done (RFC 6455 section 4): messages may flow. */
    default void onOpen(WsSession s) {
    }

    /** A whole text message (its fragments joined, permessage-deflate undone). */
    default void onText(WsSession s, String text) {
    }

    /** A whole binary message. */
    default void onBinary(WsSession s, byte[] data) {
    }

    /**
     * The connection is gone (RFC 6455 section 7.1.4): {@code code} is the status the peer's close
     * frame carried, 1005 when it carried none, 1006 when no close frame came at all; {@code clean}
     * when both close frames were exchanged before TCP closed.
     */
    default void onClose(WsSession s, int code, String reason, boolean clean) {
    }

    /** A client's opening handshake failed ({@code s} never opened); the connection is closed. */
    default void onFail(WsSession s, String error) {
    }
}
