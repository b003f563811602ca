package dev.minternet.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.testing.Bytes;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.IcmpRepr;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.Ipv4Repr;
import dev.minternet.wire.UdpRepr;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datagrams built by our codecs, written by {@link PcapWriter}, read back by Wireshark's
 * dissectors: an independent implementation must find them well formed, with good checksums and
 * the field values we meant.
 */
class PcapTsharkTest {
    static final Instant EPOCH = Instant.parse("2024-03-01T12:00:00.250Z");
    static final int LAPTOP = Ip4.parse("192.0.2.10");
    static final int GATEWAY = Ip4.parse("192.0.2.1");
    static final int CORE = Ip4.parse("198.51.100.1");
    static final int RESOLVER = Ip4.parse("198.51.100.53");
    static final int SERVER = Ip4.parse("203.0.113.10");

    /** A DNS query for example.com A with RD set (RFC 1035 4.1), built by hand. */
    static final byte[] DNS_QUERY = Bytes.hex("be ef 01 00 00 01 00 00 00 00 00 00"
            + "07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01");

    @TempDir
    Path dir;

    @BeforeEach
    void needTshark() {
        Oracles.tshark();
    }

    /** One captured datagram with its simulated time and what tshark should decode. */
    record Captured(long timeNs, byte[] bytes, String what) {
    }

    static List<Captured> scene() {
        List<Captured> c = new ArrayList<>();
        byte[] ping = new byte[56];
        for (int i = 0; i < ping.length; i++) {
            ping[i] = (byte) i;
        }
        c.add(new Captured(0, new IcmpRepr.Echo(true, 0x1234, 1, ping).toDatagram(LAPTOP, SERVER, 64, 0x100), "echo request"));
        c.add(new Captured(23_456_789, new IcmpRepr.Echo(false, 0x1234, 1, ping).toDatagram(SERVER, LAPTOP, 57, 0x9000), "echo reply"));
        c.add(new Captured(1_000_000_000, new UdpRepr(51000, 53, DNS_QUERY).toDatagram(LAPTOP, RESOLVER, 64, 0x101, false), "dns query"));

        byte[] probe = new UdpRepr(40000, 33434, new byte[32]).toDatagram(LAPTOP, SERVER, 1, 0x102, false);
        c.add(new Captured(2_000_000_001L, probe, "traceroute probe"));
        // the gateway quotes the probe as it arrived, TTL 1 (RFC 792, RFC 1812 4.3.2.3)
        c.add(new Captured(2_000_100_000L, new IcmpRepr.TimeExceeded(IcmpPacket.CODE_TTL_EXCEEDED, IcmpRepr.quote(probe))
                .toDatagram(GATEWAY, LAPTOP, 64, 0x200), "time exceeded"));
        byte[] probe2 = new UdpRepr(40001, 33435, new byte[32]).toDatagram(LAPTOP, SERVER, 9, 0x103, false);
        c.add(new Captured(3_000_000_000L, probe2, "probe reaching the server"));
        c.add(new Captured(3_012_000_000L, new IcmpRepr.DestUnreachable(IcmpPacket.CODE_PORT_UNREACHABLE, 0, IcmpRepr.quote(probe2))
                .toDatagram(SERVER, LAPTOP, 56, 0x9001), "port unreachable"));

        // ping -M do -s 1472: 1500 bytes with DF, refused by a 1400-byte link (RFC 1191)
        byte[] big = new IcmpRepr.Echo(true, 0x1234, 2, new byte[1472]).toDatagram(LAPTOP, SERVER, 64, 0x104);
        big = setDf(big);
        c.add(new Captured(4_000_000_000L, big, "1500-byte DF echo"));
        c.add(new Captured(4_000_500_000L, new IcmpRepr.DestUnreachable(IcmpPacket.CODE_FRAGMENTATION_NEEDED, 1400, IcmpRepr.quote(big))
                .toDatagram(CORE, LAPTOP, 63, 0x300), "fragmentation needed"));

        // A 3000-byte UDP datagram (8-byte header + 2992 bytes) cut by hand into two fragments at
        // byte 1504, a multiple of 8 (RFC 791 2.3): MF set on the first, offset 1504 on the second.
        byte[] data = new byte[2992];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        byte[] whole = new UdpRepr(40002, 33500, data).toDatagram(LAPTOP, SERVER, 64, 0x4242, false);
        byte[] udp = Arrays.copyOfRange(whole, 20, whole.length);
        assertThat(udp).hasSize(3000);
        c.add(new Captured(5_000_000_000L, fragment(udp, 0, 1504, true), "fragment 1"));
        c.add(new Captured(5_000_000_999L, fragment(udp, 1504, udp.length, false), "fragment 2"));
        return c;
    }

    static byte[] fragment(byte[] udp, int from, int to, boolean more) {
        Ipv4Repr ip = new Ipv4Repr(LAPTOP, SERVER, Ipv4Packet.PROTO_UDP, 64, 0, 0x4242, false, more, from, to - from, null);
        return ip.build(Arrays.copyOfRange(udp, from, to));
    }

    static byte[] setDf(byte[] d) {
        byte[] b = d.clone();
        b[6] |= 0x40;
        Ipv4Packet.fillChecksum(b, 0);
        return b;
    }

    private Path write(List<Captured> scene) throws IOException {
        Path f = dir.resolve("scene.pcap");
        try (PcapWriter w = new PcapWriter(f, EPOCH)) {
            for (Captured c : scene) {
                w.write(c.timeNs(), c.bytes());
            }
        }
        return f;
    }

    @Test
    void test_tshark_finds_codec_datagrams_clean() throws IOException {
        List<Captured> scene = scene();
        Path f = write(scene);
        Tshark.assertClean(f);
        assertThat(Tshark.count(f, "")).isEqualTo(scene.size());
        assertThat(Tshark.malformedCount(f)).isZero();
        assertThat(Tshark.badChecksumCount(f)).isZero();
        // every IP header checksum, quoted ones included, was verified Good (1)
        for (Map<String, String> row : Tshark.fields(f, "", "ip.checksum.status")) {
            assertThat(row.get("ip.checksum.status").split(",")).containsOnly("1");
        }
    }

    @Test
    void test_tshark_decodes_the_fields_we_built() throws IOException {
        List<Captured> scene = scene();
        Path f = write(scene);
        List<Map<String, String>> rows = Tshark.fields(f, "", "frame.len", "ip.src", "ip.dst", "ip.ttl", "ip.id",
                "icmp.type", "icmp.code", "icmp.ident", "icmp.seq", "icmp.mtu", "udp.srcport", "udp.dstport");
        assertThat(rows).hasSize(scene.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).get("frame.len")).as(scene.get(i).what())
                    .isEqualTo(Integer.toString(scene.get(i).bytes().length));
        }
        // echo request and reply
        assertRow(rows.get(0), "ip.src", "192.0.2.10", "ip.dst", "203.0.113.10", "ip.ttl", "64", "ip.id", "0x0100",
                "icmp.type", "8", "icmp.code", "0", "icmp.ident", "4660", "icmp.seq", "1");
        assertRow(rows.get(1), "ip.src", "203.0.113.10", "ip.ttl", "57", "icmp.type", "0", "icmp.ident", "4660", "icmp.seq", "1");
        // DNS query and the tshark DNS dissector's view of it
        assertRow(rows.get(2), "ip.dst", "198.51.100.53", "udp.srcport", "51000", "udp.dstport", "53");
        assertThat(Tshark.fields(f, "dns", "dns.id", "dns.qry.name", "dns.qry.type", "dns.flags.response"))
                .containsExactly(Map.of("dns.id", "0xbeef", "dns.qry.name", "example.com", "dns.qry.type", "1",
                        "dns.flags.response", "0"));
        // traceroute: probe with TTL 1 and the time exceeded quoting it (inner header second)
        assertRow(rows.get(3), "ip.ttl", "1", "udp.srcport", "40000", "udp.dstport", "33434");
        assertRow(rows.get(4), "ip.src", "192.0.2.1,192.0.2.10", "ip.ttl", "64,1", "icmp.type", "11", "icmp.code", "0",
                "udp.srcport", "40000", "udp.dstport", "33434");
        assertRow(rows.get(6), "ip.src", "203.0.113.10,192.0.2.10", "icmp.type", "3", "icmp.code", "3",
                "udp.dstport", "33435");
        // path MTU discovery
        assertRow(rows.get(8), "ip.src", "198.51.100.1,192.0.2.10", "icmp.type", "3,8", "icmp.code", "4,0",
                "icmp.mtu", "1400");
        assertThat(Tshark.fields(f, "icmp.type == 3 && icmp.code == 4", "ip.len", "ip.flags.df"))
                .containsExactly(Map.of("ip.len", "56,1500", "ip.flags.df", "0,1"));
    }

    @Test
    void test_tshark_reassembles_our_fragments_and_verifies_udp_checksum() throws IOException {
        Path f = write(scene());
        List<Map<String, String>> frags = Tshark.fields(f, "ip.id == 0x4242", "ip.flags.mf", "ip.frag_offset", "ip.len",
                "ip.reassembled.length", "udp.length", "udp.checksum.status", "udp.srcport", "udp.dstport");
        assertThat(frags).hasSize(2);
        assertRow(frags.get(0), "ip.flags.mf", "1", "ip.frag_offset", "0", "ip.len", "1524");
        // tshark 4.0 prints the raw ip.frag_offset in 8-byte units (188 * 8 = 1504) while its
        // packet tree shows 1504 bytes; accept either so a newer tshark cannot break the test
        assertThat(frags.get(1).get("ip.frag_offset")).isIn("188", "1504");
        assertRow(frags.get(1), "ip.flags.mf", "0", "ip.len", "1516",
                "ip.reassembled.length", "3000", "udp.length", "3000", "udp.checksum.status", "1",
                "udp.srcport", "40002", "udp.dstport", "33500");
    }

    @Test
    void test_tshark_reads_nanosecond_timestamps_relative_to_epoch() throws IOException {
        List<Captured> scene = scene();
        Path f = write(scene);
        List<Map<String, String>> rows = Tshark.fields(f, "", "frame.time_epoch");
        BigDecimal epoch = BigDecimal.valueOf(EPOCH.getEpochSecond()).add(BigDecimal.valueOf(EPOCH.getNano(), 9));
        for (int i = 0; i < rows.size(); i++) {
            BigDecimal expected = epoch.add(BigDecimal.valueOf(scene.get(i).timeNs(), 9));
            assertThat(new BigDecimal(rows.get(i).get("frame.time_epoch"))).as(scene.get(i).what())
                    .isEqualByComparingTo(expected);
        }
        // e.g. the second fragment at 5.000000999 s: 1709294400.25 + 5.000000999
        assertThat(rows.get(10).get("frame.time_epoch")).isEqualTo("1709294405.250000999");
    }

    @Test
    void test_tshark_reports_deliberately_corrupted_checksums() throws IOException {
        List<Captured> scene = scene();
        List<Captured> bad = new ArrayList<>(scene);
        byte[] echo = scene.get(0).bytes().clone();
        echo[30] ^= 0x20; // a payload byte: the ICMP checksum no longer matches
        bad.set(0, new Captured(0, echo, "corrupted echo"));
        byte[] dns = scene.get(2).bytes().clone();
        dns[8] = 63; // TTL changed without updating the header checksum
        bad.set(2, new Captured(scene.get(2).timeNs(), dns, "corrupted IP header"));
        byte[] frag = scene.get(10).bytes().clone();
        frag[frag.length - 1] ^= 0x01; // last byte of the reassembled UDP datagram
        bad.set(10, new Captured(scene.get(10).timeNs(), frag, "corrupted fragment"));
        Path f = write(bad);
        assertThat(Tshark.badChecksumCount(f)).isEqualTo(3);
        assertThat(Tshark.count(f, "icmp.checksum.status == \"Bad\"")).isEqualTo(1);
        assertThat(Tshark.count(f, "ip.checksum.status == \"Bad\"")).isEqualTo(1);
        assertThat(Tshark.count(f, "udp.checksum.status == \"Bad\"")).isEqualTo(1);
        assertThatThrownBy(() -> Tshark.assertClean(f)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("3 bad-checksum")
                .hasMessageContaining("Echo (ping) request");
    }

    private static void assertRow(Map<String, String> row, String... expected) {
        for (int i = 0; i < expected.length; i += 2) {
            assertThat(row.get(expected[i])).as("%s in %s", expected[i], row).isEqualTo(expected[i + 1]);
        }
    }
}
