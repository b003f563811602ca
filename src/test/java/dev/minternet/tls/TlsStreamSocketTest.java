package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.sim.Durations;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.wire.Ip4.Cidr;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** TLS over simulated TCP through a router: the handshake, bulk data both ways, and failures. */
class TlsStreamSocketTest {
    final World world = new World(4, Instant.parse("2026-11-21T09:00:00Z"));
    final Node client = world.addHost("client");
    final Node router = world.addRouter("router");
    final Node server = world.addHost("server");
    final WorldTls tls = WorldTls.of(world);
    final List<String> events = new ArrayList<>();

    TlsStreamSocketTest() {
        world.connect(client, Cidr.parse("10.0.0.2/24"), router, Cidr.parse("10.0.0.1/24"),
                LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelay(5 * Durations.MS));
        world.connect(router, Cidr.parse("10.0.1.1/24"), server, Cidr.parse("10.0.1.2/24"),
                LinkParams.DEFAULT.withDelay(Durations.MS));
        GlobalRouting.install(world);
    }

    /** An echo server over TLS presenting {@code id}. */
    void echoServer(TlsIdentity id) {
        TlsServerContext ctx = tls.server("server").identity(id).build();
        TcpStreamSocket.listen(server.tcp(), 443, s -> TlsStreamSocket.start(ctx.accept(), s, world.trace(), t ->
                t.setHandler(new StreamSocket.Handler() {
                    @Override
                    public void onData(StreamSocket x, byte[] data) {
                        x.send(data);
                    }

                    @Override
                    public void onPeerClosed(StreamSocket x) {
                        x.close();
                    }
                }), f -> events.add("server failed: " + f.reason())));
    }

    void connect(String host, ConnectOptions o, Consumer<TlsStreamSocket> ready) {
        TcpStreamSocket.connect(client.tcp(), world.resolve("server"), 443, s ->
                        TlsStreamSocket.start(tls.client("client").connect(host, o), s, world.trace(), ready,
                                f -> events.add("client failed: " + f.curlExitCode() + " " + f.curlMessage())),
                e -> events.add("tcp failed: " + e));
    }

    @Test
    void handshake_costsOneRoundTripAfterTcp_and100KiBEchoBackIntact() {
        echoServer(tls.pki().leaf("server"));
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        long[] ready = new long[1];
        byte[] msg = new byte[100 * 1024];
        for (int i = 0; i < msg.length; i++) {
            msg[i] = (byte) (i * 7);
        }
        connect("server", ConnectOptions.DEFAULT, t -> {
            ready[0] = world.sim().now();
            assertThat(t.applicationProtocol()).isEqualTo("h2");
            StreamSocket.Handler h = new StreamSocket.Handler() {
                int off;

                @Override
                public void onData(StreamSocket s, byte[] data) {
                    back.writeBytes(data);
                    if (back.size() == msg.length) {
                        s.close();
                    }
                }

                @Override
                public void onWritable(StreamSocket s) {
                    off += s.send(msg, off, msg.length - off);
                }

                @Override
                public void onClosed(StreamSocket s, String error) {
                    events.add("closed " + error);
                }
            };
            t.setHandler(h);
            h.onWritable(t); // send as much as fits; the rest as space frees up
        });
        world.sim().run();
        // TCP: one round trip of 12 ms; TLS 1.3: one more, plus serialisation of the flights
        assertThat(ready[0]).isBetween(24 * Durations.MS, 25 * Durations.MS);
        assertThat(back.toByteArray()).isEqualTo(msg);
        assertThat(events).noneMatch(e -> e.contains("failed"));
    }

    @Test
    void certificateProblems_reachTheClientAsCurlsReasons_andMinusKGoesOn() {
        echoServer(tls.pki().expiredLeaf("server"));
        connect("server", ConnectOptions.DEFAULT, t -> events.add("unexpected"));
        connect("server", ConnectOptions.DEFAULT.withInsecure(true), t -> events.add("insecure ok: "
                + t.session().verification().reason()));
        world.sim().run();
        assertThat(events).contains("client failed: 60 SSL certificate problem: certificate has expired",
                "insecure ok: EXPIRED").doesNotContain("unexpected");
    }

    @Test
    void aTcpResetDuringTheHandshake_isAHandshakeFailure() {
        TcpStreamSocket.listen(server.tcp(), 443, StreamSocket::abort);
        connect("server", ConnectOptions.DEFAULT, t -> events.add("unexpected"));
        world.sim().run();
        assertThat(events).hasSize(1).allMatch(e -> e.startsWith("client failed: 35 "));
    }
}
