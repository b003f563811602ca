package dev.minternet.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TcpReprTest {
    static final int A = Ip4.parse("10.0.0.1");
    static final int B = Ip4.parse("10.0.0.2");
    static final HexFormat HEX = HexFormat.of();

    static TcpOptions linuxSynOptions() {
        return new TcpOptions(1460, 7, true, null, true, 0x01020304, 0);
    }

    @Test
    void syn_options_are_laid_out_like_linux() {
        TcpRepr syn = TcpRepr.control(40000, 80, 0x11223344, 0, TcpPacket.SYN, 64240, linuxSynOptions());
        byte[] b = new byte[syn.length()];
        int n = syn.emit(b, 0, A, B);
        assertThat(n).isEqualTo(40);
        assertThat(TcpPacket.headerLength(b, 0)).isEqualTo(40);
        // MSS 1460, SACK_PERM, TS, NOP, WS 7: the 20 option bytes of a Linux SYN.
        assertThat(HEX.formatHex(b, 20, 40)).isEqualTo("020405b4040208" + "0a01020304" + "00000000" + "01030307");
        assertThat(TcpPacket.check(b, 0, n, A, B)).isNull();
    }

    @Test
    void header_fields_are_read_back_from_the_bytes() {
        TcpRepr seg = TcpRepr.withData(1234, 443, 0xfffffff0, 0x80000001, TcpPacket.ACK | TcpPacket.PSH, 501,
                TcpOptions.timestamps(7, 9), new byte[] {1, 2, 3});
        byte[] b = new byte[seg.length()];
        seg.emit(b, 0, A, B);
        assertThat(TcpPacket.srcPort(b, 0)).isEqualTo(1234);
        assertThat(TcpPacket.dstPort(b, 0)).isEqualTo(443);
        assertThat(TcpPacket.seq(b, 0)).isEqualTo(0xfffffff0);
        assertThat(TcpPacket.ack(b, 0)).isEqualTo(0x80000001);
        assertThat(TcpPacket.flags(b, 0)).isEqualTo(TcpPacket.ACK | TcpPacket.PSH);
        assertThat(TcpPacket.window(b, 0)).isEqualTo(501);
        assertThat(TcpPacket.headerLength(b, 0)).isEqualTo(32);
        assertThat(HEX.formatHex(b, 20, 24)).isEqualTo("0101080a");
    }

    @Test
    void round_trip_with_every_option() throws Exception {
        TcpOptions o = new TcpOptions(0, -1, false, new int[] {100, 200, 300, 400, -5, 7}, true, 1, 2);
        TcpRepr seg = TcpRepr.withData(1, 2, 3, 4, TcpPacket.ACK, 5, o, "hello".getBytes());
        byte[] ip = seg.toDatagram(A, B, 64, 1, true);
        TcpRepr back = TcpRepr.parse(ip);
        assertThat(back).isEqualTo(seg);
        assertThat(back.options().sackBlockCount()).isEqualTo(3);
        assertThat(back.segmentLength()).isEqualTo(5);
        assertThat(seg.headerLength()).isEqualTo(20 + 12 + 28);
    }

    @Test
    void four_sack_blocks_fit_without_timestamps_but_not_five() {
        TcpOptions four = new TcpOptions(0, -1, false, new int[8], false, 0, 0);
        assertThat(four.length()).isEqualTo(36);
        TcpOptions tooMany = new TcpOptions(0, -1, false, new int[8], true, 0, 0);
        assertThatThrownBy(() -> tooMany.emit(new byte[60], 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bad_checksum_is_detected() {
        TcpRepr seg = TcpRepr.withData(1, 2, 3, 4, TcpPacket.ACK, 5, null, new byte[] {9, 9, 9});
        byte[] ip = seg.toDatagram(A, B, 64, 1, true);
        ip[ip.length - 1] ^= 1;
        assertThatThrownBy(() -> TcpRepr.parse(ip)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("bad TCP checksum");
    }

    @Test
    void checksum_covers_the_pseudo_header() {
        TcpRepr seg = TcpRepr.control(1, 2, 3, 4, TcpPacket.SYN, 5, null);
        byte[] b = new byte[seg.length()];
        seg.emit(b, 0, A, B);
        assertThat(TcpPacket.check(b, 0, b.length, A, B)).isNull();
        assertThat(TcpPacket.check(b, 0, b.length, A, B + 1)).contains("bad TCP checksum");
    }

    @Test
    void odd_length_payload_checksums_with_zero_pad() throws Exception {
        TcpRepr seg = TcpRepr.withData(1, 2, 3, 4, TcpPacket.ACK, 5, null, new byte[] {(byte) 0xff});
        byte[] ip = seg.toDatagram(A, B, 64, 1, true);
        assertThat(TcpRepr.parse(ip).payloadBytes()).containsExactly(0xff);
    }

    @Test
    void truncated_header_is_malformed() {
        assertThat(TcpPacket.check(new byte[19], 0, 19, A, B)).startsWith("truncated");
        byte[] b = new byte[24];
        b[12] = (byte) (7 << 4); // claims 28 header bytes
        assertThat(TcpPacket.check(b, 0, 24, A, B)).contains("data offset says 28");
        b[12] = (byte) (4 << 4);
        assertThat(TcpPacket.check(b, 0, 24, A, B)).contains("below the minimum");
    }

    private static byte[] withRawOptions(String hexOptions) {
        byte[] opts = HEX.parseHex(hexOptions);
        byte[] b = new byte[20 + opts.length];
        TcpPacket.emitFixed(b, 0, 1, 2, 3, 4, b.length, TcpPacket.SYN, 100, 0);
        System.arraycopy(opts, 0, b, 20, opts.length);
        TcpPacket.fillChecksum(b, 0, b.length, A, B);
        return b;
    }

    @Test
    void zero_mss_is_treated_as_absent_like_linux() throws Exception {
        TcpRepr r = TcpRepr.parse(withRawOptions("02040000"), 0, 24, A, B);
        assertThat(r.options().mss()).isZero();
    }

    @Test
    void window_scale_above_14_is_used_as_14() throws Exception {
        TcpRepr r = TcpRepr.parse(withRawOptions("01030320"), 0, 24, A, B);
        assertThat(r.options().windowScale()).isEqualTo(14);
    }

    @Test
    void eol_ends_the_option_list_and_unknown_options_are_skipped() throws Exception {
        // unknown kind 30 len 4, NOP, EOL, then garbage that must not be parsed
        TcpRepr r = TcpRepr.parse(withRawOptions("1e04abcd" + "0100" + "ff02"), 0, 28, A, B);
        assertThat(r.options()).isEqualTo(TcpOptions.NONE);
    }

    @Test
    void malformed_options_name_their_reason() {
        assertThatThrownBy(() -> TcpRepr.parse(withRawOptions("02030000"), 0, 24, A, B))
                .hasMessageContaining("MSS option length 3");
        assertThatThrownBy(() -> TcpRepr.parse(withRawOptions("02010000"), 0, 24, A, B))
                .hasMessageContaining("below 2");
        assertThatThrownBy(() -> TcpRepr.parse(withRawOptions("01010108"), 0, 24, A, B))
                .hasMessageContaining("no length byte");
        assertThatThrownBy(() -> TcpRepr.parse(withRawOptions("080a0000"), 0, 24, A, B))
                .hasMessageContaining("runs past");
        assertThatThrownBy(() -> TcpRepr.parse(withRawOptions("0101050600000000"), 0, 28, A, B))
                .hasMessageContaining("SACK option length 6");
        assertThatThrownBy(() -> TcpRepr.parse(withRawOptions("01040300"), 0, 24, A, B))
                .hasMessageContaining("SACK-permitted option length 3");
    }

    @Test
    void flag_string_reads_like_tcpdump() {
        assertThat(TcpPacket.flagString(TcpPacket.SYN | TcpPacket.ACK)).isEqualTo("SYN,ACK");
        assertThat(TcpPacket.flagString(0)).isEqualTo("none");
    }

    @Test
    void wide_sum_equals_the_rfc1071_word_sum() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n = 0; n < 400; n++) {
            byte[] b = new byte[r.nextInt(1, 2000)];
            r.nextBytes(b);
            if (n % 7 == 0) {
                Arrays.fill(b, (byte) 0xff);
            } else if (n % 7 == 1) {
                Arrays.fill(b, (byte) 0);
            }
            int off = r.nextInt(0, Math.min(5, b.length));
            int len = b.length - off;
            long acc = n % 3 == 0 ? 0 : r.nextInt(0, 1 << 20);
            assertThat(Checksum.finish(Checksum.sum(b, off, len, acc))).isEqualTo(Checksum.finish(wordSum(b, off, len, acc)));
        }
    }

    @Test
    void a_zero_payload_left_out_of_the_sum_gives_the_same_bytes() {
        for (int n : new int[] {1, 7, 8, 1448}) {
            TcpRepr seg = TcpRepr.withData(40000, 80, 0x7fffff00, 99, TcpPacket.ACK | TcpPacket.PSH, 501,
                    TcpOptions.timestamps(7, 9), new byte[n]);
            byte[] full = new byte[seg.length() + 3];
            seg.emit(full, 3, A, B);
            byte[] headerOnly = new byte[seg.length() + 3];
            seg.emit(headerOnly, 3, A, B, true);
            assertThat(headerOnly).isEqualTo(full);
            assertThat(TcpPacket.checksumValid(headerOnly, 3, seg.length(), A, B)).isTrue();
        }
    }

    /** RFC 1071's loop: big-endian 16-bit words, the odd byte padded with zero. */
    private static long wordSum(byte[] b, int off, int len, long acc) {
        int i = off;
        for (; i + 1 < off + len; i += 2) {
            acc += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < off + len) {
            acc += (b[i] & 0xff) << 8;
        }
        return acc;
    }
}
