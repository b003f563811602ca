package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.sim.Timer;
import java.util.List;
import java.util.Locale;

/**
 * What traceroute does the same way over IPv4 and IPv6 (Linux traceroute 2.1): the options every
 * variant takes, the probes (nqueries per hop from the first hop to the last), up to squeries of
 * them in flight and never past the hop where the target answered, a silent probe timing out as
 * "*", and the hops printed in order as soon as all of a hop's probes are done. The variants say
 * how a probe goes out and how its answer is read.
 *
 * @param <A> the address type
 */
abstract class TracerouteProbes<A> {
    /** One probe: its hop, its place in the run, and how it ended. */
    static final class Probe<A> {
        int hop;
        int index;
        long sentAt;
        boolean done;
        A from;
        long rttNs = -1;
        String annotation = "";
        boolean final_;
        boolean sent;
    }

    final Node node;
    final Terminal term;
    final String target;
    /** The host's place on the command line (C's argc index), for traceroute's complaints. */
    final int argc;
    final boolean numeric;
    final int firstHop;
    final int maxHops;
    final int nq;
    /** -w MAX (ns), and its HERE and NEAR factors. */
    final long wait;
    final double hereFactor;
    final double nearFactor;
    /** When the first probe not yet printed gives up (traceroute 2.1 expires only that one); made with the first probe. */
    private Timer expiry;
    /** Re-entered from a completion it causes: the loop in {@link #expireDue} goes on instead. */
    private boolean expiring;
    final int simProbes;
    final int basePort;
    /** The length on the header line and of each probe (a TCP probe's is its headers, whatever was asked). */
    int packetLen;
    final int headers;
    /** -z: the least time between two probes sent (ns; 0: none), and when the last one went. */
    final long sendWait;
    private long lastSentAt = Long.MIN_VALUE;
    private Timer sendTimer;
    Probe<A>[] probes;
    int nextToSend;
    int inFlight;
    int nextToPrint;
    int lastHop = Integer.MAX_VALUE;
    boolean finished;

    /** Reads the options every traceroute takes; {@code headers} is the smallest packet length. */
    TracerouteProbes(Node node, Args a, Terminal term, int defaultLen, int headers) {
        this.node = node;
        this.term = term;
        this.target = a.operands.get(0);
        this.argc = a.operandAt.get(0);
        this.numeric = a.has('n');
        long first = clifNumber(a, 'f', 1);
        long max = clifNumber(a, 'm', 30);
        long queries = clifNumber(a, 'q', 3);
        double[] waits = waitSpecs(a);
        this.simProbes = a.integer('N', 16, 1, 256, "squeries");
        this.basePort = a.integer('p', Traceroute.BASE_PORT, 1, 65535, "port");
        this.headers = headers;
        long len = defaultLen;
        if (a.operands.size() == 2) {
            String v = a.operands.get(1).strip();
            if (!v.matches("[+-]?\\d+")) {
                throw new IllegalArgumentException("Cannot handle \"packetlen\" cmdline arg `" + a.operands.get(1)
                        + "' on position 2 (argc " + a.operandAt.get(1) + ")");
            }
            // strtol (saturating), kept in an int as traceroute 2.1 keeps it; below 0 is the default:
            // 99999999999 is "too big packetlen 1215752191", 4294967296 is 0 (headers only)
            long l;
            try {
                l = Long.parseLong(v);
            } catch (NumberFormatException e) {
                l = v.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            len = (int) l < 0 ? defaultLen : (int) l;
        }
        // traceroute 2.1's checks, in its order and words (its ex_error: the message alone, exit 2)
        if (first < 1 || first > max) {
            throw new IllegalArgumentException("first hop out of range");
        }
        if (max > MAX_HOPS) {
            throw new IllegalArgumentException("max hops cannot be more than " + MAX_HOPS);
        }
        if (queries < 1 || queries > MAX_PROBES) {
            throw new IllegalArgumentException("no more than " + MAX_PROBES + " probes per hop");
        }
        if (waits[0] < 0 || waits[1] < 0 || waits[2] < 0) {
            throw new IllegalArgumentException("bad wait specifications `" + Formats.g(waits[0]) + "," + Formats.g(waits[1])
                    + "," + Formats.g(waits[2]) + "' used");
        }
        this.sendWait = sendWait(a);
        this.wait = Math.round(waits[0] * 1e9);
        this.hereFactor = waits[1];
        this.nearFactor = waits[2];
        if (len > MAX_PACKET_LEN) {
            throw new IllegalArgumentException("too big packetlen " + len + " specified");
        }
        this.firstHop = (int) first;
        this.maxHops = (int) max;
        this.nq = (int) queries;
        this.packetLen = (int) Math.max(len, headers);
    }

    /** clif's refusal of an option's value: the option, the value and the argument holding it. */
    private static IllegalArgumentException cannotHandle(Args a, char c) {
        return new IllegalArgumentException("Cannot handle `-" + c + "' option with arg `" + a.value(c) + "' (argc "
                + a.valueAt(c) + ")");
    }

    /** A whole number as clif reads one (strtol, nothing left over), or its refusal. */
    private static long clifNumber(Args a, char c, long def) {
        String v = a.value(c);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
        } catch (NumberFormatException e) {
            throw cannotHandle(a, c);
        }
    }

    /**
     * {@code -w MAX[,HERE,NEAR]} as traceroute 2.1 reads it: seconds, then the factors of the
     * "here" and "near" waits (3 and 10 by default; see {@link #timeoutNs}).
     */
    private static double[] waitSpecs(Args a) {
        double[] w = {5, 3, 10};
        String v = a.value('w');
        if (v == null) {
            return w;
        }
        String[] parts = v.split(",", -1);
        if (parts.length > 3) {
            throw cannotHandle(a, 'w');
        }
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.isEmpty() || !p.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                throw cannotHandle(a, 'w');
            }
            w[i] = Double.parseDouble(p);
            if (Double.isInfinite(w[i])) {
                throw cannotHandle(a, 'w');
            }
        }
        return w;
    }

    /**
     * {@code -z sendwait} as traceroute 2.1 reads it: above 10 a number of milliseconds, else of
     * seconds (fractions too); a negative one is refused.
     */
    private static long sendWait(Args a) {
        String v = a.value('z');
        if (v == null) {
            return 0;
        }
        String t = v.strip();
        if (t.isEmpty() || !t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw cannotHandle(a, 'z');
        }
        double z = Double.parseDouble(t);
        if (z < 0 || Double.isInfinite(z)) {
            throw new IllegalArgumentException("bad sendtime `" + Formats.g(z) + "' specified");
        }
        return Math.round(z > 10 ? z * 1e6 : z * 1e9);
    }

    /** traceroute 2.1's limits: hops, probes a hop, and a probe's length. */
    static final int MAX_HOPS = 255;
    static final int MAX_PROBES = 10;
    static final int MAX_PACKET_LEN = 65000;

    /**
     * Runs {@code session}; a refused command line prints its message alone and exits 2, as
     * traceroute 2.1's ex_error does (no program name before it, unlike iputils' tools).
     */
    static void orExError(Terminal term, Runnable session) {
        try {
            session.run();
        } catch (Answer a) {
            a.lines.forEach(term::println);
            term.exit(a.status);
        } catch (IllegalArgumentException e) {
            term.println(e.getMessage());
            term.exit(2);
        }
    }

    /** A command line answered with text instead of a trace (--help, --version): the lines and the status. */
    static final class Answer extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final List<String> lines;
        final int status;

        Answer(List<String> lines, int status) {
            super(lines.get(0));
            this.lines = lines;
            this.status = status;
        }
    }

    /** Sends probe {@code p}'s packet carrying {@code data}. */
    abstract void transmit(Probe<A> p, byte[] data);

    /** The address as the trace records it. */
    abstract String text(A addr);

    /** The address as traceroute prints it on a hop line. */
    abstract String hostLabel(A addr);

    /** Closes the variant's socket or echo id. */
    abstract void close();

    /** Prints the header line (the target shown as {@code dstText}) and starts probing. */
    @SuppressWarnings("unchecked")
    final void run(String dstText) {
        probes = new Probe[(maxHops - firstHop + 1) * nq];
        for (int i = 0; i < probes.length; i++) {
            Probe<A> p = new Probe<>();
            p.hop = firstHop + i / nq;
            p.index = i;
            probes[i] = p;
        }
        term.println("traceroute to " + target + " (" + dstText + "), " + maxHops + " hops max, " + packetLen
                + " byte packets");
        term.onInterrupt(this::finish);
        pump();
    }

    /** Keeps up to simProbes probes outstanding, never past the hop where the target answered. */
    final void pump() {
        while (!finished && inFlight < simProbes && nextToSend < probes.length && probes[nextToSend].hop <= lastHop) {
            long now = node.sim().now();
            if (sendWait > 0 && lastSentAt != Long.MIN_VALUE && now < lastSentAt + sendWait) {
                // -z: the next probe waits until sendwait has passed since the last one
                if (sendTimer == null) {
                    sendTimer = new Timer(node.sim(), this::pump);
                }
                if (!sendTimer.isPending()) {
                    sendTimer.setAt(lastSentAt + sendWait);
                }
                return;
            }
            lastSentAt = now;
            send(probes[nextToSend++]);
        }
    }

    private void send(Probe<A> p) {
        p.sentAt = node.sim().now();
        p.sent = true;
        inFlight++;
        byte[] data = new byte[Math.max(0, packetLen - headers)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (0x40 + i);
        }
        transmit(p, data);
        expireDue();
    }

    /**
     * How long probe {@code p} waits, as traceroute 2.1's get_timeout computes it when it looks:
     * HERE times the round trip (plus 1 ms) of the first answered probe of its hop, else NEAR times
     * that of the first answered probe sent after it, each at most MAX; MAX when none has answered.
     */
    private long timeoutNs(Probe<A> p) {
        if (hereFactor != 0) {
            int base = p.index - p.index % nq;
            for (int i = base; i < base + nq; i++) {
                if (probes[i].done && probes[i].rttNs > 0) {
                    return factored(probes[i].rttNs, hereFactor);
                }
            }
        }
        if (nearFactor != 0) {
            for (int i = p.index + 1; i < probes.length && probes[i].sent; i++) {
                if (probes[i].done && probes[i].rttNs > 0) {
                    return factored(probes[i].rttNs, nearFactor);
                }
            }
        }
        return wait;
    }

    private long factored(long rttNs, double factor) {
        double s = (rttNs / 1e9 + 0.001) * factor; // DEF_WAIT_PREC: 1 ms added against precision issues
        return s < wait / 1e9 ? Math.round(s * 1e9) : wait;
    }

    /**
     * traceroute 2.1's loop: the first probe not yet printed gives up when its wait (computed now)
     * has passed since it was sent, and then the next one is looked at the same way; the others
     * wait their turn. Then the expiry is set for the one at the head.
     */
    private void expireDue() {
        if (expiring || finished) {
            return;
        }
        expiring = true;
        try {
            while (!finished) {
                Probe<A> head = head();
                if (head == null || !head.sent) {
                    if (expiry != null) {
                        expiry.cancel();
                    }
                    return;
                }
                long t = timeoutNs(head);
                long at = head.sentAt > Long.MAX_VALUE - t ? Long.MAX_VALUE : head.sentAt + t; // -w 1e300: never
                if (at > node.sim().now()) {
                    if (expiry == null) {
                        expiry = new Timer(node.sim(), this::expireDue);
                    }
                    if (!expiry.isPending() || expiry.time() != at) {
                        expiry.setAt(at);
                    }
                    return;
                }
                complete(head, null, -1, "", false);
            }
        } finally {
            expiring = false;
        }
    }

    /** The first probe not done, from the first hop not yet printed; null when none is left. */
    private Probe<A> head() {
        for (int i = nextToPrint * nq; i < probes.length; i++) {
            if (!probes[i].done) {
                return probes[i];
            }
        }
        return null;
    }

    /** The probe at {@code index}, or null when the index names none of this run's. */
    final Probe<A> probe(int index) {
        return index < 0 || index >= probes.length ? null : probes[index];
    }

    /** Probe {@code p} was answered by {@code from} after {@code rtt} ns (null and -1: it timed out). */
    final void complete(Probe<A> p, A from, long rtt, String annotation, boolean isFinal) {
        if (p.done || finished) {
            return;
        }
        p.done = true;
        inFlight--;
        p.from = from;
        p.rttNs = rtt;
        p.annotation = annotation;
        p.final_ = isFinal;
        if (isFinal) {
            lastHop = Math.min(lastHop, p.hop);
        }
        if (node.trace().enabled()) {
            node.trace().emit(node.name(), ToolEvents.TRACEROUTE_PROBE, p.hop, p.index % nq, from == null ? "*" : text(from), rtt);
        }
        printReady();
        pump();
        expireDue();
    }

    /** Prints finished hops in order; ends after the hop where the destination answered. */
    private void printReady() {
        while (!finished && nextToPrint * nq < probes.length) {
            int base = nextToPrint * nq;
            for (int q = 0; q < nq; q++) {
                if (!probes[base + q].done) {
                    return;
                }
            }
            int hop = probes[base].hop;
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%2d ", hop));
            A lastFrom = null;
            boolean reached = false;
            for (int q = 0; q < nq; q++) {
                Probe<A> p = probes[base + q];
                if (p.rttNs < 0) {
                    sb.append(" *");
                    continue;
                }
                if (!p.from.equals(lastFrom)) {
                    sb.append(' ').append(hostLabel(p.from));
                    lastFrom = p.from;
                }
                sb.append(String.format(Locale.ROOT, "  %.3f ms", p.rttNs / 1e6)).append(p.annotation);
                reached |= p.final_;
            }
            term.println(sb.toString());
            nextToPrint++;
            if (reached || hop >= lastHop || nextToPrint * nq >= probes.length) {
                finish();
                return;
            }
        }
    }

    final void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (expiry != null) {
            expiry.cancel();
        }
        if (sendTimer != null) {
            sendTimer.cancel();
        }
        close();
        term.exit(0);
    }
}
