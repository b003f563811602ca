package dev.minternet.services.db;

import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.StreamPipe;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test fixture: a simulator, a {@link DatabaseServer} seeded with a small users table, and a
 * client whose connector opens a fresh {@link StreamPipe} to the server per connection.
 */
public final class DbHarness implements AutoCloseable {
    public static final List<String> SEED = List.of(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(200) UNIQUE)",
            "INSERT INTO users VALUES (1, 'Ada Lovelace', 'ada@example.com'), (2, 'Alan Turing', 'alan@example.com'),"
                    + " (3, 'Grace Hopper', 'grace@example.com')");

    public final Simulator sim = new Simulator(42);
    public final Trace trace = new Trace(sim);
    public final List<TraceEvent> events = new ArrayList<>();
    public final DatabaseServer server;
    public final DatabaseClient client;
    public final List<StreamPipe> pipes = new ArrayList<>();
    private final long delayNs;
    private final int maxChunk;
    private final int sendBuffer;
    private SplittableRandom chunker;

    public DbHarness(DatabaseServer.Config config, long delayNs, int maxChunk, int sendBuffer) {
        this.delayNs = delayNs;
        this.maxChunk = maxChunk;
        this.sendBuffer = sendBuffer;
        this.chunker = maxChunk > 0 ? sim.randoms().stream("pipe-chunks") : null;
        trace.subscribe(events::add);
        server = new DatabaseServer(sim, trace, config);
        client = new DatabaseClient(sim, trace, "app", StreamConnector.of(this::newPipe), "api", config.database(), "minternet-test");
    }

    public DbHarness(DatabaseServer.Config config, long delayNs) {
        this(config, delayNs, 0, Integer.MAX_VALUE);
    }

    public static DatabaseServer.Config config() {
        return DatabaseServer.Config.of("db1", SEED);
    }

    /**
     * A pipe from client 10.0.0.1:40000 to server 10.0.0.2:5432 that delivers each send whole
     * {@code delayNs} later, with an unlimited send buffer.
     */
    public static StreamPipe pipe(Simulator sim, long delayNs) {
        return pipe(sim, delayNs, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    private static StreamPipe pipe(Simulator sim, long delayNs, int sendBuffer, int chunkBytes) {
        StreamPipe.Config c = StreamPipe.Config.DEFAULT.withDelay(delayNs).withSendBuffer(sendBuffer).withChunkBytes(chunkBytes);
        return StreamPipe.create(sim, c, "client", 0x0a000001, 40000, "server", 0x0a000002, 5432);
    }

    private StreamPipe.End newPipe() {
        StreamPipe p = pipe(sim, delayNs, sendBuffer, chunker == null ? Integer.MAX_VALUE : maxChunk);
        if (chunker != null) {
            p.chunked(chunker);
        }
        pipes.add(p);
        server.accept(p.server());
        return p.client();
    }

    /** Opens a connection and runs the simulator until it is ready. */
    public DbConnection connect() {
        DbConnection[] out = new DbConnection[1];
        client.connect(c -> out[0] = c, e -> {
            throw new AssertionError("connect failed: " + e);
        });
        sim.run();
        if (out[0] == null) {
            throw new AssertionError("no connection");
        }
        return out[0];
    }

    /** Runs {@code sql} on {@code c} and the simulator until the answer is in. */
    public QueryResult query(DbConnection c, String sql) {
        QueryResult[] out = new QueryResult[1];
        c.query(sql, r -> out[0] = r);
        sim.run();
        if (out[0] == null) {
            throw new AssertionError("no answer to " + sql);
        }
        return out[0];
    }

    @Override
    public void close() {
        server.close();
    }
}
