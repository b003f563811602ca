package dev.minternet.services.db;

import dev.minternet.services.db.BackendMessage.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one SQL statement produced: for a row-returning statement the columns (RowDescription)
 * and rows (DataRows, text values, null for SQL NULL); always the command tag (CommandComplete).
 *
 * @param fields null when the statement returns no rows (INSERT, CREATE...); possibly empty
 *     for a SELECT of no columns
 */
record StatementResult(List<Field> fields, List<List<String>> rows, String tag) {
    public StatementResult {
        fields = fields == null ? null : List.copyOf(fields);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> r : rows) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(r)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /** A statement with no result rows, e.g. "INSERT 0 1". */
    public static StatementResult command(String tag) {
        return new StatementResult(null, List.of(), tag);
    }

    public boolean returnsRows() {
        return fields != null;
    }

    /** Column names in order. */
    public List<String> columnNames() {
        List<String> names = new ArrayList<>();
        if (fields != null) {
            for (Field f : fields) {
                names.add(f.name());
            }
        }
        return names;
    }
}
