package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.wire.Mac;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code tcpdump -r FILE}: a capture file read back and printed as tcpdump prints one, with the
 * options and filter of the command line (pcap with micro- or nanosecond time stamps in either
 * byte order; LINKTYPE_ETHERNET, LINKTYPE_RAW and LINKTYPE_LINUX_SLL2, the three this world
 * writes). A cooked (-i any) capture names each interface by its index on the reading node, as
 * the real tcpdump does with if_indextoname.
 */
final class TcpdumpRead {
    private TcpdumpRead() {
    }

    /** The link types read, by number: tcpdump's name for each. */
    private static String linkName(int type) {
        return switch (type) {
            case 1 -> "EN10MB (Ethernet)";
            case 101 -> "RAW (Raw IP)";
            case 276 -> "LINUX_SLL2 (Linux cooked v2)";
            default -> null;
        };
    }

    /** Prints the packets of {@code file} (the bytes of the file named {@code name}) that the filters keep, at most {@code limit} (0: all). */
    static void print(Node node, String name, byte[] file, PcapFilter.Matcher raw, PcapFilter.Matcher frames, int limit,
                      TcpdumpText text, Terminal term) {
        if (file.length < 24) {
            term.println("tcpdump: " + name + ": file is too short to be a capture");
            term.exit(1);
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        boolean nanos;
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            nanos = magic == 0xa1b23c4d;
        } else if (Integer.reverseBytes(magic) == 0xa1b2c3d4 || Integer.reverseBytes(magic) == 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
            nanos = b.getInt(0) == 0xa1b23c4d;
        } else {
            term.println("tcpdump: " + name + ": unknown file format");
            term.exit(1);
            return;
        }
        int snap = b.getInt(16);
        int type = b.getInt(20) & 0x0fffffff;
        String link = linkName(type);
        if (link == null) {
            term.println("tcpdump: " + name + ": link-type " + type + " is not simulated (EN10MB, RAW and LINUX_SLL2 are)");
            term.exit(1);
            return;
        }
        term.println("reading from file " + name + ", link-type " + link + ", snapshot length " + snap);
        int at = 24;
        int shown = 0;
        while (at + 16 <= file.length && (limit == 0 || shown < limit)) {
            long sec = b.getInt(at) & 0xffffffffL;
            long frac = b.getInt(at + 4) & 0xffffffffL;
            int caplen = b.getInt(at + 8);
            int wire = Math.max(caplen, b.getInt(at + 12));
            if (caplen < 0 || at + 16 + caplen > file.length) {
                term.println("tcpdump: pcap_loop: truncated dump file; tried to read " + caplen + " captured bytes, only got "
                        + Math.max(0, file.length - at - 16));
                term.exit(1);
                return;
            }
            byte[] d = Arrays.copyOfRange(file, at + 16, at + 16 + caplen);
            at += 16 + caplen;
            Instant when = Instant.ofEpochSecond(sec, nanos ? frac : frac * 1000);
            List<String> lines = lines(node, type, d, wire, raw, frames, when, text);
            if (lines != null) {
                lines.forEach(term::println);
                shown++;
            }
        }
        term.exit(0);
    }

    /** Whether the filter keeps a record: one cut (-s) before a byte it reads is dropped, as BPF drops a load past the capture. */
    private static boolean keeps(PcapFilter.Matcher m, byte[] d) {
        try {
            return m.matches(d);
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** One record's lines, or null when the filter drops it. */
    private static List<String> lines(Node node, int type, byte[] d, int wire, PcapFilter.Matcher raw, PcapFilter.Matcher frames, Instant when,
                                      TcpdumpText text) {
        if (type == 1) {
            return keeps(frames, d) ? text.lines(when, d, wire, true, "") : null;
        }
        if (type == 101) {
            return keeps(raw, d) ? text.lines(when, d, wire, false, "") : null;
        }
        if (d.length < 20) { // a record cut inside its cooked header: kept by no filter but the empty one
            return keeps(raw, new byte[0]) ? text.cookedLines(when, d, wire, null, "") : null;
        }
        int protocol = ((d[0] & 0xff) << 8) | (d[1] & 0xff);
        int index = ByteBuffer.wrap(d, 4, 4).getInt();
        int hatype = ((d[8] & 0xff) << 8) | (d[9] & 0xff);
        int pkttype = d[10] & 0xff;
        byte[] payload = Arrays.copyOfRange(d, 20, d.length);
        byte[] frame = null;
        if (hatype == 1) { // an Ethernet interface's packet: the frame it came from, as far as the record tells it
            frame = new byte[14 + payload.length];
            if (protocol <= 1500) {
                Mac.write(frame, 0, Mac.STP_GROUP);
                frame[12] = (byte) (payload.length >> 8);
                frame[13] = (byte) payload.length;
            } else {
                frame[12] = (byte) (protocol >> 8);
                frame[13] = (byte) protocol;
            }
            if (d[11] == 6) {
                System.arraycopy(d, 12, frame, 6, 6);
            }
            System.arraycopy(payload, 0, frame, 14, payload.length);
            if (!keeps(frames, frame)) {
                return null;
            }
        } else if (!keeps(raw, payload)) {
            return null;
        }
        List<dev.minternet.ip.NetInterface> ifaces = node.ip().interfaces();
        String ifname = index == 1 ? "lo" : index >= 2 && index - 2 < ifaces.size() ? ifaces.get(index - 2).name() : "?";
        String dir = pkttype < 5 ? new String[] {"In", "B", "M", "P", "Out"}[pkttype] : "?";
        return text.cookedLines(when, d, wire, frame, String.format(Locale.ROOT, "%-5s %-3s ", ifname, dir));
    }
}
