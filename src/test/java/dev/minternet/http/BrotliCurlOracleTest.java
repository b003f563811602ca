package dev.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real curl judges the server's Brotli: the body the simulated server's compressor puts on
 * the wire is served from a tiny HTTP server on 127.0.0.1 with {@code Content-Encoding: br}, and
 * the real {@code curl --compressed} must decode it to the original page. The same run checks
 * that the simulated curl's {@code --compressed} offers what the real one sends. A missing curl
 * skips (fails with MINTERNET_REQUIRE_ORACLES=1).
 */
class BrotliCurlOracleTest {
    private static final String PAGE = "<!doctype html><title>Minternet</title>\n"
            + "<p>the quick brown fox jumps over the lazy dog</p>\n".repeat(120);

    /** The body as the simulated server sends it to a client that accepts {@code acceptEncoding}. */
    private static Wire compress(String acceptEncoding) {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServer.TextCompressor());
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        req.headers().set(HttpHeaderNames.ACCEPT_ENCODING, acceptEncoding);
        ch.writeInbound(req);
        ch.readInbound();
        DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer(PAGE, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        ch.writeOutbound(res);
        String coding = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            if (o instanceof HttpResponse r) {
                coding = r.headers().get(HttpHeaderNames.CONTENT_ENCODING);
            }
            if (o instanceof HttpContent c) {
                ByteBuf b = c.content();
                byte[] a = new byte[b.readableBytes()];
                b.readBytes(a);
                body.writeBytes(a);
                c.release();
            }
        }
        ch.finishAndReleaseAll();
        return new Wire(coding, body.toByteArray());
    }

    private record Wire(String coding, byte[] body) {
    }

    @Test
    void real_curl_decodes_the_servers_brotli_and_offers_what_the_simulated_curl_offers() throws Exception {
        Wire br = compress(HttpClient.curlAcceptEncoding());
        assertThat(br.coding()).isEqualTo("br");
        assertThat(br.body().length).isLessThan(PAGE.length() / 10);

        String[] accepted = new String[1];
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            accepted[0] = ex.getRequestHeaders().getFirst("Accept-Encoding");
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.getResponseHeaders().add("Content-Encoding", br.coding());
            ex.sendResponseHeaders(200, br.body().length);
            ex.getResponseBody().write(br.body());
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            Process p = new ProcessBuilder(Oracles.require("curl", "curl").toString(), "-sS", "--compressed", url)
                    .redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(err).isZero();
            assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(PAGE);
        } finally {
            server.stop(0);
        }
        assertThat(accepted[0]).as("the simulated curl --compressed sends what the real one sends")
                .isEqualTo(HttpClient.curlAcceptEncoding());
    }

    @Test
    void the_same_page_compresses_to_the_same_bytes() {
        Wire a = compress("br");
        Wire b = compress("gzip, br");
        assertThat(a.body()).isEqualTo(b.body());
        assertThat(List.of(a.coding(), compress("gzip").coding())).containsExactly("br", "gzip");
    }
}
