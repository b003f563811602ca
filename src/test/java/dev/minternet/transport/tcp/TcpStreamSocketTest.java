package dev.minternet.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.services.db.ConnectionPool;
import dev.minternet.services.db.DatabaseClient;
import dev.minternet.services.db.DatabaseServer;
import dev.minternet.services.db.QueryResult;
import dev.minternet.sim.Durations;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.PcapWriter;
import dev.minternet.transport.StreamSocket;
import dev.minternet.wire.Ip4.Cidr;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applications on real simulated TCP through the StreamSocket seam. */
class TcpStreamSocketTest {
    @TempDir
    Path dir;

    World world = new World(4, Instant.parse("2026-11-21T09:00:00Z"));
    Node client = world.addHost("client");
    Node router = world.addRouter("router");
    Node server = world.addHost("server");

    TcpStreamSocketTest() {
        world.connect(client, Cidr.parse("10.0.0.2/24"), router, Cidr.parse("10.0.0.1/24"),
                LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelay(5 * Durations.MS));
        world.connect(router, Cidr.parse("10.0.1.1/24"), server, Cidr.parse("10.0.1.2/24"),
                LinkParams.DEFAULT.withDelay(Durations.MS));
        GlobalRouting.install(world);
    }

    @Test
    void an_echo_exchange_with_half_close_and_connect_errors() {
        TcpStreamSocket.listen(server.tcp(), 7, s -> s.setHandler(new StreamSocket.Handler() {
            @Override
            public void onData(StreamSocket sock, byte[] data) {
                sock.send(data);
            }

            @Override
            public void onPeerClosed(StreamSocket sock) {
                sock.close();
            }
        }));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        List<String> events = new ArrayList<>();
        long[] connectedAt = new long[1];
        TcpStreamSocket.connect(client.tcp(), world.resolve("server"), 7, s -> {
            connectedAt[0] = world.sim().now();
            s.setHandler(new StreamSocket.Handler() {
                @Override
                public void onData(StreamSocket sock, byte[] data) {
                    got.writeBytes(data);
                }

                @Override
                public void onPeerClosed(StreamSocket sock) {
                    events.add("eof");
                }

                @Override
                public void onClosed(StreamSocket sock, String error) {
                    events.add("closed:" + error);
                }
            });
            byte[] msg = new byte[100_000];
            for (int i = 0; i < msg.length; i++) {
                msg[i] = (byte) (i % 251);
            }
            int sent = s.send(msg);
            assertThat(sent).isEqualTo(msg.length);
            s.shutdownOutput();
        }, err -> events.add("failed:" + err));
        TcpStreamSocket.connect(client.tcp(), world.resolve("server"), 8, s -> events.add("unexpected"),
                err -> events.add("failed:" + err));
        world.sim().run();
        // the handshake costs one round trip: 2 x (5 ms + 1 ms) plus serialization of the SYN/SYN-ACK
        assertThat(connectedAt[0]).isBetween(12 * Durations.MS, 12 * Durations.MS + 50 * Durations.US);
        assertThat(got.size()).isEqualTo(100_000);
        byte[] b = got.toByteArray();
        for (int i = 0; i < b.length; i++) {
            assertThat(b[i]).isEqualTo((byte) (i % 251));
        }
        assertThat(events).containsExactly("failed:connection refused", "eof", "closed:null");
    }

    @Test
    void the_postgresql_server_answers_over_tcp_and_tshark_decodes_pgsql() throws Exception {
        Path pcap = dir.resolve("db.pcap");
        PcapWriter w = new PcapWriter(pcap, world.epoch());
        server.ip().iface("eth0").addTap((d, out) -> w.write(world.sim().now(), d, d.length));
        DatabaseServer db = new DatabaseServer(world.sim(), world.trace(), DatabaseServer.Config.of("db", List.of(
                "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(40), email VARCHAR(80))",
                "INSERT INTO users VALUES (1, 'Ada Lovelace', 'ada@example.com'), (2, 'Alan Turing', 'alan@example.com')"))
                .withServiceTime(2 * Durations.MS, 0));
        TcpStreamSocket.listen(server.tcp(), 5432, db::accept);
        DatabaseClient dbc = new DatabaseClient(world.sim(), world.trace(), "client", cb ->
                TcpStreamSocket.connect(client.tcp(), world.resolve("server"), 5432, cb::connected, cb::failed),
                "app", "app", "minternet");
        ConnectionPool pool = new ConnectionPool(dbc, 2);
        List<QueryResult> results = new ArrayList<>();
        world.sim().schedule(0, () -> pool.query("SELECT id, name, email FROM users ORDER BY id", results::add));
        world.sim().schedule(Durations.S, () -> pool.query("SELECT nope FROM users", results::add));
        world.sim().schedule(3 * Durations.S, pool::closeIdle);
        world.sim().run();
        w.close();
        assertThat(results).hasSize(2);
        assertThat(results.get(0).rows()).containsExactly(List.of("1", "Ada Lovelace", "ada@example.com"),
                List.of("2", "Alan Turing", "alan@example.com"));
        assertThat(results.get(1).ok()).isFalse();
        assertThat(results.get(1).error().code()).isEqualTo("42703");
        Tshark.assertClean(pcap);
        List<Map<String, String>> q = Tshark.fields(pcap, "pgsql.query", "pgsql.query");
        assertThat(q).extracting(m -> m.get("pgsql.query"))
                .containsExactly("SELECT id, name, email FROM users ORDER BY id", "SELECT nope FROM users");
        assertThat(Tshark.count(pcap, "pgsql.type == \"Data row\"")).isEqualTo(1);
        assertThat(Tshark.count(pcap, "tcp.analysis.flags && !tcp.analysis.window_update")).isZero();
    }
}
