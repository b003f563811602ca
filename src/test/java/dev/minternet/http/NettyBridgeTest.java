package dev.minternet.http;

import static dev.minternet.http.HttpFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Simulator;
import dev.minternet.transport.StreamPipe;
import dev.minternet.transport.StreamSocket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NettyBridgeTest {

    @Test
    void idleStateHandler_firesOncePerPeriod_inSimulatedTime() {
        Simulator sim = new Simulator(1);
        StreamPipe pipe = StreamPipe.create(sim, StreamPipe.Config.DEFAULT);
        List<Long> fired = new ArrayList<>();
        new NettyBridge(sim, pipe.server(), new IdleStateHandler(1, 0, 0, TimeUnit.SECONDS),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof IdleStateEvent) {
                            fired.add(sim.now());
                        }
                    }
                });
        sim.runUntil(3_500 * MS);
        assertThat(fired).containsExactly(1_000 * MS, 2_000 * MS, 3_000 * MS);
    }

    @Test
    void readTimeout_countsFromTheLastByte() {
        Simulator sim = new Simulator(1);
        StreamPipe pipe = StreamPipe.create(sim, StreamPipe.Config.DEFAULT.withDelay(10 * MS));
        List<String> seen = new ArrayList<>();
        NettyBridge b = new NettyBridge(sim, pipe.server(), new ReadTimeoutHandler(2, TimeUnit.SECONDS),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        seen.add(sim.now() + " " + ((ByteBuf) msg).toString(StandardCharsets.US_ASCII));
                        ((ByteBuf) msg).release();
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        seen.add(sim.now() + " " + cause.getClass().getSimpleName());
                        ctx.close();
                    }
                });
        List<Long> closedAt = new ArrayList<>();
        pipe.client().setHandler(new StreamSocket.Handler() {
            @Override
            public void onData(StreamSocket s, byte[] data) {
            }

            @Override
            public void onPeerClosed(StreamSocket s) {
                closedAt.add(sim.now());
                s.close();
            }
        });
        sim.schedule(500 * MS, () -> pipe.client().send("a".getBytes(StandardCharsets.US_ASCII)));
        sim.schedule(1_500 * MS, () -> pipe.client().send("b".getBytes(StandardCharsets.US_ASCII)));
        sim.run();
        // last byte arrives at 1.51 s; the timeout fires 2 s later; the FIN takes 10 ms back
        assertThat(seen).containsExactly(510 * MS + " a", 1_510 * MS + " b", 3_510 * MS + " ReadTimeoutException");
        assertThat(closedAt).containsExactly(3_520 * MS);
        assertThat(b.isOpen()).isFalse();
        assertThat(sim.pending()).isZero();
    }

    @Test
    void serverIdleTimeout_closesTheConnection() {
        HttpFixture f = new HttpFixture();
        f.server.idleTimeout(5_000 * MS).route("GET", "/", HttpHandler.of(r -> Response.text(200, "x")));
        f.connect(HttpProtocol.HTTP_1_1);
        f.send(Request.get("/"));
        f.sim.runUntil(5_019 * MS);
        assertThat(f.client.isOpen()).isTrue();
        f.sim.runUntil(5_021 * MS);
        assertThat(f.client.isOpen()).isFalse();
        f.run();
        assertThat(f.done.get(0).response().status()).isEqualTo(200);
    }
}
