package dev.minternet.live;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * The web view's HTTP/1.1 server on 127.0.0.1, on Netty (its HTTP codec parses the requests, its
 * WebSocket codecs speak RFC 6455 for the terminals). Netty's event loop only reads and writes;
 * each request is handed to {@link Handler} on a worker of {@code pool}, as an {@link Exchange}
 * whose response is written whole (a length given) or streamed in chunks (length 0, for the
 * server-sent events), and which may instead be {@link Exchange#upgrade upgraded} to a WebSocket.
 */
final class WebServer implements AutoCloseable {
    /** Largest request body (the terminal's command line is at most 4 KiB). */
    static final int MAX_BODY = 64 * 1024;
    /** Largest WebSocket message a page may send. */
    static final int MAX_MESSAGE = 64 * 1024;

    /** Serves one request. */
    interface Handler {
        void handle(Exchange x) throws IOException;
    }

    /** One side of an open WebSocket, as the server sees it. */
    interface Socket {
        /** A text message from the page. */
        void onText(String text);

        /** The socket closed (either side). */
        void onClose();
    }

    private final EventLoopGroup group;
    private final Channel listener;
    private final ExecutorService pool;
    private final Handler handler;

    WebServer(int port, ExecutorService pool, Handler handler) throws IOException {
        this.pool = pool;
        this.handler = handler;
        this.group = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "live-web-io");
            t.setDaemon(true);
            return t;
        }, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), new Dispatch());
                    }
                });
        ChannelFuture bound = b.bind(new InetSocketAddress(Listen.LOOPBACK, port)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
            IOException e = bound.cause() instanceof java.net.BindException ? new java.net.BindException(bound.cause().getMessage())
                    : new IOException("cannot listen on 127.0.0.1:" + port + ": " + bound.cause().getMessage());
            e.initCause(bound.cause());
            throw e;
        }
        this.listener = bound.channel();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Hands each whole request to a worker; a full pool answers 503. */
    private final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (!req.decoderResult().isSuccess()) {
                Exchange.plain(ctx.channel(), HttpResponseStatus.BAD_REQUEST, "bad request\n", false);
                return;
            }
            Exchange x = new Exchange(ctx.channel(), req);
            try {
                pool.execute(() -> {
                    try (x) {
                        handler.handle(x);
                    } catch (IOException e) {
                        x.fail();
                    } catch (RuntimeException e) {
                        System.err.println("minternet live: web view: " + req.uri() + ": " + e);
                        x.fail();
                    }
                });
            } catch (RejectedExecutionException e) {
                Exchange.plain(ctx.channel(), HttpResponseStatus.SERVICE_UNAVAILABLE, "busy, try again\n", false);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** One request and its response; the method names follow the JDK's HttpExchange. */
    static final class Exchange implements AutoCloseable {
        private final Channel channel;
        private final String method;
        private final URI uri;
        private final HttpHeaders request;
        private final byte[] body;
        private final boolean keepAlive;
        private final FullHttpRequest upgradeRequest;
        private final HttpHeaders response = new DefaultHttpHeaders();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int code;
        private boolean chunked;
        private boolean upgraded;

        private Exchange(Channel channel, FullHttpRequest req) {
            this.channel = channel;
            this.method = req.method().name();
            URI u;
            try {
                u = new URI(req.uri());
            } catch (java.net.URISyntaxException e) {
                u = URI.create("/bad-request-uri");
            }
            this.uri = u;
            this.request = req.headers().copy();
            this.body = ByteBufUtil.getBytes(req.content());
            this.keepAlive = HttpUtil.isKeepAlive(req);
            this.upgradeRequest = isUpgrade(req) ? req.retainedDuplicate() : null;
        }

        private static boolean isUpgrade(FullHttpRequest req) {
            return req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                    && req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
        }

        String getRequestMethod() {
            return method;
        }

        URI getRequestURI() {
            return uri;
        }

        /** A request header's first value, or null. */
        String requestHeader(String name) {
            return request.get(name);
        }

        InputStream getRequestBody() {
            return new ByteArrayInputStream(body);
        }

        void responseHeader(String name, String value) {
            response.set(name, value);
        }

        /** Whether the request asks for a WebSocket ({@code Connection: Upgrade}, {@code Upgrade: websocket}). */
        boolean isWebSocket() {
            return upgradeRequest != null;
        }

        /**
         * Answers the WebSocket handshake (RFC 6455 section 4.2.2; a version other than 13 gets 426)
         * and from then on hands the page's text messages to {@code socket}; returns the sender, or
         * null when the handshake failed.
         */
        Sender upgrade(java.util.function.Function<Sender, Socket> open) {
            if (upgradeRequest == null) {
                throw new IllegalStateException("not a WebSocket request");
            }
            upgraded = true;
            String location = "ws://" + request.get(HttpHeaderNames.HOST) + uri.getRawPath();
            WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory(location, null, false, MAX_MESSAGE)
                    .newHandshaker(upgradeRequest);
            try {
                if (hs == null) {
                    WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel);
                    return null;
                }
                Sender sender = new Sender(channel, hs);
                Socket socket = open.apply(sender);
                channel.pipeline().remove(Dispatch.class);
                channel.pipeline().addLast(new WebSocketFrameAggregator(MAX_MESSAGE), new Frames(hs, socket));
                ChannelFuture f = hs.handshake(channel, upgradeRequest).awaitUninterruptibly();
                if (!f.isSuccess()) {
                    channel.close();
                    return null;
                }
                return sender;
            } finally {
                upgradeRequest.release();
            }
        }

        void sendResponseHeaders(int status, long length) {
            code = status;
            if (length == 0) {
                chunked = true;
                DefaultHttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
                r.headers().set(response);
                HttpUtil.setTransferEncodingChunked(r, true);
                channel.writeAndFlush(r);
            }
        }

        OutputStream getResponseBody() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    out.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    if (chunked && out.size() > 0) {
                        byte[] b = out.toByteArray();
                        out.reset();
                        ChannelFuture f = channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(b))).awaitUninterruptibly();
                        if (!f.isSuccess()) {
                            throw new IOException("the page went away");
                        }
                    }
                }
            };
        }

        /** Ends the response: the whole of it when its length was given, the last chunk when streamed. */
        @Override
        public void close() {
            if (upgraded) {
                return;
            }
            if (code == 0) {
                fail();
                return;
            }
            ChannelFuture f;
            if (chunked) {
                if (out.size() > 0) {
                    channel.write(new DefaultHttpContent(Unpooled.wrappedBuffer(out.toByteArray())));
                }
                f = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            } else {
                DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code),
                        Unpooled.wrappedBuffer(out.toByteArray()));
                r.headers().set(response);
                if (code != 204 && code != 304) {
                    HttpUtil.setContentLength(r, out.size());
                }
                HttpUtil.setKeepAlive(r, keepAlive);
                f = channel.writeAndFlush(r);
            }
            if (!keepAlive || chunked) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        /** An error before any response: 500, and the connection closed. */
        void fail() {
            if (code == 0 && !upgraded) {
                code = 500;
                plain(channel, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n", false);
            }
        }

        static void plain(Channel ch, HttpResponseStatus status, String text, boolean keepAlive) {
            DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            HttpUtil.setContentLength(r, r.content().readableBytes());
            ChannelFuture f = ch.writeAndFlush(r);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    /** Sends text messages to the page, from any thread; never blocks. */
    static final class Sender {
        private final Channel channel;
        private final WebSocketServerHandshaker handshaker;

        private Sender(Channel channel, WebSocketServerHandshaker handshaker) {
            this.channel = channel;
            this.handshaker = handshaker;
        }

        void send(String text) {
            if (channel.isActive()) {
                channel.writeAndFlush(new TextWebSocketFrame(text));
            }
        }

        /** Closes with status 1008 (policy violation) or 1000 (normal), RFC 6455 section 7.4.1. */
        void close(int status, String reason) {
            if (channel.isActive()) {
                handshaker.close(channel, new CloseWebSocketFrame(status, reason));
            }
        }
    }

    /** A WebSocket's frames: text to the socket, ping answered, close answered (RFC 6455 section 5.5). */
    private static final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final WebSocketServerHandshaker handshaker;
        private final Socket socket;

        Frames(WebSocketServerHandshaker handshaker, Socket socket) {
            this.handshaker = handshaker;
            this.socket = socket;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame t) {
                socket.onText(t.text());
            } else if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            } else if (frame instanceof CloseWebSocketFrame) {
                handshaker.close(ctx.channel(), (CloseWebSocketFrame) frame.retain());
            } else if (!(frame instanceof PongWebSocketFrame)) {
                handshaker.close(ctx.channel(), new CloseWebSocketFrame(1003, "text messages only"));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            socket.onClose();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
