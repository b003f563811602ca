package dev.minternet.tools;

import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Mac;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What tcpdump 4.99 prints for each packet around the protocol line ({@link TcpdumpLine}): the
 * time stamp as {@code -t} asks (none; {@code -tt} seconds since the epoch; {@code -ttt} since
 * the packet before; {@code -tttt} with the date; {@code -ttttt} since the first packet), with
 * {@code -e} the link-level header ({@code src > dst, ethertype IPv4 (0x0800), length 98: }, an
 * 802.1Q tag's VLAN and priority, the LLC header of a BPDU, {@code ip: } on a raw link), and with
 * {@code -X}/{@code -XX}/{@code -A} the packet's bytes after the line (print-ascii.c: from the
 * network header on, or the whole frame with {@code -XX}).
 */
final class TcpdumpText {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    /** The options that shape the text: -t (0 to 5 of them counted as tcpdump's tflag), -e, -X (1, or 2 for -XX), -A. */
    record Options(int t, boolean e, int x, boolean ascii) {
        static final Options DEFAULT = new Options(0, false, 0, false);
    }

    private final TcpdumpLine line;
    private final Options opt;
    /** The time of the packet before (-ttt) or the first (-ttttt), in microseconds; -1 before any. */
    private long base = -1;

    TcpdumpText(TcpdumpLine line, Options opt) {
        this.line = line;
        this.opt = opt;
    }

    /**
     * The lines for one packet: {@code frame} an Ethernet frame (else a raw link's datagram);
     * {@code any} what {@code -i any} inserts after the time (the interface and direction), or "".
     */
    List<String> lines(Instant when, byte[] d, boolean frame, String any) {
        return lines(when, d, d.length, frame, any);
    }

    /** The same for a packet of {@code wire} bytes of which {@code d} holds the first ones (cut by -s). */
    List<String> lines(Instant when, byte[] d, int wire, boolean frame, String any) {
        String body = frame ? line.frameBody(d, wire) : line.body(d);
        if (frame && d.length < EthernetFrame.HEADER) {
            return dump(stamp(when) + any + body, d, 0);
        }
        if (opt.e()) {
            // -e leaves out the protocol's name, also before the datagram an ICMP error quotes (-v)
            body = (frame ? ethernet(d, wire, body) : raw(body)).replace("\n\tIP (", "\n\t(");
        }
        String first = stamp(when) + any + body;
        // the link-level header tcpdump leaves out of the dump: Ethernet's, with a VLAN tag, or with 802.2's LLC (a BPDU's)
        int skip = !frame || opt.x() == 2 ? 0 : EthernetFrame.HEADER + (EthernetFrame.tagged(d) ? EthernetFrame.TAG
                : EthernetFrame.type(d) < 0x0600 ? 3 : 0);
        // a printer that stops at the end of the data by longjmp (print-ospf.c's) makes print.c dump the whole packet
        if (body.contains(" [|ospf2]")) {
            skip = 0;
        }
        return dump(first, d, skip);
    }

    /**
     * The lines for one packet of {@code -i any} (print-sll.c's sll2_if_print): {@code sll2} the Linux
     * cooked v2 record (its 20-byte header, then the packet from the network layer on), {@code
     * frame} the Ethernet frame it was made from (null: from a raw link or lo, the record's
     * datagram is printed); {@code prefix} the interface and direction; {@code -e} adds the
     * record's interface index, link-layer address, protocol and length.
     */
    List<String> cookedLines(Instant when, byte[] sll2, byte[] frame, String prefix) {
        return cookedLines(when, sll2, sll2.length, frame, prefix);
    }

    /** The same for a record of {@code wire} bytes of which {@code sll2} holds the first ones (cut by -s). */
    List<String> cookedLines(Instant when, byte[] sll2, int wire, byte[] frame, String prefix) {
        if (sll2.length < 20) { // cut by -s inside the cooked header: print-sll.c knows no interface or direction
            return dump(stamp(when) + " [|sll2]", sll2, 0);
        }
        String body = frame != null ? line.frameBody(frame, wire - 20 + EthernetFrame.HEADER)
                : line.body(java.util.Arrays.copyOfRange(sll2, 20, sll2.length));
        int protocol = ((sll2[0] & 0xff) << 8) | (sll2[1] & 0xff);
        if (opt.e()) {
            StringBuilder h = new StringBuilder("ifindex ")
                    .append(((sll2[4] & 0xffL) << 24) | ((sll2[5] & 0xff) << 16) | ((sll2[6] & 0xff) << 8) | (sll2[7] & 0xff)).append(' ');
            if (sll2[11] == 6) {
                h.append(line.names().mac(Mac.read(sll2, 12))).append(' ');
            }
            h.append(protocol <= 1500 ? (protocol == 4 ? "802.2" : protocol == 1 ? "802.3" : String.format(Locale.ROOT,
                    "ethertype Unknown (0x%04x)", protocol)) : "ethertype " + typeName(protocol)).append(", length ").append(wire)
                    .append(": ");
            body = (h + unnamed(body)).replace("\n\tIP (", "\n\t(");
        }
        // the dump starts at the network layer (after 802.2's LLC for a BPDU), or at the record with -XX
        return dump(stamp(when) + prefix + body, sll2, opt.x() == 2 ? 0 : protocol == 4 ? 23 : 20);
    }

    /** The first line (with -v's further lines), then the bytes from {@code skip} on as -X, -XX or -A asks. */
    private List<String> dump(String first, byte[] d, int skip) {
        List<String> out = new ArrayList<>();
        if (opt.x() > 0) {
            out.addAll(List.of(first.split("\n", -1))); // -v's lines, then the dump
            hex(out, d, Math.min(skip, d.length));
        } else if (opt.ascii()) {
            // print-ascii.c's ascii_print: a newline first, then every byte (CR printed only inside a line)
            StringBuilder sb = new StringBuilder(first).append('\n');
            for (int i = Math.min(skip, d.length); i < d.length; i++) {
                int c = d[i] & 0xff;
                if (c == '\r') {
                    if (d.length - i - 1 > 1 && d[i + 1] != '\n') {
                        sb.append('.');
                    }
                } else if ((c > 0x20 && c < 0x7f) || c == '\t' || c == ' ' || c == '\n') {
                    sb.append((char) c);
                } else {
                    sb.append('.');
                }
            }
            for (String l : sb.toString().split("\n", -1)) {
                out.add(l);
            }
        } else {
            out.addAll(List.of(first.split("\n", -1)));
        }
        return out;
    }

    /** The time stamp and its space, as -t, -tt, -ttt, -tttt and -ttttt print it. */
    String stamp(Instant when) {
        long us = when.getEpochSecond() * 1_000_000L + when.getNano() / 1000;
        switch (opt.t()) {
            case 1:
                return "";
            case 2:
                return String.format(Locale.ROOT, "%d.%06d ", us / 1_000_000L, us % 1_000_000L);
            case 3, 5: {
                if (base < 0) {
                    base = us;
                }
                long delta = us - base;
                if (opt.t() == 3) {
                    base = us;
                }
                long s = delta / 1_000_000L;
                return String.format(Locale.ROOT, " %02d:%02d:%02d.%06d ", s / 3600, s % 3600 / 60, s % 60, delta % 1_000_000L);
            }
            case 4:
                return DATE.format(when) + " ";
            default:
                return TIME.format(when) + " ";
        }
    }

    /** -e on Ethernet (print-ether.c): the addresses, the type, the frame's length, then the packet without its protocol's name. */
    private String ethernet(byte[] f, int wire, String body) {
        TcpdumpNames names = line.names();
        StringBuilder sb = new StringBuilder();
        sb.append(names.mac(Mac.read(f, 6))).append(" > ").append(names.mac(Mac.read(f, 0))).append(", ");
        int type = EthernetFrame.type(f);
        if (type < 0x0600) { // 802.3 with LLC: spanning tree's BPDUs
            return sb.append("802.3, length ").append(type) // the length field: what follows the header, padding aside
                    .append(": LLC, dsap STP (0x42) Individual, ssap STP (0x42) Command, ctrl 0x03: ").append(body).toString();
        }
        sb.append("ethertype ").append(typeName(type)).append(", length ").append(wire).append(": ");
        if (EthernetFrame.tagged(f)) {
            int inner = ((f[16] & 0xff) << 8) | (f[17] & 0xff);
            sb.append("vlan ").append(EthernetFrame.vid(f)).append(", p ").append((f[14] & 0xff) >> 5).append(", ethertype ")
                    .append(typeName(inner)).append(", ");
        }
        return sb.append(unnamed(body)).toString();
    }

    /** -e on a raw link (print-raw.c). */
    private static String raw(String body) {
        return "ip: " + unnamed(body);
    }

    /** The packet's text without the protocol's name, which -e's type has said. */
    private static String unnamed(String body) {
        for (String p : new String[] {"IP ", "IP6 ", "ARP, "}) {
            if (body.startsWith(p)) {
                return body.substring(p.length());
            }
        }
        return body;
    }

    private static String typeName(int type) {
        String n = switch (type) {
            case EthernetFrame.TYPE_IPV4 -> "IPv4";
            case EthernetFrame.TYPE_ARP -> "ARP";
            case EthernetFrame.TYPE_IPV6 -> "IPv6";
            case 0x8100 -> "802.1Q";
            default -> "Unknown";
        };
        return n + String.format(Locale.ROOT, " (0x%04x)", type);
    }

    /** hex_and_ascii_print_with_offset: 16 bytes a line, "\t0x0000:  4500 003c ...  E..<....". */
    private static void hex(List<String> out, byte[] d, int from) {
        for (int off = from; off < d.length; off += 16) {
            StringBuilder hex = new StringBuilder();
            StringBuilder ascii = new StringBuilder();
            int end = Math.min(d.length, off + 16);
            for (int i = off; i < end; i += 2) {
                hex.append(' ').append(String.format(Locale.ROOT, "%02x", d[i] & 0xff));
                if (i + 1 < end) {
                    hex.append(String.format(Locale.ROOT, "%02x", d[i + 1] & 0xff));
                }
            }
            for (int i = off; i < end; i++) {
                int c = d[i] & 0xff;
                ascii.append(c > 0x20 && c < 0x7f ? (char) c : '.');
            }
            out.add(String.format(Locale.ROOT, "\t0x%04x: %-40s  %s", off - from, hex, ascii));
        }
    }
}
