package dev.minternet.services.db;

import dev.minternet.services.db.BackendMessage.Field;
import java.util.List;

/**
 * The outcome of one simple Query: the results of the statements that ran, in order, and the
 * error that stopped the rest, if any. A query string without statements gives no results and no
 * error (EmptyQueryResponse).
 */
public record QueryResult(List<StatementResult> statements, DbError error) {
    public QueryResult {
        statements = List.copyOf(statements);
    }

    public static QueryResult failed(DbError error) {
        return new QueryResult(List.of(), error);
    }

    public boolean ok() {
        return error == null;
    }

    public boolean isEmptyQuery() {
        return statements.isEmpty() && error == null;
    }

    /** The last row-returning statement, or null. */
    public StatementResult lastRows() {
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (statements.get(i).returnsRows()) {
                return statements.get(i);
            }
        }
        return null;
    }

    /** Columns of the last row-returning statement (empty if none). */
    public List<Field> fields() {
        StatementResult r = lastRows();
        return r == null ? List.of() : r.fields();
    }

    /** Rows of the last row-returning statement (empty if none). */
    public List<List<String>> rows() {
        StatementResult r = lastRows();
        return r == null ? List.of() : r.rows();
    }

    /** Rows returned plus rows affected, over all statements: what the per-row service time counts. */
    public long rowsTouched() {
        long n = 0;
        for (StatementResult s : statements) {
            if (s.returnsRows()) {
                n += s.rows().size();
            } else {
                n += affected(s.tag());
            }
        }
        return n;
    }

    /** The trailing count of a tag like "UPDATE 3" or "INSERT 0 2"; 0 for tags without one. */
    static long affected(String tag) {
        int sp = tag.lastIndexOf(' ');
        if (sp < 0) {
            return 0;
        }
        try {
            return Long.parseLong(tag.substring(sp + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
