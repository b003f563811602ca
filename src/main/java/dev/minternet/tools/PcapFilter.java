package dev.minternet.tools;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.Ipv6Fragment;
import dev.minternet.wire.Ipv6Packet;
import dev.minternet.wire.Mac;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * A capture filter in pcap-filter(7)'s language, for the IPv4 and IPv6 packets a capture sees: the
 * primitives {@code host}, {@code net} (CIDR, {@code net N mask M}, or the dotted-prefix form
 * {@code net 10.0}), {@code port} and {@code portrange} with the {@code src}/{@code dst} (and
 * {@code src or dst}, {@code src and dst}) directions and a {@code tcp}/{@code udp} protocol
 * before them, the protocols {@code ip}, {@code tcp}, {@code udp}, {@code icmp} and
 * {@code proto N}, {@code less}/{@code greater}, combined with {@code and}/{@code &&},
 * {@code or}/{@code ||}, {@code not}/{@code !} and parentheses; a bare value after a primitive
 * takes that primitive's qualifiers, as in {@code port 80 or 443} and {@code host a or b}.
 * As in libpcap, ports only match a datagram's first fragment (over IPv6, a transport header right
 * after the fixed header); {@code port}, {@code portrange}, {@code tcp}, {@code udp} and
 * {@code proto N} match IPv4 and IPv6 alike ({@code tcp} and {@code proto} also behind an IPv6
 * Fragment header), {@code host} and {@code net} take IPv6 addresses and prefixes too, an IPv4
 * {@code host} or {@code net} without {@code ip} also matches ARP's addresses, and {@code ip},
 * {@code icmp} and {@code ip proto N} are IPv4's alone. On an Ethernet interface
 * ({@link #compileForFrames}) the link-layer primitives {@code arp}, {@code ether [src|dst] [host] MAC}
 * and {@code vlan [ID]} look at the frame, and the IP primitives at the datagram it carries;
 * {@code ip6} and {@code icmp6} match IPv6 (and ICMPv6); {@code less} and {@code greater} compare
 * the packet's captured length (the whole frame on Ethernet).
 */
final class PcapFilter {
    /** A filter that cannot be compiled, with libpcap's message. */
    static final class FilterException extends Exception {
        FilterException(String message) {
            super(message);
        }
    }

    /** What a compiled filter decides for one IPv4 or IPv6 datagram (empty for a frame that carries neither). */
    @FunctionalInterface
    interface Matcher {
        boolean matches(byte[] d);
    }

    static final Matcher ALL = d -> true;
    private static final byte[] NOT_IP = new byte[0];

    /** The Ethernet frame being matched (for arp, ether and vlan), or null on a raw IP capture. */
    private byte[] frame;
    private Matcher root;

    private final List<String> tokens;
    private final ToIntFunction<String> resolver;
    private int pos;
    // the qualifiers of the last primitive, for a bare value that follows it
    private String lastDir = "";
    private String lastProto = "";
    private String lastKind = "";

    private PcapFilter(List<String> tokens, ToIntFunction<String> resolver) {
        this.tokens = tokens;
        this.resolver = resolver;
    }

    /**
     * Compiles the expression made of {@code words} (the command line's operands, joined as
     * tcpdump joins them); {@code resolver} gives a host name's address, or 0.
     */
    static Matcher compile(List<String> words, ToIntFunction<String> resolver) throws FilterException {
        List<String> t = tokenize(String.join(" ", words));
        if (t.isEmpty()) {
            return ALL;
        }
        PcapFilter p = new PcapFilter(t, resolver);
        Matcher m = p.or();
        if (p.pos < t.size()) {
            throw syntax();
        }
        return d -> {
            p.frame = null;
            return m.matches(d);
        };
    }

    /**
     * Compiles the expression for the Ethernet frames of a LINKTYPE_ETHERNET capture: IP primitives
     * look at the IPv4 datagram a frame carries (after an 802.1Q tag too) and are false for other
     * frames; {@code arp}, {@code ether host|src|dst MAC} and {@code vlan [ID]} look at the frame.
     */
    static Matcher compileForFrames(List<String> words, ToIntFunction<String> resolver) throws FilterException {
        List<String> t = tokenize(String.join(" ", words));
        if (t.isEmpty()) {
            return ALL;
        }
        PcapFilter p = new PcapFilter(t, resolver);
        p.root = p.or();
        if (p.pos < t.size()) {
            throw syntax();
        }
        return f -> {
            p.frame = f;
            return p.root.matches(network(f));
        };
    }

    /** The IPv4 or IPv6 datagram frame {@code f} carries, without the padding (empty: neither). */
    static byte[] network(byte[] f) {
        int o = ipOffset(f);
        if (o >= 0) {
            byte[] ip = java.util.Arrays.copyOfRange(f, o, f.length);
            int tl = Ipv4Packet.totalLength(ip, 0);
            return tl >= 20 && tl < ip.length ? java.util.Arrays.copyOf(ip, tl) : ip;
        }
        o = ip6Offset(f);
        if (o >= 0) {
            return java.util.Arrays.copyOfRange(f, o, Math.min(f.length, o + Ipv6Packet.HEADER + Ipv6Packet.payloadLength(f, o)));
        }
        return NOT_IP;
    }

    /** Where a frame's IPv6 datagram starts (after an 802.1Q tag too), or -1 when it carries none. */
    static int ip6Offset(byte[] f) {
        return payload(f, EthernetFrame.TYPE_IPV6, -1, Ipv6Packet.HEADER);
    }

    /**
     * Where the payload of frame {@code f} starts when its EtherType (after an 802.1Q tag too) is
     * {@code type} or {@code alt} and at least {@code min} bytes of it are there, else -1.
     */
    private static int payload(byte[] f, int type, int alt, int min) {
        if (f.length < EthernetFrame.HEADER) {
            return -1;
        }
        int o = EthernetFrame.HEADER;
        int t = EthernetFrame.type(f);
        if (t == EthernetFrame.TYPE_VLAN && f.length >= EthernetFrame.HEADER + EthernetFrame.TAG) {
            t = ((f[16] & 0xff) << 8) | (f[17] & 0xff);
            o += EthernetFrame.TAG;
        }
        return (t == type || t == alt) && f.length >= o + min ? o : -1;
    }

    private static boolean v4(byte[] d) {
        return d.length >= 20 && (d[0] & 0xf0) == 0x40;
    }

    private static boolean v6(byte[] d) {
        return d.length >= Ipv6Packet.HEADER && (d[0] & 0xf0) == 0x60;
    }

    /** libpcap's ip6 proto: the next header, or the one after a Fragment header. */
    private static boolean v6Carries(byte[] d, int proto) {
        return v6(d) && Ipv6Fragment.carries(d, 0, d.length, proto);
    }

    /** Where a frame's IPv4 datagram starts, or -1 when it carries none. */
    static int ipOffset(byte[] f) {
        return payload(f, EthernetFrame.TYPE_IPV4, -1, 20);
    }

    private Matcher link(Matcher onFrame) {
        return d -> frame != null && onFrame.matches(frame);
    }

    /** An IPv4 primitive: false for a packet that is not IPv4. */
    private static Matcher ipOnly(Matcher m) {
        return d -> v4(d) && m.matches(d);
    }

    static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
            } else if (s.startsWith("&&", i) || s.startsWith("||", i)) {
                out.add(s.substring(i, i + 2));
                i += 2;
            } else if (c == '!' && !s.startsWith("!=", i)) {
                out.add("!");
                i++;
            } else if (operatorAt(s, i) != null) {
                // the operators of relations (PcapArith): a single & or |, comparisons, arithmetic
                String op = operatorAt(s, i);
                out.add(op);
                i += op.length();
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "()!&|=<>^+*%".indexOf(s.charAt(j)) < 0) {
                    if (s.charAt(j) == '[') {
                        // proto[expr:size]: the brackets and all within them (spaces too) are one word
                        int depth = 0;
                        do {
                            depth += s.charAt(j) == '[' ? 1 : s.charAt(j) == ']' ? -1 : 0;
                            j++;
                        } while (j < s.length() && depth > 0);
                        continue;
                    }
                    j++;
                }
                out.add(s.substring(i, j).toLowerCase(Locale.ROOT));
                i = j;
            }
        }
        return out;
    }

    private static String operatorAt(String s, int i) {
        for (String op : PcapArith.OPERATORS) {
            if (s.startsWith(op, i)) {
                return op;
            }
        }
        return null;
    }

    static FilterException syntax() {
        return new FilterException("can't parse filter expression: syntax error");
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private String next() throws FilterException {
        if (pos >= tokens.size()) {
            throw syntax();
        }
        return tokens.get(pos++);
    }

    private Matcher or() throws FilterException {
        Matcher m = and();
        while ("or".equals(peek()) || "||".equals(peek())) {
            pos++;
            Matcher l = m;
            Matcher r = and();
            m = d -> l.matches(d) || r.matches(d);
        }
        return m;
    }

    private Matcher and() throws FilterException {
        Matcher m = not();
        while ("and".equals(peek()) || "&&".equals(peek())) {
            pos++;
            Matcher l = m;
            Matcher r = not();
            m = d -> l.matches(d) && r.matches(d);
        }
        return m;
    }

    private Matcher not() throws FilterException {
        if ("not".equals(peek()) || "!".equals(peek())) {
            pos++;
            Matcher m = not();
            return d -> !m.matches(d);
        }
        return primary();
    }

    private Matcher primary() throws FilterException {
        String t = next();
        if (t.equals("(")) {
            Matcher m = or();
            if (!")".equals(next())) {
                throw syntax();
            }
            return m;
        }
        pos--;
        if (PcapArith.starts(tokens, pos)) {
            int[] end = new int[1];
            PcapArith.Relation rel = PcapArith.relation(tokens, pos, end);
            pos = end[0];
            // len: the packet's length as captured (the whole frame on Ethernet), as less and greater
            return d -> rel.test(d, frame != null ? frame.length : d.length);
        }
        String dir = "";
        String proto = "";
        if (t.equals("src") || t.equals("dst")) {
            pos++;
            dir = t;
            // "src or dst host x" and "src and dst host x" are one qualifier
            if (("or".equals(peek()) || "and".equals(peek())) && pos + 1 < tokens.size()
                    && tokens.get(pos + 1).equals(t.equals("src") ? "dst" : "src")) {
                dir = "src " + peek() + " dst";
                pos += 2;
            }
        }
        String w = peek();
        if (w == null) {
            throw syntax();
        }
        if (dir.isEmpty() && w.equals("arp")) {
            pos++;
            return link(f -> EthernetFrame.type(f) == EthernetFrame.TYPE_ARP);
        }
        if (dir.isEmpty() && (w.equals("ip6") || w.equals("icmp6"))) {
            pos++;
            boolean icmp6 = w.equals("icmp6");
            return d -> icmp6 ? v6Carries(d, Ipv6Packet.NEXT_ICMPV6) : v6(d);
        }
        if (dir.isEmpty() && w.equals("vlan")) {
            pos++;
            String n = peek();
            if (n != null && n.matches("[0-9]{1,4}")) {
                pos++;
                int vid = number(n, 4095);
                return link(f -> EthernetFrame.tagged(f) && EthernetFrame.vid(f) == vid);
            }
            return link(EthernetFrame::tagged);
        }
        if (w.equals("ether")) {
            pos++;
            String q = next();
            String d2 = dir;
            if (q.equals("src") || q.equals("dst")) {
                if (!dir.isEmpty()) {
                    throw syntax();
                }
                d2 = q;
                q = next();
            }
            String v = q.equals("host") ? next() : q; // "ether src MAC" and "ether src host MAC" are one

            long mac;
            try {
                mac = Mac.parse(v);
            } catch (IllegalArgumentException e) {
                throw new FilterException("can't parse filter expression: bad ethernet address '" + v + "'");
            }
            String fd = d2;
            return link(f -> switch (fd) {
                case "src" -> EthernetFrame.src(f) == mac;
                case "dst" -> EthernetFrame.dst(f) == mac;
                case "src and dst" -> EthernetFrame.src(f) == mac && EthernetFrame.dst(f) == mac;
                default -> EthernetFrame.src(f) == mac || EthernetFrame.dst(f) == mac;
            });
        }
        if (w.equals("ip") || w.equals("tcp") || w.equals("udp") || w.equals("icmp")) {
            pos++;
            String after = peek();
            boolean qualifier = after != null && (after.equals("port") || after.equals("portrange")
                    || (w.equals("ip") && (after.equals("host") || after.equals("net") || after.equals("proto")))
                    || (dir.isEmpty() && (after.equals("src") || after.equals("dst"))));
            if (!qualifier) {
                if (!dir.isEmpty()) {
                    throw syntax();
                }
                return protocol(w);
            }
            proto = w;
            if (dir.isEmpty() && (after.equals("src") || after.equals("dst"))) {
                pos++;
                dir = after;
            }
            w = peek();
        }
        switch (w) {
            case "host", "net", "port", "portrange" -> {
                pos++;
                lastDir = dir;
                lastProto = proto;
                lastKind = w;
                return value(w, dir, proto);
            }
            case "proto" -> {
                pos++;
                String p = next();
                int n = switch (p) {
                    case "icmp" -> 1;
                    case "tcp" -> 6;
                    case "udp" -> 17;
                    default -> number(p, 255);
                };
                // "ip proto N" is IPv4's; "proto N" either family's (libpcap's Q_DEFAULT)
                return proto.equals("ip") ? ipOnly(d -> Ipv4Packet.protocol(d, 0) == n)
                        : d -> (v4(d) && Ipv4Packet.protocol(d, 0) == n) || v6Carries(d, n);
            }
            case "less", "greater" -> {
                pos++;
                int n = number(next(), 65535);
                // the packet's length as captured: the whole frame on Ethernet
                return w.equals("less") ? d -> (frame != null ? frame.length : d.length) <= n
                        : d -> (frame != null ? frame.length : d.length) >= n;
            }
            default -> {
                if (!dir.isEmpty() || lastKind.isEmpty() || !isValue(w)) {
                    throw syntax();
                }
                // a bare value: the last primitive's qualifiers
                return value(lastKind, lastDir, lastProto);
            }
        }
    }

    private static boolean isValue(String w) {
        return !List.of("and", "or", "not", "(", ")", "&&", "||", "!").contains(w);
    }

    /** {@code ip} and {@code icmp} are IPv4's; {@code tcp} and {@code udp} either family's (libpcap's gen_proto_abbrev). */
    private static Matcher protocol(String p) {
        return switch (p) {
            case "ip" -> PcapFilter::v4;
            case "tcp" -> d -> (v4(d) && Ipv4Packet.protocol(d, 0) == Ipv4Packet.PROTO_TCP) || v6Carries(d, Ipv4Packet.PROTO_TCP);
            case "udp" -> d -> (v4(d) && Ipv4Packet.protocol(d, 0) == Ipv4Packet.PROTO_UDP) || v6Carries(d, Ipv4Packet.PROTO_UDP);
            default -> d -> v4(d) && Ipv4Packet.protocol(d, 0) == Ipv4Packet.PROTO_ICMP;
        };
    }

    private Matcher value(String kind, String dir, String proto) throws FilterException {
        String v = next();
        if (!isValue(v)) {
            throw syntax();
        }
        boolean ipOnly = proto.equals("ip");
        return switch (kind) {
            case "host" -> {
                if (v.contains(":")) {
                    if (!Ip6.isAddress(v)) {
                        throw syntax();
                    }
                    Ip6 a6 = Ip6.parse(v);
                    yield address6(dir, a6::equals);
                }
                int a = Ip4.isAddress(v) ? Ip4.parse(v) : resolver.applyAsInt(v);
                if (a == 0 && !v.equals("0.0.0.0")) {
                    throw new FilterException("can't parse filter expression: unknown host '" + v + "'");
                }
                yield address(dir, x -> x == a, !ipOnly);
            }
            case "net" -> {
                if (v.contains(":")) {
                    String[] p = v.split("/", 2);
                    if (!Ip6.isAddress(p[0])) {
                        throw syntax();
                    }
                    Ip6 prefix = Ip6.parse(p[0]);
                    int len = p.length == 2 ? number(p[1], 128) : 128;
                    yield address6(dir, a -> a.inPrefix(prefix, len));
                }
                int[] net = net(v);
                yield address(dir, x -> Ip4.inPrefix(x, net[0], net[1]), !ipOnly);
            }
            case "port" -> {
                int p = number(v, 65535);
                yield port(dir, proto, p, p);
            }
            default -> {
                int dash = v.indexOf('-');
                if (dash < 0) {
                    throw syntax();
                }
                yield port(dir, proto, number(v.substring(0, dash), 65535), number(v.substring(dash + 1), 65535));
            }
        };
    }

    /** {@code 10.0.0.0/8}, {@code 10.0} (a dotted prefix: /16), or {@code 10.0.0.0 mask 255.0.0.0}. */
    private int[] net(String v) throws FilterException {
        int len;
        int addr;
        if (v.contains("/")) {
            String[] p = v.split("/", 2);
            len = number(p[1], 32);
            addr = dotted(p[0]);
        } else if ("mask".equals(peek())) {
            pos++;
            addr = dotted(v);
            int m = dotted(next());
            len = Integer.bitCount(m);
            if (m != Ip4.mask(len)) {
                throw syntax();
            }
        } else {
            int parts = v.split("\\.", -1).length;
            addr = dotted(v);
            len = 8 * parts;
        }
        if ((addr & ~Ip4.mask(len)) != 0) {
            throw new FilterException("can't parse filter expression: non-network bits set in \"" + v + "\"");
        }
        return new int[] {addr, len};
    }

    /** A dotted address of one to four parts, left-aligned as libpcap reads a net ({@code 10.1} is 10.1.0.0). */
    private static int dotted(String v) throws FilterException {
        String[] p = v.split("\\.", -1);
        if (p.length > 4) {
            throw syntax();
        }
        int a = 0;
        for (int i = 0; i < 4; i++) {
            a = (a << 8) | (i < p.length ? number(p[i], 255) : 0);
        }
        return a;
    }

    private static int number(String v, int max) throws FilterException {
        if (!v.matches("[0-9]{1,6}")) {
            throw syntax();
        }
        int n = Integer.parseInt(v);
        if (n > max) {
            throw new FilterException("can't parse filter expression: illegal value " + v);
        }
        return n;
    }

    @FunctionalInterface
    private interface IntTest {
        boolean test(int x);
    }

    /**
     * An IPv4 address test on the datagram's source and destination, and with {@code arp} (libpcap's
     * host and net without ip: "ip or arp or rarp") on an ARP frame's sender and target addresses.
     */
    private Matcher address(String dir, IntTest t, boolean arp) {
        Matcher ip = ipOnly(switch (dir) {
            case "src" -> d -> t.test(Ipv4Packet.src(d, 0));
            case "dst" -> d -> t.test(Ipv4Packet.dst(d, 0));
            case "src and dst" -> d -> t.test(Ipv4Packet.src(d, 0)) && t.test(Ipv4Packet.dst(d, 0));
            default -> d -> t.test(Ipv4Packet.src(d, 0)) || t.test(Ipv4Packet.dst(d, 0));
        });
        if (!arp) {
            return ip;
        }
        return d -> {
            if (ip.matches(d)) {
                return true;
            }
            int a = frame == null ? -1 : arpOffset(frame);
            if (a < 0) {
                return false;
            }
            int spa = BigEndian.u32(frame, a + 14);
            int tpa = BigEndian.u32(frame, a + 24);
            return switch (dir) {
                case "src" -> t.test(spa);
                case "dst" -> t.test(tpa);
                case "src and dst" -> t.test(spa) && t.test(tpa);
                default -> t.test(spa) || t.test(tpa);
            };
        };
    }

    /** Where an ARP (or RARP) packet for IPv4 over Ethernet starts in frame {@code f}, or -1. */
    private static int arpOffset(byte[] f) {
        return payload(f, EthernetFrame.TYPE_ARP, 0x8035, 28);
    }

    /** An IPv6 address test on the datagram's source and destination. */
    private static Matcher address6(String dir, java.util.function.Predicate<Ip6> t) {
        return d -> {
            if (!v6(d)) {
                return false;
            }
            Ip6 s = Ipv6Packet.src(d, 0);
            Ip6 ds = Ipv6Packet.dst(d, 0);
            return switch (dir) {
                case "src" -> t.test(s);
                case "dst" -> t.test(ds);
                case "src and dst" -> t.test(s) && t.test(ds);
                default -> t.test(s) || t.test(ds);
            };
        };
    }

    private static Matcher port(String dir, String proto, int lo, int hi) {
        Matcher v4 = port4(dir, proto, lo, hi);
        if (proto.equals("ip")) {
            return v4;
        }
        return d -> v4.matches(d) || port6(d, dir, proto, lo, hi);
    }

    /** libpcap's gen_port6: a TCP or UDP header right after the IPv6 header. */
    private static boolean port6(byte[] d, String dir, String proto, int lo, int hi) {
        return v6(d) && ports(d, Ipv6Packet.nextHeader(d, 0), Ipv6Packet.HEADER, dir, proto, lo, hi);
    }

    /** The first fragment of an IPv4 datagram whose TCP or UDP ports are in range. */
    private static Matcher port4(String dir, String proto, int lo, int hi) {
        String pr = proto.equals("ip") ? "" : proto;
        return ipOnly(d -> Ipv4Packet.fragmentOffset(d, 0) == 0
                && ports(d, Ipv4Packet.protocol(d, 0), Ipv4Packet.headerLength(d, 0), dir, pr, lo, hi));
    }

    /** Whether the transport header at {@code off}, of protocol {@code p} (TCP or UDP as {@code proto} asks), has its ports in range. */
    private static boolean ports(byte[] d, int p, int off, String dir, String proto, int lo, int hi) {
        boolean ok = proto.isEmpty() ? p == Ipv4Packet.PROTO_TCP || p == Ipv4Packet.PROTO_UDP
                : p == (proto.equals("tcp") ? Ipv4Packet.PROTO_TCP : proto.equals("udp") ? Ipv4Packet.PROTO_UDP : -1);
        if (!ok || d.length < off + 4) {
            return false;
        }
        int sp = ((d[off] & 0xff) << 8) | (d[off + 1] & 0xff);
        int dp = ((d[off + 2] & 0xff) << 8) | (d[off + 3] & 0xff);
        boolean s = sp >= lo && sp <= hi;
        boolean t = dp >= lo && dp <= hi;
        return switch (dir) {
            case "src" -> s;
            case "dst" -> t;
            case "src and dst" -> s && t;
            default -> s || t;
        };
    }
}
