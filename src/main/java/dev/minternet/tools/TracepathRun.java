package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * One run of tracepath (iputils 20221126), the same over IPv4 and IPv6; its IPv4 and IPv6
 * variants ({@link Tracepath}) say how a probe goes out and what an address looks like. The loop is the
 * real one's, step for step, with its one blocking call (a one-second select on the socket)
 * turned into a wait in simulated time:
 *
 * <ul>
 *   <li>TTL from 1 to the maximum; at each, up to three probes. A probe is a UDP datagram of the
 *       current MTU (IP and UDP headers included) with DF set (IP_PMTUDISC_DO), sent to port
 *       base + n where n counts probes modulo 64; it carries the TTL and the time it left.
 *   <li>A send refused for its size queues a local error: "[LOCALHOST] pmtu N", the MTU drops to
 *       N and the probe is sent again. Up to ten refused sends make "send failed".
 *   <li>After a send, the socket is waited on for up to a second; then everything in the error
 *       queue is read and printed, a line each: time exceeded (the hop), "pmtu N" (fragmentation
 *       needed; the MTU drops and the same TTL is probed again), "reached" (port unreachable),
 *       !H, !N, !A, !P. A probe answered by nothing for the whole second counts as lost; three
 *       lost probes print "no reply". An answer arriving after its second stays queued and is
 *       printed with the next read, as the real one prints it late.
 *   <li>A changed MTU restarts the TTL's probes even after "reached", which is why the real tool
 *       prints a hop twice after a "[LOCALHOST]" line.
 * </ul>
 *
 * Times are simulated: the probe's timestamp is the simulated clock read as CLOCK_MONOTONIC
 * (plus one second, as a machine that has been up a while: tracepath takes a quoted timestamp of
 * 0 seconds for a corrupted payload).
 *
 * @param <A> the address type
 */
abstract class TracepathRun<A> {
    /** MAX_PROBES: sends refused before "send failed". */
    static final int MAX_SENDS = 10;
    /** HIS_ARRAY_SIZE: probes remembered by port, for answers that quote too little of them. */
    static final int HISTORY = 64;
    /** sizeof(struct probehdr): a 4-byte TTL, 4 bytes of padding, a 16-byte struct timespec. */
    static final int PROBE_HEADER = 24;
    /** data_wait's select timeout. */
    static final long WAIT_NS = Durations.S;
    /** CLOCK_MONOTONIC at the simulation's time 0 (see the class comment). */
    static final long MONOTONIC_AT_ZERO_NS = Durations.S;
    static final int HOST_COLUMN = 52;
    /** Longer than any datagram: a probe this long is refused before it is built. */
    static final int MAX_DATAGRAM = 65536;

    /** How a queued error reads, as errno and origin say it. */
    enum Kind { TTL_EXCEEDED, MSG_SIZE, REFUSED, PROTO, HOST_UNREACHABLE, NET_UNREACHABLE, ACCES, OTHER }

    /**
     * An entry of the socket's error queue (struct sock_extended_err and what comes with it):
     * {@code local} is SO_EE_ORIGIN_LOCAL, {@code port} the destination port of the datagram it
     * is about, {@code payload} what it quotes of that datagram's data, {@code info} ee_info (an
     * MTU), {@code hops} the TTL it arrived with (-1 when none), {@code errnoText} strerror for
     * {@link Kind#OTHER}.
     */
    record Err<A>(boolean local, A from, int port, byte[] payload, Kind kind, int info, int hops, String errnoText) {
    }

    final Node node;
    final Terminal term;
    final Tracepath.Options opts;
    final String program;
    final int overhead;
    int mtu;
    int ttl;
    private int hisptr;
    private final int[] hisHops = new int[HISTORY];
    private final long[] hisSent = new long[HISTORY];
    private int hopsTo = -1;
    private int hopsFrom = -1;
    private final ArrayDeque<Err<A>> errors = new ArrayDeque<>();
    private int datagrams;
    private Timer wait;
    private boolean waiting;
    private boolean finished;
    /** The main loop's place: the probe of this TTL (0..2), the MTU before it, its result. */
    private int attempt;
    private int oldMtu;
    private int res;
    /** The line being printed (printf without a newline yet). */
    private final StringBuilder line = new StringBuilder();

    /** A run with packets of {@code mtu} bytes (-l, or the family's default), {@code overhead} of them headers. */
    TracepathRun(Node node, Terminal term, Tracepath.Options opts, String program, int overhead, int mtu) {
        this.node = node;
        this.term = term;
        this.opts = opts;
        this.program = program;
        this.overhead = overhead;
        this.mtu = mtu;
    }

    /** Sets the socket's TTL (hop limit). */
    abstract void setTtl(int ttl);

    /**
     * Sends a probe of {@code len} bytes, {@code data} followed by zeros ({@code data} is shorter
     * than a probe too large to send), to the target's {@code port}; true when the send succeeded
     * (queues any error it causes, as the kernel queues a local error).
     */
    abstract boolean send(int port, byte[] data, int len);

    /** The address as getnameinfo prints it with NI_NUMERICHOST. */
    abstract String numeric(A addr);

    /** The address's name as getnameinfo gives it (the address itself when it has none). */
    abstract String name(A addr);

    abstract void close();

    /** A local error about a send (SO_EE_ORIGIN_LOCAL, EMSGSIZE with the path MTU). */
    final void queueLocal(int port, int pathMtu) {
        queue(new Err<>(true, null, port, new byte[0], Kind.MSG_SIZE, pathMtu, -1, null));
    }

    /** An error for the socket's queue; wakes a waiting run, as it wakes select. */
    final void queue(Err<A> e) {
        if (finished) {
            return;
        }
        errors.add(e);
        wake();
    }

    /** A datagram arrived on the socket (the destination answered the probe). */
    final void datagram() {
        if (finished) {
            return;
        }
        datagrams++;
        wake();
    }

    private void wake() {
        if (waiting && wait.time() > node.sim().now()) {
            wait.setAt(node.sim().now());
        }
    }

    /** Starts at TTL 1. */
    final void begin() {
        term.onInterrupt(this::interrupted);
        ttl = 1;
        hop();
    }

    /** main's for loop over the TTLs. */
    private void hop() {
        if (ttl > opts.maxHops) {
            term.println("     Too many hops: pmtu " + mtu);
            done();
            return;
        }
        setTtl(ttl);
        attempt = 0;
        res = -1;
        nextAttempt();
    }

    /** main's inner loop: up to three probe_ttl calls. */
    private void nextAttempt() {
        if (attempt >= 3) {
            // the loop ran out: every probe of this TTL came back with nothing
            term.println(String.format(Locale.ROOT, "%2d:  no reply", ttl));
            ttl++;
            hop();
            return;
        }
        oldMtu = mtu;
        int r = probeSend();
        if (r != PENDING) {
            probed(r);
        }
    }

    /** What main does with probe_ttl's result. */
    private void probed(int r) {
        res = r;
        if (mtu != oldMtu) {
            attempt = 0; // goto restart: the TTL's probes again, at the new MTU
            nextAttempt();
            return;
        }
        if (res == 0) {
            done();
            return;
        }
        if (res > 0) {
            ttl++;
            hop();
            return;
        }
        attempt++;
        nextAttempt();
    }

    private static final int PENDING = Integer.MIN_VALUE;

    /** probe_ttl up to its wait: sends (again while the MTU shrinks), or gives up. */
    private int probeSend() {
        int i = 0;
        while (i < MAX_SENDS) {
            int port = (opts.basePort + hisptr) & 0xffff;
            long now = node.sim().now();
            hisHops[hisptr] = ttl;
            hisSent[hisptr] = now;
            int len = mtu - overhead;
            byte[] data = new byte[Math.max(Math.min(len, MAX_DATAGRAM), PROBE_HEADER)];
            putLe(data, 0, ttl, 4);
            long mono = now + MONOTONIC_AT_ZERO_NS;
            putLe(data, 8, mono / Durations.S, 8);
            putLe(data, 16, mono % Durations.S, 8);
            if (send(port, data, len)) {
                break;
            }
            int r = recverr();
            hisHops[hisptr] = 0;
            if (r == 0) {
                return 0;
            }
            i = r > 0 ? 0 : i + 1;
        }
        if (i == MAX_SENDS) {
            term.println(String.format(Locale.ROOT, "%2d:  send failed", ttl));
            return 0;
        }
        hisptr = (hisptr + 1) & (HISTORY - 1);
        // data_wait: select() on the socket for up to a second
        if (wait == null) {
            wait = new Timer(node.sim(), this::waited);
        }
        waiting = true;
        wait.setAt(errors.isEmpty() && datagrams == 0 ? node.sim().now() + WAIT_NS : node.sim().now());
        return PENDING;
    }

    /** probe_ttl after its wait: a datagram from the target, or what the error queue holds. */
    private void waited() {
        waiting = false;
        if (finished) {
            return;
        }
        int r;
        if (datagrams > 0) {
            datagrams--;
            term.println(String.format(Locale.ROOT, "%2d?: reply received 8)", ttl));
            r = 0;
        } else {
            r = recverr();
        }
        if (!finished) {
            probed(r);
        }
    }

    /**
     * recverr: prints each queued error; -1 when the queue was empty, 0 when the trace is over
     * (reached, or an unreachable), else the MTU.
     */
    private int recverr() {
        int progress = -1;
        while (true) {
            Err<A> e = errors.poll();
            if (e == null) {
                return progress;
            }
            long now = node.sim().now();
            progress = mtu;
            int sndhops = -1;
            long retts = -1;
            boolean broken = false;
            int slot = e.port() - opts.basePort;
            if (slot >= 0 && slot < HISTORY - 1 && hisHops[slot] != 0) {
                sndhops = hisHops[slot];
                retts = hisSent[slot];
                hisHops[slot] = 0;
            }
            if (e.payload().length >= PROBE_HEADER) {
                long qttl = getLe(e.payload(), 0, 4);
                long sec = getLe(e.payload(), 8, 8);
                long nsec = getLe(e.payload(), 16, 8);
                if (qttl == 0 || sec == 0) {
                    broken = true;
                } else {
                    sndhops = (int) qttl;
                    retts = sec * Durations.S + nsec - MONOTONIC_AT_ZERO_NS;
                }
            }
            if (e.local()) {
                line.append(String.format(Locale.ROOT, "%2d?: %-32s ", ttl, "[LOCALHOST]"));
            } else {
                line.append(sndhops > 0 ? String.format(Locale.ROOT, "%2d:  ", sndhops) : String.format(Locale.ROOT, "%2d?: ", ttl));
                host(e.from());
            }
            if (retts != -1) {
                long ns = now - retts;
                line.append(String.format(Locale.ROOT, "%3d.%03dms ", ns / 1_000_000, ns % 1_000_000 / 1000));
                if (broken) {
                    line.append("(This broken router returned corrupted payload) ");
                }
            }
            int rethops = e.hops();
            if (rethops <= 64) {
                rethops = 65 - rethops;
            } else if (rethops <= 128) {
                rethops = 129 - rethops;
            } else {
                rethops = 256 - rethops;
            }
            switch (e.kind()) {
                case MSG_SIZE -> {
                    endLine("pmtu " + e.info());
                    mtu = e.info();
                    progress = mtu;
                }
                case REFUSED -> {
                    endLine("reached");
                    hopsTo = sndhops < 0 ? ttl : sndhops;
                    hopsFrom = rethops;
                    return 0;
                }
                case PROTO -> {
                    endLine("!P");
                    return 0;
                }
                case TTL_EXCEEDED -> {
                    if (rethops >= 0 && (sndhops >= 0 && rethops != sndhops || sndhops < 0 && rethops != ttl)) {
                        line.append(String.format(Locale.ROOT, "asymm %2d ", rethops));
                    }
                    endLine("");
                }
                case HOST_UNREACHABLE -> {
                    endLine("!H");
                    return 0;
                }
                case NET_UNREACHABLE -> {
                    endLine("!N");
                    return 0;
                }
                case ACCES -> {
                    endLine("!A");
                    return 0;
                }
                case OTHER -> {
                    endLine("");
                    term.println(program + ": NET ERROR: " + e.errnoText());
                    return 0;
                }
            }
        }
    }

    /** print_host: the name (and address with -b), padded to the host column. */
    private void host(A from) {
        String a;
        String b;
        if (opts.numeric) {
            a = numeric(from);
            b = opts.both ? name(from) : "";
        } else {
            a = name(from);
            b = opts.both ? numeric(from) : "";
        }
        int start = line.length();
        line.append(a);
        if (opts.both) {
            line.append(" (").append(b).append(')');
        }
        int plen = Math.min(line.length() - start, HOST_COLUMN - 1);
        line.append(" ".repeat(HOST_COLUMN - plen));
    }

    private void endLine(String end) {
        line.append(end);
        term.println(line.toString());
        line.setLength(0);
    }

    /** Stops waiting and closes the socket; false when the run had already ended. */
    private boolean end() {
        if (finished) {
            return false;
        }
        finished = true;
        if (wait != null) {
            wait.cancel();
        }
        close();
        return true;
    }

    /** The end: the summary line, then exit 0 (the real tool exits 0 whatever it found). */
    private void done() {
        if (!end()) {
            return;
        }
        StringBuilder s = new StringBuilder("     Resume: pmtu ").append(mtu).append(' ');
        if (hopsTo >= 0) {
            s.append("hops ").append(hopsTo).append(' ');
        }
        if (hopsFrom >= 0) {
            s.append("back ").append(hopsFrom).append(' ');
        }
        term.println(s.toString());
        term.exit(0);
    }

    /** Ctrl-C: SIGINT kills tracepath where it is, without the summary. */
    private void interrupted() {
        if (end()) {
            term.exit(130);
        }
    }

    static void putLe(byte[] b, int off, long v, int n) {
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static long getLe(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return v;
    }
}
