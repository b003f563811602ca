package dev.minternet.services.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.http.grpc.GrpcServer;
import dev.minternet.http.grpc.GrpcStatus;
import dev.minternet.http.grpc.ProtoFile;
import dev.minternet.http.grpc.ServerCall;
import dev.minternet.node.Node;
import dev.minternet.services.db.ConnectionPool;
import dev.minternet.services.db.DatabaseClient;
import dev.minternet.services.db.QueryResult;
import dev.minternet.sim.Simulator;
import dev.minternet.tls.TlsIdentity;
import dev.minternet.transport.tcp.TcpStreamSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code users.Users} service of the shipped {@code users.proto}, over the application's
 * {@code users} table (id, name, email) in the PostgreSQL-speaking database: one method of each
 * kind gRPC has.
 *
 * <table>
 *   <caption>Methods and the statuses they end with</caption>
 *   <tr><th>method</th><th>kind</th><th>statuses</th></tr>
 *   <tr><td>Get</td><td>unary</td><td>OK, INVALID_ARGUMENT (id not positive), NOT_FOUND</td></tr>
 *   <tr><td>List</td><td>server streaming</td><td>OK, INVALID_ARGUMENT (negative limit)</td></tr>
 *   <tr><td>Create</td><td>client streaming</td><td>OK with a summary, INVALID_ARGUMENT (no id or name), ALREADY_EXISTS</td></tr>
 *   <tr><td>Lookup</td><td>bidirectional</td><td>OK, INVALID_ARGUMENT, NOT_FOUND (the first unknown id ends the call)</td></tr>
 * </table>
 * Every method answers UNAVAILABLE when the database cannot be reached, and each request waits
 * {@code delay} of simulated time before its query (0 by default): a slow backend, to show
 * deadlines. Requests of a stream are handled one at a time, in order.
 */
public final class UsersService {
    /** users.proto, read once. */
    public static final FileDescriptor FILE = ProtoFile.builtin(ProtoFile.USERS);
    public static final ServiceDescriptor SERVICE = FILE.findServiceByName("Users");
    static final Descriptor USER = FILE.findMessageTypeByName("User");
    static final Descriptor SUMMARY = FILE.findMessageTypeByName("CreateSummary");

    private final Simulator sim;
    private final ConnectionPool db;
    private final long delayNs;

    public UsersService(Simulator sim, ConnectionPool db, long delayNs) {
        this.sim = sim;
        this.db = db;
        this.delayNs = delayNs;
    }

    /**
     * A gRPC server on {@code port} of {@code node} (TLS with ALPN h2 when {@code identities} is not
     * empty, else h2c) serving Users and server reflection, querying the database at
     * {@code dbAddress:dbPort} through a pool of {@code poolSize} connections.
     */
    public static GrpcServer serve(Node node, int port, List<TlsIdentity> identities, int dbAddress, int dbPort, int poolSize,
            long delayNs) {
        DatabaseClient dbc = new DatabaseClient(node.sim(), node.trace(), node.name(), cb ->
                TcpStreamSocket.connect(node.tcp(), dbAddress, dbPort, TcpStreamSocket.noDelay(node.tcp()), cb::connected, cb::failed),
                "app", "app", "minternet-grpc");
        GrpcServer server = new GrpcServer(node.sim(), node.trace(), node.name());
        new UsersService(node.sim(), new ConnectionPool(dbc, poolSize), delayNs).register(server);
        server.reflection();
        Endpoints.serveStreams(node, port, identities, List.of("h2"), server::serve);
        return server;
    }

    /** Adds the service's four methods to {@code server}. */
    public void register(GrpcServer server) {
        Map<String, GrpcServer.Handler> m = new LinkedHashMap<>();
        m.put("Get", call -> new Serial(call, this::get));
        m.put("List", call -> new Serial(call, this::list));
        m.put("Create", call -> new Creating(call));
        m.put("Lookup", call -> new Serial(call, this::get));
        server.add(SERVICE, m);
    }

    /** One request of a call: its message, and the callback that says the call may go on. */
    private interface Step {
        void run(ServerCall call, DynamicMessage request, Runnable next);
    }

    /** Get and Lookup: one user by id. */
    private void get(ServerCall call, DynamicMessage req, Runnable next) {
        long id = (Long) field(req, "id");
        if (id <= 0) {
            call.close(GrpcStatus.INVALID_ARGUMENT, "id must be positive, got " + id);
            return;
        }
        query(call, null, "SELECT id, name, email FROM users WHERE id = " + id, r -> {
            if (r.rows().isEmpty()) {
                call.close(GrpcStatus.NOT_FOUND, "user " + id + " not found");
                return;
            }
            call.send(user(r.rows().get(0)));
            next.run();
        });
    }

    /** List: every user, in id order. */
    private void list(ServerCall call, DynamicMessage req, Runnable next) {
        int limit = (Integer) field(req, "limit");
        if (limit < 0) {
            call.close(GrpcStatus.INVALID_ARGUMENT, "limit must not be negative, got " + limit);
            return;
        }
        query(call, null, "SELECT id, name, email FROM users ORDER BY id" + (limit > 0 ? " LIMIT " + limit : ""), r -> {
            for (List<String> row : r.rows()) {
                call.send(user(row));
            }
            next.run();
        });
    }

    /** Runs {@code sql} (a unique-key violation: ALREADY_EXISTS with {@code duplicate}) after the service's delay; a failure ends the call with UNAVAILABLE or INTERNAL. */
    private void query(ServerCall call, String duplicate, String sql, Consumer<QueryResult> ok) {
        Runnable q = () -> {
            if (call.isDone()) {
                return; // the deadline passed or the client went away while we waited
            }
            db.query(sql, r -> {
                if (call.isDone()) {
                    return;
                }
                if (r.ok()) {
                    ok.accept(r);
                } else if (r.error().code().startsWith("08")) {
                    call.close(GrpcStatus.UNAVAILABLE, "database unavailable: " + r.error().message());
                } else if (r.error().code().equals("23505")) {
                    call.close(GrpcStatus.ALREADY_EXISTS, duplicate == null ? r.error().message() : duplicate);
                } else {
                    call.close(GrpcStatus.INTERNAL, "database error " + r.error().code() + ": " + r.error().message());
                }
            });
        };
        if (delayNs > 0) {
            sim.schedule(delayNs, q);
        } else {
            q.run();
        }
    }

    static DynamicMessage user(List<String> row) {
        return DynamicMessage.newBuilder(USER).setField(USER.findFieldByName("id"), Long.parseLong(row.get(0)))
                .setField(USER.findFieldByName("name"), row.get(1) == null ? "" : row.get(1))
                .setField(USER.findFieldByName("email"), row.get(2) == null ? "" : row.get(2)).build();
    }

    static Object field(DynamicMessage m, String name) {
        return m.getField(m.getDescriptorForType().findFieldByName(name));
    }

    /** SQL's string literal: quotes doubled (RFC-less, ISO SQL). */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * Takes a call's requests one at a time, in order: each runs its step, and the next starts
     * when the step says so; the client's half-close ends the call with OK once all are done.
     */
    private static class Serial implements ServerCall.Listener {
        final ServerCall call;
        private final Step step;
        private final ArrayDeque<DynamicMessage> queue = new ArrayDeque<>();
        private boolean busy;
        private boolean halfClosed;

        Serial(ServerCall call, Step step) {
            this.call = call;
            this.step = step;
            call.listen(this);
        }

        @Override
        public void onMessage(DynamicMessage m) {
            queue.add(m);
            drain();
        }

        @Override
        public void onHalfClose() {
            halfClosed = true;
            drain();
        }

        private void drain() {
            if (busy || call.isDone()) {
                return;
            }
            DynamicMessage m = queue.poll();
            if (m != null) {
                busy = true;
                handle(m, () -> {
                    busy = false;
                    drain();
                });
            } else if (halfClosed) {
                finish();
            }
        }

        void handle(DynamicMessage m, Runnable next) {
            step.run(call, m, next);
        }

        void finish() {
            call.close(GrpcStatus.OK, "");
        }
    }

    /** Create: inserts each user as it arrives; the summary goes out after the client's half-close. */
    private final class Creating extends Serial {
        private final List<Long> ids = new ArrayList<>();

        Creating(ServerCall call) {
            super(call, null);
        }

        @Override
        void handle(DynamicMessage u, Runnable next) {
            ServerCall c = call;
            long id = (Long) field(u, "id");
            String name = (String) field(u, "name");
            if (id <= 0 || name.isBlank()) {
                c.close(GrpcStatus.INVALID_ARGUMENT, "a user needs a positive id and a name");
                return;
            }
            String sql = "INSERT INTO users (id, name, email) VALUES (" + id + ", " + literal(name) + ", "
                    + literal((String) field(u, "email")) + ")";
            query(c, "user " + id + " already exists", sql, r -> {
                ids.add(id);
                next.run();
            });
        }

        @Override
        void finish() {
            DynamicMessage.Builder b = DynamicMessage.newBuilder(SUMMARY).setField(SUMMARY.findFieldByName("created"), ids.size());
            for (Long id : ids) {
                b.addRepeatedField(SUMMARY.findFieldByName("ids"), id);
            }
            call.send(b.build());
            call.close(GrpcStatus.OK, "");
        }
    }
}
