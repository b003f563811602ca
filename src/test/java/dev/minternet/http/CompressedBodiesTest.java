package dev.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Given a page the server compresses for every visitor, when it is sent whole (compressed once,
 * then taken from {@link CompressedBodies}) and when it is sent as a streamed response (headers,
 * then the body as the last piece: the cache never serves it), then the bodies on the wire are
 * the same bytes, for gzip and for Brotli, and another page gets its own body. (The encoders
 * flush at each piece, so a body in two pieces compresses to other bytes: the cache's key holds
 * the pieces' lengths.)
 */
class CompressedBodiesTest {
    private static final String PAGE = "<!doctype html><title>cache</title>\n" + "<p>line of a static page</p>\n".repeat(200);

    private record Wire(String coding, String contentLength, byte[] body) {
    }

    private static Wire send(String acceptEncoding, String page, boolean whole) {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServer.TextCompressor());
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        req.headers().set(HttpHeaderNames.ACCEPT_ENCODING, acceptEncoding);
        ch.writeInbound(req);
        ch.readInbound();
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        if (whole) {
            DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(bytes));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
            HttpUtil.setContentLength(res, bytes.length);
            ch.writeOutbound(res);
        } else {
            DefaultHttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
            ch.write(res);
            ch.writeAndFlush(new DefaultLastHttpContent(Unpooled.copiedBuffer(bytes)));
        }
        String coding = null;
        String length = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            if (o instanceof HttpResponse r) {
                coding = r.headers().get(HttpHeaderNames.CONTENT_ENCODING);
                length = r.headers().get(HttpHeaderNames.CONTENT_LENGTH);
            }
            if (o instanceof HttpContent c) {
                ByteBuf b = c.content();
                byte[] a = new byte[b.readableBytes()];
                b.readBytes(a);
                body.writeBytes(a);
            }
            io.netty.util.ReferenceCountUtil.release(o);
        }
        ch.finishAndReleaseAll();
        return new Wire(coding, length, body.toByteArray());
    }

    @Test
    void a_whole_page_compressed_again_is_the_same_bytes_as_the_streamed_one() {
        for (String[] c : new String[][] {{"gzip", "gzip"}, {"br", "br"}}) {
            if (c[0].equals("br") && !AcceptEncoding.brotli()) {
                continue;
            }
            Wire first = send(c[0], PAGE, true);
            Wire again = send(c[0], PAGE, true);
            Wire streamed = send(c[0], PAGE, false);
            assertThat(first.coding()).isEqualTo(c[1]);
            assertThat(first.body().length).isLessThan(PAGE.length() / 5);
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(streamed.body()).isEqualTo(first.body());
            assertThat(again.contentLength()).isEqualTo(String.valueOf(first.body().length));

            Wire other = send(c[0], PAGE + "<p>one more line</p>\n", true);
            Wire otherStreamed = send(c[0], PAGE + "<p>one more line</p>\n", false);
            assertThat(other.body()).isNotEqualTo(first.body()).isEqualTo(otherStreamed.body());
        }
    }
}
