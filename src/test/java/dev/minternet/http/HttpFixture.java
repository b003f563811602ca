package dev.minternet.http;

import dev.minternet.sim.Simulator;
import dev.minternet.transport.StreamPipe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A client and a server joined by a {@link StreamPipe}: the harness every HTTP test starts from
 * (public for curl's tests in tools/curl).
 */
public final class HttpFixture {
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    public static final long MS = 1_000_000L;

    public final Simulator sim = new Simulator(1);
    public final StreamPipe pipe;
    public final HttpServer server = new HttpServer(sim, EPOCH);
    public final List<Exchange> done = new ArrayList<>();
    public HttpClient client;

    public HttpFixture() {
        this(StreamPipe.Config.DEFAULT.withDelay(10 * MS));
    }

    public HttpFixture(StreamPipe.Config config) {
        pipe = StreamPipe.create(sim, config);
    }

    /** Starts serving and opens a client speaking {@code p}. */
    public HttpClient connect(HttpProtocol p, HttpClient.Options o) {
        server.serve(pipe.server());
        client = HttpClient.open(sim, pipe.client(), p, o);
        return client;
    }

    public HttpClient connect(HttpProtocol p) {
        return connect(p, HttpClient.Options.curl("www.example.com"));
    }

    public void send(Request r) {
        client.send(r, done::add);
    }

    public void run() {
        sim.run();
    }
}
