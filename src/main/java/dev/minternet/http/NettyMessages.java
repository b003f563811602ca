package dev.minternet.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Conversions between our records and Netty's HTTP objects. */
final class NettyMessages {
    private NettyMessages() {
    }

    /** Netty's HTTP/2 conversion adds "x-http2-*" extension headers; applications never see them. */
    private static final String EXTENSION_PREFIX = "x-http2-";

    static Headers headers(HttpHeaders h) {
        List<Headers.Field> l = new ArrayList<>(h.size());
        for (Map.Entry<String, String> e : h) {
            if (!e.getKey().regionMatches(true, 0, EXTENSION_PREFIX, 0, EXTENSION_PREFIX.length())) {
                l.add(new Headers.Field(e.getKey(), e.getValue()));
            }
        }
        return Headers.wrap(l);
    }

    static byte[] bytes(ByteBuf b) {
        return ByteBufUtil.getBytes(b, b.readerIndex(), b.readableBytes(), false);
    }

    static void copy(Headers from, HttpHeaders to) {
        for (Headers.Field f : from.fields()) {
            to.add(f.name(), f.value());
        }
    }

    static FullHttpRequest toNetty(Request r) {
        HttpMethod method = RawMethod.isToken(r.method()) ? HttpMethod.valueOf(r.method()) : RawMethod.PLACEHOLDER;
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method,
                r.target(), Unpooled.wrappedBuffer(r.body()), false);
        copy(r.headers(), req.headers());
        return req;
    }

    static FullHttpResponse toNetty(Response r, boolean head) {
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body());
        DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(r.status()), content, false);
        copy(r.headers(), res.headers());
        return res;
    }

    static Response toResponse(FullHttpResponse r) {
        return new Response(r.status().code(), headers(r.headers()), bytes(r.content()));
    }
}
