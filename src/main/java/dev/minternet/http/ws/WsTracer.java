package dev.minternet.http.ws;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;

/**
 * Watches a WebSocket pipeline between the frame codec (with its permessage-deflate encoder and
 * decoder) and the protocol handler, so that it sees every frame as the application means it,
 * control frames included (a ping the protocol handler answers, the pong it writes), and the
 * handshake's 101 response. It reports to the {@link WsSession}; it never changes a message.
 */
final class WsTracer extends ChannelDuplexHandler {
    private final WsSession session;
    /** Whether the message in progress in each direction is text (for its continuation frames). */
    private boolean textIn;
    private boolean textOut;

    WsTracer(WsSession session) {
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof WebSocketFrame f) {
            frame("receive", f);
        } else if (msg instanceof FullHttpResponse r) {
            session.handshakeResponse(r.status().code(), r.headers());
        } else if (msg instanceof FullHttpRequest r) {
            session.requestSeen(r.uri());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof WebSocketFrame f) {
            frame("send", f);
        } else if (msg instanceof FullHttpResponse r && r.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
            // the compression handler nearer the wire adds Sec-WebSocket-Extensions on its way out:
            // read the headers once the write is done
            promise = promise.unvoid();
            promise.addListener(done -> {
                if (done.isSuccess()) {
                    session.handshakeResponse(101, r.headers());
                }
            });
        } else if (msg instanceof FullHttpRequest r
                && r.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)) {
            session.handshakeRequest(r.uri(), r.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY));
        }
        super.write(ctx, msg, promise);
    }

    private void frame(String dir, WebSocketFrame f) {
        boolean in = dir.equals("receive");
        if (f instanceof TextWebSocketFrame || f instanceof BinaryWebSocketFrame) {
            if (in) {
                textIn = f instanceof TextWebSocketFrame;
            } else {
                textOut = f instanceof TextWebSocketFrame;
            }
        }
        if (session.traced()) {
            session.traceFrame(dir, opcode(f), f.isFinalFragment(), f.content().readableBytes(), data(f, in ? textIn : textOut));
        }
    }

    /** The opcode's name (RFC 6455 section 5.2). */
    static String opcode(WebSocketFrame f) {
        if (f instanceof TextWebSocketFrame) {
            return "text";
        } else if (f instanceof BinaryWebSocketFrame) {
            return "binary";
        } else if (f instanceof ContinuationWebSocketFrame) {
            return "continuation";
        } else if (f instanceof PingWebSocketFrame) {
            return "ping";
        } else if (f instanceof PongWebSocketFrame) {
            return "pong";
        } else if (f instanceof CloseWebSocketFrame) {
            return "close";
        }
        return f.getClass().getSimpleName();
    }

    private static String data(WebSocketFrame f, boolean text) {
        if (f instanceof CloseWebSocketFrame c) {
            return c.content().readableBytes() < 2 ? "" : c.statusCode() + " " + c.reasonText();
        }
        if (f instanceof TextWebSocketFrame || (f instanceof ContinuationWebSocketFrame && text)) {
            int n = Math.min(f.content().readableBytes(), WsEvents.DATA_CHARS * 4);
            String s = f.content().toString(f.content().readerIndex(), n, StandardCharsets.UTF_8);
            return s.length() > WsEvents.DATA_CHARS ? s.substring(0, WsEvents.DATA_CHARS) : s;
        }
        return "";
    }
}
