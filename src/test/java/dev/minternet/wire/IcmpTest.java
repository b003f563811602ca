package dev.minternet.wire;

import static dev.minternet.testing.Bytes.ascii;
import static dev.minternet.testing.Bytes.hex;
import static dev.minternet.testing.Bytes.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** ICMP codec (RFC 792; next-hop MTU from RFC 1191). */
class IcmpTest {
    static final int A = Ip4.parse("10.0.0.1");
    static final int B = Ip4.parse("10.0.0.2");
    static final int ROUTER = Ip4.parse("10.0.0.254");

    /**
     * Echo request 10.0.0.1 -> 10.0.0.2, TTL 64, IP id 1, identifier 0x1234, sequence 1, data
     * "abcdefgh". The IP header is {@link Ipv4Test#HEADER}.
     * <pre>
     * 08 00 54 35   type 8 (echo request) | code 0 | checksum
     * 12 34 00 01   identifier 0x1234 | sequence number 1
     * 61 62 63 64 65 66 67 68   data "abcdefgh"
     * </pre>
     * ICMP checksum by hand: 0800 + 1234 + 0001 = 1a35; data 6162 + 6364 + 6566 + 6768 = 19194;
     * 1a35 + 19194 = 1abc9, fold abc9 + 1 = abca, ~ = 5435.
     */
    static final byte[] ECHO_REQUEST = hex("45 00 00 24 | 00 01 00 00 | 40 01 66 d6 | 0a 00 00 01 | 0a 00 00 02"
            + "| 08 00 54 35 | 12 34 00 01 | 61 62 63 64 65 66 67 68");

    @Test
    void test_icmp_echo_request_known_bytes_emit() {
        byte[] b = new IcmpRepr.Echo(true, 0x1234, 1, ascii("abcdefgh")).toDatagram(A, B, 64, 1);
        assertThat(toHex(b)).isEqualTo(toHex(ECHO_REQUEST));
    }

    @Test
    void test_icmp_echo_request_known_bytes_parse() throws MalformedPacketException {
        assertThat(Ipv4Packet.check(ECHO_REQUEST, 0, ECHO_REQUEST.length)).isNull();
        assertThat(IcmpPacket.check(ECHO_REQUEST, 20, 16)).isNull();
        assertThat(IcmpPacket.type(ECHO_REQUEST, 20)).isEqualTo(IcmpPacket.ECHO_REQUEST);
        assertThat(IcmpPacket.code(ECHO_REQUEST, 20)).isZero();
        assertThat(IcmpPacket.identifier(ECHO_REQUEST, 20)).isEqualTo(0x1234);
        assertThat(IcmpPacket.sequence(ECHO_REQUEST, 20)).isEqualTo(1);
        IcmpRepr r = IcmpRepr.parse(ECHO_REQUEST);
        assertThat(r).isEqualTo(new IcmpRepr.Echo(true, 0x1234, 1, ascii("abcdefgh")));
        assertThat(r.type()).isEqualTo(8);
        assertThat(r.length()).isEqualTo(16);
    }

    @Test
    void test_icmp_echo_reply_known_bytes() throws MalformedPacketException {
        // The reply swaps addresses and changes only the type: the ICMP checksum rises by the
        // 0800 that left the sum (5435 + 0800 = 5c35), as RFC 1624 would patch it.
        byte[] b = new IcmpRepr.Echo(false, 0x1234, 1, ascii("abcdefgh")).toDatagram(B, A, 64, 1);
        assertThat(toHex(Arrays.copyOfRange(b, 20, 28))).isEqualTo("00 00 5c 35 12 34 00 01");
        assertThat(IcmpRepr.parse(b)).isEqualTo(new IcmpRepr.Echo(false, 0x1234, 1, ascii("abcdefgh")));
    }

    @Test
    void test_icmp_echo_roundtrip() throws MalformedPacketException {
        for (boolean request : new boolean[] {true, false}) {
            for (int[] idSeq : new int[][] {{0, 0}, {0xffff, 0xffff}, {0x8000, 1}, {1, 0x8000}}) {
                for (int size : new int[] {0, 1, 56, 1472}) {
                    byte[] data = new byte[size];
                    for (int i = 0; i < size; i++) {
                        data[i] = (byte) (i * 7);
                    }
                    IcmpRepr r = new IcmpRepr.Echo(request, idSeq[0], idSeq[1], data);
                    byte[] b = r.toDatagram(A, B, 64, 9);
                    IcmpRepr back = IcmpRepr.parse(b);
                    assertThat(back).isEqualTo(r);
                    assertThat(((IcmpRepr.Echo) back).identifier()).isEqualTo(idSeq[0]);
                    assertThat(((IcmpRepr.Echo) back).sequence()).isEqualTo(idSeq[1]);
                }
            }
        }
    }

    @Test
    void test_icmp_dest_unreachable_roundtrip_codes() throws MalformedPacketException {
        byte[] probe = new UdpRepr(40000, 33434, new byte[32]).toDatagram(A, B, 1, 77, false);
        byte[] quote = IcmpRepr.quote(probe);
        int[][] cases = {
            {IcmpPacket.CODE_NET_UNREACHABLE, 0},
            {IcmpPacket.CODE_HOST_UNREACHABLE, 0},
            {IcmpPacket.CODE_PORT_UNREACHABLE, 0},
            {IcmpPacket.CODE_FRAGMENTATION_NEEDED, 1400},
            {IcmpPacket.CODE_FRAGMENTATION_NEEDED, 68},
            {IcmpPacket.CODE_FRAGMENTATION_NEEDED, 0xffff},
        };
        for (int[] c : cases) {
            IcmpRepr r = new IcmpRepr.DestUnreachable(c[0], c[1], quote);
            byte[] b = r.toDatagram(ROUTER, A, 64, 5);
            assertThat(IcmpPacket.type(b, 20)).isEqualTo(3);
            assertThat(IcmpPacket.code(b, 20)).isEqualTo(c[0]);
            // RFC 1191: "unused" 16 bits, then the next-hop MTU in the low-order 16 bits
            assertThat(BigEndian.u16(b, 24)).isZero();
            assertThat(IcmpPacket.nextHopMtu(b, 20)).isEqualTo(c[1]);
            IcmpRepr back = IcmpRepr.parse(b);
            assertThat(back).isEqualTo(r);
            assertThat(((IcmpRepr.DestUnreachable) back).nextHopMtu()).isEqualTo(c[1]);
            assertThat(back.data()).isEqualTo(Arrays.copyOf(probe, 28));
        }
    }

    @Test
    void test_icmp_frag_needed_known_bytes() {
        // type 3, code 4, checksum, unused 0000, next-hop MTU 1400 = 0578
        byte[] quote = Arrays.copyOf(UdpTest.DATAGRAM, 28);
        byte[] b = new IcmpRepr.DestUnreachable(4, 1400, quote).toDatagram(ROUTER, A, 64, 5);
        assertThat(toHex(Arrays.copyOfRange(b, 20, 22))).isEqualTo("03 04");
        assertThat(toHex(Arrays.copyOfRange(b, 24, 28))).isEqualTo("00 00 05 78");
        assertThat(Checksum.compute(b, 20, b.length - 20)).isZero();
    }

    @Test
    void test_icmp_dest_unreachable_mtu_only_kept_for_code_4() throws MalformedPacketException {
        // The word is "unused" for other codes (RFC 792): parse reports 0 whatever was sent.
        byte[] quote = Arrays.copyOf(UdpTest.DATAGRAM, 28);
        byte[] b = new IcmpRepr.DestUnreachable(IcmpPacket.CODE_PORT_UNREACHABLE, 1400, quote).toDatagram(B, A, 64, 5);
        assertThat(((IcmpRepr.DestUnreachable) IcmpRepr.parse(b)).nextHopMtu()).isZero();
    }

    @Test
    void test_icmp_time_exceeded_roundtrip_quotes_header_and_8_bytes() throws MalformedPacketException {
        byte[] probe = new UdpRepr(40000, 33435, new byte[32]).toDatagram(A, B, 1, 78, false);
        byte[] quote = IcmpRepr.quote(probe);
        assertThat(quote).hasSize(28).isEqualTo(Arrays.copyOf(probe, 28));
        for (int code : new int[] {IcmpPacket.CODE_TTL_EXCEEDED, IcmpPacket.CODE_REASSEMBLY_EXCEEDED}) {
            IcmpRepr r = new IcmpRepr.TimeExceeded(code, quote);
            byte[] b = r.toDatagram(ROUTER, A, 64, 6);
            assertThat(toHex(Arrays.copyOfRange(b, 20, 22))).isEqualTo(String.format("0b %02x", code));
            assertThat(BigEndian.u32(b, 24)).isZero(); // unused
            IcmpRepr back = IcmpRepr.parse(b);
            assertThat(back).isEqualTo(r);
            // the quote lets the sender match the error to its probe: addresses and UDP ports
            byte[] q = back.data();
            assertThat(Ipv4Packet.src(q, 0)).isEqualTo(A);
            assertThat(Ipv4Packet.dst(q, 0)).isEqualTo(B);
            assertThat(Ipv4Packet.ttl(q, 0)).isEqualTo(1);
            assertThat(Ipv4Packet.protocol(q, 0)).isEqualTo(17);
            assertThat(UdpPacket.srcPort(q, Ipv4Packet.headerLength(q, 0))).isEqualTo(40000);
            assertThat(UdpPacket.dstPort(q, Ipv4Packet.headerLength(q, 0))).isEqualTo(33435);
            assertThat(Checksum.compute(q, 0, 20)).as("quoted header checksum still verifies").isZero();
        }
    }

    @Test
    void test_icmp_quote_follows_ihl_with_options() {
        Ipv4Repr ip = new Ipv4Repr(A, B, 17, 1, 0, 3, false, false, 0, 40, hex("94 04 00 00 01 01 01 00"));
        byte[] offending = ip.build(new byte[40]);
        assertThat(IcmpRepr.quote(offending)).isEqualTo(Arrays.copyOf(offending, 28 + 8));
    }

    @Test
    void test_icmp_quote_of_short_datagram_keeps_it_whole() {
        byte[] offending = Ipv4Repr.of(A, B, 17, 1, 3, false, 4).build(new byte[4]);
        assertThat(IcmpRepr.quote(offending)).isEqualTo(offending);
        assertThat(IcmpRepr.quote(new byte[0])).isEmpty();
    }

    @Test
    void test_icmp_other_type_kept_verbatim() throws MalformedPacketException {
        // Redirect (type 5, code 1 host): the rest-of-header word is the gateway address.
        IcmpRepr r = new IcmpRepr.Other(5, 1, Ip4.parse("10.0.0.3"), Arrays.copyOf(UdpTest.DATAGRAM, 28));
        byte[] b = r.toDatagram(ROUTER, A, 64, 7);
        assertThat(toHex(Arrays.copyOfRange(b, 24, 28))).isEqualTo("0a 00 00 03");
        assertThat(IcmpRepr.parse(b)).isEqualTo(r);
    }

    @Test
    void test_icmp_any_single_byte_change_is_rejected() {
        byte[] quote = Arrays.copyOf(UdpTest.DATAGRAM, 28);
        byte[][] datagrams = {
            ECHO_REQUEST,
            new IcmpRepr.DestUnreachable(4, 1400, quote).toDatagram(ROUTER, A, 64, 5),
            new IcmpRepr.TimeExceeded(0, quote).toDatagram(ROUTER, A, 64, 6),
        };
        for (byte[] d : datagrams) {
            for (int i = 0; i < d.length; i++) {
                for (int v = 0; v < 256; v++) {
                    if (v == (d[i] & 0xff)) {
                        continue;
                    }
                    byte[] b = d.clone();
                    b[i] = (byte) v;
                    int at = i;
                    int val = v;
                    assertThatThrownBy(() -> IcmpRepr.parse(b)).as("type %d: byte %d set to %02x", d[20], at, val)
                            .isInstanceOf(MalformedPacketException.class)
                            .extracting(e -> ((MalformedPacketException) e).reason()).asString().isNotBlank();
                }
            }
        }
    }

    @Test
    void test_icmp_error_too_short_to_quote_a_header_is_rejected() {
        IcmpRepr r = new IcmpRepr.TimeExceeded(0, new byte[19]);
        byte[] b = r.toDatagram(ROUTER, A, 64, 6);
        assertThatThrownBy(() -> IcmpRepr.parse(b)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("too short");
        byte[] u = new IcmpRepr.DestUnreachable(3, 0, new byte[19]).toDatagram(ROUTER, A, 64, 6);
        assertThatThrownBy(() -> IcmpRepr.parse(u)).isInstanceOf(MalformedPacketException.class);
        // an echo has no such minimum
        byte[] e = new IcmpRepr.Echo(true, 1, 1, new byte[0]).toDatagram(A, B, 64, 6);
        assertThat(Ipv4Packet.payloadLength(e, 0)).isEqualTo(8);
    }

    @Test
    void test_icmp_shorter_than_header_is_rejected() {
        byte[] b = Arrays.copyOf(ECHO_REQUEST, 27);
        BigEndian.put16(b, 2, 27);
        Ipv4Packet.fillChecksum(b, 0);
        assertThatThrownBy(() -> IcmpRepr.parse(b)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("8-byte ICMP header");
    }

    @Test
    void test_icmp_parse_rejects_a_bad_ip_header() {
        byte[] b = ECHO_REQUEST.clone();
        b[8] = 63;
        assertThatThrownBy(() -> IcmpRepr.parse(b)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("header checksum");
    }

    @Test
    void test_icmp_describe() {
        assertThat(IcmpPacket.describe(3, 4)).isEqualTo("fragmentation needed");
        assertThat(IcmpPacket.describe(11, 0)).isEqualTo("time exceeded in transit");
        assertThat(IcmpPacket.describe(11, 1)).isEqualTo("fragment reassembly time exceeded");
        assertThat(IcmpPacket.describe(8, 0)).isEqualTo("echo request");
    }
}
