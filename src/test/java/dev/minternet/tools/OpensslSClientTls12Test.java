package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * openssl s_client -tls1_2 / -tls1_3 against the world's web servers (TLS 1.2 and 1.3, as
 * nginx's default): the TLS 1.2 report has the real one's shape (reference/openssl-3.0/14-s_client-tls12.txt,
 * OpenSSL 3.0.19 against s_server), its values come from the simulated session, and the same
 * seed gives the same bytes; tshark decodes the captured TLS 1.2 handshake.
 */
class OpensslSClientTls12Test {
    @TempDir
    Path dir;

    Runs.Result run(String timeline) throws Exception {
        Path site = dir.resolve("site");
        Files.createDirectories(site);
        Files.writeString(site.resolve("index.html"), "<h1>hello</h1>\n");
        String yaml = Runs.chain(1, "bandwidth: 100Mbps, delay: 3ms", "duration: 30s\n", timeline)
                .replace("  - {name: b, kind: host}", "  - {name: b, kind: host, services: ["
                        + "{type: web, port: 443, tls: true, root: site, names: [b]}]}");
        Path file = dir.resolve("openssl.yaml");
        Files.writeString(file, yaml);
        return Runs.run(dev.minternet.scenario.ScenarioLoader.load(file), dir, false);
    }

    /** A line's shape: hex, numbers and names blanked, so that ours and the real one's compare. */
    static String shape(String l) {
        return l.replaceAll("^    [0-9a-f]{4} - .*", "    DUMP")
                .replaceAll("[0-9A-F]{64,}", "HEX")
                .replaceAll("\\d+", "N")
                .replaceAll("Cipher is \\S+", "Cipher is C").replaceAll("Cipher    : \\S+", "Cipher    : C");
    }

    static List<String> fromTempKey(List<String> lines) {
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Server Temp Key")) {
                from = i;
            }
        }
        return lines.subList(from, lines.indexOf("DONE") + 1).stream().map(OpensslSClientTls12Test::shape).distinct().toList();
    }

    @Test
    void tls12_isReportedAsTheRealOne_withTheSessionsValues() throws Exception {
        Runs.Result r = run("  - {at: 1s, on: a, run: \"openssl s_client -connect b:443 -tls1_2\"}\n");
        List<String> t = r.terminal("a");
        assertThat(t).contains("Peer signature type: ed25519", "Server Temp Key: X25519, 253 bits",
                "New, TLSv1.2, Cipher is ECDHE-ECDSA-AES256-GCM-SHA384", "Secure Renegotiation IS supported",
                "    Protocol  : TLSv1.2", "    Cipher    : ECDHE-ECDSA-AES256-GCM-SHA384",
                "    TLS session ticket lifetime hint: 300 (seconds)", "    Extended master secret: yes", "DONE");
        assertThat(t).anyMatch(l -> l.matches("    Session-ID: [0-9A-F]{64}"))
                .anyMatch(l -> l.matches("    Master-Key: [0-9A-F]{96}"))
                .anyMatch(l -> l.matches("    Start Time: \\d+"))
                .doesNotContain("Early data was not sent");
        List<String> real;
        try (java.io.InputStream in = getClass().getResourceAsStream("/reference/openssl-3.0/14-s_client-tls12.txt")) {
            real = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(fromTempKey(t)).containsExactlyElementsOf(fromTempKey(real));
        // same seed, same bytes: Session-ID, Master-Key and ticket come from the seeded streams
        assertThat(run("  - {at: 1s, on: a, run: \"openssl s_client -connect b:443 -tls1_2\"}\n").terminal("a")).isEqualTo(t);
    }

    @Test
    void tls13_staysAsItWas_andProtocolFlagsConflictAsInOpenSsl() throws Exception {
        Runs.Result r = run("  - {at: 1s, on: a, run: \"openssl s_client -connect b:443 -tls1_3\"}\n"
                + "  - {at: 2s, on: a, run: \"openssl s_client -connect b:443 -tls1_2 -tls1_3\"}\n"
                + "  - {at: 3s, on: a, run: \"openssl s_client -connect b:443 -tls1_2 -no_tls1_3\"}\n"
                + "  - {at: 4s, on: a, run: \"openssl s_client -connect b:443 -no_tls1_3 -brief\"}\n");
        List<String> t = r.terminal("a");
        assertThat(t).contains("New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384", "Secure Renegotiation IS NOT supported",
                "Early data was not sent", "Cannot supply multiple protocol flags",
                "Cannot supply both a protocol flag and '-no_<prot>'",
                "Protocol version: TLSv1.2", "Ciphersuite: ECDHE-ECDSA-AES256-GCM-SHA384");
        assertThat(t).noneMatch(l -> l.startsWith("SSL-Session") && t.indexOf(l) < t.indexOf("DONE"));
        assertThat(r.events(dev.minternet.tools.ToolEvents.EXIT)).extracting(e -> e.num(dev.minternet.tools.ToolEvents.CODE))
                .containsExactly(0L, 1L, 1L, 0L);
    }

    @Test
    void tshark_decodesTheTls12Handshake_withNothingMalformed() throws Exception {
        Oracles.tshark();
        run("  - {at: 0s, on: a, run: \"tcpdump -i eth0 -w a.pcap\"}\n"
                + "  - {at: 1s, on: a, run: \"openssl s_client -connect b:443 -tls1_2\"}\n");
        Path pcap;
        try (Stream<Path> s = Files.walk(dir)) {
            pcap = s.filter(p -> p.getFileName().toString().equals("a.pcap")).findFirst().orElseThrow();
        }
        assertThat(Tshark.malformedCount(pcap)).isZero();
        List<Map<String, String>> hs = Tshark.fields(pcap, "tls.handshake", "tls.record.version", "tls.handshake.type");
        assertThat(hs).isNotEmpty();
        String types = String.join(",", hs.stream().map(m -> m.get("tls.handshake.type")).toList());
        // ClientHello, ServerHello, Certificate, ServerKeyExchange, ServerHelloDone, ClientKeyExchange, NewSessionTicket
        assertThat(types.split(",")).contains("1", "2", "11", "12", "14", "16", "4");
        assertThat(Tshark.fields(pcap, "tls.handshake.type == 2", "tls.handshake.version").get(0).get("tls.handshake.version"))
                .isEqualTo("0x0303");
        assertThat(Tshark.count(pcap, "tls.handshake.extension.type == 43")).isZero();
    }
}
