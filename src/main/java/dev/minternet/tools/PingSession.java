package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import java.util.function.ToLongFunction;

/**
 * What ping (IPv4) and ping6 do the same way, as iputils' ping_common.c does for both: the options
 * they share (-c, -s, -i, -W, -q, -n), one request per interval until -c is reached, the linger
 * for stragglers after the last one (twice the longest round trip once a reply came back, else -W),
 * one line per reply or error, stopping once replies and errors together reach -c, and the
 * statistics block at the end. The variants say how an echo goes out and how an address reads.
 *
 * <p>Also shared: {@code -D} prints {@code [seconds.microseconds] } before each reply, error and
 * "no answer yet" line as iputils' print_timestamp does, the seconds being the simulated clock's
 * date (the world's epoch plus simulated time), not the host's; {@code -p PATTERN} fills the data
 * with the pattern (after the "PATTERN: 0x.." line); {@code -f} (flood) prints a dot per request
 * and a backspace per reply instead of the lines, implies {@code -n}, and adds iputils'
 * "ipg/ewma" to the statistics. Its interval is 0 unless {@code -i} gives one, and the simulated
 * terminals are a user's, so plain {@code -f} is refused as iputils refuses it to a user ("cannot
 * flood; minimal interval allowed for user is 2ms") while {@code -f -i 0.002} or more floods. The
 * terminals print whole lines, so the dots and backspaces come out as one line when ping ends
 * (in lines of {@link #FLOOD_LINE_MAX} characters when there are more).
 *
 * @param <A> the address type
 */
abstract class PingSession<A> {
    final Node node;
    final Terminal term;
    final String target;
    A dst;
    final long count;
    final int size;
    final long interval;
    /** -W: the linger when nothing came back; set by the variant after its own options. */
    long timeout;
    final boolean quiet;
    final boolean numeric;
    /** -D: each line prefixed with the simulated date as "[seconds.micros] ". */
    final boolean timestamps;
    /** -f: dots and backspaces instead of lines (the line is printed when ping ends). */
    final boolean flood;
    final StringBuilder floodLine = new StringBuilder();
    /** The longest flood line kept before it is printed (the terminals print whole lines). */
    static final int FLOOD_LINE_MAX = 4096;
    /** -p: the data pattern (null: bytes counting up). */
    final byte[] pattern;
    /** -O: "no answer yet for icmp_seq=N" when the last request is unanswered as the next one leaves. */
    final boolean outstanding;
    int id;
    final PingStats stats = new PingStats();
    boolean finished;
    final Timer sendTimer;
    final Timer finishTimer;
    /**
     * -w: the deadline after the start, 0 for none. With it ping goes on sending past -c until
     * -c replies (or errors) came, stops at the first error, and ends at the deadline whatever it
     * waits for (iputils' pinger and main_loop).
     */
    final long deadline;

    /**
     * Reads -c, -s (at most {@code maxSize}), -i (as {@code intervalOf} reads it; below iputils'
     * user minimum it is refused once the "PING" line is out, as iputils' setup() does), -q and
     * -n, in the order iputils complains about them.
     */
    PingSession(Node node, Args a, Terminal term, int maxSize, ToLongFunction<Args> intervalOf) {
        this.node = node;
        this.term = term;
        this.target = a.operands.get(0);
        this.count = a.number('c', 0, 1, Long.MAX_VALUE, "argument"); // iputils' words for any bad number
        this.size = a.integer('s', 56, 0, maxSize, "argument");
        this.flood = a.has('f');
        long asked = intervalOf.applyAsLong(a);
        this.interval = flood && !a.has('i') ? 0 : asked; // iputils' setup(): flood without -i sends as fast as replies come
        this.deadline = a.number('w', 0, 0, Integer.MAX_VALUE, "argument") * Durations.S;
        this.quiet = a.has('q');
        this.numeric = a.has('n') || flood; // iputils: "avoid getaddrinfo() during flood"
        this.timestamps = a.has('D');
        this.pattern = a.has('p') ? PingOptions.pattern(a.str('p', "")) : null;
        this.outstanding = a.has('O');
        this.sendTimer = new Timer(node.sim(), this::sendNext);
        this.finishTimer = new Timer(node.sim(), this::finish);
    }

    /** Whether the target is an address literal of this family (then replies print numerically). */
    abstract boolean literal(String target);

    /** The address as ping prints it. */
    abstract String str(A addr);

    /** The name the world knows {@code addr} by, or null. */
    abstract String name(A addr);

    /**
     * Checks that the destination resolved and can be reached, printing ping's complaint when
     * not; opens the echo socket and prints the "PING" line when it can.
     */
    abstract boolean open();

    /** Sends request {@code seq}; false when it ended the session (a local error reached -c). */
    abstract boolean send(long seq);

    /** Closes the echo socket. */
    abstract void close();

    /** The destination as the "PING" line and the statistics name it: the target, or the address it is. */
    String shown() {
        return literal(target) ? str(dst) : target;
    }

    /** The data of each request: {@link PingOptions#data}. */
    byte[] data() {
        return PingOptions.data(size, pattern);
    }

    /** -D's prefix, the simulated date as iputils prints gettimeofday's: "[1700000000.123456] "; empty without -D. */
    String stamp() {
        if (!timestamps) {
            return "";
        }
        java.time.Instant t = node.world().date();
        return "[" + t.getEpochSecond() + "." + String.format(java.util.Locale.ROOT, "%06d", t.getNano() / 1000) + "] ";
    }

    /** Writes flood output ({@code .}, a backspace, {@code E}) unless -q; whole lines only at the end. */
    void floodOut(String s) {
        if (!quiet) {
            floodLine.append(s);
            if (floodLine.length() >= FLOOD_LINE_MAX) { // a long flood: bounded memory, the output in pieces
                term.println(floodLine.toString());
                floodLine.setLength(0);
            }
        }
    }

    /** Before the "PING" line: iputils' fill() prints the pattern as it reads the options (not under -q). */
    void printPattern() {
        if (pattern != null && !quiet) {
            term.println(PingOptions.patternLine(pattern));
        }
    }

    void begin() {
        if (!open()) {
            return;
        }
        if (interval < Ping.MIN_USER_INTERVAL_NS) {
            // iputils' setup(), after the "PING" line: a user may not ask for less than 2 ms (-f alone asks for 0)
            term.println("ping: cannot flood; minimal interval allowed for user is " + Ping.MIN_USER_INTERVAL_NS / Durations.MS + "ms");
            close();
            term.exit(2);
            return;
        }
        stats.start = node.sim().now();
        term.onInterrupt(this::finish);
        if (deadline > 0) {
            // set before the first send, so a send due at the deadline's instant comes after it (as the alarm wins in iputils)
            finishTimer.setAfter(deadline);
        }
        sendNext();
    }

    /** Complains as ping does about a destination it cannot use, and exits 2. */
    boolean refuse(String message) {
        term.println(message);
        term.exit(2);
        return false;
    }

    void sendNext() {
        if (finished) {
            return;
        }
        // iputils' pinger: before each request but the first, under -O (and -q too), the one before
        // it still unanswered (a reply sets its bit; an ICMP error does not), numbered modulo MAX_DUP_CHK
        if (outstanding && stats.transmitted > 0 && !stats.answered(stats.transmitted)) {
            term.println(stamp() + "no answer yet for icmp_seq=" + stats.transmitted % PingStats.WINDOW);
        }
        if (!send(stats.send(node.sim().now()))) {
            return;
        }
        if (flood) {
            floodOut(".");
        }
        if (count == 0 || stats.transmitted < count || deadline > 0) {
            sendTimer.setAfter(interval);
        } else {
            long linger = stats.received > 0 ? Math.max(2 * stats.maxUs() * Durations.US, Durations.MS) : timeout;
            finishTimer.setAfter(linger);
        }
    }

    /** A peer's address as a reply or error line names it: numeric, or "name (address)". */
    String from(A addr) {
        if (numeric || literal(target)) {
            return str(addr);
        }
        String name = name(addr);
        return (name == null ? str(addr) : name) + " (" + str(addr) + ")";
    }

    /**
     * Counts and prints the reply with sequence number {@code wireSeq}, {@code bytes} long, that
     * came with hop limit {@code ttl}; a reply to no request sent, or after the end, is ignored.
     */
    void reply(A from, int wireSeq, int bytes, int ttl) {
        long seq = stats.unwrap(wireSeq);
        if (finished || !stats.sent(seq)) {
            return;
        }
        stats.acknowledge(wireSeq);
        long rttNs = stats.rttNs(seq, node.sim().now());
        long us = rttNs / 1000;
        boolean dup = stats.answer(seq, us);
        traceReply(seq, rttNs, ttl, dup);
        if (flood) {
            floodOut("\b \b");
        } else if (!quiet) {
            term.println(stamp() + bytes + " bytes from " + from(from) + ": icmp_seq=" + wireSeq + " ttl=" + ttl + " time="
                    + Formats.pingTime(us) + " ms" + (dup ? " (DUP!)" : ""));
        }
        if (stats.enough(count)) {
            finish();
        }
    }

    /** Records a counted reply in the trace, where the variant has an event for it. */
    void traceReply(long seq, long rttNs, int ttl, boolean dup) {
    }

    /** Counts and prints an ICMP error about request {@code seq}, in the variant's words. */
    void error(A from, int seq, String description) {
        if (finished) {
            return;
        }
        stats.acknowledge(seq);
        stats.errors++;
        if (flood) {
            floodOut("\bE");
        } else if (!quiet) {
            term.println(stamp() + "From " + from(from) + " icmp_seq=" + seq + " " + description);
        }
        if (stats.enough(count) || deadline > 0) {
            finish();
        }
    }

    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        sendTimer.cancel();
        finishTimer.cancel();
        close();
        stats.print(term, shown(), floodLine.toString(), flood || interval == 0);
        term.exit(stats.received > 0 && !(deadline > 0 && stats.received < count) ? 0 : 1);
    }
}
