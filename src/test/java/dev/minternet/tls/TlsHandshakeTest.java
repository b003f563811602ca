package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TlsHandshakeTest {
    static final long SEED = 7;
    static final Instant EPOCH = Instant.parse("2026-03-01T00:00:00Z");
    static final WorldPki PKI = new WorldPki(SEED, EPOCH);
    static final String HOST = "www.example.com";

    final AtomicReference<Instant> now = new AtomicReference<>(EPOCH.plusSeconds(3600));

    TlsClientContext client(long seed) {
        return TlsClientContext.builder(seed, "laptop").trustStore(PKI.trustStore()).clock(now::get).build();
    }

    TlsServerContext server(long seed, TlsIdentity id) {
        return TlsServerContext.builder(seed, "web1").identity(id).build();
    }

    Wire handshake(TlsIdentity id, String host, ConnectOptions o) {
        return new Wire(client(SEED).connect(host, o), server(SEED, id).accept()).run();
    }

    @Test
    void given_a_valid_chain_when_connecting_then_tls13_with_h2_and_the_server_sees_sni() {
        Wire w = handshake(PKI.leaf(HOST), HOST, ConnectOptions.DEFAULT);
        assertThat(w.client.state()).isEqualTo(TlsConnection.State.ESTABLISHED);
        assertThat(w.server.state()).isEqualTo(TlsConnection.State.ESTABLISHED);
        TlsSessionInfo c = w.client.session();
        assertThat(c.protocol()).isEqualTo("TLSv1.3");
        assertThat(c.cipherSuite()).startsWith("TLS_AES_");
        assertThat(c.applicationProtocol()).isEqualTo("h2");
        assertThat(c.keyExchangeGroup()).isEqualTo("x25519");
        assertThat(w.server.session().keyExchangeGroup()).isEqualTo("x25519");
        assertThat(c.verification()).isNull();
        assertThat(c.peerChain()).extracting(CertificateInfo::subject)
                .containsExactly("CN=" + HOST, "CN=" + WorldPki.ISSUING_NAME);
        assertThat(w.server.session().serverName()).isEqualTo(HOST);
        assertThat(w.server.serverName()).isEqualTo(HOST);
        assertThat(w.server.session().applicationProtocol()).isEqualTo("h2");
        assertThat(w.clientEvents(TlsEvent.HandshakeComplete.class)).hasSize(1);
        assertThat(w.serverEvents(TlsEvent.HandshakeComplete.class)).hasSize(1);
    }

    @Test
    void given_an_established_connection_then_application_data_flows_both_ways_and_closes() {
        Wire w = handshake(PKI.leaf(HOST), HOST, ConnectOptions.DEFAULT);
        w.client.send("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        w.run();
        assertThat(new String(w.serverEvents(TlsEvent.ApplicationData.class).get(0).data(), StandardCharsets.US_ASCII))
                .isEqualTo("GET / HTTP/1.1\r\n\r\n");
        byte[] big = new byte[100_000];
        big[99_999] = 42;
        w.server.send(big);
        w.run();
        int total = w.clientEvents(TlsEvent.ApplicationData.class).stream().mapToInt(d -> d.data().length).sum();
        assertThat(total).isEqualTo(100_000);
        w.client.close();
        w.run();
        assertThat(w.serverEvents(TlsEvent.PeerClosed.class)).containsExactly(new TlsEvent.PeerClosed(true));
        w.server.close();
        w.run();
        assertThat(w.client.state()).isEqualTo(TlsConnection.State.CLOSED);
        assertThat(w.server.state()).isEqualTo(TlsConnection.State.CLOSED);
    }

    @Test
    void given_http11_only_alpn_then_http11_is_chosen() {
        Wire w = handshake(PKI.leaf(HOST), HOST, ConnectOptions.DEFAULT.withAlpn("http/1.1"));
        assertThat(w.client.session().applicationProtocol()).isEqualTo("http/1.1");
    }

    @Test
    void given_an_expired_certificate_then_the_client_fails_with_certificate_has_expired() {
        Wire w = handshake(PKI.expiredLeaf(HOST), HOST, ConnectOptions.DEFAULT);
        assertFailed(w, TlsFailure.Reason.EXPIRED, "SSL certificate problem: certificate has expired");
    }

    @Test
    void given_a_wrong_name_then_the_client_fails_with_no_alternative_name() {
        Wire w = handshake(PKI.leaf("other.example.net"), HOST, ConnectOptions.DEFAULT);
        assertFailed(w, TlsFailure.Reason.WRONG_NAME,
                "SSL: no alternative certificate subject name matches target host name 'www.example.com'");
    }

    @Test
    void given_an_untrusted_ca_then_the_client_fails_with_unable_to_get_local_issuer() {
        Wire w = handshake(PKI.untrustedLeaf(HOST), HOST, ConnectOptions.DEFAULT);
        assertFailed(w, TlsFailure.Reason.UNTRUSTED, "SSL certificate problem: unable to get local issuer certificate");
    }

    @Test
    void given_insecure_mode_then_a_bad_certificate_is_accepted_and_the_problem_reported() {
        Wire w = handshake(PKI.untrustedLeaf(HOST), HOST, ConnectOptions.DEFAULT.withInsecure(true));
        assertThat(w.client.state()).isEqualTo(TlsConnection.State.ESTABLISHED);
        assertThat(w.client.session().verification().reason()).isEqualTo(TlsFailure.Reason.UNTRUSTED);
    }

    @Test
    void given_a_certificate_valid_in_2026_when_the_simulated_date_is_2030_then_it_has_expired() {
        now.set(Instant.parse("2030-06-01T00:00:00Z"));
        Wire w = handshake(PKI.leaf(HOST), HOST, ConnectOptions.DEFAULT);
        assertFailed(w, TlsFailure.Reason.EXPIRED, "SSL certificate problem: certificate has expired");
    }

    @Test
    void given_an_ip_literal_then_no_sni_is_sent_and_the_ip_san_is_checked() {
        Wire w = handshake(PKI.leaf(HOST, "203.0.113.10"), "203.0.113.10", ConnectOptions.DEFAULT);
        assertThat(w.client.state()).isEqualTo(TlsConnection.State.ESTABLISHED);
        assertThat(w.server.session().serverName()).isEmpty();
    }

    @Test
    void given_two_identities_then_the_server_picks_the_certificate_by_sni() {
        TlsServerContext s = TlsServerContext.builder(SEED, "lb").identity(PKI.leaf("a.example.com"))
                .identity(PKI.leaf("b.example.com")).build();
        Wire w = new Wire(client(SEED).connect("b.example.com"), s.accept()).run();
        assertThat(w.client.session().peerChain().get(0).subject()).isEqualTo("CN=b.example.com");
    }

    static void assertFailed(Wire w, TlsFailure.Reason reason, String curlMessage) {
        assertThat(w.client.state()).isEqualTo(TlsConnection.State.FAILED);
        assertThat(w.client.failure().reason()).isEqualTo(reason);
        assertThat(w.client.failure().curlMessage()).isEqualTo(curlMessage);
        assertThat(w.client.failure().curlExitCode()).isEqualTo(60);
        assertThat(w.clientEvents(TlsEvent.Failed.class)).hasSize(1);
        // The client told the server why: the server fails on the alert.
        assertThat(w.server.state()).isEqualTo(TlsConnection.State.FAILED);
        assertThat(w.server.failure().reason()).isEqualTo(TlsFailure.Reason.PEER_ALERT);
    }
}
