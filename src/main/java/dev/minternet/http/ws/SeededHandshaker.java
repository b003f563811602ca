package dev.minternet.http.ws;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameMaskGenerator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Netty's RFC 6455 client handshaker with its two random draws seeded (docs/design.md decision 6):
 * the 16-byte nonce of {@code Sec-WebSocket-Key} (section 4.1) and every frame's 32-bit masking
 * key (section 5.3) come from the given stream instead of ThreadLocalRandom, so a run's bytes
 * are the same every time. Everything else (the request, the checks of the 101, the pipeline
 * switch) is Netty's.
 *
 * <p>Netty computes the accept value it expects from the nonce it drew itself; the request
 * leaves with the seeded key instead, so {@link #verify} checks the server's accept against the
 * seeded key and hands Netty's check the value it expects.
 */
final class SeededHandshaker extends WebSocketClientHandshaker13 {
    /** The GUID of RFC 6455 section 1.3. */
    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final SplittableRandom random;
    private String key;
    private String expected;
    private String nettyExpected;

    SeededHandshaker(URI uri, HttpHeaders headers, int maxFrame, SplittableRandom random) {
        super(uri, WebSocketVersion.V13, null, true, headers, maxFrame, true, false, 10_000);
        this.random = random;
    }

    /** The value of Sec-WebSocket-Accept for {@code key}: base64(SHA-1(key + GUID)), section 4.2.2. */
    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected FullHttpRequest newHandshakeRequest() {
        FullHttpRequest r = super.newHandshakeRequest();
        nettyExpected = accept(r.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY));
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        key = Base64.getEncoder().encodeToString(nonce);
        expected = accept(key);
        r.headers().set(HttpHeaderNames.SEC_WEBSOCKET_KEY, key);
        if (customHeaders == null || !customHeaders.contains(HttpHeaderNames.ORIGIN)) {
            r.headers().remove(HttpHeaderNames.ORIGIN); // a command-line client has no origin (a browser sends its page's)
        }
        return r;
    }

    @Override
    protected void verify(FullHttpResponse response) {
        if (response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
            String got = response.headers().get(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT);
            if (!expected.equals(got)) {
                throw new WebSocketClientHandshakeException(
                        "Invalid challenge. Actual: " + got + ". Expected: " + expected, response);
            }
            response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, nettyExpected);
            try {
                super.verify(response);
            } finally {
                response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, got);
            }
            return;
        }
        super.verify(response);
    }

    @Override
    protected WebSocketFrameEncoder newWebSocketEncoder() {
        return clientEncoder(random::nextInt);
    }

    /** A client's frame encoder: every frame masked with the next key of {@code masks} (section 5.3). */
    static WebSocketFrameEncoder clientEncoder(WebSocketFrameMaskGenerator masks) {
        return new WebSocket13FrameEncoder(masks);
    }

    /** The key the request carries (after {@link #newHandshakeRequest}). */
    String key() {
        return key;
    }
}
