package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorldTlsTest {
    static final Instant EPOCH = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void given_a_host_with_an_empty_trust_store_then_it_trusts_nothing_while_others_succeed() {
        WorldTls tls = new WorldTls(5, EPOCH, () -> EPOCH);
        tls.trust("kiosk", TrustStore.empty());
        TlsServerContext web = tls.server("web1").identity(tls.pki().leaf("www.example.com")).build();

        Wire ok = new Wire(tls.client("laptop").connect("www.example.com"), web.accept()).run();
        Wire bad = new Wire(tls.client("kiosk").connect("www.example.com"), web.accept()).run();

        assertThat(ok.client.state()).isEqualTo(TlsConnection.State.ESTABLISHED);
        assertThat(bad.client.failure().reason()).isEqualTo(TlsFailure.Reason.UNTRUSTED);
        assertThat(tls.client("laptop")).isSameAs(tls.client("laptop"));
    }

    @Test
    void given_a_private_root_added_to_a_trust_store_then_its_leaves_are_trusted_there() {
        WorldTls tls = new WorldTls(5, EPOCH, () -> EPOCH);
        CertificateAuthority corp = tls.pki().createRoot("Corp Root", EPOCH.minusSeconds(86400), EPOCH.plusSeconds(86400 * 400));
        tls.trust("employee", tls.pki().trustStore().plus(corp.certificate()));
        TlsServerContext intranet = tls.server("intranet")
                .identity(corp.issue(tls.pki().spec("intranet.corp.example"))).build();

        Wire employee = new Wire(tls.client("employee").connect("intranet.corp.example"), intranet.accept()).run();
        Wire visitor = new Wire(tls.client("visitor").connect("intranet.corp.example"), intranet.accept()).run();

        assertThat(employee.client.state()).isEqualTo(TlsConnection.State.ESTABLISHED);
        assertThat(visitor.client.failure().reason()).isEqualTo(TlsFailure.Reason.UNTRUSTED);
    }
}
