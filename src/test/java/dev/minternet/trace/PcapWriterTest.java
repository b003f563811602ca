package dev.minternet.trace;

import static dev.minternet.testing.Bytes.hex;
import static dev.minternet.testing.Bytes.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pcap file layout, byte by byte (pcap-savefile(5), nanosecond variant). */
class PcapWriterTest {
    /** 2024-01-01T00:00:00Z = 1704067200 s = 0x65920080. */
    static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    /**
     * <pre>
     * 4d 3c b2 a1   magic a1b23c4d little-endian: nanosecond timestamps
     * 02 00 04 00   version 2.4
     * 00 00 00 00   thiszone 0
     * 00 00 00 00   sigfigs 0
     * 00 00 04 00   snaplen 262144 = 0x40000
     * 65 00 00 00   network 101, LINKTYPE_RAW
     * </pre>
     */
    static final String FILE_HEADER = "4d 3c b2 a1 02 00 04 00 00 00 00 00 00 00 00 00 00 00 04 00 65 00 00 00";

    @Test
    void test_pcap_file_header_known_bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PcapWriter(out, EPOCH).close();
        assertThat(toHex(out.toByteArray())).isEqualTo(FILE_HEADER);
    }

    @Test
    void test_pcap_record_known_bytes() {
        // t = 1.500000001 s after the epoch: ts_sec 1704067201 = 65920081, ts_nsec 500000001 = 1dcd6501
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, EPOCH)) {
            w.write(1_500_000_001L, hex("45 00 00 14 de ad"), 4);
            assertThat(w.packets()).isEqualTo(1);
        }
        byte[] b = out.toByteArray();
        assertThat(toHex(Arrays.copyOfRange(b, 24, b.length)))
                .isEqualTo("81 00 92 65 01 65 cd 1d 04 00 00 00 04 00 00 00 45 00 00 14");
    }

    @Test
    void test_pcap_epoch_nanoseconds_carry_into_seconds() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, EPOCH.plusNanos(999_999_999))) {
            w.write(0, new byte[0], 0);
            w.write(1, new byte[0], 0);
            w.write(2_000_000_001L, new byte[0], 0);
        }
        byte[] b = out.toByteArray();
        assertThat(toHex(Arrays.copyOfRange(b, 24, 32))).isEqualTo("80 00 92 65 ff c9 9a 3b"); // 999999999
        assertThat(toHex(Arrays.copyOfRange(b, 40, 48))).isEqualTo("81 00 92 65 00 00 00 00");
        assertThat(toHex(Arrays.copyOfRange(b, 56, 64))).isEqualTo("83 00 92 65 00 00 00 00");
    }

    @Test
    void test_pcap_cuts_packets_at_snaplen_keeping_original_length() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] big = new byte[PcapWriter.SNAPLEN + 1000];
        big[PcapWriter.SNAPLEN - 1] = 0x7f;
        try (PcapWriter w = new PcapWriter(out, EPOCH)) {
            w.write(0, big);
        }
        byte[] b = out.toByteArray();
        assertThat(b).hasSize(24 + 16 + PcapWriter.SNAPLEN);
        assertThat(toHex(Arrays.copyOfRange(b, 32, 40))).isEqualTo("00 00 04 00 e8 03 04 00");
        assertThat(b[b.length - 1]).isEqualTo((byte) 0x7f);
    }

    @Test
    void test_pcap_output_is_deterministic() {
        byte[][] runs = new byte[2][];
        for (int r = 0; r < 2; r++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (PcapWriter w = new PcapWriter(out, EPOCH)) {
                for (int i = 0; i < 1000; i++) {
                    byte[] d = new byte[20 + i % 50];
                    d[0] = 0x45;
                    d[19] = (byte) i;
                    w.write(i * 1_234_567L, d);
                }
            }
            runs[r] = out.toByteArray();
        }
        assertThat(runs[0]).isEqualTo(runs[1]);
    }

    @Test
    void test_pcap_rejects_times_it_cannot_represent() {
        assertThatThrownBy(() -> new PcapWriter(new ByteArrayOutputStream(), Instant.parse("1969-12-31T23:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PcapWriter(new ByteArrayOutputStream(), Instant.parse("2106-02-08T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
        PcapWriter w = new PcapWriter(new ByteArrayOutputStream(), Instant.parse("2106-02-07T06:28:15Z"));
        w.write(999_999_999L, new byte[1]); // the last representable second
        assertThatThrownBy(() -> w.write(1_000_000_000L, new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.write(-1, new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.write(0, new byte[1], 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(w.packets()).isEqualTo(1);
    }

    @Test
    void test_pcap_path_constructor_and_close(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.pcap");
        PcapWriter w = new PcapWriter(f, EPOCH);
        w.write(5, hex("45"));
        w.flush();
        assertThat(Files.size(f)).isEqualTo(24 + 16 + 1);
        w.close();
        w.close();
        assertThatThrownBy(() -> w.write(6, hex("45"))).isInstanceOf(IllegalStateException.class);
        assertThat(toHex(Arrays.copyOf(Files.readAllBytes(f), 24))).isEqualTo(FILE_HEADER);
    }
}
