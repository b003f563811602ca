package dev.minternet.live;

import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.UdpPacket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A datagram's headers as the web view shows them when a packet is clicked, read with the
 * project's own wire views ({@code wire.Ipv4Packet}, {@code TcpPacket}, {@code UdpPacket},
 * {@code IcmpPacket}; DNS by dnsjava), field by field as Wireshark's tree lists them, and the
 * colour class of its protocol.
 */
final class PacketDecoder {
    private PacketDecoder() {
    }

    /** The protocol that colours a packet: dns, tls, http, icmp, udp, tcp, db, redis or ip. */
    static String protocol(byte[] d) {
        if (Ipv4Packet.check(d, 0, d.length) != null) {
            return "ip";
        }
        int p = Ipv4Packet.protocol(d, 0);
        int off = Ipv4Packet.headerLength(d, 0);
        boolean first = Ipv4Packet.fragmentOffset(d, 0) == 0;
        if (p == Ipv4Packet.PROTO_ICMP) {
            return "icmp";
        }
        if (p == Ipv4Packet.PROTO_UDP && first && d.length >= off + UdpPacket.HEADER) {
            return port(UdpPacket.srcPort(d, off), UdpPacket.dstPort(d, off), "udp");
        }
        if (p == Ipv4Packet.PROTO_TCP && first && d.length >= off + TcpPacket.MIN_HEADER) {
            return port(TcpPacket.srcPort(d, off), TcpPacket.dstPort(d, off), "tcp");
        }
        return "ip";
    }

    private static String port(int a, int b, String otherwise) {
        for (int p : new int[] {Math.min(a, b), Math.max(a, b)}) {
            switch (p) {
                case 53: return "dns";
                case 443: return "tls";
                case 80, 8080: return "http";
                case 5432: return "db";
                case 6379: return "redis";
                default: break;
            }
        }
        return otherwise;
    }

    /** One line: {@code TCP 192.168.1.10:40000 > 93.184.216.34:443 [SYN] len 0}. */
    static String summary(byte[] d) {
        if (Ipv4Packet.check(d, 0, d.length) != null) {
            return "IP (malformed) " + d.length + " bytes";
        }
        String src = Ip4.str(Ipv4Packet.src(d, 0));
        String dst = Ip4.str(Ipv4Packet.dst(d, 0));
        int off = Ipv4Packet.headerLength(d, 0);
        int len = Ipv4Packet.payloadLength(d, 0);
        int p = Ipv4Packet.protocol(d, 0);
        boolean first = Ipv4Packet.fragmentOffset(d, 0) == 0;
        if (p == Ipv4Packet.PROTO_TCP && first && len >= TcpPacket.MIN_HEADER) {
            return "TCP " + src + ":" + TcpPacket.srcPort(d, off) + " > " + dst + ":" + TcpPacket.dstPort(d, off) + " ["
                    + TcpPacket.flagString(TcpPacket.flags(d, off)) + "] len " + (len - TcpPacket.headerLength(d, off));
        }
        if (p == Ipv4Packet.PROTO_UDP && first && len >= UdpPacket.HEADER) {
            return "UDP " + src + ":" + UdpPacket.srcPort(d, off) + " > " + dst + ":" + UdpPacket.dstPort(d, off) + " len "
                    + (len - UdpPacket.HEADER);
        }
        if (p == Ipv4Packet.PROTO_ICMP && first && len >= IcmpPacket.HEADER) {
            return "ICMP " + src + " > " + dst + " " + IcmpPacket.describe(IcmpPacket.type(d, off), IcmpPacket.code(d, off));
        }
        return "IP " + src + " > " + dst + " proto " + Ipv4Packet.protocolName(p) + " len " + len;
    }

    /** A layer of the tree: its title and its fields as name, value pairs. */
    record Layer(String title, List<String[]> fields) {
    }

    /** The layers of {@code d}, outermost first. */
    static List<Layer> layers(byte[] d) {
        List<Layer> out = new ArrayList<>();
        String bad = Ipv4Packet.check(d, 0, d.length);
        if (bad != null) {
            out.add(new Layer("Malformed IPv4 datagram", List.<String[]>of(new String[] {"problem", bad})));
            return out;
        }
        List<String[]> ip = new ArrayList<>();
        int off = Ipv4Packet.headerLength(d, 0);
        int len = Ipv4Packet.payloadLength(d, 0);
        int proto = Ipv4Packet.protocol(d, 0);
        field(ip, "Version", Ipv4Packet.version(d, 0));
        field(ip, "Header Length", off + " bytes (" + off / 4 + ")");
        field(ip, "Differentiated Services", String.format(Locale.ROOT, "0x%02x", Ipv4Packet.tos(d, 0)));
        field(ip, "Total Length", Ipv4Packet.totalLength(d, 0));
        field(ip, "Identification", String.format(Locale.ROOT, "0x%04x (%d)", Ipv4Packet.identification(d, 0),
                Ipv4Packet.identification(d, 0)));
        field(ip, "Flags", (Ipv4Packet.dontFragment(d, 0) ? "Don't fragment" : "")
                + (Ipv4Packet.moreFragments(d, 0) ? " More fragments" : "").strip());
        field(ip, "Fragment Offset", Ipv4Packet.fragmentOffset(d, 0));
        field(ip, "Time to Live", Ipv4Packet.ttl(d, 0));
        field(ip, "Protocol", Ipv4Packet.protocolName(proto).toUpperCase(Locale.ROOT) + " (" + proto + ")");
        field(ip, "Header Checksum", String.format(Locale.ROOT, "0x%04x", Ipv4Packet.checksum(d, 0)));
        field(ip, "Source Address", Ip4.str(Ipv4Packet.src(d, 0)));
        field(ip, "Destination Address", Ip4.str(Ipv4Packet.dst(d, 0)));
        out.add(new Layer("Internet Protocol Version 4", ip));
        if (Ipv4Packet.fragmentOffset(d, 0) != 0) {
            return out;
        }
        if (proto == Ipv4Packet.PROTO_TCP && len >= TcpPacket.MIN_HEADER) {
            List<String[]> f = new ArrayList<>();
            field(f, "Source Port", TcpPacket.srcPort(d, off));
            field(f, "Destination Port", TcpPacket.dstPort(d, off));
            field(f, "Sequence Number (raw)", Integer.toUnsignedString(TcpPacket.seq(d, off)));
            field(f, "Acknowledgment Number (raw)", Integer.toUnsignedString(TcpPacket.ack(d, off)));
            field(f, "Header Length", TcpPacket.headerLength(d, off) + " bytes");
            field(f, "Flags", TcpPacket.flagString(TcpPacket.flags(d, off)));
            field(f, "Window", TcpPacket.window(d, off));
            field(f, "Checksum", String.format(Locale.ROOT, "0x%04x", TcpPacket.checksum(d, off)));
            field(f, "Urgent Pointer", TcpPacket.urgent(d, off));
            field(f, "Options", TcpPacket.optionsLength(d, off) + " bytes");
            field(f, "Payload", (len - TcpPacket.headerLength(d, off)) + " bytes");
            out.add(new Layer("Transmission Control Protocol", f));
        } else if (proto == Ipv4Packet.PROTO_UDP && len >= UdpPacket.HEADER) {
            List<String[]> f = new ArrayList<>();
            int sp = UdpPacket.srcPort(d, off);
            int dp = UdpPacket.dstPort(d, off);
            field(f, "Source Port", sp);
            field(f, "Destination Port", dp);
            field(f, "Length", UdpPacket.length(d, off));
            field(f, "Checksum", String.format(Locale.ROOT, "0x%04x", UdpPacket.checksum(d, off)));
            out.add(new Layer("User Datagram Protocol", f));
            if (sp == 53 || dp == 53) {
                dns(out, java.util.Arrays.copyOfRange(d, off + UdpPacket.HEADER, off + len));
            }
        } else if (proto == Ipv4Packet.PROTO_ICMP && len >= IcmpPacket.HEADER) {
            List<String[]> f = new ArrayList<>();
            field(f, "Type", IcmpPacket.type(d, off));
            field(f, "Code", IcmpPacket.code(d, off));
            field(f, "Meaning", IcmpPacket.describe(IcmpPacket.type(d, off), IcmpPacket.code(d, off)));
            out.add(new Layer("Internet Control Message Protocol", f));
        }
        return out;
    }

    private static void dns(List<Layer> out, byte[] payload) {
        List<String[]> f = new ArrayList<>();
        try {
            Message m = new Message(payload);
            field(f, "Transaction ID", String.format(Locale.ROOT, "0x%04x", m.getHeader().getID()));
            field(f, "Flags", m.getHeader().printFlags().strip() + " " + org.xbill.DNS.Rcode.string(m.getRcode()));
            if (m.getQuestion() != null) {
                field(f, "Query", m.getQuestion().getName() + " " + org.xbill.DNS.Type.string(m.getQuestion().getType()));
            }
            for (Record r : m.getSection(Section.ANSWER)) {
                field(f, "Answer", r.toString());
            }
        } catch (IOException e) {
            field(f, "problem", "not a DNS message: " + e.getMessage());
        }
        out.add(new Layer("Domain Name System", f));
    }

    private static void field(List<String[]> f, String name, Object value) {
        f.add(new String[] {name, String.valueOf(value)});
    }

    /** The bytes as a hex dump: offset, 16 bytes in hex, then as ASCII. */
    static String hex(byte[] d) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < d.length; i += 16) {
            b.append(String.format(Locale.ROOT, "%04x  ", i));
            StringBuilder ascii = new StringBuilder();
            for (int j = i; j < i + 16; j++) {
                if (j < d.length) {
                    b.append(String.format(Locale.ROOT, "%02x ", d[j] & 0xff));
                    char c = (char) (d[j] & 0xff);
                    ascii.append(c >= 0x20 && c < 0x7f ? c : '.');
                } else {
                    b.append("   ");
                }
            }
            b.append(' ').append(ascii).append('\n');
        }
        return b.toString();
    }

    /** A packet's details as JSON: summary, layers and hex. */
    static String json(PacketFeed.Packet p) {
        StringBuilder b = new StringBuilder("{\"id\":").append(p.id()).append(",\"summary\":")
                .append(Json.str(summary(p.bytes()))).append(",\"layers\":[");
        List<Layer> layers = layers(p.bytes());
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            b.append(i == 0 ? "" : ",").append("{\"title\":").append(Json.str(l.title())).append(",\"fields\":[");
            for (int j = 0; j < l.fields().size(); j++) {
                String[] kv = l.fields().get(j);
                b.append(j == 0 ? "" : ",").append('[').append(Json.str(kv[0])).append(',').append(Json.str(kv[1])).append(']');
            }
            b.append("]}");
        }
        return b.append("],\"hex\":").append(Json.str(hex(p.bytes()))).append('}').toString();
    }
}
