package dev.minternet.services.db;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code db-client}: an application's database connections and queries. */
public final class DbClientEvents {
    private DbClientEvents() {
    }

    public static final Catalog CATALOG = new Catalog("db-client",
            "The application's PostgreSQL client (services.db.DatabaseClient): connections, queries, results, cancels.");

    public static final Field<String> USER = Field.text("user", "the role it logs in as");
    public static final Field<String> DATABASE = Field.text("database", "the database it opens");
    public static final Field<Long> PID = Field.integer("pid", Unit.NONE, "the server backend's process id");
    public static final Field<String> SQL = Field.text("sql", "the query text");
    public static final Field<Long> ROWS = Field.integer("rows", Unit.COUNT, "rows returned; absent when the query failed");
    public static final Field<String> ERROR = Field.text("error", "the SQLSTATE of the failure; absent when the query succeeded");

    public static final EventType CONNECT = CATALOG.event("connect", "a connection is opened", USER, DATABASE);
    public static final EventType READY = CATALOG.event("ready", "the server's first ReadyForQuery: the connection can be used", PID);
    public static final EventType CANCEL = CATALOG.event("cancel", "a CancelRequest is sent for the session", PID);
    public static final EventType QUERY = CATALOG.event("query", "a query is sent", PID, SQL);
    public static final EventType RESULT = CATALOG.event("result", "its result arrived (rows, or error when it failed)", PID, ROWS.optional(), ERROR.optional());
}
