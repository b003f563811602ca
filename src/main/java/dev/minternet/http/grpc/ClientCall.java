package dev.minternet.http.grpc;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import dev.minternet.sim.Timer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * One call as the client sees it, on its own HTTP/2 stream: request headers (with
 * {@code grpc-timeout} when it has a deadline), length-prefixed messages, END_STREAM on
 * {@link #halfClose}; then response headers, messages and the trailers whose {@code grpc-status}
 * ends the call. The deadline is the client's own too: when it passes first, the client resets
 * the stream (RST_STREAM CANCEL) and reports DEADLINE_EXCEEDED, as grpc-go does.
 */
public final class ClientCall {
    /** What the caller hears. */
    public interface Listener {
        default void onHeaders(Http2Headers headers) {
        }

        default void onMessage(DynamicMessage m) {
        }

        /** The call's status: from the trailers, or the client's own (deadline, connection lost). */
        void onClose(GrpcStatus status, String message, Http2Headers trailers);
    }

    private final GrpcChannel channel;
    private final MethodDescriptor method;
    private final String path;
    private final Listener listener;
    private final long startNs;
    private final GrpcWire.Deframer deframer = new GrpcWire.Deframer(GrpcWire.MAX_MESSAGE);
    private Http2StreamChannel stream;
    private Timer deadline;
    private Http2Headers headers;
    private boolean done;
    private boolean halfClosed;
    private boolean resetting;
    private long sent;
    private long received;

    ClientCall(GrpcChannel channel, MethodDescriptor method, Listener listener) {
        this.channel = channel;
        this.method = method;
        this.path = GrpcServer.path(method);
        this.listener = listener;
        this.startNs = channel.sim().now();
    }

    public MethodDescriptor method() {
        return method;
    }

    /** The HTTP/2 stream id (0 before the stream opened). */
    public int streamId() {
        return stream == null ? 0 : stream.stream().id();
    }

    public boolean isDone() {
        return done;
    }

    void start(Http2StreamChannel ch, Http2Headers request, long timeoutNs, boolean enforce) {
        this.stream = ch;
        ch.pipeline().addLast(new Frames());
        ch.writeAndFlush(new DefaultHttp2HeadersFrame(request));
        channel.pump();
        GrpcEvents.call(channel.trace(), channel.node(), "client", channel.conn(), streamId(), path, GrpcServer.kind(method),
                timeoutNs);
        if (timeoutNs > 0 && enforce) {
            deadline = new Timer(channel.sim(), () -> {
                if (!done) {
                    reset();
                    end(GrpcStatus.DEADLINE_EXCEEDED, "context deadline exceeded", null);
                }
            });
            deadline.setAfter(timeoutNs);
        }
    }

    /** Sends one request message. */
    public void send(Message m) {
        if (done || halfClosed) {
            return;
        }
        byte[] b = m.toByteArray();
        sent++;
        GrpcEvents.message(channel.trace(), channel.node(), "client", channel.conn(), streamId(), path, "send", b.length,
                TextFormat.shortDebugString(m));
        stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(GrpcWire.frame(b))));
        channel.pump();
    }

    /** Sends bytes as they are, prefix included (tests of a server's checks). */
    void sendFramed(byte[] wire) {
        stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(wire)));
        channel.pump();
    }

    /** Ends the request stream (an empty DATA frame with END_STREAM). */
    public void halfClose() {
        if (done || halfClosed) {
            return;
        }
        halfClosed = true;
        stream.writeAndFlush(new DefaultHttp2DataFrame(true));
        channel.pump();
    }

    /** Cancels the call: RST_STREAM CANCEL, and CANCELLED for the listener. */
    public void cancel(String why) {
        if (done) {
            return;
        }
        reset();
        end(GrpcStatus.CANCELLED, why, null);
    }

    /** RST_STREAM CANCEL; the stream channel's closing that follows is ours, not the connection's. */
    private void reset() {
        resetting = true;
        stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
        channel.pump();
    }

    /** The connection under the call is gone. */
    void connectionLost(String why) {
        end(GrpcStatus.UNAVAILABLE, why, null);
    }

    private void end(GrpcStatus status, String message, Http2Headers trailers) {
        if (done) {
            return;
        }
        done = true;
        if (deadline != null) {
            deadline.cancel();
        }
        GrpcEvents.end(channel.trace(), channel.node(), "client", channel.conn(), streamId(), path, status, message, sent,
                received, channel.sim().now() - startNs);
        channel.ended(this);
        listener.onClose(status, message, trailers == null ? new DefaultHttp2Headers() : trailers);
    }

    private void headersFrame(Http2HeadersFrame f) {
        Http2Headers h = f.headers();
        if (headers == null) {
            headers = h;
            CharSequence http = h.status();
            if (h.get("grpc-status") == null && (http == null || !"200".contentEquals(http))) {
                end(GrpcStatus.fromHttp(http == null ? 0 : Integer.parseInt(http.toString())),
                        "unexpected HTTP status code received from server: " + http, h);
                return;
            }
            CharSequence type = h.get("content-type");
            if (h.get("grpc-status") == null && (type == null || !type.toString().startsWith(GrpcWire.CONTENT_TYPE))) {
                end(GrpcStatus.UNKNOWN, "transport: received unexpected content-type \"" + type + "\"", h);
                return;
            }
            if (!f.isEndStream()) {
                listener.onHeaders(h);
                return;
            }
        }
        // trailers, or a Trailers-Only response
        CharSequence st = h.get("grpc-status");
        if (st == null) {
            end(GrpcStatus.INTERNAL, "server closed the stream without sending trailers", h);
            return;
        }
        int code;
        try {
            code = Integer.parseInt(st.toString());
        } catch (NumberFormatException e) {
            end(GrpcStatus.INTERNAL, "transport: malformed grpc-status: " + st, h);
            return;
        }
        CharSequence msg = h.get("grpc-message");
        end(GrpcStatus.of(code), GrpcWire.decodeMessage(msg == null ? null : msg.toString()), h);
    }

    private void dataFrame(Http2DataFrame d) {
        byte[] b = new byte[d.content().readableBytes()];
        d.content().readBytes(b);
        deframer.feed(b, 0, b.length);
        while (!done) {
            long n = deframer.nextLength();
            if (n < 0) {
                break;
            }
            if (n > deframer.limit()) {
                cancel("grpc: received message larger than max (" + n + " vs. " + deframer.limit() + ")");
                return;
            }
            byte[] m = deframer.poll();
            if (m == null) {
                break;
            }
            try {
                DynamicMessage msg = DynamicMessage.parseFrom(method.getOutputType(), m);
                received++;
                GrpcEvents.message(channel.trace(), channel.node(), "client", channel.conn(), streamId(), path, "receive",
                        m.length, TextFormat.shortDebugString(msg));
                listener.onMessage(msg);
            } catch (InvalidProtocolBufferException e) {
                cancel("grpc: failed to unmarshal the received message: " + e.getMessage());
                return;
            }
        }
        if (d.isEndStream()) {
            end(GrpcStatus.INTERNAL, "server closed the stream without sending trailers", null);
        }
    }

    private final class Frames extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame h) {
                    headersFrame(h);
                } else if (msg instanceof Http2DataFrame d) {
                    dataFrame(d);
                } else if (msg instanceof Http2ResetFrame r) {
                    end(GrpcStatus.fromReset(r.errorCode()), "stream terminated by RST_STREAM with error code: "
                            + Http2Error.valueOf(r.errorCode()), null);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!resetting) {
                connectionLost("error reading from server: EOF");
            }
        }
    }
}
