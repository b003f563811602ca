package dev.minternet.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** An HTTP response as applications see it: status, ordered headers, body (already decoded). */
public record Response(int status, Headers headers, byte[] body) {

    public Response {
        if (body == null) {
            body = new byte[0];
        }
        if (headers == null) {
            headers = Headers.EMPTY;
        }
    }

    public static Response of(int status, String contentType, byte[] body) {
        return new Response(status, Headers.of("Content-Type", contentType), body);
    }

    public static Response ok(String contentType, byte[] body) {
        return of(200, contentType, body);
    }

    public static Response text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public static Response json(String json) {
        return of(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public static Response notFound() {
        return text(404, "404 Not Found\n");
    }

    public Response withHeader(String name, String value) {
        return new Response(status, headers.set(name, value), body);
    }

    /** This response as a proxy passes it on: without hop-by-hop headers. */
    public Response forwarded() {
        return new Response(status, headers.withoutHopByHop(), body);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The reason phrase HTTP/1.1 sends with {@code status} (RFC 9110 section 15). */
    public String reason() {
        return reasonPhrase(status);
    }

    /** The reason phrase RFC 9110 section 15 gives {@code status} ("Not Found"). */
    public static String reasonPhrase(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}
