package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --keylog FILE}: every TLS connection's secrets in SSLKEYLOGFILE format, judged by tshark,
 * which must decrypt every TLS record of the captures with it and show the HTTP/2 frames inside.
 */
class KeyLogTest {
    @TempDir
    Path dir;

    @Test
    void tshark_decrypts_every_tls_record_of_a_visit_and_shows_http2_headers() throws Exception {
        Oracles.tshark();
        Path keys = dir.resolve("keys.log");
        Path pcaps = dir.resolve("pcap");
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--quiet", "--keylog", keys.toString(),
                "--pcap-dir", pcaps.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(Files.readAllLines(keys)).filteredOn(l -> !l.startsWith("#"))
                .allMatch(l -> l.matches("(CLIENT|SERVER)_(HANDSHAKE_)?TRAFFIC_SECRET(_0)? [0-9a-f]{64} [0-9a-f]{64,96}")
                        || l.matches("EXPORTER_SECRET [0-9a-f]{64} [0-9a-f]{64,96}"))
                .hasSizeGreaterThanOrEqualTo(5);
        Path laptop = pcaps.resolve("laptop-eth0.pcap");
        // the control: without the key log the protected records stay opaque
        assertThat(Tshark.undecryptedTlsRecords(laptop, null)).isPositive();
        // the two ends of the visit's connection (the routers between see the same packets)
        for (Path pcap : List.of(laptop, pcaps.resolve("lb-eth0.pcap"))) {
            assertThat(Tshark.count(pcap, "tls")).isPositive();
            assertThat(Tshark.undecryptedTlsRecords(pcap, keys)).as(pcap.getFileName().toString()).isZero();
        }
        assertThat(Tshark.decryptedFields(laptop, keys, "http2.type == 1", "http2.header.name"))
                .anySatisfy(r -> assertThat(r.get("http2.header.name")).contains(":method", ":path"))
                .anySatisfy(r -> assertThat(r.get("http2.header.name")).contains(":status"));

        // same seed, same secrets: the file is byte-identical on a second run
        Path again = dir.resolve("again.log");
        assertThat(CliTest.exec("visit", "https://www.example.com/", "--quiet", "--keylog", again.toString()).code())
                .isZero();
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(keys));
    }

    @Test
    void run_writes_the_key_log_of_the_timelines_curls() throws Exception {
        Oracles.tshark();
        Path keys = dir.resolve("keys.log");
        Path pcaps = dir.resolve("pcap");
        CliTest.Outcome o = CliTest.exec("run", "examples/datacenter.yaml", "--keylog", keys.toString(),
                "--pcap-dir", pcaps.toString(), "--keep-going"); // its bad-certificate curls fail on purpose
        assertThat(o.code()).as(o.err()).isZero();
        Path laptop = pcaps.resolve("laptop-eth0.pcap");
        assertThat(Tshark.undecryptedTlsRecords(laptop, null)).isPositive();
        assertThat(Tshark.undecryptedTlsRecords(laptop, keys)).isZero();
        assertThat(Tshark.decryptedFields(laptop, keys, "http2.type == 1", "http2.header.name")).isNotEmpty();
    }

    @Test
    void a_key_log_that_is_a_folder_is_refused_before_the_run() {
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--keylog", dir.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("--keylog " + dir + ": Is a directory");
    }
}
