package dev.minternet.http.ws;

import dev.minternet.http.NettyBridge;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A WebSocket client on Netty's codecs (RFC 6455) over a connected {@link StreamSocket} (TCP, or
 * TLS for wss://): {@code HttpClientCodec}, {@code HttpObjectAggregator}, permessage-deflate
 * offered when on (RFC 7692, Netty's {@code WebSocketClientCompressionHandler}), the tracer,
 * Netty's {@code WebSocketClientProtocolHandler} with a {@link SeededHandshaker} (seeded key and
 * masks), {@code WebSocketFrameAggregator}, then the {@link WsSession}. The opening handshake
 * leaves as soon as the pipeline is built.
 */
public final class WsClient {
    private WsClient() {
    }

    /**
     * What the client sends and how: the URI (its host and path make the request's Host and
     * target), whether to offer permessage-deflate, the largest message accepted, extra request
     * headers, and the random stream for the key and masks.
     */
    public record Options(URI uri, boolean deflate, int maxMessage, HttpHeaders headers, SplittableRandom random) {
        public static Options of(URI uri, SplittableRandom random) {
            return new Options(uri, true, 64 * 1024, new DefaultHttpHeaders(), random);
        }

        public Options withDeflate(boolean on) {
            return new Options(uri, on, maxMessage, headers, random);
        }

        public Options withMaxMessage(int bytes) {
            return new Options(uri, deflate, bytes, headers, random);
        }
    }

    /** Opens a WebSocket on {@code s}; {@code listener} hears the open (or the failure), messages and the close. */
    public static WsSession open(Simulator sim, StreamSocket s, Options o, Trace trace, WsListener listener) {
        WsSession session = new WsSession(sim, false, s, trace, listener);
        SeededHandshaker hs = new SeededHandshaker(o.uri(), o.headers(), o.maxMessage(), o.random());
        List<ChannelHandler> l = new ArrayList<>();
        l.add(new HttpClientCodec());
        l.add(new HttpObjectAggregator(8192));
        if (o.deflate()) {
            l.add(WebSocketClientCompressionHandler.INSTANCE);
        }
        l.add(new WsTracer(session));
        l.add(new WebSocketClientProtocolHandler(hs, WebSocketClientProtocolConfig.newBuilder().webSocketUri(o.uri())
                .handleCloseFrames(false).dropPongFrames(false).handshakeTimeoutMillis(10_000).sendCloseFrame(null)
                .build()));
        l.add(new WebSocketFrameAggregator(o.maxMessage()));
        l.add(session.new Endpoint());
        session.bind(new NettyBridge(sim, s, l.toArray(new ChannelHandler[0])));
        return session;
    }
}
