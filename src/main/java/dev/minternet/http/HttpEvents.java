package dev.minternet.http;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code http}: requests and responses as the client and the server see them. */
public final class HttpEvents {
    private HttpEvents() {
    }

    public static final Catalog CATALOG = new Catalog("http",
            "HTTP/1.1 (RFC 9112) and HTTP/2 (RFC 9113) on Netty's codecs (http.HttpClient, http.HttpServer).");

    public static final Field<String> SIDE = Field.text("side", "client or server");
    public static final Field<String> PROTOCOL = Field.text("protocol", "h2 or http/1.1 (the ALPN id)");
    public static final Field<String> METHOD = Field.text("method", "the request method");
    public static final Field<String> TARGET = Field.text("target", "the request target (path and query)");
    public static final Field<String> HOST = Field.text("host", "the Host header or :authority (the text null when absent)");
    public static final Field<String> CLIENT = Field.text("client", "the client's address as the server sees it (X-Forwarded-For honoured from a trusted proxy)");
    public static final Field<Long> STATUS = Field.integer("status", Unit.NONE, "the status code");
    public static final Field<Long> BYTES = Field.integer("bytes", Unit.BYTES, "body bytes (client: as on the wire, before decoding)");
    public static final Field<Long> SENT = Field.integer("sent", Unit.NANOSECONDS, "when the request went out (simulated time)");
    public static final Field<Long> FIRST_BYTE = Field.integer("first_byte", Unit.NANOSECONDS, "when the first byte of the response arrived (simulated time)");
    public static final Field<String> ERROR = Field.text("error", "why the exchange failed");
    public static final Field<String> PEER = Field.text("peer", "the client's address:port");

    public static final EventType CLIENT_REQUEST = CATALOG.event("request", "a client sends a request (side client)",
            SIDE, PROTOCOL, METHOD, TARGET, HOST);
    public static final EventType CLIENT_RESPONSE = CATALOG.event("response", "a client has the whole response (side client)",
            SIDE, PROTOCOL, STATUS, TARGET, BYTES, SENT, FIRST_BYTE);
    public static final EventType CLIENT_ERROR = CATALOG.event("error", "a client's exchange failed (side client)", SIDE, PROTOCOL, TARGET, ERROR);
    public static final EventType SERVER_CONNECTION = CATALOG.event("connection", "a server starts serving a connection (side server)", SIDE, PROTOCOL, PEER);
    public static final EventType SERVER_REQUEST = CATALOG.event("request", "a server has a whole request (side server)",
            SIDE, PROTOCOL, METHOD, TARGET, HOST, CLIENT);
    public static final EventType SERVER_RESPONSE = CATALOG.event("response", "a server's handler answered (side server)",
            SIDE, PROTOCOL, STATUS, TARGET, BYTES);
}
