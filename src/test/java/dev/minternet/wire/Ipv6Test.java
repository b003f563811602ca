package dev.minternet.wire;

import static dev.minternet.testing.Bytes.ascii;
import static dev.minternet.testing.Bytes.hex;
import static dev.minternet.testing.Bytes.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.wire.Icmpv6Packet.PrefixInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IPv6 header (RFC 8200), ICMPv6 (RFC 4443) and Neighbor Discovery (RFC 4861) codecs. The byte
 * vectors and their checksums were computed independently (Python's struct and inet_pton, the
 * RFC 1071 sum over the RFC 8200 8.1 pseudo-header), not by this code.
 */
class Ipv6Test {
    static final Ip6 H1 = Ip6.parse("2001:db8:1::10");
    static final Ip6 H2 = Ip6.parse("2001:db8:2::20");
    static final Ip6 LL1 = Ip6.parse("fe80::ff:fe00:1");
    static final Ip6 LL2 = Ip6.parse("fe80::ff:fe00:2");
    static final long MAC1 = 0x0200_0000_0001L;
    static final long MAC2 = 0x0200_0000_0002L;

    @Test
    void addresses_print_as_rfc_5952_says() {
        assertThat(Ip6.parse("2001:0db8:0000:0000:0000:0000:0000:0001").toString()).isEqualTo("2001:db8::1");
        assertThat(Ip6.parse("2001:db8:0:1:0:0:0:1").toString()).isEqualTo("2001:db8:0:1::1");
        assertThat(Ip6.parse("2001:db8:0:0:1:0:0:1").toString()).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Ip6.parse("2001:db8:0:1:1:1:1:1").toString()).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Ip6.parse("::").toString()).isEqualTo("::");
        assertThat(Ip6.parse("::1").toString()).isEqualTo("::1");
        assertThat(Ip6.parse("FF02::1:FF00:1").toString()).isEqualTo("ff02::1:ff00:1");
        assertThat(Ip6.parse("fe80::").toString()).isEqualTo("fe80::");
    }

    @Test
    void bad_addresses_are_refused() {
        for (String s : List.of("", "1::2::3", "2001:db8", "12345::", "g::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8")) {
            assertThat(Ip6.isAddress(s)).as(s).isFalse();
        }
        assertThatThrownBy(() -> Ip6.Cidr.parse("2001:db8::1/129")).hasMessageContaining("out of range 0-128");
    }

    @Test
    void modified_eui64_flips_the_universal_local_bit_rfc_4291_appendix_a() {
        assertThat(Ip6.linkLocal(MAC1)).isEqualTo(LL1);
        assertThat(Ip6.linkLocal(0x0034_5678_9abcL).toString()).isEqualTo("fe80::234:56ff:fe78:9abc");
    }

    @Test
    void solicited_node_group_and_its_ethernet_address() {
        Ip6 sn = Ip6.parse("2001:db8::12:3456:789a").solicitedNode();
        assertThat(sn.toString()).isEqualTo("ff02::1:ff56:789a");
        assertThat(Mac.str(sn.multicastMac())).isEqualTo("33:33:ff:56:78:9a");
        assertThat(Ip6.isMulticastMac(Ip6.ALL_NODES.multicastMac())).isTrue();
    }

    @Test
    void prefixes_contain_and_overlap() {
        Ip6.Cidr a = Ip6.Cidr.parse("2001:db8:1::1/64");
        assertThat(a.networkString()).isEqualTo("2001:db8:1::/64");
        assertThat(a.contains(Ip6.parse("2001:db8:1::ffff"))).isTrue();
        assertThat(a.contains(Ip6.parse("2001:db8:2::1"))).isFalse();
        assertThat(a.overlaps(Ip6.Cidr.parse("2001:db8::/32"))).isTrue();
        assertThat(a.overlaps(Ip6.Cidr.parse("2001:db8::/48"))).isFalse();
        assertThat(a.overlaps(Ip6.Cidr.parse("2001:db8:2::/64"))).isFalse();
    }

    /** Echo request 2001:db8:1::10 -> 2001:db8:2::20, hop limit 64, id 0x1234, seq 1, "abcdefgh". */
    static final byte[] ECHO = hex("60 00 00 00 00 10 3a 40 20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 10"
            + " 20 01 0d b8 00 02 00 00 00 00 00 00 00 00 00 20 80 00 80 45 12 34 00 01 61 62 63 64 65 66 67 68");

    @Test
    void echo_request_known_bytes() {
        byte[] d = Icmpv6Packet.datagram(H1, H2, 64, Icmpv6Packet.echo(Icmpv6Packet.ECHO_REQUEST, 0x1234, 1, ascii("abcdefgh")));
        assertThat(toHex(d)).isEqualTo(toHex(ECHO));
        assertThat(Ipv6Packet.check(d, 0, d.length)).isNull();
        assertThat(Ipv6Packet.payloadLength(d, 0)).isEqualTo(16);
        assertThat(Ipv6Packet.nextHeader(d, 0)).isEqualTo(58);
        assertThat(Ipv6Packet.hopLimit(d, 0)).isEqualTo(64);
        assertThat(Ipv6Packet.flowLabel(d, 0)).isZero();
        assertThat(Ipv6Packet.src(d, 0)).isEqualTo(H1);
        assertThat(Ipv6Packet.dst(d, 0)).isEqualTo(H2);
        assertThat(Icmpv6Packet.checksumOk(d, 40, 16, H1, H2)).isTrue();
        d[50] ^= 1;
        assertThat(Icmpv6Packet.checksumOk(d, 40, 16, H1, H2)).isFalse();
    }

    @Test
    void a_header_that_lies_is_refused() {
        byte[] d = ECHO.clone();
        assertThat(Ipv6Packet.check(d, 0, 39)).contains("shorter than the 40-byte");
        d[0] = 0x40;
        assertThat(Ipv6Packet.check(d, 0, d.length)).contains("version 4");
        d = ECHO.clone();
        d[5] = 0x20;
        assertThat(Ipv6Packet.check(d, 0, d.length)).contains("exceeds");
    }

    /** DAD probe: NS from :: to the solicited-node group, hop limit 255, no source link-layer option. */
    @Test
    void dad_neighbor_solicitation_known_bytes() {
        Ip6 sn = LL1.solicitedNode();
        byte[] d = Icmpv6Packet.datagram(Ip6.UNSPECIFIED, sn, 255, Icmpv6Packet.neighborSolicitation(LL1, 0));
        assertThat(toHex(d)).isEqualTo(toHex(hex("60 00 00 00 00 18 3a ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                + " ff 02 00 00 00 00 00 00 00 00 00 01 ff 00 00 01 87 00 7d 25 00 00 00 00"
                + " fe 80 00 00 00 00 00 00 00 00 00 ff fe 00 00 01")));
    }

    @Test
    void neighbor_solicitation_and_advertisement_known_bytes() {
        byte[] ns = Icmpv6Packet.datagram(LL1, LL2.solicitedNode(), 255, Icmpv6Packet.neighborSolicitation(LL2, MAC1));
        assertThat(toHex(ns)).isEqualTo(toHex(hex("60 00 00 00 00 20 3a ff fe 80 00 00 00 00 00 00 00 00 00 ff fe 00 00 01"
                + " ff 02 00 00 00 00 00 00 00 00 00 01 ff 00 00 02 87 00 7c 97 00 00 00 00"
                + " fe 80 00 00 00 00 00 00 00 00 00 ff fe 00 00 02 01 01 02 00 00 00 00 01")));
        assertThat(Icmpv6Packet.target(ns, 40)).isEqualTo(LL2);
        assertThat(Icmpv6Packet.optionsOk(ns, 40, 32)).isTrue();
        assertThat(Icmpv6Packet.linkLayerOption(ns, 40, 32, Icmpv6Packet.OPT_SOURCE_LL)).isEqualTo(MAC1);
        byte[] na = Icmpv6Packet.datagram(LL2, LL1, 255, Icmpv6Packet.neighborAdvertisement(
                Icmpv6Packet.NA_SOLICITED | Icmpv6Packet.NA_OVERRIDE, LL2, MAC2));
        assertThat(toHex(na)).isEqualTo(toHex(hex("60 00 00 00 00 20 3a ff fe 80 00 00 00 00 00 00 00 00 00 ff fe 00 00 02"
                + " fe 80 00 00 00 00 00 00 00 00 00 ff fe 00 00 01 88 00 1b 1a 60 00 00 00"
                + " fe 80 00 00 00 00 00 00 00 00 00 ff fe 00 00 02 02 01 02 00 00 00 00 02")));
        assertThat(Icmpv6Packet.naFlags(na, 40)).isEqualTo(0x60);
        assertThat(Icmpv6Packet.linkLayerOption(na, 40, 32, Icmpv6Packet.OPT_TARGET_LL)).isEqualTo(MAC2);
    }

    @Test
    void router_solicitation_and_advertisement_known_bytes() {
        byte[] rs = Icmpv6Packet.datagram(LL1, Ip6.ALL_ROUTERS, 255, Icmpv6Packet.routerSolicitation(MAC1));
        assertThat(toHex(rs)).isEqualTo(toHex(hex("60 00 00 00 00 10 3a ff fe 80 00 00 00 00 00 00 00 00 00 ff fe 00 00 01"
                + " ff 02 00 00 00 00 00 00 00 00 00 00 00 00 00 02 85 00 7b 2c 00 00 00 00 01 01 02 00 00 00 00 01")));
        Ip6 router = Ip6.parse("fe80::aa");
        byte[] ra = Icmpv6Packet.datagram(router, Ip6.ALL_NODES, 255, Icmpv6Packet.routerAdvertisement(64, 1800, 0, 0,
                0x0200_0000_00aaL, 1500, List.of(new PrefixInfo(Ip6.parse("2001:db8:1::"), 64,
                        Icmpv6Packet.PREFIX_ON_LINK | Icmpv6Packet.PREFIX_AUTONOMOUS, 2_592_000, 604_800))));
        assertThat(toHex(ra)).isEqualTo(toHex(hex("60 00 00 00 00 40 3a ff fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 aa"
                + " ff 02 00 00 00 00 00 00 00 00 00 00 00 00 00 01 86 00 ec 96 40 00 07 08 00 00 00 00 00 00 00 00"
                + " 01 01 02 00 00 00 00 aa 05 01 00 00 00 00 05 dc 03 04 40 c0 00 27 8d 00 00 09 3a 80 00 00 00 00"
                + " 20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 00")));
        assertThat(Icmpv6Packet.raRouterLifetime(ra, 40)).isEqualTo(1800);
        assertThat(Icmpv6Packet.raCurHopLimit(ra, 40)).isEqualTo(64);
        assertThat(Icmpv6Packet.mtuOption(ra, 40, 64)).isEqualTo(1500);
        assertThat(Icmpv6Packet.prefixes(ra, 40, 64)).containsExactly(new PrefixInfo(Ip6.parse("2001:db8:1::"), 64,
                0xc0, 2_592_000, 604_800));
    }

    @Test
    void an_option_of_length_zero_makes_the_message_invalid() {
        byte[] m = Icmpv6Packet.routerSolicitation(MAC1);
        m[9] = 0;
        assertThat(Icmpv6Packet.optionsOk(m, 0, m.length)).isFalse();
        assertThat(Icmpv6Packet.linkLayerOption(m, 0, m.length, Icmpv6Packet.OPT_SOURCE_LL)).isZero();
    }

    @Test
    void packet_too_big_known_bytes_and_errors_stay_within_1280_bytes() {
        byte[] invoking = {0, 1, 2, 3, 4, 5, 6, 7};
        byte[] d = Icmpv6Packet.datagram(Ip6.parse("2001:db8::1"), Ip6.parse("2001:db8::2"), 64,
                Icmpv6Packet.error(Icmpv6Packet.PACKET_TOO_BIG, 0, 1400, invoking, 8));
        assertThat(toHex(d)).isEqualTo(toHex(hex("60 00 00 00 00 10 3a 40 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
                + " 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02 02 00 90 b8 00 00 05 78 00 01 02 03 04 05 06 07")));
        assertThat(Icmpv6Packet.word(d, 40)).isEqualTo(1400);
        byte[] big = new byte[1500];
        byte[] e = Icmpv6Packet.datagram(H1, H2, 64, Icmpv6Packet.error(Icmpv6Packet.TIME_EXCEEDED, 0, 0, big, big.length));
        assertThat(e.length).isEqualTo(1280);
    }
}
