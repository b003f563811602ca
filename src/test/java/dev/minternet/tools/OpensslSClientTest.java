package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** openssl s_client on a line a - r1 - b, against web servers on b whose certificates the tls: section mints. */
class OpensslSClientTest {
    @TempDir
    Path dir;

    static final String WEB = "{type: web, port: 443, tls: true, root: site, names: [b]},"
            + " {type: web, port: 8443, tls: true, root: site, names: [old.example.com]},"
            + " {type: web, port: 9443, tls: true, root: site, names: [rogue.example.com]},"
            + " {type: web, port: 10443, tls: true, root: site, names: [bad.example.com]}";

    Runs.Result run(String timeline) throws Exception {
        Path site = dir.resolve("site");
        Files.createDirectories(site);
        Files.writeString(site.resolve("index.html"), "<h1>hello</h1>\n");
        String yaml = Runs.chain(1, "bandwidth: 100Mbps, delay: 3ms", "duration: 60s\n"
                        + "tls:\n  certificates:\n    - {names: [old.example.com], status: expired}\n"
                        + "    - {names: [rogue.example.com], status: untrusted}\n"
                        + "    - {names: [bad.example.com], status: wrong-name}\n", timeline)
                .replace("  - {name: b, kind: host}", "  - {name: b, kind: host, services: [" + WEB + "]}");
        Path file = dir.resolve("openssl.yaml");
        Files.writeString(file, yaml);
        return Runs.run(ScenarioLoader.load(file), dir, false);
    }

    static List<String> withoutBase64(List<String> lines) {
        return lines.stream().filter(l -> l.equals("DONE") || !l.matches("[A-Za-z0-9+/=]{4,64}")).toList();
    }

    @Test
    void aVerifiedHandshake_printsTheChainToTheRoot_andTheSummary() throws Exception {
        Runs.Result r = run("  - {at: 1s, on: a, run: \"openssl s_client -connect b:443 -alpn h2,http/1.1\"}\n");
        List<String> t = withoutBase64(r.terminal("a"));
        assertThat(t.subList(0, 7)).containsExactly(
                "depth=2 CN = Minternet Root CA", "verify return:1",
                "depth=1 CN = Minternet Issuing CA 1", "verify return:1",
                "depth=0 CN = b", "verify return:1", "CONNECTED(00000003)");
        assertThat(t).contains("Certificate chain", " 0 s:CN = b", "   i:CN = Minternet Issuing CA 1",
                "   a:PKEY: ED25519, 256 (bit); sigalg: ED25519", "Server certificate", "-----BEGIN CERTIFICATE-----",
                "subject=CN = b", "No client certificate CA names sent", "Peer signature type: ed25519",
                "Server Temp Key: X25519, 253 bits", "Verification: OK", "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384",
                "Server public key is 256 bit", "ALPN protocol: h2", "Verify return code: 0 (ok)", "DONE");
        assertThat(t).anyMatch(l -> l.matches("SSL handshake has read \\d{3,} bytes and written \\d{3} bytes"));
        assertThat(r.events(ToolEvents.EXIT)).extracting(e -> e.num(ToolEvents.CODE)).containsExactly(0L);
    }

    @Test
    void badCertificates_getOpenSslsVerifyErrors_andTheHandshakeGoesOn() throws Exception {
        Runs.Result r = run("  - {at: 1s, on: a, run: \"openssl s_client -connect b:8443 -servername old.example.com\"}\n"
                + "  - {at: 2s, on: a, run: \"openssl s_client -connect b:9443 -servername rogue.example.com\"}\n"
                + "  - {at: 3s, on: a, run: \"openssl s_client -connect b:10443 -servername bad.example.com -brief\"}\n");
        List<String> t = r.terminal("a");
        assertThat(t).contains("verify error:num=10:certificate has expired", "Verify return code: 10 (certificate has expired)",
                "Verification error: certificate has expired",
                "verify error:num=20:unable to get local issuer certificate",
                "Verify return code: 20 (unable to get local issuer certificate)");
        assertThat(t).anyMatch(l -> l.startsWith("notAfter="));
        // s_client checks no host name without -verify_hostname: the wrong-name chain verifies
        assertThat(t).containsSubsequence("CONNECTION ESTABLISHED", "Verification: OK", "DONE");
        assertThat(r.events(ToolEvents.EXIT)).extracting(e -> e.num(ToolEvents.CODE)).containsExactly(0L, 0L, 0L);
    }

    @Test
    void showcerts_printsEveryCertificate_andErrorsAreOpenSsls() throws Exception {
        Runs.Result r = run("  - {at: 1s, on: a, run: \"openssl s_client -connect b:443 -showcerts\"}\n"
                + "  - {at: 2s, on: a, run: \"openssl s_client -connect b:81\"}\n"
                + "  - {at: 3s, on: a, run: \"openssl s_client -bogus\"}\n");
        List<String> t = r.terminal("a");
        assertThat(t.stream().filter(l -> l.equals("-----BEGIN CERTIFICATE-----")).count()).isEqualTo(2);
        assertThat(t).contains("connect:errno=111", "s_client: Unknown option: -bogus");
        assertThat(r.events(ToolEvents.EXIT)).extracting(e -> e.num(ToolEvents.CODE)).containsExactly(0L, 1L, 1L);
    }
}
