package dev.minternet.tools;

import dev.minternet.files.FilePolicy;
import dev.minternet.node.Node;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The ports after nc's host, as netcat-openbsd 1.219's build_ports reads them ({@code nc -zv host
 * 80 443 22}, {@code nc -zv host 20-25}, mixed): each a number, a service name of /etc/services or
 * a range {@code LO-HI} (either order; a range starts with a digit), refused in nc's words
 * ("port number invalid: abc", "port number too large: 99999", "port number too small: 0") before
 * anything is tried; then one attempt a port, in order, each reporting as a single one would; the
 * next starts once the one before has ended; the status is 0 when any succeeded (130 on Ctrl-C).
 */
final class PortRange {
    /** Most ports one command line may list: one of each, as nc's port list holds them. */
    static final int MAX_PORTS = 65535;

    private PortRange() {
    }

    /** A port nc refuses: said alone on its line, without the usage (nc's errx). */
    static final class BadPort extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadPort(String message) {
            super(message);
        }
    }

    /** nc's strtoport: a number from 1 to 65535, else a service name for {@code proto}. */
    static int port(String s, String proto) {
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            Integer named = s.isEmpty() || s.chars().allMatch(Character::isDigit) ? null : Services.byName(s, proto);
            if (named == null) {
                throw new BadPort("port number " + (s.matches("\\d+") ? "too large" : "invalid") + ": " + s);
            }
            return named;
        }
        if (n < 1) {
            throw new BadPort("port number too small: " + s);
        }
        if (n > 65535) {
            throw new BadPort("port number too large: " + s);
        }
        return (int) n;
    }

    /** Every port {@code operands} name, in their order, a range's from its low end. */
    static int[] ports(List<String> operands, String proto) {
        if (operands.isEmpty()) {
            throw new BadPort("missing port number");
        }
        int[] out = new int[0];
        int n = 0;
        for (String s : operands) {
            int dash = s.indexOf('-');
            int lo;
            int hi;
            if (dash > 0 && Character.isDigit(s.charAt(0))) {
                lo = port(s.substring(0, dash), proto);
                hi = port(s.substring(dash + 1), proto);
                if (lo > hi) {
                    int t = lo;
                    lo = hi;
                    hi = t;
                }
            } else {
                lo = port(s, proto);
                hi = lo;
            }
            if (n + (hi - lo + 1) > MAX_PORTS) {
                throw new BadPort("too many ports: at most " + MAX_PORTS + " in one command");
            }
            out = java.util.Arrays.copyOf(out, n + (hi - lo + 1));
            for (int p = lo; p <= hi; p++) {
                out[n++] = p;
            }
        }
        return out;
    }

    /** Runs {@code attempt} (its terminal, its port) for each of {@code ports} in turn. */
    static void each(Node node, Terminal term, int[] ports, BiConsumer<Terminal, Integer> attempt) {
        int[] next = {0};
        boolean[] any = {false};
        Runnable[] step = new Runnable[1];
        Terminal each = new Terminal() {
            @Override
            public void println(String line) {
                term.println(line);
            }

            @Override
            public void exit(int code) {
                any[0] |= code == 0;
                if (code == 130 || next[0] >= ports.length) {
                    term.exit(code == 130 ? 130 : any[0] ? 0 : 1);
                } else {
                    node.sim().schedule(0, step[0]); // the next port once this attempt has ended
                }
            }

            @Override
            public void onInterrupt(Runnable r) {
                term.onInterrupt(r);
            }

            @Override
            public FilePolicy files() {
                return term.files();
            }
        };
        step[0] = () -> attempt.accept(each, ports[next[0]++]);
        step[0].run();
    }
}
