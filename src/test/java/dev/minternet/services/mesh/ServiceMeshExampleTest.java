package dev.minternet.services.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/service-mesh.yaml end to end: a call through the mesh, a denied identity (403 naming the policy), a
 * certificate of another CA and a client without one refused with their reasons, the admin port's stats, a
 * request after the rotation; and tshark decrypting the mutual TLS with the key log to show the client's
 * Certificate message with its SPIFFE ID.
 */
class ServiceMeshExampleTest {
    static final Path EXAMPLE = Path.of("examples/service-mesh.yaml");

    @TempDir
    static Path dir;

    static Runs.Result run;

    @BeforeAll
    static void playOnce() throws Exception {
        run = Runs.example(EXAMPLE, dir.resolve("run"));
    }

    @Test
    void web_reaches_orders_through_the_mesh_and_the_policies_decide_by_identity() {
        List<String> web = run.terminal("web");
        assertThat(web.get(0)).startsWith("[{\"id\":1,\"name\":\"Ada Lovelace\"");
        assertThat(run.terminal("reports")).contains("HTTP/1.1 403 Forbidden", "x-mesh-policy: -", "RBAC: access denied",
                "spiffe://cluster.local/ns/shop/sa/reports may not GET /api/users on orders: no ALLOW policy matches; "
                        + "policies: allow-web-api (allow from [web] on [/api/, /admin/])");
        assertThat(web).contains("x-mesh-policy: no-admin",
                "spiffe://cluster.local/ns/shop/sa/web may not GET /admin/users on orders: denied by policy no-admin "
                        + "(deny any identity on [/admin/])");
        List<TraceEvent> denies = run.events(MeshEvents.DENY);
        assertThat(denies.stream().map(e -> e.get(MeshEvents.PEER) + " " + e.get(MeshEvents.POLICY))).containsExactly(
                "spiffe://cluster.local/ns/shop/sa/reports -", "spiffe://cluster.local/ns/shop/sa/web no-admin");
        assertThat(run.events(MeshEvents.ALLOW).get(0).get(MeshEvents.POLICY)).isEqualTo("allow-web-api");
        // the app saw who called: Envoy's x-forwarded-client-cert reaches it (the request went to it in clear text)
        assertThat(run.events(MeshEvents.INBOUND).get(0).num(MeshEvents.STATUS)).isEqualTo(200);
    }

    @Test
    void a_certificate_of_another_ca_and_no_certificate_at_all_are_refused_with_their_reasons() {
        assertThat(run.terminal("intruder")).contains("HTTP/1.1 503 Service Unavailable",
                "upstream connect error or disconnect/reset before headers. reset reason: connection termination: "
                        + "TLS connect error: the peer sent a fatal alert: unknown_ca");
        List<String> refusals = run.events(MeshEvents.REFUSED).stream().map(e -> e.node() + " " + e.get(MeshEvents.PEER) + " "
                + e.get(MeshEvents.REASON)).toList();
        assertThat(refusals).contains(
                "orders-1 10.1.3.2 the client certificate is not from the mesh CA (issuer CN=Rogue Root CA): alert unknown_ca",
                "orders-2 10.1.3.2 the client certificate is not from the mesh CA (issuer CN=Rogue Root CA): alert unknown_ca",
                "orders-1 10.1.4.2 no client certificate: mutual TLS is required (alert certificate_required)",
                "orders-1 10.1.4.2 the client's first bytes are no TLS record (clear text?): this port requires mutual TLS");
        // curl -v on the laptop shows the alert after its Finished, as curl with OpenSSL 3 does
        assertThat(run.terminal("laptop")).contains("* TLSv1.3 (IN), TLS alert, unknown (628):",
                "* OpenSSL SSL_read: OpenSSL/3.0.19: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0",
                "* Empty reply from server");
        assertThat(run.events(e -> e.is(ToolEvents.EXIT) && e.node().equals("laptop")).stream().map(e -> e.num(ToolEvents.CODE)))
                .containsExactly(56L, 52L);
    }

    @Test
    void the_admin_port_counts_per_route_and_the_rotation_keeps_requests_working() {
        List<String> web = run.terminal("web");
        assertThat(web).contains("route.outbound.orders./api.rq_2xx: 2", "route.outbound.orders./api.rq_total: 2",
                "route.outbound.orders./admin.rq_4xx: 1", "cluster.orders.membership_total: 2", "server.certificate_generation: 1",
                "issuer: CN=Minternet Mesh CA (cluster.local)", "not_after: 2026-12-04T09:10:00Z", "generation: 1",
                "not_before: 2026-12-04T09:06:00Z", "generation: 2");
        assertThat(web.get(web.size() - 1)).isEqualTo("200");
        assertThat(run.events(e -> e.is(MeshEvents.CERT) && e.node().equals("web")).stream().map(TraceEvent::time))
                .containsExactly(0L, 360_000_000_000L);
    }

    @Test
    void tshark_decrypts_the_mutual_tls_and_sees_the_clients_certificate_with_its_spiffe_id() {
        Oracles.tshark();
        Path keys = dir.resolve("keys.log");
        Path pcaps = dir.resolve("pcap");
        CliTest.Outcome o = CliTest.exec("run", EXAMPLE.toString(), "--keylog", keys.toString(), "--pcap-dir", pcaps.toString(),
                "--keep-going"); // the laptop's curls fail on purpose
        assertThat(o.code()).as(o.err()).isZero();
        Path orders = pcaps.resolve("orders-1-eth0.pcap");
        Tshark.assertClean(orders);
        List<String> options = List.of("-o", "tls.keylog_file:" + keys, "-d", "tcp.port==8080,tls");
        List<Map<String, String>> certs = Tshark.fieldsWith(orders, options, "tls.handshake.type == 11", "ip.src",
                "tls.handshake.type", "x509ce.uniformResourceIdentifier");
        // the server's flight asks for a certificate (13); web's answer is a Certificate (11) with its SPIFFE ID,
        // CertificateVerify (15) and Finished (20); the laptop's Certificate is empty (no CertificateVerify)
        assertThat(certs).anySatisfy(r -> {
            assertThat(r.get("ip.src")).isEqualTo("10.2.1.2");
            assertThat(r.get("tls.handshake.type")).isEqualTo("2,8,13,11,15,20");
        });
        assertThat(certs).anySatisfy(r -> {
            assertThat(r.get("ip.src")).isEqualTo("10.1.1.2");
            assertThat(r.get("tls.handshake.type")).isEqualTo("11,15,20");
            assertThat(r.get("x509ce.uniformResourceIdentifier")).isEqualTo("spiffe://cluster.local/ns/shop/sa/web");
        });
        assertThat(certs).anySatisfy(r -> {
            assertThat(r.get("ip.src")).isEqualTo("10.1.4.2");
            assertThat(r.get("tls.handshake.type")).isEqualTo("11,20");
        });
        // without the key log, the client's certificate stays encrypted (TLS 1.3)
        assertThat(Tshark.fieldsWith(orders, List.of("-d", "tcp.port==8080,tls"), "tls.handshake.type == 11", "ip.src")).isEmpty();
    }
}
