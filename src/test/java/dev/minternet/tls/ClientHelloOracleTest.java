package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 14: the simulated curl offers what the real curl offers. The real curl of this
 * machine (built with OpenSSL 3, as curl 8.5 is) connects to a socket on loopback that keeps its
 * ClientHello and hangs up; the simulated curl's ClientHello to the same host name is taken from
 * a {@link TlsConnection}; tshark decodes both and the lists are compared field by field.
 *
 * <p>What the engine cannot match, checked here so that the gap is known rather than silent:
 * BouncyCastle writes zero-length extensions (encrypt_then_mac, extended_master_secret,
 * post_handshake_auth) before the others, where OpenSSL puts them after ALPN; the order of every
 * other extension, and the set, are the same.
 */
class ClientHelloOracleTest {
    private static final String HOST = "localhost";
    private static final String[] FIELDS = {"tls.record.length", "tls.handshake.ciphersuite",
            "tls.handshake.extension.type", "tls.handshake.extensions_supported_group", "tls.handshake.sig_hash_alg",
            "tls.handshake.extensions.supported_version", "tls.handshake.extensions_key_share_group",
            "tls.handshake.extensions_alpn_str", "tls.handshake.extensions_ec_point_format",
            "tls.handshake.extensions_server_name", "tls.handshake.session_id_length"};
    private static final List<String> EMPTY_EXTENSIONS = List.of("22", "23", "49");

    @TempDir
    Path dir;

    @Test
    void the_simulated_curl_offers_what_curl_with_openssl3_offers() throws Exception {
        Map<String, String> real = decode(realCurlHello(), "real");
        Map<String, String> ours = decode(simulatedHello(), "ours");
        for (String f : FIELDS) {
            if (!f.equals("tls.handshake.extension.type")) {
                assertThat(ours.get(f)).as(f).isEqualTo(real.get(f));
            }
        }
        List<String> realExt = List.of(real.get("tls.handshake.extension.type").split(","));
        List<String> ourExt = List.of(ours.get("tls.handshake.extension.type").split(","));
        assertThat(ourExt).containsExactlyInAnyOrderElementsOf(realExt);
        assertThat(withoutEmpty(ourExt)).isEqualTo(withoutEmpty(realExt));
        // the known difference: the engine's zero-length extensions come first
        assertThat(ourExt.subList(0, 3)).containsExactlyElementsOf(EMPTY_EXTENSIONS);
        // one key share (x25519), as browsers and OpenSSL send, and OpenSSL's padding to 512 bytes
        assertThat(ours.get("tls.handshake.extensions_key_share_group")).isEqualTo("29");
        assertThat(ours.get("tls.record.length")).isEqualTo("512");
    }

    private static List<String> withoutEmpty(List<String> types) {
        return types.stream().filter(t -> !EMPTY_EXTENSIONS.contains(t)).toList();
    }

    /** The first TLS record the real curl sends to a listener on 127.0.0.1. */
    private byte[] realCurlHello() throws Exception {
        Path curl = Oracles.require("curl", "curl");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(20_000);
            Process p = new ProcessBuilder(curl.toString(), "-s", "-k", "--max-time", "15",
                    "--resolve", HOST + ":" + server.getLocalPort() + ":127.0.0.1",
                    "https://" + HOST + ":" + server.getLocalPort() + "/")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (Socket s = server.accept()) {
                s.setSoTimeout(20_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] header = new byte[5];
                in.readFully(header);
                byte[] body = new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)];
                in.readFully(body);
                byte[] record = Arrays.copyOf(header, 5 + body.length);
                System.arraycopy(body, 0, record, 5, body.length);
                return record;
            } finally {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** The first flight of the simulated curl (the world's default client context). */
    private static byte[] simulatedHello() {
        Instant epoch = Instant.parse("2026-03-01T00:00:00Z");
        TlsClientContext c = TlsClientContext.builder(1, "laptop").trustStore(new WorldPki(1, epoch).trustStore())
                .clock(() -> epoch).build();
        return c.connect(HOST).takeOutbound();
    }

    /** tshark's reading of a ClientHello record, carried in a TCP segment to port 443 (text2pcap). */
    private Map<String, String> decode(byte[] record, String name) throws IOException, InterruptedException {
        Path text2pcap = Oracles.require("text2pcap", "wireshark-common");
        Path hex = dir.resolve(name + ".txt");
        Path pcap = dir.resolve(name + ".pcap");
        StringBuilder dump = new StringBuilder();
        for (int i = 0; i < record.length; i += 16) {
            dump.append(String.format("%06x", i));
            for (int j = i; j < Math.min(record.length, i + 16); j++) {
                dump.append(String.format(" %02x", record[j] & 0xff));
            }
            dump.append('\n');
        }
        Files.writeString(hex, dump, StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder(text2pcap.toString(), "-q", "-T", "40000,443", hex.toString(), pcap.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("text2pcap: " + out).isZero();
        List<Map<String, String>> rows = Tshark.fields(pcap, "tls.handshake.type == 1", FIELDS);
        assertThat(rows).as("a ClientHello in " + name).hasSize(1);
        return rows.get(0);
    }
}
