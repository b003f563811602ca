package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * TLS 1.2 beside 1.3: a server that allows it (the default, as nginx) negotiates ECDHE with
 * AES-GCM and a session ticket for a 1.2-only ClientHello; one with TLS 1.3 only answers it with
 * a fatal protocol_version alert (70), as OpenSSL servers do.
 */
class Tls12Test {
    final TlsPeers p = new TlsPeers(7);
    static final ConnectOptions S_CLIENT_TLS12 = ConnectOptions.DEFAULT.withProfile(ClientHelloProfile.OPENSSL_S_CLIENT)
            .withProtocols("TLSv1.2");

    TlsClientContext client() {
        return p.client();
    }

    @Test
    void aTls12OnlyHello_negotiatesEcdheAesGcm_withATicket_andBothEndsAgree() {
        Wire w = new Wire(client().connect(TlsPeers.HOST, S_CLIENT_TLS12), p.server().accept()).run();
        assertThat(w.client.state()).isEqualTo(TlsConnection.State.ESTABLISHED);
        TlsSessionInfo c = w.client.session();
        TlsSessionInfo s = w.server.session();
        assertThat(c.protocol()).isEqualTo("TLSv1.2");
        assertThat(c.cipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        assertThat(c.keyExchangeGroup()).isEqualTo("x25519");
        assertThat(s.keyExchangeGroup()).isEqualTo("x25519");
        assertThat(c.tls12().masterSecret()).hasSize(48).isEqualTo(s.tls12().masterSecret());
        assertThat(c.tls12().extendedMasterSecret()).isTrue();
        assertThat(c.tls12().secureRenegotiation()).isTrue();
        assertThat(c.tls12().ticket()).hasSize(192);
        assertThat(c.tls12().ticketLifetimeHint()).isEqualTo(300);
        assertThat(c.tls12().sessionId()).hasSize(32);
        // the same seed: the same session
        TlsPeers again = new TlsPeers(7);
        Wire w2 = new Wire(again.client().connect(TlsPeers.HOST, S_CLIENT_TLS12), again.server().accept()).run();
        assertThat(w2.client.session().tls12().masterSecret()).isEqualTo(c.tls12().masterSecret());
        assertThat(Arrays.equals(w2.client.session().tls12().ticket(), c.tls12().ticket())).isTrue();
    }

    @Test
    void curlsDefaultOffer_stillGetsTls13_fromAServerThatAllows12() {
        Wire w = new Wire(client().connect(TlsPeers.HOST), p.server().accept()).run();
        assertThat(w.client.session().protocol()).isEqualTo("TLSv1.3");
        assertThat(w.client.session().tls12()).isNull();
    }

    @Test
    void aTls13OnlyServer_answersATls12OnlyHello_withProtocolVersion() {
        TlsServerContext only13 = TlsServerContext.builder(7, "web1").identity(p.pki.leaf(TlsPeers.HOST))
                .protocols("TLSv1.3").build();
        Wire w = new Wire(client().connect(TlsPeers.HOST, S_CLIENT_TLS12), only13.accept()).run();
        assertThat(w.client.state()).isEqualTo(TlsConnection.State.FAILED);
        assertThat(w.client.failure().reason()).isEqualTo(TlsFailure.Reason.PEER_ALERT);
        assertThat(w.client.failure().detail()).isEqualTo("protocol_version");
        assertThat(w.server.failure().detail()).startsWith("protocol_version");
    }

    @Test
    void aTls12Offer_carriesNoTls13Extension_orSuite() {
        ClientHelloProfile p12 = ClientHelloProfile.OPENSSL_S_CLIENT.forVersions(java.util.List.of(0x0303));
        assertThat(p12.cipherSuites()).noneMatch(c -> c >>> 8 == 0x13).contains(0xc02c);
        assertThat(p12.extensionOrder()).containsExactly(0, 11, 10, 35, 16, 22, 23, 13);
        ClientHelloProfile p13 = ClientHelloProfile.OPENSSL_S_CLIENT.forVersions(java.util.List.of(0x0304));
        // OpenSSL still signals secure renegotiation offering TLS 1.3 alone (curl 7.88.1's --tlsv1.3
        // hello: src/test/resources/reference/curl-7.88.1/tls13.txt)
        assertThat(p13.cipherSuites()).containsExactly(0x1302, 0x1303, 0x1301, 0x00ff);
        assertThat(p13.signatureAlgorithms()).hasSize(14);
    }
}
