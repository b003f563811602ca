package dev.minternet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.IcmpRepr;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.UdpPacket;
import dev.minternet.wire.UdpRepr;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Rewrites with incremental checksum updates (RFC 1624) must leave exactly the checksums a full
 * recomputation gives: every rewritten datagram is compared with one built from scratch.
 */
class PacketsTest {
    static final int PRIVATE = Ip4.parse("192.168.1.10");
    static final int PUBLIC = Ip4.parse("198.51.100.2");
    static final int SERVER = Ip4.parse("203.0.113.10");

    @Test
    void udp_source_rewrite_equals_a_datagram_built_with_the_new_source() {
        byte[] payload = "hello through NAT\n".getBytes();
        byte[] d = new UdpRepr(40000, 5000, payload).toDatagram(PRIVATE, SERVER, 63, 7, false);
        Packets.setSrc(d, 0, d.length, PUBLIC);
        Packets.setSrcPort(d, 0, d.length, 61000);
        byte[] expected = new UdpRepr(61000, 5000, payload).toDatagram(PUBLIC, SERVER, 63, 7, false);
        assertThat(d).isEqualTo(expected);
        assertThat(Ipv4Packet.check(d, 0, d.length)).isNull();
        assertThat(UdpPacket.check(d, 20, d.length - 20, PUBLIC, SERVER)).isNull();
    }

    @Test
    void udp_destination_rewrite_equals_a_datagram_built_with_the_new_destination() {
        byte[] payload = new byte[33];
        Arrays.fill(payload, (byte) 0xa5);
        byte[] d = new UdpRepr(5000, 61000, payload).toDatagram(SERVER, PUBLIC, 60, 9, true);
        Packets.setDst(d, 0, d.length, PRIVATE);
        Packets.setDstPort(d, 0, d.length, 40000);
        assertThat(d).isEqualTo(new UdpRepr(5000, 40000, payload).toDatagram(SERVER, PRIVATE, 60, 9, true));
    }

    @Test
    void a_udp_datagram_without_checksum_keeps_zero() {
        byte[] d = new UdpRepr(1, 2, new byte[4]).toDatagram(PRIVATE, SERVER, 64, 1, false);
        BigEndian.put16(d, 26, 0);
        Packets.setSrc(d, 0, d.length, PUBLIC);
        assertThat(UdpPacket.checksum(d, 20)).isZero();
        assertThat(Ipv4Packet.check(d, 0, d.length)).isNull();
    }

    @Test
    void tcp_segment_rewrites_keep_a_valid_checksum() {
        byte[] d = Segments.tcp(PRIVATE, SERVER, 40000, 443, 1000, 0, TcpPacket.SYN, new byte[0]);
        Packets.setSrc(d, 0, d.length, PUBLIC);
        Packets.setSrcPort(d, 0, d.length, 1024);
        assertThat(Segments.tcpChecksumOk(d)).isTrue();
        assertThat(Ipv4Packet.check(d, 0, d.length)).isNull();
        assertThat(d).isEqualTo(Segments.tcp(PUBLIC, SERVER, 1024, 443, 1000, 0, TcpPacket.SYN, new byte[0]));

        byte[] data = Segments.tcp(SERVER, PUBLIC, 443, 1024, 5000, 1001, TcpPacket.ACK | TcpPacket.PSH,
                "odd-length payload".getBytes());
        Packets.setDst(data, 0, data.length, PRIVATE);
        Packets.setDstPort(data, 0, data.length, 40000);
        assertThat(Segments.tcpChecksumOk(data)).isTrue();
        assertThat(data).isEqualTo(Segments.tcp(SERVER, PRIVATE, 443, 40000, 5000, 1001, TcpPacket.ACK | TcpPacket.PSH,
                "odd-length payload".getBytes()));
    }

    @Test
    void echo_identifier_is_the_port_of_icmp_and_its_checksum_is_patched() {
        byte[] req = new IcmpRepr.Echo(true, 0x1234, 1, new byte[56]).toDatagram(PRIVATE, SERVER, 64, 3);
        assertThat(Tuple.of(req)).isEqualTo(new Tuple(1, PRIVATE, 0x1234, SERVER, 0));
        Packets.setSrc(req, 0, req.length, PUBLIC);
        Packets.setSrcPort(req, 0, req.length, 0x4321);
        assertThat(req).isEqualTo(new IcmpRepr.Echo(true, 0x4321, 1, new byte[56]).toDatagram(PUBLIC, SERVER, 64, 3));

        byte[] reply = new IcmpRepr.Echo(false, 0x4321, 1, new byte[56]).toDatagram(SERVER, PUBLIC, 64, 4);
        assertThat(Tuple.of(reply)).isEqualTo(Tuple.of(
                new IcmpRepr.Echo(true, 0x4321, 1, new byte[0]).toDatagram(PUBLIC, SERVER, 64, 4)).reverse());
        Packets.setDstPort(reply, 0, reply.length, 0x1234);
        Packets.setDst(reply, 0, reply.length, PRIVATE);
        assertThat(reply).isEqualTo(new IcmpRepr.Echo(false, 0x1234, 1, new byte[56]).toDatagram(SERVER, PRIVATE, 64, 4));
    }

    @Test
    void an_icmp_error_quote_is_rewritten_with_its_ip_and_udp_checksums() {
        byte[] sent = new UdpRepr(40000, 33434, new byte[32]).toDatagram(PRIVATE, SERVER, 3, 11, false);
        byte[] seen = sent.clone();
        Packets.setSrc(seen, 0, seen.length, PUBLIC);
        Packets.setSrcPort(seen, 0, seen.length, 61000);
        byte[] err = new IcmpRepr.DestUnreachable(IcmpPacket.CODE_PORT_UNREACHABLE, 0, IcmpRepr.quote(seen))
                .toDatagram(SERVER, PUBLIC, 64, 12);
        assertThat(Packets.isIcmpError(err)).isTrue();
        int q = Packets.quoteOffset(err);
        assertThat(Tuple.of(err, q, err.length)).isEqualTo(new Tuple(17, PUBLIC, 61000, SERVER, 33434));
        Packets.setSrc(err, q, err.length, PRIVATE);
        Packets.setSrcPort(err, q, err.length, 40000);
        Packets.setDst(err, 0, err.length, PRIVATE);
        Packets.fillIcmpChecksum(err);
        byte[] expected = new IcmpRepr.DestUnreachable(IcmpPacket.CODE_PORT_UNREACHABLE, 0, IcmpRepr.quote(sent))
                .toDatagram(SERVER, PRIVATE, 64, 12);
        assertThat(err).isEqualTo(expected);
    }

    @Test
    void non_initial_fragments_have_no_tuple_and_keep_their_payload() {
        byte[] d = new UdpRepr(1, 2, new byte[16]).toDatagram(PRIVATE, SERVER, 64, 1, false);
        BigEndian.put16(d, 6, 1); // fragment offset 8 bytes
        BigEndian.put16(d, 10, 0);
        Ipv4Packet.fillChecksum(d, 0);
        assertThat(Tuple.of(d)).isNull();
        byte[] before = d.clone();
        Packets.setSrc(d, 0, d.length, PUBLIC);
        Packets.setSrcPort(d, 0, d.length, 9999);
        assertThat(Ipv4Packet.check(d, 0, d.length)).isNull();
        assertThat(Arrays.copyOfRange(d, 20, d.length)).isEqualTo(Arrays.copyOfRange(before, 20, before.length));
    }
}
