package dev.minternet.http.grpc;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import dev.minternet.sim.Timer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * One call as the server sees it: the HTTP/2 stream (a child channel of Netty's multiplexer)
 * carrying it, from the request headers to the trailers (grpc/doc/PROTOCOL-HTTP2.md). The method's
 * handler listens for messages, the client's half-close and cancellation, and answers with
 * {@link #send} and {@link #close}. Response headers go out with the first message; a call closed
 * before any message gets a Trailers-Only response (one HEADERS frame with the status). A
 * {@code grpc-timeout} arms a simulator timer: when it fires first, the call ends with
 * DEADLINE_EXCEEDED and the handler hears {@link Listener#onCancel}.
 */
public final class ServerCall {
    /** What the handler hears. */
    public interface Listener {
        default void onMessage(DynamicMessage m) {
        }

        /** The client sent its last message (END_STREAM). */
        default void onHalfClose() {
        }

        /** The call ended without the handler: the client reset the stream, or the deadline passed. */
        default void onCancel() {
        }
    }

    private final GrpcServer server;
    private final ChannelHandlerContext ctx;
    private final String conn;
    private final int stream;
    private final String path;
    private final MethodDescriptor method;
    private final long startNs;
    private final GrpcWire.Deframer deframer = new GrpcWire.Deframer(GrpcWire.MAX_MESSAGE);
    private Listener listener = new Listener() { };
    private Timer deadline;
    private boolean headersSent;
    private boolean done;
    private boolean halfClosed;
    private long sent;
    private long received;

    ServerCall(GrpcServer server, ChannelHandlerContext ctx, String conn, String path, MethodDescriptor method) {
        this.server = server;
        this.ctx = ctx;
        this.conn = conn;
        this.stream = ((Http2StreamChannel) ctx.channel()).stream().id();
        this.path = path;
        this.method = method;
        this.startNs = server.sim().now();
    }

    public MethodDescriptor method() {
        return method;
    }

    /** Sets who hears the call's messages; call it from the method handler's start. */
    public void listen(Listener l) {
        this.listener = l;
    }

    /** True once the call has its status (or was cancelled). */
    public boolean isDone() {
        return done;
    }

    /** Sends one response message (headers first, with the first one). */
    public void send(Message m) {
        if (done) {
            return;
        }
        if (!headersSent) {
            headersSent = true;
            ctx.write(new DefaultHttp2HeadersFrame(responseHeaders()));
        }
        byte[] bytes = m.toByteArray();
        sent++;
        GrpcEvents.message(server.trace(), server.node(), "server", conn, stream, path, "send", bytes.length,
                TextFormat.shortDebugString(m));
        ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(GrpcWire.frame(bytes))));
        server.pump(ctx);
    }

    /** Ends the call with {@code status} and {@code message} in the trailers. */
    public void close(GrpcStatus status, String message) {
        if (done) {
            return;
        }
        done = true;
        if (deadline != null) {
            deadline.cancel();
        }
        Http2Headers t = headersSent ? new DefaultHttp2Headers() : responseHeaders();
        t.set("grpc-status", Integer.toString(status.code()));
        if (message != null && !message.isEmpty()) {
            t.set("grpc-message", GrpcWire.encodeMessage(message));
        }
        GrpcEvents.end(server.trace(), server.node(), "server", conn, stream, path, status, message == null ? "" : message,
                sent, received, server.sim().now() - startNs);
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(t, true));
        server.pump(ctx);
        server.callEnded(status);
    }

    private static Http2Headers responseHeaders() {
        return new DefaultHttp2Headers().status("200").set("content-type", GrpcWire.CONTENT_TYPE);
    }

    /** Arms the deadline {@code ns} from now. */
    void deadline(long ns) {
        deadline = new Timer(server.sim(), () -> {
            if (!done) {
                close(GrpcStatus.DEADLINE_EXCEEDED, "context deadline exceeded");
                listener.onCancel();
            }
        });
        deadline.setAfter(ns);
    }

    void started(String kind, long timeoutNs) {
        GrpcEvents.call(server.trace(), server.node(), "server", conn, stream, path, kind, timeoutNs);
    }

    private void data(ByteBuf content, boolean endStream) {
        byte[] b = new byte[content.readableBytes()];
        content.readBytes(b);
        deframer.feed(b, 0, b.length);
        while (!done) {
            long n = deframer.nextLength();
            if (n < 0) {
                break;
            }
            if (n > deframer.limit()) {
                close(GrpcStatus.RESOURCE_EXHAUSTED, "grpc: received message larger than max (" + n + " vs. " + deframer.limit() + ")");
                return;
            }
            if (deframer.nextCompressed()) {
                close(GrpcStatus.INTERNAL, "grpc: compressed flag set with identity or empty encoding");
                return;
            }
            byte[] m = deframer.poll();
            if (m == null) {
                break;
            }
            DynamicMessage msg;
            try {
                msg = DynamicMessage.parseFrom(method.getInputType(), m);
            } catch (InvalidProtocolBufferException e) {
                close(GrpcStatus.INTERNAL, "grpc: error unmarshalling request: " + e.getMessage());
                return;
            }
            received++;
            GrpcEvents.message(server.trace(), server.node(), "server", conn, stream, path, "receive", m.length,
                    TextFormat.shortDebugString(msg));
            if (!method.isClientStreaming() && received > 1) {
                close(GrpcStatus.UNIMPLEMENTED, "grpc: too many requests for unary method");
                return;
            }
            listener.onMessage(msg);
        }
        if (endStream) {
            halfClose();
        }
    }

    private void halfClose() {
        if (halfClosed || done) {
            return;
        }
        halfClosed = true;
        if (deframer.pending() > 0) {
            close(GrpcStatus.INTERNAL, "grpc: stream ended inside a message");
            return;
        }
        if (!method.isClientStreaming() && received == 0) {
            close(GrpcStatus.UNIMPLEMENTED, "grpc: no request for unary method");
            return;
        }
        listener.onHalfClose();
    }

    private void cancelled() {
        if (done) {
            return;
        }
        done = true;
        if (deadline != null) {
            deadline.cancel();
        }
        GrpcEvents.end(server.trace(), server.node(), "server", conn, stream, path, GrpcStatus.CANCELLED,
                "client cancelled the call", sent, received, server.sim().now() - startNs);
        server.callEnded(GrpcStatus.CANCELLED);
        listener.onCancel();
    }

    /** The end of a stream channel's pipeline once the call has started. */
    final class Frames extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext c, Object msg) {
            try {
                if (msg instanceof Http2DataFrame d) {
                    data(d.content(), d.isEndStream());
                } else if (msg instanceof Http2HeadersFrame h && h.isEndStream()) {
                    halfClose(); // trailers from a client: not sent by gRPC clients, but they end the stream
                } else if (msg instanceof Http2ResetFrame) {
                    cancelled();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext c) {
            cancelled();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            c.close();
        }
    }
}
