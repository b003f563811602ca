package dev.minternet.services.db;

import dev.minternet.services.db.BackendMessage.Field;
import dev.minternet.transport.Outbox;
import dev.minternet.transport.StreamSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The client end of one PostgreSQL connection, made by {@link DatabaseClient#connect}. Queries
 * are sent one at a time: a query asked for while another is outstanding waits its turn here
 * and goes out after the server's ReadyForQuery. Callbacks run on the simulator thread.
 *
 * <p>States: STARTING (StartupMessage sent, waiting for ReadyForQuery), READY, BUSY (a query
 * outstanding), CLOSED. If the connection breaks, every outstanding query fails with SQLSTATE
 * 08006 (connection_failure).
 */
final class DbConnection {
    enum State { SSL_NEGOTIATION, STARTING, READY, BUSY, CLOSED }

    private record Pending(String sql, Consumer<QueryResult> callback) {
    }

    private final DatabaseClient client;
    private final StreamSocket socket;
    private final Outbox outbox;
    private final BackendReader reader = new BackendReader();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private State state = State.STARTING;
    private Consumer<DbConnection> onReady;
    private Consumer<DbError> onStartupError;
    private int processId;
    private int secretKey;
    private char transactionStatus = PgProtocol.TX_IDLE;

    // the answer being assembled
    private Pending current;
    private final List<StatementResult> results = new ArrayList<>();
    private List<Field> fields;
    private List<List<String>> rows;
    private DbError error;

    DbConnection(DatabaseClient client, StreamSocket socket, Consumer<DbConnection> onReady, Consumer<DbError> onError) {
        this.client = client;
        this.socket = socket;
        this.outbox = new Outbox(socket);
        this.onReady = onReady;
        this.onStartupError = onError;
        socket.setHandler(new StreamSocket.Handler() {
            @Override
            public void onData(StreamSocket s, byte[] data) {
                received(data);
            }

            @Override
            public void onWritable(StreamSocket s) {
                outbox.flush();
            }

            @Override
            public void onPeerClosed(StreamSocket s) {
                if (state != State.CLOSED) {
                    broken("server closed the connection unexpectedly");
                }
                outbox.closeAfterFlush();
            }

            @Override
            public void onClosed(StreamSocket s, String error) {
                if (state != State.CLOSED) {
                    broken(error == null ? "connection closed" : error);
                }
            }
        });
    }

    private Map<String, String> startupParameters;

    /**
     * Begins the startup exchange. With {@code requestSsl} the client first sends SSLRequest, as
     * libpq does with sslmode=prefer, and goes on in plain text when the server answers 'N'.
     */
    void start(Map<String, String> startupParameters, boolean requestSsl) {
        this.startupParameters = startupParameters;
        if (requestSsl) {
            state = State.SSL_NEGOTIATION;
            reader.expectEncryptionResponse();
            outbox.write(PgCodec.encode(new FrontendMessage.SslRequest()));
        } else {
            outbox.write(PgCodec.encode(FrontendMessage.Startup.v3(startupParameters)));
        }
    }

    /** Sends {@code sql} as a simple Query (after any queries already waiting); {@code callback} gets the outcome. */
    public void query(String sql, Consumer<QueryResult> callback) {
        if (state == State.CLOSED) {
            callback.accept(QueryResult.failed(DbError.connectionFailure("connection is closed")));
            return;
        }
        pending.add(new Pending(sql, callback));
        sendNext();
    }

    private void sendNext() {
        if (state != State.READY || pending.isEmpty()) {
            return;
        }
        current = pending.poll();
        state = State.BUSY;
        results.clear();
        fields = null;
        rows = null;
        error = null;
        client.traceQuery(this, current.sql());
        outbox.write(PgCodec.encode(new FrontendMessage.Query(current.sql())));
    }

    /** True when connected, started and no query is outstanding or waiting. */
    public boolean isIdle() {
        return state == State.READY && pending.isEmpty();
    }

    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** ReadyForQuery's last transaction status: 'I', 'T' or 'E'. */
    public char transactionStatus() {
        return transactionStatus;
    }

    /** ParameterStatus values the server reported (server_version, TimeZone...). */
    public Map<String, String> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    public int processId() {
        return processId;
    }

    public int secretKey() {
        return secretKey;
    }

    public StreamSocket socket() {
        return socket;
    }

    /** Sends Terminate and closes; waiting queries fail with 08006. */
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        outbox.write(PgCodec.encode(new FrontendMessage.Terminate()));
        outbox.closeAfterFlush();
        broken("connection closed by client");
    }

    // ---------------------------------------------------------------- socket events

    private void received(byte[] data) {
        if (state == State.CLOSED) {
            return;
        }
        reader.feed(data);
        try {
            Object m;
            while (state != State.CLOSED && (m = reader.nextAny()) != null) {
                if (m instanceof BackendReader.EncryptionResponse e) {
                    encryptionAnswer(e.answer());
                } else {
                    handle((BackendMessage) m);
                }
            }
        } catch (PgProtocolException e) {
            outbox.abort();
            broken("protocol violation from server: " + e.getMessage());
        }
    }

    private void encryptionAnswer(char answer) {
        if (answer == PgProtocol.ENCRYPTION_REFUSED) {
            state = State.STARTING;
            outbox.write(PgCodec.encode(FrontendMessage.Startup.v3(startupParameters)));
        } else {
            outbox.abort();
            fail(new DbError("FATAL", PgProtocol.PROTOCOL_VIOLATION, "server answered SSLRequest with '" + answer
                    + "': TLS to the database is not supported by this client"));
        }
    }

    private void handle(BackendMessage m) {
        if (state == State.STARTING) {
            if (m instanceof BackendMessage.ParameterStatus p) {
                parameters.put(p.name(), p.value());
            } else if (m instanceof BackendMessage.BackendKeyData k) {
                processId = k.processId();
                secretKey = k.secretKey();
            } else if (m instanceof BackendMessage.ReadyForQuery r) {
                transactionStatus = r.status();
                state = State.READY;
                Consumer<DbConnection> cb = onReady;
                onReady = null;
                onStartupError = null;
                cb.accept(this);
                sendNext();
            } else if (m instanceof BackendMessage.ErrorResponse e) {
                fail(e.toError());
            } else if (m instanceof BackendMessage.Unsupported u && u.type() == 'R') {
                fail(new DbError("FATAL", PgProtocol.INVALID_AUTHORIZATION,
                        "server asked for an authentication method this client does not support"));
            }
            // AuthenticationOk and notices need no action
            return;
        }
        if (state != State.BUSY) {
            return; // e.g. a NoticeResponse between queries
        }
        if (m instanceof BackendMessage.RowDescription d) {
            fields = d.fields();
            rows = new ArrayList<>();
        } else if (m instanceof BackendMessage.DataRow r) {
            if (rows == null) {
                rows = new ArrayList<>();
            }
            rows.add(r.values());
        } else if (m instanceof BackendMessage.CommandComplete c) {
            results.add(new StatementResult(fields, rows == null ? List.of() : rows, c.tag()));
            fields = null;
            rows = null;
        } else if (m instanceof BackendMessage.ErrorResponse e) {
            error = e.toError();
            if (error.severity().equals("FATAL") || error.severity().equals("PANIC")) {
                Pending p = current;
                current = null;
                QueryResult r = new QueryResult(results, error);
                state = State.CLOSED;
                outbox.closeAfterFlush();
                client.traceResult(this, r);
                p.callback().accept(r);
                broken(error.message());
            }
        } else if (m instanceof BackendMessage.ReadyForQuery z) {
            transactionStatus = z.status();
            Pending p = current;
            current = null;
            state = State.READY;
            QueryResult r = new QueryResult(results, error);
            client.traceResult(this, r);
            p.callback().accept(r);
            sendNext();
        }
    }

    private void fail(DbError e) {
        Consumer<DbError> cb = onStartupError;
        onReady = null;
        onStartupError = null;
        state = State.CLOSED;
        outbox.closeAfterFlush();
        if (cb != null) {
            cb.accept(e);
        }
    }

    /** Marks the connection dead and fails whatever was waiting on it. */
    private void broken(String why) {
        boolean starting = state == State.STARTING || state == State.SSL_NEGOTIATION;
        state = State.CLOSED;
        if (starting && onStartupError != null) {
            fail(DbError.connectionFailure(why));
            return;
        }
        List<Pending> victims = new ArrayList<>();
        if (current != null) {
            victims.add(current);
            current = null;
        }
        victims.addAll(pending);
        pending.clear();
        for (Pending p : victims) {
            p.callback().accept(QueryResult.failed(DbError.connectionFailure(why)));
        }
    }
}
