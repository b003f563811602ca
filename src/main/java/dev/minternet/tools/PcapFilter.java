package dev.minternet.tools;

import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.Ipv6Fragment;
import dev.minternet.wire.Ipv6Packet;
import dev.minternet.wire.Mac;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * A capture filter in pcap-filter(7)'s language, for the IPv4 packets a capture sees: the
 * primitives {@code host}, {@code net} (CIDR, {@code net N mask M}, or the dotted-prefix form
 * {@code net 10.0}), {@code port} and {@code portrange} with the {@code src}/{@code dst} (and
 * {@code src or dst}, {@code src and dst}) directions and a {@code tcp}/{@code udp} protocol
 * before them, the protocols {@code ip}, {@code tcp}, {@code udp}, {@code icmp} and
 * {@code proto N}, {@code less}/{@code greater}, combined with {@code and}/{@code &&},
 * {@code or}/{@code ||}, {@code not}/{@code !} and parentheses; a bare value after a primitive
 * takes that primitive's qualifiers, as in {@code port 80 or 443} and {@code host a or b}.
 * As in libpcap, ports only match a datagram's first fragment. On an Ethernet interface
 * ({@link #compileForFrames}) the link-layer primitives {@code arp}, {@code ether [src|dst] [host] MAC}
 * and {@code vlan [ID]} look at the frame, and the IP primitives at the IPv4 datagram it carries;
 * {@code ip6} and {@code icmp6} match frames carrying IPv6 (and ICMPv6).
 */
final class PcapFilter {
    /** A filter that cannot be compiled, with libpcap's message. */
    static final class FilterException extends Exception {
        FilterException(String message) {
            super(message);
        }
    }

    /** What a compiled filter decides for one IPv4 datagram. */
    @FunctionalInterface
    interface Matcher {
        boolean matches(byte[] d);
    }

    static final Matcher ALL = d -> true;
    private static final byte[] NOT_IP = new byte[0];

    /** The Ethernet frame being matched (for arp, ether and vlan), or null on a raw IP capture. */
    private byte[] frame;
    /** The IPv6 datagram being matched on a raw IP capture, or null. */
    private byte[] raw6;
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
            // a raw link carries IPv6 too: ip6 and icmp6 look at it, the IPv4 primitives see no IPv4 datagram
            boolean v6 = d.length > 0 && (d[0] & 0xf0) == 0x60;
            p.raw6 = v6 ? d : null;
            return m.matches(v6 ? NOT_IP : d);
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
            int o = ipOffset(f);
            byte[] ip = o < 0 ? NOT_IP : java.util.Arrays.copyOfRange(f, o, f.length);
            if (o >= 0 && ip.length >= 20 && Ipv4Packet.totalLength(ip, 0) < ip.length
                    && Ipv4Packet.totalLength(ip, 0) >= 20) {
                ip = java.util.Arrays.copyOf(ip, Ipv4Packet.totalLength(ip, 0)); // without the padding
            }
            return p.root.matches(ip);
        };
    }

    /** Where a frame's IPv4 datagram starts, or -1 when it carries none. */
    static int ipOffset(byte[] f) {
        if (f.length < EthernetFrame.HEADER) {
            return -1;
        }
        int o = EthernetFrame.HEADER;
        int type = EthernetFrame.type(f);
        if (type == EthernetFrame.TYPE_VLAN && f.length >= EthernetFrame.HEADER + EthernetFrame.TAG) {
            type = ((f[16] & 0xff) << 8) | (f[17] & 0xff);
            o += EthernetFrame.TAG;
        }
        return type == EthernetFrame.TYPE_IPV4 && f.length >= o + 20 ? o : -1;
    }

    /**
     * {@code ip6}: the frame carries an IPv6 datagram (EtherType 0x86DD, after an 802.1Q tag too);
     * {@code icmp6}: one whose next header is ICMPv6 (58), directly or after a Fragment header (libpcap's test).
     */
    static boolean ipv6Matches(byte[] f, boolean icmp6) {
        if (f.length < EthernetFrame.HEADER) {
            return false;
        }
        int o = EthernetFrame.HEADER;
        int type = EthernetFrame.type(f);
        if (type == EthernetFrame.TYPE_VLAN && f.length >= EthernetFrame.HEADER + EthernetFrame.TAG) {
            type = ((f[16] & 0xff) << 8) | (f[17] & 0xff);
            o += EthernetFrame.TAG;
        }
        if (type != EthernetFrame.TYPE_IPV6 || f.length < o + Ipv6Packet.HEADER) {
            return false;
        }
        return !icmp6 || Ipv6Fragment.carries(f, o, f.length - o, Ipv6Packet.NEXT_ICMPV6);
    }

    private Matcher link(Matcher onFrame) {
        return d -> frame != null && onFrame.matches(frame);
    }

    /** An IP primitive: false for a frame that carries no IPv4 datagram. */
    private static Matcher ipOnly(Matcher m) {
        return d -> d.length >= 20 && m.matches(d);
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
            } else if (c == '!') {
                out.add("!");
                i++;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "()!&|".indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                out.add(s.substring(i, j).toLowerCase(Locale.ROOT));
                i = j;
            }
        }
        return out;
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
            Matcher onFrame = link(f -> ipv6Matches(f, icmp6));
            return d -> raw6 != null ? !icmp6 || Ipv6Fragment.carries(raw6, 0, raw6.length, Ipv6Packet.NEXT_ICMPV6)
                    : onFrame.matches(d);
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
                return ipOnly(protocol(w));
            }
            proto = w.equals("ip") ? "" : w;
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
                return ipOnly(value(w, dir, proto));
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
                return ipOnly(d -> Ipv4Packet.protocol(d, 0) == n);
            }
            case "less", "greater" -> {
                pos++;
                int n = number(next(), 65535);
                return w.equals("less") ? d -> d.length <= n : d -> d.length >= n;
            }
            default -> {
                if (!dir.isEmpty() || lastKind.isEmpty() || !isValue(w)) {
                    throw syntax();
                }
                // a bare value: the last primitive's qualifiers
                return ipOnly(value(lastKind, lastDir, lastProto));
            }
        }
    }

    private static boolean isValue(String w) {
        return !List.of("and", "or", "not", "(", ")", "&&", "||", "!").contains(w);
    }

    private static Matcher protocol(String p) {
        return switch (p) {
            case "ip" -> d -> true;
            case "tcp" -> d -> Ipv4Packet.protocol(d, 0) == Ipv4Packet.PROTO_TCP;
            case "udp" -> d -> Ipv4Packet.protocol(d, 0) == Ipv4Packet.PROTO_UDP;
            default -> d -> Ipv4Packet.protocol(d, 0) == Ipv4Packet.PROTO_ICMP;
        };
    }

    private Matcher value(String kind, String dir, String proto) throws FilterException {
        String v = next();
        if (!isValue(v)) {
            throw syntax();
        }
        return switch (kind) {
            case "host" -> {
                int a = Ip4.isAddress(v) ? Ip4.parse(v) : resolver.applyAsInt(v);
                if (a == 0 && !v.equals("0.0.0.0")) {
                    throw new FilterException("can't parse filter expression: unknown host '" + v + "'");
                }
                yield address(dir, x -> x == a);
            }
            case "net" -> {
                int[] net = net(v);
                yield address(dir, x -> Ip4.inPrefix(x, net[0], net[1]));
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

    private static Matcher address(String dir, IntTest t) {
        return switch (dir) {
            case "src" -> d -> t.test(Ipv4Packet.src(d, 0));
            case "dst" -> d -> t.test(Ipv4Packet.dst(d, 0));
            case "src and dst" -> d -> t.test(Ipv4Packet.src(d, 0)) && t.test(Ipv4Packet.dst(d, 0));
            default -> d -> t.test(Ipv4Packet.src(d, 0)) || t.test(Ipv4Packet.dst(d, 0));
        };
    }

    private static Matcher port(String dir, String proto, int lo, int hi) {
        return d -> {
            int p = Ipv4Packet.protocol(d, 0);
            boolean ok = proto.isEmpty() ? p == Ipv4Packet.PROTO_TCP || p == Ipv4Packet.PROTO_UDP
                    : p == (proto.equals("tcp") ? Ipv4Packet.PROTO_TCP : proto.equals("udp") ? Ipv4Packet.PROTO_UDP : -1);
            int off = Ipv4Packet.headerLength(d, 0);
            if (!ok || Ipv4Packet.fragmentOffset(d, 0) != 0 || d.length < off + 4) {
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
        };
    }
}
