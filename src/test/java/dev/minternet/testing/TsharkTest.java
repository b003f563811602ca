package dev.minternet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.trace.PcapWriter;
import dev.minternet.wire.IcmpRepr;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.UdpRepr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The oracle itself must be able to fail: it sees bad checksums, malformed packets and its own errors. */
class TsharkTest {
    static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
    static final int A = Ip4.parse("192.0.2.10");
    static final int B = Ip4.parse("203.0.113.10");

    @TempDir
    Path dir;

    @BeforeEach
    void needTshark() {
        Oracles.tshark();
    }

    private Path pcap(byte[]... datagrams) throws IOException {
        Path f = dir.resolve("t.pcap");
        try (PcapWriter w = new PcapWriter(f, EPOCH)) {
            for (int i = 0; i < datagrams.length; i++) {
                w.write(i * 1_000_000L, datagrams[i]);
            }
        }
        return f;
    }

    private static byte[] echo(int seq) {
        return new IcmpRepr.Echo(true, 0x4242, seq, new byte[16]).toDatagram(A, B, 64, seq);
    }

    private static byte[] udp(int dstPort) {
        return new UdpRepr(40000, dstPort, new byte[8]).toDatagram(A, B, 64, dstPort, false);
    }

    @Test
    void test_good_packets_are_clean() throws IOException {
        Path f = pcap(echo(1), udp(33434));
        Tshark.assertClean(f);
        assertThat(Tshark.count(f, "")).isEqualTo(2);
        assertThat(Tshark.count(f, "icmp")).isEqualTo(1);
        assertThat(Tshark.badChecksumCount(f)).isZero();
        assertThat(Tshark.malformedCount(f)).isZero();
        // checksum validation is on: both checksums were verified, not "Unverified" (2)
        assertThat(Tshark.fields(f, "", "ip.checksum.status", "udp.checksum.status", "icmp.checksum.status"))
                .containsExactly(
                        Map.of("ip.checksum.status", "1", "udp.checksum.status", "", "icmp.checksum.status", "1"),
                        Map.of("ip.checksum.status", "1", "udp.checksum.status", "1", "icmp.checksum.status", ""));
    }

    @Test
    void test_bad_ip_udp_icmp_checksums_are_each_reported() throws IOException {
        byte[] badIp = echo(1);
        badIp[10] ^= 0x01;
        byte[] badIcmp = echo(2);
        badIcmp[22] ^= 0x01;
        byte[] badUdp = udp(33434);
        badUdp[26] ^= 0x01;
        Path f = pcap(echo(3), badIp, badIcmp, badUdp);
        assertThat(Tshark.badChecksumCount(f)).isEqualTo(3);
        assertThat(Tshark.count(f, "ip.checksum.status == \"Bad\"")).isEqualTo(1);
        assertThat(Tshark.count(f, "icmp.checksum.status == \"Bad\"")).isEqualTo(1);
        assertThat(Tshark.count(f, "udp.checksum.status == \"Bad\"")).isEqualTo(1);
        assertThatThrownBy(() -> Tshark.assertClean(f))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("3 bad-checksum")
                .hasMessageContaining("Echo (ping) request")
                .hasMessageContaining("Bad checksum");
    }

    @Test
    void test_bad_checksum_in_quoted_header_is_reported() throws IOException {
        byte[] probe = udp(33434);
        byte[] quote = IcmpRepr.quote(probe);
        quote[10] ^= 0x01; // the quoted IP header checksum
        byte[] error = new IcmpRepr.TimeExceeded(0, quote).toDatagram(Ip4.parse("192.0.2.1"), A, 64, 9);
        Path f = pcap(error);
        assertThat(Tshark.badChecksumCount(f)).isEqualTo(1);
    }

    @Test
    void test_truncated_datagram_is_malformed() throws IOException {
        byte[] d = udp(33434);
        // the IP total length now claims 8 bytes more than the datagram holds
        byte[] cut = Arrays.copyOf(d, d.length - 8);
        Path f = pcap(cut);
        assertThat(Tshark.malformedCount(f)).isEqualTo(1);
        assertThatThrownBy(() -> Tshark.assertClean(f)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 malformed");
    }

    @Test
    void test_fields_keep_empty_values_and_rows() throws IOException {
        Path f = pcap(echo(1), udp(33434));
        List<Map<String, String>> rows = Tshark.fields(f, "", "udp.dstport");
        assertThat(rows).containsExactly(Map.of("udp.dstport", ""), Map.of("udp.dstport", "33434"));
        assertThat(Tshark.fields(f, "", "udp.srcport", "tcp.srcport", "udp.dstport").get(0).values())
                .containsExactly("", "", "");
        assertThat(Tshark.fields(f, "tcp", "frame.number")).isEmpty();
    }

    @Test
    void test_tshark_errors_fail_with_stderr() throws IOException {
        Path f = pcap(echo(1));
        assertThatThrownBy(() -> Tshark.count(f, "no.such.field == 1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no.such.field");
        Path damaged = dir.resolve("damaged.pcap");
        byte[] whole = Files.readAllBytes(f);
        Files.write(damaged, Arrays.copyOf(whole, whole.length - 3));
        assertThatThrownBy(() -> Tshark.count(damaged, ""))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("cut short");
    }
}
