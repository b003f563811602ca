package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsEdgeCasesTest {
    static final TlsPeers PEERS = new TlsPeers(11);
    static final long SEED = PEERS.seed;
    static final WorldPki PKI = PEERS.pki;
    static final String HOST = TlsPeers.HOST;

    @Test
    void given_bytes_delivered_one_at_a_time_then_the_handshake_and_records_are_the_same() {
        Wire whole = new Wire(PEERS.client().connect(HOST), PEERS.server().accept()).run();
        TlsConnection c = PEERS.client().connect(HOST);
        TlsConnection s = PEERS.server().accept();
        List<TlsEvent> cEvents = new ArrayList<>();
        boolean moved = true;
        while (moved) {
            moved = trickle(c, s) | trickle(s, c);
            cEvents.addAll(c.drainEvents());
        }
        assertThat(c.state()).isEqualTo(TlsConnection.State.ESTABLISHED);
        assertThat(s.state()).isEqualTo(TlsConnection.State.ESTABLISHED);
        List<TlsRecordHeader> received = cEvents.stream().filter(e -> e instanceof TlsEvent.Records r
                        && r.direction() == TlsEvent.Direction.RECEIVED)
                .flatMap(e -> ((TlsEvent.Records) e).records().stream()).toList();
        List<TlsRecordHeader> receivedWhole = whole.clientEvents(TlsEvent.Records.class).stream()
                .filter(r -> r.direction() == TlsEvent.Direction.RECEIVED).flatMap(r -> r.records().stream()).toList();
        assertThat(received).isEqualTo(receivedWhole);
        assertThat(c.bytesReceived()).isEqualTo(whole.client.bytesReceived());
    }

    private static boolean trickle(TlsConnection from, TlsConnection to) {
        byte[] b = from.takeOutbound();
        for (int i = 0; i < b.length; i++) {
            to.receive(b, i, 1);
        }
        return b.length > 0;
    }

    @Test
    void given_no_common_alpn_protocol_then_the_server_refuses_and_curl_would_exit_35() {
        TlsServerContext s = TlsServerContext.builder(SEED, "web1").identity(PKI.leaf(HOST)).alpn("h3-only").build();
        Wire w = new Wire(PEERS.client().connect(HOST), s.accept()).run();
        assertThat(w.server.failure().reason()).isEqualTo(TlsFailure.Reason.HANDSHAKE);
        assertThat(w.client.failure().reason()).isEqualTo(TlsFailure.Reason.PEER_ALERT);
        assertThat(w.client.failure().detail()).isEqualTo("no_application_protocol");
        assertThat(w.client.failure().curlExitCode()).isEqualTo(35);
    }

    @Test
    void given_a_not_yet_valid_certificate_then_the_client_fails_with_not_yet_valid() {
        TlsServerContext s = TlsServerContext.builder(SEED, "web1").identity(PKI.notYetValidLeaf(HOST)).build();
        Wire w = new Wire(PEERS.client().connect(HOST), s.accept()).run();
        assertThat(w.client.failure().curlMessage()).isEqualTo("SSL certificate problem: certificate is not yet valid");
    }

    @Test
    void given_a_verification_failure_then_the_server_learns_it_from_the_alert_openssl_sends() {
        // OpenSSL's ssl_x509err2alert: an expired certificate is certificate_expired, an unknown
        // issuer unknown_ca; the curl message stays on the client side.
        TlsServerContext s = TlsServerContext.builder(SEED, "web1").identity(PKI.expiredLeaf(HOST)).build();
        Wire w = new Wire(PEERS.client().connect(HOST), s.accept()).run();
        assertThat(w.server.failure().detail()).isEqualTo("certificate_expired");
        TlsServerContext u = TlsServerContext.builder(SEED, "web1").identity(PKI.untrustedLeaf(HOST)).build();
        Wire w2 = new Wire(PEERS.client().connect(HOST), u.accept()).run();
        assertThat(w2.server.failure().detail()).isEqualTo("unknown_ca");
    }

    @Test
    void given_insecure_mode_and_a_wrong_name_then_the_connection_proceeds() {
        TlsServerContext s = TlsServerContext.builder(SEED, "web1").identity(PKI.leaf("other.example.org")).build();
        Wire w = new Wire(PEERS.client().connect(HOST, ConnectOptions.DEFAULT.withInsecure(true)), s.accept()).run();
        assertThat(w.client.state()).isEqualTo(TlsConnection.State.ESTABLISHED);
        assertThat(w.client.session().verification().reason()).isEqualTo(TlsFailure.Reason.WRONG_NAME);
    }

    @Test
    void given_data_sent_before_the_handshake_then_it_is_delivered_after_it() {
        TlsConnection c = PEERS.client().connect(HOST);
        c.send(new byte[] {1, 2, 3});
        Wire w = new Wire(c, PEERS.server().accept()).run();
        assertThat(w.serverEvents(TlsEvent.ApplicationData.class)).singleElement()
                .satisfies(d -> assertThat(d.data()).containsExactly(1, 2, 3));
    }

    @Test
    void given_garbage_instead_of_a_server_hello_then_the_client_fails_with_a_connect_error() {
        TlsConnection c = PEERS.client().connect(HOST);
        c.takeOutbound();
        c.receive("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(c.state()).isEqualTo(TlsConnection.State.FAILED);
        assertThat(c.failure().reason()).isEqualTo(TlsFailure.Reason.HANDSHAKE);
        assertThat(c.failure().curlExitCode()).isEqualTo(35);
    }

    @Test
    void given_the_transport_ends_during_the_handshake_then_the_client_fails_without_an_alert() {
        TlsConnection c = PEERS.client().connect(HOST);
        c.takeOutbound();
        c.receiveEnd();
        assertThat(c.state()).isEqualTo(TlsConnection.State.FAILED);
        assertThat(c.failure().curlExitCode()).isEqualTo(35);
        assertThat(c.outboundAvailable()).isZero();
    }

    @Test
    void given_the_transport_ends_after_the_handshake_without_close_notify_then_a_truncation_is_reported() {
        Wire w = new Wire(PEERS.client().connect(HOST), PEERS.server().accept()).run();
        w.client.receiveEnd();
        assertThat(w.client.drainEvents()).contains(new TlsEvent.PeerClosed(false));
        w.client.close();
        assertThat(w.client.state()).isEqualTo(TlsConnection.State.CLOSED);
        assertThat(w.client.outboundAvailable()).isPositive(); // its close_notify
    }
}
