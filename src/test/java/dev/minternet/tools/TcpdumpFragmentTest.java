package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Fragment;
import dev.minternet.wire.Ipv6Packet;
import dev.minternet.wire.UdpPacket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * tcpdump -n's lines for IPv6 fragments, against what tcpdump 4.99.3 printed for Linux's own
 * fragments of {@code ping -6 -s 3000 ::1} and of a 3000-byte UDP datagram from port 5000 to 6000
 * on lo at mtu 1500 (Debian 12).
 */
class TcpdumpFragmentTest {
    static final Ip6 LO = Ip6.parse("::1");

    /** Fragment {@code [offset, offset + len)} of datagram {@code d}'s fragmentable part. */
    static byte[] fragment(byte[] d, int offset, int len, boolean more) {
        byte[] f = new byte[Ipv6Packet.HEADER + Ipv6Fragment.HEADER + len];
        System.arraycopy(d, 0, f, 0, Ipv6Packet.HEADER);
        BigEndian.put16(f, 4, Ipv6Fragment.HEADER + len);
        f[6] = (byte) Ipv6Fragment.NEXT_HEADER;
        Ipv6Fragment.emit(f, Ipv6Packet.HEADER, Ipv6Packet.nextHeader(d, 0), offset, more, 0x027497a5);
        System.arraycopy(d, Ipv6Packet.HEADER + offset, f, Ipv6Packet.HEADER + Ipv6Fragment.HEADER, len);
        return f;
    }

    @Test
    void an_echo_request_in_three_fragments() {
        byte[] d = Icmpv6Packet.datagram(LO, LO, 64, Icmpv6Packet.echo(Icmpv6Packet.ECHO_REQUEST, 30621, 1, new byte[3000]));
        assertThat(TcpdumpLine.ipv6(fragment(d, 0, 1448, true), 0))
                .isEqualTo("IP6 ::1 > ::1: frag (0|1448) ICMP6, echo request, id 30621, seq 1, length 1448");
        assertThat(TcpdumpLine.ipv6(fragment(d, 1448, 1448, true), 0)).isEqualTo("IP6 ::1 > ::1: frag (1448|1448)");
        assertThat(TcpdumpLine.ipv6(fragment(d, 2896, 112, false), 0)).isEqualTo("IP6 ::1 > ::1: frag (2896|112)");
    }

    @Test
    void a_udp_datagram_in_fragments() {
        byte[] d = Ipv6Packet.build(LO, LO, Ipv6Packet.NEXT_UDP, 64, UdpPacket.build6(LO, LO, 5000, 6000, new byte[3000]));
        assertThat(TcpdumpLine.ipv6(fragment(d, 0, 1448, true), 0))
                .isEqualTo("IP6 ::1 > ::1: frag (0|1448) 5000 > 6000: UDP, length 3000");
        assertThat(TcpdumpLine.ipv6(fragment(d, 2896, 112, false), 0)).isEqualTo("IP6 ::1 > ::1: frag (2896|112)");
    }

    @Test
    void the_fragment_header_reads_back_what_was_written() {
        byte[] b = new byte[8];
        Ipv6Fragment.emit(b, 0, 58, 2896, false, 0x827b769c);
        assertThat(Arrays.copyOf(b, 8)).containsExactly(58, 0, 0x0b, 0x50, 0x82, 0x7b, 0x76, 0x9c);
        assertThat(Ipv6Fragment.offset(b, 0)).isEqualTo(2896);
        assertThat(Ipv6Fragment.more(b, 0)).isFalse();
        assertThat(Ipv6Fragment.identification(b, 0)).isEqualTo(0x827b769cL);
        assertThat(Ipv6Fragment.nextHeader(b, 0)).isEqualTo(58);
        Ipv6Fragment.emit(b, 0, 17, 1448, true, 1);
        assertThat(b[2] & 0xff).isEqualTo(0x05);
        assertThat(b[3] & 0xff).isEqualTo(0xa9); // 1448 = 181 units << 3, M = 1
        assertThat(Ipv6Fragment.atomic(b, 0)).isFalse();
    }
}
