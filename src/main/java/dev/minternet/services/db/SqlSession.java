package dev.minternet.services.db;

import dev.minternet.services.db.BackendMessage.Field;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One backend session: a JDBC connection to the server's H2 database plus PostgreSQL's
 * transaction-block rules, which the simple query protocol exposes through ReadyForQuery's status.
 *
 * <p>What runs how (PostgreSQL documentation, "Simple Query" and "Multiple Statements in a Simple
 * Query"):
 * <ul>
 *   <li>statements run in order; the first error stops the rest;
 *   <li>BEGIN / START TRANSACTION open a block, COMMIT / END and ROLLBACK / ABORT close it; inside a
 *       block an error makes the block failed: every statement but COMMIT/ROLLBACK then fails with
 *       25P02 and COMMIT rolls back (tag "ROLLBACK");
 *   <li>several statements sent in one Query outside a block form one implicit transaction, rolled
 *       back if one fails, unless the string itself contains transaction control, in which case
 *       each statement outside a block commits on its own (a simplification);
 *   <li>statements calling random functions, or clock functions when the server has no simulated
 *       date, are refused with 0A000 (see {@link SqlText}); with a date, now() and friends read it;
 *   <li>statements {@link SqlSandbox} refuses (Java aliases, file functions, linked tables...) get
 *       42501 insufficient_privilege, as a PostgreSQL role that is not a superuser would;
 *   <li>{@code SHOW name} for a parameter the server reported in ParameterStatus answers its value
 *       (column named as PostgreSQL names it, e.g. {@code SHOW timezone} gives "TimeZone").
 * </ul>
 */
final class SqlSession implements AutoCloseable {
    private final Connection conn;
    private final Map<String, String> parameters;
    private boolean inBlock;
    private boolean failed;

    SqlSession(Connection conn) {
        this(conn, Map.of());
    }

    /** @param parameters what the server reported in ParameterStatus, for SHOW */
    SqlSession(Connection conn, Map<String, String> parameters) {
        this.conn = conn;
        this.parameters = parameters;
    }

    /** ReadyForQuery status: 'I', 'T' or 'E'. */
    char transactionStatus() {
        return failed ? PgProtocol.TX_FAILED : inBlock ? PgProtocol.TX_IN_BLOCK : PgProtocol.TX_IDLE;
    }

    QueryResult execute(String sql) {
        return execute(sql, null);
    }

    /**
     * Runs a simple query. With {@code now} (the simulated date), PostgreSQL's clock functions
     * read it ({@link SqlText#withSimulatedClock}); without, they are refused like random().
     */
    QueryResult execute(String sql, Instant now) {
        List<SqlText.Statement> stmts = SqlText.split(sql);
        List<StatementResult> results = new ArrayList<>();
        boolean implicit = !inBlock && stmts.size() > 1 && stmts.stream().noneMatch(SqlSession::isTransactionControl);
        try {
            if (implicit) {
                conn.setAutoCommit(false);
            }
            for (SqlText.Statement st : stmts) {
                DbError err;
                try {
                    results.add(run(st, now));
                    continue;
                } catch (SQLException e) {
                    err = H2Errors.toPg(e);
                } catch (RefusedException e) {
                    err = e.error;
                }
                if (implicit) {
                    conn.rollback();
                    conn.setAutoCommit(true);
                } else if (inBlock) {
                    failed = true;
                }
                return new QueryResult(results, err);
            }
            if (implicit) {
                conn.commit();
                conn.setAutoCommit(true);
            }
            return new QueryResult(results, null);
        } catch (SQLException e) {
            return new QueryResult(results, H2Errors.toPg(e));
        }
    }

    private static boolean isTransactionControl(SqlText.Statement st) {
        return switch (st.word(0)) {
            case "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT" -> true;
            default -> false;
        };
    }

    private static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;
        final transient DbError error;

        RefusedException(DbError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    private StatementResult run(SqlText.Statement st, Instant now) throws SQLException, RefusedException {
        String w0 = st.word(0);
        boolean savepointRollback = w0.equals("ROLLBACK") && st.word(1).equals("TO")
                || w0.equals("ROLLBACK") && st.word(2).equals("TO");
        if (!savepointRollback) {
            switch (w0) {
                case "BEGIN":
                case "START":
                    if (!failed && !inBlock) {
                        conn.setAutoCommit(false);
                        inBlock = true;
                    }
                    // PostgreSQL only warns when a block is already open
                    return StatementResult.command(w0.equals("BEGIN") ? "BEGIN" : "START TRANSACTION");
                case "COMMIT":
                case "END": {
                    boolean wasFailed = failed;
                    endBlock(!wasFailed);
                    return StatementResult.command(wasFailed ? "ROLLBACK" : "COMMIT");
                }
                case "ROLLBACK":
                case "ABORT":
                    endBlock(false);
                    return StatementResult.command("ROLLBACK");
                default:
                    break;
            }
        }
        if (failed) {
            throw new RefusedException(new DbError("ERROR", PgProtocol.IN_FAILED_TRANSACTION,
                    "current transaction is aborted, commands ignored until end of transaction block"));
        }
        SqlSandbox.Refusal refusal = SqlSandbox.check(st);
        if (refusal != null) {
            throw new RefusedException(new DbError("ERROR", PgProtocol.INSUFFICIENT_PRIVILEGE, refusal.inSession()));
        }
        StatementResult shown = show(st);
        if (shown != null) {
            return shown;
        }
        String call = SqlText.nondeterministicCall(st, now != null);
        if (call != null) {
            throw new RefusedException(new DbError("ERROR", PgProtocol.FEATURE_NOT_SUPPORTED,
                    call + " reads the host clock or randomness and is not available in a deterministic simulation"));
        }
        try (Statement s = conn.createStatement()) {
            if (s.execute(now == null ? st.sql() : SqlText.withSimulatedClock(st, now))) {
                try (ResultSet rs = s.getResultSet()) {
                    return rows(st, rs);
                }
            }
            return StatementResult.command(SqlText.tag(st, Math.max(0, s.getLargeUpdateCount())));
        }
    }

    /** {@code SHOW name} of a reported parameter, as PostgreSQL answers it; null for anything else. */
    private StatementResult show(SqlText.Statement st) {
        if (!st.word(0).equals("SHOW") || st.words().size() != 2) {
            return null;
        }
        String asked = st.words().get(1).text();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            if (p.getKey().equalsIgnoreCase(asked)) {
                PgType text = PgType.TEXT;
                Field f = new Field(p.getKey(), 0, 0, text.oid(), text.size(), -1, 0);
                return new StatementResult(List.of(f), List.of(List.of(p.getValue())), "SHOW");
            }
        }
        return null;
    }

    private void endBlock(boolean commit) throws SQLException {
        if (inBlock) {
            if (commit) {
                conn.commit();
            } else {
                conn.rollback();
            }
            conn.setAutoCommit(true);
        }
        inBlock = false;
        failed = false;
    }

    private static StatementResult rows(SqlText.Statement st, ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        PgType[] types = new PgType[n];
        List<Field> fields = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            PgType t = H2Types.type(md, i);
            types[i - 1] = t;
            fields.add(new Field(md.getColumnLabel(i), 0, 0, t.oid(), t.size(), H2Types.typeModifier(md, i, t), 0));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(H2Types.text(rs, i, types[i - 1]));
            }
            rows.add(row);
        }
        String verb = SqlText.verb(st);
        String tag = switch (verb) {
            case "INSERT" -> "INSERT 0 " + rows.size();
            case "UPDATE", "DELETE", "MERGE" -> verb + " " + rows.size();
            case "SHOW" -> "SHOW";
            default -> "SELECT " + rows.size();
        };
        return new StatementResult(fields, rows, tag);
    }

    @Override
    public void close() {
        try {
            conn.close();
        } catch (SQLException ignored) {
            // nothing to recover: the session is going away
        }
    }
}
