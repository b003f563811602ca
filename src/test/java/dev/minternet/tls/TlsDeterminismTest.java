package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/design.md decision 6: same seeds, same bytes; other seeds, other bytes. */
class TlsDeterminismTest {
    static final String HOST = TlsPeers.HOST;

    /** A whole world: PKI, one client, one server, two connections with data and close; the hash of every byte. */
    static String run(long seed) {
        TlsPeers peers = new TlsPeers(seed);
        TlsClientContext c = peers.client();
        TlsServerContext s = peers.server();
        StringBuilder hashes = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            Wire w = new Wire(c.connect(HOST), s.accept()).run();
            assertThat(w.client.state()).isEqualTo(TlsConnection.State.ESTABLISHED);
            w.client.send("GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            w.run();
            w.server.send(new byte[5000]);
            w.run();
            w.client.close();
            w.run();
            w.server.close();
            w.run();
            hashes.append(w.hash()).append(' ');
        }
        return hashes.toString();
    }

    @Test
    void two_runs_with_the_same_seed_produce_byte_identical_flights() {
        assertThat(run(1)).isEqualTo(run(1));
    }

    @Test
    void a_different_seed_produces_different_bytes() {
        assertThat(run(2)).isNotEqualTo(run(1));
    }

    @Test
    void two_connections_of_one_run_differ_from_each_other() {
        String[] h = run(1).trim().split(" ");
        assertThat(h[0]).isNotEqualTo(h[1]);
    }

    @Test
    void the_first_flights_are_client_hello_server_flight_and_client_finished() {
        TlsPeers peers = new TlsPeers(1);
        TlsClientContext c = peers.client();
        TlsServerContext s = peers.server();
        Wire w = new Wire(c.connect(HOST), s.accept()).run();
        List<Wire.Flight> f = w.flights;
        assertThat(f.get(0).fromClient()).isTrue();
        assertThat(f.get(1).fromClient()).isFalse();
        assertThat(f.get(2).fromClient()).isTrue();
        List<TlsEvent.Records> sent = w.clientEvents(TlsEvent.Records.class).stream()
                .filter(r -> r.direction() == TlsEvent.Direction.SENT).toList();
        assertThat(sent.get(0).records().get(0).handshakeTypeName()).isEqualTo("ClientHello");
        assertThat(sent.get(0).bytes()).isEqualTo(f.get(0).bytes().length);
        List<TlsEvent.Records> serverSent = w.serverEvents(TlsEvent.Records.class).stream()
                .filter(r -> r.direction() == TlsEvent.Direction.SENT).toList();
        assertThat(serverSent.get(0).records().get(0).handshakeTypeName()).isEqualTo("ServerHello");
        assertThat(f.get(2).bytes().length).isLessThan(f.get(0).bytes().length);
    }
}
