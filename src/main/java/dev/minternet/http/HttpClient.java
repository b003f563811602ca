package dev.minternet.http;

import dev.minternet.sim.Simulator;
import dev.minternet.sim.Timer;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An HTTP client on one connection, HTTP/1.1 (keep-alive, one request at a time, in order) or
 * HTTP/2 (every request on its own stream, all concurrent), on Netty's codecs. Each {@link #send}
 * ends in one {@link Exchange} with timings from the simulated clock.
 *
 * <p>Requests go out with curl's default headers unless they carry their own: {@code Host},
 * {@code User-Agent}, {@code Accept: *}{@code /*}, then {@code Accept-Encoding} when {@link
 * Options#compressed} (curl --compressed), then the request's headers. So a plain GET is
 * byte-for-byte what curl sends.
 *
 * <p>TLS fits below: hand the client a TLS {@link StreamSocket} wrapping TCP and the protocol
 * ALPN chose, and set {@link Options#scheme} to https (the HTTP/2 :scheme).
 */
public final class HttpClient {

    /**
     * Client settings. {@code http10} sends HTTP/1.0 request lines (curl -0); {@code curlOrder}
     * places the request's own User-Agent, Accept, Accept-Encoding and Authorization where curl
     * puts custom headers (after its defaults, in the order given) instead of in the default's
     * place; {@code range} is a Range field curl puts right after Authorization (null: none).
     */
    public record Options(String host, String userAgent, boolean compressed, String scheme, int maxBody, String authorization,
            boolean http10, boolean curlOrder, String range) {
        /** The User-Agent of the curl we imitate. */
        public static final String CURL_USER_AGENT = "curl/8.5.0";

        /** Without an Authorization field of the client's own. */
        public Options(String host, String userAgent, boolean compressed, String scheme, int maxBody) {
            this(host, userAgent, compressed, scheme, maxBody, null, false, false, null);
        }

        /** What curl sends to {@code host} (Host header value, with ":port" when not default). */
        public static Options curl(String host) {
            return new Options(host, CURL_USER_AGENT, false, "http", 64 << 20);
        }

        public Options withCompressed(boolean on) {
            return new Options(host, userAgent, on, scheme, maxBody, authorization, http10, curlOrder, range);
        }

        public Options withScheme(String s) {
            return new Options(host, userAgent, compressed, s, maxBody, authorization, http10, curlOrder, range);
        }

        public Options withUserAgent(String ua) {
            return new Options(host, ua, compressed, scheme, maxBody, authorization, http10, curlOrder, range);
        }

        /** An Authorization field the client puts right after Host, where curl puts the one of {@code -u} (null: none). */
        public Options withAuthorization(String value) {
            return new Options(host, userAgent, compressed, scheme, maxBody, value, http10, curlOrder, range);
        }

        /** HTTP/1.0 request lines (curl -0, --http1.0). */
        public Options withHttp10(boolean on) {
            return new Options(host, userAgent, compressed, scheme, maxBody, authorization, on, curlOrder, range);
        }

        /**
         * curl's header order (lib/http.c): Host, Authorization, Range, User-Agent, Accept,
         * Accept-Encoding, then the request's fields in order; a field of the request named like
         * a default (other than Host) drops the default and goes with the custom ones.
         */
        public Options withCurlOrder(boolean on) {
            return new Options(host, userAgent, compressed, scheme, maxBody, authorization, http10, on, range);
        }

        /** A Range field's value ("bytes=0-99"), placed after Authorization as curl places -r's (null: none). */
        public Options withRange(String value) {
            return new Options(host, userAgent, compressed, scheme, maxBody, authorization, http10, curlOrder, value);
        }
    }

    /** The error of an exchange whose response did not start with "HTTP/", in curl's words. */
    public static final String HTTP_0_9 = "Received HTTP/0.9 when not allowed";
    private static final String STATUS_PREFIX = "HTTP/";

    /**
     * curl --compressed as Debian builds it (zlib, brotli and zstd: curl 7.88.1 and 8.14.1 send
     * this). The servers here never answer zstd; without Brotli's native library (see
     * {@link AcceptEncoding}) curl offers zlib's codings only, as a curl built without brotli does.
     */
    static String curlAcceptEncoding() {
        return AcceptEncoding.brotli() ? "deflate, gzip, br, zstd" : "deflate, gzip";
    }

    /**
     * A request header value meaning "do not send this default header" (curl -H 'Accept:'):
     * {@link #withDefaults} leaves the header out.
     */
    public static final String NO_DEFAULT = "\u0000removed";

    private final Simulator sim;
    private final HttpProtocol protocol;
    private final Options options;
    private final NettyBridge bridge;
    private final ArrayDeque<Call> queue = new ArrayDeque<>();
    private final List<Call> inFlight = new ArrayList<>();
    private boolean closed;
    private boolean noMore;
    private Trace trace;
    private String closeError;
    private FirstByte firstByte;
    /** Writes a method Netty refuses as curl typed it (HTTP/1.x); put in the pipeline the first time one is sent. */
    private RawMethod rawMethod;

    private HttpClient(Simulator sim, StreamSocket s, HttpProtocol protocol, Options options) {
        this.sim = sim;
        this.protocol = protocol;
        this.options = options;
        ChannelHandler[] handlers;
        if (protocol == HttpProtocol.HTTP_1_1) {
            firstByte = new FirstByte();
            handlers = new ChannelHandler[] {
                firstByte, new HttpClientCodec(), new RawTap(this::currentHttp1), new HttpContentDecompressor(0),
                new BodyTap(this::currentHttp1), new HttpObjectAggregator(options.maxBody()), new Http1Responses(), new Gone()};
        } else {
            handlers = new ChannelHandler[] {
                Http2FrameCodecBuilder.forClient().build(), new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                new Gone()};
        }
        this.bridge = new NettyBridge(sim, s, handlers);
        bridge.setObserver(new NettyBridge.Observer() {
            @Override
            public void closed(String error) {
                connectionGone(error);
            }
        });
    }

    /** A client on an established connection speaking {@code protocol}. */
    public static HttpClient open(Simulator sim, StreamSocket s, HttpProtocol protocol, Options options) {
        return new HttpClient(sim, s, protocol, options);
    }

    /** Emits "http" events (request, response, error) to {@code t}. */
    public HttpClient trace(Trace t) {
        this.trace = t;
        return this;
    }

    public HttpProtocol protocol() {
        return protocol;
    }

    public NettyBridge bridge() {
        return bridge;
    }

    /** True while requests can be sent. */
    public boolean isOpen() {
        return !closed && bridge.isOpen();
    }

    /** Sends {@code r} (at once for HTTP/2; after the previous exchange for HTTP/1.1). */
    public void send(Request r, Consumer<Exchange> done) {
        send(r, 0, done);
    }

    /**
     * Sends {@code r}; if no complete response came {@code timeoutNs} after this call (0: no
     * limit), the exchange fails with an error starting "timeout" and the connection is aborted,
     * as curl -m does.
     */
    public void send(Request r, long timeoutNs, Consumer<Exchange> done) {
        send(r, timeoutNs, null, done);
    }

    /**
     * {@link #send(Request, long, Consumer)} that also hands each piece of the (decoded) body to
     * {@code body} the moment it arrives, before the response is complete: a streamed response
     * (chunked, or HTTP/2 DATA frames, e.g. server-sent events) is seen as it comes, as curl -N
     * prints it. {@code done} still gets the whole exchange at the end. {@code body} null: none.
     */
    public void send(Request r, long timeoutNs, Consumer<byte[]> body, Consumer<Exchange> done) {
        send(r, timeoutNs, null, body, done);
    }

    /**
     * {@link #send(Request, long, Consumer, Consumer)} that also hands the response's status and
     * headers (an empty body) to {@code head} as soon as they arrive, before any of the body: what
     * a proxy needs to start passing a streamed response on. {@code head} null: none.
     */
    public void send(Request r, long timeoutNs, Consumer<Response> head, Consumer<byte[]> body, Consumer<Exchange> done) {
        Call c = new Call(withDefaults(r), done);
        c.head = head;
        c.body = body;
        if (timeoutNs > 0) {
            c.timer = new Timer(sim, () -> {
                String why = "timeout after " + timeoutNs / 1_000_000 + " ms";
                c.fail(why);
                closeError = why;
                bridge.abort();
            });
            c.timer.setAfter(timeoutNs);
        }
        if (closed || noMore) {
            c.fail(closeError == null ? "connection closed" : closeError);
            return;
        }
        if (protocol == HttpProtocol.HTTP_1_1) {
            queue.add(c);
            if (inFlight.isEmpty()) {
                sendNextHttp1();
            }
        } else {
            sendHttp2(c);
        }
        bridge.pump();
    }

    /** Closes the connection now (FIN after what is already written); exchanges in flight fail. */
    public void close() {
        bridge.channel().close();
        bridge.pump();
    }

    /** The request as it goes on the wire: curl's default headers first. */
    public Request withDefaults(Request r) {
        Headers in = r.headers();
        Headers h = Headers.EMPTY;
        // A header given by the request replaces curl's default in its place; one given with the
        // value NO_DEFAULT (curl -H 'Accept:') suppresses it.
        h = withDefault(h, in, "Host", options.host());
        if (options.curlOrder()) {
            // lib/http.c: a custom field drops curl's default and goes out with the custom ones
            h = curlDefault(h, in, "Authorization", options.authorization());
            h = curlDefault(h, in, "Range", options.range());
            h = curlDefault(h, in, "User-Agent", options.userAgent());
            h = curlDefault(h, in, "Accept", "*/*");
            h = curlDefault(h, in, "Accept-Encoding", options.compressed() ? curlAcceptEncoding() : null);
            for (Headers.Field f : in.fields()) {
                if (!f.name().equalsIgnoreCase("Host") && !NO_DEFAULT.equals(f.value())) {
                    h = h.with(f.name(), f.value());
                }
            }
        } else {
            if (options.authorization() != null) {
                h = withDefault(h, in, "Authorization", options.authorization());
            }
            h = withDefault(h, in, "User-Agent", options.userAgent());
            h = withDefault(h, in, "Accept", "*/*");
            if (options.compressed()) {
                h = withDefault(h, in, "Accept-Encoding", curlAcceptEncoding());
            }
            for (Headers.Field f : in.fields()) {
                if (!placed(f.name()) && !NO_DEFAULT.equals(f.value())) {
                    h = h.with(f.name(), f.value());
                }
            }
        }
        if (r.body().length > 0 && !h.contains("Content-Length")) {
            h = h.with("Content-Length", Integer.toString(r.body().length));
        }
        return r.withHeaders(h);
    }

    /** curl's default {@code dflt} (null: none) unless the request names the field itself. */
    private static Headers curlDefault(Headers h, Headers in, String name, String dflt) {
        return dflt == null || in.contains(name) ? h : h.with(name, dflt);
    }

    private static Headers withDefault(Headers h, Headers in, String name, String dflt) {
        String v = in.get(name);
        if (v == null) {
            v = dflt;
        }
        return v == null || NO_DEFAULT.equals(v) ? h : h.with(name, v);
    }

    /** Whether {@link #withDefaults} already put {@code name} in its place. */
    private boolean placed(String name) {
        return name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("User-Agent") || name.equalsIgnoreCase("Accept")
                || (options.authorization() != null && name.equalsIgnoreCase("Authorization"))
                || (options.compressed() && name.equalsIgnoreCase("Accept-Encoding"));
    }

    private void sendNextHttp1() {
        if (!inFlight.isEmpty()) {
            return;
        }
        Call c = queue.poll();
        if (c == null) {
            return;
        }
        inFlight.add(c);
        c.sentNs = sim.now();
        c.traceSent();
        FullHttpRequest req = NettyMessages.toNetty(c.request);
        if (!RawMethod.isToken(c.request.method())) {
            if (rawMethod == null) {
                rawMethod = new RawMethod();
                bridge.channel().pipeline().addFirst(rawMethod); // next to the socket, as the encoder's last step
            }
            rawMethod.next(c.request.method());
        }
        if (options.http10()) {
            req.setProtocolVersion(io.netty.handler.codec.http.HttpVersion.HTTP_1_0);
        }
        bridge.channel().writeAndFlush(req);
    }

    private void sendHttp2(Call c) {
        inFlight.add(c);
        Future<Http2StreamChannel> f = new Http2StreamChannelBootstrap(bridge.channel())
                .handler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        if (!RawMethod.isToken(c.request.method())) {
                            ch.pipeline().addLast(new RawMethod.OnStream(c.request.method()));
                        }
                        ch.pipeline().addLast(new StreamTap(c), new Http2StreamFrameToHttpObjectCodec(false), new RawTap(() -> c),
                                new HttpContentDecompressor(0), new BodyTap(() -> c), new HttpObjectAggregator(options.maxBody()),
                                new StreamResponse(c));
                        ch.closeFuture().addListener(x -> c.fail("stream closed"));
                    }
                }).open();
        bridge.channel().runPendingTasks();
        if (!f.isSuccess()) {
            c.fail("cannot open stream: " + f.cause());
            return;
        }
        Http2StreamChannel ch = f.getNow();
        FullHttpRequest req = NettyMessages.toNetty(c.request);
        c.sentNs = sim.now();
        c.traceSent();
        ch.writeAndFlush(req);
    }

    private void connectionGone(String error) {
        if (closed) {
            return;
        }
        closed = true;
        if (error != null) {
            closeError = error;
        }
        String why = closeError == null ? "connection closed before the response" : closeError;
        for (Call c : new ArrayList<>(inFlight)) {
            c.fail(why);
        }
        for (Call c : queue) {
            c.fail(why);
        }
        queue.clear();
    }

    /** One request on its way. */
    private final class Call {
        final Request request;
        final Consumer<Exchange> done;
        long sentNs = -1;
        long firstByteNs = -1;
        long wireBody;
        Headers rawHeaders;
        Timer timer;
        boolean finished;
        Consumer<Response> head;
        Consumer<byte[]> body;

        Call(Request request, Consumer<Exchange> done) {
            this.request = request;
            this.done = done;
        }

        void traceSent() {
            if (trace != null && trace.enabled()) {
                trace.emit(bridge.socket().nodeName(), HttpEvents.CLIENT_REQUEST, "client", protocol.alpnId(),
                        request.method(), request.target(), String.valueOf(request.host()));
            }
        }

        void traceDone(Exchange e) {
            if (trace != null && trace.enabled()) {
                if (e.ok()) {
                    trace.emit(bridge.socket().nodeName(), HttpEvents.CLIENT_RESPONSE, "client", protocol.alpnId(),
                            e.response().status(), request.target(), e.wireBodyBytes(), e.sentNs(), e.firstByteNs());
                } else {
                    trace.emit(bridge.socket().nodeName(), HttpEvents.CLIENT_ERROR, "client", protocol.alpnId(),
                            request.target(), e.error());
                }
            }
        }

        void firstByte() {
            if (firstByteNs < 0) {
                firstByteNs = sim.now();
            }
        }

        /** Ends the call: off the in-flight list, its timer cancelled; false when it had ended already. */
        private boolean end() {
            if (finished) {
                return false;
            }
            finished = true;
            inFlight.remove(this);
            if (timer != null) {
                timer.cancel();
            }
            return true;
        }

        void complete(FullHttpResponse res) {
            if (!end()) {
                return;
            }
            Response r = NettyMessages.toResponse(res);
            Exchange e = new Exchange(request, r, rawHeaders == null ? r.headers() : rawHeaders, protocol, sentNs, firstByteNs, sim.now(), wireBody, null);
            traceDone(e);
            done.accept(e);
        }

        void fail(String error) {
            if (!end()) {
                return;
            }
            Exchange e = new Exchange(request, null, null, protocol, sentNs, firstByteNs, sim.now(), wireBody, error);
            traceDone(e);
            done.accept(e);
        }
    }

    private Call currentHttp1() {
        return inFlight.isEmpty() ? null : inFlight.get(0);
    }

    /**
     * The end of the connection pipeline: hears channelInactive after the decoders have finished
     * (a response delimited by the connection's close completes first).
     */
    private final class Gone extends ChannelInboundHandlerAdapter {
        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            connectionGone(null);
        }
    }

    /**
     * Notes when the first byte of a response arrives (before any decoding), and refuses a
     * response that does not begin with "HTTP/" (RFC 9112 section 4) as curl does: such bytes are
     * an HTTP/0.9 reply or no HTTP at all, e.g. the TLS alert a TLS server answers a plain-text
     * request with. The exchange fails with {@link #HTTP_0_9}.
     */
    private final class FirstByte extends ChannelInboundHandlerAdapter {
        /** How much of "HTTP/" the current response has shown so far. */
        private int matched;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Call c = currentHttp1();
            if (c != null && msg instanceof ByteBuf b && b.isReadable()) {
                c.firstByte();
                for (int i = b.readerIndex(); i < b.writerIndex() && matched < STATUS_PREFIX.length(); i++) {
                    if (Character.toUpperCase((char) (b.getByte(i) & 0xff)) != STATUS_PREFIX.charAt(matched++)) {
                        b.release();
                        closeError = HTTP_0_9;
                        c.fail(HTTP_0_9);
                        ctx.close();
                        return;
                    }
                }
            }
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * Keeps the response headers as received (the decompressor rewrites Content-Encoding and
     * Content-Length) and counts body bytes as transferred, before decompression.
     */
    private static final class RawTap extends ChannelInboundHandlerAdapter {
        private final Supplier<Call> call;

        RawTap(Supplier<Call> call) {
            this.call = call;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Call c = call.get();
            if (c != null) {
                if (msg instanceof HttpResponse r && r.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
                    c.rawHeaders = NettyMessages.headers(r.headers());
                }
                if (msg instanceof HttpContent hc) {
                    c.wireBody += hc.content().readableBytes();
                }
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Hands the response head and each decoded body piece to its call's listeners, if it has them. */
    private static final class BodyTap extends ChannelInboundHandlerAdapter {
        private final Supplier<Call> call;

        BodyTap(Supplier<Call> call) {
            this.call = call;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Call c = call.get();
            if (c != null && c.head != null && !c.finished && msg instanceof HttpResponse r
                    && r.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
                c.head.accept(new Response(r.status().code(), NettyMessages.headers(r.headers()), new byte[0]));
            }
            if (c != null && c.body != null && !c.finished && msg instanceof HttpContent hc && hc.content().isReadable()) {
                c.body.accept(NettyMessages.bytes(hc.content()));
            }
            ctx.fireChannelRead(msg);
        }
    }

    private final class Http1Responses extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
            Call c = currentHttp1();
            if (c == null) {
                return; // unsolicited: ignore
            }
            firstByte.matched = 0;
            boolean keepAlive = HttpUtil.isKeepAlive(msg);
            if (!keepAlive) {
                noMore = true; // the server closes after this response
            }
            c.complete(msg);
            if (!keepAlive) {
                ctx.close();
                return;
            }
            sendNextHttp1();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Call c = currentHttp1();
            if (c != null) {
                c.fail(cause.toString());
            }
            ctx.close();
        }
    }

    /** Per-stream timings and, for https, the :scheme the connection really uses. */
    private final class StreamTap extends ChannelDuplexHandler {
        private final Call call;

        StreamTap(Call call) {
            this.call = call;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2HeadersFrame) {
                call.firstByte();
            } else if (msg instanceof Http2DataFrame) {
                call.firstByte();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof Http2HeadersFrame h && options.scheme() != null) {
                if (h.headers().scheme() != null) {
                    h.headers().scheme(options.scheme());
                }
            }
            ctx.write(msg, promise);
        }
    }

    private static final class StreamResponse extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Call call;

        StreamResponse(Call call) {
            this.call = call;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
            call.complete(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            call.fail(cause.toString());
            ctx.close();
        }
    }
}
