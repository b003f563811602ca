package dev.minternet.services.app;

import dev.minternet.services.db.BackendMessage.Field;
import dev.minternet.services.db.ConnectionPool;
import dev.minternet.services.db.DbError;
import dev.minternet.services.db.PgType;
import dev.minternet.services.db.QueryResult;
import dev.minternet.trace.Trace;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The application server's request handling, independent of HTTP: {@link #handle} takes a method
 * and a path and answers through a callback with status, content type and body, so any HTTP
 * server (or a test) can drive it. Each request is a job on the {@link WorkerPool}: it spends
 * {@code cpuNs} of CPU time, then (for a query route) runs its SQL through the database
 * {@link ConnectionPool} while still holding its worker, renders the rows as JSON, and frees
 * the worker.
 *
 * <p>Answers: 200 with a JSON array of row objects (keys in column order; integer, numeric and
 * float columns as JSON numbers, booleans as true/false, SQL NULL as null, everything else as
 * strings); 404 for an unknown path; 405 for a method other than GET on a known path; 503 when
 * the worker queue is full; 500 with the SQLSTATE when the query fails.
 */
public final class ApiServer {
    /** The media type of every answer. */
    public static final String JSON = "application/json";

    /** Receives the answer to one request. */
    @FunctionalInterface
    public interface Responder {
        void respond(int status, String contentType, byte[] body);
    }

    private final Trace trace;
    private final String node;
    private final WorkerPool workers;
    private final ConnectionPool db;
    private final long cpuNs;
    private final Map<String, String> queryRoutes = new LinkedHashMap<>();
    private ResponseCache cache;
    private GraphqlApi graphql;

    /**
     * @param trace may be null
     * @param cpuNs CPU time each request spends on its worker besides waiting for the database
     */
    public ApiServer(Trace trace, String node, WorkerPool workers, ConnectionPool db, long cpuNs) {
        this.trace = trace;
        this.node = node;
        this.workers = workers;
        this.db = db;
        this.cpuNs = cpuNs;
    }

    /** An API server with the standard route {@code GET /api/users}. */
    public static ApiServer withUsersRoute(Trace trace, String node, WorkerPool workers, ConnectionPool db, long cpuNs) {
        ApiServer s = new ApiServer(trace, node, workers, db, cpuNs);
        s.addQueryRoute("/api/users", USERS_SQL);
        return s;
    }

    /** The path of the users route. */
    public static final String USERS = "/api/users";

    /** The query behind {@code GET /api/users}. */
    public static final String USERS_SQL = "SELECT id, name, email FROM users ORDER BY id";

    /** Serves {@code GET path} with the rows of {@code sql} as a JSON array. */
    public void addQueryRoute(String path, String sql) {
        queryRoutes.put(path, sql);
    }

    /**
     * Caches the answers of the query routes in Redis (cache-aside, key {@code cache:PATH}): a hit
     * answers without asking the database; null turns caching off.
     */
    public ApiServer cache(ResponseCache c) {
        this.cache = c;
        return this;
    }

    /** Serves {@code POST /graphql} with {@code g} (null: no GraphQL endpoint). */
    public ApiServer graphql(GraphqlApi g) {
        this.graphql = g;
        return this;
    }

    public WorkerPool workers() {
        return workers;
    }

    /** Handles one request; {@code path} may carry a query string, which is ignored. */
    public void handle(String method, String path, Responder responder) {
        handle(method, path, null, new byte[0], responder);
    }

    /**
     * Handles one request with its {@code Accept} header (null when absent) and its body: besides
     * the query routes, {@code GET /api/users/ID} (one user, in the media type {@link
     * Representations#choose} picks; 406 when none is acceptable; 404 when there is no such
     * user) and, when {@link #graphql} is set, {@code POST /graphql}. {@code /api/users} also
     * answers in XML or protobuf when asked (without the cache, which holds JSON).
     */
    public void handle(String method, String path, String accept, byte[] body, Responder responder) {
        int q = path.indexOf('?');
        String p = q < 0 ? path : path.substring(0, q);
        if (graphql != null && p.equals("/graphql")) {
            if (!method.equals("POST")) {
                respond(responder, 405, error("method not allowed", method + " (POST a JSON body)"));
                return;
            }
            boolean ok = workers.submit(w -> w.compute(cpuNs, () -> graphql.execute(body, (status, out) -> {
                w.finish();
                respond(responder, status, JSON, out);
            })));
            if (!ok) {
                respond(responder, 503, error("server busy", "worker queue full"));
            }
            return;
        }
        String one = p.startsWith(USERS + "/") ? p.substring(USERS.length() + 1) : null;
        if (one != null && queryRoutes.containsKey(USERS) && one.matches("[0-9]{1,18}")) {
            negotiated(method, accept, USERS_SQL.replace(" ORDER BY id", " WHERE id = " + Long.parseLong(one)), true, responder);
            return;
        }
        String type = Representations.choose(accept);
        if (p.equals(USERS) && queryRoutes.get(p) != null && !JSON.equals(type)) {
            negotiated(method, accept, queryRoutes.get(p), false, responder);
            return;
        }
        String sql = queryRoutes.get(p);
        if (sql == null) {
            respond(responder, 404, error("not found", p));
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            respond(responder, 405, error("method not allowed", method));
            return;
        }
        boolean accepted = workers.submit(w -> w.compute(cpuNs, () -> {
            if (cache == null) {
                query(w, sql, responder, null);
                return;
            }
            cache.get("cache:" + p, cached -> {
                w.finish();
                respond(responder, 200, cached);
            }, store -> query(w, sql, responder, store));
        }));
        if (!accepted) {
            respond(responder, 503, error("server busy", "worker queue full"));
        }
    }

    /** A users route answered in the negotiated media type. */
    private void negotiated(String method, String accept, String sql, boolean single, Responder responder) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            respond(responder, 405, error("method not allowed", method));
            return;
        }
        String type = Representations.choose(accept);
        if (type == null) {
            respond(responder, 406, error("not acceptable", "available: " + String.join(", ", Representations.TYPES)));
            return;
        }
        boolean accepted = workers.submit(w -> w.compute(cpuNs, () -> db.query(sql, r -> {
            w.finish();
            if (!r.ok()) {
                respond(responder, 500, dbError(r.error()));
            } else if (single && r.rows().isEmpty()) {
                respond(responder, 404, error("not found", "no such user"));
            } else {
                respond(responder, 200, type, Representations.render(r, type, single));
            }
        })));
        if (!accepted) {
            respond(responder, 503, error("server busy", "worker queue full"));
        }
    }

    /** Runs {@code sql}, frees the worker and answers; a successful answer goes to {@code store} too. */
    private void query(WorkerPool.Worker w, String sql, Responder responder, Consumer<byte[]> store) {
        db.query(sql, r -> {
            int status = r.ok() ? 200 : 500;
            byte[] body = (r.ok() ? rowsJson(r) : dbError(r.error())).getBytes(StandardCharsets.UTF_8);
            w.finish();
            respond(responder, status, body);
            if (store != null && r.ok()) {
                store.accept(body);
            }
        });
    }

    private void respond(Responder r, int status, String body) {
        respond(r, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private void respond(Responder r, int status, byte[] bytes) {
        respond(r, status, JSON, bytes);
    }

    private void respond(Responder r, int status, String type, byte[] bytes) {
        if (trace != null && trace.enabled()) {
            trace.emit(node, AppEvents.RESPONSE, status, bytes.length);
        }
        r.respond(status, type, bytes);
    }

    /** The rows of the last row-returning statement as a JSON array of objects. */
    public static String rowsJson(QueryResult r) {
        List<Field> fields = r.fields();
        Json j = new Json().beginArray();
        for (List<String> row : r.rows()) {
            j.beginObject();
            for (int i = 0; i < fields.size(); i++) {
                j.name(fields.get(i).name());
                String v = row.get(i);
                PgType t = PgType.ofOid(fields.get(i).typeOid());
                if (v == null) {
                    j.nullValue();
                } else if (t == PgType.BOOL) {
                    j.bool(v.equals("t"));
                } else if (t != null && t.isNumeric()) {
                    j.number(v);
                } else {
                    j.string(v);
                }
            }
            j.endObject();
        }
        return j.endArray().toString();
    }

    private static String error(String what, String detail) {
        return new Json().beginObject().name("error").string(what).name("detail").string(detail).endObject().toString();
    }

    private static String dbError(DbError e) {
        return new Json().beginObject().name("error").string("database error").name("code").string(e.code())
                .name("message").string(e.message()).endObject().toString();
    }
}
