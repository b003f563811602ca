package dev.minternet.tools;

import dev.minternet.files.FilePolicy;
import dev.minternet.ip.NetInterface;
import dev.minternet.node.Node;
import dev.minternet.trace.PcapWriter;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Mac;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * tcpdump: captures the exact bytes crossing one interface (or all of them with {@code -i any}),
 * in both directions, from now until the run ends (or -c packets), keeping those a pcap-filter
 * expression selects ({@link PcapFilter}). With -w FILE it writes a pcap (nanosecond timestamps,
 * LINKTYPE_RAW) that Wireshark opens; without it prints one line per packet as tcpdump 4.99
 * does ({@link TcpdumpLine}: DNS, HTTP, Redis, BGP and OSPF decoded by port and protocol as it
 * decodes them), addresses and ports by name unless {@code -n} ({@link TcpdumpNames}).
 */
public final class Tcpdump implements Tool {
    @Override
    public String name() {
        return "tcpdump";
    }

    @Override
    public String synopsis() {
        return "tcpdump [-D] [-i interface|any] [-w file | -r file] [-c count] [-s snaplen] [-n] [-q] [-v|-vv|-vvv] [-t...] [-e] [-S] [-X|-XX|-A] [expression]";
    }

    /** The flags taken: -n, -q, -t (up to five), -e, -S, -X (twice: -XX), -A, -v (up to -vvv; more count as three, as in tcpdump). */
    private static final String FLAGS = "nqteSXAvD";

    /** How many times flag {@code c} is given ({@code -tttt}, {@code -t -t}). */
    static int count(List<String> argv, char c) {
        return count(argv, c, FLAGS);
    }

    /** The same, counting in the clusters made of {@code letters} alone. */
    private static int count(List<String> argv, char c, String letters) {
        int n = 0;
        for (String a : argv) {
            if (a.length() > 1 && a.charAt(0) == '-' && a.chars().skip(1).allMatch(x -> letters.indexOf(x) >= 0)) {
                n += (int) a.chars().filter(x -> x == c).count();
            }
        }
        return n;
    }

    @Override
    public List<FileArg> files(List<String> argv) {
        try {
            Args a = new Args(longOptions(argv), "iwcrs", FLAGS);
            List<FileArg> out = new ArrayList<>();
            if (a.has('w')) {
                out.add(new FileArg("-w", a.str('w', ""), true));
            }
            if (a.has('r')) {
                out.add(new FileArg("-r", a.str('r', ""), false));
            }
            return out;
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    @Override
    public void validate(List<String> argv) {
        Args a = parse(argv);
        a.integer('c', 0, 1, Integer.MAX_VALUE, "packet count");
        snaplen(a);
    }

    /** getopt_long's {@code --snapshot-length N} and {@code --snapshot-length=N} (or a prefix of it, {@code --s} on) as {@code -s N}. */
    static List<String> longOptions(List<String> argv) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--")) {
                out.addAll(argv.subList(i, argv.size()));
                break;
            }
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (name.length() >= 3 && name.startsWith("--") && "--snapshot-length".startsWith(name)) {
                if (a.contains("=")) {
                    out.add("-s");
                    out.add(a.substring(a.indexOf('=') + 1));
                } else if (i + 1 < argv.size()) {
                    out.add("-s");
                    out.add(argv.get(++i));
                } else {
                    throw new IllegalArgumentException("option '--snapshot-length' requires an argument");
                }
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * -s: the snapshot length, read as tcpdump.c reads it (strtol base 0: decimal, 0x hex, 0 octal,
     * leading blanks and a sign; nothing after), 0 meaning libpcap's 262144.
     */
    static int snaplen(Args a) {
        if (!a.has('s')) {
            return PcapWriter.SNAPLEN;
        }
        String v = a.str('s', "");
        String bad = "invalid snaplen " + v + " (must be >= 0 and <= " + PcapWriter.SNAPLEN + ")";
        String t = v.stripLeading();
        boolean negative = t.startsWith("-");
        if (t.startsWith("-") || t.startsWith("+")) {
            t = t.substring(1);
        }
        int radix = 10;
        if (t.length() > 2 && (t.startsWith("0x") || t.startsWith("0X"))) {
            radix = 16;
            t = t.substring(2);
        } else if (t.length() > 1 && t.startsWith("0")) {
            radix = 8;
        }
        long n;
        try {
            if (t.isEmpty() || !Character.isLetterOrDigit(t.charAt(0)) || t.length() > 12) {
                throw new NumberFormatException();
            }
            n = Long.parseLong(t, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(bad);
        }
        if (negative) {
            n = -n;
        }
        if (n < 0 || n > PcapWriter.SNAPLEN) {
            throw new IllegalArgumentException(bad);
        }
        return n == 0 ? PcapWriter.SNAPLEN : (int) n;
    }

    /** The options, with tcpdump's own refusal of more than five -t. */
    private static Args parse(List<String> argv) {
        if (count(argv, 't') > 5) {
            throw new IllegalArgumentException("only -t, -tt, -ttt, -tttt and -ttttt are supported");
        }

        return new Args(longOptions(argv), "iwcrs", FLAGS);
    }

    /**
     * -D: the devices libpcap 1.10 finds on a Debian machine, numbered as tcpdump lists them, in
     * pcap_findalldevs's order (its figure of merit, ties in the order found): interfaces that are
     * up and running, {@code any}, {@code lo}, those without carrier, then the pseudo-devices of
     * Debian's libpcap (Bluetooth monitor, netfilter log and queue, D-Bus). A Wi-Fi station
     * ({@code wlanN}) is wireless and associated while its link is up.
     */
    private static void devices(Node node, Terminal term) {
        record Dev(String name, String flags, int merit) {
        }
        List<Dev> found = new ArrayList<>();
        found.add(new Dev("lo", "[Up, Running, Loopback]", 0x10000000));
        for (NetInterface i : node.ip().interfaces()) {
            boolean wireless = i.name().startsWith("wlan");
            String flags = i.isUp() ? "Up, Running" + (wireless ? ", Wireless, Associated" : ", Connected")
                    : "Up" + (wireless ? ", Wireless, Not associated" : ", Disconnected");
            found.add(new Dev(i.name(), "[" + flags + "]", i.isUp() ? 0 : wireless ? 0x80000000 : 0xa0000000));
        }
        found.add(new Dev("any (Pseudo-device that captures on all interfaces)", "[Up, Running]", 0x08000000));
        for (String pseudo : List.of("bluetooth-monitor (Bluetooth Linux Monitor) [Wireless]", "nflog (Linux netfilter log (NFLOG) interface) [none]",
                "nfqueue (Linux netfilter queue (NFQUEUE) interface) [none]", "dbus-system (D-Bus system bus) [none]",
                "dbus-session (D-Bus session bus) [none]")) {
            int cut = pseudo.lastIndexOf(" [");
            found.add(new Dev(pseudo.substring(0, cut), pseudo.substring(cut + 1), 0xc0000000));
        }
        List<Dev> sorted = new ArrayList<>(found);
        sorted.sort(java.util.Comparator.comparingLong(dv -> dv.merit() & 0xffffffffL)); // stable: ties stay in the order found
        for (int k = 0; k < sorted.size(); k++) {
            term.println((k + 1) + "." + sorted.get(k).name() + " " + sorted.get(k).flags());
        }
        term.exit(0);
    }

    /** -r FILE: a capture read back (what a -w of this run wrote, or a file of the scenario's folder), printed at once. */
    private static void read(Node node, Args a, List<String> argv, Terminal term) {
        String file = a.str('r', "");
        if (a.has('w')) {
            term.println("tcpdump: -r with -w (copying a capture) is not simulated");
            term.exit(1);
            return;
        }
        PcapFilter.Matcher raw;
        PcapFilter.Matcher frames;
        int limit;
        try {
            limit = a.integer('c', 0, 1, Integer.MAX_VALUE, "packet count");
            raw = PcapFilter.compile(a.operands, name -> node.world().resolve(name));
            frames = PcapFilter.compileForFrames(a.operands, name -> node.world().resolve(name));
        } catch (IllegalArgumentException | PcapFilter.FilterException e) {
            term.println("tcpdump: " + e.getMessage());
            term.exit(1);
            return;
        }
        byte[] bytes;
        try {
            bytes = term.files().readWritten(file);
        } catch (java.nio.file.NoSuchFileException e) {
            term.println("tcpdump: " + file + ": No such file or directory");
            term.exit(1);
            return;
        } catch (IOException e) {
            term.println("tcpdump: " + file + ": " + FilePolicy.reason(e));
            term.exit(1);
            return;
        }
        TcpdumpText text = new TcpdumpText(new TcpdumpLine(a.has('n') ? TcpdumpNames.NUMERIC : TcpdumpNames.of(node), a.has('q'),
                a.has('S'), Math.min(3, count(argv, 'v'))), new TcpdumpText.Options(Math.min(5, count(argv, 't')), a.has('e'),
                Math.min(2, count(argv, 'X')), a.has('A')));
        TcpdumpRead.print(node, file, bytes, raw, frames, limit, text, term);
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        Args a;
        try {
            a = parse(argv);
        } catch (IllegalArgumentException e) {
            term.println("tcpdump: " + e.getMessage());
            term.exit(1);
            return;
        }
        if (a.has('r')) {
            read(node, a, argv, term);
            return;
        }
        if (a.has('D')) {
            devices(node, term);
            return;
        }
        String ifName = a.str('i', null);
        boolean any = "any".equals(ifName);
        List<NetInterface> ifaces = any ? node.ip().interfaces()
                : ifName == null ? (node.ip().interfaces().isEmpty() ? List.of() : List.of(node.ip().interfaces().get(0)))
                : node.ip().iface(ifName) == null ? List.of() : List.of(node.ip().iface(ifName));
        boolean lo = any || "lo".equals(ifName); // the loopback: Ethernet with zero MACs alone, "lo In" under any
        if (ifaces.isEmpty() && !lo) {
            term.println("tcpdump: " + (ifName == null ? "no interfaces" : ifName + ": No such device exists"));
            if (ifName != null) {
                term.println("(No such device exists)"); // pcap_activate's error, then its text again in parentheses
            }
            term.exit(1);
            return;
        }
        int limit;
        int snaplen;
        PcapFilter.Matcher filter;
        PcapFilter.Matcher frameFilter;
        try {
            limit = a.integer('c', 0, 1, Integer.MAX_VALUE, "packet count");
            snaplen = snaplen(a);
            filter = (ifaces.isEmpty() || ifaces.get(0).isEthernet()) && !any
                    ? PcapFilter.compileForFrames(a.operands, name -> node.world().resolve(name))
                    : PcapFilter.compile(a.operands, name -> node.world().resolve(name));
            // -i any: an Ethernet interface's frames are judged as frames (arp, ip6, ether), a raw link's datagrams as datagrams
            frameFilter = any ? PcapFilter.compileForFrames(a.operands, name -> node.world().resolve(name)) : filter;
        } catch (IllegalArgumentException | PcapFilter.FilterException e) {
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
                pcap = new PcapWriter(os, node.world().epoch(), any ? PcapWriter.LINKTYPE_LINUX_SLL2
                        : ifaces.isEmpty() ? PcapWriter.LINKTYPE_ETHERNET : ifaces.get(0).linkType(), snaplen);
            } catch (IOException e) {
                term.println("tcpdump: " + file + ": " + FilePolicy.reason(e));
                term.exit(1);
                return;
            }
        }
        String link = any ? "LINUX_SLL2 (Linux cooked v2)"
                : !any && (ifaces.isEmpty() || ifaces.get(0).isEthernet()) ? "EN10MB (Ethernet)" : "RAW (Raw IP)";
        String listening = "listening on " + (any ? "any" : ifaces.isEmpty() ? "lo" : ifaces.get(0).name()) + ", link-type " + link
                + ", snapshot length " + snaplen + " bytes";
        if (pcap == null && !a.has('v')) { // tcpdump.c: the hint only without -v and -w, else its name before the line
            term.println("tcpdump: verbose output suppressed, use -v[v]... for full protocol decode");
            term.println(listening);
        } else {
            term.println("tcpdump: " + listening);
        }
        TcpdumpLine line = new TcpdumpLine(a.has('n') ? TcpdumpNames.NUMERIC : TcpdumpNames.of(node), a.has('q'), a.has('S'), Math.min(3, count(argv, 'v')));
        TcpdumpText.Options shape = new TcpdumpText.Options(Math.min(5, count(argv, 't')), a.has('e'), Math.min(2, count(argv, 'X')),
                a.has('A'));
        new Capture(node, ifaces, lo, any, pcap, filter, frameFilter, limit, snaplen, term, new TcpdumpText(line, shape)).begin();
    }

    /**
     * The captures printing on each node's terminal now: when there are several, each line names
     * its interface and direction as {@code tcpdump -i any} does, so the lines can be told apart.
     */
    private static final Map<Node, List<Capture>> PRINTING = new WeakHashMap<>();

    private static final class Capture {
        final Node node;
        final List<NetInterface> ifaces;
        final boolean any;
        final PcapWriter pcap;
        final PcapFilter.Matcher filter;
        /** Under -i any, the filter for an Ethernet interface's frames. */
        final PcapFilter.Matcher frameFilter;
        final int limit;
        /** -s: the bytes of each packet kept (from its link-layer header on), the rest printed or written as cut short. */
        final int snaplen;
        final Terminal term;
        final TcpdumpText text;
        final List<NetInterface.Tap> taps = new ArrayList<>();
        /** The tap on lo, when the capture watches it. */
        final java.util.function.Consumer<byte[]> loTap;
        long captured;
        long matched;
        boolean done;

        Capture(Node node, List<NetInterface> ifaces, boolean lo, boolean any, PcapWriter pcap, PcapFilter.Matcher filter,
                PcapFilter.Matcher frameFilter, int limit, int snaplen, Terminal term, TcpdumpText text) {
            this.snaplen = snaplen;
            this.frameFilter = frameFilter;
            this.node = node;
            this.text = text;
            this.loTap = lo ? this::loopback : null;
            this.ifaces = ifaces;
            this.any = any;
            this.pcap = pcap;
            this.filter = filter;
            this.limit = limit;
            this.term = term;
        }

        void begin() {
            for (NetInterface i : ifaces) {
                NetInterface.Tap t = (d, outgoing) -> packet(i, d, outgoing);
                taps.add(t);
                i.addTap(t);
            }
            if (loTap != null) {
                node.ip().lo().addTap(loTap);
            }
            if (pcap == null) {
                PRINTING.computeIfAbsent(node, n -> new ArrayList<>()).add(this);
            }
            term.onInterrupt(this::finish);
        }

        /** A datagram through lo: once, as the loopback device shows it (under any, as received). */
        void loopback(byte[] d) {
            if (any) {
                // libpcap keeps lo's packets once, as received: Linux's loopback (ARPHRD_LOOPBACK), a zero address
                if (!done && filter.matches(d)) {
                    cooked("lo", 1, 772, 0, "In", 0, 6, (d[0] >> 4) == 6 ? 0x86dd : 0x0800, d, null);
                }
                return;
            }
            byte[] f = new byte[14 + d.length]; // Ethernet II with zero addresses, as Linux's loopback frames
            f[12] = (byte) ((d[0] >> 4) == 6 ? 0x86 : 0x08);
            f[13] = (byte) ((d[0] >> 4) == 6 ? 0xdd : 0x00);
            System.arraycopy(d, 0, f, 14, d.length);
            packet("lo", true, f, false);
        }

        void packet(NetInterface iface, byte[] d, boolean outgoing) {
            if (done) {
                return;
            }
            if (any) {
                // -i any: Linux's cooked capture (SLL2), each packet from its network header with the interface's
                // index, its link type, the packet's direction and the sender's link-layer address
                int index = node.ip().interfaces().indexOf(iface) + 2;
                if (iface.isEthernet()) {
                    if (!frameFilter.matches(d) || d.length < EthernetFrame.HEADER) {
                        return;
                    }
                    long dst = EthernetFrame.dst(d);
                    int type = EthernetFrame.type(d);
                    int pkttype = outgoing ? 4 : dst == Mac.BROADCAST ? 1 : Mac.isMulticast(dst) ? 2 : 0;
                    cooked(iface.name(), index, 1, pkttype, new String[] {"In", "B", "M", "P", "Out"}[pkttype], EthernetFrame.src(d), 6,
                            type <= 1500 ? 4 : type, java.util.Arrays.copyOfRange(d, EthernetFrame.HEADER, d.length), d);
                } else if (filter.matches(d)) { // a raw link: no link-layer header (ARPHRD_NONE, as a tunnel's)
                    cooked(iface.name(), index, 0xfffe, outgoing ? 4 : 0, outgoing ? "Out" : "In", 0, 0,
                            d.length > 0 && (d[0] >> 4 & 0xf) == 6 ? 0x86dd : 0x0800, d, null);
                }
                return;
            }
            packet(iface.name(), iface.isEthernet(), d, outgoing);
        }

        /** One packet of -i any: the cooked record written or printed ({@code frame}: the Ethernet frame it came from, or null). */
        void cooked(String iface, int index, int hatype, int pkttype, String dir, long mac, int halen, int protocol, byte[] payload,
                    byte[] frame) {
            if (done) {
                return;
            }
            byte[] rec = new byte[20 + payload.length];
            rec[0] = (byte) (protocol >> 8);
            rec[1] = (byte) protocol;
            rec[4] = (byte) (index >> 24);
            rec[5] = (byte) (index >> 16);
            rec[6] = (byte) (index >> 8);
            rec[7] = (byte) index;
            rec[8] = (byte) (hatype >> 8);
            rec[9] = (byte) hatype;
            rec[10] = (byte) pkttype;
            rec[11] = (byte) halen;
            if (halen == 6) {
                Mac.write(rec, 12, mac);
            }
            System.arraycopy(payload, 0, rec, 20, payload.length);
            matched++;
            captured++;
            if (pcap != null) {
                pcap.write(node.sim().now(), rec, rec.length);
            } else if (rec.length > snaplen) { // what a cut record holds: its header and the network packet's first bytes
                byte[] cut = java.util.Arrays.copyOf(rec, snaplen);
                byte[] cutFrame = frame == null || snaplen < 20 ? null : java.util.Arrays.copyOf(frame, EthernetFrame.HEADER + snaplen - 20);
                text.cookedLines(node.world().date(), cut, rec.length, cutFrame, String.format(Locale.ROOT, "%-5s %-3s ", iface, dir))
                        .forEach(term::println);
            } else {
                text.cookedLines(node.world().date(), rec, frame, String.format(Locale.ROOT, "%-5s %-3s ", iface, dir))
                        .forEach(term::println);
            }
            if (limit > 0 && captured >= limit) {
                finish();
            }
        }

        /** A packet that passed the interface's own treatment ({@code frame}: an Ethernet frame to print as one). */
        void packet(String iface, boolean frame, byte[] d, boolean outgoing) {
            if (done || !filter.matches(d)) {
                return;
            }
            matched++;
            captured++;
            if (pcap != null) {
                pcap.write(node.sim().now(), d, d.length);
            } else {
                // tcpdump -i any: the interface (five columns) and In or Out after the time
                String named = any || PRINTING.getOrDefault(node, List.of()).size() > 1
                        ? String.format(Locale.ROOT, "%-5s %-3s ", iface, outgoing ? "Out" : "In") : "";
                byte[] kept = d.length > snaplen ? java.util.Arrays.copyOf(d, snaplen) : d;
                text.lines(node.world().date(), kept, d.length, frame, named).forEach(term::println);
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
            for (int k = 0; k < ifaces.size(); k++) {
                ifaces.get(k).removeTap(taps.get(k));
            }
            if (loTap != null) {
                node.ip().lo().removeTap(loTap);
            }
            List<Capture> p = PRINTING.get(node);
            if (p != null) {
                p.remove(this);
                if (p.isEmpty()) {
                    PRINTING.remove(node);
                }
            }
            if (pcap != null) {
                try {
                    pcap.close();
                } catch (UncheckedIOException e) {
                    term.println("tcpdump: " + e.getMessage());
                }
            }
            term.println(captured + " packet" + (captured == 1 ? "" : "s") + " captured");
            term.println(matched + " packet" + (matched == 1 ? "" : "s") + " received by filter");
            term.println("0 packets dropped by kernel");
            term.exit(0);
        }
    }
}
