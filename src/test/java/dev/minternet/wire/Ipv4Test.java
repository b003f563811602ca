package dev.minternet.wire;

import static dev.minternet.testing.Bytes.hex;
import static dev.minternet.testing.Bytes.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** IPv4 header codec (RFC 791 3.1) and the router's TTL decrement (RFC 1624, RFC 1812 5.3.1). */
class Ipv4Test {
    static final int A = Ip4.parse("10.0.0.1");
    static final int B = Ip4.parse("10.0.0.2");

    /**
     * The header of the ICMP echo request in {@link IcmpTest}, written out by hand:
     * <pre>
     * 45 00 00 24   version 4, IHL 5 | TOS 0 | total length 36
     * 00 01 00 00   identification 1 | no flags, fragment offset 0
     * 40 01 66 d6   TTL 64 | protocol 1 (ICMP) | header checksum
     * 0a 00 00 01   source 10.0.0.1
     * 0a 00 00 02   destination 10.0.0.2
     * </pre>
     * Checksum by hand: 4500 + 0024 + 0001 + 0000 + 4001 + 0a00 + 0001 + 0a00 + 0002 = 9929,
     * no carry; ~9929 = 66d6.
     */
    static final byte[] HEADER = hex("45 00 00 24 | 00 01 00 00 | 40 01 66 d6 | 0a 00 00 01 | 0a 00 00 02");

    @Test
    void test_ipv4_header_known_bytes_parse() throws MalformedPacketException {
        byte[] b = Arrays.copyOf(HEADER, 36); // header plus 16 bytes of payload
        assertThat(Ipv4Packet.check(b, 0, b.length)).isNull();
        assertThat(Ipv4Packet.version(b, 0)).isEqualTo(4);
        assertThat(Ipv4Packet.headerLength(b, 0)).isEqualTo(20);
        assertThat(Ipv4Packet.totalLength(b, 0)).isEqualTo(36);
        assertThat(Ipv4Packet.identification(b, 0)).isEqualTo(1);
        assertThat(Ipv4Packet.dontFragment(b, 0)).isFalse();
        assertThat(Ipv4Packet.moreFragments(b, 0)).isFalse();
        assertThat(Ipv4Packet.isFragment(b, 0)).isFalse();
        assertThat(Ipv4Packet.ttl(b, 0)).isEqualTo(64);
        assertThat(Ipv4Packet.protocol(b, 0)).isEqualTo(Ipv4Packet.PROTO_ICMP);
        assertThat(Ipv4Packet.checksum(b, 0)).isEqualTo(0x66d6);
        assertThat(Ipv4Packet.src(b, 0)).isEqualTo(A);
        assertThat(Ipv4Packet.dst(b, 0)).isEqualTo(B);
        assertThat(Ipv4Packet.payloadOffset(b, 0)).isEqualTo(20);
        assertThat(Ipv4Packet.payloadLength(b, 0)).isEqualTo(16);
        assertThat(Ipv4Repr.parse(b, 0, b.length)).isEqualTo(Ipv4Repr.of(A, B, Ipv4Packet.PROTO_ICMP, 64, 1, false, 16));
    }

    @Test
    void test_ipv4_header_known_bytes_emit() {
        byte[] b = new byte[36];
        Ipv4Repr.of(A, B, Ipv4Packet.PROTO_ICMP, 64, 1, false, 16).emit(b, 0);
        assertThat(toHex(Arrays.copyOf(b, 20))).isEqualTo(toHex(HEADER));
    }

    @Test
    void test_ipv4_flags_and_fragment_offset_known_bytes() {
        // DF set: flags/offset word 4000. MF with offset 1480 (185 units of 8): 2000 | 00b9 = 20b9.
        byte[] df = new byte[20];
        Ipv4Repr.of(A, B, 17, 64, 0, true, 0).emit(df, 0);
        assertThat(toHex(Arrays.copyOfRange(df, 6, 8))).isEqualTo("40 00");
        byte[] mf = new byte[20];
        new Ipv4Repr(A, B, 17, 64, 0, 7, false, true, 1480, 0, null).emit(mf, 0);
        assertThat(toHex(Arrays.copyOfRange(mf, 6, 8))).isEqualTo("20 b9");
        assertThat(Ipv4Packet.fragmentOffset(mf, 0)).isEqualTo(1480);
        assertThat(Ipv4Packet.isFragment(mf, 0)).isTrue();
        assertThat(toHex(Arrays.copyOfRange(mf, 4, 6))).isEqualTo("00 07");
    }

    @Test
    void test_ipv4_roundtrip_fragment_fields() throws MalformedPacketException {
        int[] offsets = {0, 8, 1480, 2960, 65528};
        for (boolean df : new boolean[] {false, true}) {
            for (boolean mf : new boolean[] {false, true}) {
                for (int off : offsets) {
                    Ipv4Repr r = new Ipv4Repr(Ip4.parse("192.0.2.1"), Ip4.parse("198.51.100.255"), 17, 255, 0xb8,
                            0xffff, df, mf, off, 40, null);
                    byte[] b = r.build(new byte[40]);
                    Ipv4Repr back = Ipv4Repr.parse(b, 0, b.length);
                    assertThat(back).isEqualTo(r);
                    assertThat(back.tos()).isEqualTo(0xb8); // DSCP EF (46) << 2
                    assertThat(Ipv4Packet.isFragment(b, 0)).isEqualTo(mf || off != 0);
                }
            }
        }
    }

    @Test
    void test_ipv4_roundtrip_with_options() throws MalformedPacketException {
        byte[][] options = {
            hex("94 04 00 00"),                   // Router Alert (RFC 2113)
            hex("01 07 07 04 00 00 00 00"),       // NOP, Record Route with room for one address
            filled(40, (byte) 0x01),              // 40 NOPs: the longest header, IHL 15
        };
        for (byte[] opt : options) {
            Ipv4Repr r = new Ipv4Repr(A, B, 1, 1, 0, 42, true, false, 0, 12, opt);
            byte[] b = r.build(new byte[12]);
            assertThat(Ipv4Packet.headerLength(b, 0)).isEqualTo(20 + opt.length);
            assertThat(Ipv4Packet.check(b, 0, b.length)).isNull();
            assertThat(Arrays.copyOfRange(b, 20, 20 + opt.length)).isEqualTo(opt);
            assertThat(Ipv4Repr.parse(b, 0, b.length)).isEqualTo(r);
        }
    }

    @Test
    void test_ipv4_options_padded_to_32_bits_with_end_of_list() throws MalformedPacketException {
        // A 3-byte option is padded with one 00 (End of Option List); parse returns what is on
        // the wire, so the padded form comes back.
        Ipv4Repr r = new Ipv4Repr(A, B, 1, 64, 0, 1, false, false, 0, 0, hex("01 01 01"));
        byte[] b = new byte[r.totalLength()];
        Arrays.fill(b, (byte) 0xee);
        r.emit(b, 0);
        assertThat(r.headerLength()).isEqualTo(24);
        assertThat(b[0]).isEqualTo((byte) 0x46);
        assertThat(toHex(Arrays.copyOfRange(b, 20, 24))).isEqualTo("01 01 01 00");
        assertThat(Ipv4Repr.parse(b, 0, b.length).options()).isEqualTo(hex("01 01 01 00"));
    }

    @Test
    void test_ipv4_repr_rejects_invalid_fields() {
        assertThatThrownBy(() -> new Ipv4Repr(A, B, 1, 64, 0, 1, false, true, 3, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Repr(A, B, 1, 64, 0, 1, false, true, -8, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Repr(A, B, 1, 64, 0, 1, false, true, 65536, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Repr(A, B, 1, 64, 0, 1, false, false, 0, 0, new byte[44]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ipv4Repr(A, B, 1, 64, 0, 1, false, false, 0, -1, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv4Repr.of(A, B, 17, 64, 1, false, 65516).emit(new byte[65536], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65535");
        assertThatThrownBy(() -> Ipv4Repr.of(A, B, 17, 64, 1, false, 4).build(new byte[5]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void test_ipv4_largest_datagram_is_accepted() throws MalformedPacketException {
        Ipv4Repr r = Ipv4Repr.of(A, B, 17, 64, 1, false, 65515);
        byte[] b = r.build(new byte[65515]);
        assertThat(Ipv4Packet.totalLength(b, 0)).isEqualTo(65535);
        assertThat(Ipv4Repr.parse(b, 0, b.length)).isEqualTo(r);
    }

    @Test
    void test_ipv4_check_reasons() {
        byte[] ok = Arrays.copyOf(HEADER, 36);
        assertThat(Ipv4Packet.check(Arrays.copyOf(ok, 19), 0, 19)).contains("truncated").contains("20-byte");

        byte[] v6 = ok.clone();
        v6[0] = 0x65;
        assertThat(Ipv4Packet.check(v6, 0, v6.length)).contains("version 6");

        for (int ihl = 0; ihl < 5; ihl++) {
            byte[] b = ok.clone();
            b[0] = (byte) (0x40 | ihl);
            assertThat(Ipv4Packet.check(b, 0, b.length)).as("IHL %d", ihl).contains("IHL " + ihl);
        }

        byte[] longHeader = ok.clone();
        longHeader[0] = 0x4f; // 60-byte header in a 36-byte buffer
        assertThat(Ipv4Packet.check(longHeader, 0, longHeader.length)).contains("header length 60");

        byte[] shortTotal = withWord(ok, 2, 19);
        assertThat(Ipv4Packet.check(shortTotal, 0, shortTotal.length)).contains("total length 19");

        byte[] longTotal = withWord(ok, 2, 37);
        assertThat(Ipv4Packet.check(longTotal, 0, longTotal.length)).contains("total length 37").contains("36 bytes");
        assertThat(Ipv4Packet.check(longTotal, 0, 36)).contains("total length 37");

        byte[] badSum = ok.clone();
        badSum[11] ^= 1;
        assertThat(Ipv4Packet.check(badSum, 0, badSum.length)).contains("checksum");
    }

    @Test
    void test_ipv4_check_len_ignores_bytes_past_len() {
        // check(b, len) validates the first len bytes of a larger receive buffer.
        byte[] buf = Arrays.copyOf(HEADER, 100);
        assertThat(Ipv4Packet.check(buf, 0, 36)).isNull();
        assertThat(Ipv4Packet.check(buf, 0, 35)).contains("total length 36");
        // bytes past the total length (e.g. Ethernet padding) are not part of the datagram
        assertThat(Ipv4Packet.check(buf, 0, buf.length)).isNull();
        assertThat(Ipv4Packet.payloadLength(buf, 0)).isEqualTo(16);
    }

    @Test
    void test_ipv4_check_rejects_any_single_byte_change_in_header() {
        byte[] ok = Arrays.copyOf(HEADER, 36);
        for (int i = 0; i < 20; i++) {
            for (int v = 0; v < 256; v++) {
                if (v == (ok[i] & 0xff)) {
                    continue;
                }
                byte[] b = ok.clone();
                b[i] = (byte) v;
                assertThat(Ipv4Packet.check(b, 0, b.length)).as("byte %d set to %02x", i, v).isNotNull();
            }
        }
    }

    @Test
    void test_ipv4_header_checksum_does_not_cover_payload() {
        byte[] b = Arrays.copyOf(HEADER, 36);
        b[30] ^= (byte) 0xff;
        assertThat(Ipv4Packet.check(b, 0, b.length)).isNull();
    }

    @Test
    void test_ipv4_set_addresses_keeps_checksum_valid() {
        byte[] b = Arrays.copyOf(HEADER, 36);
        Ipv4Packet.setSrc(b, 0, Ip4.parse("203.0.113.7"));
        Ipv4Packet.setDst(b, 0, Ip4.parse("255.255.255.255"));
        assertThat(Ipv4Packet.check(b, 0, b.length)).isNull();
        assertThat(Ip4.str(Ipv4Packet.src(b, 0))).isEqualTo("203.0.113.7");
        assertThat(Ip4.str(Ipv4Packet.dst(b, 0))).isEqualTo("255.255.255.255");
    }

    @Test
    void test_ipv4_decrement_ttl_known_bytes() {
        // TTL 64 -> 63: the word 4001 becomes 3f01, so the sum drops by 0100: 9929 -> 9829, ~ = 67d6.
        byte[] b = Arrays.copyOf(HEADER, 36);
        Ipv4Packet.decrementTtl(b, 0);
        assertThat(Ipv4Packet.ttl(b, 0)).isEqualTo(63);
        assertThat(Ipv4Packet.checksum(b, 0)).isEqualTo(0x67d6);
        assertThat(Ipv4Packet.check(b, 0, b.length)).isNull();
    }

    @Test
    void test_ipv4_decrement_ttl_matches_full_recompute_random_headers() {
        SplittableRandom rnd = new SplittableRandom(0x1624);
        for (int n = 0; n < 100_000; n++) {
            int ihl = 20 + 4 * rnd.nextInt(11);
            byte[] b = new byte[ihl];
            for (int i = 0; i < ihl; i++) {
                b[i] = (byte) rnd.nextInt(256);
            }
            b[0] = (byte) (0x40 | ihl / 4);
            BigEndian.put16(b, 2, ihl);
            // one case in four uses a TTL at an edge: 1 (the last hop), 0 (wraps) and 255
            if (n % 4 == 0) {
                b[8] = (byte) new int[] {0, 1, 2, 255, 128, 127}[rnd.nextInt(6)];
            }
            assertDecrementMatchesRecompute(b, "random header " + n);
        }
    }

    @Test
    void test_ipv4_decrement_ttl_matches_full_recompute_for_every_ttl_and_protocol() {
        // The TTL shares its word with the protocol byte; try the whole word.
        byte[] b = Arrays.copyOf(HEADER, 20);
        for (int ttl = 0; ttl < 256; ttl++) {
            for (int proto = 0; proto < 256; proto++) {
                b[8] = (byte) ttl;
                b[9] = (byte) proto;
                assertDecrementMatchesRecompute(b.clone(), "ttl " + ttl + " proto " + proto);
            }
        }
    }

    @Test
    void test_ipv4_decrement_ttl_at_checksum_carry_boundaries() {
        // Steer the identification field so the checksum before the decrement sits at the edges
        // where one's complement arithmetic carries or wraps: 0000, 0001, 00ff, 0100, feff, fffe.
        int[] targets = {0x0000, 0x0001, 0x00ff, 0x0100, 0xfeff, 0xff00, 0xfffe};
        for (int ttl : new int[] {0, 1, 2, 64, 128, 255}) {
            for (int target : targets) {
                byte[] b = Arrays.copyOf(HEADER, 20);
                b[8] = (byte) ttl;
                BigEndian.put16(b, 4, 0);
                BigEndian.put16(b, 10, 0);
                long others = Checksum.sum(b, 0, 20, 0);
                int folded = 0xffff - Checksum.finish(others); // one's complement sum of the other words
                // need fold(folded + id) == ~target
                int id = Math.floorMod((~target & 0xffff) - folded, 0xffff);
                BigEndian.put16(b, 4, id);
                Ipv4Packet.fillChecksum(b, 0);
                assertThat(Ipv4Packet.checksum(b, 0)).as("setup: ttl %d target %04x", ttl, target).isEqualTo(target);
                assertDecrementMatchesRecompute(b, "ttl " + ttl + " checksum " + Integer.toHexString(target));
            }
        }
    }

    private static void assertDecrementMatchesRecompute(byte[] b, String what) {
        Ipv4Packet.fillChecksum(b, 0);
        int ttl = Ipv4Packet.ttl(b, 0);
        byte[] expected = b.clone();
        expected[8] = (byte) (ttl - 1);
        Ipv4Packet.fillChecksum(expected, 0);
        Ipv4Packet.decrementTtl(b, 0);
        if (!Arrays.equals(b, expected)) {
            throw new AssertionError(what + ": incremental " + toHex(b) + " != recomputed " + toHex(expected));
        }
        if (Checksum.compute(b, 0, Ipv4Packet.headerLength(b, 0)) != 0) {
            throw new AssertionError(what + ": header does not verify after decrement: " + toHex(b));
        }
    }

    static byte[] withWord(byte[] b, int at, int value) {
        byte[] c = b.clone();
        BigEndian.put16(c, at, value);
        Ipv4Packet.fillChecksum(c, 0);
        return c;
    }

    static byte[] filled(int n, byte v) {
        byte[] b = new byte[n];
        Arrays.fill(b, v);
        return b;
    }
}
