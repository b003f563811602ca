package dev.minternet.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assertions;

/**
 * Reads the pcap files {@code PcapWriter} writes (little-endian, nanosecond magic, LINKTYPE_RAW)
 * record by record, so that tests can pick which captures to hand to tshark: a digest of a
 * capture's datagrams without order or timestamps (the two ends of a link capture the same ones),
 * whether it holds TCP or IP fragments (which tshark reassembles), and a merge of captures
 * without either into one file.
 */
public final class PcapFiles {
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    /** One captured datagram: its 16-byte record header and the bytes. */
    public record Packet(byte[] recordHeader, byte[] data) {
        boolean ipv6() {
            return (data[0] & 0xf0) == 0x60;
        }

        /** The IPv4 protocol or the IPv6 (first) next header: 6 TCP, 17 UDP, 1 ICMP, 44 an IPv6 fragment. */
        public int protocol() {
            return (ipv6() ? data[6] : data[9]) & 0xff;
        }

        /** A fragment: IPv4 more fragments or a non-zero offset; an IPv6 fragment header. */
        public boolean fragment() {
            if (ipv6()) {
                return protocol() == 44;
            }
            return ((data[6] & 0x20) != 0) || (((data[6] & 0x1f) << 8 | (data[7] & 0xff)) != 0);
        }
    }

    private PcapFiles() {
    }

    /** The captures (.pcap files) a run wrote into {@code dir}, by name. */
    public static List<Path> in(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The packets of {@code pcap}, in order. */
    public static List<Packet> packets(Path pcap) {
        ByteBuffer b = ByteBuffer.wrap(read(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < FILE_HEADER || b.getInt(0) != 0xa1b23c4d) {
            Assertions.fail(pcap + ": not a nanosecond little-endian pcap file");
        }
        b.position(FILE_HEADER);
        List<Packet> out = new ArrayList<>();
        while (b.remaining() >= RECORD_HEADER) {
            byte[] h = new byte[RECORD_HEADER];
            b.get(h);
            int len = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
            byte[] d = new byte[len];
            b.get(d);
            out.add(new Packet(h, d));
        }
        if (b.hasRemaining()) {
            Assertions.fail(pcap + ": " + b.remaining() + " bytes after the last whole record");
        }
        return out;
    }

    /**
     * A digest of the datagrams a capture holds, whatever their order and timestamps: the two ends
     * of a link agree on it (each direction is first in, first out, so only the interleaving of
     * the two directions and the times differ).
     */
    public static String packetDigest(List<Packet> packets) {
        try {
            List<String> each = new ArrayList<>();
            for (Packet p : packets) {
                each.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(p.data())));
            }
            Collections.sort(each);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            each.forEach(h -> md.update(h.getBytes(StandardCharsets.US_ASCII)));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Writes the packets of {@code sources} into one file {@code to}, with the first source's file header. */
    public static Path merge(List<Path> sources, Path to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(read(sources.get(0)), 0, FILE_HEADER);
        for (Path s : sources) {
            for (Packet p : packets(s)) {
                out.writeBytes(p.recordHeader());
                out.writeBytes(p.data());
            }
        }
        try {
            return Files.write(to, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
