package dev.minternet.http;

import dev.minternet.sim.Simulator;
import dev.minternet.sim.Timer;
import dev.minternet.transport.StreamSocket;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Stream;

/**
 * The two timers nginx keeps on a client connection (ngx_http_core_module), for one accepted
 * connection of an {@link HttpServer}:
 * <ul>
 *   <li>{@code client_header_timeout} (60 s): from the TCP accept until the first request's
 *       header has arrived; it covers the TLS handshake and the HTTP/2 preface too. A client that
 *       connects and sends nothing ({@code nc host 80}) is closed then, with no response, as
 *       nginx closes it (its access log would say 408; the client sees nothing but the close).</li>
 *   <li>{@code keepalive_timeout} (75 s): from the end of the last response, while no request is
 *       in progress. HTTP/1.1 closes the connection (TLS: close_notify, then FIN); HTTP/2 sends
 *       GOAWAY with NO_ERROR first (ngx_http_v2_idle_handler, ngx_http_v2_finalize_connection).</li>
 * </ul>
 * While a request is in progress no timer runs (nginx's send and proxy timeouts are not
 * modelled). The timer is lazy: one simulator timer per connection, armed at the accept and moved
 * only when it fires early, so a busy connection costs a counter per request.
 */
public final class ConnectionClock {
    /** nginx's defaults: client_header_timeout 60 s, keepalive_timeout 75 s. */
    public static final long NGINX_HEADER_NS = 60_000_000_000L;
    public static final long NGINX_KEEPALIVE_NS = 75_000_000_000L;

    private final Simulator sim;
    private final long headerNs;
    private final long keepaliveNs;
    private final StreamSocket accepted;
    private final Timer timer;
    private NettyBridge bridge;
    /** When the connection was accepted, or its last response ended. */
    private long since;
    private int inFlight;
    private boolean served;
    private boolean done;

    /** Starts the clock for {@code accepted} now; 0 turns a timeout off. */
    ConnectionClock(Simulator sim, StreamSocket accepted, long headerNs, long keepaliveNs) {
        this.sim = sim;
        this.accepted = accepted;
        this.headerNs = headerNs;
        this.keepaliveNs = keepaliveNs;
        this.timer = new Timer(sim, this::fire);
        this.since = sim.now();
        if (headerNs > 0) {
            timer.setAt(since + headerNs);
        }
    }

    /** The connection's HTTP now runs on {@code b}; the clock stops when its channel closes. */
    void bridge(NettyBridge b) {
        this.bridge = b;
        b.channel().closeFuture().addListener(f -> stop());
    }

    /** A request's header arrived. */
    void requestStarted() {
        inFlight++;
        served = true;
    }

    /** A response ended (its last byte written): with none left in progress, the idle time starts. */
    void responseDone() {
        if (inFlight > 0) {
            inFlight--;
        }
        if (inFlight == 0 && !done) {
            since = sim.now();
            if (keepaliveNs > 0 && !timer.isPending()) {
                timer.setAt(since + keepaliveNs);
            }
        }
    }

    /** Stops the clock for good (the connection closed, or left HTTP: an upgrade). */
    void stop() {
        done = true;
        timer.cancel();
    }

    private void fire() {
        if (done || inFlight > 0) {
            return; // responseDone arms it again
        }
        long limit = served ? keepaliveNs : headerNs;
        if (limit <= 0) {
            return;
        }
        long deadline = since + limit;
        if (sim.now() < deadline) {
            timer.setAt(deadline);
            return;
        }
        done = true;
        if (bridge != null) {
            if (bridge.isOpen()) {
                bridge.channel().close(); // HTTP/2's codec sends its GOAWAY first
                bridge.pump();
            }
        } else {
            accepted.close(); // still in the TLS handshake, or before the first bytes
        }
    }

    /** Counts HTTP/1.1 requests in and responses out (after the server codec). */
    ChannelDuplexHandler h1() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (msg instanceof HttpRequest) {
                    requestStarted();
                }
                super.channelRead(ctx, msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
                boolean last = msg instanceof LastHttpContent;
                super.write(ctx, msg, promise);
                if (last) {
                    responseDone();
                }
            }
        };
    }

    /** Counts HTTP/2 streams: a client's stream opened is a request, its close the response's end. */
    void watch(Http2Connection c) {
        c.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamActive(Http2Stream stream) {
                if ((stream.id() & 1) == 1) { // a client-initiated stream
                    requestStarted();
                }
            }

            @Override
            public void onStreamClosed(Http2Stream stream) {
                if ((stream.id() & 1) == 1) { // a client-initiated stream
                    responseDone();
                }
            }
        });
    }
}
