package dev.minternet.http.grpc;

import com.google.protobuf.Descriptors.MethodDescriptor;
import dev.minternet.http.NettyBridge;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import dev.minternet.wire.Ip4;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's HTTP/2 connection to a gRPC server (h2c prior knowledge, or TLS after ALPN h2); each
 * {@link #call} opens a stream. The request headers are grpc-go's: {@code :method POST},
 * {@code :scheme}, {@code :path}, {@code :authority}, {@code content-type: application/grpc},
 * {@code user-agent}, {@code te: trailers}, and {@code grpc-timeout} for a call with a deadline.
 */
public final class GrpcChannel {
    /** The user agent grpcurl 1.9 sends (it adds grpc-go's). */
    public static final String USER_AGENT = "grpcurl/v1.9.1 grpc-go/1.61.0";

    private final Simulator sim;
    private final NettyBridge bridge;
    private final String authority;
    private final String scheme;
    private final Trace trace;
    private final String node;
    private final String conn;
    private final List<ClientCall> open = new ArrayList<>();
    private String lost;

    private GrpcChannel(Simulator sim, StreamSocket s, String authority, boolean tls, Trace trace, String node) {
        this.sim = sim;
        this.authority = authority;
        this.scheme = tls ? "https" : "http";
        this.trace = trace;
        this.node = node;
        this.conn = Ip4.str(s.localAddress()) + ":" + s.localPort() + " -> " + Ip4.str(s.remoteAddress()) + ":" + s.remotePort();
        this.bridge = new NettyBridge(sim, s, Http2FrameCodecBuilder.forClient().build(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
        bridge.setObserver(new NettyBridge.Observer() {
            @Override
            public void closed(String error) {
                gone(error == null ? "error reading from server: EOF" : error);
            }
        });
    }

    /**
     * A channel on an established connection; {@code authority} is the {@code :authority}
     * (host:port as the user typed it), {@code tls} says whether the socket is a TLS one.
     */
    public static GrpcChannel open(Simulator sim, StreamSocket s, String authority, boolean tls, Trace trace, String node) {
        return new GrpcChannel(sim, s, authority, tls, trace, node);
    }

    /** Starts a call of {@code method} ({@code timeoutNs} 0: no deadline). */
    public ClientCall call(MethodDescriptor method, long timeoutNs, ClientCall.Listener listener) {
        return call(method, timeoutNs, true, listener);
    }

    /**
     * {@link #call} whose deadline, with {@code enforce} false, only travels as grpc-timeout:
     * the client waits for the server to end the call (tests of the server's deadline).
     */
    ClientCall call(MethodDescriptor method, long timeoutNs, boolean enforce, ClientCall.Listener listener) {
        ClientCall c = new ClientCall(this, method, listener);
        if (lost != null || !bridge.isOpen()) {
            open.add(c);
            c.connectionLost(lost == null ? "error reading from server: EOF" : lost);
            return c;
        }
        Future<Http2StreamChannel> f = new Http2StreamChannelBootstrap(bridge.channel())
                .handler(new ChannelInboundHandlerAdapter()).open();
        bridge.channel().runPendingTasks();
        open.add(c);
        if (!f.isSuccess()) {
            c.connectionLost("cannot open a stream: " + f.cause());
            return c;
        }
        Http2Headers h = new DefaultHttp2Headers().method("POST").scheme(scheme).path(GrpcServer.path(method))
                .authority(authority).set("content-type", GrpcWire.CONTENT_TYPE).set("user-agent", USER_AGENT)
                .set("te", "trailers");
        if (timeoutNs > 0) {
            h.set("grpc-timeout", GrpcWire.encodeTimeout(timeoutNs));
        }
        c.start(f.getNow(), h, timeoutNs, enforce);
        return c;
    }

    /** Cancels the calls still open (RST_STREAM CANCEL), then closes the connection (GOAWAY, then FIN). */
    public void close() {
        for (ClientCall c : List.copyOf(open)) {
            c.cancel("channel closed");
        }
        if (bridge.channel().isOpen()) {
            bridge.channel().close();
        }
        bridge.pump();
    }

    public boolean isOpen() {
        return lost == null && bridge.isOpen();
    }

    private void gone(String why) {
        lost = why;
        for (ClientCall c : List.copyOf(open)) {
            c.connectionLost(why);
        }
    }

    void ended(ClientCall c) {
        open.remove(c);
    }

    void pump() {
        bridge.pump();
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

    String conn() {
        return conn;
    }
}
