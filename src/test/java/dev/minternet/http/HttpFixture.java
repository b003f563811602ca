package dev.minternet.http;

import dev.minternet.sim.Simulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A client and a server joined by a {@link StreamPipe}: the harness every HTTP test starts from. */
final class HttpFixture {
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    static final long MS = 1_000_000L;

    final Simulator sim = new Simulator(1);
    final StreamPipe pipe;
    final HttpServer server = new HttpServer(sim, EPOCH);
    final List<Exchange> done = new ArrayList<>();
    HttpClient client;

    HttpFixture() {
        this(StreamPipe.Config.DEFAULT.withDelay(10 * MS));
    }

    HttpFixture(StreamPipe.Config config) {
        pipe = StreamPipe.create(sim, config);
    }

    /** Starts serving and opens a client speaking {@code p}. */
    HttpClient connect(HttpProtocol p, HttpClient.Options o) {
        server.serve(pipe.server());
        client = HttpClient.open(sim, pipe.client(), p, o);
        return client;
    }

    HttpClient connect(HttpProtocol p) {
        return connect(p, HttpClient.Options.curl("www.example.com"));
    }

    void send(Request r) {
        client.send(r, done::add);
    }

    void run() {
        sim.run();
    }
}
