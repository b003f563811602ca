package dev.minternet.endpoint;

import dev.minternet.http.HttpClient;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Timer;
import dev.minternet.tls.TlsStreamSocket;
import dev.minternet.transport.StreamSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Happy Eyeballs v2 (RFC 8305 sections 4 and 5) over {@link Endpoints#connect}: the addresses of
 * both families, interleaved with the preferred family first (IPv6 when the node has a route and
 * a source address for it, RFC 6724), are tried one after another; each next attempt starts when
 * the connection attempt delay has passed without a connection, or at once when every running
 * attempt has failed. The first TCP handshake to complete wins, the others are aborted, and the
 * winner goes on to TLS and HTTP. The delay is the RFC's recommended 250 ms
 * ({@link #RFC_DELAY_NS}, the browser's) or curl's own default of 200 ms ({@link #CURL_DELAY_NS},
 * CURLOPT_HAPPY_EYEBALLS_TIMEOUT_MS).
 */
public final class HappyEyeballs {
    /** RFC 8305 section 8: "a Connection Attempt Delay ... of 250 ms" recommended. */
    public static final long RFC_DELAY_NS = 250 * Durations.MS;
    /** curl's default happy eyeballs timeout (CURLOPT_HAPPY_EYEBALLS_TIMEOUT_MS 200). */
    public static final long CURL_DELAY_NS = 200 * Durations.MS;

    /** Hears each attempt start, fail and win (curl -v's lines, the browser's narration). */
    public interface Observer {
        default void trying(Dial d) {
        }

        /** An attempt failed before any connection won: {@code attempt} has its TCP connection (or null). */
        default void attemptFailed(Dial d, Attempt attempt, Steps.Failure f) {
        }

        /**
         * {@code d} won; {@code why} says how (the preferred family connected within the delay, the
         * other family started after the delay and connected first, or an attempt failed).
         */
        default void won(Dial d, String why) {
        }
    }

    private final Node node;
    private final List<Dial> order;
    private final long delayNs;
    private final Steps steps;
    private final Observer observer;
    private final List<Attempt> running = new ArrayList<>();
    private final List<Dial> runningDials = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Timer timer;
    private int next;
    private Attempt won;
    private boolean decided;

    private HappyEyeballs(Node node, List<Dial> order, long delayNs, Steps steps, Observer observer) {
        this.node = node;
        this.order = order;
        this.delayNs = delayNs;
        this.steps = steps;
        this.observer = observer;
        this.timer = new Timer(node.sim(), this::delayPassed);
    }

    /**
     * Interleaves {@code v6} and {@code v4} dials (RFC 8305 section 4), the first family first,
     * and races them with {@code delayNs} between attempts. With one family it is a plain
     * sequence: the next address only when the previous one failed.
     */
    public static HappyEyeballs connect(Node node, List<Dial> v6, List<Dial> v4, boolean v6First, long delayNs,
            Steps steps, Observer observer) {
        List<Dial> first = v6First ? v6 : v4;
        List<Dial> second = v6First ? v4 : v6;
        List<Dial> order = new ArrayList<>();
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            if (i < first.size()) {
                order.add(first.get(i));
            }
            if (i < second.size()) {
                order.add(second.get(i));
            }
        }
        HappyEyeballs he = new HappyEyeballs(node, order, delayNs, steps, observer);
        he.startNext();
        return he;
    }

    /** Whether the node prefers IPv6 to reach {@code v6} (RFC 6724 as getaddrinfo sorts: a usable source address). */
    public static boolean prefersV6(Node node, List<dev.minternet.wire.Ip6> v6) {
        return !v6.isEmpty() && node.ip6().sourceFor(v6.get(0)) != null;
    }

    /** Gives up: every running attempt is aborted, no step is reported after this. */
    public void abort() {
        decided = true;
        timer.cancel();
        running.forEach(Attempt::abort);
        running.clear();
        if (won != null) {
            won.abort();
        }
    }

    private void startNext() {
        Dial d = order.get(next++);
        observer.trying(d);
        Race race = new Race(d);
        race.attempt = Endpoints.connect(node, d, race); // reports nothing before it returns
        runningDials.add(d);
        running.add(race.attempt);
        if (next < order.size()) {
            timer.setAfter(delayNs); // RFC 8305 section 5: the next attempt after the delay
        }
    }

    private void delayPassed() {
        if (!decided && next < order.size()) {
            startNext();
        }
    }

    private void remove(Dial d) {
        int i = runningDials.indexOf(d);
        if (i >= 0) {
            runningDials.remove(i);
            running.remove(i);
        }
    }

    /** The steps of one attempt: the first TCP connection wins; failures start the next attempt. */
    private final class Race implements Steps {
        private final Dial dial;
        Attempt attempt;
        private boolean winner;

        Race(Dial dial) {
            this.dial = dial;
        }

        @Override
        public void tcpConnected(StreamSocket tcp) {
            if (!decided) {
                decided = true;
                winner = true;
                won = attempt;
                timer.cancel();
                remove(dial);
                for (Attempt a : running) {
                    if (a != null) {
                        a.abort();
                    }
                }
                running.clear();
                observer.won(dial, why(dial));
            }
            if (winner) {
                steps.tcpConnected(tcp);
            }
        }

        @Override
        public void tlsDone(TlsStreamSocket tls) {
            if (winner) {
                steps.tlsDone(tls);
            }
        }

        @Override
        public boolean takeStream(StreamSocket stream) {
            return winner && steps.takeStream(stream);
        }

        @Override
        public void ready(HttpClient client) {
            if (winner) {
                steps.ready(client);
            }
        }

        @Override
        public void failed(Failure f) {
            if (winner) {
                steps.failed(f);
                return;
            }
            if (decided) {
                return;
            }
            remove(dial);
            failures.add(family(dial) + " " + dial.host() + " failed: " + f.error());
            observer.attemptFailed(dial, attempt, f);
            if (next < order.size()) {
                timer.cancel();
                startNext(); // RFC 8305 section 5: a failure starts the next attempt at once
            } else if (running.isEmpty()) {
                decided = true;
                timer.cancel();
                steps.failed(f);
            }
        }
    }

    /** Why {@code d} won, for the narration. */
    private String why(Dial d) {
        Dial first = order.get(0);
        String delay = delayNs / Durations.MS + " ms";
        if (d == first) {
            return next > 1 ? family(d) + " connected first (the " + family(order.get(1)) + " attempt had started after the "
                    + delay + " connection attempt delay)"
                    : family(d) + " (preferred) connected within the " + delay + " connection attempt delay";
        }
        if (!failures.isEmpty()) {
            return String.join("; ", failures);
        }
        return family(first) + " to " + first.host() + " had not connected after the " + delay
                + " connection attempt delay, and " + family(d) + " connected first";
    }

    /** "IPv6" or "IPv4". */
    public static String family(Dial d) {
        return d.address6() != null ? "IPv6" : "IPv4";
    }
}
