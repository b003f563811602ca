package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Scenario;
import dev.minternet.testing.Oracles;
import dev.minternet.tls.KeyAlgorithm;
import dev.minternet.tls.WorldPki;
import dev.minternet.tools.CertText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code minternet world ca}: the root live mode's certificates chain to, for real clients to trust. */
class WorldCaTest {
    @TempDir
    Path dir;

    @Test
    void prints_the_root_live_mints_by_default_and_the_real_openssl_reads_it_as_p256() throws Exception {
        CliTest.Outcome o = CliTest.exec("world", "ca");
        assertThat(o.code()).as(o.err()).isZero();
        Scenario s = DefaultWorld.load();
        String expected = String.join("\n", CertText.pem(
                new WorldPki(s.seed(), s.start(), KeyAlgorithm.ECDSA_P256).trustStore().roots().get(0))) + "\n";
        assertThat(o.out()).isEqualTo(expected);
        assertThat(CliTest.exec("world", "ca").out()).isEqualTo(o.out());

        Path openssl = Oracles.require("openssl", "openssl");
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, o.out());
        Process p = new ProcessBuilder(openssl.toString(), "x509", "-in", pem.toString(), "-noout", "-text")
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).contains("Signature Algorithm: ecdsa-with-SHA256").contains("NIST CURVE: P-256")
                .contains("Subject: CN = Minternet Root CA").contains("CA:TRUE");
    }

    @Test
    void keys_and_seed_choose_another_root_and_bad_keys_are_one_line() {
        String ecdsa = CliTest.exec("world", "ca").out();
        String ed = CliTest.exec("world", "ca", "--keys", "ed25519").out();
        String seeded = CliTest.exec("world", "ca", "--seed", "7").out();
        assertThat(ed).startsWith("-----BEGIN CERTIFICATE-----").isNotEqualTo(ecdsa);
        assertThat(seeded).startsWith("-----BEGIN CERTIFICATE-----").isNotEqualTo(ecdsa);
        CliTest.Outcome bad = CliTest.exec("world", "ca", "--keys", "rsa");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).doesNotContain("\n").contains("--keys").contains("ed25519, ecdsa-p256");
    }
}
