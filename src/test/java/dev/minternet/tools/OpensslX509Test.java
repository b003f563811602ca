package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.services.web.Certificates;
import dev.minternet.testing.Runs;
import dev.minternet.tls.WorldTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openssl x509} on a node: the certificates the node's TLS service serves, the trusted
 * roots, a PEM file from the scenario's folder; the errors of a missing or unreadable file.
 */
class OpensslX509Test {
    @TempDir
    Path dir;

    Runs.Result run(String timeline) throws Exception {
        Path site = dir.resolve("site");
        Files.createDirectories(site);
        Files.writeString(site.resolve("index.html"), "<h1>hello</h1>\n");
        Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        String yaml = Runs.chain(1, "bandwidth: 100Mbps, delay: 3ms", "duration: 60s\n", timeline)
                .replace("  - {name: b, kind: host}", "  - {name: b, kind: host, services: ["
                        + "{type: web, port: 443, tls: true, root: site, names: [www.example.com, example.com]}]}");
        Path file = dir.resolve("x509.yaml");
        Files.writeString(file, yaml);
        return Runs.run(ScenarioLoader.load(file), dir, false);
    }

    @Test
    void the_served_certificate_and_the_trusted_root_print_as_x509_text() throws Exception {
        Runs.Result r = run("""
                  - {at: 1s, on: b, run: "openssl x509 -in /etc/ssl/certs/www.example.com.pem -noout -text"}
                  - {at: 2s, on: b, run: "openssl x509 -in /etc/ssl/certs/example.com.pem -noout -subject -issuer"}
                  - {at: 3s, on: a, run: "openssl x509 -noout -in /etc/ssl/certs/ca-certificates.crt -dates -subject"}
                  - {at: 4s, on: b, run: "openssl x509 -in /etc/ssl/certs/ca-certificates.crt"}
                """);
        X509Certificate leaf = Certificates.of(r.world()).served("b", "www.example.com").leaf();
        X509Certificate root = WorldTls.of(r.world()).trustStore("a").roots().get(0);
        List<String> b = r.terminal("b");
        List<String> text = X509Text.text(leaf);
        assertThat(b.subList(0, text.size())).isEqualTo(text);
        assertThat(text).contains("        Subject: CN = www.example.com", "                DNS:www.example.com");
        assertThat(b.subList(text.size(), text.size() + 2)).containsExactly(
                "subject=CN = example.com", "issuer=CN = Minternet Issuing CA 1");
        assertThat(b.subList(text.size() + 2, b.size())).isEqualTo(CertText.pem(root));
        assertThat(r.terminal("a")).containsExactly(X509Text.dates(root).get(0), X509Text.dates(root).get(1),
                "subject=CN = Minternet Root CA");
    }

    @Test
    void a_file_from_the_scenario_folder_and_the_errors() throws Exception {
        Runs.Result probe = run("");
        X509Certificate leaf = Certificates.of(probe.world()).served("b", "www.example.com").leaf();
        Files.write(dir.resolve("leaf.pem"), CertText.pem(leaf));
        Runs.Result r = run("""
                  - {at: 1s, on: a, run: "openssl x509 -in leaf.pem -noout -serial -fingerprint -sha256"}
                  - {at: 2s, on: a, run: "openssl x509 -in missing.pem -noout -subject"}
                  - {at: 3s, on: a, run: "openssl x509 -in junk.pem -noout -subject"}
                  - {at: 4s, on: a, run: "openssl x509 -in leaf.pem -noout -fingerprint -whirl"}
                  - {at: 5s, on: a, run: "openssl x509 -in /etc/ssl/certs/www.example.com.pem -noout"}
                """);
        assertThat(r.terminal("a")).containsExactly(
                X509Text.serialLine(leaf), OpensslX509.fingerprint(leaf, "sha256"),
                "Could not open file or uri for loading certificate from missing.pem",
                Openssl.ERROR_PREFIX + "16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:"
                        + "../crypto/store/store_register.c:237:scheme=file",
                Openssl.ERROR_PREFIX + "80000002:system library:file_open:No such file or directory:"
                        + "../providers/implementations/storemgmt/file_store.c:266:calling stat(missing.pem)",
                "Unable to load certificate",
                "Could not read certificate from junk.pem",
                "Unable to load certificate",
                "Unknown digest",
                Openssl.ERROR_PREFIX + "0308010C:digital envelope routines:inner_evp_generic_fetch:unsupported:"
                        + "../crypto/evp/evp_fetch.c:386:Global default library context, Algorithm (whirl : 0),"
                        + " Properties (<null>)",
                // a serves no TLS: it has no such file
                "Could not open file or uri for loading certificate from /etc/ssl/certs/www.example.com.pem",
                Openssl.ERROR_PREFIX + "16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:"
                        + "../crypto/store/store_register.c:237:scheme=file",
                Openssl.ERROR_PREFIX + "80000002:system library:file_open:No such file or directory:"
                        + "../providers/implementations/storemgmt/file_store.c:266:calling stat(/etc/ssl/certs/www.example.com.pem)",
                "Unable to load certificate");
        assertThat(OpensslX509.fingerprint(leaf, "sha256")).startsWith("sha256 Fingerprint=").hasSize(19 + 95);
    }
}
