package dev.minternet.tools;

import dev.minternet.files.FilePolicy;
import dev.minternet.ip.NetInterface;
import dev.minternet.node.Node;
import dev.minternet.trace.PcapWriter;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.UdpPacket;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * tcpdump: captures the exact bytes crossing one interface, in both directions, from now until
 * the run ends (or -c packets). With -w FILE it writes a pcap (nanosecond timestamps,
 * LINKTYPE_RAW) that Wireshark opens; without it prints one line per packet as tcpdump -n does.
 */
public final class Tcpdump implements Tool {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    @Override
    public String name() {
        return "tcpdump";
    }

    @Override
    public String synopsis() {
        return "tcpdump -i interface [-w file] [-c count] [-n]";
    }

    @Override
    public List<FileArg> files(List<String> argv) {
        try {
            Args a = new Args(argv, "iwc", "nq");
            return a.has('w') ? List.of(new FileArg("-w", a.str('w', ""), true)) : List.of();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    @Override
    public void validate(List<String> argv) {
        new Args(argv, "iwc", "nq").integer('c', 0, 1, Integer.MAX_VALUE, "packet count");
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        Args a;
        try {
            a = new Args(argv, "iwc", "nq");
        } catch (IllegalArgumentException e) {
            term.println("tcpdump: " + e.getMessage());
            term.exit(1);
            return;
        }
        String ifName = a.str('i', null);
        NetInterface iface = ifName == null ? (node.ip().interfaces().isEmpty() ? null : node.ip().interfaces().get(0))
                : node.ip().iface(ifName);
        if (iface == null) {
            term.println("tcpdump: " + (ifName == null ? "no interfaces" : ifName + ": No such device exists"));
            term.exit(1);
            return;
        }
        int limit;
        try {
            limit = a.integer('c', 0, 1, Integer.MAX_VALUE, "packet count");
        } catch (IllegalArgumentException e) {
            term.println("tcpdump: " + e.getMessage());
            term.exit(1);
            return;
        }
        PcapWriter pcap = null;
        String file = a.str('w', null);
        if (file != null) {
            try {
                // under the output folder (FilePolicy); folders on the way are created there
                OutputStream os = term.files().create(file, true);
                pcap = new PcapWriter(os, node.world().epoch());
            } catch (IOException e) {
                term.println("tcpdump: " + file + ": " + FilePolicy.reason(e));
                term.exit(1);
                return;
            }
        }
        term.println("tcpdump: listening on " + iface.name() + ", link-type RAW (Raw IP), snapshot length 262144 bytes");
        new Capture(node, iface, pcap, limit, term).begin();
    }

    private static final class Capture implements NetInterface.Tap {
        final Node node;
        final NetInterface iface;
        final PcapWriter pcap;
        final int limit;
        final Terminal term;
        long captured;
        boolean done;

        Capture(Node node, NetInterface iface, PcapWriter pcap, int limit, Terminal term) {
            this.node = node;
            this.iface = iface;
            this.pcap = pcap;
            this.limit = limit;
            this.term = term;
        }

        void begin() {
            iface.addTap(this);
            term.onInterrupt(this::finish);
        }

        @Override
        public void packet(byte[] d, boolean outgoing) {
            if (done) {
                return;
            }
            captured++;
            if (pcap != null) {
                pcap.write(node.sim().now(), d, d.length);
            } else {
                term.println(summary(node.world().date(), d));
            }
            if (limit > 0 && captured >= limit) {
                finish();
            }
        }

        void finish() {
            if (done) {
                return;
            }
            done = true;
            iface.removeTap(this);
            if (pcap != null) {
                try {
                    pcap.close();
                } catch (UncheckedIOException e) {
                    term.println("tcpdump: " + e.getMessage());
                }
            }
            term.println(captured + " packet" + (captured == 1 ? "" : "s") + " captured");
            term.println(captured + " packet" + (captured == 1 ? "" : "s") + " received by filter");
            term.println("0 packets dropped by kernel");
            term.exit(0);
        }
    }

    /** One line in the style of tcpdump -n. */
    static String summary(Instant when, byte[] d) {
        StringBuilder sb = new StringBuilder(TIME.format(when)).append(" IP ");
        if (Ipv4Packet.check(d, 0, d.length) != null) {
            return sb.append("truncated-ip").toString();
        }
        int src = Ipv4Packet.src(d, 0);
        int dst = Ipv4Packet.dst(d, 0);
        int proto = Ipv4Packet.protocol(d, 0);
        int off = Ipv4Packet.headerLength(d, 0);
        int len = Ipv4Packet.payloadLength(d, 0);
        boolean firstFrag = Ipv4Packet.fragmentOffset(d, 0) == 0;
        String frag = Ipv4Packet.isFragment(d, 0)
                ? " (frag " + Ipv4Packet.identification(d, 0) + ":" + len + "@" + Ipv4Packet.fragmentOffset(d, 0)
                + (Ipv4Packet.moreFragments(d, 0) ? "+" : "") + ")"
                : "";
        if (proto == Ipv4Packet.PROTO_UDP && firstFrag && len >= 8) {
            sb.append(Ip4.str(src)).append('.').append(UdpPacket.srcPort(d, off)).append(" > ")
                    .append(Ip4.str(dst)).append('.').append(UdpPacket.dstPort(d, off)).append(": UDP, length ")
                    .append(UdpPacket.length(d, off) - 8);
        } else if (proto == Ipv4Packet.PROTO_ICMP && firstFrag && len >= 8) {
            sb.append(Ip4.str(src)).append(" > ").append(Ip4.str(dst)).append(": ICMP ");
            int type = IcmpPacket.type(d, off);
            int code = IcmpPacket.code(d, off);
            switch (type) {
                case IcmpPacket.ECHO_REQUEST, IcmpPacket.ECHO_REPLY -> sb.append(type == 8 ? "echo request" : "echo reply")
                        .append(", id ").append(IcmpPacket.identifier(d, off)).append(", seq ")
                        .append(IcmpPacket.sequence(d, off));
                case IcmpPacket.TIME_EXCEEDED -> sb.append(code == 0 ? "time exceeded in-transit" : "ip reassembly time exceeded");
                case IcmpPacket.DEST_UNREACHABLE -> {
                    int q = off + 8;
                    if (len >= 8 + 20 + 8 && code == IcmpPacket.CODE_PORT_UNREACHABLE) {
                        int qhl = (d[q] & 0xf) * 4;
                        sb.append(Ip4.str(Ipv4Packet.dst(d, q))).append(" udp port ")
                                .append(UdpPacket.dstPort(d, q + qhl)).append(" unreachable");
                    } else if (code == IcmpPacket.CODE_FRAGMENTATION_NEEDED) {
                        // the quote may be cut short: read its destination as zero-padded
                        sb.append(Ip4.str(Ipv4Packet.dst(java.util.Arrays.copyOfRange(d, q, q + 20), 0)))
                                .append(" unreachable - need to frag (mtu ").append(IcmpPacket.nextHopMtu(d, off)).append(')');
                    } else {
                        sb.append(IcmpPacket.describe(type, code));
                    }
                }
                default -> sb.append("type-#").append(type);
            }
            sb.append(", length ").append(len);
        } else {
            sb.append(Ip4.str(src)).append(" > ").append(Ip4.str(dst)).append(": ")
                    .append(proto == 6 ? "tcp" : "ip-proto-" + proto).append(' ').append(len);
        }
        return sb.append(frag).toString();
    }
}
