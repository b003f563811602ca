package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.wire.ArpPacket;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Repr;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tcpdump on an Ethernet interface: the arp, ether host and vlan primitives, IP primitives inside frames, ARP's text. */
class EthernetFilterTest {
    static final long A = 0x02_00_00_00_00_0aL;
    static final long B = 0x02_00_00_00_00_0bL;
    static final Instant T = Instant.parse("2026-01-01T12:00:00Z");

    static byte[] arp() {
        byte[] p = new ArpPacket(ArpPacket.REQUEST, A, Ip4.parse("10.0.0.1"), 0, Ip4.parse("10.0.0.2")).emit();
        return EthernetFrame.build(0xffff_ffff_ffffL, A, EthernetFrame.TYPE_ARP, p, 0, p.length);
    }

    static byte[] udp() {
        byte[] d = new byte[28];
        Ipv4Repr.of(Ip4.parse("10.0.0.1"), Ip4.parse("10.0.0.2"), 17, 64, 1, false, 8).emit(d, 0);
        d[21] = 53;
        d[23] = 53;
        d[25] = 8;
        return EthernetFrame.build(B, A, EthernetFrame.TYPE_IPV4, d, 0, d.length);
    }

    static PcapFilter.Matcher f(String expr) throws PcapFilter.FilterException {
        return PcapFilter.compileForFrames(List.of(expr.split(" ")), n -> 0);
    }

    @Test
    void link_and_ip_primitives_look_at_the_right_layer() throws Exception {
        assertThat(f("arp").matches(arp())).isTrue();
        assertThat(f("arp").matches(udp())).isFalse();
        assertThat(f("udp").matches(arp())).isFalse();
        assertThat(f("udp port 53").matches(udp())).isTrue();
        // libpcap's host without a protocol is "ip host or arp host or rarp host"; with ip, IPv4's alone
        assertThat(f("host 10.0.0.2").matches(arp())).as("host looks at ARP's addresses too").isTrue();
        assertThat(f("dst host 10.0.0.2").matches(arp())).as("an ARP packet's target is its destination").isTrue();
        assertThat(f("src host 10.0.0.2").matches(arp())).isFalse();
        assertThat(f("ip host 10.0.0.2").matches(arp())).as("ip host is IPv4's").isFalse();
        assertThat(f("ether host 02:00:00:00:00:0b").matches(udp())).isTrue();
        assertThat(f("ether src 02:00:00:00:00:0b").matches(udp())).isFalse();
        assertThat(f("ether dst 02:00:00:00:00:0b").matches(udp())).isTrue();
        assertThat(f("not arp and ether host 02:00:00:00:00:0a").matches(udp())).isTrue();
        assertThat(f("vlan").matches(udp())).isFalse();
        assertThat(f("vlan 20").matches(EthernetFrame.tag(udp(), 20))).isTrue();
        assertThat(f("vlan 30").matches(EthernetFrame.tag(udp(), 20))).isFalse();
        assertThat(f("vlan and udp").matches(EthernetFrame.tag(udp(), 20))).isTrue();
        assertThatThrownBy(() -> f("ether host nope")).isInstanceOf(PcapFilter.FilterException.class)
                .hasMessageContaining("bad ethernet address");
    }

    @Test
    void arp_is_printed_as_tcpdump_prints_it() {
        TcpdumpLine t = new TcpdumpLine();
        assertThat(t.frameLine(T, arp())).isEqualTo("12:00:00.000000 ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28");
        byte[] padded = java.util.Arrays.copyOf(arp(), 60);
        assertThat(t.frameLine(T, padded)).endsWith("length 46");
        byte[] reply = new ArpPacket(ArpPacket.REPLY, B, Ip4.parse("10.0.0.2"), A, Ip4.parse("10.0.0.1")).emit();
        assertThat(t.frameLine(T, EthernetFrame.build(A, B, EthernetFrame.TYPE_ARP, reply, 0, reply.length)))
                .isEqualTo("12:00:00.000000 ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:0b, length 28");
        assertThat(t.frameLine(T, udp())).isEqualTo("12:00:00.000000 IP 10.0.0.1.53 > 10.0.0.2.53: domain [length 0 < 12] (invalid)");
    }
}
