package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ClientHello each TLS option makes, as tshark decodes it from a {@code tcpdump -w} capture in
 * the simulation, against the real curl 7.88.1's (src/test/resources/reference/curl-7.88.1/,
 * "## ClientHello" sections): legacy version, session id length, the suites in order,
 * supported_versions, groups, key shares, signature algorithms, the set of extensions and the
 * length. The URL is an IP literal, as in the captures, so neither sends SNI. Known difference:
 * BouncyCastle writes its zero-length extensions first (OpenSSL after ALPN), so the order of
 * extensions is not compared, and offering TLS 1.3 alone it leaves out extended_master_secret
 * (which OpenSSL still sends), so that hello is 4 bytes shorter.
 */
class CurlClientHelloTsharkTest {
    @TempDir
    Path dir;

    static final String IP = "https://93.184.216.34/";
    /** Options, and the reference capture made with them. */
    static final String[][] CASES = {
        {"", "default"},
        {"--tlsv1.2 --tls-max 1.2", "tls12max12"},
        {"--tls-max 1.2", "tlsmax12"},
        {"--tlsv1.2", "tls12"},
        {"--tlsv1.3", "tls13"},
        {"--tlsv1.1 --tls-max 1.1", "tlsv11max11"},
        {"--tlsv1.0 --tls-max 1.0", "tlsv10max10"},
        {"--tls-max 1.2 --ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305", "ciphers_ecdsa128"},
        {"--tls-max 1.2 --ciphers AES128-SHA", "ciphers_noshared"},
        {"--tls13-ciphers TLS_AES_128_GCM_SHA256", "tls13ciphers_128"},
        {"--ciphers ECDHE-ECDSA-AES128-GCM-SHA256", "ciphers_with13"},
    };

    @Test
    void each_option_offers_what_the_real_curl_offers() throws Exception {
        Path tshark = Oracles.tshark();
        StringBuilder t = new StringBuilder("timeline:\n  - {at: 0s, on: laptop, run: \"tcpdump -i eth0 -w hello.pcap\"}\n");
        for (int i = 0; i < CASES.length; i++) {
            t.append("  - {at: ").append(1 + i).append("s, on: laptop, run: 'curl -sk -o /dev/null ").append(CASES[i][0])
                    .append(" ").append(IP).append("'}\n");
        }
        Runs.run(Runs.defaultWorldWith(t + "duration: " + (CASES.length + 2) + "s\n"), dir);
        Process p = new ProcessBuilder(tshark.toString(), "-r", dir.resolve("hello.pcap").toString(), "-Y", "tls.handshake.type==1",
                "-V", "-O", "tls").redirectErrorStream(false).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<List<String>> hellos = frames(text);
        assertThat(hellos).hasSize(CASES.length);
        for (int i = 0; i < CASES.length; i++) {
            List<String> ours = hellos.get(i);
            List<String> real = reference(CASES[i][1]);
            boolean only13 = CASES[i][1].equals("tls13");
            assertThat(offer(ours, !only13)).as(CASES[i][0]).isEqualTo(offer(real, !only13)).isNotEmpty();
            TreeSet<String> realExtensions = extensions(real);
            if (only13) {
                realExtensions.remove("extended_master_secret");
            }
            assertThat(extensions(ours)).as(CASES[i][0]).isEqualTo(realExtensions);
        }
    }

    /** tshark -V's text split into frames. */
    static List<List<String>> frames(String text) {
        List<List<String>> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (l.startsWith("Frame ")) {
                out.add(new ArrayList<>());
            } else if (!out.isEmpty()) {
                out.get(out.size() - 1).add(l);
            }
        }
        return out;
    }

    /** The reference's "## ClientHello" section. */
    static List<String> reference(String name) throws IOException {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : Files.readAllLines(CurlTlsOptionsTest.REF.resolve(name + ".txt"))) {
            if (l.startsWith("## ")) {
                in = l.startsWith("## ClientHello");
            } else if (in) {
                out.add(l);
            }
        }
        return out;
    }

    /** What the hello offers, in order, from tshark's lines (with the handshake's length when {@code length}). */
    static List<String> offer(List<String> lines, boolean length) {
        List<String> out = new ArrayList<>();
        boolean hello = false;
        for (String raw : lines) {
            String l = raw.strip();
            if (l.equals("Handshake Type: Client Hello (1)")) {
                hello = true;
                continue;
            }
            if (!hello) {
                continue;
            }
            if ((l.startsWith("Length: ") && length && out.isEmpty()) || l.startsWith("Version: ") && out.size() <= 1
                    || l.startsWith("Session ID Length: ") || l.startsWith("Cipher Suite: ") || l.startsWith("Supported Version: ")
                    || l.startsWith("Supported Group: ") || l.startsWith("Key Share Entry: Group: ")
                    || raw.matches("\\s+Signature Algorithm: .*")) {
                out.add(l);
            }
        }
        return out;
    }

    /** The extensions' names (server_name aside: neither sends it to an IP literal; padding aside: it follows the length). */
    static TreeSet<String> extensions(List<String> lines) {
        TreeSet<String> out = new TreeSet<>();
        for (String raw : lines) {
            String l = raw.strip();
            if (l.startsWith("Extension: ")) {
                String name = l.substring("Extension: ".length()).replaceAll(" \\(len=\\d+\\)$", "");
                if (!name.equals("padding")) {
                    out.add(name);
                }
            }
        }
        return out;
    }
}
