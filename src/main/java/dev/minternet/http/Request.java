package dev.minternet.http;

import dev.minternet.wire.Ip4;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP request as applications see it: method, request target, ordered headers and body. On
 * the server it also carries the protocol and the peer's address, so a handler can tell who asked
 * ({@link #clientAddress()} honours {@code X-Forwarded-For}): {@code peer} as text (a dotted quad,
 * or an IPv6 address as RFC 5952 writes it), {@code remoteAddress} the IPv4 one (0 over IPv6).
 */
public record Request(String method, String target, Headers headers, byte[] body, HttpProtocol protocol,
        int remoteAddress, int remotePort, String peer) {

    public Request {
        if (body == null) {
            body = new byte[0];
        }
        if (headers == null) {
            headers = Headers.EMPTY;
        }
        if (peer == null) {
            peer = Ip4.str(remoteAddress);
        }
    }

    /** A request from an IPv4 peer (its address as text follows from it). */
    public Request(String method, String target, Headers headers, byte[] body, HttpProtocol protocol, int remoteAddress,
            int remotePort) {
        this(method, target, headers, body, protocol, remoteAddress, remotePort, null);
    }

    /** A client-side request (no peer yet). */
    public static Request of(String method, String target, Headers headers, byte[] body) {
        return new Request(method, target, headers, body, HttpProtocol.HTTP_1_1, 0, 0);
    }

    public static Request get(String target) {
        return of("GET", target, Headers.EMPTY, null);
    }

    public Request withHeader(String name, String value) {
        return new Request(method, target, headers.with(name, value), body, protocol, remoteAddress, remotePort, peer);
    }

    public Request withHeaders(Headers h) {
        return new Request(method, target, h, body, protocol, remoteAddress, remotePort, peer);
    }

    /** The path part of the target (no query). */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The Host header (HTTP/1.1) or :authority (HTTP/2, carried as Host by the conversion). */
    public String host() {
        return headers.get("Host");
    }

    /**
     * The original client: the first address of {@code X-Forwarded-For} when present (set by a
     * proxy in front of us), else the peer that connected.
     */
    public String clientAddress() {
        String xff = headers.get("X-Forwarded-For");
        if (xff != null && !xff.isBlank()) {
            int comma = xff.indexOf(',');
            return (comma < 0 ? xff : xff.substring(0, comma)).trim();
        }
        return peer;
    }

    /**
     * This request as a proxy forwards it: hop-by-hop headers removed ({@link
     * Headers#withoutHopByHop}) and the peer's address appended to {@code X-Forwarded-For} (the
     * de-facto convention: "client, proxy1, proxy2").
     */
    public Request forwardedFor() {
        String me = peer;
        String xff = headers.get("X-Forwarded-For");
        return withHeaders(headers.withoutHopByHop().set("X-Forwarded-For", xff == null ? me : xff + ", " + me));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
