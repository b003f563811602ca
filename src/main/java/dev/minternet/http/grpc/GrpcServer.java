package dev.minternet.http.grpc;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.minternet.http.NettyBridge;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import dev.minternet.wire.Ip4;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gRPC server on Netty's HTTP/2 codec (Http2FrameCodec and Http2MultiplexHandler, one child
 * channel per call), run on a simulated stream by {@link NettyBridge}. Give it connections with
 * {@link #serve}: cleartext ones speak HTTP/2 with prior knowledge (h2c), TLS ones after ALPN h2.
 *
 * <p>Each request is checked as grpc-go checks it: POST, a {@code content-type} starting with
 * {@code application/grpc} (else HTTP 415), a known {@code /service/method} (else UNIMPLEMENTED
 * with grpc-go's message), no message compression (else UNIMPLEMENTED), a well-formed
 * {@code grpc-timeout} (its deadline runs in simulated time). Services register their descriptors
 * and a handler per method; {@link #reflection()} adds server reflection (v1alpha) over every
 * registered file.
 */
public final class GrpcServer {
    /** Starts a call: the handler listens on it and answers. */
    public interface Handler {
        void start(ServerCall call);
    }

    private final Simulator sim;
    private final Trace trace;
    private final String node;
    private final Map<String, ServiceDescriptor> services = new LinkedHashMap<>();
    private final Map<String, Handler> handlers = new LinkedHashMap<>();
    private final Map<GrpcStatus, Long> statuses = new EnumMap<>(GrpcStatus.class);
    private long calls;

    public GrpcServer(Simulator sim, Trace trace, String node) {
        this.sim = sim;
        this.trace = trace;
        this.node = node;
    }

    /** Registers {@code service} with a handler per method name; a method without one answers UNIMPLEMENTED. */
    public GrpcServer add(ServiceDescriptor service, Map<String, Handler> methods) {
        services.put(service.getFullName(), service);
        for (Map.Entry<String, Handler> e : methods.entrySet()) {
            MethodDescriptor m = service.findMethodByName(e.getKey());
            if (m == null) {
                throw new IllegalArgumentException(service.getFullName() + " has no method " + e.getKey());
            }
            handlers.put(path(m), e.getValue());
        }
        return this;
    }

    /** Adds server reflection (grpc.reflection.v1alpha.ServerReflection) answering for every service. */
    public GrpcServer reflection() {
        new Reflection(this).register();
        return this;
    }

    /** The :path of a method: {@code /package.Service/Method}. */
    public static String path(MethodDescriptor m) {
        return "/" + m.getService().getFullName() + "/" + m.getName();
    }

    /** The kind of call a method makes, as the trace names it. */
    public static String kind(MethodDescriptor m) {
        if (m.isClientStreaming()) {
            return m.isServerStreaming() ? "bidi-streaming" : "client-streaming";
        }
        return m.isServerStreaming() ? "server-streaming" : "unary";
    }

    /** Registered services by full name, in registration order. */
    public Map<String, ServiceDescriptor> services() {
        return services;
    }

    /** The files that define the registered services, each once. */
    List<FileDescriptor> files() {
        List<FileDescriptor> out = new ArrayList<>();
        for (ServiceDescriptor s : services.values()) {
            if (!out.contains(s.getFile())) {
                out.add(s.getFile());
            }
        }
        return out;
    }

    /** Calls started so far. */
    public long calls() {
        return calls;
    }

    /** Calls ended with {@code s} so far. */
    public long ended(GrpcStatus s) {
        return statuses.getOrDefault(s, 0L);
    }

    Simulator sim() {
        return sim;
    }

    Trace trace() {
        return trace;
    }

    String node() {
        return node;
    }

    void callEnded(GrpcStatus s) {
        statuses.merge(s, 1L, Long::sum);
    }

    /** Serves an HTTP/2 connection (h2c prior knowledge, or TLS after ALPN h2). */
    public NettyBridge serve(StreamSocket s) {
        String conn = Ip4.str(s.localAddress()) + ":" + s.localPort() + " -> " + Ip4.str(s.remoteAddress()) + ":" + s.remotePort();
        return new NettyBridge(sim, s, Http2FrameCodecBuilder.forServer().build(),
                new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        ch.pipeline().addLast(new Start(conn));
                    }
                }));
    }

    /** Pushes out what a call wrote from outside Netty's own events (a handler answering later). */
    void pump(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        while (ch.parent() != null) {
            ch = ch.parent();
        }
        NettyBridge b = ch.attr(NettyBridge.KEY).get();
        if (b != null) {
            b.pump();
        }
    }

    /** Reads a stream's request headers and starts its call (or answers the error). */
    private final class Start extends ChannelInboundHandlerAdapter {
        private final String conn;

        Start(String conn) {
            this.conn = conn;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof Http2HeadersFrame h)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            Http2Headers in = h.headers();
            String path = in.path() == null ? "" : in.path().toString();
            CharSequence type = in.get("content-type");
            if (type == null || !type.toString().startsWith(GrpcWire.CONTENT_TYPE)) {
                reject(ctx, path, "415", GrpcStatus.INTERNAL, "invalid gRPC request content-type \"" + (type == null ? "" : type) + "\"");
                return;
            }
            if (in.method() == null || !"POST".contentEquals(in.method())) {
                reject(ctx, path, "405", GrpcStatus.INTERNAL, "invalid gRPC request method \"" + in.method() + "\"");
                return;
            }
            CharSequence enc = in.get("grpc-encoding");
            if (enc != null && !"identity".contentEquals(enc)) {
                reject(ctx, path, "200", GrpcStatus.UNIMPLEMENTED, "grpc: Decompressor is not installed for grpc-encoding \"" + enc + "\"");
                return;
            }
            int slash = path.lastIndexOf('/');
            if (!path.startsWith("/") || slash <= 0) {
                reject(ctx, path, "200", GrpcStatus.UNIMPLEMENTED, "malformed method name: \"" + path + "\"");
                return;
            }
            String service = path.substring(1, slash);
            String name = path.substring(slash + 1);
            ServiceDescriptor sd = services.get(service);
            if (sd == null) {
                reject(ctx, path, "200", GrpcStatus.UNIMPLEMENTED, "unknown service " + service);
                return;
            }
            MethodDescriptor md = sd.findMethodByName(name);
            Handler handler = handlers.get(path);
            if (md == null || handler == null) {
                reject(ctx, path, "200", GrpcStatus.UNIMPLEMENTED, "unknown method " + name + " for service " + service);
                return;
            }
            long timeout = 0;
            CharSequence t = in.get("grpc-timeout");
            if (t != null) {
                timeout = GrpcWire.decodeTimeout(t.toString());
                if (timeout < 0) {
                    reject(ctx, path, "200", GrpcStatus.INTERNAL, "transport: malformed grpc-timeout: " + t);
                    return;
                }
            }
            calls++;
            ServerCall call = new ServerCall(GrpcServer.this, ctx, conn, path, md);
            ctx.pipeline().replace(this, "grpc-call", call.new Frames());
            call.started(kind(md), timeout);
            if (t != null) {
                call.deadline(timeout);
            }
            handler.start(call);
            if (h.isEndStream()) {
                ctx.pipeline().fireChannelRead(new io.netty.handler.codec.http2.DefaultHttp2DataFrame(true));
            }
        }

        /** A Trailers-Only response for a call that never starts. */
        private void reject(ChannelHandlerContext ctx, String path, String http, GrpcStatus status, String message) {
            int stream = ((Http2StreamChannel) ctx.channel()).stream().id();
            Http2Headers out = new DefaultHttp2Headers().status(http)
                    .set("content-type", http.equals("200") ? GrpcWire.CONTENT_TYPE : "text/plain; charset=utf-8")
                    .set("grpc-status", Integer.toString(status.code()))
                    .set("grpc-message", GrpcWire.encodeMessage(message));
            GrpcEvents.end(trace, node, "server", conn, stream, path, status, message, 0, 0, 0);
            callEnded(status);
            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(out, true));
            ctx.pipeline().replace(this, "grpc-rejected", new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext c, Object m) {
                    ReferenceCountUtil.release(m);
                }
            });
        }
    }
}
