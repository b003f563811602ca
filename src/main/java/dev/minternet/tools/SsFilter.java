package dev.minternet.tools;

import dev.minternet.transport.tcp.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ss's FILTER (iproute2 6.1, ss(8)): {@code state STATE} and {@code exclude STATE}, repeated, with
 * ss's state names and groups (all, connected, synchronized, bucket, big), then port conditions
 * {@code dport|sport OP :PORT} joined by {@code and} (or side by side) in optional parentheses,
 * OP one of {@code = == eq != ne neq > gt < lt >= ge <= le}. With a state filter ss shows the
 * sockets in those states whatever -a and -l say, and its State column only when the filter
 * names more than one state. Other expressions (addresses, {@code or}, {@code not}) are refused,
 * not modelled.
 */
final class SsFilter {
    // ss.c's SS_* bits
    static final int ESTABLISHED = 1, SYN_SENT = 2, SYN_RECV = 3, FIN_WAIT1 = 4, FIN_WAIT2 = 5, TIME_WAIT = 6,
            CLOSE = 7, CLOSE_WAIT = 8, LAST_ACK = 9, LISTEN = 10, CLOSING = 11;
    static final int ALL = ((1 << 12) - 1) & ~1;
    private static final String[] NAMES = {"UNKNOWN", "established", "syn-sent", "syn-recv", "fin-wait-1", "fin-wait-2",
            "time-wait", "unconnected", "close-wait", "last-ack", "listening", "closing"};

    /** The states asked for (ss's bit mask), or -1 when the line has no state filter. */
    final int states;
    private final List<int[]> ports; // {dport? 1 : 0, op, port}

    private SsFilter(int states, List<int[]> ports) {
        this.states = states;
        this.ports = ports;
    }

    /** The filter of these operands; IllegalArgumentException with ss's words for a bad one. */
    static SsFilter parse(List<String> ops) {
        int states = -1;
        List<int[]> ports = new ArrayList<>();
        int i = 0;
        while (i < ops.size() && (ops.get(i).equals("state") || ops.get(i).equals("exclude") || ops.get(i).equals("excl"))) {
            if (i + 1 >= ops.size()) {
                throw new Refusal("Command line is not complete. Try option \"help\"", 255); // ss.c's NEXT_ARG
            }
            int s = state(ops.get(i + 1));
            if (ops.get(i).equals("state")) {
                states = (states < 0 ? 0 : states) | s;
            } else {
                states = (states < 0 ? ALL : states) & ~s;
            }
            i += 2;
        }
        List<String> rest = new ArrayList<>();
        for (String o : ops.subList(i, ops.size())) {
            for (String t : o.replace("(", " ( ").replace(")", " ) ").trim().split("\\s+")) {
                if (!t.isEmpty() && !t.equals("(") && !t.equals(")") && !t.equals("and") && !t.equals("&&")) {
                    rest.add(t);
                }
            }
        }
        for (int k = 0; k < rest.size(); ) {
            String w = rest.get(k);
            if (!w.equals("dport") && !w.equals("sport") || k + 1 >= rest.size()) {
                throw new IllegalArgumentException("filter expression '" + String.join(" ", rest)
                        + "' not modelled (state, exclude, and dport/sport conditions are)");
            }
            int op = 0;
            String v = rest.get(k + 1);
            int used = 2;
            int o = op(v);
            if (o >= 0 && k + 2 < rest.size()) {
                op = o;
                v = rest.get(k + 2);
                used = 3;
            }
            String p = v.startsWith(":") ? v.substring(1) : v;
            int port;
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                Integer named = Services.byName(p, "tcp");
                if (named == null) {
                    throw new IllegalArgumentException("\"" + v + "\" does not look like a port.");
                }
                port = named;
            }
            ports.add(new int[] {w.equals("dport") ? 1 : 0, op, port});
            k += used;
        }
        return new SsFilter(states, ports);
    }

    private static int op(String w) {
        return switch (w) {
            case "=", "==", "eq" -> 0;
            case "!=", "ne", "neq" -> 1;
            case ">", "gt" -> 2;
            case "<", "lt" -> 3;
            case ">=", "ge", "geq" -> 4;
            case "<=", "le", "leq" -> 5;
            default -> -1;
        };
    }

    /** ss.c's scan_state: a name or a group, any case; else its complaint. */
    static int state(String name) {
        String s = name.toLowerCase(Locale.ROOT);
        switch (s) {
            case "close", "closed" -> {
                return 1 << CLOSE;
            }
            case "syn-rcv" -> {
                return 1 << SYN_RECV;
            }
            case "all" -> {
                return ALL;
            }
            case "connected" -> {
                return ALL & ~(1 << CLOSE | 1 << LISTEN);
            }
            case "synchronized" -> {
                return ALL & ~(1 << CLOSE | 1 << LISTEN | 1 << SYN_SENT);
            }
            case "bucket" -> {
                return 1 << SYN_RECV | 1 << TIME_WAIT;
            }
            case "big" -> {
                return ALL & ~(1 << SYN_RECV | 1 << TIME_WAIT);
            }
            default -> {
                for (int i = 1; i < NAMES.length; i++) {
                    if (NAMES[i].equals(s)) {
                        return 1 << i;
                    }
                }
                throw new Refusal("ss: wrong state name: " + name, 255); // ss.c: exit(-1)
            }
        }
    }

    /** ss's bit of a TCP state. */
    static int bit(TcpState s) {
        return 1 << switch (s) {
            case ESTABLISHED -> ESTABLISHED;
            case SYN_SENT -> SYN_SENT;
            case SYN_RECEIVED -> SYN_RECV;
            case FIN_WAIT_1 -> FIN_WAIT1;
            case FIN_WAIT_2 -> FIN_WAIT2;
            case TIME_WAIT -> TIME_WAIT;
            case CLOSED -> CLOSE;
            case CLOSE_WAIT -> CLOSE_WAIT;
            case LAST_ACK -> LAST_ACK;
            case LISTEN -> LISTEN;
            case CLOSING -> CLOSING;
        };
    }

    /** Whether the State column shows: without a state filter, or with one of more than one state. */
    boolean stateColumn() {
        return states < 0 || (states & (states - 1)) != 0;
    }

    /** Whether a socket in state {@code bit} between these ports passes the port conditions. */
    boolean ports(int localPort, int remotePort) {
        for (int[] c : ports) {
            int p = c[0] == 1 ? remotePort : localPort;
            boolean ok = switch (c[1]) {
                case 0 -> p == c[2];
                case 1 -> p != c[2];
                case 2 -> p > c[2];
                case 3 -> p < c[2];
                case 4 -> p >= c[2];
                default -> p <= c[2];
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
