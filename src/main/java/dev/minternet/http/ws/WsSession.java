package dev.minternet.http.ws;

import dev.minternet.http.NettyBridge;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import dev.minternet.wire.Ip6;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection, client or server side (RFC 6455), as its application uses it: send
 * text and binary messages (whole, or in fragments), pings, and the closing handshake with a
 * status code; hear messages and the close through a {@link WsListener}.
 *
 * <p>The closing handshake follows section 7: an endpoint that receives a close frame answers
 * with one carrying the same status code (section 5.5.1); the server then closes TCP first
 * (section 7.1.1) and the client waits for it. An endpoint that sent a close frame and hears
 * nothing within the close timeout (5 s) closes TCP itself. Every call must come from the
 * simulator thread.
 */
public final class WsSession {
    /** RFC 6455 section 7.4.1 status codes used here. */
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int NO_STATUS = 1005;
    public static final int ABNORMAL = 1006;
    public static final int MESSAGE_TOO_BIG = 1009;

    /** How long an endpoint that sent a close frame waits before closing TCP itself. */
    static final long CLOSE_TIMEOUT_NS = 5_000_000_000L;

    private final Simulator sim;
    private final boolean server;
    private final Trace trace;
    private final String node;
    private String conn;
    private final StreamSocket socket;
    private final WsListener listener;
    private NettyBridge bridge;
    private ChannelHandlerContext ctx;
    private String target = "";
    private HttpHeaders requestHeaders;
    private String extensions = "";
    private boolean open;
    private boolean failed;
    private boolean closeSent;
    private boolean closeReceived;
    private boolean ended;
    private String initiator = "none";
    private int code = ABNORMAL;
    private String reason = "";
    private ScheduledFuture<?> closeTimer;
    private Object attachment;
    private long lastPongNs = -1;

    WsSession(Simulator sim, boolean server, StreamSocket socket, Trace trace, WsListener listener) {
        this.sim = sim;
        this.server = server;
        this.socket = socket;
        this.trace = trace;
        this.node = socket.nodeName();
        this.listener = listener;
    }

    void bind(NettyBridge b) {
        this.bridge = b;
    }

    // ---- what the application sees

    /** The request target of the opening handshake (path and query). */
    public String target() {
        return target;
    }

    /** A header of the opening handshake's request (server side), or null. */
    public String requestHeader(String name) {
        return requestHeaders == null ? null : requestHeaders.get(name);
    }

    /** The negotiated extensions, as the 101's Sec-WebSocket-Extensions says (empty: none). */
    public String extensions() {
        return extensions;
    }

    /** The connection's peer address (the TCP peer: a load balancer when there is one). */
    public int remoteAddress() {
        return socket.remoteAddress();
    }

    public int remotePort() {
        return socket.remotePort();
    }

    /** The peer as {@code 10.0.0.1:80} or {@code [2001:db8::1]:80} (RFC 3986's brackets). */
    public String remote() {
        return Ip6.hostPort(socket.remoteHost(), socket.remotePort());
    }

    public String nodeName() {
        return node;
    }

    /** True between the opening handshake and the first close frame, either way. */
    public boolean isOpen() {
        return open && !closeSent && !closeReceived && !ended;
    }

    /** Whatever the application wants to keep with the connection (a chat member). */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object o) {
        this.attachment = o;
    }

    /** Sends a text message in one frame. */
    public void sendText(String text) {
        sendText(text, 0);
    }

    /**
     * Sends a text message, split into frames of at most {@code fragment} bytes of UTF-8 when
     * {@code fragment} is positive (section 5.4: a text frame without FIN, continuation frames, the
     * last with FIN); the split never cuts a character.
     */
    public void sendText(String text, int fragment) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (fragment <= 0 || b.length <= fragment) {
            write(new TextWebSocketFrame(text));
            return;
        }
        int off = 0;
        boolean first = true;
        while (off < b.length) {
            int end = Math.min(b.length, off + fragment);
            while (end < b.length && end > off + 1 && (b[end] & 0xC0) == 0x80) {
                end--; // not in the middle of a UTF-8 sequence
            }
            boolean fin = end == b.length;
            var buf = Unpooled.wrappedBuffer(b, off, end - off);
            write(first ? new TextWebSocketFrame(fin, 0, buf) : new ContinuationWebSocketFrame(fin, 0, buf));
            first = false;
            off = end;
        }
    }

    /** Sends a binary message in one frame. */
    public void sendBinary(byte[] data) {
        write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)));
    }

    /** Sends a ping (section 5.5.2); the peer's WebSocket answers with a pong carrying the same data. */
    public void ping(byte[] data) {
        write(new PingWebSocketFrame(Unpooled.wrappedBuffer(data)));
    }

    /**
     * Starts the closing handshake with {@code code} (negative: a close frame without a status)
     * and {@code reason} (section 5.5.1).
     */
    public void close(int code, String reason) {
        if (!open || closeSent || ended) {
            return;
        }
        if (!closeReceived) {
            initiator = "local";
        }
        closeSent = true;
        ctx.writeAndFlush(code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, reason));
        afterCloseFrames();
        pump();
    }

    /** When the last pong arrived (simulated ns), or -1 before any. */
    public long lastPongNs() {
        return lastPongNs;
    }

    /** Closes TCP without a closing handshake (FIN), as a process that exits does. */
    public void disconnect() {
        if (ctx != null && !ended) {
            ctx.close();
            pump();
        }
    }

    /** Drops the connection without a closing handshake (TCP RST). */
    public void abort() {
        if (bridge != null) {
            bridge.abort();
        }
    }

    private void write(WebSocketFrame f) {
        if (!isOpen()) {
            f.release();
            return;
        }
        ctx.writeAndFlush(f);
        pump();
    }

    private void pump() {
        if (bridge != null) {
            bridge.pump();
        }
    }

    // ---- the closing handshake (section 7)

    private void closeFrame(CloseWebSocketFrame f) {
        closeReceived = true;
        boolean hasCode = f.content().readableBytes() >= 2;
        code = hasCode ? f.statusCode() : NO_STATUS;
        reason = hasCode ? f.reasonText() : "";
        if (!closeSent) {
            initiator = "remote";
            closeSent = true;
            // section 5.5.1: echo the status code received
            ctx.writeAndFlush(hasCode ? new CloseWebSocketFrame(code, "") : new CloseWebSocketFrame());
        }
        afterCloseFrames();
    }

    /** Once both close frames are out, the server closes TCP; whoever waits gives up after the timeout. */
    private void afterCloseFrames() {
        if (server && closeReceived && closeSent) {
            ctx.close();
            return;
        }
        if (closeTimer == null) {
            ChannelHandlerContext c = ctx;
            closeTimer = ctx.executor().schedule(() -> {
                c.close();
            }, CLOSE_TIMEOUT_NS, TimeUnit.NANOSECONDS);
        }
    }

    private void ended() {
        if (ended) {
            return;
        }
        ended = true;
        if (closeTimer != null) {
            closeTimer.cancel(false);
        }
        if (!open) {
            if (!server) { // a server's connection that never upgraded was plain HTTP (a health check)
                failed("connection closed before the handshake completed");
            }
            return;
        }
        boolean clean = closeSent && closeReceived;
        if (!closeReceived) {
            code = ABNORMAL;
            reason = "";
        }
        WsEvents.close(trace, node, side(), conn(), code, reason, clean, initiator);
        listener.onClose(this, code, reason, clean);
    }

    // ---- reports from the pipeline

    /** True when a trace listens: frames and handshakes are described only then. */
    boolean traced() {
        return trace != null && trace.enabled();
    }

    /** The connection as traces name it (built at its first traced use: large runs trace nothing). */
    private String conn() {
        if (!traced()) {
            return "";
        }
        if (conn == null) {
            conn = Ip6.hostPort(socket.localHost(), socket.localPort()) + " -> " + remote();
        }
        return conn;
    }

    String side() {
        return server ? "server" : "client";
    }

    void handshakeRequest(String uri, String key) {
        this.target = uri;
        WsEvents.handshake(trace, node, conn(), uri, key);
    }

    /** A server read a request (the upgrade, or plain HTTP). */
    void requestSeen(String uri) {
        this.target = uri;
    }

    void handshakeResponse(int status, HttpHeaders h) {
        if (status != 101) {
            return; // the failure is reported by the handshaker's exception
        }
        String ext = h.get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        this.extensions = ext == null ? "" : ext;
        if (server) {
            String p = h.get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
            WsEvents.open(trace, node, side(), conn(), target, 101, h.get(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT), extensions,
                    p == null ? "" : p);
        } else {
            pendingAccept = h.get(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT);
            String p = h.get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
            pendingProtocol = p == null ? "" : p;
        }
    }

    private String pendingAccept;
    private String pendingProtocol = "";

    void traceFrame(String dir, String opcode, boolean fin, int length, String data) {
        WsEvents.frame(trace, node, side(), conn(), dir, opcode, fin, length, data);
    }

    /** The server's handshake is done: the request it answered. */
    void opened(String uri, HttpHeaders headers) {
        this.target = uri;
        this.requestHeaders = headers;
        open = true;
        listener.onOpen(this);
    }

    /** The client's handshake is verified. */
    void opened() {
        open = true;
        WsEvents.open(trace, node, side(), conn(), target, 101, pendingAccept, extensions, pendingProtocol);
        listener.onOpen(this);
    }

    void failed(String error) {
        if (failed || open) {
            return;
        }
        failed = true;
        WsEvents.fail(trace, node, side(), conn(), target, error);
        listener.onFail(this, error);
    }

    /** The last handler of a WebSocket pipeline: whole messages and close frames in, the end of the connection. */
    final class Endpoint extends SimpleChannelInboundHandler<Object> {
        @Override
        public void handlerAdded(ChannelHandlerContext c) {
            ctx = c;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext c, Object msg) {
            if (msg instanceof TextWebSocketFrame t) {
                listener.onText(WsSession.this, t.text());
            } else if (msg instanceof BinaryWebSocketFrame b) {
                byte[] d = new byte[b.content().readableBytes()];
                b.content().readBytes(d);
                listener.onBinary(WsSession.this, d);
            } else if (msg instanceof PongWebSocketFrame) {
                lastPongNs = sim.now();
            } else if (msg instanceof CloseWebSocketFrame f) {
                closeFrame(f);
            } else if (msg instanceof FullHttpRequest r && server) {
                WsServer.answerPlainHttp(c, r);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext c, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete h) {
                opened(h.requestUri(), h.requestHeaders());
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                opened();
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                failed("handshake timed out");
            }
            super.userEventTriggered(c, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            if (!open) {
                failed(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
            }
            c.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext c) throws Exception {
            ended();
            super.channelInactive(c);
        }
    }
}
