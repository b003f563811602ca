package dev.minternet.services.app;

import dev.minternet.http.Headers;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import dev.minternet.http.ResponseStream;
import dev.minternet.sim.Simulator;
import dev.minternet.sim.Timer;
import dev.minternet.trace.Trace;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * {@code GET /api/events}: server-sent events (WHATWG HTML, "Server-sent events", the
 * {@code text/event-stream} format) pushed from the application server. The events are the
 * server's clock: tick N happens at simulated time {@code N * interval} (N from 1), whether or not
 * anyone listens, so a tick's id and time are a function of the schedule alone. Each connected
 * client gets every tick after it connected as
 *
 * <pre>
 * id: N
 * event: tick
 * data: {"tick":N,"time":"2026-...Z"}
 * (blank line)
 * </pre>
 *
 * <p>The stream opens with {@code retry: 3000} (the client's reconnection delay) and a comment
 * line {@code : ping} goes out every 15 s of the connection so proxies and the client see it is
 * alive. A client that reconnects with {@code Last-Event-ID: K} first gets the ticks after K
 * that it missed (at most {@link #HISTORY} of them, the latest), at once, then the live ones. The
 * response is never ended by the server: the client ends it by closing.
 */
public final class EventStream {
    /** The path. */
    public static final String PATH = "/api/events";
    /** The media type (WHATWG HTML 9.2). */
    public static final String TYPE = "text/event-stream";
    /** The reconnection time sent in the {@code retry:} field, in milliseconds. */
    public static final long RETRY_MS = 3000;
    /** The keep-alive comment's period. */
    public static final long PING_NS = 15_000_000_000L;
    /** The most missed ticks replayed to a client that reconnects with Last-Event-ID. */
    public static final int HISTORY = 100;

    private final Simulator sim;
    private final Trace trace;
    private final String node;
    private final Instant epoch;
    private final long intervalNs;

    /**
     * @param intervalNs the clock's period: tick N at simulated time N * intervalNs
     * @param trace may be null
     */
    public EventStream(Simulator sim, Trace trace, String node, Instant epoch, long intervalNs) {
        if (intervalNs <= 0) {
            throw new IllegalArgumentException("interval must be positive");
        }
        this.sim = sim;
        this.trace = trace;
        this.node = node;
        this.epoch = epoch;
        this.intervalNs = intervalNs;
    }

    public long intervalNs() {
        return intervalNs;
    }

    /** Serves one request: a 406 if it refuses event streams, else the stream. */
    public void handle(Request req, ResponseStream out) {
        String accept = req.headers().get("accept");
        if (accept != null && !accepts(accept)) {
            out.start(Response.of(406, ApiServer.JSON, ("{\"error\":\"not acceptable\",\"detail\":\"available: " + TYPE + "\"}")
                    .getBytes(StandardCharsets.UTF_8)));
            out.end();
            return;
        }
        long last = lastEventId(req.headers().get("last-event-id"));
        long now = sim.now();
        long past = now / intervalNs; // ticks that have happened already
        long from = last < 0 ? past + 1 : Math.max(last + 1, past - HISTORY + 1);
        if (trace != null && trace.enabled()) {
            trace.emit(node, SseEvents.OPEN, req.clientAddress() + ":" + req.remotePort(), last, from);
        }
        StringBuilder head = new StringBuilder("retry: ").append(RETRY_MS).append("\n\n");
        long replayed = 0;
        for (long n = Math.max(from, 1); n <= past; n++) {
            head.append(event(n));
            replayed++;
        }
        out.start(new Response(200, Headers.EMPTY.with("Content-Type", TYPE).with("Cache-Control", "no-cache"),
                head.toString().getBytes(StandardCharsets.UTF_8)));
        if (replayed > 0 && trace != null && trace.enabled()) {
            trace.emit(node, SseEvents.REPLAY, req.clientAddress() + ":" + req.remotePort(), from, replayed);
        }
        Client c = new Client(out, req.clientAddress() + ":" + req.remotePort());
        out.onClose(c::stop);
        c.tick.setAt((past + 1) * intervalNs);
        c.ping.setAfter(PING_NS);
    }

    /** One connected client's timers. */
    private final class Client {
        final ResponseStream out;
        final String peer;
        final Timer tick;
        final Timer ping;

        Client(ResponseStream out, String peer) {
            this.out = out;
            this.peer = peer;
            this.tick = new Timer(sim, this::tick);
            this.ping = new Timer(sim, this::ping);
        }

        void tick() {
            if (!out.isOpen()) {
                stop();
                return;
            }
            long n = sim.now() / intervalNs;
            byte[] b = event(n).getBytes(StandardCharsets.UTF_8);
            out.write(b);
            if (trace != null && trace.enabled()) {
                trace.emit(node, SseEvents.SEND, peer, n, (long) b.length);
            }
            tick.setAt((n + 1) * intervalNs);
        }

        void ping() {
            if (!out.isOpen()) {
                stop();
                return;
            }
            out.write(": ping\n\n".getBytes(StandardCharsets.UTF_8));
            ping.setAfter(PING_NS);
        }

        void stop() {
            tick.cancel();
            ping.cancel();
            if (trace != null && trace.enabled()) {
                trace.emit(node, SseEvents.CLOSE, peer);
            }
        }
    }

    /** Tick {@code n} in the event-stream format. */
    String event(long n) {
        Instant at = epoch.plusNanos(n * intervalNs);
        return "id: " + n + "\nevent: tick\ndata: {\"tick\":" + n + ",\"time\":\"" + at + "\"}\n\n";
    }

    /** The Last-Event-ID as a tick number, or -1 when absent or not one of ours. */
    static long lastEventId(String v) {
        if (v == null) {
            return -1;
        }
        String s = v.strip();
        return s.matches("[0-9]{1,18}") ? Long.parseLong(s) : -1;
    }

    /** True when an Accept header admits text/event-stream. */
    static boolean accepts(String accept) {
        for (String part : accept.split(",")) {
            String t = part.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
            if (t.equals(TYPE) || t.equals("text/*") || t.equals("*/*")) {
                return true;
            }
        }
        return false;
    }
}
