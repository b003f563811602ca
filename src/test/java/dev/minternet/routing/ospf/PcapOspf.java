package dev.minternet.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the OSPF packets of a capture (LINKTYPE_RAW, or LINKTYPE_ETHERNET with IPv4 in Ethernet II) and checks them with code of its own, not
 * the simulator's: the packet checksum (RFC 1071 over the packet without its authentication
 * field) and each LSA's Fletcher checksum (ISO 8473: both running sums over the LSA from its
 * options byte come to 0 mod 255).
 */
final class PcapOspf {
    private PcapOspf() {
    }

    /** Each OSPF packet's IP datagram, as captured (each appears once per direction seen). */
    static List<byte[]> datagrams(Path pcap) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (byte[] d : frames(pcap, 0x0800)) {
            if ((d[0] >> 4) == 4 && (d[9] & 0xff) == 89) {
                out.add(d);
            }
        }
        return out;
    }

    /** Each OSPFv3 packet's IPv6 datagram (next header 89), from a raw or an Ethernet capture. */
    static List<byte[]> datagrams6(Path pcap) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (byte[] d : frames(pcap, 0x86dd)) {
            if (d.length >= 40 && (d[0] >> 4) == 6 && (d[6] & 0xff) == 89) {
                out.add(Arrays.copyOfRange(d, 0, 40 + u16(d, 4)));
            }
        }
        return out;
    }

    /**
     * Each captured packet's IP datagram: a raw capture's records as they are, an Ethernet
     * capture's frames of EtherType {@code etherType} without their header (and, for IPv4, without
     * the link's padding).
     */
    private static List<byte[]> frames(Path pcap, int etherType) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap));
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        b.order(magic == 0xa1b2c3d4 || magic == 0xa1b23c4d ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        boolean ethernet = b.getInt(20) == 1;
        int min = etherType == 0x0800 ? 34 : 54;
        int p = 24;
        List<byte[]> out = new ArrayList<>();
        while (p + 16 <= b.limit()) {
            int caplen = b.getInt(p + 8);
            byte[] d = Arrays.copyOfRange(b.array(), p + 16, p + 16 + caplen);
            p += 16 + caplen;
            if (ethernet) {
                if (d.length < min || u16(d, 12) != etherType) {
                    continue;
                }
                d = Arrays.copyOfRange(d, 14, etherType == 0x0800 ? 14 + u16(d, 16) : d.length);
            }
            out.add(d);
        }
        return out;
    }

    /** Whether the OSPFv3 packet in IPv6 datagram {@code d} sums to 0xffff with the pseudo-header (RFC 8200 8.1). */
    static boolean packet6ChecksumOk(byte[] d) {
        int len = u16(d, 4);
        long sum = 89 + len;
        for (int i = 8; i < 40; i += 2) {
            sum += u16(d, i);
        }
        for (int i = 40; i < 40 + len; i += 2) {
            sum += i + 1 < 40 + len ? u16(d, i) : (d[i] & 0xff) << 8;
        }
        while (sum > 0xffff) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return sum == 0xffff;
    }

    /** The LSAs of an OSPFv3 Link State Update in IPv6 datagram {@code d} (empty for other types). */
    static List<byte[]> lsas6(byte[] d) {
        List<byte[]> out = new ArrayList<>();
        if (d[41] != 4) {
            return out;
        }
        int end = 40 + u16(d, 4);
        for (int o = 40 + 16 + 4; o + 20 <= end; ) {
            int l = u16(d, o + 18);
            out.add(Arrays.copyOfRange(d, o, o + l));
            o += l;
        }
        return out;
    }

    /**
     * Every LSA in the OSPF packets of {@code pcaps}, after checking each packet's checksum and
     * each LSA's Fletcher checksum by the test's own arithmetic.
     */
    static List<byte[]> checkedLsas(List<Path> pcaps) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (Path p : pcaps) {
            for (byte[] d : datagrams(p)) {
                assertThat(packetChecksumOk(d)).as("OSPF packet checksum in " + p.getFileName()).isTrue();
                for (byte[] l : lsas(d)) {
                    assertThat(fletcherOk(l)).as("LSA Fletcher checksum in " + p.getFileName()).isTrue();
                    out.add(l);
                }
            }
        }
        return out;
    }

    static int u16(byte[] d, int i) {
        return ((d[i] & 0xff) << 8) | (d[i + 1] & 0xff);
    }

    /** Whether the OSPF packet in {@code d} sums to 0xffff without its authentication field. */
    static boolean packetChecksumOk(byte[] d) {
        int o = (d[0] & 0x0f) * 4;
        int len = u16(d, o + 2);
        long sum = 0;
        for (int i = 0; i < len; i += 2) {
            if (i >= 16 && i < 24) {
                continue;
            }
            int hi = d[o + i] & 0xff;
            int lo = i + 1 < len ? d[o + i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return sum == 0xffff;
    }

    /** The LSAs of a Link State Update in {@code d} (empty for other types), as byte arrays. */
    static List<byte[]> lsas(byte[] d) {
        int o = (d[0] & 0x0f) * 4;
        List<byte[]> out = new ArrayList<>();
        if ((d[o + 1] & 0xff) != 4) {
            return out;
        }
        int n = ((d[o + 24] & 0xff) << 24) | ((d[o + 25] & 0xff) << 16) | ((d[o + 26] & 0xff) << 8) | (d[o + 27] & 0xff);
        int p = o + 28;
        for (int k = 0; k < n; k++) {
            int len = u16(d, p + 18);
            out.add(Arrays.copyOfRange(d, p, p + len));
            p += len;
        }
        return out;
    }

    /** ISO 8473 validation of an LSA's checksum. */
    static boolean fletcherOk(byte[] lsa) {
        int c0 = 0;
        int c1 = 0;
        for (int i = 2; i < lsa.length; i++) {
            c0 = (c0 + (lsa[i] & 0xff)) % 255;
            c1 = (c1 + c0) % 255;
        }
        return c0 == 0 && c1 == 0;
    }
}
