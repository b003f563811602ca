package dev.minternet.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;

/**
 * A request method Netty will not write: curl sends {@code -X} as it was typed ({@code -X 'A:B'}
 * gives the request line {@code A:B / HTTP/1.1}, {@code -X ''} one that starts with a space, as
 * curl 7.88 sends them; a server answers 400). Netty's encoder takes only RFC 9110 tokens, so the
 * request goes through it with {@link #PLACEHOLDER} and this handler, next to the socket, puts
 * the typed bytes in its place on the wire.
 */
final class RawMethod extends ChannelOutboundHandlerAdapter {
    /** The method the encoder writes in place of one it would refuse. */
    static final HttpMethod PLACEHOLDER = HttpMethod.GET;

    /** The typed method for the next request line, or null. */
    private byte[] pending;

    /** Whether {@code method} is an HTTP token (RFC 9110 5.6.2), as Netty's HttpMethod requires. */
    static boolean isToken(String method) {
        if (method.isEmpty()) {
            return false;
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (!(c < 127 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0))) {
                return false;
            }
        }
        return true;
    }

    /** The next request line the encoder writes starts with {@code method} instead of the placeholder. */
    void next(String method) {
        pending = method.getBytes(StandardCharsets.UTF_8);
    }

    /** On an HTTP/2 stream: the HEADERS frame's {@code :method} as typed (nghttp2 sends it unchecked). */
    static final class OnStream extends ChannelOutboundHandlerAdapter {
        private final String method;

        OnStream(String method) {
            this.method = method;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof io.netty.handler.codec.http2.Http2HeadersFrame h) {
                h.headers().method(method);
            }
            ctx.write(msg, promise);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        int skip = PLACEHOLDER.name().length();
        if (pending != null && msg instanceof ByteBuf b && b.readableBytes() > skip) {
            ByteBuf out = Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(pending), b.retainedSlice(b.readerIndex() + skip,
                    b.readableBytes() - skip));
            b.release();
            pending = null;
            ctx.write(out, promise);
            return;
        }
        ctx.write(msg, promise);
    }
}
