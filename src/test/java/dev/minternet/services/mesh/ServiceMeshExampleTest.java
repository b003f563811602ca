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
        // curl without a certificate: the server's Request CERT, then an empty Certificate before its Finished
        int ccs = run.terminal("laptop").indexOf("* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):");
        assertThat(run.terminal("laptop")).contains("* TLSv1.3 (IN), TLS handshake, Request CERT (13):");
        assertThat(run.terminal("laptop").subList(ccs + 1, ccs + 3)).containsExactly("* TLSv1.3 (OUT), TLS handshake, Certificate (11):",
                "* TLSv1.3 (OUT), TLS handshake, Finished (20):");
        assertThat(run.events(e -> e.is(ToolEvents.EXIT) && e.node().equals("laptop")).stream().map(e -> e.num(ToolEvents.CODE)))
                .containsExactly(56L, 52L);
    }

    @Test
    void curl_v_on_a_workload_shows_the_mutual_tls_hop_between_the_sidecars_between_its_request_and_the_response() {
        List<String> v = run.block("web", "curl -sv http://web:9001/api/users", 0);
        TraceEvent hop = run.events(e -> e.is(MeshEvents.UPSTREAM_TLS) && e.node().equals("web") && e.time() > 1_500_000_000L).get(0);
        assertThat(hop.get(MeshEvents.REUSED)).isFalse();
        String endpoint = hop.get(MeshEvents.ENDPOINT);
        // the request to the sidecar (curl's own lines), then the hop, then the answer
        int request = v.indexOf("> Accept: */*");
        int opens = v.indexOf("* [mesh] web's sidecar opens mutual TLS from " + hop.get(MeshEvents.LOCAL) + " to " + endpoint
                + " (orders), SNI orders.shop.svc.cluster.local");
        int answer = v.indexOf("< HTTP/1.1 200 OK");
        assertThat(request).isNotNegative().isLessThan(opens);
        assertThat(opens).isLessThan(answer);
        // the handshake as curl prints its own: the server asks for a certificate and the sidecar sends one and proves it
        assertThat(v.subList(opens + 1, opens + 12)).containsExactly(
                "* [mesh] TLSv1.3 (OUT), TLS handshake, Client hello (1):",
                "* [mesh] TLSv1.3 (IN), TLS handshake, Server hello (2):",
                "* [mesh] TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):",
                "* [mesh] TLSv1.3 (IN), TLS handshake, Request CERT (13):",
                "* [mesh] TLSv1.3 (IN), TLS handshake, Certificate (11):",
                "* [mesh] TLSv1.3 (IN), TLS handshake, CERT verify (15):",
                "* [mesh] TLSv1.3 (IN), TLS handshake, Finished (20):",
                "* [mesh] TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):",
                "* [mesh] TLSv1.3 (OUT), TLS handshake, Certificate (11):",
                "* [mesh] TLSv1.3 (OUT), TLS handshake, CERT verify (15):",
                "* [mesh] TLSv1.3 (OUT), TLS handshake, Finished (20):");
        // the certificate web presented is the one its sidecar was issued; the server saw that serial
        String webSerial = run.events(e -> e.is(MeshEvents.CERT) && e.node().equals("web")).get(0).get(MeshEvents.SERIAL);
        String server = endpoint.substring(0, endpoint.indexOf(':'));
        assertThat(v).contains("* [mesh] SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / X25519 / ED25519",
                "* [mesh] Client certificate: URI:spiffe://cluster.local/ns/shop/sa/web (serial " + webSerial + ")",
                "* [mesh]  subjectAltName: URI \"spiffe://cluster.local/ns/shop/sa/orders\" is the upstream's SPIFFE ID (serial "
                        + run.events(e -> e.is(MeshEvents.CERT) && e.node().equals(server)).get(0).get(MeshEvents.SERIAL) + ")",
                "* [mesh]  SSL certificate verify ok.", "* [mesh] try 1 to " + endpoint + ": answered 200");
        assertThat(run.events(e -> e.is(MeshEvents.MTLS) && e.node().equals(server) && e.time() > 1_500_000_000L).get(0)
                .get(MeshEvents.PEER_SERIAL)).isEqualTo(webSerial);
        // the hop's cost is measured: a TCP round trip (web -> r -> orders: 1.2 ms each way) and one more for TLS 1.3
        long connect = hop.num(MeshEvents.CONNECT_NS);
        long tls = hop.num(MeshEvents.HANDSHAKE_NS);
        assertThat(connect).isBetween(2_400_000L, 2_500_000L);
        assertThat(tls).isBetween(2_400_000L, 3_000_000L);
        assertThat(hop.time() - connect - tls).isGreaterThanOrEqualTo(1_500_000_000L);
        assertThat(v).contains(String.format(java.util.Locale.ROOT, "* [mesh] mutual TLS to %s in %.3f ms (TCP %.3f ms, TLS %.3f ms)",
                endpoint, (connect + tls) / 1e6, connect / 1e6, tls / 1e6));
    }

    @Test
    void a_workload_without_an_identity_is_refused_and_curl_v_says_by_whom_and_why() {
        List<String> v = run.block("batch", "curl -sv http://batch:9001/api/users", 0);
        assertThat(v).contains("* [mesh] Client certificate: none (this sidecar has no identity): sent an empty Certificate",
                "* [mesh] refused by orders-1's sidecar (orders): no client certificate: mutual TLS is required (alert certificate_required)",
                "* [mesh] try 1 to orders-1:8080: failed: connection termination: TLS connect error: the peer sent a fatal alert: "
                        + "certificate_required",
                "< HTTP/1.1 503 Service Unavailable");
        // an empty Certificate and no CertificateVerify, as OpenSSL's client without a certificate sends
        int out = v.indexOf("* [mesh] TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):");
        assertThat(v.subList(out + 1, out + 3)).containsExactly("* [mesh] TLSv1.3 (OUT), TLS handshake, Certificate (11):",
                "* [mesh] TLSv1.3 (OUT), TLS handshake, Finished (20):");
        // the refusal line is the server's mesh/refused event for this connection (address and port)
        TraceEvent hop = run.events(e -> e.is(MeshEvents.UPSTREAM_TLS) && e.node().equals("batch")).get(0);
        TraceEvent refused = run.events(e -> e.is(MeshEvents.REFUSED) && e.get(MeshEvents.PEER).equals("10.1.5.2")).get(0);
        assertThat(refused.get(MeshEvents.PEER) + ":" + refused.num(MeshEvents.PEER_PORT)).isEqualTo(hop.get(MeshEvents.LOCAL));
        assertThat(hop.get(MeshEvents.SPIFFE_ID)).isEmpty();
    }

    @Test
    void visit_through_the_sidecars_tells_the_mutual_tls_hop_as_a_step_lasting_its_measured_cost() throws Exception {
        Path mermaid = dir.resolve("visit.mmd");
        CliTest.Outcome o = CliTest.exec("visit", "http://web:9001/api/users", "--world",
                EXAMPLE.toString(), "--from", "web", "--explain", "--mermaid", mermaid.toString());
        assertThat(o.code()).as(o.err()).isZero();
        String out = o.out();
        // the browser's connection ends on web (its sidecar), not on the server sidecar that did TLS
        assertThat(out).contains("The browser sends the HTTP request over the connection to web.");
        assertThat(java.nio.file.Files.readString(mermaid)).contains("mutual TLS done (web -> orders)");
        // the step starts when the sidecar dials and lasts until the handshake is done: the hop's TCP + TLS
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[[0-9.]+ s \\+([0-9.]+) ms\\] Mutual TLS between sidecars: "
                + "web -> (orders-[12]) \\(([0-9.]+) ms\\)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(m.group(1)).isEqualTo(m.group(3));
        assertThat(out).contains("handshake: OUT ClientHello, IN ServerHello, IN EncryptedExtensions, IN CertificateRequest, "
                        + "IN Certificate, IN CertificateVerify, IN Finished, OUT ChangeCipherSpec, OUT Certificate, OUT CertificateVerify, "
                        + "OUT Finished",
                "client certificate: spiffe://cluster.local/ns/shop/sa/web (serial ",
                "web's sidecar sends the request to " + m.group(2) + " over the mutual TLS connection",
                m.group(2) + "'s sidecar: spiffe://cluster.local/ns/shop/sa/web GET /api/users allowed by policy allow-web-api",
                "mTLS web->" + m.group(2));
        // from the workload without an identity: the same hop, refused, with the server sidecar's reason
        CliTest.Outcome b = CliTest.exec("visit", "http://batch:9001/api/users", "--world", EXAMPLE.toString(), "--from", "batch");
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.out()).contains("Mutual TLS between sidecars: batch -> orders-1", "client certificate: none (the sidecar has no identity)",
                "refused by orders-1's sidecar: no client certificate: mutual TLS is required (alert certificate_required)",
                "orders-1's sidecar refuses batch's sidecar", "GET /api/users -> 503", "Page loaded with errors");
    }

    /**
     * The real curl of this machine against {@code openssl s_server -Verify 1} on loopback, with and without a client
     * certificate: its TLS handshake lines are the simulated ones, the sidecar's hop (tagged [mesh]) and the laptop's.
     */
    @Test
    void the_handshake_lines_are_the_real_curls_against_a_server_that_asks_for_a_certificate() throws Exception {
        java.nio.file.Path openssl = Oracles.require("openssl", "openssl");
        java.nio.file.Path curl = Oracles.require("curl", "curl");
        Path d = dir.resolve("oracle");
        java.nio.file.Files.createDirectories(d);
        sh(d, openssl, "req", "-x509", "-newkey", "ed25519", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj",
                "/CN=Mesh CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
        for (String[] leaf : new String[][] {{"srv", "DNS:localhost,URI:spiffe://cluster.local/ns/shop/sa/orders"},
            {"cli", "URI:spiffe://cluster.local/ns/shop/sa/web"}}) {
            sh(d, openssl, "req", "-new", "-newkey", "ed25519", "-nodes", "-keyout", leaf[0] + ".key", "-out", leaf[0] + ".csr", "-subj",
                    "/CN=" + leaf[0]);
            java.nio.file.Files.writeString(d.resolve(leaf[0] + ".ext"), "subjectAltName=" + leaf[1]
                    + "\nextendedKeyUsage=serverAuth,clientAuth\n");
            sh(d, openssl, "x509", "-req", "-in", leaf[0] + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                    leaf[0] + ".pem", "-days", "10", "-extfile", leaf[0] + ".ext");
        }
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Process server = new ProcessBuilder(openssl.toString(), "s_server", "-accept", "127.0.0.1:" + port, "-cert", "srv.pem", "-key",
                "srv.key", "-CAfile", "ca.pem", "-Verify", "1", "-tls1_3", "-www", "-naccept", "2").directory(d.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 100; i++) {
                try (java.net.Socket probe = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                    break;
                } catch (java.io.IOException notYet) {
                    Thread.sleep(50);
                }
            }
            // the probe above was one of -naccept's connections; s_server takes 2, so allow one more
            List<String> withCert = handshakeLines(curlV(d, curl, port, "--cert", "cli.pem", "--key", "cli.key"));
            assertThat(withCert).contains("* TLSv1.3 (IN), TLS handshake, Request CERT (13):");
            List<String> sidecar = handshakeLines(run.block("web", "curl -sv http://web:9001/api/users", 0).stream()
                    .filter(l -> l.startsWith("* [mesh] TLSv1.3")).map(l -> l.replace("* [mesh] ", "* ")).toList());
            assertThat(sidecar).isEqualTo(withCert);
        } finally {
            server.destroy();
        }
        Process again = new ProcessBuilder(openssl.toString(), "s_server", "-accept", "127.0.0.1:" + port, "-cert", "srv.pem", "-key",
                "srv.key", "-CAfile", "ca.pem", "-Verify", "1", "-tls1_3", "-www", "-naccept", "1").directory(d.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            List<String> noCert = List.of();
            for (int i = 0; i < 100 && noCert.isEmpty(); i++) {
                noCert = handshakeLines(curlV(d, curl, port));
                if (noCert.isEmpty()) {
                    Thread.sleep(50);
                }
            }
            assertThat(handshakeLines(run.terminal("laptop"))).isEqualTo(noCert);
            assertThat(handshakeLines(run.block("batch", "curl -sv http://batch:9001/api/users", 0).stream()
                    .filter(l -> l.startsWith("* [mesh] TLSv1.3")).map(l -> l.replace("* [mesh] ", "* ")).toList())).isEqualTo(noCert);
        } finally {
            again.destroy();
        }
    }

    private static void sh(Path d, java.nio.file.Path bin, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(bin.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(d.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
    }

    private static List<String> curlV(Path d, java.nio.file.Path curl, int port, String... extra) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(curl.toString(), "-sv", "--max-time", "10", "--cacert", "ca.pem", "-o",
                "/dev/null"));
        cmd.addAll(List.of(extra));
        cmd.add("https://localhost:" + port + "/");
        Process p = new ProcessBuilder(cmd).directory(d.toFile()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS);
        return text.lines().toList();
    }

    /** The TLS 1.3 handshake lines up to the client's Finished. */
    private static List<String> handshakeLines(List<String> lines) {
        List<String> out = new java.util.ArrayList<>();
        for (String l : lines) {
            if (l.matches("\\* TLSv1\\.3 \\((IN|OUT)\\), TLS (handshake|change cipher), .*")) {
                out.add(l);
                if (l.equals("* TLSv1.3 (OUT), TLS handshake, Finished (20):")) {
                    break;
                }
            }
        }
        return out;
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
