package dev.minternet.services.db;

import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.transport.StreamSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Opens PostgreSQL connections to one server: a transport connection from the
 * {@link StreamConnector}, then the startup exchange (protocol 3.0, user, database, trust
 * authentication) until the server's first ReadyForQuery. Trace events (layer "db-client"):
 * connect, ready, query, result.
 */
public final class DatabaseClient {
    private final Simulator sim;
    private final Trace trace;
    private final String node;
    private final StreamConnector connector;
    private final String user;
    private final String database;
    private final String applicationName;
    private boolean requestSsl;

    /**
     * @param trace may be null
     * @param node the client's node name, for traces
     */
    public DatabaseClient(Simulator sim, Trace trace, String node, StreamConnector connector, String user,
                          String database, String applicationName) {
        this.sim = sim;
        this.trace = trace;
        this.node = node;
        this.connector = connector;
        this.user = user;
        this.database = database;
        this.applicationName = applicationName;
    }

    /**
     * Send SSLRequest before StartupMessage, as psql/libpq do by default (sslmode=prefer); the
     * server's 'N' lets the session go on in plain text. Off by default.
     */
    public DatabaseClient requestSsl(boolean on) {
        this.requestSsl = on;
        return this;
    }

    public Simulator simulator() {
        return sim;
    }

    /**
     * Opens a connection; exactly one of the callbacks runs: {@code onReady} after the server's
     * first ReadyForQuery, or {@code onError} (transport failure: 08006; server refusal: its
     * FATAL error).
     */
    public void connect(Consumer<DbConnection> onReady, Consumer<DbError> onError) {
        if (tracing()) {
            trace.emit(node, DbClientEvents.CONNECT, user, database);
        }
        connector.connect(new StreamConnector.Callback() {
            @Override
            public void connected(StreamSocket socket) {
                DbConnection c = new DbConnection(DatabaseClient.this, socket, conn -> {
                    if (tracing()) {
                        trace.emit(node, DbClientEvents.READY, conn.processId());
                    }
                    onReady.accept(conn);
                }, onError);
                Map<String, String> params = new LinkedHashMap<>();
                params.put("user", user);
                params.put("database", database);
                if (applicationName != null) {
                    params.put("application_name", applicationName);
                }
                c.start(params, requestSsl);
            }

            @Override
            public void failed(String error) {
                onError.accept(DbError.connectionFailure(error));
            }
        });
    }

    /**
     * Asks the server to cancel {@code c}'s current query: a new transport connection carrying a
     * CancelRequest with the process id and secret key from BackendKeyData, then closed. The
     * server answers nothing on it; if the cancel takes effect, the query fails with 57014.
     */
    public void cancel(DbConnection c) {
        if (tracing()) {
            trace.emit(node, DbClientEvents.CANCEL, c.processId());
        }
        connector.connect(new StreamConnector.Callback() {
            @Override
            public void connected(StreamSocket socket) {
                socket.setHandler((s, data) -> { });
                socket.send(PgCodec.encode(new FrontendMessage.CancelRequest(c.processId(), c.secretKey())));
                socket.close();
            }

            @Override
            public void failed(String error) {
                // best effort, as in libpq: nothing to report
            }
        });
    }

    private boolean tracing() {
        return trace != null && trace.enabled();
    }

    void traceQuery(DbConnection c, String sql) {
        if (tracing()) {
            trace.emit(node, DbClientEvents.QUERY, c.processId(), sql);
        }
    }

    void traceResult(DbConnection c, QueryResult r) {
        if (tracing()) {
            trace.emit(node, DbClientEvents.RESULT, c.processId(), r.ok() ? (Object) r.rows().size() : null,
                    r.ok() ? null : r.error().code());
        }
    }
}
