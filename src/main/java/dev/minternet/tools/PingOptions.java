package dev.minternet.tools;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of iputils 20221126's ping as its getopt string takes them
 * ({@code "h?4bRT:6F:N:aABc:CdDe:fi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:"}): every one its usage lists
 * either works here or is refused in one line as not modelled (status 2), so none of them is an
 * "invalid option" as a letter ping does not know is ({@code -h} and {@code -V} are answered
 * before the tool starts, by {@link ToolInfo}).
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
        UNMODELLED.put('D', "print timestamps");
        UNMODELLED.put('d', "use SO_DEBUG socket option");
        UNMODELLED.put('e', "define identifier for ping session");
        UNMODELLED.put('f', "flood ping");
        UNMODELLED.put('L', "suppress loopback of multicast packets");
        UNMODELLED.put('l', "send <preload> number of packages while waiting replies");
        UNMODELLED.put('m', "tag the packets going out");
        UNMODELLED.put('p', "contents of padding byte");
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

    /** Refuses the first option (in iputils' usage order) the command line uses that is not modelled. */
    static void refuseUnmodelled(Args a) {
        for (Map.Entry<Character, String> e : UNMODELLED.entrySet()) {
            if (a.has(e.getKey())) {
                throw new IllegalArgumentException("-" + e.getKey() + " (" + e.getValue() + ") is not modelled in Minternet");
            }
        }
    }
}
