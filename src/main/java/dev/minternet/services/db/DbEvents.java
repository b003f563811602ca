package dev.minternet.services.db;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code db}: the database server's sessions and queries. */
public final class DbEvents {
    private DbEvents() {
    }

    public static final Catalog CATALOG = new Catalog("db",
            "The PostgreSQL-speaking database server over H2 (services.db.DatabaseServer): sessions, a query queue, executors.");

    public static final Field<Long> CONN = Field.integer("conn", Unit.NONE, "the server's connection number");
    public static final Field<String> USER = Field.text("user", "the role from the startup message");
    public static final Field<String> DATABASE = Field.text("database", "the database from the startup message");
    public static final Field<Long> PID = Field.integer("pid", Unit.NONE, "the backend's process id (BackendKeyData)");
    public static final Field<String> SQL = Field.text("sql", "the query text");
    public static final Field<Long> WAIT_NS = Field.integer("wait_ns", Unit.NANOSECONDS, "time the query waited for an executor");
    public static final Field<String> TAG = Field.text("tag", "the command tag (SELECT 3, INSERT 0 1, EMPTY); absent when the query failed");
    public static final Field<String> ERROR = Field.text("error", "the SQLSTATE of the failure; absent when the query succeeded");
    public static final Field<Long> ROWS = Field.integer("rows", Unit.COUNT, "rows the query touched");
    public static final Field<Long> SERVICE_NS = Field.integer("service_ns", Unit.NANOSECONDS, "the query's modelled service time");
    public static final Field<Boolean> CANCELLED = Field.flag("cancelled", "the query was still queued and is cancelled (57014)");
    public static final Field<String> CODE = Field.text("code", "the SQLSTATE sent with FATAL");
    public static final Field<String> MESSAGE = Field.text("message", "the FATAL error's message");

    public static final EventType CONNECT = CATALOG.event("connect", "a session starts (authentication done)", CONN, USER, DATABASE, PID);
    public static final EventType QUERY = CATALOG.event("query", "a simple query arrives and is queued", CONN, SQL);
    public static final EventType QUERY_START = CATALOG.event("query-start", "an executor takes the query", CONN, WAIT_NS);
    public static final EventType QUERY_DONE = CATALOG.event("query-done", "the query finished (tag, or error when it failed)",
            CONN, TAG.optional(), ERROR.optional(), ROWS, SERVICE_NS);
    public static final EventType CANCEL = CATALOG.event("cancel", "a CancelRequest names this session", CONN, PID, CANCELLED);
    public static final EventType FATAL = CATALOG.event("fatal", "the server refuses the session and closes it", CONN, CODE, MESSAGE);
    public static final EventType DISCONNECT = CATALOG.event("disconnect", "the session ended", CONN);
}
