package dev.minternet.http;

import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import dev.minternet.wire.Ip4;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.compression.BrotliMode;
import io.netty.handler.codec.compression.CompressionOptions;
import io.netty.handler.codec.compression.GzipOptions;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Consumer;

/**
 * An HTTP/1.1 and HTTP/2 server on Netty's codecs (docs/design.md decision 5). Give it accepted
 * connections with {@link #serve}; it answers from route handlers, the same ones for both
 * protocols.
 *
 * <p>Around every handler the server adds what a real one does: {@code Date} (simulated),
 * {@code Server}, {@code Content-Length}; conditional GET (RFC 9110 section 13): a 200 whose
 * {@code ETag} matches {@code If-None-Match}, or whose {@code Last-Modified} is not after
 * {@code If-Modified-Since}, becomes {@code 304 Not Modified} without a body; HEAD answers carry
 * the headers only. With gzip on, Netty's {@link HttpContentCompressor} encodes bodies for
 * clients that send {@code Accept-Encoding}.
 *
 * <p>TLS fits below: a TLS layer is itself a {@link StreamSocket} wrapping the TCP one; pass it
 * with the protocol ALPN chose to {@link #serve(StreamSocket, HttpProtocol)}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>gzip</td><td>on</td></tr>
 *   <tr><td>header and keep-alive timeouts</td><td>none ({@link #nginxTimeouts}: 60 s and 75 s, {@link ConnectionClock})</td></tr>
 *   <tr><td>max body</td><td>16 MiB</td></tr>
 *   <tr><td>Server header</td><td>minternet</td></tr>
 * </table>
 */
public final class HttpServer {
    /** The HTTP/2 connection preface a prior-knowledge client opens with (RFC 9113 section 3.4). */
    static final byte[] H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private record Route(String method, String path, boolean prefix, HttpHandler handler, StreamHandler stream,
                         Predicate<Request> when) {
        Route(String method, String path, boolean prefix, HttpHandler handler, StreamHandler stream) {
            this(method, path, prefix, handler, stream, null);
        }

        boolean matches(Request r) {
            if (when != null) {
                return when.test(r);
            }
            if (method != null && !method.equals(r.method())
                    && !(method.equals("GET") && r.method().equals("HEAD"))) {
                return false;
            }
            String p = r.path();
            return prefix ? p.startsWith(path) : p.equals(path);
        }
    }

    private final Simulator sim;
    private final Instant epoch;
    private final List<Route> routes = new ArrayList<>();
    private HttpHandler fallback = HttpHandler.of(r -> Response.notFound());
    private boolean gzip = true;
    private long headerTimeoutNs;
    private long keepaliveTimeoutNs;
    private int maxBody = 16 << 20;
    private String serverName = "minternet";
    /** The fields {@link #addHeader} adds to every response. */
    private Headers always = Headers.EMPTY;
    private long requests;
    private long connections;
    private Trace trace;
    private BiConsumer<Request, Upgrade> upgrade;
    private long dateSecond;
    private String dateText;

    /**
     * @param epoch the simulated date of t=0 (for Date and Last-Modified)
     */
    public HttpServer(Simulator sim, Instant epoch) {
        this.sim = sim;
        this.epoch = epoch;
    }

    /**
     * Routes {@code method} (null for any; GET also answers HEAD) and {@code path} to a handler.
     * A path ending in {@code /*} matches every path under it. Routes are tried in order.
     */
    public HttpServer route(String method, String path, HttpHandler h) {
        if (path.endsWith("/*")) {
            routes.add(new Route(method, path.substring(0, path.length() - 1), true, h, null));
        } else {
            routes.add(new Route(method, path, false, h, null));
        }
        return this;
    }

    /**
     * Routes {@code method} and the exact {@code path} to a handler whose body is written over
     * time (server-sent events): HTTP/1.1 answers with {@code Transfer-Encoding: chunked}, one
     * chunk per {@link ResponseStream#write}; HTTP/2 with one DATA frame per write. Tried in order
     * with the other routes. A streamed response is written when the handler starts it, not
     * queued behind pipelined requests before it (clients do not pipeline behind a stream).
     */
    public HttpServer streamRoute(String method, String path, StreamHandler h) {
        routes.add(new Route(method, path, false, null, h));
        return this;
    }

    /**
     * Routes every request {@code when} accepts to a stream handler (a proxy passing server-sent
     * events on as they come, nginx's {@code proxy_buffering off}); tried in order with the others.
     */
    public HttpServer streamWhen(Predicate<Request> when, StreamHandler h) {
        routes.add(new Route(null, null, false, null, h, when));
        return this;
    }

    /** The stream handler of the first route matching {@code req}, or null when it is a plain route. */
    private StreamHandler streamFor(Request req) {
        for (Route r : routes) {
            if (r.matches(req)) {
                return r.stream;
            }
        }
        return null;
    }

    /** Handles what no route matched (default: 404). */
    public HttpServer fallback(HttpHandler h) {
        this.fallback = h;
        return this;
    }

    /** Serves the files under {@code root} for unmatched paths, modified "now" in simulated time. */
    public HttpServer staticFiles(Path root, String cacheControl) {
        return fallback(new StaticFiles(root, date(), cacheControl));
    }

    public HttpServer gzip(boolean on) {
        this.gzip = on;
        return this;
    }

    /**
     * Closes a connection that has sent no complete request header {@code headerNs} after it was
     * accepted, or that has had no request in progress for {@code keepaliveNs} (0: never), as
     * nginx's client_header_timeout and keepalive_timeout ({@link ConnectionClock}).
     */
    public HttpServer timeouts(long headerNs, long keepaliveNs) {
        this.headerTimeoutNs = headerNs;
        this.keepaliveTimeoutNs = keepaliveNs;
        return this;
    }

    /** nginx's defaults: client_header_timeout 60 s, keepalive_timeout 75 s. */
    public HttpServer nginxTimeouts() {
        return timeouts(ConnectionClock.NGINX_HEADER_NS, ConnectionClock.NGINX_KEEPALIVE_NS);
    }

    /** {@link #timeouts} with both the same. */
    public HttpServer idleTimeout(long ns) {
        return timeouts(ns, ns);
    }

    /**
     * Starts the timeouts of a connection just accepted on {@code tcp} (before its TLS handshake);
     * null when there are none. Pass it to {@link #serve(StreamSocket, HttpProtocol, ConnectionClock)}.
     */
    public ConnectionClock accepted(StreamSocket tcp) {
        return headerTimeoutNs > 0 || keepaliveTimeoutNs > 0
                ? new ConnectionClock(sim, tcp, headerTimeoutNs, keepaliveTimeoutNs) : null;
    }

    /**
     * Adds {@code name: value} to every response, errors and 304s included, after the handler's
     * fields (nginx's {@code add_header NAME VALUE always;}), e.g. Strict-Transport-Security.
     */
    public HttpServer addHeader(String name, String value) {
        this.always = always.with(name, value);
        return this;
    }

    public HttpServer serverName(String name) {
        this.serverName = name;
        return this;
    }

    /** Emits "http" events (request, response) to {@code t}. */
    public HttpServer trace(Trace t) {
        this.trace = t;
        return this;
    }

    /**
     * Hands HTTP/1.1 requests that ask to switch protocols ({@code Connection: upgrade} with an
     * {@code Upgrade} header, RFC 9110 section 7.8) to {@code h} instead of the routes: a proxy
     * passes WebSockets through this way.
     */
    public HttpServer upgrade(BiConsumer<Request, Upgrade> h) {
        this.upgrade = h;
        return this;
    }

    public HttpServer maxBody(int bytes) {
        this.maxBody = bytes;
        return this;
    }

    /** The simulated date now. */
    public Instant date() {
        return epoch.plusNanos(sim.now());
    }

    /** The Date header value now, formatted once per simulated second. */
    private String dateHeader() {
        Instant now = date();
        if (now.getEpochSecond() != dateSecond || dateText == null) {
            dateSecond = now.getEpochSecond();
            dateText = HttpDates.format(now);
        }
        return dateText;
    }

    /** Requests answered so far. */
    public long requests() {
        return requests;
    }

    /** Connections accepted so far. */
    public long connections() {
        return connections;
    }

    /**
     * Serves a cleartext connection, telling HTTP/2 (prior knowledge: the connection preface)
     * from HTTP/1.1 by its first bytes.
     */
    public void serve(StreamSocket s) {
        s.setHandler(new Sniffer(accepted(s)));
    }

    /** Serves a connection whose protocol is known (ALPN chose it). */
    public NettyBridge serve(StreamSocket s, HttpProtocol p) {
        return serve(s, p, accepted(s));
    }

    /** {@link #serve(StreamSocket, HttpProtocol)} with the timeouts {@link #accepted} started (null: none). */
    public NettyBridge serve(StreamSocket s, HttpProtocol p, ConnectionClock clock) {
        connections++;
        if (trace != null && trace.enabled()) {
            trace.emit(s.nodeName(), HttpEvents.SERVER_CONNECTION, "server", p.alpnId(),
                    s.remoteHost() + ":" + s.remotePort());
        }
        NettyBridge b = new NettyBridge(sim, s, NettyBridge.Listening.INSTANCE, pipeline(s, p, clock));
        if (clock != null) {
            clock.bridge(b);
        }
        return b;
    }

    private ChannelHandler[] pipeline(StreamSocket s, HttpProtocol p, ConnectionClock clock) {
        List<ChannelHandler> l = new ArrayList<>();
        l.add(new Coalescer());
        if (p == HttpProtocol.HTTP_1_1) {
            l.add(new HttpServerCodec());
            if (clock != null) {
                l.add(clock.h1());
            }
            l.add(new ConnectionFieldName());
            l.add(new HttpServerKeepAliveHandler());
            if (gzip) {
                l.add(new TextCompressor());
            }
            l.add(new HttpObjectAggregator(maxBody));
            l.add(new Responder(s, p));
        } else {
            Http2FrameCodec codec = Http2FrameCodecBuilder.forServer().build();
            if (clock != null) {
                clock.watch(codec.connection());
            }
            l.add(codec);
            l.add(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                @Override
                protected void initChannel(Http2StreamChannel ch) {
                    ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
                    if (gzip) {
                        ch.pipeline().addLast(new TextCompressor());
                    }
                    ch.pipeline().addLast(new HttpObjectAggregator(maxBody));
                    ch.pipeline().addLast(new Responder(s, p));
                }
            }));
        }
        return l.toArray(new ChannelHandler[0]);
    }

    /** Runs the matching handler and completes its response (conditional GET, HEAD, headers). */
    void dispatch(Request req, Consumer<Response> done) {
        requests++;
        HttpHandler h = fallback;
        for (Route r : routes) {
            if (r.handler != null && r.matches(req)) {
                h = r.handler;
                break;
            }
        }
        boolean[] replied = new boolean[1];
        h.handle(req, res -> {
            if (replied[0]) {
                throw new IllegalStateException("handler replied twice");
            }
            replied[0] = true;
            done.accept(finish(req, res));
        });
    }

    private Response finish(Request req, Response res) {
        // Header order as nginx sends it: Server, Date, the handler's fields, Content-Length.
        Headers h = Headers.EMPTY;
        if (serverName != null && !res.headers().contains("Server")) {
            h = h.with("Server", serverName);
        }
        if (!res.headers().contains("Date")) {
            h = h.with("Date", dateHeader());
        }
        for (Headers.Field f : res.headers().fields()) {
            h = h.with(f.name(), f.value());
        }
        for (Headers.Field f : always.fields()) {
            if (!h.contains(f.name())) {
                h = h.with(f.name(), f.value());
            }
        }
        int st = res.status();
        if (!h.contains("Content-Length") && !chunked(h) && st != 304 && st != 204 && !(st >= 100 && st < 200)) {
            h = h.with("Content-Length", Integer.toString(res.body().length));
        }
        if (res.status() == 200 && notModified(req, h)) {
            Headers nm = Headers.EMPTY;
            for (String name : new String[] {"Server", "Date", "Last-Modified", "ETag", "Cache-Control", "Expires", "Vary"}) {
                String v = h.get(name);
                if (v != null) {
                    nm = nm.with(name, v);
                }
            }
            for (Headers.Field f : always.fields()) {
                if (!nm.contains(f.name())) {
                    nm = nm.with(f.name(), f.value());
                }
            }
            // RFC 9110 section 8.6 allows the 200's length here; without a length Netty's
            // HttpServerKeepAliveHandler would close the connection after the 304.
            return new Response(304, nm.with("Content-Length", Integer.toString(res.body().length)), null);
        }
        return new Response(res.status(), h, res.body());
    }

    /** True when the handler asked for a chunked body (RFC 9112 section 7.1). */
    static boolean chunked(Headers h) {
        String te = h.get("Transfer-Encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    /** RFC 9110 section 13.1.2 (If-None-Match, weak comparison) and 13.1.3 (If-Modified-Since). */
    private static boolean notModified(Request req, Headers res) {
        if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
            return false;
        }
        String inm = req.headers().get("If-None-Match");
        String etag = res.get("ETag");
        if (inm != null) {
            if (etag == null) {
                return false;
            }
            String mine = weakless(etag);
            for (String tag : inm.split(",")) {
                String t = tag.trim();
                if (t.equals("*") || weakless(t).equals(mine)) {
                    return true;
                }
            }
            return false;
        }
        Instant ims = HttpDates.parse(req.headers().get("If-Modified-Since"));
        if (ims == null) {
            return false;
        }
        Instant lm = HttpDates.parse(res.get("Last-Modified"));
        return lm != null && !lm.isAfter(ims);
    }

    private static String weakless(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** The end of every pipeline: one FullHttpRequest in, one FullHttpResponse out. */
    private final class Responder extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final StreamSocket socket;
        private final HttpProtocol protocol;
        private final HashMap<Long, Runnable> ready = new HashMap<>();
        private long nextSeq;
        private long writeSeq;

        Responder(StreamSocket socket, HttpProtocol protocol) {
            this.socket = socket;
            this.protocol = protocol;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
            if (!msg.decoderResult().isSuccess()) {
                FullHttpResponse bad = NettyMessages.toNetty(finish(Request.get("/"), Response.text(400, "400 Bad Request\n")), false);
                bad.headers().set(HttpHeaderNames.CONNECTION, "close");
                HttpUtil.setContentLength(bad, bad.content().readableBytes());
                ctx.writeAndFlush(bad).addListener(f -> ctx.close());
                return;
            }
            Request req = new Request(msg.method().name(), msg.uri(), NettyMessages.headers(msg.headers()),
                    NettyMessages.bytes(msg.content()), protocol, socket.remoteAddress(), socket.remotePort(), socket.remoteHost());
            boolean head = req.method().equals("HEAD");
            if (trace != null && trace.enabled()) {
                trace.emit(socket.nodeName(), HttpEvents.SERVER_REQUEST, "server", protocol.alpnId(),
                        req.method(), req.target(), String.valueOf(req.host()), req.clientAddress());
            }
            if (upgrade != null && protocol == HttpProtocol.HTTP_1_1 && Upgrade.asked(req)) {
                requests++;
                upgrade.accept(req, new Upgrade(res -> {
                    if (ctx.channel().isActive()) {
                        ctx.writeAndFlush(NettyMessages.toNetty(finish(req, res), false));
                        pumpOf(ctx);
                    }
                }, () -> ctx.channel().attr(NettyBridge.KEY).get().detach()));
                return;
            }
            StreamHandler sh = head ? null : streamFor(req);
            if (sh != null) {
                stream(ctx, req, sh);
                return;
            }
            long seq = nextSeq++;
            dispatch(req, res -> {
                if (trace != null && trace.enabled()) {
                    trace.emit(socket.nodeName(), HttpEvents.SERVER_RESPONSE, "server", protocol.alpnId(),
                            res.status(), req.target(), head ? 0 : res.body().length);
                }
                if (!ctx.channel().isActive()) {
                    return;
                }
                ready.put(seq, () -> {
                    if (chunked(res.headers()) && !head) {
                        writeChunked(ctx, res);
                    } else {
                        ctx.writeAndFlush(NettyMessages.toNetty(res, head));
                    }
                });
                // Pipelined requests are answered in the order they came (RFC 9112 section 9.3.2),
                // whatever order their handlers finish in.
                Runnable w;
                while ((w = ready.remove(writeSeq)) != null) {
                    writeSeq++;
                    w.run();
                }
                // The reply may come later in simulated time: push the bytes out now.
                pumpOf(ctx);
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        /** Hands {@code req} to a stream handler; its parts go out as they are written. */
        private void stream(ChannelHandlerContext ctx, Request req, StreamHandler sh) {
            requests++;
            long seq = nextSeq++;
            ready.put(seq, () -> { });
            Runnable w;
            while ((w = ready.remove(writeSeq)) != null) {
                writeSeq++;
                w.run();
            }
            ResponseStream rs = new ResponseStream();
            ctx.channel().closeFuture().addListener(f -> rs.closed());
            rs.attach(new ResponseStream.Sink() {
                @Override
                public void head(Response res) {
                    Response full = finish(req, res);
                    Headers h = full.headers().without("Content-Length");
                    if (protocol == HttpProtocol.HTTP_1_1 && !chunked(h)) {
                        h = h.with("Transfer-Encoding", "chunked");
                    }
                    if (trace != null && trace.enabled()) {
                        trace.emit(socket.nodeName(), HttpEvents.SERVER_RESPONSE, "server", protocol.alpnId(),
                                res.status(), req.target(), res.body().length);
                    }
                    DefaultHttpResponse line = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(res.status()));
                    NettyMessages.copy(h, line.headers());
                    Coalescer c = coalescerOf(ctx);
                    c.on = true;
                    ctx.write(line);
                    if (res.body().length > 0) {
                        ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(res.body())));
                    }
                    ctx.flush();
                    c.on = false;
                    pumpOf(ctx);
                }

                @Override
                public void chunk(byte[] b) {
                    Coalescer c = coalescerOf(ctx);
                    c.on = true;
                    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(b)));
                    c.on = false;
                    pumpOf(ctx);
                }

                @Override
                public void last() {
                    Coalescer c = coalescerOf(ctx);
                    c.on = true;
                    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                    c.on = false;
                    pumpOf(ctx);
                }

                @Override
                public boolean active() {
                    return ctx.channel().isActive();
                }
            });
            sh.handle(req, rs);
        }

        /** Headers, then the body in chunks of {@link #CHUNK} bytes, then the last (empty) chunk. */
        private void writeChunked(ChannelHandlerContext ctx, Response res) {
            DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(res.status()));
            NettyMessages.copy(res.headers(), head.headers());
            ctx.write(head);
            byte[] b = res.body();
            for (int off = 0; off < b.length; off += CHUNK) {
                ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(b, off, Math.min(CHUNK, b.length - off))));
            }
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /** Chunk size for chunked bodies. */
    static final int CHUNK = 8192;

    /** The connection's coalescer (the parent's, for an HTTP/2 stream). */
    private static Coalescer coalescerOf(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        while (ch.pipeline().get(Coalescer.class) == null && ch.parent() != null) {
            ch = ch.parent();
        }
        Coalescer c = ch.pipeline().get(Coalescer.class);
        return c != null ? c : new Coalescer();
    }

    /**
     * Writes the Connection field that Netty's keep-alive handler sets ("connection: close", its
     * lower-case constant) as nginx and Apache write it, {@code Connection: close}.
     */
    static final class ConnectionFieldName extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse r) {
                String v = r.headers().get(HttpHeaderNames.CONNECTION);
                if (v != null) {
                    r.headers().remove(HttpHeaderNames.CONNECTION);
                    r.headers().add("Connection", v);
                }
            }
            ctx.write(msg, promise);
        }
    }

    /**
     * While {@link #on}, gathers the buffers the codecs write (a chunk's size line, its data and
     * its CRLF; an HTTP/2 frame's header and payload) and sends them as one at the flush, as a
     * server writes a streamed event with one writev(2): one TCP segment per event rather than
     * three. Off (every other response), it passes writes through untouched.
     */
    static final class Coalescer extends ChannelOutboundHandlerAdapter {
        boolean on;
        private CompositeByteBuf gathered;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf b && (on || gathered != null)) {
                if (gathered == null) {
                    gathered = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
                }
                gathered.addComponent(true, b);
                promise.trySuccess();
                return;
            }
            ctx.write(msg, promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            if (gathered != null) {
                CompositeByteBuf g = gathered;
                gathered = null;
                ctx.write(g);
            }
            ctx.flush();
        }
    }

    /** Finds the bridge of a channel (or of its parent, for an HTTP/2 stream) and pumps it. */
    private static void pumpOf(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        while (ch.attr(NettyBridge.KEY).get() == null && ch.parent() != null) {
            ch = ch.parent();
        }
        NettyBridge b = ch.attr(NettyBridge.KEY).get();
        if (b != null) {
            b.pump();
        }
    }

    /** Waits for enough bytes to tell the HTTP/2 preface from an HTTP/1.1 request line. */
    private final class Sniffer implements StreamSocket.Handler {
        private final ConnectionClock clock;
        private byte[] seen = new byte[0];

        Sniffer(ConnectionClock clock) {
            this.clock = clock;
        }

        @Override
        public void onData(StreamSocket s, byte[] data) {
            int old = seen.length;
            seen = Arrays.copyOf(seen, old + data.length);
            System.arraycopy(data, 0, seen, old, data.length);
            int n = Math.min(seen.length, H2_PREFACE.length);
            boolean prefix = Arrays.equals(seen, 0, n, H2_PREFACE, 0, n);
            if (prefix && n < H2_PREFACE.length) {
                return; // not sure yet
            }
            NettyBridge b = serve(s, prefix ? HttpProtocol.H2 : HttpProtocol.HTTP_1_1, clock);
            b.onData(s, seen);
        }

        @Override
        public void onPeerClosed(StreamSocket s) {
            if (clock != null) {
                clock.stop(); // closed before any request: nothing left to time
            }
            s.close();
        }
    }

    /**
     * gzip for the types web servers compress by default (nginx's gzip_types plus the usual
     * additions): text, JSON, JavaScript, XML, SVG. Images and archives are already compressed.
     */
    static final class TextCompressor extends HttpContentCompressor {
        TextCompressor() {
            super(codings());
        }

        /**
         * gzip at level 6 with a 32 KiB window and memLevel 8 (zlib's and Netty's defaults; nginx
         * sites commonly set {@code gzip_comp_level 6}), and Brotli at ngx_brotli's defaults,
         * {@code brotli_comp_level 6} and {@code brotli_window 512k} (lgwin 19).
         */
        private static CompressionOptions[] codings() {
            GzipOptions gzip = StandardCompressionOptions.gzip(6, 15, 8);
            return AcceptEncoding.brotli()
                    ? new CompressionOptions[] {StandardCompressionOptions.brotli(6, 19, BrotliMode.GENERIC), gzip}
                    : new CompressionOptions[] {gzip};
        }

        @Override
        protected Result beginEncode(HttpResponse response, String acceptEncoding)
                throws Exception {
            String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
            if (!compressible(type)) {
                return null;
            }
            // A whole body within the cache's bound: the choice super.beginEncode makes (no size
            // threshold here; none when the response already has a Content-Encoding; the coding
            // determineEncoding picks), and the real encoder only when the body is not cached. It is
            // made from a copy of the headers, since HttpContentEncoder sets Content-Encoding on the
            // response once this returns.
            if (response instanceof FullHttpResponse full && full.content().readableBytes() <= CompressedBodies.MAX_BODY
                    && response.headers().get(HttpHeaderNames.CONTENT_ENCODING) == null) {
                String coding = determineEncoding(acceptEncoding);
                if (coding == null) {
                    return null;
                }
                HttpResponse before = new DefaultHttpResponse(response.protocolVersion(), response.status());
                before.headers().set(response.headers());
                return new Result(coding, CompressedBodies.memo(coding, () -> super.beginEncode(before, acceptEncoding).contentEncoder()));
            }
            return super.beginEncode(response, acceptEncoding);
        }

        /**
         * The encoder's last piece of body and its end-of-stream bytes (gzip's trailer, Brotli's
         * last meta-block, often one byte) go out as one write, as nginx's filter chain hands the
         * compressed body to the socket: a separate one-byte write became a one-byte segment
         * whose tail-loss probe Wireshark misreads as a keep-alive overlapping the response.
         */
        @Override
        protected void encode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) throws Exception {
            int from = out.size();
            super.encode(ctx, msg, out);
            int first = from;
            while (first < out.size() && out.get(first) instanceof HttpResponse) {
                first++;
            }
            int n = out.size();
            if (n - first < 2 || !(out.get(n - 1) instanceof LastHttpContent last)) {
                return;
            }
            ByteBuf[] parts = new ByteBuf[n - first];
            for (int i = first; i < n; i++) {
                if (!(out.get(i) instanceof HttpContent c) || (i < n - 1 && c instanceof LastHttpContent)) {
                    return;
                }
                parts[i - first] = c.content();
            }
            DefaultLastHttpContent merged = new DefaultLastHttpContent(Unpooled.wrappedBuffer(parts));
            merged.trailingHeaders().set(last.trailingHeaders());
            out.subList(first, n).clear();
            out.add(merged);
        }

        /** RFC 9110 section 12.5.3's weights over the codings offered ({@link AcceptEncoding}). */
        @Override
        protected String determineEncoding(String acceptEncoding) {
            return AcceptEncoding.choose(acceptEncoding, AcceptEncoding.offered());
        }

        static boolean compressible(String contentType) {
            if (contentType == null) {
                return false;
            }
            String t = contentType.toLowerCase(Locale.ROOT);
            if (t.startsWith("text/event-stream")) {
                return false; // a compressor would hold events back until it has a block's worth
            }
            return t.startsWith("text/") || t.startsWith("application/json") || t.startsWith("application/javascript")
                    || t.startsWith("application/xml") || t.startsWith("image/svg+xml");
        }
    }
}
