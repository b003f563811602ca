package dev.minternet.tools;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of iputils 20221126's ping as its getopt string takes them
 * ({@code "h?4bRT:6F:N:aABc:CdDe:fi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:"}): every one its usage lists
 * either works here or is refused in one line as not modelled (status 2), so none of them is an
 * "invalid option" as a letter ping does not know is ({@code -h} and {@code -V} are answered
 * before the tool starts, by {@link ToolInfo}). {@code -R} (record route) stays refused: the IPv4
 * layer sends 20-byte headers without options and its routers do not process RFC 791's record
 * route option, so no router could add its address.
 */
final class PingOptions {
    /** The letters iputils' getopt reads a value after. */
    static final String WITH_VALUE = "TFNceiIlmMpQsStwW";
    /** The letters that stand alone. */
    static final String FLAGS = "qn4O6h?bRaABCdDfLrUvV";

    /** The options the simulator does not model, with the words of iputils' usage. */
    private static final Map<Character, String> UNMODELLED = new LinkedHashMap<>();

    static {
        UNMODELLED.put('a', "use audible ping");
        UNMODELLED.put('A', "use adaptive ping");
        UNMODELLED.put('B', "sticky source address");
        UNMODELLED.put('C', "call connect() syscall on socket creation");
        UNMODELLED.put('d', "use SO_DEBUG socket option");
        UNMODELLED.put('e', "define identifier for ping session");
        UNMODELLED.put('L', "suppress loopback of multicast packets");
        UNMODELLED.put('l', "send <preload> number of packages while waiting replies");
        UNMODELLED.put('m', "tag the packets going out");
        UNMODELLED.put('Q', "use quality of service <tclass> bits");
        UNMODELLED.put('r', "bypass the routing table");
        UNMODELLED.put('S', "use <size> as SO_SNDBUF socket option value");
        UNMODELLED.put('U', "print user-to-user latency");
        UNMODELLED.put('v', "verbose output");
        UNMODELLED.put('b', "allow pinging broadcast");
        UNMODELLED.put('R', "record route");
        UNMODELLED.put('T', "define timestamp");
        UNMODELLED.put('F', "define flow label");
        UNMODELLED.put('N', "use icmp6 node info query");
    }

    private PingOptions() {
    }

    /**
     * {@code -p PATTERN}: up to 16 bytes read as iputils' fill() reads them (sscanf's {@code %2x}
     * sixteen times, so an odd last digit is a byte of its own), refused in iputils' words when a
     * character is not a hex digit (the rest of the pattern from it, status 2).
     */
    static byte[] pattern(String text) {
        for (int i = 0; i < text.length(); i++) {
            if ("0123456789abcdefABCDEF".indexOf(text.charAt(i)) < 0) { // isxdigit, ASCII only
                throw new IllegalArgumentException("patterns must be specified as hex digits: " + text.substring(i));
            }
        }
        int n = Math.min(16, (text.length() + 1) / 2);
        byte[] out = new byte[n];
        for (int k = 0; k < n; k++) {
            out[k] = (byte) Integer.parseInt(text.substring(2 * k, Math.min(text.length(), 2 * k + 2)), 16);
        }
        return out;
    }

    /** iputils' "PATTERN: 0x..." line, printed before anything else unless -q. */
    static String patternLine(byte[] pattern) {
        StringBuilder b = new StringBuilder("PATTERN: 0x");
        for (byte x : pattern) {
            b.append(String.format(java.util.Locale.ROOT, "%02x", x & 0xff));
        }
        return b.toString();
    }

    /**
     * The data of an echo request, {@code size} bytes: iputils' bytes counting up from 0, or the
     * pattern of {@code -p} repeated from the first byte (iputils fills the timestamp area too).
     */
    static byte[] data(int size, byte[] pattern) {
        byte[] p = new byte[size];
        for (int i = 0; i < size; i++) {
            p[i] = pattern == null ? (byte) i : pattern.length == 0 ? 0 : pattern[i % pattern.length];
        }
        return p;
    }

    /** Refuses the first option (in iputils' usage order) the command line uses that is not modelled. */
    static void refuseUnmodelled(Args a) {
        for (Map.Entry<Character, String> e : UNMODELLED.entrySet()) {
            if (a.has(e.getKey())) {
                throw new IllegalArgumentException("-" + e.getKey() + " (" + e.getValue() + ") is not modelled in Minternet");
            }
        }
    }
}
