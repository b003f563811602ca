package dev.minternet.http.ws;

import dev.minternet.http.NettyBridge;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.DeflateFrameServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WebSocket server on Netty's codecs (RFC 6455), one pipeline per accepted connection:
 * {@code HttpServerCodec}, {@code HttpObjectAggregator}, permessage-deflate (RFC 7692, Netty's
 * {@code WebSocketServerCompressionHandler}, when on), the tracer, Netty's
 * {@code WebSocketServerProtocolHandler} (the opening handshake for paths under the prefix, pongs
 * to pings, UTF-8 checks, close 1002 on a protocol violation and 1009 on an oversized frame),
 * {@code WebSocketFrameAggregator} (fragments joined into messages), then the {@link WsSession}.
 *
 * <p>A plain HTTP request outside the prefix gets {@code 200 ok} on {@code GET /health} (what a
 * load balancer's health check asks) and {@code 404} otherwise; a request under the prefix
 * without the Upgrade headers gets Netty's {@code 400}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>path prefix</td><td>/</td></tr>
 *   <tr><td>permessage-deflate</td><td>on</td></tr>
 *   <tr><td>its context takeover (off: {@code server_no_context_takeover})</td><td>on</td></tr>
 *   <tr><td>max message</td><td>64 KiB (larger: close 1009)</td></tr>
 * </table>
 */
public final class WsServer {
    private final Simulator sim;
    private final Trace trace;
    private final WsListener listener;
    private String prefix = "/";
    private boolean deflate = true;
    private boolean contextTakeover = true;
    private int maxMessage = 64 * 1024;

    public WsServer(Simulator sim, Trace trace, WsListener listener) {
        this.sim = sim;
        this.trace = trace;
        this.listener = listener;
    }

    /**
     * WebSocket connections are accepted for {@code p} and paths under it ({@code /room} takes
     * {@code /room/1} and {@code /room?x}, not {@code /rooms}).
     */
    public WsServer prefix(String p) {
        this.prefix = p;
        return this;
    }

    public WsServer deflate(boolean on) {
        this.deflate = on;
        return this;
    }

    /**
     * Whether the server's permessage-deflate compressor keeps its context (the last 32 KiB it
     * compressed, and zlib's tables) from one message to the next, as by default in RFC 7692. Off,
     * every acceptance answers {@code server_no_context_takeover} (which RFC 7692 section 7.1.1.1
     * lets a server add unasked): each message the server sends is compressed on its own, so
     * neither the server's compressor nor the client's decompressor keeps zlib state between
     * messages (about 256 KiB and 40 KiB a connection otherwise, for its life): what a server
     * with many idle members chooses. The client's own messages keep their context.
     */
    public WsServer contextTakeover(boolean on) {
        this.contextTakeover = on;
        return this;
    }

    public WsServer maxMessage(int bytes) {
        this.maxMessage = bytes;
        return this;
    }

    /** Serves one accepted connection (TCP, or TLS over it). */
    public WsSession serve(StreamSocket s) {
        WsSession session = new WsSession(sim, true, s, trace, listener);
        List<ChannelHandler> l = new ArrayList<>();
        l.add(new HttpServerCodec());
        l.add(new HttpObjectAggregator(8192));
        if (deflate) {
            l.add(contextTakeover ? new WebSocketServerCompressionHandler() : noContextTakeover());
        }
        l.add(new WsTracer(session));
        WebSocketDecoderConfig dec = WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(maxMessage)
                .allowExtensions(deflate).expectMaskedFrames(true).closeOnProtocolViolation(true).build();
        l.add(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder().websocketPath(prefix)
                .checkStartsWith(true).handleCloseFrames(false).sendCloseFrame(null).dropPongFrames(true).decoderConfig(dec)
                .handshakeTimeoutMillis(10_000).build()));
        l.add(new WebSocketFrameAggregator(maxMessage));
        l.add(session.new Endpoint());
        session.bind(new NettyBridge(sim, s, l.toArray(new ChannelHandler[0])));
        return session;
    }

    /** A request that did not ask for a WebSocket: the health check, or 404. */
    static void answerPlainHttp(ChannelHandlerContext ctx, FullHttpRequest r) {
        boolean health = r.uri().equals("/health") && (r.method().name().equals("GET") || r.method().name().equals("HEAD"));
        byte[] body = (health ? "ok\n" : "404 Not Found\n").getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                health ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        HttpUtil.setContentLength(res, body.length);
        ctx.writeAndFlush(res);
    }

    /**
     * Netty's compression handler (permessage-deflate, then deflate-frame), whose permessage-deflate
     * acceptances carry {@code server_no_context_takeover} whether or not the offer asked for it:
     * the offer is handed to Netty's handshaker (the same settings as its default one, but allowed
     * to drop the server's context) as if it had.
     */
    private static WebSocketServerExtensionHandler noContextTakeover() {
        PerMessageDeflateServerExtensionHandshaker netty = new PerMessageDeflateServerExtensionHandshaker(6,
                ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(), 15, true, false, 15, 8, 0);
        WebSocketServerExtensionHandshaker perMessage = offer -> {
            if (!"permessage-deflate".equals(offer.name())) {
                return null;
            }
            Map<String, String> asked = new LinkedHashMap<>(offer.parameters());
            asked.put("server_no_context_takeover", null);
            return netty.handshakeExtension(new WebSocketExtensionData(offer.name(), asked));
        };
        return new WebSocketServerExtensionHandler(perMessage, new DeflateFrameServerExtensionHandshaker(6, 0));
    }
}
