package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.tls.TlsSessionInfo;
import dev.minternet.tls.TrustStore;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code openssl s_client} (OpenSSL 3) against the real {@code openssl s_server} on
 * loopback, with an Ed25519 root, intermediate and leaf made by the real tool: our text, given the
 * same certificates, trust and negotiated parameters, is the real text line for line (the byte
 * counts are taken from the real run: ours come from the simulated connection).
 */
class OpensslSClientOracleTest {
    @TempDir
    static Path dir;
    static Path openssl;

    static String run(Path cwd, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    @BeforeAll
    static void chain() throws Exception {
        openssl = Oracles.require("openssl", "openssl");
        String o = openssl.toString();
        Files.writeString(dir.resolve("ca.ext"), "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
        Files.writeString(dir.resolve("leaf.ext"), "basicConstraints=CA:FALSE\nsubjectAltName=DNS:b\nextendedKeyUsage=serverAuth\n");
        for (String k : List.of("root", "int", "leaf")) {
            run(dir, o, "genpkey", "-algorithm", "ed25519", "-out", k + ".key");
        }
        run(dir, o, "req", "-x509", "-key", "root.key", "-out", "root.pem", "-days", "3650",
                "-subj", "/O=Minternet/CN=Minternet Root CA", "-addext", "basicConstraints=critical,CA:TRUE");
        run(dir, o, "req", "-new", "-key", "int.key", "-subj", "/O=Minternet/CN=Minternet Issuing CA 1", "-out", "int.csr");
        run(dir, o, "x509", "-req", "-in", "int.csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial",
                "-out", "int.pem", "-days", "1000", "-extfile", "ca.ext");
        run(dir, o, "req", "-new", "-key", "leaf.key", "-subj", "/CN=b", "-out", "leaf.csr");
        run(dir, o, "x509", "-req", "-in", "leaf.csr", "-CA", "int.pem", "-CAkey", "int.key", "-CAcreateserial",
                "-out", "leaf.pem", "-days", "300", "-extfile", "leaf.ext");
    }

    static X509Certificate cert(String file) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(file))));
    }

    /** The real s_client's output up to DONE (session tickets may arrive after it), under a running s_server. */
    static List<String> real(List<String> clientOptions) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process server = new ProcessBuilder(openssl.toString(), "s_server", "-accept", "127.0.0.1:" + port, "-cert", "leaf.pem",
                "-key", "leaf.key", "-cert_chain", "int.pem", "-alpn", "h2,http/1.1", "-www", "-quiet")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 100; i++) {
                try (Socket probe = new Socket("127.0.0.1", port)) {
                    break;
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            List<String> cmd = new ArrayList<>(List.of(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + port, "-servername", "b"));
            cmd.addAll(clientOptions);
            List<String> lines = run(dir, cmd.toArray(new String[0])).lines().toList();
            return lines.subList(0, lines.indexOf("DONE") + 1);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static List<String> ours(List<String> real, TrustStore trust, boolean showcerts, String alpn) throws Exception {
        TlsSessionInfo s = new TlsSessionInfo("TLSv1.3", "TLS_AES_256_GCM_SHA384", "x25519", alpn, "b",
                List.of(cert("leaf.pem"), cert("int.pem")), List.of(), null);
        SClientText.Verification v = SClientText.verify(s.peerCertificates(), trust, Instant.now());
        Matcher m = Pattern.compile("SSL handshake has read (\\d+) bytes and written (\\d+) bytes")
                .matcher(String.join("\n", real));
        assertThat(m.find()).isTrue();
        List<String> out = new ArrayList<>(v.lines());
        out.add("CONNECTED(00000003)");
        out.addAll(SClientText.summary(s, v, showcerts, Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        out.add("DONE");
        return out;
    }

    @Test
    void verified_withAlpn_isTheRealText() throws Exception {
        List<String> real = real(List.of("-alpn", "h2,http/1.1", "-CAfile", "root.pem"));
        assertThat(ours(real, TrustStore.of(cert("root.pem")), false, "h2")).containsExactlyElementsOf(real);
    }

    @Test
    void untrusted_showcerts_withoutAlpn_isTheRealText() throws Exception {
        List<String> real = real(List.of("-showcerts", "-CAfile", "int.pem".replace("int", "leaf")));
        assertThat(ours(real, TrustStore.empty(), true, "")).containsExactlyElementsOf(real);
    }

    @Test
    void brief_isTheRealText() throws Exception {
        List<String> real = real(List.of("-brief", "-alpn", "h2", "-CAfile", "root.pem"));
        TlsSessionInfo s = new TlsSessionInfo("TLSv1.3", "TLS_AES_256_GCM_SHA384", "x25519", "h2", "b",
                List.of(cert("leaf.pem"), cert("int.pem")), List.of(), null);
        SClientText.Verification v = SClientText.verify(s.peerCertificates(), TrustStore.of(cert("root.pem")), Instant.now());
        List<String> ours = new ArrayList<>(Openssl.errorsOnly(v.lines()));
        ours.addAll(SClientText.brief(s, v));
        ours.add("DONE");
        assertThat(ours).containsExactlyElementsOf(real);
    }
}
