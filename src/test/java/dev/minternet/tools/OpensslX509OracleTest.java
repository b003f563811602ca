package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.tls.TlsIdentity;
import dev.minternet.tls.WorldPki;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code openssl x509} (OpenSSL 3) is the judge: the world's certificates (Ed25519 root,
 * issuing CA and leaves with DNS and IP names) written as PEM and printed by the real tool give
 * the text {@link X509Text} prints, byte for byte; so do RSA and EC certificates the real tool
 * makes, read back.
 */
class OpensslX509OracleTest {
    @TempDir
    static Path dir;
    static Path openssl;

    @BeforeAll
    static void tool() {
        openssl = Oracles.require("openssl", "openssl");
    }

    static String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(openssl.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    static X509Certificate write(String name, X509Certificate c) throws Exception {
        Files.write(dir.resolve(name), CertText.pem(c));
        return c;
    }

    static X509Certificate read(String name) throws Exception {
        try (InputStream in = Files.newInputStream(dir.resolve(name))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static String joined(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    /** Our -text, and the one-line options in a given order, against the real tool's. */
    static void assertSameAsReal(String file, X509Certificate c) throws Exception {
        assertThat(joined(X509Text.text(c))).isEqualTo(run("x509", "-in", file, "-text", "-noout"));
        assertThat(joined(List.of(X509Text.serialLine(c), X509Text.subject(c), X509Text.issuer(c),
                X509Text.dates(c).get(0), X509Text.dates(c).get(1), X509Text.fingerprint(c),
                OpensslX509.fingerprint(c, "sha256"))))
                .isEqualTo(run("x509", "-in", file, "-noout", "-serial", "-subject", "-issuer", "-dates", "-fingerprint")
                        + run("x509", "-in", file, "-noout", "-fingerprint", "-sha256"));
    }

    @Test
    void the_worlds_certificates_print_as_openssl_prints_them() throws Exception {
        WorldPki pki = new WorldPki(42, Instant.parse("2026-03-01T09:00:00Z"));
        TlsIdentity leaf = pki.leaf("www.example.com", "example.com", "203.0.113.10", "2001:db8::10");
        assertSameAsReal("leaf.pem", write("leaf.pem", leaf.leaf()));
        assertSameAsReal("issuing.pem", write("issuing.pem", leaf.chain().get(1)));
        assertSameAsReal("root.pem", write("root.pem", pki.trustStore().roots().get(0)));
        assertSameAsReal("rogue.pem", write("rogue.pem", pki.untrustedLeaf("shop.example").leaf()));
        assertThat(X509Text.text(leaf.leaf())).contains("                ED25519 Public-Key:",
                "                DNS:www.example.com, DNS:example.com, IP Address:203.0.113.10,"
                        + " IP Address:2001:DB8:0:0:0:0:0:10");
    }

    @Test
    void rsa_and_ec_certificates_made_by_openssl_print_the_same() throws Exception {
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa.key", "-out", "rsa.pem", "-days", "30",
                "-subj", "/C=US/O=Anchor Test/CN=localhost", "-set_serial", "4096",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-addext", "keyUsage=critical,digitalSignature,keyEncipherment",
                "-addext", "extendedKeyUsage=serverAuth", "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0");
        assertSameAsReal("rsa.pem", read("rsa.pem"));
        assertThat(CertText.keyBits(read("rsa.pem").getPublicKey())).isEqualTo(2048);
        run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ec.key",
                "-out", "ec.pem", "-days", "30", "-subj", "/O=EC/CN=ec.test");
        assertSameAsReal("ec.pem", read("ec.pem"));
    }

    @Test
    void an_ed25519_key_is_256_bits_as_openssl_counts_it() throws Exception {
        run("req", "-x509", "-newkey", "ed25519", "-nodes", "-keyout", "ed.key", "-out", "ed.pem", "-days", "30",
                "-subj", "/CN=ed.test");
        X509Certificate c = read("ed.pem");
        // EVP_PKEY_get_bits (ED25519_BITS): s_client's "Server public key is 256 bit", curl's 256/128
        String real = run("x509", "-in", "ed.pem", "-noout", "-text");
        assertThat(real).contains("ED25519 Public-Key:");
        assertThat(CertText.keyBits(c.getPublicKey())).isEqualTo(256);
        assertThat(CertText.curlLevel(0, c))
                .isEqualTo("*   Certificate level 0: Public key type ED25519 (256/128 Bits/secBits), signed using ED25519");
        assertSameAsReal("ed.pem", c);
    }
}
