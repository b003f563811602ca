package dev.minternet.wire;

import static dev.minternet.testing.Bytes.ascii;
import static dev.minternet.testing.Bytes.hex;
import static dev.minternet.testing.Bytes.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** UDP codec (RFC 768) with the IPv4 pseudo-header checksum. */
class UdpTest {
    static final int A = Ip4.parse("10.0.0.1");
    static final int B = Ip4.parse("10.0.0.2");

    /**
     * 10.0.0.1:40000 -> 10.0.0.2:33434, TTL 64, id 2, DF, payload "hello" (odd length on purpose).
     * <pre>
     * 45 00 00 21   version 4, IHL 5 | TOS 0 | total length 33
     * 00 02 40 00   identification 2 | DF, offset 0
     * 40 11 26 c8   TTL 64 | protocol 17 (UDP) | header checksum
     * 0a 00 00 01   source 10.0.0.1
     * 0a 00 00 02   destination 10.0.0.2
     * 9c 40 82 9a   source port 40000 | destination port 33434
     * 00 0d 89 24   length 13 | checksum
     * 68 65 6c 6c 6f  "hello"
     * </pre>
     * IP checksum: 4500+0021+0002+4000+4011+0a00+0001+0a00+0002 = d937, ~ = 26c8.
     * UDP checksum: pseudo-header 0a00+0001+0a00+0002+0011+000d = 1421; header
     * 9c40+829a+000d+0000 = 11ee7; data 6865+6c6c+6f00 (odd byte padded) = 143d1;
     * total 276d9, fold 76d9+2 = 76db, ~ = 8924.
     */
    static final byte[] DATAGRAM = hex("45 00 00 21 | 00 02 40 00 | 40 11 26 c8 | 0a 00 00 01 | 0a 00 00 02"
            + "| 9c 40 82 9a | 00 0d 89 24 | 68 65 6c 6c 6f");

    @Test
    void test_udp_known_bytes_emit() {
        byte[] b = new UdpRepr(40000, 33434, ascii("hello")).toDatagram(A, B, 64, 2, true);
        assertThat(toHex(b)).isEqualTo(toHex(DATAGRAM));
    }

    @Test
    void test_udp_known_bytes_parse() throws MalformedPacketException {
        assertThat(UdpRepr.parse(DATAGRAM)).isEqualTo(new UdpRepr(40000, 33434, ascii("hello")));
        assertThat(UdpPacket.check(DATAGRAM, 20, 13, A, B)).isNull();
        assertThat(UdpPacket.srcPort(DATAGRAM, 20)).isEqualTo(40000);
        assertThat(UdpPacket.dstPort(DATAGRAM, 20)).isEqualTo(33434);
        assertThat(UdpPacket.length(DATAGRAM, 20)).isEqualTo(13);
        assertThat(UdpPacket.checksum(DATAGRAM, 20)).isEqualTo(0x8924);
    }

    @Test
    void test_udp_view_emit_in_place() {
        byte[] b = DATAGRAM.clone();
        Arrays.fill(b, 20, 28, (byte) 0);
        UdpPacket.emit(b, 20, A, B, 40000, 33434, 5);
        assertThat(toHex(b)).isEqualTo(toHex(DATAGRAM));
    }

    @Test
    void test_udp_roundtrip_payload_sizes() throws MalformedPacketException {
        SplittableRandom rnd = new SplittableRandom(768);
        for (int size : new int[] {0, 1, 2, 3, 7, 8, 511, 1472, 1473, 65507}) {
            byte[] payload = new byte[size];
            for (int i = 0; i < size; i++) {
                payload[i] = (byte) rnd.nextInt(256);
            }
            UdpRepr r = new UdpRepr(rnd.nextInt(65536), rnd.nextInt(65536), payload);
            byte[] b = r.toDatagram(Ip4.parse("192.0.2.33"), Ip4.parse("198.51.100.200"), 64, size, size % 2 == 0);
            assertThat(b.length).isEqualTo(28 + size);
            assertThat(r.length()).isEqualTo(8 + size);
            assertThat(UdpRepr.parse(b)).as("payload of %d bytes", size).isEqualTo(r);
            assertThat(UdpPacket.checksum(b, 20)).isNotZero();
        }
    }

    @Test
    void test_udp_datagram_too_large_for_ipv4_is_refused() {
        assertThatThrownBy(() -> new UdpRepr(1, 2, new byte[65508]).toDatagram(A, B, 64, 1, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void test_udp_computed_checksum_zero_is_sent_as_ffff() throws MalformedPacketException {
        // RFC 768: "If the computed checksum is zero, it is transmitted as all ones". Pick the
        // last two payload bytes so the one's complement sum is ffff, i.e. the checksum is 0.
        byte[] payload = new byte[4];
        byte[] probe = new UdpRepr(1000, 2000, payload).toDatagram(A, B, 64, 1, false);
        BigEndian.put16(probe, 26, 0);
        int sumWithZeroWord = 0xffff - Checksum.finish(Checksum.sum(probe, 20, 12,
                Checksum.pseudoHeader(A, B, 17, 12)));
        int word = 0xffff - sumWithZeroWord; // one's complement negation: sum + word = ffff
        BigEndian.put16(payload, 2, word);
        byte[] b = new UdpRepr(1000, 2000, payload).toDatagram(A, B, 64, 1, false);
        assertThat(UdpPacket.checksum(b, 20)).isEqualTo(0xffff);
        assertThat(UdpRepr.parse(b).payload()).isEqualTo(payload);
    }

    @Test
    void test_udp_zero_checksum_means_no_checksum() throws MalformedPacketException {
        // RFC 768: "An all zero transmitted checksum value means that the transmitter generated
        // no checksum"; the receiver must not verify it, so a changed payload goes unnoticed.
        byte[] b = DATAGRAM.clone();
        BigEndian.put16(b, 26, 0);
        b[28] = 'j';
        assertThat(UdpRepr.parse(b)).isEqualTo(new UdpRepr(40000, 33434, ascii("jello")));
    }

    @Test
    void test_udp_any_single_byte_change_is_rejected() {
        for (int i = 0; i < DATAGRAM.length; i++) {
            for (int v = 0; v < 256; v++) {
                if (v == (DATAGRAM[i] & 0xff)) {
                    continue;
                }
                byte[] b = DATAGRAM.clone();
                b[i] = (byte) v;
                try {
                    UdpRepr r = UdpRepr.parse(b);
                    // The only way through: the checksum field became 0000, "no checksum".
                    if (UdpPacket.checksum(b, 20) != 0) {
                        fail("byte %d set to %02x was accepted as %s", i, v, r);
                    }
                } catch (MalformedPacketException e) {
                    assertThat(e.reason()).as("byte %d set to %02x", i, v).isNotBlank();
                }
            }
        }
    }

    @Test
    void test_udp_length_shorter_than_header_is_rejected() {
        for (int len = 0; len < 8; len++) {
            byte[] b = withUdpLength(DATAGRAM, len);
            assertThatThrownBy(() -> UdpRepr.parse(b)).isInstanceOf(MalformedPacketException.class)
                    .hasMessageContaining("UDP length " + len);
        }
    }

    @Test
    void test_udp_length_beyond_ip_payload_is_rejected() {
        byte[] b = withUdpLength(DATAGRAM, 14);
        assertThatThrownBy(() -> UdpRepr.parse(b)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("UDP length 14");
        byte[] huge = withUdpLength(DATAGRAM, 0xffff);
        assertThatThrownBy(() -> UdpRepr.parse(huge)).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void test_udp_ip_payload_shorter_than_udp_header_is_rejected() {
        byte[] b = Arrays.copyOf(DATAGRAM, 27);
        BigEndian.put16(b, 2, 27);
        Ipv4Packet.fillChecksum(b, 0);
        assertThatThrownBy(() -> UdpRepr.parse(b)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("shorter than the 8-byte UDP header");
    }

    @Test
    void test_udp_length_shorter_than_ip_payload_trims_trailing_bytes() throws MalformedPacketException {
        // Bytes after the UDP length are not part of the datagram (RFC 768 length field; Linux
        // trims them too). Build "hel" as a 3-byte datagram inside a 5-byte IP payload.
        byte[] b = DATAGRAM.clone();
        UdpPacket.emit(b, 20, A, B, 40000, 33434, 3);
        assertThat(UdpPacket.length(b, 20)).isEqualTo(11);
        assertThat(UdpRepr.parse(b)).isEqualTo(new UdpRepr(40000, 33434, ascii("hel")));
    }

    @Test
    void test_udp_parse_rejects_a_bad_ip_header() {
        byte[] b = DATAGRAM.clone();
        b[8] = 63; // TTL changed without fixing the header checksum
        assertThatThrownBy(() -> UdpRepr.parse(b)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("header checksum");
    }

    /** A copy with the UDP length field replaced, UDP checksum set to 0 so only lengths are judged. */
    private static byte[] withUdpLength(byte[] d, int len) {
        byte[] b = d.clone();
        BigEndian.put16(b, 24, len);
        BigEndian.put16(b, 26, 0);
        return b;
    }
}
