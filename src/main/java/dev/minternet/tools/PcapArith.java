package dev.minternet.tools;

import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.Ipv6Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * libpcap's relations of arithmetic expressions (pcap-filter(7), "expr relop expr"): packet data
 * loaded as {@code proto[expr]} or {@code proto[expr:size]} (size 1, 2 or 4) for ip, ip6, tcp,
 * udp, icmp and icmp6, {@code len}, numbers (decimal, 0x hex, 0 octal), the named offsets and
 * values ({@code tcpflags}, {@code tcp-syn}, {@code icmptype}, {@code icmp-echo}...), the operators
 * {@code + - * / % & | ^ << >>} and parentheses, compared by {@code > >= < <= = == !=}. As in
 * libpcap, arithmetic is unsigned 32-bit, {@code tcp[]}, {@code udp[]} and {@code icmp[]} look at
 * IPv4 packets only (the transport header after the IPv4 header's own length, first fragments
 * only), and a load past the end of the packet makes the relation false.
 */
final class PcapArith {
    private PcapArith() {
    }

    /** A value of a packet: {@link #MISS} when the packet has no such data. */
    interface Value {
        long of(byte[] d, int capturedLength);
    }

    static final long MISS = Long.MIN_VALUE;

    /** A relation on a datagram and the packet's captured length. */
    interface Relation {
        boolean test(byte[] d, int capturedLength);
    }

    private static final Map<String, Long> NAMES = Map.ofEntries(
            Map.entry("tcpflags", 13L), Map.entry("tcp-fin", 0x01L), Map.entry("tcp-syn", 0x02L), Map.entry("tcp-rst", 0x04L),
            Map.entry("tcp-push", 0x08L), Map.entry("tcp-ack", 0x10L), Map.entry("tcp-urg", 0x20L), Map.entry("tcp-ece", 0x40L),
            Map.entry("tcp-cwr", 0x80L), Map.entry("icmptype", 0L), Map.entry("icmpcode", 1L), Map.entry("icmp-echoreply", 0L),
            Map.entry("icmp-unreach", 3L), Map.entry("icmp-sourcequench", 4L), Map.entry("icmp-redirect", 5L),
            Map.entry("icmp-echo", 8L), Map.entry("icmp-routeradvert", 9L), Map.entry("icmp-routersolicit", 10L),
            Map.entry("icmp-timxceed", 11L), Map.entry("icmp-paramprob", 12L), Map.entry("icmp-tstamp", 13L),
            Map.entry("icmp-tstampreply", 14L), Map.entry("icmp-ireq", 15L), Map.entry("icmp-ireqreply", 16L),
            Map.entry("icmp-maskreq", 17L), Map.entry("icmp-maskreply", 18L), Map.entry("icmp6type", 0L),
            Map.entry("icmp6code", 1L), Map.entry("icmp6-destinationunreach", 1L), Map.entry("icmp6-packettoobig", 2L),
            Map.entry("icmp6-timeexceeded", 3L), Map.entry("icmp6-parameterproblem", 4L), Map.entry("icmp6-echo", 128L),
            Map.entry("icmp6-echoreply", 129L), Map.entry("icmp6-routersolicit", 133L), Map.entry("icmp6-routeradvert", 134L),
            Map.entry("icmp6-neighborsolicit", 135L), Map.entry("icmp6-neighboradvert", 136L), Map.entry("icmp6-redirect", 137L));

    private static final List<String> RELOPS = List.of(">", ">=", "<", "<=", "=", "==", "!=");
    private static final List<String> PROTOS = List.of("ip", "ip6", "tcp", "udp", "icmp", "icmp6");

    /** Whether the tokens at {@code pos} start a relation rather than a primitive. */
    static boolean starts(List<String> tokens, int pos) {
        String t = tokens.get(pos);
        if (t.equals("len") || t.contains("[") && PROTOS.contains(t.substring(0, t.indexOf('[')))) {
            return true;
        }
        return number(t) >= 0 && pos + 1 < tokens.size() && (RELOPS.contains(tokens.get(pos + 1))
                || List.of("+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>").contains(tokens.get(pos + 1)));
    }

    /** A parse of tokens from a position: what it made and where it stopped. */
    private static final class Cursor {
        final List<String> t;
        int pos;

        Cursor(List<String> t, int pos) {
            this.t = t;
            this.pos = pos;
        }

        String peek() {
            return pos < t.size() ? t.get(pos) : null;
        }

        String next() throws PcapFilter.FilterException {
            if (pos >= t.size()) {
                throw PcapFilter.syntax();
            }
            return t.get(pos++);
        }
    }

    /** Parses {@code expr relop expr} at {@code pos}; returns the matcher and sets {@code end[0]} where it stopped. */
    static Relation relation(List<String> tokens, int pos, int[] end) throws PcapFilter.FilterException {
        Cursor c = new Cursor(tokens, pos);
        Value l = or(c);
        String op = c.next();
        if (!RELOPS.contains(op)) {
            throw PcapFilter.syntax();
        }
        Value r = or(c);
        end[0] = c.pos;
        return (d, n) -> {
            long a = l.of(d, n);
            long b = r.of(d, n);
            if (a == MISS || b == MISS) {
                return false;
            }
            return switch (op) {
                case ">" -> a > b;
                case ">=" -> a >= b;
                case "<" -> a < b;
                case "<=" -> a <= b;
                case "!=" -> a != b;
                default -> a == b;
            };
        };
    }

    /** The binary operators by precedence, as libpcap's grammar: | and ^ lowest, then &, << >>, + -, * / %. */
    private static final List<List<String>> LEVELS = List.of(List.of("|", "^"), List.of("&"), List.of("<<", ">>"),
            List.of("+", "-"), List.of("*", "/", "%"));

    private static Value or(Cursor c) throws PcapFilter.FilterException {
        return binary(c, 0);
    }

    private static Value binary(Cursor c, int level) throws PcapFilter.FilterException {
        if (level == LEVELS.size()) {
            return unary(c);
        }
        Value v = binary(c, level + 1);
        while (c.peek() != null && LEVELS.get(level).contains(c.peek())) {
            Op op = op(c.next());
            Value l = v;
            Value r = binary(c, level + 1);
            v = bin(l, r, op);
        }
        return v;
    }

    private static Op op(String op) {
        return switch (op) {
            case "|" -> (a, b) -> a | b;
            case "^" -> (a, b) -> a ^ b;
            case "&" -> (a, b) -> a & b;
            case "<<" -> (a, b) -> b > 31 ? 0 : a << b;
            case ">>" -> (a, b) -> b > 31 ? 0 : a >>> b;
            case "+" -> (a, b) -> a + b;
            case "-" -> (a, b) -> a - b;
            case "*" -> (a, b) -> a * b;
            case "/" -> (a, b) -> b == 0 ? MISS : a / b; // a division by zero rejects the packet
            default -> (a, b) -> b == 0 ? MISS : a % b;
        };
    }

    private static Value unary(Cursor c) throws PcapFilter.FilterException {
        if ("-".equals(c.peek())) {
            c.next();
            Value v = unary(c);
            return bin((d, n) -> 0, v, (a, b) -> a - b);
        }
        String t = c.next();
        if (t.equals("(")) {
            Value v = or(c);
            if (!")".equals(c.next())) {
                throw PcapFilter.syntax();
            }
            return v;
        }
        if (t.equals("len")) {
            return (d, n) -> n;
        }
        long n = number(t);
        if (n >= 0) {
            return (d, x) -> n;
        }
        Long named = NAMES.get(t);
        if (named != null) {
            return (d, x) -> named;
        }
        int open = t.indexOf('[');
        if (open > 0 && t.endsWith("]") && PROTOS.contains(t.substring(0, open))) {
            return load(t.substring(0, open), t.substring(open + 1, t.length() - 1));
        }
        throw PcapFilter.syntax();
    }

    /** {@code proto[expr]} or {@code proto[expr:size]}. */
    private static Value load(String proto, String inside) throws PcapFilter.FilterException {
        int size = 1;
        int colon = inside.lastIndexOf(':');
        String index = inside;
        if (colon >= 0 && inside.substring(colon + 1).trim().matches("[0-9]+")) {
            size = Integer.parseInt(inside.substring(colon + 1).trim());
            index = inside.substring(0, colon);
            if (size != 1 && size != 2 && size != 4) {
                throw new PcapFilter.FilterException("can't parse filter expression: data size must be 1, 2, or 4");
            }
        }
        List<String> t = PcapFilter.tokenize(index);
        Cursor c = new Cursor(t, 0);
        Value at = or(c);
        if (c.pos != t.size()) {
            throw PcapFilter.syntax();
        }
        int bytes = size;
        return (d, n) -> {
            long i = at.of(d, n);
            int base = base(proto, d);
            if (i == MISS || base < 0 || base + i + bytes > d.length) {
                return MISS;
            }
            long v = 0;
            for (int k = 0; k < bytes; k++) {
                v = v << 8 | (d[(int) (base + i) + k] & 0xff);
            }
            return v;
        };
    }

    /** Where the protocol's header starts in the datagram, or -1 when the datagram is not of it. */
    private static int base(String proto, byte[] d) {
        boolean v4 = d.length >= 20 && (d[0] & 0xf0) == 0x40;
        if (proto.equals("ip")) {
            return v4 ? 0 : -1;
        }
        if (proto.equals("ip6")) {
            return d.length >= Ipv6Packet.HEADER && (d[0] & 0xf0) == 0x60 ? 0 : -1;
        }
        if (proto.equals("icmp6")) {
            boolean icmp6 = d.length >= Ipv6Packet.HEADER && (d[0] & 0xf0) == 0x60 && (d[6] & 0xff) == Ipv6Packet.NEXT_ICMPV6;
            return icmp6 ? Ipv6Packet.HEADER : -1;
        }
        int want = switch (proto) {
            case "tcp" -> Ipv4Packet.PROTO_TCP;
            case "udp" -> Ipv4Packet.PROTO_UDP;
            default -> Ipv4Packet.PROTO_ICMP;
        };
        // the transport header is only in the first fragment (fragment offset 0)
        if (!v4 || Ipv4Packet.protocol(d, 0) != want || ((d[6] & 0x1f) << 8 | (d[7] & 0xff)) != 0) {
            return -1;
        }
        return (d[0] & 0x0f) * 4;
    }

    private interface Op {
        long apply(long a, long b);
    }

    private static Value bin(Value l, Value r, Op op) {
        return (d, n) -> {
            long a = l.of(d, n);
            long b = r.of(d, n);
            if (a == MISS || b == MISS) {
                return MISS;
            }
            long v = op.apply(a, b);
            return v == MISS ? MISS : v & 0xffffffffL;
        };
    }

    /** A number as libpcap reads one (0x hex, a leading 0 octal, else decimal), or -1. */
    static long number(String t) {
        String s = t.toLowerCase(Locale.ROOT);
        try {
            if (s.matches("0x[0-9a-f]{1,8}")) {
                return Long.parseLong(s.substring(2), 16);
            }
            if (s.matches("0[0-7]{1,11}")) {
                return Long.parseLong(s, 8) & 0xffffffffL;
            }
            if (s.matches("[0-9]{1,10}")) {
                return Long.parseLong(s) & 0xffffffffL;
            }
        } catch (NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The operator tokens the filter's tokenizer cuts out ({@code !=} and the two-character ones first). */
    static final String[] OPERATORS = {"!=", "==", ">=", "<=", "<<", ">>", "&", "|", "^", "+", "*", "%", "=", "<", ">"};

    static List<String> operators() {
        return new ArrayList<>(List.of(OPERATORS));
    }
}
