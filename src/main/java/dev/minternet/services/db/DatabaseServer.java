package dev.minternet.services.db;

import dev.minternet.services.db.BackendMessage.AuthenticationOk;
import dev.minternet.services.db.BackendMessage.BackendKeyData;
import dev.minternet.services.db.BackendMessage.CommandComplete;
import dev.minternet.services.db.BackendMessage.DataRow;
import dev.minternet.services.db.BackendMessage.EmptyQueryResponse;
import dev.minternet.services.db.BackendMessage.ErrorResponse;
import dev.minternet.services.db.BackendMessage.ParameterStatus;
import dev.minternet.services.db.BackendMessage.ReadyForQuery;
import dev.minternet.services.db.BackendMessage.RowDescription;
import dev.minternet.sim.Event;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.transport.Outbox;
import dev.minternet.transport.StreamSocket;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A database server speaking the PostgreSQL frontend/backend protocol v3 on any
 * {@link StreamSocket} (a TCP connection to port 5432, or a test pipe), executing real SQL on an
 * embedded H2 database, and answering after a modelled service time.
 *
 * <p><b>Protocol.</b> Startup (protocol 3.0 only), SSLRequest and GSSENCRequest answered 'N',
 * trust authentication (any user is accepted with AuthenticationOk: the simulation models no
 * passwords; every user is an ordinary role, {@code is_superuser off}, whose SQL runs in the
 * sandbox {@link H2Database} describes), ParameterStatus, BackendKeyData, ReadyForQuery, and the
 * simple query protocol:
 * RowDescription, DataRow (text format), CommandComplete, EmptyQueryResponse, ErrorResponse with
 * PostgreSQL SQLSTATEs. A StartupMessage naming another database than {@link Config#database}
 * gets FATAL 3D000. A CancelRequest naming a session's process id and secret key cancels that
 * session's query if it still waits for an executor (ERROR 57014); a query already in service
 * has run on H2 and completes, as when a real cancel arrives too late. The extended query protocol
 * (Parse/Bind/Execute) and COPY are not modelled: such a message gets FATAL 0A000 and the
 * connection closes.
 *
 * <p><b>Service time.</b> Queries are served by {@link Config#executors} executors in FIFO order;
 * a query waits in the server's queue while all are busy, so load shows up as latency. A query
 * occupies its executor for {@code queryTimeNs + rowTimeNs * rows} where rows counts rows
 * returned plus rows affected. The SQL runs on H2 when the query <em>starts</em> service (its
 * duration depends on its result), and the answer is sent when service ends; so a write becomes
 * visible to other sessions at the start of its service time, not at the end. One connection's
 * queries are served one at a time, in order, as a PostgreSQL backend does.
 *
 * <p><b>Determinism.</b> Nothing reads the wall clock: BackendKeyData's secret keys come from a
 * seeded stream, process ids count up from {@value #FIRST_PID}. H2 would read the host clock and
 * an unseeded generator, so: with {@link Config#epoch} set, now(), CURRENT_TIMESTAMP, CURRENT_DATE
 * and the other PostgreSQL clock functions are replaced by literals of the simulated date when a
 * query starts service (seeds run at the epoch); in CREATE/ALTER (a DEFAULT would be evaluated
 * later by H2's clock) and without an epoch they are refused with 0A000, as random(),
 * random_uuid() and the like always are; a lock conflict between sessions always fails with
 * 55P03 after a 1 ms (real-time) lock timeout (see {@link H2Database}).
 *
 * Rows of a SELECT without ORDER BY come in H2's scan order: the same in every run, not
 * necessarily PostgreSQL's.
 *
 * <p><b>Limits.</b> At most {@link Config#maxConnections} sessions (FATAL 53300 beyond); the
 * first ReadyForQuery comes {@link Config#connectTimeNs} after the StartupMessage.
 *
 * <p>Trace events (layer "db"): connect, query (arrival), query-start (wait), query-done
 * (tag or error code, rows, service time), fatal, disconnect.
 */
public final class DatabaseServer implements AutoCloseable {
    /** SQLSTATE 53300 too_many_connections. */
    public static final String TOO_MANY_CONNECTIONS = "53300";

    /** SQLSTATE 57014 query_canceled. */
    public static final String QUERY_CANCELED = "57014";

    /** First process id handed out in BackendKeyData. */
    public static final int FIRST_PID = 1000;

    /**
     * Server settings.
     *
     * @param name node or service name, for traces and the random stream
     * @param database the database clients must name in StartupMessage (null: any name)
     * @param seedSql statements run once at construction (may hold several separated by ';')
     * @param queryTimeNs service time of every query
     * @param rowTimeNs additional service time per row returned or affected
     * @param executors queries served at once (PostgreSQL backends busy in parallel)
     * @param maxConnections sessions allowed at once (PostgreSQL's max_connections, default 100);
     *     one more gets FATAL 53300 "sorry, too many clients already"
     * @param connectTimeNs time from StartupMessage to the server's first ReadyForQuery (backend
     *     start and authentication), not taken from the executors
     * @param serverVersion reported as the server_version parameter
     * @param epoch the simulated date at t = 0 (the world's), which now(), CURRENT_TIMESTAMP and
     *     the other clock functions read; null refuses them (0A000)
     */
    public record Config(String name, String database, List<String> seedSql, long queryTimeNs, long rowTimeNs,
                         int executors, int maxConnections, long connectTimeNs, String serverVersion,
                         Instant epoch) {
        public Config {
            seedSql = List.copyOf(seedSql);
            if (executors < 1) {
                throw new IllegalArgumentException("executors must be at least 1: " + executors);
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
            }
            if (queryTimeNs < 0 || rowTimeNs < 0 || connectTimeNs < 0) {
                throw new IllegalArgumentException("service times must not be negative");
            }
        }

        /**
         * Defaults: database "app", 1 ms per query, no per-row time, 4 executors, 100 connections,
         * instant startup, no simulated date (clock functions refused).
         */
        public static Config of(String name, List<String> seedSql) {
            return new Config(name, "app", seedSql, 1_000_000L, 0, 4, 100, 0, DEFAULT_SERVER_VERSION, null);
        }

        public Config withServiceTime(long queryNs, long rowNs) {
            return new Config(name, database, seedSql, queryNs, rowNs, executors, maxConnections, connectTimeNs, serverVersion, epoch);
        }

        public Config withExecutors(int n) {
            return new Config(name, database, seedSql, queryTimeNs, rowTimeNs, n, maxConnections, connectTimeNs, serverVersion, epoch);
        }

        public Config withDatabase(String db) {
            return new Config(name, db, seedSql, queryTimeNs, rowTimeNs, executors, maxConnections, connectTimeNs, serverVersion, epoch);
        }

        public Config withMaxConnections(int n) {
            return new Config(name, database, seedSql, queryTimeNs, rowTimeNs, executors, n, connectTimeNs, serverVersion, epoch);
        }

        public Config withEpoch(Instant date) {
            return new Config(name, database, seedSql, queryTimeNs, rowTimeNs, executors, maxConnections, connectTimeNs,
                    serverVersion, date);
        }

        public Config withConnectTime(long ns) {
            return new Config(name, database, seedSql, queryTimeNs, rowTimeNs, executors, maxConnections, ns, serverVersion, epoch);
        }
    }

    /** The server_version we report: the PostgreSQL release whose protocol behaviour we follow. */
    public static final String DEFAULT_SERVER_VERSION = "16.4 (Minternet, H2 2.3.232)";

    private final Simulator sim;
    private final Trace trace;
    private final Config config;
    private final H2Database db;
    private final SplittableRandom keys;
    private final ArrayDeque<Conn> queue = new ArrayDeque<>();
    private final List<Conn> connections = new ArrayList<>();
    private int sessions;
    private int busy;
    private int nextPid = FIRST_PID;
    private int nextConnId = 1;

    // counters
    private long queries;
    private long errors;
    private long totalWaitNs;
    private long maxWaitNs;
    private int maxQueueLength;

    /**
     * Runs the static initialisers of H2 and of its sandbox (which restricts H2 before H2 loads, see
     * {@link H2Database}) ahead of the first database: what `visit` does on its main thread while the
     * default world is being read on another. Nothing else changes: the first database is created as
     * it would be.
     */
    public static void initialiseAhead() {
        for (Class<?> c : List.of(H2Database.class, org.h2.jdbc.JdbcConnection.class)) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The databases being created ahead ({@link #createAhead}), by what makes them. */
    private static final Map<Ahead, FutureTask<H2Database>> AHEAD = new ConcurrentHashMap<>();

    private record Ahead(String name, List<String> seedSql, Instant epoch) {
    }

    /**
     * Announces the database of a server of this name, seed and epoch and returns the work that
     * creates and seeds it, for the caller to run at once on its own thread; the next server of that
     * configuration takes it ({@link #DatabaseServer}). A visit's reading thread creates the default
     * world's database while the main thread warms the routers up. The database is the one the
     * server would create: the same statements in the same sandbox. If creating it ahead failed, the
     * server creates it again, and fails the same way.
     */
    public static Runnable createAhead(String name, List<String> seedSql, Instant epoch) {
        Ahead key = new Ahead(name, List.copyOf(seedSql), epoch);
        FutureTask<H2Database> task = new FutureTask<>(() -> new H2Database(name, key.seedSql(), epoch));
        AHEAD.put(key, task);
        return task;
    }

    /** The database created ahead for this configuration, else a new one. */
    private static H2Database database(Config config) {
        FutureTask<H2Database> ahead = AHEAD.remove(new Ahead(config.name(), config.seedSql(), config.epoch()));
        if (ahead != null) {
            try {
                return ahead.get();
            } catch (ExecutionException e) {
                // created again below, which reports the failure
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new H2Database(config.name(), config.seedSql(), config.epoch());
    }

    public DatabaseServer(Simulator sim, Trace trace, Config config) {
        this.sim = sim;
        this.trace = trace;
        this.config = config;
        this.db = database(config);
        this.keys = sim.randoms().stream("db:" + config.name() + ":backend-keys");
    }

    public Config config() {
        return config;
    }

    /** Serves a newly accepted connection (e.g. from a TCP listener on port 5432). */
    public void accept(StreamSocket socket) {
        Conn c = new Conn(socket, nextConnId++);
        connections.add(c);
        socket.setHandler(c);
    }

    /** Queries answered or failed so far. */
    public long queries() {
        return queries;
    }

    public long errors() {
        return errors;
    }

    /** Sum of the time queries spent queued for an executor. */
    public long totalQueueWaitNs() {
        return totalWaitNs;
    }

    public long maxQueueWaitNs() {
        return maxWaitNs;
    }

    public int maxQueueLength() {
        return maxQueueLength;
    }

    /** Queries waiting for an executor now. */
    public int queueLength() {
        return queue.size();
    }

    /** Executors serving a query now. */
    public int busyExecutors() {
        return busy;
    }

    /** Open client connections. */
    public int connectionCount() {
        return connections.size();
    }

    /** Drops the database; open connections are aborted. */
    @Override
    public void close() {
        for (Conn c : new ArrayList<>(connections)) {
            c.shut();
            c.outbox.abort();
        }
        db.close();
    }

    private boolean tracing() {
        return trace != null && trace.enabled();
    }

    private String node(Conn c) {
        return c.socket.nodeName();
    }

    // ---------------------------------------------------------------- executors

    private void submit(Conn c) {
        c.enqueuedAt = sim.now();
        if (busy < config.executors()) {
            start(c);
        } else {
            queue.add(c);
            maxQueueLength = Math.max(maxQueueLength, queue.size());
        }
    }

    private void start(Conn c) {
        busy++;
        c.inService = true;
        long wait = sim.now() - c.enqueuedAt;
        totalWaitNs += wait;
        maxWaitNs = Math.max(maxWaitNs, wait);
        String sql = c.current;
        if (tracing()) {
            trace.emit(node(c), DbEvents.QUERY_START, c.id, wait);
        }
        QueryResult r = c.session.execute(sql, config.epoch() == null ? null : config.epoch().plusNanos(sim.now()));
        long service = config.queryTimeNs() + config.rowTimeNs() * r.rowsTouched();
        c.result = r;
        c.serviceNs = service;
        sim.schedule(service, c.done);
    }

    private void finish(Conn c) {
        busy--;
        c.inService = false;
        queries++;
        QueryResult r = c.result;
        if (!r.ok()) {
            errors++;
        }
        if (tracing()) {
            trace.emit(node(c), DbEvents.QUERY_DONE, c.id, r.ok() ? (r.statements().isEmpty() ? "EMPTY" : last(r).tag()) : null,
                    r.ok() ? null : r.error().code(), r.rowsTouched(), c.serviceNs);
        }
        c.result = null;
        c.current = null;
        if (!c.closed) {
            c.outbox.write(response(r, c.session.transactionStatus()));
        }
        while (!queue.isEmpty()) {
            Conn next = queue.poll();
            if (!next.closed) {
                start(next);
                break;
            }
        }
        if (!c.closed) {
            c.nextQuery();
        }
    }

    /** CancelRequest: fails the target's query with 57014 if it is still queued. */
    private void cancel(int pid, int key) {
        for (Conn c : connections) {
            if (c.pid == pid && c.secretKey == key && c.session != null) {
                boolean cancelled = c.current != null && !c.inService && queue.remove(c);
                if (tracing()) {
                    trace.emit(node(c), DbEvents.CANCEL, c.id, pid, cancelled);
                }
                if (cancelled) {
                    queries++;
                    errors++;
                    c.current = null;
                    c.outbox.write(response(QueryResult.failed(new DbError("ERROR", QUERY_CANCELED,
                            "canceling statement due to user request")), c.session.transactionStatus()));
                    c.nextQuery();
                }
                return;
            }
        }
    }

    private static StatementResult last(QueryResult r) {
        return r.statements().get(r.statements().size() - 1);
    }

    /** The messages answering one Query, ending in ReadyForQuery, as one byte string. */
    static byte[] response(QueryResult r, char txStatus) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (r.isEmptyQuery()) {
            out.writeBytes(PgCodec.encode(new EmptyQueryResponse()));
        }
        for (StatementResult s : r.statements()) {
            if (s.returnsRows()) {
                out.writeBytes(PgCodec.encode(new RowDescription(s.fields())));
                for (List<String> row : s.rows()) {
                    out.writeBytes(PgCodec.encode(new DataRow(row)));
                }
            }
            out.writeBytes(PgCodec.encode(new CommandComplete(s.tag())));
        }
        if (r.error() != null) {
            DbError e = r.error();
            out.writeBytes(PgCodec.encode(new ErrorResponse(e.severity(), e.code(), e.message())));
        }
        out.writeBytes(PgCodec.encode(new ReadyForQuery(txStatus)));
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- one client connection

    private final class Conn implements StreamSocket.Handler {
        final StreamSocket socket;
        final int id;
        final Outbox outbox;
        final FrontendReader reader = new FrontendReader();
        final ArrayDeque<String> pending = new ArrayDeque<>();
        SqlSession session;
        String current;
        QueryResult result;
        long serviceNs;
        long enqueuedAt;
        boolean closed;
        boolean inService;
        int pid;
        int secretKey;
        /** Fires when the current query's service time is over. */
        final Event done = new Event() {
            @Override
            protected void fire() {
                finish(Conn.this);
            }
        };

        Conn(StreamSocket socket, int id) {
            this.socket = socket;
            this.id = id;
            this.outbox = new Outbox(socket);
        }

        @Override
        public void onData(StreamSocket s, byte[] data) {
            if (closed) {
                return;
            }
            reader.feed(data);
            try {
                FrontendMessage m;
                while (!closed && (m = reader.next()) != null) {
                    handle(m);
                }
            } catch (PgProtocolException e) {
                fatal(PgProtocol.PROTOCOL_VIOLATION, e.getMessage());
            }
        }

        private void handle(FrontendMessage m) {
            if (m instanceof FrontendMessage.SslRequest || m instanceof FrontendMessage.GssEncRequest) {
                outbox.write(new byte[] {PgProtocol.ENCRYPTION_REFUSED});
            } else if (m instanceof FrontendMessage.CancelRequest cr) {
                // a cancel connection carries nothing else and gets no answer
                shut();
                outbox.closeAfterFlush();
                cancel(cr.processId(), cr.secretKey());
            } else if (m instanceof FrontendMessage.Startup st) {
                startup(st);
            } else if (m instanceof FrontendMessage.Query q) {
                if (session == null) {
                    fatal(PgProtocol.PROTOCOL_VIOLATION, "query before startup");
                    return;
                }
                if (tracing()) {
                    trace.emit(node(this), DbEvents.QUERY, id, q.sql());
                }
                pending.add(q.sql());
                if (current == null) {
                    nextQuery();
                }
            } else if (m instanceof FrontendMessage.Terminate) {
                shut();
                outbox.closeAfterFlush();
            } else if (m instanceof FrontendMessage.Unsupported u) {
                fatal(PgProtocol.FEATURE_NOT_SUPPORTED, "message type '" + u.type()
                        + "' is not supported: this server speaks the simple query protocol only");
            }
        }

        void nextQuery() {
            if (current == null && !pending.isEmpty()) {
                current = pending.poll();
                submit(this);
            }
        }

        private void startup(FrontendMessage.Startup st) {
            String user = st.parameters().get("user");
            if (user == null || user.isEmpty()) {
                fatal(PgProtocol.INVALID_AUTHORIZATION, "no PostgreSQL user name specified in startup packet");
                return;
            }
            String database = st.parameters().getOrDefault("database", user);
            if (config.database() != null && !config.database().equals(database)) {
                fatal(PgProtocol.INVALID_CATALOG_NAME, "database \"" + database + "\" does not exist");
                return;
            }
            if (sessions >= config.maxConnections()) {
                fatal(TOO_MANY_CONNECTIONS, "sorry, too many clients already");
                return;
            }
            int pid = nextPid++;
            int key = keys.nextInt();
            this.pid = pid;
            this.secretKey = key;
            Map<String, String> params = new LinkedHashMap<>();
            params.put("application_name", st.parameters().getOrDefault("application_name", ""));
            params.put("client_encoding", "UTF8");
            params.put("DateStyle", "ISO, MDY");
            params.put("integer_datetimes", "on");
            params.put("IntervalStyle", "postgres");
            // an ordinary role: the sandbox user may touch its own tables and nothing else (H2Database)
            params.put("is_superuser", "off");
            params.put("server_encoding", "UTF8");
            params.put("server_version", config.serverVersion());
            params.put("session_authorization", user);
            params.put("standard_conforming_strings", "on");
            params.put("TimeZone", "UTC");
            session = new SqlSession(db.open(), Collections.unmodifiableMap(params));
            sessions++;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(PgCodec.encode(new AuthenticationOk()));
            for (Map.Entry<String, String> e : params.entrySet()) {
                out.writeBytes(PgCodec.encode(new ParameterStatus(e.getKey(), e.getValue())));
            }
            out.writeBytes(PgCodec.encode(new BackendKeyData(pid, key)));
            out.writeBytes(PgCodec.encode(new ReadyForQuery(PgProtocol.TX_IDLE)));
            if (tracing()) {
                trace.emit(node(this), DbEvents.CONNECT, id, user, database, pid);
            }
            byte[] answer = out.toByteArray();
            if (config.connectTimeNs() == 0) {
                outbox.write(answer);
            } else {
                sim.schedule(config.connectTimeNs(), () -> {
                    if (!closed) {
                        outbox.write(answer);
                    }
                });
            }
        }

        private void fatal(String code, String message) {
            if (tracing()) {
                trace.emit(node(this), DbEvents.FATAL, id, code, message);
            }
            outbox.write(PgCodec.encode(new ErrorResponse("FATAL", code, message)));
            shut();
            outbox.closeAfterFlush();
        }

        /** Forgets the session; a query in service still holds its executor until its time is up. */
        void shut() {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
            connections.remove(this);
            if (session != null) {
                session.close();
                sessions--;
            }
            if (tracing()) {
                trace.emit(node(this), DbEvents.DISCONNECT, id);
            }
        }

        @Override
        public void onWritable(StreamSocket s) {
            outbox.flush();
        }

        @Override
        public void onPeerClosed(StreamSocket s) {
            shut();
            outbox.closeAfterFlush();
        }

        @Override
        public void onClosed(StreamSocket s, String error) {
            shut();
        }
    }
}
